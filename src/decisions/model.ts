/**
 * Documents of the decisions slice (plain types, no SDK): polls and their answers, decisions,
 * consultation comments and the register counter. Every document lives in the network's
 * partition; ids and types are named once here.
 */
import type { StoredDocument } from '../store/document-store';
import type { VoiceRecord, VoiceSummary } from '../agency-voices/voice-rules';
import type { DecisionMode, Outcome, Position } from './consensus-rules';

export const DECISION_DOCUMENT_TYPES = {
  poll: 'poll',
  pollAnswer: 'pollAnswer',
  pollTally: 'pollTally',
  pollAudience: 'pollAudience',
  decision: 'decision',
  comment: 'decisionComment',
  registerCounter: 'decisionRegisterCounter',
} as const;

export const pollDocumentId = (pollId: string) => `poll:${pollId}`;
/** One answer document per (poll, person): answering twice replaces, never double-counts. */
export const pollAnswerDocumentId = (pollId: string, aadObjectId: string) => `poll-answer:${pollId}:${aadObjectId.toLowerCase()}`;
/**
 * A poll's tally is kept in POLL_TALLY_SHARDS small documents, each counting the answers of the
 * voters hashed to it: an answer changes one shard (few voters share it, so ETag retries stay
 * rare under a burst) and a tally reads a fixed number of documents, whatever the turnout.
 */
export const POLL_TALLY_SHARDS = 8;
export const pollTallyDocumentId = (pollId: string, shard: number) => `poll-tally:${pollId}:${shard}`;
/** Who a poll was sent to, kept out of the poll document (read for reminders and at close only). */
export const POLL_AUDIENCE_PAGE = 500;
export const pollAudienceDocumentId = (pollId: string, page: number) => `poll-audience:${pollId}:${page}`;
export const decisionDocumentId = (decisionId: string) => `decision:${decisionId}`;
export const commentDocumentId = (decisionId: string, commentId: string) => `decision-comment:${decisionId}:${commentId}`;
/** One counter per network and year: `DEC-2026-007` is the 7th decision closed in 2026. */
export const registerCounterId = (year: number) => `decision-register:${year}`;

/** Someone the app reaches 1:1 (outbox member recipient) with what their card shows. */
export interface Audience {
  readonly aadObjectId: string;
  readonly tenantId: string;
  /** Teams id (29:…), when known from a roster: what refresh.userIds names. */
  readonly userId?: string;
  readonly name?: string;
  readonly language: 'fr' | 'en';
}

export type PollKind = 'single' | 'multiple' | 'timeSlots';
export const POLL_KINDS: readonly PollKind[] = ['single', 'multiple', 'timeSlots'];
export type SlotAnswer = 'yes' | 'ifNeedBe' | 'no';
export const SLOT_ANSWERS: readonly SlotAnswer[] = ['yes', 'ifNeedBe', 'no'];

export interface PollOption {
  readonly id: string;
  /** As typed, shown literally. */
  readonly label: string;
  /** Time-slot polls: the slot's start and end (UTC ISO instants), when known. */
  readonly start?: string;
  readonly end?: string;
}

/**
 * How people see their own answer: `shared` = one card in the conversation whose refresh names
 * its readers (≤ 60); `personal` = one 1:1 card each (larger audiences, polls from the tab).
 */
export type PollDelivery = 'shared' | 'personal';

