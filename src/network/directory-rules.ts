/**
 * Rules for editing the directory (pure): codes unique and well formed, names in both
 * languages, tenant ids well formed, one secretariat agency, and no agency removed while it
 * still has members.
 */
import { NetworkError } from './errors';
import type { Agency } from './model';

export const AGENCY_CODE_PATTERN = /^[A-Z][A-Z0-9-]{1,15}$/;
const DOMAIN_PATTERN = /^(?=.{3,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function validateDirectory(agencies: readonly Agency[], codesInUse: ReadonlySet<string>, rotationOrder: readonly string[]): Agency[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const normalised = agencies.map((agency) => ({
    ...agency,
    code: agency.code.trim().toUpperCase(),
    name: { fr: agency.name.fr.trim(), en: agency.name.en.trim() },
    emailDomains: [...new Set(agency.emailDomains.map((domain) => domain.trim().toLowerCase()))],
    ...(agency.tenantIds !== undefined ? { tenantIds: [...new Set(agency.tenantIds.map((tenant) => tenant.trim().toLowerCase()))] } : {}),
  }));
  for (const agency of normalised) {
    if (!AGENCY_CODE_PATTERN.test(agency.code)) problems.push(`${JSON.stringify(agency.code)} is not an agency code (2–16 capitals, digits or dashes)`);
    if (seen.has(agency.code)) problems.push(`${agency.code} appears twice`);
    seen.add(agency.code);
    if (agency.name.fr === '' || agency.name.en === '' || agency.name.fr.length > 120 || agency.name.en.length > 120) {
      problems.push(`${agency.code} needs a French and an English name (up to 120 characters)`);
    }
    const badDomains = agency.emailDomains.filter((domain) => !DOMAIN_PATTERN.test(domain));
    if (badDomains.length > 0) problems.push(`${agency.code}: not email domains: ${badDomains.join(', ')}`);
    // Tenants decide who may claim a member imported by email: only well-formed tenant ids.
    const badTenants = (agency.tenantIds ?? []).filter((tenant) => !GUID.test(tenant));
    if (badTenants.length > 0) problems.push(`${agency.code}: not tenant ids (GUIDs): ${badTenants.join(', ').slice(0, 200)}`);
  }
  if (normalised.filter((agency) => agency.secretariat).length !== 1) problems.push('exactly one agency must hold the secretariat');
  const removedInUse = [...codesInUse].filter((code) => !seen.has(code));
  if (removedInUse.length > 0) problems.push(`agencies with members cannot be removed: ${removedInUse.join(', ')}`);
  const unknownInRotation = rotationOrder.filter((code) => !seen.has(code));
  if (unknownInRotation.length > 0) problems.push(`agencies in the co-chair rotation cannot be removed: ${unknownInRotation.join(', ')}`);
  if (problems.length > 0) throw new NetworkError('invalidInput', problems.join('; '));
  return normalised;
}
