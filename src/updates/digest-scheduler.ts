/**
 * Runs the periodic digest: every tick looks at the period that has just ended and posts its
 * digest once (the service records each period, so restarts and several instances post it
 * once). Started and stopped by the composition root; the clock is the service's.
 */
import type { Logger } from '../logger';
import { PeriodicTask } from '../scheduling/periodic-task';
import type { UpdatesService } from './updates-service';

// A digest is due at a period boundary; a quarter of an hour late is fine for a weekly digest.
export const DIGEST_TICK_MS = 15 * 60 * 1000;

export class DigestScheduler extends PeriodicTask {
  constructor(updates: UpdatesService, networkIds: readonly string[], logger: Logger, intervalMs: number = DIGEST_TICK_MS) {
    super({
      name: 'digest',
      intervalMs,
      networkIds,
      logger,
      run: async (networkId) => {
        const run = await updates.runDigest(networkId);
        return run.status === 'posted' || run.status === 'empty' ? { ...run } : undefined;
      },
    });
  }
}
