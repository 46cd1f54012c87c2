/**
 * The meetings service: loads a meeting, applies the rules, saves with its ETag and asks the
 * outbox to send or update the cards (the network's channels and every invitee 1:1). Bot routes
 * and the tab API call it; it never answers HTTP. Rights come from the permissions table
 * through the membership service; refusals are NetworkErrors or MeetingErrors with a code.
 *
 * Store-operation budget of a card action, whatever the number of members and invitees
 * (README.md, asserted by tests/e2e/meetings-budget.e2e.spec.ts):
 * - RSVP (`meetings.rsvp`): the responder's person (membership: one member read per turn), the
 *   meeting document and the responder's own invitation (one point read each), one write of
 *   that invitation conditional on its ETag; a delegation adds the delegate's person (one
 *   point read). No query, no outbox work inside the invoke. The same answer again writes nothing.
 * - A reader's own view (`meetings.view`, Teams' refresh): the person, the meeting, their invitation.
 * After answers, one background refresh per meeting at a time (CardRefresher) takes them into the
 * attendance summary as deltas — one read of the meeting, one write conditional on its ETag, never
 * a read of the invitations — and updates the channel copies; each invitee's 1:1 copy is brought
 * up to date by Teams' refresh when its reader looks at it.
 */
import { randomUUID } from 'node:crypto';
import { cardMessage, type AdaptiveCardJson, type CardRenderer } from '../cards/card-renderer';
import { CardRefresher } from '../cards/card-refresher';
import { combinedStatus, deliverySummary, type DeliveryStatus } from '../delivery/delivery-status';
import type { ConversationService } from '../delivery/conversation-service';
import type { OutboxService } from '../delivery/outbox-service';
import type { OutboxActivity, Recipient } from '../delivery/outbox-rules';
import type { Language } from '../i18n';
import type { Logger } from '../logger';
import { NetworkError } from '../network/errors';
import type { MembershipService } from '../network/membership-service';
import { MembershipRepository } from '../network/membership-repository';
import type { Agency } from '../network/model';
import { may, type Action } from '../network/permissions';
import type { Person } from '../network/roles';
import type { DocumentStore, Versioned } from '../store/document-store';
import { StoreConflictError } from '../store/errors';
import { withConcurrencyRetry } from '../store/retry';
import { meetingIcs } from './ics';
import { MAX_REFRESH_USERS, meetingCardData, renderMeetingCard, withRefreshFor, type MeetingCardView } from './meeting-cards';
import { MeetingError } from './meeting-errors';
import {
  MEETING_TYPE,
  meetingDocumentId,
  type AttendanceSummary,
  type ConvocationInput,
  type InvitationDocument,
  type Invitee,
  type MeetingDocument,
  type Minutes,
  type Rsvp,
  type RsvpResponse,
  type StoredMeeting,
} from './meeting-model';
import { MeetingRepository } from './meeting-repository';
import { maySeeOnlineLink, meetingDetailView, readerInvitation, type MeetingDetailView } from './meeting-views';
import { TAB_ROUTES, tabLink, type TabLink } from '../cards/tab-links';
import {
  DEFAULT_REMINDER_OFFSET_HOURS,
  SUMMARY_MARGIN_MS,
  applyAttendanceDeltas,
  applyRsvp,
  attendanceByAgency,
  attendanceDelta,
  automaticReminderDue,
  cancelMeeting,
  editMeeting,
  nextRegularDue,
  nonResponders,
  recordMinutes,
  recordReminder,
  recountAttendance,
  resolveInvitees,
  summariseAttendance,
  validateConvocation,
  withOwnAnswer,
  type AttendanceDelta,
  type DelegateCandidate,
  type InvitableMember,
  type NextRegular,
} from './meeting-rules';
import { BUILT_IN_DEFAULTS, type NetworkPreferences, type PreferencesOf } from '../settings/model';

/** Another instance (or an earlier tick) sent the automatic reminder first. */
class ReminderNotDue extends Error {}

export interface MeetingServiceOptions {
  readonly store: DocumentStore;
  readonly membership: MembershipService;
  readonly outbox: OutboxService;
  /** Where the bot is installed: the network's channels get the convocation and the minutes. */
  readonly conversations: ConversationService;
  readonly cards: CardRenderer;
  readonly logger: Logger;
  /** The server's public base URL (cards link the .ics there); read when a card is rendered. */
  readonly publicUrl: () => string;
  /** Links to the tab's pages (a Teams deep link when the Teams app id is known); default: the web address under publicUrl. */
  readonly tabLink?: TabLink;
  /** Without `preferences`: hours before a meeting when invitees who have not answered are reminded. */
  readonly reminderOffsetHours?: number;
  /** The network's language (channel copies), zone (a convocation without one) and meeting reminder (settings/). */
  readonly preferences?: PreferencesOf;
  readonly now?: () => Date;
  /** How long answers are folded into one background refresh (cards/card-refresher.ts). */
  readonly cardRefreshWindowMs?: number;
  /**
   * Told once minutes are recorded (saved, their card queued): the work plan tracks their action
   * items (main.ts). A failure is logged and the minutes stay recorded; saving them again (or the
   * work plan's `from-minutes`) catches up, as tracking is idempotent per line.
   */
  readonly onMinutesRecorded?: (networkId: string, recordedBy: string, meeting: StoredMeeting) => Promise<void>;
}

