/**
 * How a person is bound to a member (pure). Identity is the tenant id plus the Entra object
 * id: both come from Microsoft (the activity's tenant and `from.aadObjectId`, or a verified
 * token's `tid` and `oid`), whereas an `email`, `preferred_username` or `upn` claim is whatever
 * the issuing tenant says. So:
 * - a member document with an object id and a tenant is bound; the same object id arriving
 *   from another tenant is not that member, and nothing re-binds a member elsewhere;
 * - a member imported by email only is claimed only through the Teams roster's
 *   userPrincipalName (returned by Microsoft's service for the conversation's own tenant),
 *   and only in a tenant the agency's directory entry names.
 */
import { NetworkError } from './errors';
import { DOCUMENT_TYPES, memberDocumentId, type Agency, type MemberDocument } from './model';

export interface Actor {
  /** Lower-cased Entra object id. */
  readonly aadObjectId: string;
  /** Lower-cased tenant id of the activity or token. */
  readonly tenantId: string;
}

/** True when the member is bound to another tenant than the actor's: not the same person. */
export function isOtherTenant(member: MemberDocument | undefined, actor: Actor): boolean {
  if (!member?.aadObjectId || !member.tenantId) return false;
  return member.tenantId.toLowerCase() !== actor.tenantId.toLowerCase();
}

export function assertSamePerson(member: MemberDocument | undefined, actor: Actor): void {
  if (isOtherTenant(member, actor)) {
    throw new NetworkError('identityMismatch', `Object id ${actor.aadObjectId} is bound to another tenant than ${actor.tenantId || '(none)'}.`);
  }
}

/**
 * A member known by object id but not yet by tenant (imported with an object id only, or
 * created where the activity named no tenant) is bound to the tenant it first acts from.
 */
export function needsTenant(member: MemberDocument, actor: Actor): boolean {
  return !member.tenantId && actor.tenantId !== '';
}

/**
 * The member with what this activity or token says about them that the store does not know
 * yet: the tenant of a member known by object id only (`needsTenant`) and the real name of a
 * member whose name is a placeholder. Undefined when nothing is new (no write).
 */
export function withKnownName(member: MemberDocument, actor: Actor & { readonly name: string }, now: Date): MemberDocument | undefined {
  const tenant = needsTenant(member, actor);
  const name = member.provisionalName === true && actor.name.trim() !== '' ? actor.name.trim() : undefined;
  if (!tenant && name === undefined) return undefined;
  const { provisionalName: _placeholder, ...rest } = member;
  return { ...(name === undefined ? member : { ...rest, name }), ...(tenant ? { tenantId: actor.tenantId } : {}), updatedAt: now.toISOString() };
}

/** Whether `principalName` from the roster of `tenantId` may claim the imported row. */
export function mayClaimImported(imported: MemberDocument | undefined, agency: Agency | undefined, principalName: string, tenantId: string): boolean {
  if (!imported || imported.aadObjectId || imported.status !== 'confirmed' || !imported.email) return false;
  if (!agency || agency.code !== imported.agencyCode || tenantId === '') return false;
  const trusted = (agency.tenantIds ?? []).map((tenant) => tenant.toLowerCase());
  return trusted.includes(tenantId.toLowerCase()) && imported.email.toLowerCase() === principalName.trim().toLowerCase();
}

/** The bound member made from an imported row claimed by `actor`. */
export function claimImported(imported: MemberDocument, actor: Actor & { readonly language: 'fr' | 'en' }, now: Date): MemberDocument {
  const { awaitingClaim: _awaiting, ...rest } = imported;
  return {
    ...rest,
    id: memberDocumentId(actor.aadObjectId),
    type: DOCUMENT_TYPES.member,
    aadObjectId: actor.aadObjectId.toLowerCase(),
    tenantId: actor.tenantId.toLowerCase(),
    language: actor.language,
    updatedAt: now.toISOString(),
  };
}

export type ImportBindingRejection = 'boundToOtherTenant' | 'emailBoundToOther';

/**
 * An import row with an object id never re-binds: refused when that object id is a member of
 * another tenant, or when the row's email belongs to a member bound to another object id.
 */
export function importBindingRejection(
  row: { readonly aadObjectId: string; readonly tenantId?: string; readonly email?: string },
  existing: MemberDocument | undefined,
  members: readonly MemberDocument[],
): ImportBindingRejection | undefined {
  if (existing?.tenantId && row.tenantId && existing.tenantId.toLowerCase() !== row.tenantId.toLowerCase()) return 'boundToOtherTenant';
  const email = row.email?.toLowerCase();
  if (email && members.some((member) => member.email === email && member.aadObjectId && member.aadObjectId !== row.aadObjectId && member.status !== 'left')) {
    return 'emailBoundToOther';
  }
  return undefined;
}
