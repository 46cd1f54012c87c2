/**
 * What features show about a message's delivery (pure): counts per status and the failures
 * with their reason, and the one-line summary a co-chair reads in the tab
 * ("Delivered 183/190 — 7 failed: app not installed").
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

export interface DeliveryStatus {
  readonly messageKey: string;
  readonly total: number;
  readonly counts: Readonly<Record<OutboxStatus, number>>;
  /** Recipients who received the message at least once (an update may still be pending). */
  readonly delivered: number;
  /** Recipients who see the latest version. */
  readonly upToDate: number;
  readonly failures: readonly DeliveryFailure[];
}

/** The fields of an outbox item a status needs: not the activity, by far the largest part. */
export const DELIVERY_STATUS_FIELDS = ['recipient', 'revision', 'deliveredRevision', 'sentActivityId', 'status', 'lastError', 'updatedAt'] as const;
export type DeliveryStatusItem = Pick<OutboxItem, 'id' | 'networkId' | 'type' | (typeof DELIVERY_STATUS_FIELDS)[number]>;

export function deliveryStatus(messageKey: string, items: readonly DeliveryStatusItem[]): DeliveryStatus {
  const counts = Object.fromEntries(OUTBOX_STATUSES.map((status) => [status, 0])) as Record<OutboxStatus, number>;
  const failures: DeliveryFailure[] = [];
  let delivered = 0;
  let upToDate = 0;
  for (const item of items) {
    counts[item.status] += 1;
    if (item.sentActivityId !== undefined || item.deliveredRevision !== undefined) delivered += 1;
    if (item.deliveredRevision !== undefined && item.deliveredRevision >= item.revision) upToDate += 1;
    if (item.status === 'failed' || item.status === 'dead') {
      failures.push({
        recipient: item.recipient,
        status: item.status,
        reason: item.lastError?.reason ?? 'unknown',
        detail: item.lastError?.message ?? '',
        at: item.lastError?.at ?? item.updatedAt,
      });
    }
  }
  return { messageKey, total: items.length, counts, delivered, upToDate, failures };
}

export function failureReasonText(language: Language, reason: FailureReason): string {
  return translate(language, `delivery.reason.${reason}` as MessageKey);
}

/** "Delivered 183/190 — 7 failed: app not installed (5), conversation blocked by the member (2)". */
export function deliverySummary(status: DeliveryStatus, language: Language): string {
  const parts = [translate(language, 'delivery.summary.delivered', { delivered: status.delivered, total: status.total })];
  const pending = status.counts.queued + status.counts.sending;
  if (pending > 0) parts.push(translate(language, 'delivery.summary.pending', { count: pending }));
  if (status.failures.length > 0) {
    const byReason = new Map<FailureReason, number>();
    for (const failure of status.failures) byReason.set(failure.reason, (byReason.get(failure.reason) ?? 0) + 1);
    const reasons = [...byReason.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([reason, count]) => (byReason.size === 1 ? failureReasonText(language, reason) : `${failureReasonText(language, reason)} (${count})`))
      .join(', ');
    parts.push(translate(language, 'delivery.summary.failed', { count: status.failures.length, reasons }));
  }
  return parts.join(' — ');
}
