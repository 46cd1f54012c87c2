/**
 * View models of the membership cards: plain data built from i18n strings, bound to the
 * templates in adaptiveCards/ (membershipJoin, membershipNotice, memberList). Names, emails and
 * directory entries are user text: they only ever go into TextRun elements, so Markdown and
 * `${…}` in them show literally.
 */
import { formatDay, paragraph as textParagraph, run as textRun } from '../cards/card-text';
import { confirmationCardData, pluralOf, type ConfirmationCardData, type StyledCardAction } from '../cards/confirmation';
import { translate, type Language, type MessageKey } from '../i18n';
import type { MemberListEntry, MemberListView } from './member-list';
import type { MembershipNotice } from './member-notifier';
import type { Agency, AgencyRole, MemberDocument, WorkingGroupDocument } from './model';
import type { Organisation } from './organisation-rules';
import type { NetworkRole } from './roles';
import type { Handover } from './rotation';

export const JOIN_VERB = 'network.join';
export const CONFIRM_VERB = 'network.member.confirm';
export const DECLINE_VERB = 'network.member.decline';
/** Teams' refresh of a decider's copy of a request card: the request as it stands now, for them. */
export const REQUEST_VIEW_VERB = 'network.member.request';
export const LEAVE_VERB = 'network.member.leave';
/** The profile card's language switch: the member's cards and reminders in the other language from now on. */
export const LANGUAGE_VERB = 'network.member.language';
export const SEND_LIST_VERB = 'network.memberList.send';
/** Back from "Send the list?" to the member list as it stands. */
export const LIST_VIEW_VERB = 'network.memberList.view';

export interface Run {
  readonly text: string;
  readonly weight: 'Default' | 'Bolder';
  readonly subtle: boolean;
}
export interface Paragraph {
  readonly runs: readonly Run[];
}
export type CardActionData = StyledCardAction;
export interface NoticeCardData {
  readonly title: string;
  readonly paragraphs: readonly Paragraph[];
  readonly actions: readonly CardActionData[];
}
export interface JoinCardData {
  readonly title: string;
  readonly greeting: string;
  readonly greetingName: string;
  readonly intro: string;
  readonly suggestion: string;
  readonly agencyLabel: string;
  readonly agencyPlaceholder: string;
  readonly agencyRequired: string;
  readonly selectedAgency: string;
  readonly agencies: readonly { readonly title: string; readonly value: string }[];
  readonly roleLabel: string;
  readonly roles: readonly { readonly title: string; readonly value: string }[];
  readonly submit: { readonly title: string; readonly verb: string; readonly networkId: string };
}
export interface MemberListCardData {
  readonly title: string;
  readonly summary: string;
  readonly agencies: readonly { readonly paragraphs: readonly Paragraph[] }[];
  readonly actions: readonly CardActionData[];
}

const run = (text: string, bold = false, subtle = false): Run => ({ text, weight: bold ? 'Bolder' : 'Default', subtle });
const paragraph = (...runs: Run[]): Paragraph => ({ runs: runs.filter((r) => r.text !== '') });
const tr = (language: Language) => (key: MessageKey, values?: Record<string, string | number>) => translate(language, key, values);

export function agencyName(agency: Pick<Agency, 'code' | 'name'>, language: Language): string {
  const name = agency.name[language];
  return name.toUpperCase() === agency.code ? name : `${name} (${agency.code})`;
}

export function roleName(role: AgencyRole, language: Language): string {
  return translate(language, `network.role.${role}`);
}

export function joinCardData(language: Language, input: { name: string | undefined; agencies: readonly Agency[]; suggestedAgency?: string; networkId: string }): JoinCardData {
  const t = tr(language);
  const agencies = [...input.agencies]
    .map((agency) => ({ title: agencyName(agency, language), value: agency.code }))
    .sort((a, b) => a.title.localeCompare(b.title, language));
  return {
    title: t('network.join.title'),
    greeting: t('network.join.greeting'),
    greetingName: (input.name ?? '').trim(),
    intro: t('network.join.intro'),
    suggestion: input.suggestedAgency ? t('network.join.suggested') : '',
    agencyLabel: t('network.join.agencyLabel'),
    agencyPlaceholder: t('network.join.agencyPlaceholder'),
    agencyRequired: t('network.join.agencyRequired'),
    selectedAgency: input.suggestedAgency ?? '',
    agencies,
    roleLabel: t('network.join.roleLabel'),
    roles: (['member', 'alternate', 'focalPoint'] as const).map((role) => ({ title: roleName(role, language), value: role })),
    submit: { title: t('network.join.submit'), verb: JOIN_VERB, networkId: input.networkId },
  };
}

