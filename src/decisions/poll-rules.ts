/**
 * Member polls as pure functions: validating an answer, the tally per option and per agency,
 * who has not answered (reminders) and when the scheduler must look again. One answer per
 * person (the latest replaces the earlier), so a tally can never double-count.
 */
import type { OptionTally, PollAnswerDocument, PollDocument, PollKind, PollOption, PollTallyDocument, SlotAnswer } from './model';
import { DECISION_DOCUMENT_TYPES, POLL_TALLY_SHARDS, SLOT_ANSWERS, pollTallyDocumentId } from './model';

export type AnswerRefusal = 'closed' | 'invalidOption' | 'noChoice' | 'tooManyChoices';

export interface AnswerInput {
  readonly choices: readonly string[];
  readonly slots?: Readonly<Record<string, string>>;
  /** Teams' activity id of the invoke; the same id delivered again records nothing. */
  readonly requestId?: string;
}

/** How many of a voter's recent invoke ids an answer remembers: far more than Teams redelivers. */
export const POLL_ANSWER_REQUEST_MEMORY = 20;

/** True when this invoke was already recorded on the voter's answer (a redelivery or a replay). */
export function answerAlreadyRecorded(answer: Pick<PollAnswerDocument, 'requestIds'> | undefined, requestId: string | undefined): boolean {
  return requestId !== undefined && requestId !== '' && (answer?.requestIds ?? []).includes(requestId);
}

/** The invoke ids an answer remembers once `requestId` is recorded, oldest dropped first. */
export function rememberRequest(previous: readonly string[] | undefined, requestId: string | undefined): readonly string[] | undefined {
  if (requestId === undefined || requestId === '') return previous;
  return [...(previous ?? []), requestId].slice(-POLL_ANSWER_REQUEST_MEMORY);
}

export type ValidAnswer = { readonly choices: readonly string[]; readonly slots?: Readonly<Record<string, SlotAnswer>> };

export function isPollOpen(poll: Pick<PollDocument, 'status' | 'deadline'>, now: Date): boolean {
  return poll.status === 'open' && now.getTime() < Date.parse(poll.deadline);
}

/** The answer as it will be stored, or why it is refused. */
export function validateAnswer(
  poll: Pick<PollDocument, 'kind' | 'options' | 'status' | 'deadline'>,
  input: AnswerInput,
  now: Date,
): { readonly ok: true; readonly answer: ValidAnswer } | { readonly ok: false; readonly refusal: AnswerRefusal } {
  if (!isPollOpen(poll, now)) return { ok: false, refusal: 'closed' };
  const ids = new Set(poll.options.map((option) => option.id));
  if (poll.kind === 'timeSlots') {
    const slots: Record<string, SlotAnswer> = {};
    for (const [slot, value] of Object.entries(input.slots ?? {})) {
      if (value === '') continue;
      if (!ids.has(slot) || !(SLOT_ANSWERS as readonly string[]).includes(value)) return { ok: false, refusal: 'invalidOption' };
      slots[slot] = value as SlotAnswer;
    }
    if (Object.keys(slots).length === 0) return { ok: false, refusal: 'noChoice' };
    const choices = poll.options.filter((option) => slots[option.id] === 'yes' || slots[option.id] === 'ifNeedBe').map((option) => option.id);
    return { ok: true, answer: { choices, slots } };
  }
  const choices = [...new Set(input.choices.filter((choice) => choice !== ''))];
  if (choices.length === 0) return { ok: false, refusal: 'noChoice' };
  if (choices.some((choice) => !ids.has(choice))) return { ok: false, refusal: 'invalidOption' };
  if (poll.kind === 'single' && choices.length > 1) return { ok: false, refusal: 'tooManyChoices' };
  // Stored in the poll's option order, so the same choice always reads the same.
  return { ok: true, answer: { choices: poll.options.filter((option) => choices.includes(option.id)).map((option) => option.id) } };
}

export interface OptionResult {
  readonly option: PollOption;
  /** single/multiple: people who chose it; timeSlots: people who said yes. */
  readonly count: number;
  /** timeSlots only. */
  readonly ifNeedBe: number;
  readonly no: number;
  /** Names of who chose it (empty for an anonymous poll). */
  readonly names: readonly string[];
  /** How many people of each agency chose it (yes for slots). */
  readonly byAgency: Readonly<Record<string, number>>;
}

export interface PollResults {
  readonly respondents: number;
  readonly options: readonly OptionResult[];
  /** Agencies that answered, with how many of their people did. */
  readonly agencies: Readonly<Record<string, number>>;
}

