/**
 * Time slots of a time-slot poll as pure functions: reading a slot typed in chat
 * (`12/05 10:00-12:00`, `2026-05-12 10:00-12:00`) in the poll's IANA time zone, validating a
 * slot's start and end, and the best slot once people have answered. A slot that cannot be read
 * stays a label-only slot: the text the person typed is always kept as its label.
 */
import type { PollOption } from './model';
import type { OptionResult } from './poll-rules';
import { MAX_AHEAD_MS, parseInstant } from '../scheduling/instants';

/** Guinea's time (UTC+0 all year); the conversion below works for any zone, DST included. */
export const DEFAULT_POLL_TIME_ZONE = 'Africa/Conakry';

/** A slot as given: a label, and optionally its start and end (ISO instants). */
export interface SlotInput {
  readonly label: string;
  readonly start?: string;
  readonly end?: string;
  /**
   * Set by parseSlotText when the text names a date or a time that cannot make a slot: one that
   * does not exist (31/02, 25:00), or a date without a time range. validateSlot refuses it.
   */
  readonly unreadable?: 'impossible' | 'incomplete';
}

export interface LocalDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock date and time in `timeZone` at an instant. */
export function localDateTime(instant: Date, timeZone: string): LocalDateTime {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)?.value ?? NaN);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') };
}

function offsetMs(instant: number, timeZone: string): number {
  const local = localDateTime(new Date(instant), timeZone);
  const seconds = new Date(instant).getUTCSeconds() * 1000 + new Date(instant).getUTCMilliseconds();
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute) + seconds - instant;
}

/**
 * The instant at which the clocks of `timeZone` show `local`, or undefined when the date or
 * time does not exist (31/02, 25:00, or a wall-clock time skipped by a DST change).
 */
export function zonedInstant(local: LocalDateTime, timeZone: string): Date | undefined {
  const { year, month, day, hour, minute } = local;
  if (![year, month, day, hour, minute].every(Number.isInteger) || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59) return undefined;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  if (new Date(asUtc).getUTCDate() !== day) return undefined;
  // Two passes: the offset at the guess, then at the corrected instant (right across DST changes).
  let instant = asUtc - offsetMs(asUtc, timeZone);
  instant = asUtc - offsetMs(instant, timeZone);
  const check = localDateTime(new Date(instant), timeZone);
  if (check.year !== year || check.month !== month || check.day !== day || check.hour !== hour || check.minute !== minute) return undefined;
  return new Date(instant);
}

/**
 * A card's date picker and time picker (`YYYY-MM-DD`, `HH:MM`, 17:00 when no time was given) as
 * the instant the clocks of `timeZone` show then; undefined for a missing or impossible date.
 */
export function pickedInstant(date: string | undefined, time: string | undefined, timeZone: string): string | undefined {
  const day = date && /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!day) return undefined;
  const clock = (time && /^(\d{2}):(\d{2})$/.exec(time)) || ['', '17', '00'];
  return zonedInstant({ year: Number(day[1]), month: Number(day[2]), day: Number(day[3]), hour: Number(clock[1]), minute: Number(clock[2]) }, timeZone)?.toISOString();
}

const DATE = String.raw`(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})[/.](\d{1,2})(?:[/.](\d{4}))?)`;
const TIME = String.raw`(\d{1,2})(?:[:h](\d{2})?)?`;
const SLOT_PATTERN = new RegExp(String.raw`(?:^|[\s,(])${DATE}(?:\s*,)?\s+(?:de\s+|from\s+)?${TIME}\s*(?:-|–|—|à|to)\s*${TIME}(?=$|[\s,.;)])`, 'i');

/**
 * A slot typed in chat → its label as typed and, when a date and a time range can be read in it,
 * its start and end in `timeZone`. A date or time that does not exist (`31/02 10:00-12:00`,
 * `12/05 25:00-26:00`, `mardi 25:00`) or a date without a time range (`12/05`, `12/05 10:00`) is
 * marked `unreadable`, which validateSlot refuses: the person is told, with the expected format,
 * rather than getting a slot without the times they meant. Without a year, the date is taken in the current year (in
 * `timeZone`), or the next one when that date is more than six months past (so `12/01` typed in
 * December means next January, while a date just gone stays in the past and is refused).
 */