/** The invitees' own (1:1) copies of the convocation. */
export const convocationKey = (meetingId: string) => `meeting:${meetingId}:convocation`;
/** The channels' copies, apart: after an answer only these are rewritten. */
export const convocationChannelKey = (meetingId: string) => `meeting:${meetingId}:convocation-channel`;
const reminderKey = (meetingId: string, n: number) => `meeting:${meetingId}:reminder:${n}`;
const minutesKey = (meetingId: string) => `meeting:${meetingId}:minutes`;

// A summary write that lost to another (a co-chair's change, a refresh on another instance) is
// tried again on the new version; past this many tries the deltas wait for the next answer or tick.
const SUMMARY_ATTEMPTS = 20;
const SUMMARY_PAUSE_MS = 25;
export { SUMMARY_MARGIN_MS };

export interface MeetingSummary {
  readonly meetingId: string;
  readonly kind: StoredMeeting['kind'];
  readonly title: string;
  readonly start: string;
  readonly end: string;
  readonly timeZone: string;
  readonly status: StoredMeeting['status'];
  readonly invited: number;
  readonly answered: number;
  readonly hasMinutes: boolean;
}

/** What an answer leaves: the meeting as the responder should see it, and their invitation. */
export interface Answered {
  readonly person: Person;
  /** The meeting document, its summary showing the responder's own answer. */
  readonly meeting: StoredMeeting;
  readonly invitation: InvitationDocument;
}

export class MeetingService {
  private readonly repository: MeetingRepository;
  private readonly members: MembershipRepository;
  private readonly now: () => Date;
  /** Summary and channel-card refreshes after an answer, one per meeting at a time (syncSummary). */
  private readonly refresher: CardRefresher;
  /**
   * Answers given in this process not yet in their meeting's summary, by meeting (keyOf): what
   * the next refresh applies. Lost if the process dies first; the first scheduler pass after the
   * start recounts the meetings answered just before (see tick).
   */
  private readonly pendingDeltas = new Map<string, AttendanceDelta[]>();

  constructor(private readonly options: MeetingServiceOptions) {
    this.now = options.now ?? (() => new Date());
    this.repository = new MeetingRepository(options.store, this.now);
    this.members = new MembershipRepository(options.store);
    this.refresher = new CardRefresher({
      refresh: (networkId, meetingId) => this.syncSummary(networkId, meetingId),
      subject: 'meeting',
      logger: options.logger,
      ...(options.cardRefreshWindowMs !== undefined ? { windowMs: options.cardRefreshWindowMs } : {}),
    });
  }

  /** Resolves once no summary refresh is waiting or running in this process (tests, benchmarks). */
  cardsIdle(): Promise<void> {
    return this.refresher.idle();
  }

  /** Shutdown: running refreshes finish; the answers waiting for one are recounted by the first scheduler pass after the restart. */
  async stopCardRefreshes(): Promise<void> {
    const dropped = await this.refresher.stop();
    if (dropped > 0) this.options.logger.info({ dropped }, 'meeting summary refreshes left to the scheduler');
  }

  // ---- reading ---------------------------------------------------------------------------

  async list(networkId: string, actorId: string): Promise<{ readonly meetings: readonly MeetingSummary[]; readonly nextRegular: NextRegular }> {
    await this.reader(networkId, actorId);
    const meetings = await this.repository.all(networkId);
    return {
      meetings: meetings.map((meeting) => ({
        meetingId: meeting.meetingId,
        kind: meeting.kind,
        title: meeting.title,
        start: meeting.start,
        end: meeting.end,
        timeZone: meeting.timeZone,
        status: meeting.status,
        invited: meeting.attendance.invited,
        answered: meeting.attendance.answered,
        hasMinutes: meeting.minutes !== undefined,
      })),
      nextRegular: nextRegularDue(meetings, this.now()),
    };
  }

  /** The tab's detail page, as this reader may see it (meeting-views.ts): every invitee, counted now. */
  async detail(networkId: string, actorId: string, meetingId: string, language: Language): Promise<MeetingDetailView> {
    const person = await this.reader(networkId, actorId);
    const meeting = await this.loadFull(networkId, meetingId);
    const status = await this.deliveryStatus(networkId, meetingId);
    return meetingDetailView({
      meeting,
      readerInvited: meeting.invited.some((invitee) => invitee.aadObjectId === actorId.toLowerCase()),
      readerInvitation: readerInvitation(meeting, actorId),
      attendance: attendanceByAgency(meeting),
      people: meeting.invited.map((invitee) => {
        const rsvp = meeting.rsvps[invitee.aadObjectId];
        return {
          aadObjectId: invitee.aadObjectId,
          name: invitee.name,
          agencyCode: invitee.agencyCode,
          ...(rsvp ? { response: rsvp.response } : {}),
          ...(rsvp?.delegate ? { delegateName: rsvp.delegate.name } : {}),
        };
      }),
      nonResponders: nonResponders(meeting).map(({ aadObjectId, name, agencyCode }) => ({ aadObjectId, name, agencyCode })),
      delivery: { ...status, summary: deliverySummary(status, language) },
      allowed: (['convene', 'editMeeting', 'remindInvitees', 'recordMinutes', 'rsvp'] as const).filter((action) => may(person, action)),
    }, person);
  }

  /** The reader's roles, for the view of what a change returns (a member of the network only). */
  async readerOf(networkId: string, actorId: string): Promise<Person> {
    return this.reader(networkId, actorId);
  }

