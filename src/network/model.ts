/**
 * Membership documents and plain types (no SDK, no store): what an agency, a member, the
 * co-chair rotation, a working group and an audit entry are. Every document lives in the
 * network's partition; ids and types are named once here.
 */
import type { StoredDocument } from '../store/document-store';

export const DOCUMENT_TYPES = {
  directory: 'directory',
  member: 'member',
  rotation: 'cochairRotation',
  workingGroup: 'workingGroup',
  audit: 'audit',
} as const;

export const DIRECTORY_ID = 'directory';
export const ROTATION_ID = 'cochair-rotation';
/** Entra object ids are GUIDs; Teams sometimes changes their case, so ids use lower case. */
export const memberDocumentId = (aadObjectId: string) => `member:${aadObjectId.toLowerCase()}`;
/** A member imported from the co-chairs' list, known by email until they first talk to the bot. */
export const importedMemberDocumentId = (email: string) => `member:email:${email.toLowerCase()}`;
export const workingGroupDocumentId = (groupId: string) => `working-group:${groupId}`;

export type AgencyRole = 'focalPoint' | 'alternate' | 'member';
export const AGENCY_ROLES: readonly AgencyRole[] = ['focalPoint', 'alternate', 'member'];

export type MemberStatus = 'pending' | 'confirmed' | 'left';

export interface Agency {
  /** Upper-case code, e.g. IOM; stable, used in every reference to the agency. */
  readonly code: string;
  readonly name: { readonly fr: string; readonly en: string };
  /** Hints for onboarding only: `un.org` is shared by many entities. */
  readonly emailDomains: readonly string[];
  readonly excom: boolean;
  /** Permanent co-chair (the Resident Coordinator's office and IOM). The rotating one is in the rotation. */
  readonly permanentCoChair: boolean;
  /**
   * The agency whose staff serve as the network's secretariat (RCO): where NETWORK_ADMINS
   * `=secretariat` entries are placed. Belonging to it grants nothing by itself: the
   * secretariat role is the member's own `secretariat` grant.
   */
  readonly secretariat: boolean;
  /**
   * The Microsoft 365 tenants the agency's staff sign in from. A member imported by email only
   * is claimed only by someone whose Teams roster entry (userPrincipalName) has that address
   * in a conversation of one of these tenants; without any, email-only rows wait for an
   * object id.
   */
  readonly tenantIds?: readonly string[];
}

export interface DirectoryDocument extends StoredDocument {
  readonly type: typeof DOCUMENT_TYPES.directory;
  readonly agencies: readonly Agency[];
  readonly updatedAt: string;
}

export interface MemberDocument extends StoredDocument {
  readonly type: typeof DOCUMENT_TYPES.member;
  /**
   * Absent for a member imported by email who has not acted yet. Once set with `tenantId`, the
   * document is bound: only that object id in that tenant is this member, and nothing re-binds it.
   */
  readonly aadObjectId?: string;
  readonly tenantId?: string;
  readonly name: string;
  /**
   * Set while `name` is a placeholder: a NETWORK_ADMINS person first seen through the tab's dev
   * sign-in (or a token) that named nobody. The first activity or token carrying their name
   * replaces it (binding-rules `withKnownName`).
   */
  readonly provisionalName?: boolean;
  readonly email?: string;
  readonly agencyCode: string;
  readonly agencyRole: AgencyRole;
  readonly status: MemberStatus;
  /** Who confirmed (or declined) the membership, when. */
  readonly decidedBy?: string;
  readonly decidedAt?: string;
  /** Why a membership ended: left by themself, declined, removed by a co-chair. */
  readonly endReason?: 'left' | 'declined' | 'removed';
  /**
   * Granted by a co-chair (or NETWORK_ADMINS `=secretariat`): the member serves as the
   * network's secretariat (prepares meetings, minutes, reminders). Not implied by the agency.
   */
  readonly secretariat?: boolean;
  /**
   * Set on a row imported by email only, until it is claimed: one indexed query (limit 1) tells
   * the bot whether strangers are worth a roster lookup at all.
   */
  readonly awaitingClaim?: boolean;
  /**
   * Set with a confirmation or a decline, in the same conditional write, until the member's
   * welcome (or "declined") notice is queued after the invoke's answer: a crash in between
   * leaves it set, and the membership tick queues the notice then (queuing is idempotent).
   */
  readonly noticeDue?: boolean;
  /**
   * The language everything sent to the member is in (1:1 cards, reminders, notices): their
   * Teams locale when they joined, until they choose one themself (`languageChosen`).
   */
  readonly language: 'fr' | 'en';
  /**
   * Set when the member chose `language` (the help card's switch, their profile card, the tab):
   * it then wins over the locale of whatever Teams client they use, in every turn and every 1:1.
   */
  readonly languageChosen?: boolean;
  readonly joinedAt: string;
  readonly updatedAt: string;
}

