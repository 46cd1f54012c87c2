/**
 * Optimistic concurrency helpers: when two people touch the same document at once, the loser
 * of the ETag race re-reads and re-applies its change instead of failing or overwriting.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { DocumentStore, StoredDocument, Versioned } from './document-store';
import { StoreConflictError, StoreNotFoundError } from './errors';

export interface ConcurrencyRetryOptions {
  /** Total tries, the first included. Bounded so a hot document cannot stall a turn forever. */
  readonly attempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Injected in tests; defaults to Math.random. */
  readonly random?: () => number;
  /** Injected in tests; defaults to a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Runs `operation` and runs it again, up to `attempts` times in all, while it throws a
 * StoreConflictError; any other error, and the last conflict, propagate. `operation` must
 * re-read what it changes, since a conflict means its earlier read is stale.
 */
export async function withConcurrencyRetry<R>(
  operation: (attempt: number) => Promise<R>,
  options: ConcurrencyRetryOptions = {},
): Promise<R> {
  const { attempts = 8, baseDelayMs = 5, maxDelayMs = 200, random = Math.random, sleep = (ms: number) => delay(ms) } = options;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (!(error instanceof StoreConflictError) || attempt >= attempts) throw error;
      // Full jitter: the writers that just collided wait different times, so they do not
      // collide again in lockstep; the cap keeps a user-facing turn well under Teams' 5 s.
      const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
      await sleep(Math.floor(random() * ceiling));
    }
  }
}

/**
 * Read-modify-write of one document: `mutate` gets the current version (and may run several
 * times, so it must be pure) and returns the next; the write only lands if nobody wrote since.
 * Throws StoreNotFoundError when the document does not exist.
 */
export async function updateDocument<T extends StoredDocument>(
  store: DocumentStore,
  networkId: string,
  id: string,
  mutate: (current: T) => T,
  options?: ConcurrencyRetryOptions,
): Promise<Versioned<T>> {
  return withConcurrencyRetry(async () => {
    const current = await store.get<T>(networkId, id);
    if (!current) throw new StoreNotFoundError(`Cannot update document "${id}" in network "${networkId}": it does not exist.`);
    const next = mutate(current.document);
    if (next.id !== id || next.networkId !== networkId) {
      // Replacing under another key would write a different document than the one just read.
      throw new TypeError(`updateDocument: the mutation changed the key of document "${id}" in network "${networkId}".`);
    }
    return store.replace(next, current.etag);
  }, options);
}
