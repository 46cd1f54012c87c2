/**
 * Dates and instants that users type, as pure functions: strict parsing, calendar validity and
 * bounds, and the canonical form due times are stored in.
 *
 * Why strict: `Date.parse` rolls `2099-02-30` over to 2 March, reads `May 5 2026` and zone-less
 * times in the server's own zone, and accepts extended years up to `+275760-09-13`. Such an
 * instant's ISO string (`+275760-…`) sorts before every `2026-…` string, and the store compares
 * due times as strings: a poll with that deadline was "due" on every tick and rewritten forever.
 * So every instant that enters is calendar-valid and bounded (years 0000–9999 at most, and each
 * feature's own window), and every due time stored is a canonical `YYYY-MM-DDTHH:MM:SS.sssZ`
 * string whose string order is its time order; the scheduler still compares numbers.
 */
import { translate, type Language } from '../i18n';

const DAY_MS = 24 * 3600_000;

/** Deadlines, meetings and slots are set at most this far ahead (two years, leap day included). */
export const MAX_AHEAD_MS = 731 * DAY_MS;

/** The last instant whose ISO string has a four-digit year: 9999-12-31T23:59:59.999Z. */
export const LATEST_INSTANT_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
/** The first one: 0000-01-01T00:00:00.000Z. */
export const EARLIEST_INSTANT_MS = -62_167_219_200_000;

export type InstantRefusal =
  /** Not `YYYY-MM-DDTHH:MM[:SS[.sss]]` with `Z` or an offset. */
  | 'notAnInstant'
  /** A day or time that does not exist: 30 February, 25:00, 24:01, an offset of +15:00. */
  | 'notOnTheCalendar'
  /** At or before now where the future is required. */
  | 'notInTheFuture'
  /** Further ahead than the feature allows. */
  | 'tooFarAhead'
  /** Further back than the feature allows. */
  | 'tooFarBack';

export type InstantCheck = { readonly ok: true; readonly ms: number; readonly iso: string } | { readonly ok: false; readonly refusal: InstantRefusal };

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Does this day exist (month 1–12, day within the month, leap years counted)? */
export function isCalendarDay(year: number, month: number, day: number): boolean {
  if (![year, month, day].every(Number.isInteger) || year < 0 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
  const probe = new Date(Date.UTC(2000, month - 1, 1));
  probe.setUTCFullYear(year, month - 1, day);
  return probe.getUTCDate() === day && probe.getUTCMonth() === month - 1;
}

/** Milliseconds of UTC midnight of a day that exists, without Date.UTC's 0–99 quirk. */
function utcDay(year: number, month: number, day: number): number {
  const at = new Date(0);
  at.setUTCFullYear(year, month - 1, day);
  return at.getTime();
}

/**
 * An ISO 8601 instant with its zone (`2026-05-12T10:00Z`, `…:00.000+01:00`) → milliseconds, or
 * why not. Hours 00–23 only (no `24:00`), offsets within ±14:00, four-digit years.
 */
export function parseInstant(text: string): { readonly ok: true; readonly ms: number } | { readonly ok: false; readonly refusal: 'notAnInstant' | 'notOnTheCalendar' } {
  const match = ISO_INSTANT.exec(text.trim());
  if (!match) return { ok: false, refusal: 'notAnInstant' };
  const [, y, mo, d, h, mi, s, fraction, zulu, sign, oh, om] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s ?? '0'].map(Number) as [number, number, number, number, number, number];
  if (!isCalendarDay(year, month, day) || hour > 23 || minute > 59 || second > 59) return { ok: false, refusal: 'notOnTheCalendar' };
  const offsetMinutes = zulu ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  if (!zulu && (Number(om) > 59 || Math.abs(offsetMinutes) > 14 * 60)) return { ok: false, refusal: 'notOnTheCalendar' };
  const millis = fraction ? Number(fraction.padEnd(3, '0')) : 0;
  return { ok: true, ms: utcDay(year, month, day) + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + millis };
}