function requestLine(language: Language, member: MemberDocument, agency: Agency): Paragraph {
  return paragraph(run(agencyName(agency, language), true), run(' — '), run(roleName(member.agencyRole, language)));
}

export function pendingCardData(language: Language, member: MemberDocument, agency: Agency): NoticeCardData {
  const t = tr(language);
  return {
    title: t('network.pending.title'),
    paragraphs: [paragraph(run(t('network.pending.body'))), requestLine(language, member, agency), paragraph(run(t('network.pending.readOnly')))],
    actions: [],
  };
}

export function confirmRequestCardData(language: Language, member: MemberDocument, agency: Agency, networkId: string): NoticeCardData {
  const t = tr(language);
  const data = { networkId, memberId: member.aadObjectId ?? '', agencyCode: member.agencyCode };
  return {
    title: t('network.confirm.title'),
    paragraphs: [
      paragraph(run(member.name, true), run(t('network.confirm.asks')), run(agencyName(agency, language), true), run(t('network.confirm.as')), run(roleName(member.agencyRole, language), true)),
      ...(member.email ? [paragraph(run(t('network.confirm.email'), false, true), run(member.email, false, true))] : []),
    ],
    actions: [
      { title: t('network.confirm.action.confirm'), verb: CONFIRM_VERB, style: 'positive', data },
      { title: t('network.confirm.action.decline'), verb: DECLINE_VERB, style: 'destructive', data },
    ],
  };
}

/**
 * A decider's delivered copy of a request card, refreshed by Teams for its one reader whenever
 * they look at it (REQUEST_VIEW_VERB): the copy shows the outcome once someone decided, without
 * the app rewriting every decider's copy at each decision. Only on copies the outbox sends — an
 * invoke's answer never carries a refresh (teams-ai would replace the message for everyone).
 */
export function withRequestRefresh<C extends object>(card: C, networkId: string, member: MemberDocument, readerAadObjectId: string): C {
  const data = { networkId, memberId: member.aadObjectId ?? '', agencyCode: member.agencyCode };
  // Teams names users in refresh.userIds by MRI; 8:orgid:<Entra object id> is one.
  return { ...card, refresh: { action: { type: 'Action.Execute', verb: REQUEST_VIEW_VERB, data }, userIds: [`8:orgid:${readerAadObjectId.toLowerCase()}`] } };
}

/** A request that can no longer be decided (withdrawn), or that this reader may not decide: no buttons. */
export function requestWithoutActionsCardData(language: Language, member: MemberDocument, agency: Agency, networkId: string): NoticeCardData {
  return { ...confirmRequestCardData(language, member, agency, networkId), actions: [] };
}

export function confirmDecidedCardData(language: Language, member: MemberDocument, agency: Agency, decidedByName: string): NoticeCardData {
  const t = tr(language);
  const request = confirmRequestCardData(language, member, agency, member.networkId);
  const outcome = member.status === 'confirmed' ? t('network.confirm.confirmedBy') : t('network.confirm.declinedBy');
  return { ...request, paragraphs: [...request.paragraphs, paragraph(run(outcome), run(decidedByName, true))], actions: [] };
}

export function membershipWelcomeCardData(language: Language, member: MemberDocument, agency: Agency): NoticeCardData {
  const t = tr(language);
  return {
    title: t('network.welcome.title'),
    paragraphs: [paragraph(run(t('network.welcome.body')), run(agencyName(agency, language), true), run(' — '), run(roleName(member.agencyRole, language))), paragraph(run(t('network.welcome.next')))],
    actions: [],
  };
}

export function declinedCardData(language: Language): NoticeCardData {
  const t = tr(language);
  return { title: t('network.declined.title'), paragraphs: [paragraph(run(t('network.declined.body')))], actions: [] };
}

const ROLE_KEYS: Partial<Record<NetworkRole, MessageKey>> = {
  excomRepresentative: 'network.badge.excom',
  coChair: 'network.badge.coChair',
  secretariat: 'network.badge.secretariat',
};

