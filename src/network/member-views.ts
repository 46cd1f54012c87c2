/**
 * What each reader gets from the membership API (pure): view models made for the reader's
 * roles, never the stored documents. Stored members carry object ids, tenant ids, emails,
 * who decided and when; a reader gets only what their role needs:
 * - a pending person (or a stranger) reads the directory and the list by agency — names and
 *   roles — with no email, no document id (ids embed object ids or addresses), no tenant;
 * - a confirmed member also sees colleagues' emails (the list exists so members can reach
 *   each other), still without ids;
 * - who may manage members or working groups gets the ids the tab needs to act on them;
 * - who may edit the directory gets its email domains and trusted tenants, and the home tenant of
 *   a member of another organisation (everyone else reads only "other organisation, external").
 */
import type { AgencyGroup, MemberListEntry, MemberListView } from './member-list';
import type { Agency, AgencyRole, AuditEntry, MemberDocument, MemberStatus, ReviewOutcome, WorkingGroupDocument, WorkingGroupReviewState } from './model';
import type { Organisation } from './organisation-rules';
import { DEFAULT_REVIEW_EVERY_MONTHS } from './working-group-rules';
import { ACTIONS, may, type Action } from './permissions';
import type { NetworkRole, Person } from './roles';

const confirmed = (reader: Person) => reader.roles.size > 0 && !reader.roles.has('pending');
/** May act on members somewhere (own agency included): needs their ids. */
const managesMembers = (reader: Person) =>
  (['manageMembers', 'confirmMember', 'manageWorkingGroups'] as const).some((action) => may(reader, action, reader.agencyCode ? { agencyCode: reader.agencyCode } : {}));

export interface MemberListEntryView {
  readonly id?: string;
  readonly name: string;
  readonly email?: string;
  readonly agencyRole: AgencyRole;
  readonly status: 'pending' | 'confirmed';
  /** Who they sign in as (organisation-rules.ts); a tenant id only for who edits the directory. */
  readonly organisation: Organisation;
}

export interface AgencyGroupView extends Omit<AgencyGroup, 'focalPoint' | 'alternates' | 'members'> {
  readonly focalPoint?: MemberListEntryView;
  readonly alternates: readonly MemberListEntryView[];
  readonly members: readonly MemberListEntryView[];
}

export interface MemberListReaderView extends Omit<MemberListView, 'agencies'> {
  readonly agencies: readonly AgencyGroupView[];
}

export function memberListFor(reader: Person, list: MemberListView): MemberListReaderView {
  const withEmail = confirmed(reader);
  const withIds = withEmail && managesMembers(reader);
  const withTenants = may(reader, 'manageDirectory');
  const organisation = (shown: Organisation): Organisation => {
    if (shown.kind === 'agency' || withTenants || shown.tenantId === undefined) return shown;
    const { tenantId: _withheld, ...rest } = shown;
    return rest;
  };
  const entry = (member: MemberListEntry): MemberListEntryView => ({
    ...(withIds ? { id: member.id } : {}),
    name: member.name,
    ...(withEmail && member.email ? { email: member.email } : {}),
    agencyRole: member.agencyRole,
    status: member.status,
    organisation: organisation(member.organisation),
  });
  return {
    ...list,
    agencies: list.agencies.map((group) => {
      const { focalPoint, alternates, members, ...rest } = group;
      return { ...rest, ...(focalPoint ? { focalPoint: entry(focalPoint) } : {}), alternates: alternates.map(entry), members: members.map(entry) };
    }),
  };
}

export interface AgencyView {
  readonly code: string;
  readonly name: { readonly fr: string; readonly en: string };
  readonly excom: boolean;
  readonly permanentCoChair: boolean;
  readonly secretariat: boolean;
  /** Only for who may edit the directory. */
  readonly emailDomains?: readonly string[];
  readonly tenantIds?: readonly string[];
}

export function directoryFor(reader: Person, agencies: readonly Agency[]): AgencyView[] {
  const editor = may(reader, 'manageDirectory');
  return agencies.map((agency) => ({
    code: agency.code,
    name: agency.name,
    excom: agency.excom,
    permanentCoChair: agency.permanentCoChair,
    secretariat: agency.secretariat,
    ...(editor ? { emailDomains: agency.emailDomains, tenantIds: agency.tenantIds ?? [] } : {}),
  }));
}

/** A member as the person who just changed or decided on them sees it (the API's answer). */
export interface MemberView {
  readonly id: string;
  readonly name: string;
  readonly agencyCode: string;
  readonly agencyRole: AgencyRole;
  readonly status: MemberStatus;
  readonly secretariat: boolean;
}

export function memberView(member: MemberDocument): MemberView {
  return {
    id: member.id,
    name: member.name,
    agencyCode: member.agencyCode,
    agencyRole: member.agencyRole,
    status: member.status,
    secretariat: member.secretariat === true,
  };
}

