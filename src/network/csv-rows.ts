/**
 * Validation of the rows of a member list imported from CSV (pure). Each row is accepted or
 * rejected with its reason; a rejected row changes nothing. Columns (header names in French or
 * English, any case): agency/agence, name/nom, email/courriel, role/rôle, and optionally
 * objectId (the person's Entra object id) and tenantId. A row with an object id makes a bound
 * member at once; a row with an email only waits to be claimed (see binding-rules.ts).
 */
import { EMAIL } from './admins';
import { AGENCY_ROLES, type Agency, type AgencyRole, type MemberStatus } from './model';

export interface ImportRow {
  readonly agencyCode: string;
  readonly name: string;
  /** Lower-cased; '' when the row names the person by object id only. */
  readonly email: string;
  readonly agencyRole: AgencyRole;
  /** Lower-cased Entra object id, when the row gives one. */
  readonly aadObjectId?: string;
  readonly tenantId?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type RowRejection =
  | 'missingColumn'
  | 'unknownAgency'
  | 'missingName'
  | 'invalidEmail'
  | 'unknownRole'
  | 'duplicateEmail'
  | 'secondFocalPoint'
  | 'invalidObjectId'
  | 'invalidTenantId'
  | 'duplicateObjectId'
  /** The object id is a member bound to another tenant: an import never re-binds. */
  | 'boundToOtherTenant'
  /** The email belongs to a member bound to another object id: an import never re-binds. */
  | 'emailBoundToOther'
  /** The row would change the importer's own agency, role or status. */
  | 'ownMembership'
  /** A focal point or alternate of a governing agency: named by co-chairs (membership-rules.ts `appointmentRefusal`). */
  | 'appointmentReserved';

export interface RowResult {
  /** 1-based line in the file, the header being line 1. */
  readonly line: number;
  readonly row?: ImportRow;
  readonly rejection?: RowRejection;
  /** The offending value, shown with the reason. */
  readonly value?: string;
}

export interface ImportReport {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: readonly RowResult[];
  /** Row by row, what the import does (or, previewed, would do): the co-chairs check it before applying. */
  readonly changes: readonly ImportRowChange[];
}

/** One valid row of an import: a new member, a member changed (with what they were), or nothing to do. */
export interface ImportRowChange {
  readonly line: number;
  readonly kind: 'create' | 'update' | 'unchanged';
  readonly name: string;
  readonly agencyCode: string;
  readonly agencyRole: AgencyRole;
  readonly before?: { readonly name: string; readonly agencyCode: string; readonly agencyRole: AgencyRole; readonly status: MemberStatus };
}

const HEADER_ALIASES: Record<keyof ImportRow, readonly string[]> = {
  agencyCode: ['agency', 'agence', 'agencycode', 'code'],
  name: ['name', 'nom', 'full name', 'nom complet'],
  email: ['email', 'e-mail', 'courriel', 'mail', 'adresse électronique'],
  agencyRole: ['role', 'rôle'],
  aadObjectId: ['objectid', 'object id', 'aadobjectid', 'oid', 'id d’objet', "id d'objet", 'identifiant'],
  tenantId: ['tenantid', 'tenant id', 'tenant', 'locataire', 'id de locataire'],
};

const ROLE_ALIASES: Record<string, AgencyRole> = {
  focalpoint: 'focalPoint',
  'focal point': 'focalPoint',
  'point focal': 'focalPoint',
  alternate: 'alternate',
  suppléant: 'alternate',
  suppleant: 'alternate',
  'point focal suppléant': 'alternate',
  member: 'member',
  membre: 'member',
  '': 'member',
};

/** Which column holds which field; undefined entries are missing columns. */
export function mapHeader(header: readonly string[]): Partial<Record<keyof ImportRow, number>> {
  const normalised = header.map((cell) => cell.trim().toLowerCase());
  const mapping: Partial<Record<keyof ImportRow, number>> = {};
  for (const [field, aliases] of Object.entries(HEADER_ALIASES) as [keyof ImportRow, readonly string[]][]) {
    const index = normalised.findIndex((cell) => aliases.includes(cell));
    if (index >= 0) mapping[field] = index;
  }
  return mapping;
}

/** Agency and name, and a way to know the person: an email or an object id column. */
export function missingColumns(mapping: Partial<Record<keyof ImportRow, number>>): (keyof ImportRow)[] {
  const missing = (['agencyCode', 'name'] as const).filter((field) => mapping[field] === undefined);
  return mapping.email === undefined && mapping.aadObjectId === undefined ? [...missing, 'email'] : missing;
}

export function parseRole(text: string): AgencyRole | undefined {
  const key = text.trim().toLowerCase();
  if ((AGENCY_ROLES as readonly string[]).includes(text.trim())) return text.trim() as AgencyRole;
  return ROLE_ALIASES[key];
}

/**
 * Validates data rows (after the header). `existingFocalPoints` maps agency codes that already
 * have a confirmed focal point to that person's object id or email, so a file does not silently
 * replace them. `refuse` says whether the importer may apply a well-formed row at all (their
 * rights, membership-rules.ts `importRowRefusal`); a refused row does not count as its
 * agency's focal point for the rows after it.
 */
export function validateRows(
  rows: readonly (readonly string[])[],
  mapping: Partial<Record<keyof ImportRow, number>>,
  agencies: readonly Agency[],
  existingFocalPoints: ReadonlyMap<string, { readonly aadObjectId?: string; readonly email?: string }>,
  refuse: (row: ImportRow) => RowRejection | undefined = () => undefined,
): RowResult[] {
  const seenEmails = new Set<string>();
  const seenObjectIds = new Set<string>();
  const focalPoints = new Map(existingFocalPoints);
  const samePerson = (holder: { readonly aadObjectId?: string; readonly email?: string } | undefined, objectId: string, email: string) =>
    holder !== undefined && ((objectId !== '' && holder.aadObjectId === objectId) || (email !== '' && holder.email === email));
  const cell = (row: readonly string[], field: keyof ImportRow) => {
    const index = mapping[field];
    return index === undefined ? '' : (row[index] ?? '').trim();
  };
  return rows.map((row, index): RowResult => {
    const line = index + 2;
    const agencyText = cell(row, 'agencyCode');
    const agency = agencies.find(
      (candidate) =>
        candidate.code === agencyText.toUpperCase() ||
        candidate.name.fr.toLowerCase() === agencyText.toLowerCase() ||
        candidate.name.en.toLowerCase() === agencyText.toLowerCase(),
    );
    if (!agency) return { line, rejection: 'unknownAgency', value: agencyText };
    const name = cell(row, 'name');
    if (name === '' || name.length > 200) return { line, rejection: 'missingName', value: name.slice(0, 40) };
    const email = cell(row, 'email').toLowerCase();
    const objectId = cell(row, 'aadObjectId').toLowerCase();
    const tenantId = cell(row, 'tenantId').toLowerCase();
    if (objectId !== '' && !GUID.test(objectId)) return { line, rejection: 'invalidObjectId', value: objectId.slice(0, 40) };
    if (tenantId !== '' && (!GUID.test(tenantId) || objectId === '')) return { line, rejection: 'invalidTenantId', value: tenantId.slice(0, 40) };
    if ((email !== '' || objectId === '') && !EMAIL.test(email)) return { line, rejection: 'invalidEmail', value: email };
    const roleText = cell(row, 'agencyRole');
    const agencyRole = parseRole(roleText);
    if (!agencyRole) return { line, rejection: 'unknownRole', value: roleText };
    if (email !== '' && seenEmails.has(email)) return { line, rejection: 'duplicateEmail', value: email };
    if (objectId !== '' && seenObjectIds.has(objectId)) return { line, rejection: 'duplicateObjectId', value: objectId };
    const parsed: ImportRow = { agencyCode: agency.code, name, email, agencyRole, ...(objectId ? { aadObjectId: objectId } : {}), ...(tenantId ? { tenantId } : {}) };
    if (agencyRole === 'focalPoint' && focalPoints.has(agency.code) && !samePerson(focalPoints.get(agency.code), objectId, email)) {
      return { line, rejection: 'secondFocalPoint', value: agency.code };
    }
    const refusal = refuse(parsed);
    if (refusal) return { line, rejection: refusal, value: `${agency.code} ${agencyRole}` };
    if (agencyRole === 'focalPoint') focalPoints.set(agency.code, { ...(objectId ? { aadObjectId: objectId } : {}), ...(email ? { email } : {}) });
    if (email !== '') seenEmails.add(email);
    if (objectId !== '') seenObjectIds.add(objectId);
    return { line, row: parsed };
  });
}