export function parseSlotText(text: string, timeZone: string, now: Date): SlotInput {
  const label = text.trim();
  const match = SLOT_PATTERN.exec(label);
  if (!match) return datedWithoutSlot(label, timeZone, now) ?? { label };
  const [, isoYear, isoMonth, isoDay, frDay, frMonth, frYear, h1, m1, h2, m2] = match;
  const month = Number(isoMonth ?? frMonth);
  const day = Number(isoDay ?? frDay);
  const explicitYear = isoYear ?? frYear;
  const at = (year: number, hour: string | undefined, minute: string | undefined) => zonedInstant({ year, month, day, hour: Number(hour), minute: Number(minute ?? '0') }, timeZone);
  let year = explicitYear ? Number(explicitYear) : localDateTime(now, timeZone).year;
  if (!explicitYear) {
    const thisYear = at(year, h1, m1);
    if (thisYear && now.getTime() - thisYear.getTime() > 183 * 86_400_000) year += 1;
  }
  const start = at(year, h1, m1);
  // `24:00` ends a slot at midnight.
  const lastMinute = h2 === '24' && Number(m2 ?? '0') === 0 ? at(year, '23', '59') : undefined;
  const end = lastMinute ? new Date(lastMinute.getTime() + 60_000) : at(year, h2, m2);
  if (!start || !end) return { label, unreadable: 'impossible' };
  return { label, start: start.toISOString(), end: end.toISOString() };
}

const DATE_TOKEN = new RegExp(String.raw`(?:^|[\s,(])${DATE}(?=$|[\s,.;:)])`);
const TIME_TOKEN = /(?:^|[\s,(])(\d{1,2})[:h](\d{2})(?=$|[\s,.;)\-–—])/g;

/**
 * A text that is not a slot but names a date or a time (`31/02`, `12/05 matin`, `mardi 25:00`):
 * `impossible` when the date or time does not exist, `incomplete` for a date without a time
 * range. Undefined for a plain label (`mardi matin`), which a slot poll keeps as typed.
 */
function datedWithoutSlot(label: string, timeZone: string, now: Date): SlotInput | undefined {
  const times = [...label.matchAll(TIME_TOKEN)];
  if (times.some(([, hour, minute]) => Number(hour) > 23 || Number(minute) > 59)) return { label, unreadable: 'impossible' };
  const date = DATE_TOKEN.exec(label);
  if (!date) return undefined;
  const [, isoYear, isoMonth, isoDay, frDay, frMonth, frYear] = date;
  const year = Number(isoYear ?? frYear ?? localDateTime(now, timeZone).year);
  const exists = zonedInstant({ year, month: Number(isoMonth ?? frMonth), day: Number(isoDay ?? frDay), hour: 12, minute: 0 }, timeZone) !== undefined;
  return { label, unreadable: exists ? 'incomplete' : 'impossible' };
}

/**
 * Examples of slots as the chat reads them, always ahead of `now` (a week and nine days later,
 * in `timeZone`): shown by the poll help and by every refusal of a slot.
 */
export function slotExamples(now: Date, timeZone: string = DEFAULT_POLL_TIME_ZONE): { readonly short: string; readonly iso: string } {
  const day = (days: number) => localDateTime(new Date(now.getTime() + days * 86_400_000), timeZone);
  const two = (value: number) => String(value).padStart(2, '0');
  const first = day(7);
  const second = day(9);
  return { short: `${two(first.day)}/${two(first.month)} 10:00-12:00`, iso: `${second.year}-${two(second.month)}-${two(second.day)} 15:00-17:00` };
}

export type SlotRefusal = 'impossible' | 'incomplete' | 'badInstant' | 'startWithoutEnd' | 'endNotAfterStart' | 'inThePast' | 'tooFarAhead' | 'tooLong';