export interface RotationTerm {
  readonly agencyCode: string;
  /** ISO instants; a term covers [start, end). */
  readonly start: string;
  readonly end: string;
}

export interface RotationDocument extends StoredDocument {
  readonly type: typeof DOCUMENT_TYPES.rotation;
  /** Agency codes in rotation order; after the last comes the first again. */
  readonly order: readonly string[];
  readonly termMonths: number;
  readonly current: RotationTerm;
  /** Earlier terms, oldest first. */
  readonly history: readonly RotationTerm[];
  readonly updatedAt: string;
}

export interface ExternalPartner {
  readonly name: string;
  readonly organisation: string;
  readonly email?: string;
}

export const WORKING_GROUP_REVIEW_STATES = ['waiting', 'consultation', 'decision', 'closed'] as const;
export type WorkingGroupReviewState = (typeof WORKING_GROUP_REVIEW_STATES)[number];
export const REVIEW_OUTCOMES = ['renew', 'change', 'close'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

/** What a review may change in the group when ExCom decides `change`. */
export interface WorkingGroupChanges {
  readonly name?: string;
  readonly objective?: string;
  readonly reviewEveryMonths?: number;
}

/** The proposal put to ExCom: renew as is, change, or close the group. */
export interface ReviewProposal {
  readonly outcome: ReviewOutcome;
  readonly changes?: WorkingGroupChanges;
  readonly proposedBy: string;
  readonly proposedAt: string;
}

export interface WorkingGroupReview {
  /** The review date this review is for (its comments are keyed by it). */
  readonly reviewDate: string;
  readonly openedAt: string;
  /** `scheduler` when the tick opened it. */
  readonly openedBy: string;
  readonly proposal?: ReviewProposal;
  /** The ExCom decision on the proposal (absent between the proposal's write and the decision's creation). */
  readonly decisionId?: string;
  /** The last proposal ExCom did not adopt: the review stays open for another one. */
  readonly lastRefusal?: { readonly decisionId: string; readonly registerNumber?: string; readonly outcome: ReviewOutcome };
}

export interface WorkingGroupReviewRecord {
  readonly reviewDate: string;
  readonly outcome: ReviewOutcome;
  readonly changes?: WorkingGroupChanges;
  readonly decisionId: string;
  readonly registerNumber: string;
  readonly decidedAt: string;
  /** Members' comments received during the consultation, by position. */
  readonly comments: Readonly<Record<ReviewOutcome, number>>;
}

export interface WorkingGroupDocument extends StoredDocument {
  readonly type: typeof DOCUMENT_TYPES.workingGroup;
  readonly groupId: string;
  readonly name: string;
  readonly objective: string;
  /** aadObjectIds of network members. */
  readonly memberIds: readonly string[];
  readonly externalPartners: readonly ExternalPartner[];
  /** Among memberIds. */
  readonly chairId: string;
  readonly coChairId?: string;
  /** YYYY-MM-DD. */
  readonly reviewDate: string;
  /** The review date ExCom was last reminded of, so it is reminded once per review. */
  readonly reviewReminderSentFor?: string;
  /** Months between two reviews (default 12, `DEFAULT_REVIEW_EVERY_MONTHS`): a renewal moves `reviewDate` by this. */
  readonly reviewEveryMonths?: number;
  /** Closed by an ExCom review decision (absent: active). */
  readonly status?: 'active' | 'closed';
  /**
   * Where the group's review stands, indexed with `reviewDate` (STORE_INDEXES) so the review tick
   * finds the groups due — `waiting` and `reviewDate` ≤ today — and the decisions pending, without
   * reading every group: `waiting` (next review on `reviewDate`), `consultation` (members comment),
   * `decision` (ExCom decides), `closed`. Absent on groups created before reviews: read as waiting.
   */
  readonly reviewState?: WorkingGroupReviewState;
  /** The review in progress (consultation, then ExCom's decision). */
  readonly review?: WorkingGroupReview;
  /** Reviews decided, oldest first. */
  readonly reviewHistory?: readonly WorkingGroupReviewRecord[];
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface AuditEntry extends StoredDocument {
  readonly type: typeof DOCUMENT_TYPES.audit;
  /** ISO instant; entries are listed by it. */
  readonly at: string;
  /** aadObjectId of who did it, or `system` (bootstrap, rotation). */
  readonly actor: string;
  readonly action: string;
  /** The document changed, e.g. member:… */
  readonly subject: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** A member seen from the rules: the fields the roles follow from. */
export type PersonRecord = Pick<MemberDocument, 'aadObjectId' | 'agencyCode' | 'agencyRole' | 'status' | 'secretariat'>;
