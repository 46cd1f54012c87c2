/**
 * NETWORK_ADMINS: the people a fresh install trusts, so it is usable at once. They are
 * confirmed with their role on first contact, and confirm everyone else.
 *
 * Syntax: entries separated by commas (or semicolons / spaces), each
 *   <Entra object id | email>[=secretariat | =cochair[:AGENCY]]
 * - `secretariat` (the default): a member of the secretariat agency (RCO);
 * - `cochair`: the focal point of AGENCY (default RCO, i.e. the Resident Coordinator), so a
 *   co-chair while AGENCY co-chairs (permanently for RCO and IOM).
 * Example: `rc@un.org=cochair, 5f0c…-…=cochair:IOM, officer@un.org`.
 */
export type AdminRole = 'secretariat' | 'cochair';

export interface NetworkAdmin {
  /** Lower-cased Entra object id, or undefined when named by email. */
  readonly aadObjectId?: string;
  /** Lower-cased email, or undefined when named by object id. */
  readonly email?: string;
  readonly role: AdminRole;
  /** Agency code for a co-chair; undefined means the secretariat agency (RCO). */
  readonly agencyCode?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const EMAIL = /^[^\s@,;=]+@[^\s@,;=]+\.[^\s@,;=]+$/;
const AGENCY_CODE = /^[A-Z][A-Z0-9-]{1,15}$/;

/** Parsed entries, and a message for each entry that does not fit the syntax. */
export function parseNetworkAdmins(value: string | undefined): { readonly admins: NetworkAdmin[]; readonly problems: string[] } {
  const admins: NetworkAdmin[] = [];
  const problems: string[] = [];
  for (const entry of (value ?? '').split(/[,;\s]+/).filter((part) => part !== '')) {
    const [who = '', spec, ...extra] = entry.split('=');
    const [roleText = 'secretariat', agencyText, ...moreAgency] = (spec ?? 'secretariat').split(':');
    const role = roleText.toLowerCase();
    const identity = GUID.test(who) ? { aadObjectId: who.toLowerCase() } : EMAIL.test(who) ? { email: who.toLowerCase() } : undefined;
    if (!identity) {
      problems.push(`"${entry}": start with an Entra object id (GUID) or an email address`);
      continue;
    }
    if (extra.length > 0 || moreAgency.length > 0 || (role !== 'secretariat' && role !== 'cochair')) {
      problems.push(`"${entry}": the role must be secretariat or cochair[:AGENCY], e.g. ${who}=cochair:IOM`);
      continue;
    }
    if (agencyText !== undefined && (role !== 'cochair' || !AGENCY_CODE.test(agencyText.toUpperCase()))) {
      problems.push(`"${entry}": only a co-chair names an agency, as an agency code (cochair:IOM)`);
      continue;
    }
    admins.push({ ...identity, role, ...(agencyText ? { agencyCode: agencyText.toUpperCase() } : {}) });
  }
  return { admins, problems };
}

/** The admin entry naming this person, by object id first, then by email. */
export function findAdmin(admins: readonly NetworkAdmin[], aadObjectId: string, email: string | undefined): NetworkAdmin | undefined {
  const id = aadObjectId.toLowerCase();
  const mail = email?.toLowerCase();
  return admins.find((admin) => admin.aadObjectId === id) ?? (mail ? admins.find((admin) => admin.email === mail) : undefined);
}