  /**
   * The .ics: anyone holding the meeting's (unguessable) id may add it to their calendar. That id
   * is on channel cards too, which pending people read, so the online link is only in the file
   * when `withOnlineLink` (the signed-in download, for those who may join).
   */
  async ics(networkId: string, meetingId: string, withOnlineLink = false): Promise<string> {
    return this.icsOf(networkId, (await this.load(networkId, meetingId)).document, withOnlineLink);
  }

  /** The signed-in .ics download: the online link for those who may join, as on their card. */
  async icsFor(networkId: string, actorId: string, meetingId: string): Promise<string> {
    const person = await this.reader(networkId, actorId);
    const { meeting, invitation } = await this.loadWithInvitation(networkId, meetingId, actorId);
    return this.icsOf(networkId, meeting.document, maySeeOnlineLink(person, invitation !== undefined));
  }

  /**
   * The zone a convocation draft's times are read in (POST /meetings/draft): the network's, for a
   * reader of the network only — someone of no network reads nothing of it, its zone included.
   */
  async draftZone(networkId: string, actorId: string): Promise<string> {
    await this.reader(networkId, actorId);
    return (await this.preferences(networkId)).timeZone;
  }

  // ---- convening -------------------------------------------------------------------------

  /** The network's language, zone and reminders (settings/, cached: no store operation while warm). */
  preferences(networkId: string): Promise<NetworkPreferences> {
    if (this.options.preferences) return this.options.preferences(networkId);
    return Promise.resolve({ ...BUILT_IN_DEFAULTS, meetingReminderHours: this.options.reminderOffsetHours ?? DEFAULT_REMINDER_OFFSET_HOURS });
  }

