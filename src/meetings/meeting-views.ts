/**
 * What a reader receives about a meeting, built for their role by pure functions: the tab API
 * never returns the stored document (no etag, networkId, type, invitee list with tenant ids,
 * raw RSVPs, object ids, reminder records) and the cards show the online link only to those
 * who may join.
 *
 * Who may read what:
 * - Strangers (no role in the network) are refused before any view is built (403).
 * - Pending people "can read, not decide": they read the convocation as the channel card shows
 *   it (kind, title, when, where, agenda, documents, external guests' names and organisations,
 *   status, minutes) and the attendance summarised per agency. Never: the online meeting link
 *   (nor an .ics carrying it), emails, who was invited or answered what (per person), who has
 *   not answered, the delivery status or its recipients.
 * - Confirmed members also read the answers per person and who has not answered (names and
 *   agencies, no object ids) and the delivery summary (counts). The online link only when
 *   they are invited.
 * - Co-chairs and the secretariat (who convene, edit, remind and record minutes) read the
 *   convocation as written — online link and external guests' emails included — and the
 *   delivery failures by recipient name, to act on them.
 */
import type { DeliveryStatus } from '../delivery/delivery-status';
import type { Action } from '../network/permissions';
import type { Person } from '../network/roles';
import type { AgencyAttendance } from './meeting-rules';
import type { ConvocationInput, MeetingDocument, Minutes, RsvpResponse, StoredMeeting } from './meeting-model';

export type Reader = Pick<Person, 'aadObjectId' | 'roles'>;

/** Anyone confirmed in the network: every role but `pending`. */
export function isConfirmed(reader: Pick<Person, 'roles'>): boolean {
  return [...reader.roles].some((role) => role !== 'pending');
}

/** Those who prepare meetings: they read the convocation as written and the delivery failures. */
export function preparesMeetings(reader: Pick<Person, 'roles'>): boolean {
  return reader.roles.has('coChair') || reader.roles.has('secretariat');
}

/**
 * The online link: confirmed invitees, and the co-chairs and secretariat who prepare the meeting.
 * `invited`: whether the reader has an invitation to this meeting (their own invitation document).
 */
export function maySeeOnlineLink(reader: Pick<Person, 'roles'>, invited: boolean): boolean {
  if (!isConfirmed(reader)) return false;
  return preparesMeetings(reader) || invited;
}

export interface MeetingView extends Omit<ConvocationInput, 'externalGuests'> {
  readonly meetingId: string;
  readonly status: StoredMeeting['status'];
  readonly sequence: number;
  readonly externalGuests: readonly { readonly name: string; readonly organisation: string; readonly email?: string }[];
  readonly minutes?: Omit<Minutes, 'recordedBy'>;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The public calendar file (never carries the online link: it is reachable from channel cards). */
  readonly icsPath: string;
}

export interface PersonAnswerView {
  readonly name: string;
  readonly agencyCode: string;
  readonly response?: RsvpResponse;
  readonly delegateName?: string;
}

/** The reader's own invitation, so the meeting's page offers them their answer (and delegation). */
export interface ReaderInvitationView {
  /** The agency they were invited for: a delegate is one of its confirmed members. */
  readonly agencyCode: string;
  readonly response?: RsvpResponse;
  readonly delegateName?: string;
}

/** The reader's invitation to a meeting read whole (the detail page's read), or undefined when not invited. */
export function readerInvitation(meeting: Pick<MeetingDocument, 'invited' | 'rsvps'>, aadObjectId: string): ReaderInvitationView | undefined {
  const id = aadObjectId.toLowerCase();
  const invitee = meeting.invited.find((candidate) => candidate.aadObjectId === id);
  if (!invitee) return undefined;
  const rsvp = meeting.rsvps[id];
  return { agencyCode: invitee.agencyCode, ...(rsvp ? { response: rsvp.response } : {}), ...(rsvp?.delegate ? { delegateName: rsvp.delegate.name } : {}) };
}

