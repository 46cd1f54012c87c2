/**
 * What a reader receives about polls and ExCom decisions, built for their role by pure
 * functions: the tab API never returns a stored document (no etag, networkId, type, document
 * ids, delivery audience, object ids or scheduler fields).
 *
 * Who may read what (DESIGN.md §3 "Readers get view models made for their role"):
 * - Strangers (no role in the network) are refused before any view is built (403).
 * - Pending people "can read, not decide": they read the question or the decision, its
 *   options, deadlines, phase and outcome, and every count by option and by agency — what the
 *   network decided, never who. No person's name anywhere (no poll voters, no `castBy` of an
 *   agency's position, no author, no consultation comment authors), no emails, no audience
 *   list, no consultation comments (only how many there are), no reader-specific rights.
 * - Confirmed members also read names: who voted for which option in a named poll, which
 *   representative cast their agency's position (and each earlier one in the agency's history,
 *   with the capacity they spoke in: focal point or alternate), who created the poll or decision.
 *   Pending people read an agency's history too — positions, comments, when — without who.
 * - ExCom representatives, co-chairs and the secretariat read the consultation comments with
 *   their agency and author (as the ExCom card shows them).
 * - Anonymous polls are anonymous for everyone, the co-chairs and the poll's author included:
 *   counts per option only — no names, no breakdown by agency (even a count per agency can
 *   name a voter when an agency has one person), no list of answering agencies. The reader
 *   still sees their own answer.
 * - Nobody receives the poll's audience (a delivery list with tenant ids) or object ids.
 */
import type { Person } from '../network/roles';
import { POSITIONS, type Outcome, type Position } from './consensus-rules';
import { newestFirst, type RepresentativeRole, type Voice } from '../agency-voices/voice-rules';
import { decisionSummary, decisionTally, type PositionRecords } from './decision-rules';
import type { CommentDocument, DecisionDocument, PollAnswerDocument, PollDocument, PollKind, SlotAnswer } from './model';
import type { OptionResult, PollResults } from './poll-rules';
import { DEFAULT_POLL_TIME_ZONE } from './slot-rules';

/** The roles a view is built for (membership.person). */
export type Reader = Pick<Person, 'roles' | 'agencyCode'>;

/** Anyone confirmed in the network: every role but `pending`. */
export function readsNames(reader: Reader): boolean {
  return [...reader.roles].some((role) => role !== 'pending');
}

/** Who reads consultation comments with their author (as the ExCom card shows them). */
export function readsComments(reader: Reader): boolean {
  return reader.roles.has('excomRepresentative') || reader.roles.has('coChair') || reader.roles.has('secretariat');
}

// ---- polls ---------------------------------------------------------------------------------

/**
 * Results without anything that could name a voter of an anonymous poll: no names, no count
 * per agency, no answering agencies. The card and the API both read results through this.
 */
export function anonymisedResults(poll: Pick<PollDocument, 'anonymous'>, results: PollResults): PollResults {
  if (!poll.anonymous) return results;
  return {
    respondents: results.respondents,
    agencies: {},
    options: results.options.map((result): OptionResult => ({ ...result, names: [], byAgency: {} })),
  };
}

export interface PollOptionView {
  readonly optionId: string;
  readonly label: string;
  readonly start?: string;
  readonly end?: string;
  /** single/multiple: people who chose it; timeSlots: people who said yes. */
  readonly count: number;
  readonly ifNeedBe: number;
  readonly no: number;
  /** Named polls, confirmed readers only. */
  readonly names?: readonly string[];
  /** Named polls only. */
  readonly byAgency?: Readonly<Record<string, number>>;
}

export interface PollView {
  readonly pollId: string;
  readonly question: string;
  readonly kind: PollKind;
  readonly anonymous: boolean;
  readonly timeZone?: string;
  readonly deadline: string;
  readonly status: 'open' | 'closed';
  readonly createdAt: string;
  readonly closedAt?: string;
  /** Confirmed readers only. */
  readonly createdBy?: string;
  /** How many people the poll was sent to (never who). */
  readonly audienceSize: number;
  readonly options: readonly { readonly optionId: string; readonly label: string; readonly start?: string; readonly end?: string }[];
}

export interface PollResultsView {
  readonly respondents: number;
  readonly options: readonly PollOptionView[];
  /** Named polls only: how many people of each agency answered. */
  readonly agencies?: Readonly<Record<string, number>>;
}

export interface PollReaderView {
  readonly poll: PollView;
  readonly results: PollResultsView;
  /** The reader's own answer, if they answered. */
  readonly yourAnswer?: { readonly choices: readonly string[]; readonly slots?: Readonly<Record<string, SlotAnswer>> };
}