  async convene(networkId: string, actorId: string, input: ConvocationInput): Promise<MeetingDocument> {
    await this.require(networkId, actorId, 'convene');
    const now = this.now();
    const preferences = await this.preferences(networkId);
    // A convocation that names no zone is in the network's (settings, Paramètres).
    const valid = validateConvocation(input.timeZone.trim() ? input : { ...input, timeZone: preferences.timeZone }, now);
    const agencies = await this.options.membership.agencies(networkId);
    this.checkAgencies(valid, agencies);
    const invited = resolveInvitees(valid.invitees, {
      members: await this.invitableMembers(networkId),
      excomAgencies: agencies.filter((agency) => agency.excom).map((agency) => agency.code),
      workingGroups: (await this.members.workingGroups(networkId)).map((entry) => entry.document),
    });
    const meetingId = randomUUID();
    const meeting: MeetingDocument = {
      ...valid,
      id: meetingDocumentId(meetingId),
      networkId,
      type: MEETING_TYPE,
      meetingId,
      status: 'scheduled',
      sequence: 0,
      attendance: summariseAttendance(invited, now),
      refreshFor: invited.slice(0, MAX_REFRESH_USERS).map((invitee) => invitee.aadObjectId),
      invited,
      rsvps: {},
      // Kept on the meeting: a later change of the network's reminder applies to meetings convened after it.
      reminderOffsetHours: preferences.meetingReminderHours,
      reminders: [],
      createdBy: actorId.toLowerCase(),
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    await this.repository.create(meeting);
    await this.members.audit(networkId, { actor: actorId.toLowerCase(), action: 'meeting.convene', subject: meeting.id, before: null, after: { title: meeting.title, start: meeting.start, invited: invited.length } }, now);
    const channels = await this.options.conversations.installedChannels(networkId);
    if (channels.length > 0) await this.options.outbox.enqueue(networkId, convocationChannelKey(meetingId), channels.map(channelRecipient), this.sharedActivity(meeting, agencies, preferences.language));
    await this.options.outbox.enqueue(networkId, convocationKey(meetingId), invited.map(memberRecipient), this.personalActivities(meeting, 'convocation', invited, agencies));
    return meeting;
  }

  async edit(networkId: string, actorId: string, meetingId: string, input: ConvocationInput): Promise<StoredMeeting> {
    await this.require(networkId, actorId, 'editMeeting');
    const agencies = await this.options.membership.agencies(networkId);
    const saved = await this.change(networkId, meetingId, (meeting) => {
      const next = editMeeting(meeting, input, this.now());
      this.checkAgencies(next, agencies);
      return next;
    });
    await this.members.audit(networkId, { actor: actorId.toLowerCase(), action: 'meeting.edit', subject: saved.id, before: null, after: { title: saved.title, start: saved.start, sequence: saved.sequence } }, this.now());
    await this.updateCards(networkId, saved, agencies);
    return saved;
  }

  async cancel(networkId: string, actorId: string, meetingId: string): Promise<StoredMeeting> {
    await this.require(networkId, actorId, 'editMeeting');
    const saved = await this.change(networkId, meetingId, (meeting) => cancelMeeting(meeting, this.now()));
    await this.members.audit(networkId, { actor: actorId.toLowerCase(), action: 'meeting.cancel', subject: saved.id, before: null, after: { status: saved.status } }, this.now());
    await this.updateCards(networkId, saved, await this.options.membership.agencies(networkId));
    return saved;
  }

  // ---- answers ---------------------------------------------------------------------------

  /**
   * Records the actor's answer on their own invitation (see the budget at the top). Answers
   * arriving together never race (one document each); the person's own double click is an ETag
   * race, re-read and re-applied. The other copies of the card catch up after the invoke.
   */
  async rsvp(networkId: string, actorId: string, meetingId: string, response: RsvpResponse, delegateId?: string): Promise<Answered> {
    const person = await this.require(networkId, actorId, 'rsvp');
    const delegate = response === 'delegated' ? await this.delegateCandidate(networkId, delegateId) : undefined;
    const { meeting, invitation, changed, previous } = await withConcurrencyRetry(async () => {
      const { meeting: found, invitation: current } = await this.loadWithInvitation(networkId, meetingId, actorId);
      const next = applyRsvp(found.document, current?.document, { aadObjectId: actorId }, response, delegate, this.now());
      if (current && next !== current.document) await this.repository.saveInvitation(next, current.etag);
      return { meeting: found.document, invitation: next, changed: next !== current?.document, previous: current?.document };
    });
    // What the summary read counts for them: their answer before this one, unless that one has not reached it yet either.
    const view = this.answeredView(person, meeting, invitation, previous?.rsvp?.response);
    const delta = changed && previous ? attendanceDelta(previous, invitation) : undefined;
    if (delta) {
      const key = keyOf(networkId, meetingId);
      this.pendingDeltas.set(key, [...(this.pendingDeltas.get(key) ?? []), delta]);
      this.refresher.schedule(networkId, meetingId);
    }
    return view;
  }

  /** The card a reader answers from, as they see it: their answer, in their zone; `colleagues` opens the delegation form. */
  async readerCard(networkId: string, answered: Answered, language: Language, timeZone: string | undefined, colleagues?: readonly DelegateCandidate[]): Promise<AdaptiveCardJson> {
    const { person, meeting, invitation } = answered;
    return renderMeetingCard(
      this.options.cards,
      meetingCardData(language, meeting, {
        kind: 'convocation',
        networkId,
        onlineLink: maySeeOnlineLink(person, true),
        agencies: await this.options.membership.agencies(networkId),
        ...this.cardLinks(networkId, meeting.meetingId),
        ...(timeZone ? { timeZone } : {}),
        reader: { aadObjectId: invitation.aadObjectId, ...(invitation.rsvp ? { answer: invitation.rsvp } : {}), ...(colleagues ? { colleagues } : {}) },
      }),
    );
  }

  /**
   * The card as everyone in a channel sees it (an Action.Execute answer there replaces the
   * message): no one's answer on it; Teams then refreshes each listed invitee's own view (VIEW_VERB).
   */
  async sharedCard(networkId: string, meeting: StoredMeeting, onlineLink = false): Promise<AdaptiveCardJson> {
    const [agencies, { language }] = await Promise.all([this.options.membership.agencies(networkId), this.preferences(networkId)]);
    return renderMeetingCard(this.options.cards, meetingCardData(language, meeting, { kind: 'convocation', networkId, agencies, ...this.cardLinks(networkId, meeting.meetingId), onlineLink }));
  }

  /**
   * A reader's own view of a meeting card (Teams' refresh of a channel copy or of their 1:1
   * copy): their card when invited, the shared view otherwise. Reads the person, the meeting
   * and their invitation; writes nothing.
   */
  async viewFor(networkId: string, actorId: string, meetingId: string, language: Language, timeZone: string | undefined): Promise<AdaptiveCardJson> {
    const person = await this.reader(networkId, actorId);
    const { meeting, invitation } = await this.loadWithInvitation(networkId, meetingId, actorId);
    // A co-chair or the secretariat not invited still reads the link; a pending reader never.
    if (!invitation) return this.sharedCard(networkId, meeting.document, maySeeOnlineLink(person, false));
    return this.readerCard(networkId, this.answeredView(person, meeting.document, invitation.document, invitation.document.rsvp?.response), language, timeZone);
  }

  /**
   * "Delegate to a colleague": the reader's own card with the delegation form open, offering the
   * confirmed colleagues of the agency they were invited for. Only this action lists colleagues
   * (the cards themselves never carry the list), so answering stays the same cost however large
   * an agency is.
   */
  async delegationForm(networkId: string, actorId: string, meetingId: string, language: Language, timeZone: string | undefined): Promise<AdaptiveCardJson> {
    const { person, meeting, invitation, colleagues } = await this.delegationChoices(networkId, actorId, meetingId);
    if (colleagues.length === 0) throw new MeetingError('delegateUnknown', `No confirmed colleague of ${invitation.agencyCode} to delegate to.`);
    return this.readerCard(networkId, this.answeredView(person, meeting, invitation, invitation.rsvp?.response), language, timeZone, colleagues);
  }

  /**
   * The tab's "Delegate to a colleague": the same colleagues the card's form offers (confirmed
   * members of the agency the reader was invited for, bound to an Entra id — the delegation's
   * rules check the one chosen again), for an invitee who may answer. Names and ids only.
   */
  async delegates(networkId: string, actorId: string, meetingId: string): Promise<readonly DelegateCandidate[]> {
    return (await this.delegationChoices(networkId, actorId, meetingId)).colleagues;
  }

  /** Who may delegate (an invitee with the rsvp right, the meeting not cancelled) and to whom: one members query. */
  private async delegationChoices(networkId: string, actorId: string, meetingId: string) {
    const person = await this.require(networkId, actorId, 'rsvp');
    const { meeting, invitation } = await this.loadWithInvitation(networkId, meetingId, actorId);
    if (meeting.document.status === 'cancelled') throw new MeetingError('cancelled', 'The meeting was cancelled.');
    if (!invitation) throw new MeetingError('notInvited', `${actorId} is not invited to ${meetingId}.`);
    return { person, meeting: meeting.document, invitation: invitation.document, colleagues: await this.colleagues(networkId, invitation.document) };
  }

  // ---- reminders -------------------------------------------------------------------------

  /** On demand from the tab: those who have not answered, and only them. */
  async remind(networkId: string, actorId: string, meetingId: string): Promise<{ readonly recipients: number }> {
    await this.require(networkId, actorId, 'remindInvitees');
    return this.sendReminder(networkId, meetingId, false);
  }

  /**
   * Automatic reminders at the configured offset before each meeting (once per meeting), and
   * answers not yet in their summary: those of this process a refresh could not write (applied
   * now) and, on the first pass after a start (`afterStart`), those a stopped or crashed process
   * never applied — a meeting answered since just before its summary last changed is recounted.
   */
  async tick(networkId: string, options: { readonly afterStart?: boolean } = {}): Promise<number> {
    const now = this.now();
    let sent = 0;
    // Meetings under way are still answered (and counted) for a day.
    for (const meeting of await this.repository.upcoming(networkId, new Date(now.getTime() - 24 * 3600_000).toISOString())) {
      if (automaticReminderDue(meeting, now)) {
        const result = await this.sendReminder(networkId, meeting.meetingId, true);
        if (result.recipients >= 0) sent += 1;
      }
      if (options.afterStart) {
        const since = new Date(Date.parse(meeting.attendance.asOf) - SUMMARY_MARGIN_MS).toISOString();
        if (await this.repository.answeredSince(networkId, meeting.meetingId, since)) await this.recount(networkId, meeting.meetingId, 'answered before a restart');
      }
    }
    for (const key of [...this.pendingDeltas.keys()]) {
      const [network, meetingId] = key.split('\u0000') as [string, string];
      if (network !== networkId) continue;
      await this.refresher.refreshNow(networkId, meetingId).catch((error: unknown) => {
        this.options.logger.error({ err: error, networkId, meetingId }, 'meeting summary could not be refreshed; the next tick retries');
      });
    }
    return sent;
  }

  // ---- after the meeting -----------------------------------------------------------------

  async recordMinutes(networkId: string, actorId: string, meetingId: string, minutes: Omit<Minutes, 'recordedAt' | 'recordedBy'>): Promise<StoredMeeting> {
    await this.require(networkId, actorId, 'recordMinutes');
    const agencies = await this.options.membership.agencies(networkId);
    const known = new Set(agencies.map((agency) => agency.code));
    const unknown = [...minutes.attendance, ...minutes.actionItems.map((item) => item.agencyCode)].filter((code) => !known.has(code));
    if (unknown.length > 0) throw new NetworkError('unknownAgency', `Unknown agencies: ${unknown.slice(0, 5).join(', ')}`);
    const saved = await this.change(networkId, meetingId, (meeting) => recordMinutes(meeting, { ...minutes, recordedBy: actorId.toLowerCase() }, this.now()));
    // The close of the answers: the summary the report reads is counted from every invitation.
    await this.recount(networkId, meetingId, 'minutes');
    await this.members.audit(networkId, { actor: actorId.toLowerCase(), action: 'meeting.minutes', subject: saved.id, before: null, after: { attendance: minutes.attendance } }, this.now());
    const key = `${minutesKey(meetingId)}:${saved.minutes?.recordedAt.replace(/[^\dTZ]/g, '') ?? ''}`;
    const channels = await this.options.conversations.installedChannels(networkId);
    if (channels.length > 0) {
      const { language } = await this.preferences(networkId);
      await this.options.outbox.enqueue(networkId, key, channels.map(channelRecipient), this.activity(saved, { kind: 'minutes', networkId, agencies, ...this.cardLinks(networkId, meetingId) }, language));
    }
    await this.options.onMinutesRecorded?.(networkId, actorId, saved).catch((error: unknown) => {
      this.options.logger.error({ err: error, networkId, meetingId }, 'the action items of the minutes could not be tracked; saving the minutes again catches up');
    });
    return saved;
  }

  // ---- internals -------------------------------------------------------------------------

  /**
   * After answers: takes the answers given in this process since the last refresh into the
   * meeting's summary (deltas: one read of the meeting, one write conditional on its ETag,
   * whatever the number of invitees) and, when the counts changed, rewrites the channel copies
   * with them (written before the count, so a crash in between leaves copies ahead of the count,
   * never behind it). A write that lost to another (a co-chair's change, a refresh on another
   * instance) applies the same deltas to the new version. A summary from before deltas is
   * recounted once instead.
   */
  private async syncSummary(networkId: string, meetingId: string): Promise<void> {
    const key = keyOf(networkId, meetingId);
    const deltas = this.pendingDeltas.get(key) ?? [];
    this.pendingDeltas.delete(key);
    let agencies: readonly Agency[] | undefined;
    try {
      for (let attempt = 1; attempt <= SUMMARY_ATTEMPTS; attempt += 1) {
        const current = await this.repository.meeting(networkId, meetingId);
        if (!current) return;
        if (current.document.attendance.revisions === undefined) {
          await this.recount(networkId, meetingId, 'summary from before deltas');
          return;
        }
        const { summary, applied } = applyAttendanceDeltas(current.document.attendance, deltas, this.now());
        if (summary === current.document.attendance) return;
        const meeting: StoredMeeting = { ...current.document, attendance: summary };
        if (applied > 0 && current.document.status !== 'cancelled' && !sameCounts(current.document.attendance, summary)) {
          agencies ??= await this.options.membership.agencies(networkId);
          await this.options.outbox.update(networkId, convocationChannelKey(meetingId), this.sharedActivity(meeting, agencies, (await this.preferences(networkId)).language));
        }
        try {
          await this.repository.replace(meeting, current.etag);
          return;
        } catch (error) {
          if (!(error instanceof StoreConflictError)) throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, SUMMARY_PAUSE_MS));
      }
      this.options.logger.warn({ networkId, meetingId }, 'meeting summary kept changing; the next answer or tick applies its answers');
      this.keepPending(key, deltas);
    } catch (error) {
      // Not applied: they wait for the next refresh (the next answer, or the scheduler's tick).
      this.keepPending(key, deltas);
      throw error;
    }
  }

