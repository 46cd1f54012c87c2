/**
 * What features show about a message's delivery (pure): counts per status and the failures
 * with their reason, and the one-line summary a co-chair reads in the tab
 * ("Delivered 183/190 — 7 failed: app not installed").
 *
 * The counts are a message's *tally*: the sum over its items of what each item counts for
 * (`itemTally`: its status, whether delivered and up to date, its failure reason), kept by
 * adding the difference each item write makes (`tallyDelta`), plus events no item keeps
 * (`ambiguous`: a try whose outcome nobody recorded, taken over after its lease expired). So
 * the counts need no item to be read, and stay once the items expired.
 */
import { translate, type Language, type MessageKey } from '../i18n';
import { OUTBOX_STATUSES, type FailureReason, type OutboxItem, type OutboxStatus, type Recipient } from './outbox-rules';

export interface DeliveryFailure {
  readonly recipient: Recipient;
  readonly status: 'failed' | 'dead';
  readonly reason: FailureReason;
  /** The connector's own words, for support; not for members. */
  readonly detail: string;
  readonly at: string;
}

/** Per status, and `ambiguous`: tries that may have reached the recipient without being recorded. */
export type DeliveryCount = OutboxStatus | 'ambiguous';

export interface DeliveryStatus {
  readonly messageKey: string;
  readonly total: number;
  readonly counts: Readonly<Record<DeliveryCount, number>>;
  /** Recipients who received the message at least once (an update may still be pending). */
  readonly delivered: number;
  /** Recipients who see the latest version. */
  readonly upToDate: number;
  /**
   * Of the delivered, those reached by a channel post that @mentions them because no 1:1 could
   * be opened (external members of a shared channel); absent = 0.
   */
  readonly reachedInChannel?: number;
  /** Failed copies still kept (see OutboxRetention), with who and why. */
  readonly failures: readonly DeliveryFailure[];
  /** Failed and abandoned copies by reason, expired ones included; absent = count `failures`. */
  readonly reasons?: Readonly<Partial<Record<FailureReason, number>>>;
}

/**
 * Counters by name: `total`, each status, `delivered`, `upToDate`, `reason.<FailureReason>`
 * (failed and dead copies), `ambiguous`. Absent = 0.
 */
export type Tally = Readonly<Record<string, number>>;

const REASON_PREFIX = 'reason.';

/** The fields of an outbox item a status needs: not the activity, by far the largest part. */
export const DELIVERY_STATUS_FIELDS = ['recipient', 'revision', 'deliveredRevision', 'sentActivityId', 'status', 'lastError', 'updatedAt', 'reachedInChannel', 'carrier'] as const;
export type DeliveryStatusItem = Pick<OutboxItem, 'id' | 'networkId' | 'type' | (typeof DELIVERY_STATUS_FIELDS)[number]>;

/** What one item counts for in its message's tally. */
export function itemTally(item: DeliveryStatusItem): Tally {
  if (item.carrier) return carrierTally(item as DeliveryStatusItem & { readonly carrier: NonNullable<OutboxItem['carrier']> });
  const tally: Record<string, number> = { total: 1, [item.status]: 1 };
  if (item.reachedInChannel) tally.inChannel = 1;
  if (item.sentActivityId !== undefined || item.deliveredRevision !== undefined) tally.delivered = 1;
  if (item.deliveredRevision !== undefined && item.deliveredRevision >= item.revision) tally.upToDate = 1;
  if (item.status === 'failed' || item.status === 'dead') tally[`${REASON_PREFIX}${item.lastError?.reason ?? 'unknown'}`] = 1;
  return tally;
}

/**
 * A channel post carrying the message to people no 1:1 could reach is not a recipient of its
 * own: its people's items already count them as sent in the channel. Until the post first
 * went out (or if it never can), those people are moved back from delivered to the post's
 * status — queued, sending, failed with its reason — so the counts never say more than Teams did.
 */
function carrierTally(item: DeliveryStatusItem & { readonly carrier: NonNullable<OutboxItem['carrier']> }): Tally {
  const people = item.carrier.people.length;
  const everDelivered = item.sentActivityId !== undefined || item.deliveredRevision !== undefined;
  if (everDelivered) return (item.deliveredRevision ?? 0) >= item.revision ? {} : { upToDate: -people };
  if (item.status === 'sent') return {};
  const tally: Record<string, number> = { sent: -people, [item.status]: people, delivered: -people, upToDate: -people, inChannel: -people };
  if (item.status === 'failed' || item.status === 'dead') tally[`${REASON_PREFIX}${item.lastError?.reason ?? 'unknown'}`] = people;
  return tally;
}

/** What writing `after` over `before` (none: a creation) changes in the tally; {} when nothing. */
export function tallyDelta(before: DeliveryStatusItem | undefined, after: DeliveryStatusItem): Tally {
  const from = before ? itemTally(before) : {};
  const to = itemTally(after);
  const delta: Record<string, number> = {};
  for (const key of new Set([...Object.keys(from), ...Object.keys(to)])) {
    const change = (to[key] ?? 0) - (from[key] ?? 0);
    if (change !== 0) delta[key] = change;
  }
  return delta;
}

/** a + b, dropping counters that come to 0. */
export function addTallies(a: Tally, b: Tally): Tally {
  const sum: Record<string, number> = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const next = (sum[key] ?? 0) + value;
    if (next === 0) delete sum[key];
    else sum[key] = next;
  }
  return sum;
}