export interface PollDocument extends StoredDocument {
  readonly type: typeof DECISION_DOCUMENT_TYPES.poll;
  readonly pollId: string;
  readonly question: string;
  readonly kind: PollKind;
  readonly options: readonly PollOption[];
  /** Time-slot polls: the IANA zone slots are typed and shown in (Africa/Conakry when absent). */
  readonly timeZone?: string;
  readonly anonymous: boolean;
  /** ISO instant. */
  readonly deadline: string;
  /** Minutes before the deadline at which non-responders are reminded. */
  readonly reminderOffsetsMinutes: readonly number[];
  readonly remindersSent: readonly number[];
  readonly delivery: PollDelivery;
  /** The chat or channel the poll was created in (shared card), if any. */
  readonly conversationId?: string;
  /**
   * Set when that chat is a person's 1:1 chat with the bot: its card is in that person's language
   * (a channel's is in the network's, with the other a click away).
   */
  readonly conversationLanguage?: 'fr' | 'en';
  /**
   * Polls created before the audience had its own documents carry it here; newer ones keep it in
   * `poll-audience:<pollId>:<page>` (POLL_AUDIENCE_PAGE people each) and only its size here.
   */
  readonly audience?: readonly Audience[];
  readonly audienceSize?: number;
  /**
   * Set when the poll's tally is kept in shards (`poll-tally:<pollId>:<k>`, k < this number);
   * absent on polls created before: their shards are built from the answers when first needed.
   */
  readonly tallyShards?: number;
  readonly status: 'open' | 'closed';
  readonly createdBy: { readonly aadObjectId: string; readonly name: string };
  readonly createdAt: string;
  readonly closedAt?: string;
  /** Next instant the scheduler must look at this poll (reminder or deadline); absent when done. */
  readonly dueAt?: string;
}

export interface PollAnswerDocument extends StoredDocument {
  readonly type: typeof DECISION_DOCUMENT_TYPES.pollAnswer;
  readonly pollId: string;
  readonly aadObjectId: string;
  readonly name: string;
  readonly agencyCode: string;
  /** single/multiple: the chosen option ids; timeSlots: one answer per slot id. */
  readonly choices: readonly string[];
  readonly slots?: Readonly<Record<string, SlotAnswer>>;
  readonly answeredAt: string;
  /** How many times this person changed their answer (the first counts 1). */
  readonly revision: number;
  /**
   * Teams' activity ids of the last invokes this answer recorded (at most
   * POLL_ANSWER_REQUEST_MEMORY): a redelivered or replayed invoke, even an older one after the
   * person changed their answer, is recognised and changes nothing.
   */
  readonly requestIds?: readonly string[];
  /** The tally shard this voter's answer counts in (see pollTallyShard). */
  readonly shard?: number;
}

/** What one option has in a tally shard. */
export interface OptionTally {
  /** single/multiple: people who chose it; timeSlots: people who said yes. */
  readonly count: number;
  readonly ifNeedBe: number;
  readonly no: number;
  /** Named polls only: per agency, what `count` counts. Never kept for an anonymous poll. */
  readonly byAgency?: Readonly<Record<string, number>>;
}

/**
 * The answers of the voters hashed to one shard, counted. Each answer turn adds the delta from
 * the voter's previous answer to their new one in one write conditional on the ETag, and adds 1
 * to `revisions`: so `revisions` equals the sum of the `revision` of the shard's answers when
 * every delta landed, and a shard that disagrees (a crash between the answer and its delta) is
 * rebuilt from its answers at the close (reconcilePollTally).
 */
export interface PollTallyDocument extends StoredDocument {
  readonly type: typeof DECISION_DOCUMENT_TYPES.pollTally;
  readonly pollId: string;
  readonly shard: number;
  readonly respondents: number;
  readonly revisions: number;
  /** By option id. */
  readonly options: Readonly<Record<string, OptionTally>>;
  /** Named polls only: respondents per agency. */
  readonly agencies?: Readonly<Record<string, number>>;
  /** Rebuilt from the answers when the poll closed: final, no delta applies any more. */
  readonly sealed?: boolean;
}

/** One page of a poll's audience. */
export interface PollAudienceDocument extends StoredDocument {
  readonly type: typeof DECISION_DOCUMENT_TYPES.pollAudience;
  readonly pollId: string;
  readonly page: number;
  readonly people: readonly Audience[];
}

export type DecisionPhase = 'consultation' | 'excom' | 'closed';

/**
 * What a decision decides on, when another slice put it to ExCom (the work plan's version
 * `2026:2`): that slice is told the outcome once the decision is numbered, and can ask for it
 * by decision id at any time (so a crash between the close and the notice loses nothing).
 */
