/**
 * Membership transitions (pure): joining, bootstrap of the configured admins, confirmation,
 * decline, leaving and role changes, each checked against the permissions table. They return
 * the documents to write and throw a NetworkError when the change is not allowed; nothing is
 * written by a rule, so a refused change changes nothing.
 */
import type { NetworkAdmin } from './admins';
import { NetworkError } from './errors';
import {
  AGENCY_ROLES,
  DOCUMENT_TYPES,
  memberDocumentId,
  type Agency,
  type AgencyRole,
  type MemberDocument,
} from './model';
import { may } from './permissions';
import { holdsGoverningSeat, type Person, type RoleContext } from './roles';

/** What Teams tells us about the person (from the activity, the roster or the SSO token). */
export interface Identity {
  /** With tenantId, who the person is (see binding-rules.ts). */
  readonly aadObjectId: string;
  readonly tenantId: string;
  readonly name: string;
  /** A contact address, shown to deciders and used to pre-select an agency: never binds anyone. */
  readonly email?: string;
  /**
   * The userPrincipalName the Teams roster returned for this person in a conversation of
   * `tenantId` (Microsoft's service, not a client claim): the only address that may claim a
   * member imported by email.
   */
  readonly rosterPrincipalName?: string;
  readonly language: 'fr' | 'en';
}

export function findAgency(agencies: readonly Agency[], code: string): Agency {
  const agency = agencies.find((candidate) => candidate.code === code.trim().toUpperCase());
  if (!agency) throw new NetworkError('unknownAgency', `Unknown agency code ${JSON.stringify(code)}.`);
  return agency;
}

export function parseAgencyRole(role: string): AgencyRole {
  if (!(AGENCY_ROLES as readonly string[]).includes(role)) {
    throw new NetworkError('unknownRole', `Unknown role in an agency ${JSON.stringify(role)}: use ${AGENCY_ROLES.join(', ')}.`);
  }
  return role as AgencyRole;
}

/**
 * The agency to pre-select for an email address: the one whose domain matches, when only one
 * does (`un.org` is shared by many entities, so it suggests nothing on its own).
 */
export function suggestAgency(email: string | undefined, agencies: readonly Agency[]): string | undefined {
  const domain = email?.split('@')[1]?.trim().toLowerCase();
  if (!domain) return undefined;
  const matches = agencies.filter((agency) => agency.emailDomains.some((candidate) => domain === candidate || domain.endsWith(`.${candidate}`)));
  return matches.length === 1 ? matches[0]?.code : undefined;
}

function newMember(identity: Identity, networkId: string, agencyCode: string, agencyRole: AgencyRole, now: Date): MemberDocument {
  const at = now.toISOString();
  return {
    id: memberDocumentId(identity.aadObjectId),
    networkId,
    type: DOCUMENT_TYPES.member,
    aadObjectId: identity.aadObjectId.toLowerCase(),
    tenantId: identity.tenantId,
    name: identity.name,
    ...(identity.email ? { email: identity.email.toLowerCase() } : {}),
    agencyCode,
    agencyRole,
    status: 'pending',
    language: identity.language,
    joinedAt: at,
    updatedAt: at,
  };
}

/** An admin named in NETWORK_ADMINS, confirmed on first contact with the role configured. */
export function bootstrapAdmin(admin: NetworkAdmin, identity: Identity, networkId: string, agencies: readonly Agency[], now: Date): MemberDocument {
  const secretariat = agencies.find((agency) => agency.secretariat);
  const agencyCode = admin.agencyCode ?? secretariat?.code;
  if (!agencyCode) throw new NetworkError('unknownAgency', 'The directory has no secretariat agency to place a NETWORK_ADMINS entry in.');
  const agency = findAgency(agencies, agencyCode);
  const member = newMember(identity, networkId, agency.code, admin.role === 'cochair' ? 'focalPoint' : 'member', now);
  return { ...member, status: 'confirmed', ...(admin.role === 'secretariat' ? { secretariat: true } : {}), decidedBy: 'NETWORK_ADMINS', decidedAt: now.toISOString() };
}

