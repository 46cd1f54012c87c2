/**
 * NETWORK_ADMINS: the people a fresh install trusts, so it is usable at once. They are
 * confirmed with their role on first contact, and confirm everyone else.
 *
 * Syntax: entries separated by commas (or semicolons / spaces), each
 *   [<tenant id>/]<Entra object id>[=secretariat | =cochair[:AGENCY]]
 * - `secretariat` (the default): a member of the secretariat agency (RCO) holding the
 *   secretariat grant;
 * - `cochair`: the focal point of AGENCY (default RCO, i.e. the Resident Coordinator), so a
 *   co-chair while AGENCY co-chairs (permanently for RCO and IOM).
 * Example: `72f988bf-…/5f0c…=cochair, 5f0c…=cochair:IOM, 9a1b…`.
 *
 * People are named by object id only. The network's members sit in separate agency tenants,
 * and an `email` / `preferred_username` / `upn` claim is whatever the issuing tenant says: any
 * allowed tenant can put `rc@un.org` in a token, so an email never makes anyone an admin. With
 * a tenant id, the entry matches only a person of that tenant.
 */
export type AdminRole = 'secretariat' | 'cochair';

export interface NetworkAdmin {
  /** Lower-cased Entra object id. */
  readonly aadObjectId: string;
  /** Lower-cased tenant id; undefined matches the object id in any allowed tenant. */
  readonly tenantId?: string;
  readonly role: AdminRole;
  /** Agency code for a co-chair; undefined means the secretariat agency (RCO). */
  readonly agencyCode?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const EMAIL = /^[^\s@,;=]+@[^\s@,;=]+\.[^\s@,;=]+$/;
const AGENCY_CODE = /^[A-Z][A-Z0-9-]{1,15}$/;

/** Where an operator finds the object id to write instead of an address. */
export const OBJECT_ID_HINT =
  'find the object id in the Entra admin centre › Users › the person › Object ID, or ask the person to write "profil" (or "profile") to the bot: their card shows their object id and tenant id';

/** Parsed entries, and a message for each entry that does not fit the syntax. */
export function parseNetworkAdmins(value: string | undefined): { readonly admins: NetworkAdmin[]; readonly problems: string[] } {
  const admins: NetworkAdmin[] = [];
  const problems: string[] = [];
  for (const entry of (value ?? '').split(/[,;\s]+/).filter((part) => part !== '')) {
    const [who = '', spec, ...extra] = entry.split('=');
    const [roleText = 'secretariat', agencyText, ...moreAgency] = (spec ?? 'secretariat').split(':');
    const role = roleText.toLowerCase();
    if (EMAIL.test(who)) {
      problems.push(`"${entry}": name people by Entra object id, not by email — an email claim can be set by any tenant, so it cannot make anyone an admin; ${OBJECT_ID_HINT}`);
      continue;
    }
    const parts = who.split('/');
    const [tenantText, objectText] = parts.length === 2 ? parts : [undefined, parts[0]];
    if (parts.length > 2 || !objectText || !GUID.test(objectText) || (tenantText !== undefined && !GUID.test(tenantText))) {
      problems.push(`"${entry}": start with an Entra object id (GUID), optionally after its tenant id (tenantId/objectId); ${OBJECT_ID_HINT}`);
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
    admins.push({
      aadObjectId: objectText.toLowerCase(),
      ...(tenantText ? { tenantId: tenantText.toLowerCase() } : {}),
      role,
      ...(agencyText ? { agencyCode: agencyText.toUpperCase() } : {}),
    });
  }
  return { admins, problems };
}

/** The admin entry naming this person: by object id, and by tenant too when the entry names one. */
export function findAdmin(admins: readonly NetworkAdmin[], aadObjectId: string, tenantId: string): NetworkAdmin | undefined {
  const id = aadObjectId.toLowerCase();
  const tenant = tenantId.toLowerCase();
  return admins.find((admin) => admin.aadObjectId === id && (admin.tenantId === undefined || admin.tenantId === tenant));
}