export function pollResults(poll: Pick<PollDocument, 'kind' | 'options' | 'anonymous'>, answers: readonly PollAnswerDocument[]): PollResults {
  // One answer per person whatever the input: the latest wins (ids already make it so in the store).
  const latest = new Map<string, PollAnswerDocument>();
  for (const answer of answers) {
    const key = answer.aadObjectId.toLowerCase();
    const previous = latest.get(key);
    if (!previous || answer.answeredAt >= previous.answeredAt) latest.set(key, answer);
  }
  const people = [...latest.values()].sort((a, b) => a.name.localeCompare(b.name));
  const agencies: Record<string, number> = {};
  for (const answer of people) agencies[answer.agencyCode] = (agencies[answer.agencyCode] ?? 0) + 1;
  const options = poll.options.map((option): OptionResult => {
    const slotOf = (answer: PollAnswerDocument): SlotAnswer | undefined => answer.slots?.[option.id];
    const chose = poll.kind === 'timeSlots' ? people.filter((answer) => slotOf(answer) === 'yes') : people.filter((answer) => answer.choices.includes(option.id));
    const byAgency: Record<string, number> = {};
    for (const answer of chose) byAgency[answer.agencyCode] = (byAgency[answer.agencyCode] ?? 0) + 1;
    return {
      option,
      count: chose.length,
      ifNeedBe: poll.kind === 'timeSlots' ? people.filter((answer) => slotOf(answer) === 'ifNeedBe').length : 0,
      no: poll.kind === 'timeSlots' ? people.filter((answer) => slotOf(answer) === 'no').length : 0,
      names: poll.anonymous ? [] : chose.map((answer) => answer.name),
      byAgency,
    };
  });
  return { respondents: people.length, options, agencies };
}

// ---- tallies kept incrementally ------------------------------------------------------------

/** What one answer adds to a tally. */
export type AnswerContribution = Pick<PollAnswerDocument, 'choices' | 'slots' | 'agencyCode' | 'revision'>;

/** The shard a voter's answers count in: a stable hash (FNV-1a) of their object id. */
export function pollTallyShard(aadObjectId: string, shards: number = POLL_TALLY_SHARDS): number {
  let hash = 0x811c9dc5;
  for (const char of aadObjectId.toLowerCase()) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shards;
}

export function emptyTally(poll: Pick<PollDocument, 'networkId' | 'pollId' | 'options' | 'anonymous'>, shard: number): PollTallyDocument {
  return {
    id: pollTallyDocumentId(poll.pollId, shard),
    networkId: poll.networkId,
    type: DECISION_DOCUMENT_TYPES.pollTally,
    pollId: poll.pollId,
    shard,
    respondents: 0,
    revisions: 0,
    options: Object.fromEntries(poll.options.map((option) => [option.id, poll.anonymous ? { count: 0, ifNeedBe: 0, no: 0 } : { count: 0, ifNeedBe: 0, no: 0, byAgency: {} }])),
    ...(poll.anonymous ? {} : { agencies: {} }),
  };
}

function bump(record: Readonly<Record<string, number>> | undefined, key: string, by: number): Record<string, number> {
  const next = { ...record };
  const value = (next[key] ?? 0) + by;
  // Zeros are dropped so a tally kept by deltas and one rebuilt from the answers are equal.
  if (value === 0) delete next[key];
  else next[key] = value;
  return next;
}

/** Adds (`sign` 1) or takes away (-1) one answer's counts. */
function withContribution(poll: Pick<PollDocument, 'kind' | 'anonymous'>, tally: PollTallyDocument, answer: AnswerContribution, sign: 1 | -1): PollTallyDocument {
  const options: Record<string, OptionTally> = { ...tally.options };
  for (const [optionId, current] of Object.entries(tally.options)) {
    const slot = poll.kind === 'timeSlots' ? answer.slots?.[optionId] : answer.choices.includes(optionId) ? 'yes' : undefined;
    if (slot === undefined) continue;
    const counted = slot === 'yes';
    options[optionId] = {
      count: current.count + (counted ? sign : 0),
      ifNeedBe: current.ifNeedBe + (slot === 'ifNeedBe' ? sign : 0),
      no: current.no + (slot === 'no' ? sign : 0),
      ...(poll.anonymous ? {} : { byAgency: counted ? bump(current.byAgency, answer.agencyCode, sign) : { ...current.byAgency } }),
    };
  }
  return {
    ...tally,
    respondents: tally.respondents + sign,
    options,
    ...(poll.anonymous ? {} : { agencies: bump(tally.agencies, answer.agencyCode, sign) }),
  };
}

/**
 * The shard after one voter's answer changed from `previous` (none: their first) to `next`:
 * the old counts taken away, the new ones added, and `revisions` moved by the revisions the
 * answer moved (1 per answer turn), so the shard keeps the sum of its answers' revisions.
 */