/**
 * A person asks to join (or, while pending, corrects their request). A confirmed member
 * cannot re-join through onboarding: changing agency or role is a change a co-chair makes.
 */
export function requestMembership(input: {
  readonly current: MemberDocument | undefined;
  readonly identity: Identity;
  readonly networkId: string;
  readonly agencies: readonly Agency[];
  readonly agencyCode: string;
  readonly agencyRole: string;
  readonly now: Date;
}): MemberDocument {
  const agency = findAgency(input.agencies, input.agencyCode);
  const role = parseAgencyRole(input.agencyRole);
  if (input.current?.status === 'confirmed') {
    throw new NetworkError('alreadyMember', `${input.identity.aadObjectId} is already a confirmed member.`);
  }
  const fresh = keepChosenLanguage(input.current, newMember(input.identity, input.networkId, agency.code, role, input.now));
  return input.current?.status === 'pending' ? { ...fresh, joinedAt: input.current.joinedAt } : fresh;
}

/** A language the person chose stays theirs when their record is made again (a new request after leaving). */
function keepChosenLanguage(current: MemberDocument | undefined, next: MemberDocument): MemberDocument {
  return current?.languageChosen ? { ...next, language: current.language, languageChosen: true } : next;
}

/**
 * The member with the language they chose (help card, profile card, tab), or undefined when
 * nothing changes — already chosen, or not a member any more — so nothing is written.
 */
export function withChosenLanguage(member: MemberDocument | undefined, language: 'fr' | 'en', now: Date): MemberDocument | undefined {
  if (!member || member.status === 'left') return undefined;
  if (member.languageChosen && member.language === language) return undefined;
  return { ...member, language, languageChosen: true, updatedAt: now.toISOString() };
}

/** Checks shared by confirm and decline: who decides, on whom, with card data that still matches. */
function assertMayDecide(actor: Person, target: MemberDocument | undefined, expectedAgency: string | undefined): MemberDocument {
  if (!target) throw new NetworkError('unknownMember', 'No such member in this network.');
  if (target.aadObjectId === actor.aadObjectId.toLowerCase()) {
    throw new NetworkError('ownMembership', 'Nobody confirms their own membership.');
  }
  if (expectedAgency !== undefined && expectedAgency !== target.agencyCode) {
    // The card names another agency than the request now says: tampered or outdated.
    throw new NetworkError('staleCard', `The card names ${expectedAgency}, the request is for ${target.agencyCode}.`);
  }
  if (target.status !== 'pending') throw new NetworkError('notPending', `The membership is ${target.status}, not pending.`);
  if (!may(actor, 'confirmMember', { agencyCode: target.agencyCode })) {
    const reason = actor.roles.has('focalPoint') ? 'otherAgency' : 'forbidden';
    throw new NetworkError(reason, `${actor.aadObjectId} may not confirm members of ${target.agencyCode}.`);
  }
  return target;
}

/**
 * Confirming a request gives the role asked for: a request to be focal point or alternate of
 * a governing agency (a co-chair's seat, or an ExCom voice) is confirmed by a co-chair or that
 * agency's focal point only.
 */
export function confirmMembership(actor: Person, target: MemberDocument | undefined, expectedAgency: string | undefined, context: RoleContext, now: Date): MemberDocument {
  const member = assertMayDecide(actor, target, expectedAgency);
  const confirmed: MemberDocument = { ...member, status: 'confirmed', decidedBy: actor.aadObjectId, decidedAt: now.toISOString(), updatedAt: now.toISOString() };
  assertMayAppoint(actor, member, confirmed, context);
  return confirmed;
}

/** Where a membership sits: what the appointment rule compares before and after a change. */
export type Seat = Pick<MemberDocument, 'agencyCode' | 'agencyRole' | 'status'>;