  /** Deltas that could not be applied go back before those that came in meanwhile. */
  private keepPending(key: string, deltas: readonly AttendanceDelta[]): void {
    if (deltas.length === 0) return;
    this.pendingDeltas.set(key, [...deltas, ...(this.pendingDeltas.get(key) ?? [])]);
  }

  /**
   * Counts the attendance again from every invitation (one query of the meeting's invitations)
   * and stores it, conditional on the meeting's ETag, with the channel copies rewritten first
   * when the counts changed (unless the caller rewrites every copy itself). Where all the
   * invitations are read anyway or a delta may have been lost: the first scheduler pass after a
   * start, reminders, edits and cancellation, the minutes. A count that differed from the one
   * kept by deltas (a delta lost in a crash) is logged. Deltas still on their way are not
   * counted twice (recountAttendance remembers what it read of the latest answers).
   */
  private async recount(
    networkId: string,
    meetingId: string,
    reason: string,
    options: { readonly updateChannel?: boolean } = {},
  ): Promise<{ readonly meeting: StoredMeeting; readonly invitations: Awaited<ReturnType<MeetingRepository['invitations']>> } | undefined> {
    return withConcurrencyRetry(async () => {
      const current = await this.repository.meeting(networkId, meetingId);
      if (!current) return undefined;
      // Stamped before the invitations are read: an answer given after it is not in the count.
      const readAt = this.now();
      const invitations = await this.repository.invitations(networkId, meetingId);
      const attendance = recountAttendance(invitations, readAt);
      const before = current.document.attendance;
      const meeting: StoredMeeting = { ...current.document, attendance };
      const changed = !sameCounts(before, attendance);
      if ((changed || before.revisions !== attendance.revisions) && before.revisions !== undefined) {
        this.options.logger.warn({ networkId, meetingId, reason, kept: { answered: before.answered, revisions: before.revisions }, counted: { answered: attendance.answered, revisions: attendance.revisions } }, 'meeting attendance summary repaired from the invitations');
      }
      if (changed && options.updateChannel !== false && current.document.status !== 'cancelled') {
        await this.options.outbox.update(networkId, convocationChannelKey(meetingId), this.sharedActivity(meeting, await this.options.membership.agencies(networkId), (await this.preferences(networkId)).language));
      }
      return { meeting: (await this.repository.replace(meeting, current.etag)).document, invitations };
    });
  }

