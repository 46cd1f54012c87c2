/**
 * Reclaims the space of expired documents (a `ttl` that ran out). Reads already ignore them,
 * so this is housekeeping, not correctness: on SQLite it deletes them in small batches, each
 * its own short transaction so requests keep flowing between batches; on Cosmos DB the service
 * does it and each pass costs nothing.
 */
import type { Logger } from '../logger';
import { PeriodicTask } from '../scheduling/periodic-task';
import type { DocumentStore } from './document-store';

export const EXPIRY_PURGE_INTERVAL_MS = 10 * 60_000;
const PURGE_BATCH = 500;

export function expiryPurgeTask(store: DocumentStore, networkIds: readonly string[], logger: Logger, intervalMs = EXPIRY_PURGE_INTERVAL_MS): PeriodicTask {
  return new PeriodicTask({
    name: 'expired documents purged',
    intervalMs,
    networkIds,
    logger,
    run: async (networkId) => {
      let purged = 0;
      for (;;) {
        const batch = await store.purgeExpired(networkId, PURGE_BATCH);
        purged += batch;
        if (batch < PURGE_BATCH) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
      return purged > 0 ? { purged } : undefined;
    },
  });
}
