/**
 * Periodic decisions work: consultations ending, reminders, deadlines, and outcomes not yet
 * numbered or delivered. Due times are stored in the documents (`dueAt`) and polled, so
 * nothing is lost on a restart — decisions whose card refresh a crash interrupted included.
 * Started and stopped by the composition root.
 */
import type { Logger } from '../logger';
import { PeriodicTask } from '../scheduling/periodic-task';
import type { DecisionsService } from './decisions-service';

// Deadlines are set to the minute; half a minute keeps outcomes prompt at one indexed query.
export const DECISIONS_TICK_MS = 30_000;

export class DecisionsScheduler extends PeriodicTask {
  constructor(private readonly decisions: DecisionsService, networkIds: readonly string[], logger: Logger, intervalMs: number = DECISIONS_TICK_MS) {
    super({
      name: 'decisions tick',
      intervalMs,
      networkIds,
      logger,
      run: async (networkId) => {
        const done = await decisions.tick(networkId);
        return done.decisions > 0 || done.polls > 0 ? { ...done } : undefined;
      },
    });
  }

  /**
   * Stops the ticks, then the background card refreshes (after the last turn, before the store
   * closes): running ones finish; waiting ones stay marked in the store for the next start.
   */
  override async stop(): Promise<void> {
    await super.stop();
    await this.decisions.stopCardRefreshes();
  }
}
