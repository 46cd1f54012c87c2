/**
 * Reminders before a deadline, as polls, ExCom decisions and statement clearances schedule them:
 * offsets in minutes before the deadline, the one due now, and when to look again.
 */
import { dueInstant } from './instants';

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