export function applyAnswerToTally(
  poll: Pick<PollDocument, 'kind' | 'anonymous'>,
  tally: PollTallyDocument,
  previous: AnswerContribution | undefined,
  next: AnswerContribution,
): PollTallyDocument {
  const without = previous ? withContribution(poll, tally, previous, -1) : tally;
  const added = withContribution(poll, without, next, 1);
  return { ...added, revisions: tally.revisions + next.revision - (previous?.revision ?? 0) };
}

/** Shard `shard` counted from the answers (those of other shards are ignored): what a repair writes. */
export function tallyOfAnswers(
  poll: Pick<PollDocument, 'networkId' | 'pollId' | 'options' | 'anonymous' | 'kind'>,
  shard: number,
  answers: readonly (AnswerContribution & Pick<PollAnswerDocument, 'aadObjectId'>)[],
  shards: number = POLL_TALLY_SHARDS,
): PollTallyDocument {
  let tally = emptyTally(poll, shard);
  for (const answer of answers) {
    if (pollTallyShard(answer.aadObjectId, shards) !== shard) continue;
    tally = applyAnswerToTally(poll, tally, undefined, answer);
  }
  return tally;
}

/** The counts of two shards compared, whatever the key order: false means one must be rebuilt. */
export function sameTally(a: PollTallyDocument, b: PollTallyDocument): boolean {
  const counts = (tally: PollTallyDocument) =>
    canonical({ respondents: tally.respondents, revisions: tally.revisions, options: tally.options, agencies: tally.agencies ?? {} });
  return counts(a) === counts(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The poll's results from its shards: counts per option (yes / if need be / no for slots) and,
 * for a named poll, per agency. Never names (they need every answer: views that show them read
 * the answers). A count a delta has not caught up with yet never shows below zero.
 */
export function resultsOfTallies(poll: Pick<PollDocument, 'kind' | 'options' | 'anonymous'>, tallies: readonly PollTallyDocument[]): PollResults {
  // Plain loops, no entry arrays: every answer's card runs this over every shard and option,
  // and its Object.entries/fromEntries copies were the poll answer's largest allocation (issue 13).
  const positive = (value: number) => Math.max(0, value);
  const options = poll.options.map((option): OptionResult => {
    let count = 0;
    let ifNeedBe = 0;
    let no = 0;
    const byAgency: Record<string, number> = {};
    for (const tally of tallies) {
      const part = tally.options[option.id];
      if (!part) continue;
      count += part.count;
      ifNeedBe += part.ifNeedBe;
      no += part.no;
      if (!poll.anonymous) addCounts(byAgency, part.byAgency);
    }
    return {
      option,
      count: positive(count),
      ifNeedBe: poll.kind === 'timeSlots' ? positive(ifNeedBe) : 0,
      no: poll.kind === 'timeSlots' ? positive(no) : 0,
      names: [],
      byAgency: poll.anonymous ? {} : withoutNonPositive(byAgency),
    };
  });
  let respondents = 0;
  const agencies: Record<string, number> = {};
  for (const tally of tallies) {
    respondents += tally.respondents;
    if (!poll.anonymous) addCounts(agencies, tally.agencies);
  }
  return { respondents: positive(respondents), options, agencies: poll.anonymous ? {} : withoutNonPositive(agencies) };
}

/** Adds `counts` into `total`, key by key. */
function addCounts(total: Record<string, number>, counts: Readonly<Record<string, number>> | undefined): void {
  for (const key in counts) total[key] = (total[key] ?? 0) + counts[key]!;
}

/** `counts` without the keys a delta has not caught up with (zero or below): they do not show. */
function withoutNonPositive(counts: Record<string, number>): Record<string, number> {
  for (const key in counts) if (!(counts[key]! > 0)) delete counts[key];
  return counts;
}

/** People of the audience who have not answered: the only ones a reminder goes to. */
export function nonResponders<T extends { readonly aadObjectId: string }>(audience: readonly T[], answers: readonly Pick<PollAnswerDocument, 'aadObjectId'>[]): T[] {
  const answered = new Set(answers.map((answer) => answer.aadObjectId.toLowerCase()));
  return audience.filter((person) => !answered.has(person.aadObjectId.toLowerCase()));
}

export const MAX_POLL_OPTIONS = 20;
export const MAX_POLL_TEXT = 300;

export interface NewPollInput {
  readonly question: string;
  readonly kind: PollKind;
  readonly options: readonly string[];
}

/** Option ids are short and positional (`o1`…): card data stays small and tamper-evident. */
export function pollOptions(labels: readonly (string | { readonly label: string; readonly start?: string; readonly end?: string })[]): PollOption[] {
  return labels.map((entry, index) => {
    const { label, start, end } = typeof entry === 'string' ? { label: entry, start: undefined, end: undefined } : entry;
    return { id: `o${index + 1}`, label: label.trim(), ...(start !== undefined && end !== undefined ? { start, end } : {}) };
  });
}