/** `YYYY-MM-DD` that exists → the milliseconds of its UTC midnight; undefined otherwise. */
export function parseDay(text: string): number | undefined {
  const match = ISO_DAY.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day] = [match[1], match[2], match[3]].map(Number) as [number, number, number];
  return isCalendarDay(year, month, day) ? utcDay(year, month, day) : undefined;
}

export interface InstantWindow {
  /** Refuse instants at or before this one (e.g. now, for a deadline). */
  readonly after?: Date;
  /** Refuse instants before this one. */
  readonly notBefore?: Date;
  /** Refuse instants after this one (e.g. now + MAX_AHEAD_MS). */
  readonly notAfter?: Date;
}

/** An instant typed by a user, checked strictly and against a window; `iso` is canonical UTC. */
export function checkInstant(text: string, window: InstantWindow = {}): InstantCheck {
  const parsed = parseInstant(text);
  if (!parsed.ok) return parsed;
  const { ms } = parsed;
  if (window.after && ms <= window.after.getTime()) return { ok: false, refusal: 'notInTheFuture' };
  if (window.notBefore && ms < window.notBefore.getTime()) return { ok: false, refusal: 'tooFarBack' };
  if (window.notAfter && ms > window.notAfter.getTime()) return { ok: false, refusal: 'tooFarAhead' };
  if (ms < EARLIEST_INSTANT_MS || ms > LATEST_INSTANT_MS) return { ok: false, refusal: ms < EARLIEST_INSTANT_MS ? 'tooFarBack' : 'tooFarAhead' };
  return { ok: true, ms, iso: new Date(ms).toISOString() };
}

/** A deadline (or a meeting's or slot's start): strictly after `now`, at most two years ahead. */
export function checkFutureInstant(text: string, now: Date, maxAheadMs: number = MAX_AHEAD_MS): InstantCheck {
  return checkInstant(text, { after: now, notAfter: new Date(now.getTime() + maxAheadMs) });
}

/** Fields an instant is typed in, named to people by their label (src/i18n `input.field.*`). */
export type InstantField = 'deadline' | 'consultationDeadline' | 'start' | 'end';

/**
 * Why an instant was refused, said to a person: the field by its label and the refusal in their
 * language ("Échéance : doit être dans le futur"), never the field's code name (issue 15).
 */
export function instantProblem(language: Language, field: InstantField, refusal: InstantRefusal): string {
  return translate(language, 'input.problem', { field: translate(language, `input.field.${field}`), problem: translate(language, `input.instant.${refusal}`) });
}

/** Why an instant was refused, for the logs (people read `instantProblem`). */
export function instantRefusalText(field: string, refusal: InstantRefusal): string {
  switch (refusal) {
    case 'notAnInstant':
      return `${field}: not a date and time (YYYY-MM-DDTHH:MM with Z or an offset).`;
    case 'notOnTheCalendar':
      return `${field}: this day or time does not exist.`;
    case 'notInTheFuture':
      return `${field}: must be in the future.`;
    case 'tooFarAhead':
      return `${field}: at most two years ahead.`;
    case 'tooFarBack':
      return `${field}: too far in the past.`;
  }
}

/**
 * A due time as stored: canonical UTC with a four-digit year, clamped into 0000–9999 so that the
 * store's string comparison (`dueAt <= now`) orders it like the instant it stands for. A document
 * written before dates were bounded (a `+275760-…` deadline) gets 9999-12-31: never due.
 */
export function dueInstant(ms: number): string {
  const clamped = Number.isNaN(ms) ? LATEST_INSTANT_MS : Math.min(LATEST_INSTANT_MS, Math.max(EARLIEST_INSTANT_MS, ms));
  return new Date(clamped).toISOString();
}

/** Is this stored due time in the canonical form (so the store's string order is time order)? */
export function isCanonicalDue(dueAt: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(dueAt);
}

/** Due at `now`, compared as numbers, never as strings. */
export function isDue(dueAt: string | undefined, now: Date): boolean {
  if (dueAt === undefined) return false;
  const at = Date.parse(dueAt);
  return Number.isFinite(at) && at <= now.getTime();
}