export interface DecisionSubject {
  /** The slice's own name for what it links (`workplan`). */
  readonly kind: string;
  readonly id: string;
}

export interface DecisionDocument extends StoredDocument {
  readonly type: typeof DECISION_DOCUMENT_TYPES.decision;
  readonly decisionId: string;
  readonly title: string;
  readonly text: { readonly fr?: string; readonly en?: string };
  readonly mode: DecisionMode;
  readonly phase: DecisionPhase;
  /** Set when another slice opened the decision about one of its own documents. */
  readonly subject?: DecisionSubject;
  /** ISO instant the consultation ends and the ExCom phase opens; absent = straight to ExCom. */
  readonly consultationDeadline?: string;
  /** ISO instant of the ExCom decision deadline. */
  readonly deadline: string;
  /**
   * The network's IANA zone when the decision was opened: every copy of its cards, the clicker's
   * own after an action included, shows its instants in it without reading the settings (a
   * decision from before it: the network's zone as the settings say, read from their cache).
   */
  readonly timeZone?: string;
  /** Minutes before the deadline at which ExCom agencies that have not answered are reminded. */
  readonly reminderOffsetsMinutes: readonly number[];
  readonly remindersSent: readonly number[];
  /** ExCom agencies when the decision was created: the rules of one decision do not move. */
  readonly excomAgencies: readonly string[];
  /**
   * Each ExCom agency's current position and a revision every position moves (written in the
   * position's turn, healed from the agencies' records by the card refresh). The history is in
   * one document per agency (`decision-position:<decisionId>:1:<agency>`, src/agency-voices/).
   */
  readonly agencyVoices?: VoiceSummary<Position>;
  /**
   * Decisions from before issue 13 embedded every position ever cast here, and no summary: they
   * read as if the summary were made from it, and their next position moves it to the agencies'
   * records (then this is dropped). Never written any more.
   */
  readonly record?: VoiceRecord<Position>;
  readonly outcome?: Outcome;
  readonly closedAt?: string;
  /** Who closed: `system` at the deadline or on consensus, else the co-chair's object id. */
  readonly closedBy?: string;
  readonly closeReason?: 'deadline' | 'consensus' | 'coChair';
  readonly registerNumber?: string;
  /** The outcome was numbered and every copy of the cards updated. */
  readonly finalized?: boolean;
  /**
   * Set (ISO instant of the first such change) in the same conditional write as a position,
   * cleared once every copy of the ExCom cards shows the decision: what a crash between the
   * position and the background card refresh leaves for the scheduler (it is part of `dueAt`).
   */
  readonly cardsStaleSince?: string;
  readonly createdBy: { readonly aadObjectId: string; readonly name: string };
  readonly createdAt: string;
  readonly extensions: readonly { readonly by: string; readonly at: string; readonly from: string; readonly to: string }[];
  readonly dueAt?: string;
}

export interface CommentDocument extends StoredDocument {
  readonly type: typeof DECISION_DOCUMENT_TYPES.comment;
  readonly decisionId: string;
  readonly agencyCode: string;
  readonly author: { readonly aadObjectId: string; readonly name: string };
  readonly text: string;
  readonly at: string;
}

/** What a card shows of a consultation: its latest comments (oldest first) and how many there are. */
export interface CommentsShown {
  readonly latest: readonly CommentDocument[];
  readonly total: number;
}

/**
 * Comments a card shows: the latest few. A card must stay under Teams' 28 KB whatever the
 * turnout (a comment holds up to 2,000 characters); the tab's detail lists them all.
 */
export const CARD_COMMENTS = 8;

export const NO_COMMENTS: CommentsShown = { latest: [], total: 0 };

export interface RegisterCounterDocument extends StoredDocument {
  readonly type: typeof DECISION_DOCUMENT_TYPES.registerCounter;
  readonly year: number;
  readonly last: number;
  /** decisionId → rank: numbering a decision twice gives it the same number. */
  readonly assigned: Readonly<Record<string, number>>;
}