// A slot becomes a convocation, and a meeting lasts at most three days (meeting-rules).
export const MAX_SLOT_MS = 3 * 24 * 3600_000;

/**
 * A slot's times as stored (UTC ISO instants), or why they are refused: both or neither, ISO 8601
 * with a zone or offset on a day and at a time that exist (no 31 February, no 25:00), end after
 * start, not begun yet at `now`, starting at most two years ahead and lasting at most three days.
 * A slot without times is fine.
 */
export function validateSlot(slot: SlotInput, now: Date): { readonly ok: true; readonly slot: SlotInput } | { readonly ok: false; readonly refusal: SlotRefusal } {
  const label = slot.label.trim();
  if (slot.unreadable) return { ok: false, refusal: slot.unreadable };
  if (slot.start === undefined && slot.end === undefined) return { ok: true, slot: { label } };
  if (slot.start === undefined || slot.end === undefined) return { ok: false, refusal: 'startWithoutEnd' };
  const parsedStart = parseInstant(slot.start);
  const parsedEnd = parseInstant(slot.end);
  if (!parsedStart.ok || !parsedEnd.ok) return { ok: false, refusal: 'badInstant' };
  const start = parsedStart.ms;
  const end = parsedEnd.ms;
  if (end <= start) return { ok: false, refusal: 'endNotAfterStart' };
  if (start <= now.getTime()) return { ok: false, refusal: 'inThePast' };
  if (start > now.getTime() + MAX_AHEAD_MS) return { ok: false, refusal: 'tooFarAhead' };
  if (end - start > MAX_SLOT_MS) return { ok: false, refusal: 'tooLong' };
  return { ok: true, slot: { label, start: new Date(start).toISOString(), end: new Date(end).toISOString() } };
}

export interface BestSlot {
  readonly option: PollOption & { readonly start: string; readonly end: string };
  readonly yes: number;
  readonly ifNeedBe: number;
}

/**
 * The best slot of a time-slot poll: most "yes", then most "yes + if need be", then the earliest.
 * Only slots with times are candidates, and only those at least one person can attend (yes or if
 * need be): a slot nobody can make is never proposed. Undefined when there is none.
 */
export function bestSlot(results: readonly Pick<OptionResult, 'option' | 'count' | 'ifNeedBe'>[]): BestSlot | undefined {
  let best: BestSlot | undefined;
  for (const result of results) {
    const { start, end } = result.option;
    if (start === undefined || end === undefined || result.count + result.ifNeedBe === 0) continue;
    const candidate: BestSlot = { option: { ...result.option, start, end }, yes: result.count, ifNeedBe: result.ifNeedBe };
    if (!best || better(candidate, best)) best = candidate;
  }
  return best;
}

function better(a: BestSlot, b: BestSlot): boolean {
  if (a.yes !== b.yes) return a.yes > b.yes;
  if (a.yes + a.ifNeedBe !== b.yes + b.ifNeedBe) return a.yes + a.ifNeedBe > b.yes + b.ifNeedBe;
  return Date.parse(a.option.start) < Date.parse(b.option.start);
}

/** `#/new?…`: the tab's New convocation form pre-filled with the slot (title = the question). */
export function convocationPrefill(question: string, slot: Pick<BestSlot['option'], 'start' | 'end'>, source: string, timeZone: string = DEFAULT_POLL_TIME_ZONE): string {
  const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
  const params = new URLSearchParams({ start: slot.start, end: slot.end, timeZone, title: clip(question, 200), source: clip(source, 200) });
  return `#/new?${params.toString()}`;
}

/** Every slot validated (see validateSlot), or the first refused one with why. */
export function validateSlots(slots: readonly SlotInput[], now: Date): { readonly ok: true; readonly slots: SlotInput[] } | { readonly ok: false; readonly refusal: SlotRefusal; readonly label: string } {
  const valid: SlotInput[] = [];
  for (const slot of slots) {
    const checked = validateSlot(slot, now);
    if (!checked.ok) return { ok: false, refusal: checked.refusal, label: slot.label };
    valid.push(checked.slot);
  }
  return { ok: true, slots: valid };
}