  private async sendReminder(networkId: string, meetingId: string, automatic: boolean): Promise<{ readonly recipients: number }> {
    let targets: Invitee[] = [];
    let number = 0;
    let saved: StoredMeeting;
    try {
      saved = await withConcurrencyRetry(async () => {
        const current = await this.repository.get(networkId, meetingId);
        if (!current) throw new MeetingError('unknownMeeting', `No meeting ${meetingId}.`);
        const meeting = current.document;
        if (meeting.status === 'cancelled') throw new MeetingError('cancelled', 'The meeting was cancelled.');
        if (automatic && !automaticReminderDue(meeting, this.now())) throw new ReminderNotDue();
        targets = nonResponders(meeting);
        number = meeting.reminders.length + 1;
        // The record is written first, with the ETag: of two instances, only one reminds.
        return (await this.repository.replace(recordReminder(meeting, automatic, targets.length, this.now()), current.etag)).document;
      });
    } catch (error) {
      if (error instanceof ReminderNotDue) return { recipients: -1 };
      throw error;
    }
    if (targets.length > 0) {
      const agencies = await this.options.membership.agencies(networkId);
      await this.options.outbox.enqueue(networkId, reminderKey(meetingId, number), targets.map(memberRecipient), this.personalActivities(saved, 'reminder', targets, agencies));
    }
    await this.recount(networkId, meetingId, 'reminder');
    this.options.logger.info({ meetingId, automatic, recipients: targets.length }, 'meeting reminder sent');
    return { recipients: targets.length };
  }

