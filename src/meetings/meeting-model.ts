/**
 * Meeting documents and plain types (no SDK, no store): what a convocation, an RSVP and the
 * minutes are. Instants are stored in UTC (ISO strings) together with the IANA time zone the
 * convocation was written in, so each reader sees them in their own zone. The tab imports
 * these types too (type-only).
 */

export const MEETING_TYPE = 'meeting';
export const meetingDocumentId = (meetingId: string) => `meeting:${meetingId}`;
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

export interface MeetingDocument extends ConvocationInput {
  readonly id: string;
  readonly networkId: string;
  readonly type: typeof MEETING_TYPE;
  readonly meetingId: string;
  readonly status: 'scheduled' | 'cancelled';
  /** RFC 5545 SEQUENCE: 0 when issued, +1 on every change the invitees must see. */
  readonly sequence: number;
  readonly invited: readonly Invitee[];
  /** By lower-cased Entra object id. */
  readonly rsvps: Readonly<Record<string, Rsvp>>;
  readonly reminderOffsetHours: number;
  readonly reminders: readonly ReminderRecord[];
  readonly minutes?: Minutes;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}
