/**
 * One writer per hot document in this process: the changes that reach a document while a write
 * of it is in flight are applied together, on one version, in one conditional write. Eighteen
 * ExCom representatives clearing a statement at once then cost two or three writes of it, where
 * each turn on its own would have met an ETag conflict, slept a backoff and tried again — most of
 * a burst's latency (issue 13). Another instance writing the same document still meets the ETag:
 * the batch re-reads and re-applies its changes, which must therefore be pure.
 *
 * A change that throws (a refusal: the decision closed meanwhile) fails its own caller only; the
 * others of the batch are written without it.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { StoredDocument, Versioned } from './document-store';
import { StoreConflictError, StoreNotFoundError } from './errors';

export interface CoalescedWrite<D extends StoredDocument, R> {
  /** Which document: writes with the same key are coalesced. */
  readonly key: string;
  /** The version the caller read: tried first when its batch is alone. */
  readonly read: Versioned<D>;
  /** Reads the current version after a conflict (undefined: gone). */
  readonly reread: () => Promise<Versioned<D> | undefined>;
  readonly replace: (document: D, etag: string) => Promise<Versioned<D>>;
  /** The caller's change, on whichever version the batch holds; pure. */
  readonly change: (document: D) => { readonly document: D; readonly result: R };
}

interface Pending {
  readonly write: CoalescedWrite<StoredDocument, unknown>;
  readonly resolve: (value: { saved: Versioned<StoredDocument>; result: unknown }) => void;
  readonly reject: (error: unknown) => void;
}

// Other instances writing the same document: bounded, so a turn cannot stall behind them.
const ATTEMPTS = 20;

export class CoalescingWriter {
  private readonly waiting = new Map<string, Pending[]>();
  private readonly writing = new Set<string>();

  write<D extends StoredDocument, R>(write: CoalescedWrite<D, R>): Promise<{ readonly saved: Versioned<D>; readonly result: R }> {
    return new Promise((resolve, reject) => {
      const queue = this.waiting.get(write.key) ?? [];
      queue.push({ write: write as unknown as CoalescedWrite<StoredDocument, unknown>, resolve: resolve as Pending['resolve'], reject });
      this.waiting.set(write.key, queue);
      if (!this.writing.has(write.key)) void this.drain(write.key);
    });
  }

  private async drain(key: string): Promise<void> {
    this.writing.add(key);
    try {
      // The version this drain wrote last: the next batch starts from it (no read, and no
      // conflict with a turn that read the document before that write).
      let latest: Versioned<StoredDocument> | undefined;
      for (;;) {
        const batch = this.waiting.get(key) ?? [];
        this.waiting.delete(key);
        if (batch.length === 0) return;
        latest = await flush(batch, latest);
      }
    } finally {
      this.writing.delete(key);
    }
  }
}

/** Writes a batch; resolves to the version written, if any. */
async function flush(batch: Pending[], latest: Versioned<StoredDocument> | undefined): Promise<Versioned<StoredDocument> | undefined> {
  let live = batch;
  let current: Versioned<StoredDocument> | undefined = latest ?? (batch.length === 1 ? batch[0]!.write.read : undefined);
  for (let attempt = 1; ; attempt += 1) {
    try {
      current ??= await live[0]!.write.reread();
      if (!current) throw new StoreNotFoundError(`Document "${live[0]!.write.key}" is gone.`);
      let document = current.document;
      const results = new Map<Pending, unknown>();
      for (const pending of live) {
        try {
          const changed = pending.write.change(document);
          document = changed.document;
          results.set(pending, changed.result);
        } catch (error) {
          pending.reject(error);
        }
      }
      live = live.filter((pending) => results.has(pending));
      if (live.length === 0) return current;
      const saved = await live[0]!.write.replace(document, current.etag);
      for (const pending of live) pending.resolve({ saved, result: results.get(pending) });
      return saved;
    } catch (error) {
      if (!(error instanceof StoreConflictError) || attempt >= ATTEMPTS) {
        for (const pending of live) pending.reject(error);
        return undefined;
      }
      current = undefined;
      // A little jitter only after repeated collisions with another instance.
      if (attempt > 2) await delay(Math.floor(Math.random() * Math.min(20, 2 ** attempt)));
    }
  }
}
