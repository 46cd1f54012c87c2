/**
 * Which organisation a person works for, as the member list shows it (issue 18; pure). Agencies
 * do not share a Microsoft 365 tenant: a member acting from a shared channel signs in from their
 * own (home) tenant, and the directory says which tenants are whose (`Agency.tenantIds`). So:
 *
 * - home tenant unknown (imported by email, not yet seen) or the host's (the network's team lives
 *   there; guests of other agencies sign in there too): the agency they belong to;
 * - a home tenant the directory gives to an agency: that agency — who they sign in as, whatever
 *   agency they said they belong to;
 * - any other tenant: another organisation (an external partner, a tenant the directory does not
 *   list yet), marked external when it is not the host's.
 *
 * With no host tenant known (local mode with no ALLOWED_TENANTS: any tenant) nobody can be told
 * apart from the host, so a tenant no agency lists counts as their own agency's.
 */
import type { Agency, MemberDocument } from './model';

export type Organisation =
  | { readonly kind: 'agency'; readonly agencyCode: string }
  /** `tenantId`: the home tenant, lower-case — shown to co-chairs only (member-views.ts). */
  | { readonly kind: 'other'; readonly external: boolean; readonly tenantId?: string };

export function organisationOf(
  member: Pick<MemberDocument, 'tenantId' | 'agencyCode'>,
  directory: readonly Pick<Agency, 'code' | 'tenantIds'>[],
  hostTenant: string | undefined,
): Organisation {
  const tenant = member.tenantId?.trim().toLowerCase() || undefined;
  const host = hostTenant?.trim().toLowerCase() || undefined;
  const own = (): Organisation =>
    directory.some((agency) => agency.code === member.agencyCode)
      ? { kind: 'agency', agencyCode: member.agencyCode }
      : { kind: 'other', external: tenant !== undefined && host !== undefined && tenant !== host, ...(tenant ? { tenantId: tenant } : {}) };
  if (!tenant || tenant === host) return own();
  const signedInAs = directory.find((agency) => (agency.tenantIds ?? []).some((candidate) => candidate.toLowerCase() === tenant));
  if (signedInAs) return { kind: 'agency', agencyCode: signedInAs.code };
  if (!host) return own();
  return { kind: 'other', external: true, tenantId: tenant };
}