/**
 * The reader's own object id and tenant id: what an operator writes in NETWORK_ADMINS
 * (`tenantId/objectId=cochair`) or in an import's objectId/tenantId columns.
 */
function identityParagraphs(language: Language, identity: { readonly aadObjectId?: string; readonly tenantId?: string }): Paragraph[] {
  const t = tr(language);
  return [
    ...(identity.aadObjectId ? [paragraph(run(t('network.profile.objectId'), false, true), run(identity.aadObjectId, false, true))] : []),
    ...(identity.tenantId ? [paragraph(run(t('network.profile.tenantId'), false, true), run(identity.tenantId, false, true))] : []),
  ];
}

/** The profile of someone who is not a member yet: their ids, so an operator can add them. */
export function strangerProfileCardData(language: Language, identity: { readonly aadObjectId: string; readonly tenantId: string }): NoticeCardData {
  const t = tr(language);
  return { title: t('network.profile.title'), paragraphs: [paragraph(run(t('network.profile.none'))), ...identityParagraphs(language, identity)], actions: [] };
}

export function profileCardData(
  language: Language,
  profile: { member: MemberDocument; agency?: Agency; roles: ReadonlySet<NetworkRole> } | undefined,
  networkId: string,
): NoticeCardData {
  const t = tr(language);
  if (!profile) return { title: t('network.profile.title'), paragraphs: [paragraph(run(t('network.profile.none')))], actions: [] };
  const { member, agency, roles } = profile;
  const networkRoles = [...roles].flatMap((role) => (ROLE_KEYS[role] ? [t(ROLE_KEYS[role])] : []));
  return {
    title: t('network.profile.title'),
    paragraphs: [
      paragraph(run(member.name, true)),
      paragraph(run(t('network.profile.agency')), run(agency ? agencyName(agency, language) : member.agencyCode, true)),
      paragraph(run(t('network.profile.role')), run(roleName(member.agencyRole, language), true)),
      paragraph(run(t('network.profile.status')), run(t(member.status === 'pending' ? 'network.status.pending' : 'network.status.confirmed'))),
      ...(networkRoles.length > 0 ? [paragraph(run(t('network.profile.networkRoles')), run(networkRoles.join(', ')))] : []),
      paragraph(run(t('network.profile.language')), run(t(`language.name.${member.language}`), true), run(t(member.languageChosen ? 'network.profile.language.chosen' : 'network.profile.language.fromTeams'), false, true)),
      ...identityParagraphs(language, member),
    ],
    actions: [
      { title: t('network.profile.action.otherLanguage'), verb: LANGUAGE_VERB, style: 'default', data: { networkId, language: language === 'fr' ? 'en' : 'fr' } },
      { title: t('network.profile.action.leave'), verb: LEAVE_VERB, style: 'destructive', data: { networkId, memberId: member.aadObjectId ?? '' } },
    ],
  };
}

export function leaveConfirmCardData(language: Language, networkId: string, memberId: string): NoticeCardData {
  const t = tr(language);
  return {
    title: t('network.leave.title'),
    paragraphs: [paragraph(run(t('network.leave.body')))],
    // The only leave action that leaves: the profile card's asks first (cards/confirmation.ts).
    actions: [{ title: t('network.leave.action.confirm'), verb: LEAVE_VERB, style: 'destructive', data: { networkId, memberId, confirm: true } }],
  };
}

export function leftCardData(language: Language): NoticeCardData {
  const t = tr(language);
  return { title: t('network.left.title'), paragraphs: [paragraph(run(t('network.left.body')))], actions: [] };
}

/**
 * A person's organisation as the member list names it: their agency's name (as everywhere), or
 * "Other organisation", with "(external)" when they sign in from a tenant other than the host's.
 */
export function organisationName(language: Language, organisation: Organisation, agencies: readonly Pick<Agency, 'code' | 'name'>[]): string {
  if (organisation.kind === 'agency') {
    const agency = agencies.find((candidate) => candidate.code === organisation.agencyCode);
    return agency ? agencyName(agency, language) : organisation.agencyCode;
  }
  const other = translate(language, 'network.organisation.other');
  return organisation.external ? `${other} (${translate(language, 'network.organisation.external')})` : other;
}

