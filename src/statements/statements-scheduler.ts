/**
 * Periodic statements work: reminders to ExCom agencies that have not cleared the version in
 * clearance. Due times are stored in the documents (`dueAt`) and polled, so nothing is lost on
 * a restart. Started and stopped by the composition root.
 */
import type { Logger } from '../logger';
import { PeriodicTask } from '../scheduling/periodic-task';
import type { StatementsService } from './statements-service';

// Reminders are hours apart; a minute keeps them prompt at one indexed query.
export const STATEMENTS_TICK_MS = 60_000;

export class StatementsScheduler extends PeriodicTask {
  constructor(statements: StatementsService, networkIds: readonly string[], logger: Logger, intervalMs: number = STATEMENTS_TICK_MS) {
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
}