export function pollView(poll: PollDocument, reader: Reader, now: Date): PollView {
  const names = readsNames(reader);
  const open = poll.status === 'open' && now.getTime() < Date.parse(poll.deadline);
  return {
    pollId: poll.pollId,
    question: poll.question,
    kind: poll.kind,
    anonymous: poll.anonymous,
    ...(poll.kind === 'timeSlots' ? { timeZone: poll.timeZone ?? DEFAULT_POLL_TIME_ZONE } : {}),
    deadline: poll.deadline,
    status: open ? 'open' : 'closed',
    createdAt: poll.createdAt,
    ...(poll.closedAt ? { closedAt: poll.closedAt } : {}),
    ...(names ? { createdBy: poll.createdBy.name } : {}),
    audienceSize: poll.audience?.length ?? poll.audienceSize ?? 0,
    options: poll.options.map((option) => ({ optionId: option.id, label: option.label, ...(option.start && option.end ? { start: option.start, end: option.end } : {}) })),
  };
}

export function pollResultsView(poll: Pick<PollDocument, 'anonymous' | 'kind'>, results: PollResults, reader: Reader): PollResultsView {
  const safe = anonymisedResults(poll, results);
  const names = readsNames(reader) && !poll.anonymous;
  return {
    respondents: safe.respondents,
    options: safe.options.map((result) => ({
      optionId: result.option.id,
      label: result.option.label,
      ...(result.option.start && result.option.end ? { start: result.option.start, end: result.option.end } : {}),
      count: result.count,
      ifNeedBe: result.ifNeedBe,
      no: result.no,
      ...(names ? { names: result.names } : {}),
      ...(poll.anonymous ? {} : { byAgency: result.byAgency }),
    })),
    ...(poll.anonymous ? {} : { agencies: safe.agencies }),
  };
}

/** GET /polls/:id — the poll, its results as this reader may see them, and their own answer. */
export function pollReaderView(poll: PollDocument, results: PollResults, reader: Reader, now: Date, own?: Pick<PollAnswerDocument, 'choices' | 'slots'>): PollReaderView {
  return {
    poll: pollView(poll, reader, now),
    results: pollResultsView(poll, results, reader),
    ...(own ? { yourAnswer: { choices: own.choices, ...(own.slots ? { slots: own.slots } : {}) } } : {}),
  };
}

/** A poll as the tab's Polls page lists it: the poll for this reader and whether (and what) they answered — never others' answers. */
export interface PollListItemView extends PollView {
  readonly yourAnswer?: PollReaderView['yourAnswer'];
}

export function pollListItemView(poll: PollDocument, reader: Reader, now: Date, own?: Pick<PollAnswerDocument, 'choices' | 'slots'>): PollListItemView {
  return { ...pollView(poll, reader, now), ...(own ? { yourAnswer: { choices: own.choices, ...(own.slots ? { slots: own.slots } : {}) } } : {}) };
}

// ---- decisions -----------------------------------------------------------------------------

export interface AgencyPositionView {
  readonly agencyCode: string;
  readonly position: Position;
  /** A reservation or the reason of an objection: part of the record, with its agency. */
  readonly comment?: string;
  readonly castAt: string;
  /** The representative who cast it: confirmed readers only. */
  readonly castBy?: string;
  /** The decision's page only: every position the agency gave, newest first (the first is this one). */
  readonly history?: readonly PositionVoiceView[];
}

/** One position an agency gave: the one that counts, or one a later position replaced. */
export interface PositionVoiceView {
  readonly position: Position;
  readonly comment?: string;
  readonly castAt: string;
  /** Confirmed readers only, as `castBy` above. */
  readonly castBy?: string;
  /** The capacity they spoke in, when it was recorded with the voice: confirmed readers only. */
  readonly castByRole?: RepresentativeRole;
  readonly status: 'current' | 'replaced';
}

export interface DecisionSummaryView {
  readonly decisionId: string;
  readonly title: string;
  readonly mode: DecisionDocument['mode'];
  readonly phase: DecisionDocument['phase'];
  readonly deadline: string;
  readonly registerNumber?: string;
  readonly outcome?: Outcome['state'];
  readonly closedAt?: string;
  readonly answered: number;
  readonly excomAgencies: number;
}

export interface DecisionView extends Omit<DecisionSummaryView, 'answered' | 'excomAgencies'> {
  readonly text: DecisionDocument['text'];
  readonly consultationDeadline?: string;
  readonly excomAgencies: readonly string[];
  readonly createdAt: string;
  /** Confirmed readers only. */
  readonly createdBy?: string;
  readonly closeReason?: DecisionDocument['closeReason'];
  readonly extensions: readonly { readonly at: string; readonly from: string; readonly to: string }[];
  /** Agencies (codes) by position, and those that have not answered. */
  readonly tally: { readonly answered: readonly string[]; readonly pending: readonly string[]; readonly byPosition: Readonly<Record<Position, readonly string[]>> };
  /** The position that counts for each agency that answered. */
  readonly positions: readonly AgencyPositionView[];
}

