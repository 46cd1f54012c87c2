/**
 * Member polls as pure functions: validating an answer, the tally per option and per agency,
 * who has not answered (reminders) and when the scheduler must look again. One answer per
 * person (the latest replaces the earlier), so a tally can never double-count.
 */
import type { PollAnswerDocument, PollDocument, PollKind, PollOption, SlotAnswer } from './model';
import { SLOT_ANSWERS } from './model';
import { dueInstant } from '../scheduling/instants';

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

/** People of the audience who have not answered: the only ones a reminder goes to. */
export function nonResponders<T extends { readonly aadObjectId: string }>(audience: readonly T[], answers: readonly Pick<PollAnswerDocument, 'aadObjectId'>[]): T[] {
  const answered = new Set(answers.map((answer) => answer.aadObjectId.toLowerCase()));
  return audience.filter((person) => !answered.has(person.aadObjectId.toLowerCase()));
}

/**
 * Reminder offsets (minutes before `deadline`) that are due at `now` and not sent yet. Only
 * the latest due one is sent: a reminder that was missed while the app was down is not
 * followed by a burst of older ones.
 */
export function dueReminder(deadline: string, offsets: readonly number[], sent: readonly number[], now: Date): number | undefined {
  const end = Date.parse(deadline);
  if (now.getTime() >= end) return undefined;
  const due = offsets.filter((offset) => !sent.includes(offset) && end - offset * 60_000 <= now.getTime());
  return due.length === 0 ? undefined : Math.min(...due);
}

/** Offsets that became moot: due ones older than the one just sent. Marked sent with it. */
export function supersededReminders(deadline: string, offsets: readonly number[], now: Date): number[] {
  const end = Date.parse(deadline);
  return offsets.filter((offset) => end - offset * 60_000 <= now.getTime());
}

/**
 * When to look again: the next unsent reminder or the deadline, whichever comes first, as a
 * canonical due time (see dueInstant): the store finds due documents by comparing strings, and a
 * deadline stored before dates were bounded (`+275760-…`) must not sort before every real one.
 */
export function nextDue(deadline: string, offsets: readonly number[], sent: readonly number[]): string {
  const end = Date.parse(deadline);
  const times = [end, ...offsets.filter((offset) => !sent.includes(offset)).map((offset) => end - offset * 60_000)];
  return dueInstant(Math.min(...times));
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
