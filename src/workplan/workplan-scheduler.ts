/**
 * Periodic work-plan catch-up: adoptions a crash or a missed notice left undone (the decision is
 * asked again), adoptions not yet frozen in every activity, and plans whose year and reporting
 * grace are over (closed), action items coming due (their card to the owner agency). Three point
 * reads and one query of the year's open action items a pass when nothing is due. Started and stopped by
 * the composition root.
 */
import type { Logger } from '../logger';
import { PeriodicTask } from '../scheduling/periodic-task';
import type { WorkplanService } from './workplan-service';

// Adoption is normally taken in at once (the decisions slice tells it); this is the safety net.
export const WORKPLAN_TICK_MS = 5 * 60_000;

export class WorkplanScheduler extends PeriodicTask {
  constructor(workplan: WorkplanService, networkIds: readonly string[], logger: Logger, intervalMs: number = WORKPLAN_TICK_MS) {
    super({
      name: 'work-plan tick',
      intervalMs,
      networkIds,
      logger,
      run: async (networkId) => {
        const done = await workplan.tick(networkId);
        return done.reconciled > 0 || done.closed > 0 || done.reminded > 0 ? { ...done } : undefined;
      },
    });
  }
}