export interface MeetingDetailView {
  readonly meeting: MeetingView;
  /** Confirmed invitees only: their own invitation and answer. */
  readonly yourInvitation?: ReaderInvitationView;
  readonly attendance: readonly AgencyAttendance[];
  /** Confirmed readers; empty for pending readers. */
  readonly people: readonly PersonAnswerView[];
  readonly nonResponders: readonly { readonly name: string; readonly agencyCode: string }[];
  /** Confirmed readers; failures (by recipient name) for those who prepare meetings. */
  readonly delivery?: {
    readonly summary: string;
    readonly total: number;
    readonly delivered: number;
    readonly failures?: readonly { readonly name: string; readonly status: string; readonly reason: string; readonly at: string }[];
  };
  readonly allowed: readonly Action[];
}

export function icsPath(networkId: string, meetingId: string): string {
  return `/meetings/${encodeURIComponent(networkId)}/${meetingId}.ics`;
}

/** `invited`: whether the reader is invited (for the online link). */
export function meetingView(meeting: StoredMeeting, reader: Reader, invited = false): MeetingView {
  const full = preparesMeetings(reader) && isConfirmed(reader);
  const { minutes } = meeting;
  return {
    meetingId: meeting.meetingId,
    kind: meeting.kind,
    title: meeting.title,
    start: meeting.start,
    end: meeting.end,
    timeZone: meeting.timeZone,
    location: meeting.location,
    ...(meeting.onlineUrl && maySeeOnlineLink(reader, invited) ? { onlineUrl: meeting.onlineUrl } : {}),
    agenda: meeting.agenda,
    documents: meeting.documents,
    invitees: meeting.invitees,
    externalGuests: meeting.externalGuests.map((guest) => ({ name: guest.name, organisation: guest.organisation, ...(full && guest.email ? { email: guest.email } : {}) })),
    status: meeting.status,
    sequence: meeting.sequence,
    ...(minutes ? { minutes: { text: minutes.text, links: minutes.links, attendance: minutes.attendance, actionItems: minutes.actionItems, recordedAt: minutes.recordedAt } } : {}),
    createdAt: meeting.createdAt,
    updatedAt: meeting.updatedAt,
    icsPath: icsPath(meeting.networkId, meeting.meetingId),
  };
}

export interface MeetingDetailFacts {
  readonly meeting: StoredMeeting;
  /** Whether the reader is among the invitees. */
  readonly readerInvited: boolean;
  readonly readerInvitation?: ReaderInvitationView;
  readonly attendance: readonly AgencyAttendance[];
  readonly people: readonly (PersonAnswerView & { readonly aadObjectId: string })[];
  readonly nonResponders: readonly { readonly aadObjectId: string; readonly name: string; readonly agencyCode: string }[];
  readonly delivery: DeliveryStatus & { readonly summary: string };
  readonly allowed: readonly Action[];
}

export function meetingDetailView(facts: MeetingDetailFacts, reader: Reader): MeetingDetailView {
  const confirmed = isConfirmed(reader);
  const { delivery } = facts;
  return {
    meeting: meetingView(facts.meeting, reader, facts.readerInvited),
    ...(confirmed && facts.readerInvitation ? { yourInvitation: facts.readerInvitation } : {}),
    attendance: facts.attendance,
    people: confirmed ? facts.people.map(({ name, agencyCode, response, delegateName }) => ({ name, agencyCode, ...(response ? { response } : {}), ...(delegateName ? { delegateName } : {}) })) : [],
    nonResponders: confirmed ? facts.nonResponders.map(({ name, agencyCode }) => ({ name, agencyCode })) : [],
    ...(confirmed
      ? {
          delivery: {
            summary: delivery.summary,
            total: delivery.total,
            delivered: delivery.delivered,
            ...(preparesMeetings(reader)
              ? { failures: delivery.failures.map((failure) => ({ name: failure.recipient.kind === 'member' ? (failure.recipient.name ?? '') : '', status: failure.status, reason: failure.reason, at: failure.at })) }
              : {}),
          },
        }
      : {}),
    allowed: facts.allowed,
  };
}