/**
 * The one check for every path that sets a role (change, confirmation, CSV row): taking a
 * confirmed focal point or alternate seat of a governing agency (roles.ts), or taking someone
 * off one, needs `appointRepresentative` for that agency (permissions.ts): a co-chair, or the
 * agency's own focal point. Otherwise the secretariat, which manages every other member, could
 * make anyone a co-chair or an ExCom voice. Undefined when allowed.
 */
export function appointmentRefusal(actor: Person, before: Seat | undefined, after: Seat, context: RoleContext): 'appointmentReserved' | undefined {
  if (before && before.agencyCode === after.agencyCode && before.agencyRole === after.agencyRole && before.status === after.status) return undefined;
  for (const seat of [before, after]) {
    if (seat && holdsGoverningSeat(seat, context) && !may(actor, 'appointRepresentative', { agencyCode: seat.agencyCode })) return 'appointmentReserved';
  }
  return undefined;
}

export function assertMayAppoint(actor: Person, before: Seat | undefined, after: Seat, context: RoleContext): void {
  if (appointmentRefusal(actor, before, after, context)) {
    const agencies = [...new Set([before?.agencyCode, after.agencyCode].filter((code): code is string => !!code))].join(', ');
    throw new NetworkError(
      'appointmentReserved',
      `${actor.aadObjectId} may not name or remove a focal point or alternate of ${agencies} (a co-chair's or ExCom agency): co-chairs, or the agency's own focal point, decide who represents it.`,
    );
  }
}

/**
 * Whether `actor` may apply an imported row (agency, role, confirmed) to `existing` — the
 * member the row names, if any — or create it: nobody changes their own agency, role or status
 * by a file, and the appointment rule holds for rows as for changes. Undefined when allowed.
 */
export function importRowRefusal(
  actor: Person,
  row: { readonly agencyCode: string; readonly agencyRole: AgencyRole; readonly aadObjectId?: string },
  existing: MemberDocument | undefined,
  context: RoleContext,
): 'ownMembership' | 'appointmentReserved' | undefined {
  const after: Seat = { agencyCode: row.agencyCode, agencyRole: row.agencyRole, status: 'confirmed' };
  const actorId = actor.aadObjectId.toLowerCase();
  const self = existing?.aadObjectId?.toLowerCase() === actorId || row.aadObjectId?.toLowerCase() === actorId;
  const changes = !existing || existing.agencyCode !== after.agencyCode || existing.agencyRole !== after.agencyRole || existing.status !== after.status;
  if (self && changes) return 'ownMembership';
  return appointmentRefusal(actor, existing, after, context);
}

