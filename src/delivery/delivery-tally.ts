/**
 * Each message's delivery counts (its tally, see delivery-status.ts), kept up to date by the
 * outbox's own item writes without a store write per item.
 *
 * Every item write that changes what the item counts for adds its difference here, in memory;
 * about once a second each message whose counts changed is written as one small document per
 * (message, writer) — `outbox-tally` — holding this writer's running totals. A writer is one
 * DeliveryTally in one process (a fresh id each start), so a tally document has one writer and
 * is written without a condition: no hot document, no ETag retries, however many instances
 * deliver the same message. A status reads a message's tally documents (one indexed query, a
 * row per writer that ever touched it) and adds this writer's counts not yet written.
 *
 * Cost, for a fan-out of k copies sent over s seconds: about s upserts of one small document
 * per instance (bench:fanout: 1,000 copies, ~20 upserts), instead of a counter write per copy.
 * What it costs in exactness: counts written by another instance show up to a flush interval
 * late; an instance killed (SIGKILL) loses its changes since its last flush (at most a second
 * of outcomes), so those copies keep counting as queued or sending — the items themselves are
 * right, and the status's failure list, read from the items, too. Recounting a message from
 * its items (when its copies are still kept) is left to the crash-consistency work of issue 17.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from '../logger';
import { forEachConcurrently } from '../scheduling/concurrency';
import type { DocumentStore, StoredDocument } from '../store/document-store';
import { addTallies, type Tally } from './delivery-status';

export const OUTBOX_TALLY_TYPE = 'outbox-tally';

export interface OutboxTallyDocument extends StoredDocument {
  readonly type: typeof OUTBOX_TALLY_TYPE;
  readonly messageKey: string;
  /** The DeliveryTally that owns this document (one process, one generation of the message). */
  readonly writer: string;
  readonly counts: Tally;
  readonly updatedAt: string;
}

export interface DeliveryTallyOptions {
  /** How long changes wait in memory before they are written (default 1 s). */
  readonly flushIntervalMs?: number;
  /** A message untouched this long after its last flush is forgotten here (default 10 min). */
  readonly idleMs?: number;
  readonly now?: () => number;
  readonly logger?: Logger;
}

interface Entry {
  readonly networkId: string;
  readonly messageKey: string;
  /** This writer's document for the message: a new one each time the message is taken up again. */
  readonly id: string;
  totals: Tally;
  /** The totals as last written; `written !== totals` means there is something to flush. */
  written: Tally;
  lastChangeAt: number;
}

const FLUSH_CONCURRENCY = 8;

export class DeliveryTally {
  readonly writer = `tally-${randomUUID()}`;
  private readonly entries = new Map<string, Entry>();
  private readonly flushIntervalMs: number;
  private readonly idleMs: number;
  private readonly now: () => number;
  private generation = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly store: DocumentStore,
    private readonly options: DeliveryTallyOptions = {},
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? 1_000;
    this.idleMs = options.idleMs ?? 10 * 60_000;
    this.now = options.now ?? (() => Date.now());
  }

  /** Adds `delta` to the message's counts; written at the next flush. */
  add(networkId: string, messageKey: string, delta: Tally): void {
    if (Object.keys(delta).length === 0) return;
    const key = `${networkId}\u0000${messageKey}`;
    let entry = this.entries.get(key);
    if (!entry) {
      this.generation += 1;
      const digest = createHash('sha256').update(messageKey).digest('base64url');
      entry = { networkId, messageKey, id: `outbox-tally:${digest}:${this.writer}:${this.generation}`, totals: {}, written: {}, lastChangeAt: 0 };
      this.entries.set(key, entry);
    }
    entry.totals = addTallies(entry.totals, delta);
    entry.lastChangeAt = this.now();
    this.schedule();
  }

  /** The message's counts: every writer's document, with this writer's latest totals. */
  async read(networkId: string, messageKey: string): Promise<Tally> {
    const documents = await this.store.query<OutboxTallyDocument>(networkId, {
      type: OUTBOX_TALLY_TYPE,
      where: [{ path: 'messageKey', op: '=', value: messageKey }],
    });
    const own = this.entries.get(`${networkId}\u0000${messageKey}`);
    let tally = own?.totals ?? {};
    for (const { document } of documents) if (document.id !== own?.id) tally = addTallies(tally, document.counts);
    return tally;
  }

  /** Writes every message whose counts changed since its last write; resolves when written. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writeChanged());
    return this.flushing;
  }

  /** The last flush; nothing is scheduled after it. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.flushIntervalMs);
    // Pending counts must not keep a stopping process alive: stop() flushes them.
    this.timer.unref();
  }

  private async writeChanged(): Promise<void> {
    const changed = [...this.entries.values()].filter((entry) => entry.written !== entry.totals);
    let failed = 0;
    let firstError: unknown;
    await forEachConcurrently(changed, FLUSH_CONCURRENCY, async (entry) => {
      const totals = entry.totals;
      const document: OutboxTallyDocument = {
        id: entry.id,
        networkId: entry.networkId,
        type: OUTBOX_TALLY_TYPE,
        messageKey: entry.messageKey,
        writer: this.writer,
        counts: totals,
        updatedAt: new Date(this.now()).toISOString(),
      };
      try {
        // This writer alone writes this document: an unconditional write cannot lose anyone's counts.
        await this.store.upsert(document);
        entry.written = totals;
      } catch (error) {
        failed += 1;
        firstError ??= error;
      }
    });
    // One line per flush, not one per message: an outage would otherwise log every message's counts every second.
    if (failed > 0) this.options.logger?.warn({ err: firstError, messages: failed }, 'could not write delivery counts; retrying at the next flush');
    const forgetBefore = this.now() - this.idleMs;
    for (const [key, entry] of this.entries) {
      if (entry.written === entry.totals && entry.lastChangeAt < forgetBefore) this.entries.delete(key);
    }
    if (failed > 0) this.schedule();
  }
}
