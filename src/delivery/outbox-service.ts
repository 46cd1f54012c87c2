/**
 * What features call to reach people: enqueue a message for a list of recipients, update it
 * (every delivered copy is edited in place), and read its delivery status. Sending itself is
 * the dispatcher's job; this service only writes outbox items and nudges it.
 *
 * Store-operation budget (k = the message's recipients; nothing depends on how many other
 * messages the network ever sent — asserted by tests/contract/outbox-budget.contract.spec.ts
 * on both adapters, with 2,000 items of other messages around):
 * - enqueue: who already has it: 1 point read per recipient for 1–2 recipients, else 1 query
 *   for the ids of the message's items (finding none for a new message; it was k point
 *   reads); then per new recipient 1 read to find the target (a point read for a
 *   conversation, an indexed query for a member's 1:1) and 1 create.
 * - update: 1 query for the message's items + 1 conditional replace per item whose content
 *   changes, written from the version the query returned (+1 read and 1 write per item the
 *   dispatcher wrote meanwhile). A copy whose content is unchanged: no write and no call. A
 *   message never sent: that one query, finding nothing, and no write.
 * - status: 1 query returning the message's tally documents (one small document per instance
 *   that wrote its counts, see delivery-tally.ts), + 1 query for its failed items still kept
 *   when the counts show failures; no write, and nothing read per delivered copy.
 * - counts: every item write adds its difference to the message's tally in memory; each
 *   message whose counts changed is written once a second per instance (1 upsert of a small
 *   document): bench:fanout, ~20 upserts for 1,000 copies.
 * - dispatcher, per connector call: 1 claim + 1 outcome write (an outcome due again at once,
 *   a 1:1 just opened, is written as the next claim), and its poll: 1 query per network for
 *   at most a batch of due items, skipped while a second of work is in hand (bench:fanout:
 *   ~0.1 rows read per item sent, was 2.9).
 *
 * Those queries filter on `messageKey` and on (`status`, `dueAt`), fields the store declares
 * indexed (STORE_INDEXES in src/store/open-store.ts): an index seek on SQLite (expression
 * indexes) and on Cosmos DB (every path indexed, one partition), so they read the items they
 * return and no others. Chosen over a per-message index document listing the item ids because
 * that document would cost one more read and write on every enqueue, could miss items written
 * before it existed, and would still need one read per item for the status. Status counters
 * on one shared document per message were rejected: every delivery outcome of a fan-out to
 * hundreds of members would rewrite that one document under ETag retries (a hot document, see
 * DESIGN "many writers → one document per writer"). The tally is one document per (message,
 * instance), written by that instance alone, batched: the status costs O(instances), not O(k),
 * and keeps answering once the items expired (OutboxRetention).
 */
import type { DocumentStore } from '../store/document-store';
import type { ConversationService } from './conversation-service';
import { deliveryStatus, deliveryStatusFromTally, type DeliveryStatus } from './delivery-status';
import { DeliveryTally } from './delivery-tally';
import { OutboxRepository } from './outbox-repository';
import {
  applyNewRevision,
  newOutboxItem,
  outboxItemId,
  undeliverableOutboxItem,
  type DeliveryTarget,
  type OutboxActivity,
  type OutboxRetention,
  type Recipient,
} from './outbox-rules';
import { forEachConcurrently } from '../scheduling/concurrency';

/** One activity for everybody, or one per recipient (e.g. in the member's language). */
export type ActivitySource = OutboxActivity | ((recipient: Recipient) => OutboxActivity);

export interface EnqueueResult {
  /** Items created now. */
  readonly queued: number;
  /** Recipients who already had this message key: nothing was added for them. */
  readonly alreadyQueued: number;
  /** Recipients that cannot be reached (conversation unknown to the bot), recorded as failed. */
  readonly undeliverable: number;
}

