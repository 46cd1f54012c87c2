/**
 * The rotating co-chair (pure): terms follow each other in the configured order; when a term
 * ends the next agency takes over. Several terms may have passed since the last look (a
 * server stopped for months), so `advanceRotation` catches up term by term.
 */
import type { RotationDocument, RotationTerm } from './model';

/** Adds whole months in UTC, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(instant: Date, months: number): Date {
  const year = instant.getUTCFullYear();
  const month = instant.getUTCMonth() + months;
  const target = new Date(Date.UTC(year, month, 1, instant.getUTCHours(), instant.getUTCMinutes(), instant.getUTCSeconds(), instant.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(instant.getUTCDate(), lastDay));
  return target;
}

export function firstTerm(order: readonly string[], termMonths: number, start: Date): RotationTerm {
  const agencyCode = order[0];
  if (!agencyCode) throw new TypeError('A co-chair rotation needs at least one agency.');
  return { agencyCode, start: start.toISOString(), end: addMonths(start, termMonths).toISOString() };
}

export function nextAgency(order: readonly string[], current: string): string {
  const index = order.indexOf(current);
  // An agency removed from the order hands over to the first one.
  return order[(index + 1) % order.length] ?? order[0] ?? current;
}

export interface Handover {
  readonly from: RotationTerm;
  readonly to: RotationTerm;
}

/**
 * The rotation as it stands at `now`, with the handovers that happened since it was last
 * saved (oldest first); none when the current term is still running.
 */
export function advanceRotation(rotation: RotationDocument, now: Date): { readonly next: RotationDocument; readonly handovers: readonly Handover[] } {
  let current = rotation.current;
  const history = [...rotation.history];
  const handovers: Handover[] = [];
  while (now.getTime() >= Date.parse(current.end)) {
    const start = new Date(current.end);
    const to: RotationTerm = {
      agencyCode: nextAgency(rotation.order, current.agencyCode),
      start: start.toISOString(),
      end: addMonths(start, rotation.termMonths).toISOString(),
    };
    handovers.push({ from: current, to });
    history.push(current);
    current = to;
  }
  if (handovers.length === 0) return { next: rotation, handovers };
  return { next: { ...rotation, current, history, updatedAt: now.toISOString() }, handovers };
}