/** `GET /me`: the reader's own record (their own email included), roles and what the tab may offer. */
export interface MeView {
  readonly aadObjectId: string;
  readonly tenantId: string;
  /** `languageChosen`: the member picked `language` (the tab then shows itself in it too). */
  readonly member: (MemberView & { readonly email?: string; readonly language: 'fr' | 'en'; readonly languageChosen: boolean }) | null;
  readonly roles: readonly NetworkRole[];
  readonly allowed: readonly Action[];
}

export function meView(reader: { readonly aadObjectId: string; readonly tenantId: string }, member: MemberDocument | undefined, person: Person): MeView {
  const own = member && member.status !== 'left' ? member : undefined;
  return {
    aadObjectId: reader.aadObjectId,
    tenantId: reader.tenantId,
    member: own ? { ...memberView(own), ...(own.email ? { email: own.email } : {}), language: own.language, languageChosen: own.languageChosen === true } : null,
    roles: [...person.roles],
    // What the tab may offer; the server checks again on every change.
    allowed: ACTIONS.filter((action) => may(person, action, person.agencyCode ? { agencyCode: person.agencyCode } : {})),
  };
}

/**
 * A working group as a reader sees it: its purpose and external partners for everyone in the
 * network (partners' emails for confirmed members only); the members' and chairs' object ids
 * only for who may act on them (ExCom representatives and co-chairs manage working groups).
 */
export interface WorkingGroupView {
  readonly groupId: string;
  readonly name: string;
  readonly objective: string;
  readonly reviewDate: string;
  readonly reviewEveryMonths: number;
  readonly status: 'active' | 'closed';
  readonly reviewState: WorkingGroupReviewState;
  /** Reviews ExCom decided: what and under which decision number. */
  readonly reviewHistory: readonly { readonly reviewDate: string; readonly outcome: ReviewOutcome; readonly registerNumber: string; readonly decidedAt: string }[];
  readonly memberCount: number;
  readonly externalPartners: readonly { readonly name: string; readonly organisation: string; readonly email?: string }[];
  readonly memberIds?: readonly string[];
  readonly chairId?: string;
  readonly coChairId?: string;
  /**
   * Confirmed readers: who is in the group, by name and agency (the member list shows them
   * anyway), its chair and co-chair. Absent for pending readers, who read little.
   */
  readonly members?: readonly { readonly name: string; readonly agencyCode: string }[];
  readonly chairName?: string;
  readonly coChairName?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function workingGroupFor(reader: Person, group: WorkingGroupDocument, people?: ReadonlyMap<string, { readonly name: string; readonly agencyCode: string }>): WorkingGroupView {
  const withEmail = confirmed(reader);
  const withIds = withEmail && may(reader, 'manageWorkingGroups');
  const known = (id: string | undefined) => (id ? people?.get(id.toLowerCase()) : undefined);
  const chair = known(group.chairId);
  const coChair = known(group.coChairId);
  return {
    groupId: group.groupId,
    name: group.name,
    objective: group.objective,
    reviewDate: group.reviewDate,
    reviewEveryMonths: group.reviewEveryMonths ?? DEFAULT_REVIEW_EVERY_MONTHS,
    status: group.status ?? 'active',
    reviewState: group.reviewState ?? 'waiting',
    reviewHistory: (group.reviewHistory ?? []).map((record) => ({ reviewDate: record.reviewDate, outcome: record.outcome, registerNumber: record.registerNumber, decidedAt: record.decidedAt })),
    memberCount: group.memberIds.length,
    externalPartners: group.externalPartners.map((partner) => ({ name: partner.name, organisation: partner.organisation, ...(withEmail && partner.email ? { email: partner.email } : {}) })),
    ...(withIds ? { memberIds: group.memberIds, chairId: group.chairId, ...(group.coChairId ? { coChairId: group.coChairId } : {}) } : {}),
    ...(withEmail && people
      ? {
          members: group.memberIds.flatMap((id) => {
            const person = known(id);
            return person ? [{ name: person.name, agencyCode: person.agencyCode }] : [];
          }),
          ...(chair ? { chairName: chair.name } : {}),
          ...(coChair ? { coChairName: coChair.name } : {}),
        }
      : {}),
    createdAt: group.createdAt,
    updatedAt: group.updatedAt,
  };
}

/** An audit entry as co-chairs and the secretariat read it: what changed, without store fields. */
export interface AuditEntryView {
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly subject: string;
  readonly before: unknown;
  readonly after: unknown;
}

export function auditEntryView(entry: AuditEntry): AuditEntryView {
  return { at: entry.at, actor: entry.actor, action: entry.action, subject: entry.subject, before: withoutStoreFields(entry.before), after: withoutStoreFields(entry.after) };
}

/** A stored document recorded before/after, minus the partition and type the store keeps. */
function withoutStoreFields(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const { networkId: _networkId, type: _type, etag: _etag, ...rest } = value as Record<string, unknown>;
  return rest;
}