export interface OutboxServiceOptions {
  readonly now?: () => number;
  /** Called after new work was written, so a dispatcher in this process starts at once. */
  readonly onWork?: () => void;
  /** How long final items are kept (their store ttl); default DEFAULT_OUTBOX_RETENTION. */
  readonly retention?: OutboxRetention;
  /**
   * The messages' counts, shared with the dispatcher of this process (src/main.ts) so a status
   * read here sees its outcomes at once; without one the service keeps its own.
   */
  readonly tally?: DeliveryTally;
}

// Keys name messages in logs and the status API; long enough for "meeting:<uuid>:reminder:2".
const MESSAGE_KEY = /^[\w:.@/-]{1,200}$/;
// Writes in flight at once while enqueuing: enough to hide Cosmos DB's latency, few enough
// not to burst past its request units.
const ENQUEUE_CONCURRENCY = 16;
// Up to this many recipients, "already queued?" is a point read each; above, one query.
const POINT_READS_UP_TO = 2;

export class OutboxService {
  private readonly repository: OutboxRepository;
  private readonly tally: DeliveryTally;
  private readonly now: () => number;

  constructor(
    store: DocumentStore,
    private readonly conversations: ConversationService,
    private readonly options: OutboxServiceOptions = {},
  ) {
    this.tally = options.tally ?? new DeliveryTally(store);
    this.repository = new OutboxRepository(store, { ...(options.retention ? { retention: options.retention } : {}), tally: this.tally });
    this.now = options.now ?? (() => Date.now());
  }

  /**
   * Queues `messageKey` for each recipient. Idempotent: a recipient who already has this key
   * is left as is, so a feature can safely enqueue again after a crash or a double click.
   */
  async enqueue(networkId: string, messageKey: string, recipients: readonly Recipient[], activity: ActivitySource): Promise<EnqueueResult> {
    assertMessageKey(messageKey);
    const unique = uniqueRecipients(recipients);
    let queued = 0;
    let alreadyQueued = 0;
    let undeliverable = 0;
    // Who already has this key: for a few recipients a point read each (1 RU on Cosmos DB), for
    // more one indexed query (about 2.5 RU, one round trip) rather than a read per recipient.
    // A recipient added by a racing enqueue after the look is still caught by createIfAbsent.
    const existing = unique.length > POINT_READS_UP_TO ? await this.repository.idsByMessageKey(networkId, messageKey) : undefined;
    await forEachConcurrently(unique, ENQUEUE_CONCURRENCY, async (recipient) => {
      await nextTurnOfTheLoop();
      const id = outboxItemId(messageKey, recipient);
      if (existing ? existing.has(id) : await this.repository.get(networkId, id)) {
        alreadyQueued += 1;
        return;
      }
      const content = typeof activity === 'function' ? activity(recipient) : activity;
      const input = { networkId, messageKey, recipient, activity: content, now: this.now() };
      const target = await this.resolveTarget(networkId, recipient);
      const item =
        target === 'unknown'
          ? undeliverableOutboxItem(input, {
              reason: 'unknownConversation',
              message: `The bot has no record of conversation ${recipient.kind === 'conversation' ? recipient.conversationId : ''}: it was never installed there.`,
            })
          : newOutboxItem({ ...input, ...(target ? { target } : {}) });
      if (await this.repository.createIfAbsent(item)) {
        if (item.status === 'failed') undeliverable += 1;
        else {
          queued += 1;
          // The dispatcher starts on the first items while the others are being written, and
          // comes back for more as they grow 16-fold (1, 16, 256…): a few polls, never one per item.
          if (isPowerOf16(queued)) this.options.onWork?.();
        }
      } else {
        alreadyQueued += 1;
      }
    });
    if (queued > 0) this.options.onWork?.();
    return { queued, alreadyQueued, undeliverable };
  }