export function declineMembership(actor: Person, target: MemberDocument | undefined, expectedAgency: string | undefined, now: Date): MemberDocument {
  const member = assertMayDecide(actor, target, expectedAgency);
  return {
    ...member,
    status: 'left',
    endReason: 'declined',
    decidedBy: actor.aadObjectId,
    decidedAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
}

export function leaveNetwork(current: MemberDocument | undefined, now: Date): MemberDocument {
  if (!current || current.status === 'left') throw new NetworkError('notAMember', 'Only a member can leave.');
  const { secretariat: _grant, ...withoutGrant } = current;
  return { ...withoutGrant, status: 'left', endReason: 'left', updatedAt: now.toISOString() };
}

export interface MemberChange {
  readonly agencyCode?: string;
  readonly agencyRole?: string;
  readonly status?: 'left';
  /** Grant (true) or withdraw (false) the secretariat role: co-chairs only. */
  readonly secretariat?: boolean;
}

/**
 * A change to someone's membership by a co-chair, the secretariat, or a focal point for their
 * own agency (both the member's agency before and after the change). Nobody changes their own
 * agency, role or grants (leaving is `leave`), and a governing agency's focal point or
 * alternate is named or removed by a co-chair or that agency's focal point only
 * (`appointmentRefusal`).
 */
export function changeMember(actor: Person, target: MemberDocument | undefined, change: MemberChange, context: RoleContext, now: Date): MemberDocument {
  if (!target || target.status === 'left') throw new NetworkError('unknownMember', 'No such member in this network.');
  const agencyCode = change.agencyCode !== undefined ? findAgency(context.agencies, change.agencyCode).code : target.agencyCode;
  const agencyRole = change.agencyRole !== undefined ? parseAgencyRole(change.agencyRole) : target.agencyRole;
  const self = target.aadObjectId === actor.aadObjectId.toLowerCase();
  const secretariatChange = change.secretariat !== undefined && change.secretariat !== (target.secretariat === true);
  if (self && change.status !== 'left' && (agencyCode !== target.agencyCode || agencyRole !== target.agencyRole || secretariatChange)) {
    throw new NetworkError('ownMembership', 'Nobody changes their own agency or role: ask a co-chair or the secretariat.');
  }
  if (change.secretariat !== undefined && !may(actor, 'manageSecretariat')) {
    throw new NetworkError('forbidden', `${actor.aadObjectId} may not grant or withdraw the secretariat role.`);
  }
  if (change.secretariat === true && target.status !== 'confirmed') {
    throw new NetworkError('invalidInput', 'only a confirmed member can serve as the secretariat');
  }
  const onlySecretariat = change.agencyCode === undefined && change.agencyRole === undefined && change.status === undefined;
  for (const concerned of onlySecretariat ? [] : new Set([target.agencyCode, agencyCode])) {
    if (!may(actor, 'manageMembers', { agencyCode: concerned })) {
      const reason = actor.roles.has('focalPoint') ? 'otherAgency' : 'forbidden';
      throw new NetworkError(reason, `${actor.aadObjectId} may not manage members of ${concerned}.`);
    }
  }
  const at = now.toISOString();
  // Someone who leaves keeps no grant: were they to come back, a co-chair grants it again.
  const { secretariat: _grant, ...withoutGrant } = target;
  const secretariat = change.secretariat ?? target.secretariat === true;
  const next: MemberDocument =
    change.status === 'left'
      ? { ...withoutGrant, status: 'left', endReason: 'removed', decidedBy: actor.aadObjectId, decidedAt: at, updatedAt: at }
      : { ...withoutGrant, agencyCode, agencyRole, ...(secretariat ? { secretariat: true } : {}), updatedAt: at };
  assertMayAppoint(actor, target, next, context);
  return next;
}

/**
 * One focal point per agency: when someone becomes focal point, the previous one becomes an
 * alternate (the change is made by who appointed the new one, and audited).
 */
export function previousFocalPoint(members: readonly MemberDocument[], incoming: MemberDocument): MemberDocument | undefined {
  if (incoming.status !== 'confirmed' || incoming.agencyRole !== 'focalPoint') return undefined;
  return members.find(
    (member) =>
      member.id !== incoming.id && member.status === 'confirmed' && member.agencyCode === incoming.agencyCode && member.agencyRole === 'focalPoint',
  );
}

/** Why an ExCom agency lost a representative: they left, were removed, or no longer represent it. */
export type RepresentativeLoss = 'left' | 'removed' | 'changed';

/**
 * Whether a change takes a confirmed focal point or alternate away from an ExCom agency, and how
 * (the co-chairs are told: issue 15). Pure: the before and after of one member document.
 */
export function excomRepresentativeLoss(before: MemberDocument | undefined, after: MemberDocument, excomAgencies: readonly string[]): RepresentativeLoss | undefined {
  if (!before || before.status !== 'confirmed' || !excomAgencies.includes(before.agencyCode)) return undefined;
  if (before.agencyRole !== 'focalPoint' && before.agencyRole !== 'alternate') return undefined;
  if (after.status !== 'confirmed') return after.endReason === 'removed' ? 'removed' : 'left';
  const stillRepresents = after.agencyCode === before.agencyCode && (after.agencyRole === 'focalPoint' || after.agencyRole === 'alternate');
  return stillRepresents ? undefined : 'changed';
}
