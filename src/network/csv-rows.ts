/**
 * Validation of the rows of a member list imported from CSV (pure). Each row is accepted or
 * rejected with its reason; a rejected row changes nothing. Columns (header names in French or
 * English, any case): agency/agence, name/nom, email/courriel, role/rôle.
 */
import { EMAIL } from './admins';
import { AGENCY_ROLES, type Agency, type AgencyRole } from './model';

export interface ImportRow {
  readonly agencyCode: string;
  readonly name: string;
  readonly email: string;
  readonly agencyRole: AgencyRole;
}

export type RowRejection =
  | 'missingColumn'
  | 'unknownAgency'
  | 'missingName'
  | 'invalidEmail'
  | 'unknownRole'
  | 'duplicateEmail'
  | 'secondFocalPoint';

export interface RowResult {
  /** 1-based line in the file, the header being line 1. */
  readonly line: number;
  readonly row?: ImportRow;
  readonly rejection?: RowRejection;
  /** The offending value, shown with the reason. */
  readonly value?: string;
}

const HEADER_ALIASES: Record<keyof ImportRow, readonly string[]> = {
  agencyCode: ['agency', 'agence', 'agencycode', 'code'],
  name: ['name', 'nom', 'full name', 'nom complet'],
  email: ['email', 'e-mail', 'courriel', 'mail', 'adresse électronique'],
  agencyRole: ['role', 'rôle'],
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

export function missingColumns(mapping: Partial<Record<keyof ImportRow, number>>): (keyof ImportRow)[] {
  return (['agencyCode', 'name', 'email'] as const).filter((field) => mapping[field] === undefined);
}

export function parseRole(text: string): AgencyRole | undefined {
  const key = text.trim().toLowerCase();
  if ((AGENCY_ROLES as readonly string[]).includes(text.trim())) return text.trim() as AgencyRole;
  return ROLE_ALIASES[key];
}

/**
 * Validates data rows (after the header). `existingFocalPoints` maps agency codes that already
 * have a confirmed focal point to that person's email, so a file does not silently replace them.
 */
export function validateRows(
  rows: readonly (readonly string[])[],
  mapping: Partial<Record<keyof ImportRow, number>>,
  agencies: readonly Agency[],
  existingFocalPoints: ReadonlyMap<string, string | undefined>,
): RowResult[] {
  const seenEmails = new Set<string>();
  const focalPoints = new Map(existingFocalPoints);
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
    if (!EMAIL.test(email)) return { line, rejection: 'invalidEmail', value: email };
    const roleText = cell(row, 'agencyRole');
    const agencyRole = parseRole(roleText);
    if (!agencyRole) return { line, rejection: 'unknownRole', value: roleText };
    if (seenEmails.has(email)) return { line, rejection: 'duplicateEmail', value: email };
    if (agencyRole === 'focalPoint') {
      const holder = focalPoints.get(agency.code);
      if (focalPoints.has(agency.code) && holder !== email) return { line, rejection: 'secondFocalPoint', value: agency.code };
      focalPoints.set(agency.code, email);
    }
    seenEmails.add(email);
    return { line, row: { agencyCode: agency.code, name, email, agencyRole } };
  });
}