  /**
   * A new version of the message for every recipient: copies already delivered are updated
   * in place through the outbox (same limits, same retries); copies not sent yet go out in
   * the new version. A copy whose content would not change is left as is: no write, no call.
   * Resolves how many items took the new version.
   */
  async update(networkId: string, messageKey: string, activity: ActivitySource): Promise<{ readonly updated: number }> {
    assertMessageKey(messageKey);
    const items = await this.repository.byMessageKey(networkId, messageKey);
    let updated = 0;
    await forEachConcurrently(items, ENQUEUE_CONCURRENCY, async (item) => {
      await nextTurnOfTheLoop();
      let changed = false;
      // Written from the version the query returned; read again only if someone wrote since.
      await this.repository.modify(
        networkId,
        item.document.id,
        (current) => {
          const next = applyNewRevision(current, typeof activity === 'function' ? activity(current.recipient) : activity, this.now());
          changed = next !== undefined;
          return next;
        },
        item,
      );
      if (!changed) return;
      updated += 1;
      if (isPowerOf16(updated)) this.options.onWork?.();
    });
    if (updated > 0) this.options.onWork?.();
    return { updated };
  }

  /**
   * From the message's tally; the failures still kept are read only when there are any. After a
   * crash (copies taken over from an instance that died, counted `ambiguous`) the dead
   * instance's last second of counts is missing: while the counts still show copies in
   * progress, the items (kept until they expire) are recounted instead — one query of the
   * message's items, only for a message a crash touched.
   */
  async status(networkId: string, messageKey: string): Promise<DeliveryStatus> {
    assertMessageKey(messageKey);
    const tally = await this.tally.read(networkId, messageKey);
    if ((tally.ambiguous ?? 0) > 0 && (tally.queued ?? 0) + (tally.sending ?? 0) > 0) {
      const items = await this.repository.statusItemsByMessageKey(networkId, messageKey);
      if (items.length > 0) {
        const recounted = deliveryStatus(messageKey, items);
        return { ...recounted, counts: { ...recounted.counts, ambiguous: tally.ambiguous ?? 0 } };
      }
    }
    const failures = (tally.failed ?? 0) + (tally.dead ?? 0) > 0 ? await this.repository.failuresByMessageKey(networkId, messageKey) : [];
    return deliveryStatusFromTally(messageKey, tally, failures);
  }

  /** Writes the counts still in memory (graceful stop; tests that read them from another store view). */
  flushCounts(): Promise<void> {
    return this.tally.flush();
  }

  /** A known conversation's target; undefined for a member without a 1:1 yet (the dispatcher opens it). */
  private async resolveTarget(networkId: string, recipient: Recipient): Promise<DeliveryTarget | undefined | 'unknown'> {
    if (recipient.kind === 'conversation') {
      const conversation = await this.conversations.find(networkId, recipient.conversationId);
      if (!conversation) return 'unknown';
      return { conversationId: conversation.conversationId, serviceUrl: conversation.reference.serviceUrl };
    }
    const personal = await this.conversations.findPersonal(networkId, recipient.tenantId, recipient.aadObjectId);
    return personal ? { conversationId: personal.conversationId, serviceUrl: personal.reference.serviceUrl } : undefined;
  }
}

/**
 * SQLite answers synchronously, so a loop of a thousand writes never lets the event loop turn:
 * the dispatcher's requests (woken by the first item) and every other request would wait for
 * the whole enqueue. One turn per item lets them through between writes.
 */
function nextTurnOfTheLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function isPowerOf16(count: number): boolean {
  let n = count;
  while (n > 1 && n % 16 === 0) n /= 16;
  return n === 1;
}

function assertMessageKey(messageKey: string): void {
  if (!MESSAGE_KEY.test(messageKey)) {
    throw new TypeError(`Invalid message key ${JSON.stringify(messageKey)}: use 1–200 letters, digits and _ : . @ / -.`);
  }
}

function uniqueRecipients(recipients: readonly Recipient[]): Recipient[] {
  const seen = new Map<string, Recipient>();
  for (const recipient of recipients) seen.set(outboxItemId('', recipient), recipient);
  return [...seen.values()];
}