export function memberListCardData(language: Language, view: MemberListView, options: { canSend: boolean; networkId: string }): MemberListCardData {
  const t = tr(language);
  const groups = view.agencies.filter((group) => group.confirmedCount + group.pendingCount > 0 || group.excom || group.coChair);
  const withOrganisation = (entry: MemberListEntry) => `${entry.name} — ${organisationName(language, entry.organisation, view.agencies)}`;
  const elsewhere = (group: (typeof groups)[number]) => {
    const others = group.members.filter((entry) => entry.organisation.kind !== 'agency' || entry.organisation.agencyCode !== group.code);
    return others.length > 0 ? [paragraph(run(t('network.memberList.otherOrganisations')), run(others.map(withOrganisation).join(', ')))] : [];
  };
  return {
    title: t('network.memberList.title'),
    summary: t('network.memberList.summary', { confirmed: view.confirmedCount, pending: view.pendingCount, agencies: groups.length }),
    agencies: groups.map((group) => {
      const badges = [group.excom ? t('network.badge.excom') : '', group.coChair ? t('network.badge.coChair') : '', group.secretariat ? t('network.badge.secretariat') : '']
        .filter((badge) => badge !== '')
        .join(' · ');
      return {
        paragraphs: [
          paragraph(run(agencyName(group, language), true), run(badges ? `  ${badges}` : '', false, true)),
          group.focalPoint
            ? paragraph(run(t('network.memberList.focalPoint')), run(group.focalPoint.name, true), run(` — ${organisationName(language, group.focalPoint.organisation, view.agencies)}`, false, true))
            : paragraph(run(t('network.memberList.noFocalPoint'), false, true)),
          ...(group.alternates.length > 0 ? [paragraph(run(t('network.memberList.alternates')), run(group.alternates.map(withOrganisation).join(', ')))] : []),
          // Plain members are counted, not named — except those who sign in as another organisation.
          ...elsewhere(group),
          paragraph(
            run(t('network.memberList.count', { count: group.confirmedCount }), false, true),
            run(group.pendingCount > 0 ? t('network.memberList.pending', { count: group.pendingCount }) : '', false, true),
          ),
        ],
      };
    }),
    actions: options.canSend ? [{ title: t('network.memberList.action.send'), verb: SEND_LIST_VERB, style: 'default', data: { networkId: options.networkId } }] : [],
  };
}

/** "Send the list to every member?": how many will get it, and that a sent message stays sent. */
export function sendListConfirmationCardData(language: Language, view: MemberListView, recipients: number, networkId: string): ConfirmationCardData {
  const t = tr(language);
  return confirmationCardData({
    language,
    title: t('network.memberList.confirm.title'),
    paragraphs: [
      textParagraph(textRun(t('network.memberList.summary', { confirmed: view.confirmedCount, pending: view.pendingCount, agencies: view.agencies.filter((group) => group.confirmedCount + group.pendingCount > 0).length }), { subtle: true })),
      textParagraph(textRun(t(pluralOf(language, recipients, { one: 'network.memberList.confirm.body.one', other: 'network.memberList.confirm.body.other' }), { count: recipients }))),
    ],
    warning: t('network.memberList.confirm.warning'),
    confirm: { title: t(pluralOf(language, recipients, { one: 'network.memberList.confirm.action.one', other: 'network.memberList.confirm.action.other' }), { count: recipients }), verb: SEND_LIST_VERB, data: { networkId }, style: 'positive' },
    back: { verb: LIST_VIEW_VERB, data: { networkId } },
  });
}

/** Said on top of the list once sent: to how many members. */
export function listSentLines(language: Language, recipients: number): string[] {
  return [translate(language, pluralOf(language, recipients, { one: 'network.memberList.sent.one', other: 'network.memberList.sent.other' }), { count: recipients })];
}

/** `timeZone`: the network's (settings/), the day the term ends is read in; Guinea's when absent. */
export function handoverCardData(language: Language, handover: Handover, agencies: readonly Agency[], timeZone?: string): NoticeCardData {
  const t = tr(language);
  const name = (code: string) => {
    const agency = agencies.find((candidate) => candidate.code === code);
    return agency ? agencyName(agency, language) : code;
  };
  return {
    title: t('network.handover.title'),
    paragraphs: [
      paragraph(
        run(t('network.handover.body')),
        run(name(handover.from.agencyCode), true),
        run(t('network.handover.to')),
        run(name(handover.to.agencyCode), true),
        run(t('network.handover.until', { date: formatDay(language, handover.to.end, timeZone) })),
      ),
    ],
    actions: [],
  };
}