  /** After an edit or a cancellation: every copy, each invitee's with their own answer, counted now. */
  private async updateCards(networkId: string, saved: StoredMeeting, agencies: readonly Agency[]): Promise<void> {
    const counted = await this.recount(networkId, saved.meetingId, saved.status === 'cancelled' ? 'cancellation' : 'edit', { updateChannel: false });
    if (!counted) return;
    const { meeting, invitations } = counted;
    const personal = this.personalActivities(meeting, 'convocation', invitations, agencies);
    const shared = this.sharedActivity(meeting, agencies, (await this.preferences(networkId)).language);
    const source = (recipient: Recipient) => (recipient.kind === 'member' ? personal(recipient) : shared);
    // Meetings issued before the channels had their own key keep both kinds under the first.
    await this.options.outbox.update(networkId, convocationKey(saved.meetingId), source);
    await this.options.outbox.update(networkId, convocationChannelKey(saved.meetingId), source);
  }

  /**
   * Each invitee's own copy: their language and answer, refreshed for them by Teams. Rendered
   * once per distinct (language, answer) and given each reader's refresh id, so a convocation
   * to thousands renders a handful of cards.
   */
  private personalActivities(
    meeting: StoredMeeting,
    kind: 'convocation' | 'reminder',
    people: readonly (Invitee & { readonly rsvp?: Rsvp })[],
    agencies: readonly Agency[],
  ): (recipient: Recipient) => OutboxActivity {
    const byId = new Map(people.map((person) => [person.aadObjectId.toLowerCase(), person]));
    const rendered = new Map<string, AdaptiveCardJson>();
    return (recipient) => {
      const id = recipient.kind === 'member' ? recipient.aadObjectId.toLowerCase() : '';
      const person = byId.get(id);
      const language = person?.language ?? 'fr';
      const answer = person?.rsvp;
      const key = JSON.stringify([language, answer?.response, answer?.delegate?.name]);
      let card = rendered.get(key);
      if (!card) {
        // A card with a reader goes 1:1 to an invitee (confirmed when invited): the online link is theirs.
        const view: MeetingCardView = { kind, networkId: meeting.networkId, agencies, ...this.cardLinks(meeting.networkId, meeting.meetingId), onlineLink: true, reader: { aadObjectId: id, ...(answer ? { answer } : {}) } };
        card = renderMeetingCard(this.options.cards, meetingCardData(language, meeting, view));
        rendered.set(key, card);
      }
      return cardMessage(kind === 'convocation' && meeting.status !== 'cancelled' ? withRefreshFor(card, meeting.networkId, meeting.meetingId, id) : card);
    };
  }

  /** The channels' copy: in the network's language, no one's answer, never the online link (pending people read channels). */
  private sharedActivity(meeting: StoredMeeting, agencies: readonly Agency[], language: Language): OutboxActivity {
    return this.activity(meeting, { kind: 'convocation', networkId: meeting.networkId, agencies, ...this.cardLinks(meeting.networkId, meeting.meetingId) }, language);
  }

  private activity(meeting: StoredMeeting, view: MeetingCardView, language: Language): OutboxActivity {
    return cardMessage(renderMeetingCard(this.options.cards, meetingCardData(language, meeting, view)));
  }

  /**
   * The meeting as this reader should see it: the summary read, with the answers this process
   * has not yet written into it (at most one refresh window of them) and the reader's own answer
   * — so a card shows its reader's click, and the clicks just before it, at once. `counted`: what
   * the summary read holds for the reader (a reader's view: their latest answer, as answers reach
   * it within a moment; an answer turn: the one before).
   */
  private answeredView(person: Person, meeting: StoredMeeting, invitation: InvitationDocument, counted: RsvpResponse | undefined): Answered {
    const waiting = this.pendingDeltas.get(keyOf(meeting.networkId, meeting.meetingId)) ?? [];
    const summary = waiting.length > 0 ? applyAttendanceDeltas(meeting.attendance, waiting, this.now()).summary : meeting.attendance;
    const mine = waiting.findLast((delta) => delta.aadObjectId === invitation.aadObjectId);
    const attendance = withOwnAnswer(summary, invitation.agencyCode, mine ? mine.to : counted, invitation.rsvp?.response);
    return { person, meeting: { ...meeting, attendance }, invitation };
  }

  /** The channels' and the invitees' copies of the convocation, as one delivery status. */
  private async deliveryStatus(networkId: string, meetingId: string): Promise<DeliveryStatus> {
    const [personal, channels] = await Promise.all([this.options.outbox.status(networkId, convocationKey(meetingId)), this.options.outbox.status(networkId, convocationChannelKey(meetingId))]);
    return combinedStatus(personal, channels);
  }

  private icsOf(networkId: string, stored: StoredMeeting, withOnlineLink: boolean): string {
    const { onlineUrl: _onlineUrl, ...withoutLink } = stored;
    const meeting = withOnlineLink ? stored : withoutLink;
    return meetingIcs(meeting, { uidDomain: `reseau-${networkId}`, description: meeting.agenda.map((item, index) => `${index + 1}. ${item.title}`).join('\n') });
  }

  private icsUrl(networkId: string, meetingId: string): string {
    return `${this.options.publicUrl().replace(/\/+$/, '')}/meetings/${encodeURIComponent(networkId)}/${meetingId}.ics`;
  }

  /** What a meeting card links to: its .ics, and its page in the tab. */
  private cardLinks(networkId: string, meetingId: string): { icsUrl: string; tabUrl?: string } {
    const tabUrl = (this.options.tabLink ?? tabLink({ publicUrl: this.options.publicUrl }))(TAB_ROUTES.meeting(meetingId));
    return { icsUrl: this.icsUrl(networkId, meetingId), ...(tabUrl ? { tabUrl } : {}) };
  }

