/**
 * Periodic statements work: reminders to ExCom agencies that have not cleared the version in
 * clearance, and clearance cards a crash or a shutdown left behind (statements marked
 * `cardsStaleSince`, refreshed once the grace has passed). Due times are stored in the
 * documents (`dueAt`) and polled, so nothing is lost on a restart. Started and stopped by the
 * composition root.
 */
import type { Logger } from '../logger';
import { PeriodicTask } from '../scheduling/periodic-task';
import type { StatementsService } from './statements-service';

// Reminders are hours apart; a minute keeps them prompt at one indexed query.
export const STATEMENTS_TICK_MS = 60_000;

export class StatementsScheduler extends PeriodicTask {
  constructor(private readonly statements: StatementsService, networkIds: readonly string[], logger: Logger, intervalMs: number = STATEMENTS_TICK_MS) {
    super({
      name: 'statements tick',
      intervalMs,
      networkIds,
      logger,
      run: async (networkId) => {
        const done = await statements.tick(networkId);
        return done.reminded > 0 ? { ...done } : undefined;
      },
    });
  }

  /**
   * Stops the ticks, then the background card refreshes (after the last turn, before the store
   * closes): running ones finish; waiting ones stay marked in the store for the next start.
   */
  override async stop(): Promise<void> {
    await super.stop();
    await this.statements.stopCardRefreshes();
  }
}
