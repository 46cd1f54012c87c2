/**
 * Pure rules of the periodic digest: the schedule (DIGEST_SCHEDULE), which period has just
 * ended, and what the digest of a period holds (updates grouped by GCM objective, meetings
 * held, decisions taken). No digest when nothing happened.
 */
import type { Period, UpdateDocument } from './model';
import type { DecisionFact, MeetingFact } from './report-rules';

export type DigestFrequency = 'daily' | 'weekly' | 'monthly';

export type DigestSchedule =
  | { readonly kind: 'off' }
  | {
      readonly kind: DigestFrequency;
      /** 0 = Sunday … 6 = Saturday; weekly only. */
      readonly weekday: number;
      /** Periods start and end at this time of day, UTC (Conakry is UTC+0 all year). */
      readonly hour: number;
      readonly minute: number;
    };

export const DEFAULT_DIGEST_SCHEDULE = 'weekly:mon@08:00';
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/**
 * `off`, `daily`, `weekly`, `weekly:fri`, `monthly`, each optionally `@HH:MM` (UTC):
 * e.g. `weekly:mon@08:00` — a digest every Monday at 08:00 of the week that just ended.
 * Undefined when the text is none of these.
 */
export function parseDigestSchedule(text: string): DigestSchedule | undefined {
  const match = /^(off|daily|weekly|monthly)(?::(sun|mon|tue|wed|thu|fri|sat))?(?:@(\d{1,2}):(\d{2}))?$/.exec(text.trim().toLowerCase());
  if (!match) return undefined;
  const [, kind, day, hourText, minuteText] = match;
  if (kind === 'off') return day || hourText ? undefined : { kind: 'off' };
  if (day && kind !== 'weekly') return undefined;
  const hour = hourText === undefined ? 8 : Number(hourText);
  const minute = minuteText === undefined ? 0 : Number(minuteText);
  if (hour > 23 || minute > 59) return undefined;
  return { kind: kind as DigestFrequency, weekday: WEEKDAYS.indexOf(day ?? 'mon'), hour, minute };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The most recent period that has ended at `now` (its end is ≤ now), or undefined when digests are off. */
export function lastCompletedPeriod(schedule: DigestSchedule, now: Date): Period | undefined {
  if (schedule.kind === 'off') return undefined;
  const atTime = (date: Date) => Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), schedule.hour, schedule.minute);
  let end: number;
  let start: number;
  switch (schedule.kind) {
    case 'daily': {
      end = atTime(now);
      if (end > now.getTime()) end -= DAY_MS;
      start = end - DAY_MS;
      break;
    }
    case 'weekly': {
      end = atTime(now) - ((now.getUTCDay() - schedule.weekday + 7) % 7) * DAY_MS;
      if (end > now.getTime()) end -= 7 * DAY_MS;
      start = end - 7 * DAY_MS;
      break;
    }
    case 'monthly': {
      const year = now.getUTCFullYear();
      const month = now.getUTCMonth();
      end = Date.UTC(year, month, 1, schedule.hour, schedule.minute);
      if (end > now.getTime()) end = Date.UTC(year, month - 1, 1, schedule.hour, schedule.minute);
      const endDate = new Date(end);
      start = Date.UTC(endDate.getUTCFullYear(), endDate.getUTCMonth() - 1, 1, schedule.hour, schedule.minute);
      break;
    }
  }
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString() };
}

export interface DigestGroup {
  /** Null for updates tagged with no objective, listed last. */
  readonly objective: number | null;
  readonly updates: readonly UpdateDocument[];
}

export interface Digest {
  readonly period: Period;
  readonly groups: readonly DigestGroup[];
  readonly updateCount: number;
  readonly meetings: readonly MeetingFact[];
  readonly decisions: readonly DecisionFact[];
}

export const inPeriod = (instant: string, period: Period) => instant >= period.from && instant < period.to;

/**
 * The digest of a period: its updates under each objective they carry (an update about
 * objectives 7 and 10 appears under both), newest first; meetings held and decisions closed in
 * the period. Undefined when nothing happened, so no empty digest is posted.
 */
export function buildDigest(
  period: Period,
  updates: readonly UpdateDocument[],
  meetings: readonly MeetingFact[],
  decisions: readonly DecisionFact[],
): Digest | undefined {
  const ofPeriod = updates.filter((update) => inPeriod(update.sharedAt, period)).sort((a, b) => (a.sharedAt < b.sharedAt ? 1 : -1));
  const held = meetings.filter((meeting) => meeting.status !== 'cancelled' && inPeriod(meeting.start, period) && meeting.start < period.to);
  const taken = decisions.filter((decision) => decision.closedAt !== undefined && inPeriod(decision.closedAt, period));
  if (ofPeriod.length === 0 && held.length === 0 && taken.length === 0) return undefined;
  const byObjective = new Map<number | null, UpdateDocument[]>();
  for (const update of ofPeriod) {
    for (const objective of update.objectives.length > 0 ? update.objectives : [null]) {
      const list = byObjective.get(objective) ?? [];
      list.push(update);
      byObjective.set(objective, list);
    }
  }
  const groups = [...byObjective.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a - b))
    .map(([objective, list]) => ({ objective, updates: list }));
  return { period, groups, updateCount: ofPeriod.length, meetings: held, decisions: taken };
}