  /** A change to the meeting document (its invitations untouched), replace-if-match, retried on a race. */
  private async change(networkId: string, meetingId: string, mutate: (meeting: StoredMeeting) => StoredMeeting): Promise<StoredMeeting> {
    return withConcurrencyRetry(async () => {
      const current = await this.load(networkId, meetingId);
      return (await this.repository.replace(mutate(current.document), current.etag)).document;
    });
  }

  /** The meeting document (one point read); unknownMeeting for an id that is not a meeting's. */
  private async load(networkId: string, meetingId: string): Promise<Versioned<StoredMeeting>> {
    const found = isMeetingId(meetingId) ? await this.repository.meeting(networkId, meetingId) : undefined;
    if (!found) throw new MeetingError('unknownMeeting', `No meeting ${meetingId.slice(0, 60)}.`);
    return found;
  }

  /** The meeting document and the reader's invitation (two point reads, together); unknownMeeting as load. */
  private async loadWithInvitation(networkId: string, meetingId: string, aadObjectId: string): Promise<{ meeting: Versioned<StoredMeeting>; invitation?: Versioned<InvitationDocument> }> {
    const found = isMeetingId(meetingId) ? await this.repository.meetingAndInvitation(networkId, meetingId, aadObjectId) : {};
    if (!found.meeting) throw new MeetingError('unknownMeeting', `No meeting ${meetingId.slice(0, 60)}.`);
    return { meeting: found.meeting, ...(found.invitation ? { invitation: found.invitation } : {}) };
  }

  private async loadFull(networkId: string, meetingId: string): Promise<MeetingDocument> {
    const found = isMeetingId(meetingId) ? await this.repository.get(networkId, meetingId) : undefined;
    if (!found) throw new MeetingError('unknownMeeting', `No meeting ${meetingId.slice(0, 60)}.`);
    return found.document;
  }

  /** The delegate named on the card: a confirmed member bound to an Entra id (one point read, memoised per turn). */
  private async delegateCandidate(networkId: string, delegateId: string | undefined): Promise<DelegateCandidate> {
    const unknown = () => new MeetingError('delegateUnknown', `No confirmed member ${String(delegateId).slice(0, 60)}.`);
    if (!delegateId) throw unknown();
    const profile = await this.options.membership.profile(networkId, delegateId);
    const member = profile?.member;
    if (!member || member.status !== 'confirmed' || !member.tenantId || member.aadObjectId?.toLowerCase() !== delegateId.toLowerCase()) throw unknown();
    return { aadObjectId: member.aadObjectId.toLowerCase(), name: member.name, agencyCode: member.agencyCode };
  }

  /** Confirmed colleagues of the agency an invitee was invited for, to delegate to (one query of the members). */
  private async colleagues(networkId: string, invitation: InvitationDocument): Promise<DelegateCandidate[]> {
    return (await this.invitableMembers(networkId))
      .filter((member) => member.agencyCode === invitation.agencyCode && member.aadObjectId.toLowerCase() !== invitation.aadObjectId)
      .map(({ aadObjectId, name, agencyCode }) => ({ aadObjectId, name, agencyCode }))
      .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  }

  private checkAgencies(input: ConvocationInput, agencies: readonly Agency[]): void {
    const known = new Set(agencies.map((agency) => agency.code));
    const named = [...input.agenda.flatMap((item) => (item.agencyCode ? [item.agencyCode] : [])), ...(input.invitees.kind === 'agencies' ? input.invitees.agencyCodes : [])];
    const unknown = named.filter((code) => !known.has(code));
    if (unknown.length > 0) throw new NetworkError('unknownAgency', `Unknown agencies: ${unknown.slice(0, 5).join(', ')}`);
  }

  private async invitableMembers(networkId: string): Promise<InvitableMember[]> {
    return (await this.members.members(networkId))
      .map((entry) => entry.document)
      .filter((member) => member.status === 'confirmed' && member.aadObjectId && member.tenantId)
      .map((member) => ({ aadObjectId: member.aadObjectId ?? '', tenantId: member.tenantId ?? '', name: member.name, agencyCode: member.agencyCode, language: member.language }));
  }

  private async reader(networkId: string, actorId: string): Promise<Person> {
    const person = await this.options.membership.person(networkId, actorId);
    if (person.roles.size === 0) throw new NetworkError('notAMember', `${actorId} is not a member of ${networkId}.`);
    return person;
  }

  private async require(networkId: string, actorId: string, action: Action): Promise<Person> {
    const person = await this.reader(networkId, actorId);
    if (!may(person, action)) throw new NetworkError('forbidden', `${actorId} may not ${action}.`);
    return person;
  }
}

const keyOf = (networkId: string, meetingId: string) => `${networkId}\u0000${meetingId}`;
const isMeetingId = (value: string) => /^[0-9a-f-]{36}$/i.test(value);

const channelRecipient = (conversationId: string): Recipient => ({ kind: 'conversation', conversationId });
const memberRecipient = (person: Invitee): Recipient => ({ kind: 'member', aadObjectId: person.aadObjectId, tenantId: person.tenantId, name: person.name });

/** The same counts (when they were made aside): what decides whether the channel copies change. */
function sameCounts(a: AttendanceSummary | undefined, b: AttendanceSummary): boolean {
  return a !== undefined && a.invited === b.invited && a.answered === b.answered && JSON.stringify(a.agencies) === JSON.stringify(b.agencies);
}