function failuresOf(item: DeliveryStatusItem & { readonly status: 'failed' | 'dead' }): DeliveryFailure[] {
  // A channel post that could not go out: each person it carried is a failure.
  if (item.carrier && item.sentActivityId === undefined && item.deliveredRevision === undefined) {
    return item.carrier.people.map((person) => ({ ...failureOf(item), recipient: { kind: 'member', aadObjectId: person.aadObjectId, tenantId: person.tenantId, ...(person.name ? { name: person.name } : {}) } }));
  }
  return item.carrier ? [] : [failureOf(item)];
}

function failureOf(item: DeliveryStatusItem & { readonly status: 'failed' | 'dead' }): DeliveryFailure {
  return {
    recipient: item.recipient,
    status: item.status,
    reason: item.lastError?.reason ?? 'unknown',
    detail: item.lastError?.message ?? '',
    at: item.lastError?.at ?? item.updatedAt,
  };
}

const isFinal = (item: DeliveryStatusItem): item is DeliveryStatusItem & { readonly status: 'failed' | 'dead' } => item.status === 'failed' || item.status === 'dead';

/** The status from a message's tally and the failed items still kept. */
export function deliveryStatusFromTally(messageKey: string, tally: Tally, failedItems: readonly DeliveryStatusItem[]): DeliveryStatus {
  const counts = Object.fromEntries([...OUTBOX_STATUSES, 'ambiguous'].map((key) => [key, Math.max(0, tally[key] ?? 0)])) as Record<DeliveryCount, number>;
  const reasons: Partial<Record<FailureReason, number>> = {};
  for (const [key, value] of Object.entries(tally)) {
    if (key.startsWith(REASON_PREFIX) && value > 0) reasons[key.slice(REASON_PREFIX.length) as FailureReason] = value;
  }
  return {
    messageKey,
    total: Math.max(0, tally.total ?? 0),
    counts,
    delivered: Math.max(0, tally.delivered ?? 0),
    upToDate: Math.max(0, tally.upToDate ?? 0),
    reachedInChannel: Math.max(0, tally.inChannel ?? 0),
    failures: failedItems.filter(isFinal).flatMap(failuresOf),
    reasons,
  };
}

/** The status of items in hand: the same counts as their tally. */
export function deliveryStatus(messageKey: string, items: readonly DeliveryStatusItem[]): DeliveryStatus {
  return deliveryStatusFromTally(messageKey, items.map(itemTally).reduce(addTallies, {}), items);
}

/** A status's failed and abandoned copies by reason (its counters, else its kept failures). */
function failuresByReason(status: DeliveryStatus): Map<FailureReason, number> {
  const byReason = new Map<FailureReason, number>();
  if (status.reasons) for (const [reason, count] of Object.entries(status.reasons)) byReason.set(reason as FailureReason, count);
  else for (const failure of status.failures) byReason.set(failure.reason, (byReason.get(failure.reason) ?? 0) + 1);
  return byReason;
}

/** Two messages' statuses as one (a convocation's channel copies and its invitees' copies). */
export function combinedStatus(first: DeliveryStatus, second: DeliveryStatus): DeliveryStatus {
  const reasons = failuresByReason(first);
  for (const [reason, count] of failuresByReason(second)) reasons.set(reason, (reasons.get(reason) ?? 0) + count);
  const counts = { ...first.counts } as Record<DeliveryCount, number>;
  for (const [name, count] of Object.entries(second.counts)) counts[name as DeliveryCount] = (counts[name as DeliveryCount] ?? 0) + count;
  return {
    messageKey: first.messageKey,
    total: first.total + second.total,
    counts,
    delivered: first.delivered + second.delivered,
    upToDate: first.upToDate + second.upToDate,
    reachedInChannel: (first.reachedInChannel ?? 0) + (second.reachedInChannel ?? 0),
    failures: [...first.failures, ...second.failures],
    reasons: Object.fromEntries(reasons),
  };
}

export function failureReasonText(language: Language, reason: FailureReason): string {
  return translate(language, `delivery.reason.${reason}` as MessageKey);
}

/** "Delivered 183/190 — 7 failed: app not installed (5), conversation blocked by the member (2)". */
export function deliverySummary(status: DeliveryStatus, language: Language): string {
  const parts = [translate(language, 'delivery.summary.delivered', { delivered: status.delivered, total: status.total })];
  if ((status.reachedInChannel ?? 0) > 0) parts.push(translate(language, 'delivery.summary.inChannel', { count: status.reachedInChannel ?? 0 }));
  const pending = status.counts.queued + status.counts.sending;
  if (pending > 0) parts.push(translate(language, 'delivery.summary.pending', { count: pending }));
  const byReason = failuresByReason(status);
  const failed = [...byReason.values()].reduce((sum, count) => sum + count, 0);
  if (failed > 0) {
    const reasons = [...byReason.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([reason, count]) => (byReason.size === 1 ? failureReasonText(language, reason) : `${failureReasonText(language, reason)} (${count})`))
      .join(', ');
    parts.push(translate(language, 'delivery.summary.failed', { count: failed, reasons }));
  }
  const ambiguous = status.counts.ambiguous ?? 0;
  if (ambiguous > 0) parts.push(translate(language, 'delivery.summary.ambiguous', { count: ambiguous }));
  return parts.join(' — ');
}