export interface CommentView {
  readonly agencyCode: string;
  readonly author: string;
  readonly text: string;
  readonly at: string;
}

export interface DecisionReaderView {
  readonly decision: DecisionView;
  /** ExCom representatives, co-chairs and the secretariat; others get `commentCount`. */
  readonly comments?: readonly CommentView[];
  readonly commentCount: number;
}

export function decisionSummaryView(decision: DecisionDocument): DecisionSummaryView {
  return {
    decisionId: decision.decisionId,
    title: decision.title,
    mode: decision.mode,
    phase: decision.phase,
    deadline: decision.deadline,
    ...(decision.registerNumber ? { registerNumber: decision.registerNumber } : {}),
    ...(decision.outcome ? { outcome: decision.outcome.state } : {}),
    ...(decision.closedAt ? { closedAt: decision.closedAt } : {}),
    answered: decisionTally(decision).answered.length,
    excomAgencies: decision.excomAgencies.length,
  };
}

export function decisionView(decision: DecisionDocument, reader: Reader): DecisionView {
  const names = readsNames(reader);
  const { tally: current, current: latest } = decisionSummary(decision);
  const { answered: _answered, excomAgencies: _count, ...summary } = decisionSummaryView(decision);
  return {
    ...summary,
    text: decision.text,
    ...(decision.consultationDeadline ? { consultationDeadline: decision.consultationDeadline } : {}),
    excomAgencies: decision.excomAgencies,
    createdAt: decision.createdAt,
    ...(names ? { createdBy: decision.createdBy.name } : {}),
    ...(decision.closeReason ? { closeReason: decision.closeReason } : {}),
    extensions: decision.extensions.map(({ at, from, to }) => ({ at, from, to })),
    tally: { answered: current.answered, pending: current.pending, byPosition: Object.fromEntries(POSITIONS.map((position) => [position, current.byPosition[position]])) as Record<Position, readonly string[]> },
    positions: [...latest.values()]
      .sort((a, b) => a.agencyCode.localeCompare(b.agencyCode))
      .map((voice) => ({
        agencyCode: voice.agencyCode,
        position: voice.position,
        ...(voice.comment ? { comment: voice.comment } : {}),
        castAt: voice.castAt,
        ...(names ? { castBy: voice.castBy.name } : {}),
      })),
  };
}

/**
 * The decision for its page. `positionRecords` (the agencies' records, or a legacy decision's
 * embedded history): each answering agency's position gets its history, newest first, the
 * voice that counts marked `current` — by the records' own rule, which the close heals the
 * decision's summary to — and the earlier ones `replaced`.
 */
export function decisionReaderView(decision: DecisionDocument, comments: readonly CommentDocument[], reader: Reader, positionRecords?: PositionRecords): DecisionReaderView {
  const view = decisionView(decision, reader);
  const names = readsNames(reader);
  const historyOf = (position: AgencyPositionView): PositionVoiceView[] => {
    const voices = newestFirst(positionRecords?.get(position.agencyCode) ?? { history: [] });
    // A record not found (a position whose record write is still in flight elsewhere): the summary's voice alone.
    if (voices.length === 0) return [{ position: position.position, ...(position.comment ? { comment: position.comment } : {}), castAt: position.castAt, ...(position.castBy !== undefined ? { castBy: position.castBy } : {}), status: 'current' }];
    return voices.map((voice, index) => positionVoiceView(voice, names, index === 0 ? 'current' : 'replaced'));
  };
  return {
    decision: positionRecords ? { ...view, positions: view.positions.map((position) => ({ ...position, history: historyOf(position) })) } : view,
    ...(readsComments(reader) ? { comments: comments.map((comment) => ({ agencyCode: comment.agencyCode, author: comment.author.name, text: comment.text, at: comment.at })) } : {}),
    commentCount: comments.length,
  };
}

function positionVoiceView(voice: Voice<Position>, names: boolean, status: PositionVoiceView['status']): PositionVoiceView {
  return {
    position: voice.position,
    ...(voice.comment ? { comment: voice.comment } : {}),
    castAt: voice.castAt,
    ...(names ? { castBy: voice.castBy.name, ...(voice.castBy.agencyRole ? { castByRole: voice.castBy.agencyRole } : {}) } : {}),
    status,
  };
}
