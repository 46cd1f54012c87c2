/**
 * The meetings service: loads a meeting, applies the rules, saves with its ETag and asks the
 * outbox to send or update the cards (the network's channels and every invitee 1:1). Bot routes
 * and the tab API call it; it never answers HTTP. Rights come from the permissions table
 * through the membership service; refusals are NetworkErrors or MeetingErrors with a code.
 */
import { randomUUID } from 'node:crypto';
import { cardMessage, type AdaptiveCardJson, type CardRenderer } from '../cards/card-renderer';
import { deliverySummary } from '../delivery/delivery-status';
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
import type { DocumentStore } from '../store/document-store';
import { withConcurrencyRetry } from '../store/retry';
import { meetingIcs } from './ics';
import { meetingCardData, renderMeetingCard, type MeetingCardView } from './meeting-cards';
import { MeetingError } from './meeting-errors';
import { MEETING_TYPE, meetingDocumentId, type ConvocationInput, type Invitee, type MeetingDocument, type Minutes, type RsvpResponse } from './meeting-model';
import { MeetingRepository } from './meeting-repository';
import { maySeeOnlineLink, meetingDetailView, type MeetingDetailView } from './meeting-views';
import {
  DEFAULT_REMINDER_OFFSET_HOURS,
  applyRsvp,
  attendanceByAgency,
  automaticReminderDue,
  cancelMeeting,
  editMeeting,
  nextRegularDue,
  nonResponders,
  recordMinutes,
  recordReminder,
  resolveInvitees,
  validateConvocation,
  type DelegateCandidate,
  type InvitableMember,
  type NextRegular,
} from './meeting-rules';


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
  readonly reminderOffsetHours?: number;
  readonly now?: () => Date;
}

export const convocationKey = (meetingId: string) => `meeting:${meetingId}:convocation`;
const reminderKey = (meetingId: string, n: number) => `meeting:${meetingId}:reminder:${n}`;
const minutesKey = (meetingId: string) => `meeting:${meetingId}:minutes`;

export interface MeetingSummary {
  readonly meetingId: string;
  readonly kind: MeetingDocument['kind'];
  readonly title: string;
  readonly start: string;
  readonly end: string;
  readonly timeZone: string;
  readonly status: MeetingDocument['status'];
  readonly invited: number;
  readonly answered: number;
  readonly hasMinutes: boolean;
}

export class MeetingService {
  private readonly repository: MeetingRepository;
  private readonly members: MembershipRepository;
  private readonly now: () => Date;

