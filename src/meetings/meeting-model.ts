/**
 * Meeting documents and plain types (no SDK, no store): what a convocation, an invitation with
 * its RSVP and the minutes are. Instants are stored in UTC (ISO strings) together with the IANA
 * time zone the convocation was written in, so each reader sees them in their own zone. The tab
 * imports these types too (type-only).
 *
 * A meeting is stored as one small document (`meeting:<id>`, StoredMeeting: the convocation,
 * its state and the attendance summary per agency) and one document per invitee
 * (`meeting-rsvp:<id>:<person>`, InvitationDocument: who is invited and what they answered).
 * An answer reads and writes only its own invitation, whatever the number of invitees; the
 * full MeetingDocument (invitees and answers together) is assembled for the few readers that
 * need every invitee: the tab's detail, reminders, edits and cancellation.
 */
import type { StoredDocument } from '../store/document-store';

export const MEETING_TYPE = 'meeting';
export const meetingDocumentId = (meetingId: string) => `meeting:${meetingId}`;
/** The per-person documents kept the type and id of the first round's answers (one per person). */
export const INVITATION_TYPE = 'meetingRsvp';
export const invitationDocumentId = (meetingId: string, aadObjectId: string) => `meeting-rsvp:${meetingId}:${aadObjectId.toLowerCase()}`;
export const DEFAULT_TIME_ZONE = 'Africa/Conakry';

export const MEETING_KINDS = ['regular', 'extraordinary', 'excom', 'workingGroup', 'annualReview'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const LOCATION_KINDS = ['iomOffice', 'unrco', 'online', 'other'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

export const RSVP_RESPONSES = ['inPerson', 'online', 'declined', 'delegated'] as const;
export type RsvpResponse = (typeof RSVP_RESPONSES)[number];

export type Invitees =
  | { readonly kind: 'all' }
  | { readonly kind: 'excom' }
  | { readonly kind: 'workingGroup'; readonly groupId: string }
  | { readonly kind: 'agencies'; readonly agencyCodes: readonly string[] };

export interface AgendaItem {
  readonly title: string;
  /** The agency presenting the item, if any. */
  readonly agencyCode?: string;
}

export interface DocumentLink {
  readonly title: string;
  readonly url: string;
}

export interface ExternalGuest {
  readonly name: string;
  readonly organisation: string;
  readonly email?: string;
}

/** What a co-chair writes in the form (or what a time-slot poll pre-fills). */
export interface ConvocationInput {
  readonly kind: MeetingKind;
  readonly title: string;
  /** ISO instants (UTC or with an offset). */
  readonly start: string;
  readonly end: string;
  readonly timeZone: string;
  readonly location: { readonly kind: LocationKind; readonly details?: string };
  readonly onlineUrl?: string;
  readonly agenda: readonly AgendaItem[];
  readonly documents: readonly DocumentLink[];
  readonly invitees: Invitees;
  readonly externalGuests: readonly ExternalGuest[];
}

/** A person invited, resolved from the invitee choice when the convocation is issued. */
export interface Invitee {
  readonly aadObjectId: string;
  readonly tenantId: string;
  readonly name: string;
  readonly agencyCode: string;
  readonly language: 'fr' | 'en';
}

export interface Rsvp {
  readonly response: RsvpResponse;
  /** For `delegated`: the colleague of the same agency who goes instead. */
  readonly delegate?: { readonly aadObjectId: string; readonly name: string };
  readonly at: string;
  /** Earlier answers, oldest first (a person may change their mind). */
  readonly history: readonly { readonly response: RsvpResponse; readonly at: string }[];
}

export interface ActionItem {
  readonly text: string;
  readonly agencyCode: string;
  /** YYYY-MM-DD. */
  readonly due: string;
}

export interface Minutes {
  readonly text: string;
  readonly links: readonly DocumentLink[];
  /** Agencies actually present. */
  readonly attendance: readonly string[];
  readonly actionItems: readonly ActionItem[];
  readonly recordedBy: string;
  readonly recordedAt: string;
}

export interface ReminderRecord {
  readonly at: string;
  readonly automatic: boolean;
  readonly recipients: number;
}

export interface AgencyAttendance {
  readonly agencyCode: string;
  readonly invited: number;
  readonly inPerson: number;
  readonly online: number;
  readonly declined: number;
  readonly delegated: number;
  readonly noAnswer: number;
  /** Someone of the agency comes (in person, online, or through a delegate). */
  readonly represented: boolean;
}

/**
 * The answers counted per agency, kept on the meeting document for the cards and the list. It is
 * kept by deltas: after a burst of answers, one write conditional on the meeting's ETag moves each
 * answer from what that person had answered before to their new answer (meeting-rules
 * applyAttendanceDeltas), so keeping it never reads the invitations. It may lag the latest answers
 * by a moment; each card adds its reader's own answer. It is counted again from every invitation
 * (a recount) only where they are all read anyway or a delta may have been lost: the first
 * scheduler pass after a start, reminders, an edit or cancellation, the minutes.
 */
export interface AttendanceSummary {
  /** When it last changed (a delta applied or a recount). */
  readonly asOf: string;
  readonly invited: number;
  readonly answered: number;
  /** Agencies in alphabetical order of their code. */
  readonly agencies: readonly AgencyAttendance[];
  /**
   * The answers counted, each change of answer once: the sum over the invitations of their
   * revision (invitationRevision: 1 + the length of an answer's history). A recount that finds
   * another sum found a lost delta. Absent on summaries from before deltas: recounted first.
   */
  readonly revisions?: number;
  /** The last recount: when it read the invitations (a delta stamped well before is in it). */
  readonly recountedAt?: string;
  /**
   * The revision the last recount read for each invitation answered shortly before it
   * (SUMMARY_MARGIN_MS): a delta of such an answer still on its way is in the recount when its
   * revision is at most this. Dropped once no delta from before the recount can still come.
   */
  readonly recountSeen?: Readonly<Record<string, number>>;
}

/** The `meeting:<id>` document: small and the same size whatever the number of invitees. */
export interface StoredMeeting extends ConvocationInput, StoredDocument {
  readonly type: typeof MEETING_TYPE;
  readonly meetingId: string;
  readonly status: 'scheduled' | 'cancelled';
  /** RFC 5545 SEQUENCE: 0 when issued, +1 on every change the invitees must see. */
  readonly sequence: number;
  readonly attendance: AttendanceSummary;
  /**
   * The invitees (lower-case object ids, at most 60 — Teams' limit) whose own view Teams fetches
   * for the channel copy (refresh.userIds); chosen when the convocation is issued.
   */
  readonly refreshFor: readonly string[];
  readonly reminderOffsetHours: number;
  readonly reminders: readonly ReminderRecord[];
  readonly minutes?: Minutes;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** One invitee of one meeting and their answer (`meeting-rsvp:<meeting>:<person>`). */
export interface InvitationDocument extends StoredDocument, Invitee {
  readonly type: typeof INVITATION_TYPE;
  readonly meetingId: string;
  /** Absent until they answer. */
  readonly rsvp?: Rsvp;
  /** When the answer last changed (rsvp.at), top level for the scheduler's look for unsummarised answers. */
  readonly answeredAt?: string;
}

/** A meeting with every invitee and every answer, assembled from its documents (never stored as one). */
export interface MeetingDocument extends StoredMeeting {
  readonly invited: readonly Invitee[];
  /** By lower-cased Entra object id. */
  readonly rsvps: Readonly<Record<string, Rsvp>>;
}