export function reviewCardData(language: Language, group: WorkingGroupDocument): NoticeCardData {
  const t = tr(language);
  return {
    title: t('network.review.title'),
    paragraphs: [paragraph(run(t('network.review.body', { date: formatDay(language, group.reviewDate) })), run(group.name, true)), paragraph(run(group.objective, false, true))],
    actions: [],
  };
}

const BOUND_LIST_LIMIT = 20;

/** To the co-chairs: who was just bound to a member, and how (every binding is announced). */
export function memberBoundCardData(language: Language, notice: Extract<MembershipNotice, { kind: 'memberBound' }>): NoticeCardData {
  const t = tr(language);
  const name = (code: string) => {
    const agency = notice.agencies.find((candidate) => candidate.code === code);
    return agency ? agencyName(agency, language) : code;
  };
  const shown = notice.members.slice(0, BOUND_LIST_LIMIT);
  const more = notice.members.length - shown.length;
  return {
    title: t('network.bound.title'),
    paragraphs: [
      paragraph(run(t(notice.via === 'admin' ? 'network.bound.admin' : notice.via === 'claim' ? 'network.bound.claim' : 'network.bound.import'))),
      ...shown.map((member) =>
        paragraph(run(member.name, true), run(' — '), run(name(member.agencyCode)), run(' — '), run(roleName(member.agencyRole, language)), run(member.tenantId ? `  ${member.tenantId}` : '', false, true)),
      ),
      ...(more > 0 ? [paragraph(run(t('network.bound.more', { count: more }), false, true))] : []),
    ],
    actions: [],
  };
}

/** To the co-chairs: an ExCom agency lost its focal point or its last representative, and what follows. */
export function representativeLostCardData(language: Language, notice: Extract<MembershipNotice, { kind: 'representativeLost' }>): NoticeCardData {
  const t = tr(language);
  const agency = agencyName(notice.agency, language);
  return {
    title: t(notice.remaining === 0 ? 'network.excomLoss.titleNone' : 'network.excomLoss.title', { agency }),
    paragraphs: [
      paragraph(run(notice.member.name, true), run(t(`network.excomLoss.${notice.reason}`, { role: roleName(notice.previousRole, language).toLowerCase(), agency }))),
      notice.remaining === 0
        ? paragraph(run(t('network.excomLoss.none', { agency }), true))
        : paragraph(run(translate(language, pluralOf(language, notice.remaining, { one: 'network.excomLoss.remaining.one', other: 'network.excomLoss.remaining.other' }), { count: notice.remaining, agency }))),
    ],
    actions: [],
  };
}

export type RenderedNotice = { readonly template: 'membershipNotice'; readonly data: NoticeCardData } | { readonly template: 'memberList'; readonly data: MemberListCardData };

/** The card for a notice sent to someone who is not in the conversation, in their language. */
/** `timeZone`: the network's, for the notices that show an instant (a handover's end). */
export function noticeCard(notice: MembershipNotice, language: Language, networkId: string, timeZone?: string): RenderedNotice {
  switch (notice.kind) {
    case 'confirmRequest':
      return { template: 'membershipNotice', data: confirmRequestCardData(language, notice.member, notice.agency, networkId) };
    case 'confirmDecided':
      return { template: 'membershipNotice', data: confirmDecidedCardData(language, notice.member, notice.agency, notice.decidedByName) };
    case 'welcome':
      return { template: 'membershipNotice', data: membershipWelcomeCardData(language, notice.member, notice.agency) };
    case 'declined':
      return { template: 'membershipNotice', data: declinedCardData(language) };
    case 'memberList':
      return { template: 'memberList', data: memberListCardData(language, notice.list, { canSend: false, networkId }) };
    case 'handover':
      return { template: 'membershipNotice', data: handoverCardData(language, notice.handover, notice.agencies, timeZone) };
    case 'workingGroupReview':
      return { template: 'membershipNotice', data: reviewCardData(language, notice.group) };
    case 'memberBound':
      return { template: 'membershipNotice', data: memberBoundCardData(language, notice) };
    case 'representativeLost':
      return { template: 'membershipNotice', data: representativeLostCardData(language, notice) };
  }
}