  constructor(private readonly options: MeetingServiceOptions) {
    this.repository = new MeetingRepository(options.store);
    this.members = new MembershipRepository(options.store);
    this.now = options.now ?? (() => new Date());
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
        invited: meeting.invited.length,
        answered: meeting.invited.filter((invitee) => meeting.rsvps[invitee.aadObjectId]).length,
        hasMinutes: meeting.minutes !== undefined,
      })),
      nextRegular: nextRegularDue(meetings, this.now()),
    };
  }

  /** The tab's detail page, as this reader may see it (meeting-views.ts). */
  async detail(networkId: string, actorId: string, meetingId: string, language: Language): Promise<MeetingDetailView> {
    const person = await this.reader(networkId, actorId);
    const meeting = await this.load(networkId, meetingId);
    const status = await this.options.outbox.status(networkId, convocationKey(meetingId));
    return meetingDetailView({
      meeting,
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
    const stored = await this.load(networkId, meetingId);
    const { onlineUrl: _onlineUrl, ...withoutLink } = stored;
    const meeting = withOnlineLink ? stored : withoutLink;
    return meetingIcs(meeting, { uidDomain: `reseau-${networkId}`, description: meeting.agenda.map((item, index) => `${index + 1}. ${item.title}`).join('\n') });
  }

  /** The signed-in .ics download: the online link for those who may join, as on their card. */
  async icsFor(networkId: string, actorId: string, meetingId: string): Promise<string> {
    const person = await this.reader(networkId, actorId);
    return this.ics(networkId, meetingId, maySeeOnlineLink(person, await this.load(networkId, meetingId)));
  }

  // ---- convening -------------------------------------------------------------------------

  async convene(networkId: string, actorId: string, input: ConvocationInput): Promise<MeetingDocument> {
    await this.require(networkId, actorId, 'convene');
    const now = this.now();
    const valid = validateConvocation(input, now);
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
      invited,
      rsvps: {},
      reminderOffsetHours: this.options.reminderOffsetHours ?? DEFAULT_REMINDER_OFFSET_HOURS,
      reminders: [],
      createdBy: actorId.toLowerCase(),
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    await this.repository.create(meeting);
    await this.members.audit(networkId, { actor: actorId.toLowerCase(), action: 'meeting.convene', subject: meeting.id, before: null, after: { title: meeting.title, start: meeting.start, invited: invited.length } }, now);
    await this.send(networkId, convocationKey(meetingId), meeting, 'convocation', invited, agencies);
    return meeting;
  }

  async edit(networkId: string, actorId: string, meetingId: string, input: ConvocationInput): Promise<MeetingDocument> {
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

  async cancel(networkId: string, actorId: string, meetingId: string): Promise<MeetingDocument> {
    await this.require(networkId, actorId, 'editMeeting');
    const saved = await this.change(networkId, meetingId, (meeting) => cancelMeeting(meeting, this.now()));
    await this.members.audit(networkId, { actor: actorId.toLowerCase(), action: 'meeting.cancel', subject: saved.id, before: null, after: { status: saved.status } }, this.now());
    await this.updateCards(networkId, saved, await this.options.membership.agencies(networkId));
    return saved;
  }

  // ---- answers ---------------------------------------------------------------------------

  async rsvp(networkId: string, actorId: string, meetingId: string, response: RsvpResponse, delegateId?: string): Promise<MeetingDocument> {
    await this.require(networkId, actorId, 'rsvp');
    let delegate: DelegateCandidate | undefined;
    if (response === 'delegated') {
      const candidate = delegateId ? (await this.invitableMembers(networkId)).find((member) => member.aadObjectId.toLowerCase() === delegateId.toLowerCase()) : undefined;
      if (!candidate) throw new MeetingError('delegateUnknown', `No confirmed member ${String(delegateId).slice(0, 60)}.`);
      delegate = candidate;
    }
    // Each answer is its own document: answers arriving together do not race each other; the
    // person's own double click is an ETag race, re-read and re-applied.
    return withConcurrencyRetry(async () => {
      const meeting = await this.load(networkId, meetingId);
      const next = applyRsvp(meeting, { aadObjectId: actorId }, response, delegate, this.now());
      const id = actorId.toLowerCase();
      const answer = next.rsvps[id];
      if (answer) await this.repository.saveRsvp(networkId, meetingId, id, answer);
      return next;
    });
  }

  /** Confirmed colleagues of the reader's agency, to delegate to. */
  async colleagues(networkId: string, actorId: string): Promise<DelegateCandidate[]> {
    const person = await this.options.membership.person(networkId, actorId);
    if (!person.agencyCode) return [];
    return (await this.invitableMembers(networkId))
      .filter((member) => member.agencyCode === person.agencyCode && member.aadObjectId.toLowerCase() !== actorId.toLowerCase())
      .map(({ aadObjectId, name, agencyCode }) => ({ aadObjectId, name, agencyCode }));
  }

  /** The card as one reader sees it (their answer, their colleagues), in their zone. */
  async readerCard(networkId: string, actorId: string, meeting: MeetingDocument, language: Language, timeZone: string | undefined): Promise<AdaptiveCardJson> {
    const view: MeetingCardView = {
      kind: 'convocation',
      networkId,
      onlineLink: maySeeOnlineLink(await this.options.membership.person(networkId, actorId), meeting),
      agencies: await this.options.membership.agencies(networkId),
      icsUrl: this.icsUrl(networkId, meeting.meetingId),
      ...(timeZone ? { timeZone } : {}),
      reader: { aadObjectId: actorId, colleagues: await this.colleagues(networkId, actorId) },
    };
    return renderMeetingCard(this.options.cards, meetingCardData(language, meeting, view));
  }

  /**
   * The card as everyone in a channel sees it (an Action.Execute answer replaces the message for
   * all): no one's answer on it; Teams then refreshes each invitee's own view (VIEW_VERB).
   */
  async sharedCard(networkId: string, meeting: MeetingDocument, onlineLink = false): Promise<AdaptiveCardJson> {
    const agencies = await this.options.membership.agencies(networkId);
    return renderMeetingCard(this.options.cards, meetingCardData('fr', meeting, { kind: 'convocation', networkId, agencies, icsUrl: this.icsUrl(networkId, meeting.meetingId), onlineLink }));
  }

  /** A reader's own view of a meeting card (Teams' automatic refresh); the shared view for a non-invitee. */
  async viewFor(networkId: string, actorId: string, meetingId: string, language: Language, timeZone: string | undefined): Promise<AdaptiveCardJson> {
    const person = await this.reader(networkId, actorId);
    const meeting = await this.load(networkId, meetingId);
    const invited = meeting.invited.some((invitee) => invitee.aadObjectId === actorId.toLowerCase());
    // A co-chair or the secretariat not invited still reads the link; a pending reader never.
    return invited ? this.readerCard(networkId, actorId, meeting, language, timeZone) : this.sharedCard(networkId, meeting, maySeeOnlineLink(person, meeting));
  }

  // ---- reminders -------------------------------------------------------------------------

  /** On demand from the tab: those who have not answered, and only them. */
  async remind(networkId: string, actorId: string, meetingId: string): Promise<{ readonly recipients: number }> {
    await this.require(networkId, actorId, 'remindInvitees');
    return this.sendReminder(networkId, meetingId, false);
  }

  /** Automatic reminders at the configured offset before each meeting; once per meeting. */
  async tick(networkId: string): Promise<number> {
    const now = this.now();
    let sent = 0;
    for (const meeting of await this.repository.upcoming(networkId, now.toISOString())) {
      if (!automaticReminderDue(meeting, now)) continue;
      const result = await this.sendReminder(networkId, meeting.meetingId, true);
      if (result.recipients >= 0) sent += 1;
    }
    return sent;
  }

  // ---- after the meeting -----------------------------------------------------------------

  async recordMinutes(networkId: string, actorId: string, meetingId: string, minutes: Omit<Minutes, 'recordedAt' | 'recordedBy'>): Promise<MeetingDocument> {
    await this.require(networkId, actorId, 'recordMinutes');
    const agencies = await this.options.membership.agencies(networkId);
    const known = new Set(agencies.map((agency) => agency.code));
    const unknown = [...minutes.attendance, ...minutes.actionItems.map((item) => item.agencyCode)].filter((code) => !known.has(code));
    if (unknown.length > 0) throw new NetworkError('unknownAgency', `Unknown agencies: ${unknown.slice(0, 5).join(', ')}`);
    const saved = await this.change(networkId, meetingId, (meeting) => recordMinutes(meeting, { ...minutes, recordedBy: actorId.toLowerCase() }, this.now()));
    await this.members.audit(networkId, { actor: actorId.toLowerCase(), action: 'meeting.minutes', subject: saved.id, before: null, after: { attendance: minutes.attendance } }, this.now());
    const key = `${minutesKey(meetingId)}:${saved.minutes?.recordedAt.replace(/[^\dTZ]/g, '') ?? ''}`;
    const channels = await this.options.conversations.installedChannels(networkId);
    if (channels.length > 0) {
      await this.options.outbox.enqueue(
        networkId,
        key,
        channels.map((conversationId): Recipient => ({ kind: 'conversation', conversationId })),
        this.activity(saved, 'minutes', 'fr', networkId, agencies),
      );
    }
    return saved;
  }

  // ---- internals -------------------------------------------------------------------------

  private async sendReminder(networkId: string, meetingId: string, automatic: boolean): Promise<{ readonly recipients: number }> {
    let targets: Invitee[] = [];
    let number = 0;
    let saved: MeetingDocument | undefined;
    try {
      saved = await this.change(networkId, meetingId, (meeting) => {
        if (meeting.status === 'cancelled') throw new MeetingError('cancelled', 'The meeting was cancelled.');
        if (automatic && !automaticReminderDue(meeting, this.now())) throw new ReminderNotDue();
        targets = nonResponders(meeting);
        number = meeting.reminders.length + 1;
        // The record is written first, with the ETag: of two instances, only one reminds.
        return recordReminder(meeting, automatic, targets.length, this.now());
      });
    } catch (error) {
      if (error instanceof ReminderNotDue) return { recipients: -1 };
      throw error;
    }
    if (targets.length > 0) {
      await this.send(networkId, reminderKey(meetingId, number), saved, 'reminder', targets, await this.options.membership.agencies(networkId), false);
    }
    this.options.logger.info({ meetingId, automatic, recipients: targets.length }, 'meeting reminder sent');
    return { recipients: targets.length };
  }

  private async send(networkId: string, key: string, meeting: MeetingDocument, kind: 'convocation' | 'reminder', people: readonly Invitee[], agencies: readonly Agency[], toChannels = true): Promise<void> {
    const channels = toChannels ? await this.options.conversations.installedChannels(networkId) : [];
    const languages = new Map(people.map((person) => [person.aadObjectId.toLowerCase(), person.language]));
    const readers = await this.readersOf(networkId);
    const recipients: Recipient[] = [
      ...channels.map((conversationId): Recipient => ({ kind: 'conversation', conversationId })),
      ...people.map((person): Recipient => ({ kind: 'member', aadObjectId: person.aadObjectId, tenantId: person.tenantId, name: person.name })),
    ];
    await this.options.outbox.enqueue(networkId, key, recipients, (recipient) =>
      // The network works in French first: channel posts are in French; people get their language.
      recipient.kind === 'member'
        ? this.activity(meeting, kind, languages.get(recipient.aadObjectId.toLowerCase()) ?? 'fr', networkId, agencies, readers(recipient.aadObjectId))
        : this.activity(meeting, kind, 'fr', networkId, agencies),
    );
  }

  /** A 1:1 card is one person's: it shows their answer and offers their agency's colleagues to delegate to. */
  private async readersOf(networkId: string): Promise<(aadObjectId: string) => MeetingCardView['reader']> {
    const members = await this.invitableMembers(networkId);
    return (aadObjectId) => {
      const id = aadObjectId.toLowerCase();
      const agencyCode = members.find((member) => member.aadObjectId.toLowerCase() === id)?.agencyCode;
      const colleagues = members
        .filter((member) => member.agencyCode === agencyCode && member.aadObjectId.toLowerCase() !== id)
        .map(({ aadObjectId: colleagueId, name, agencyCode: code }) => ({ aadObjectId: colleagueId, name, agencyCode: code }));
      return { aadObjectId: id, colleagues };
    };
  }

  private async updateCards(networkId: string, meeting: MeetingDocument, agencies: readonly Agency[]): Promise<void> {
    const languages = new Map(meeting.invited.map((person) => [person.aadObjectId, person.language]));
    const readers = await this.readersOf(networkId);
    await this.options.outbox.update(networkId, convocationKey(meeting.meetingId), (recipient) =>
      recipient.kind === 'member'
        ? this.activity(meeting, 'convocation', languages.get(recipient.aadObjectId.toLowerCase()) ?? 'fr', networkId, agencies, readers(recipient.aadObjectId))
        : this.activity(meeting, 'convocation', 'fr', networkId, agencies),
    );
  }

  private activity(meeting: MeetingDocument, kind: MeetingCardView['kind'], language: Language, networkId: string, agencies: readonly Agency[], reader?: MeetingCardView['reader']): OutboxActivity {
    // A card with a reader goes 1:1 to an invitee (confirmed when invited): the online link is
    // theirs; channel copies never carry it (pending people read the channel).
    const data = meetingCardData(language, meeting, { kind, networkId, agencies, icsUrl: this.icsUrl(networkId, meeting.meetingId), onlineLink: reader !== undefined, ...(reader ? { reader } : {}) });
    return cardMessage(renderMeetingCard(this.options.cards, data));
  }

  private icsUrl(networkId: string, meetingId: string): string {
    return `${this.options.publicUrl().replace(/\/+$/, '')}/meetings/${encodeURIComponent(networkId)}/${meetingId}.ics`;
  }

  private async change(networkId: string, meetingId: string, mutate: (meeting: MeetingDocument) => MeetingDocument): Promise<MeetingDocument> {
    return withConcurrencyRetry(async () => {
      const current = await this.repository.get(networkId, meetingId);
      if (!current) throw new MeetingError('unknownMeeting', `No meeting ${meetingId}.`);
      return (await this.repository.replace(mutate(current.document), current.etag)).document;
    });
  }

  private async load(networkId: string, meetingId: string): Promise<MeetingDocument> {
    const found = /^[0-9a-f-]{36}$/i.test(meetingId) ? await this.repository.get(networkId, meetingId) : undefined;
    if (!found) throw new MeetingError('unknownMeeting', `No meeting ${meetingId.slice(0, 60)}.`);
    return found.document;
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
