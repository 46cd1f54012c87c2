/**
 * The working-group review tick: opens the members' consultation of the groups whose review date
 * has come and takes in ExCom outcomes a lost notice left behind — two indexed queries a pass
 * when nothing is due. Started and stopped by the composition root.
 */
import type { Logger } from '../logger';
import { PeriodicTask } from '../scheduling/periodic-task';
import type { GroupReviewService } from './review-service';

export const GROUP_REVIEW_TICK_MS = 15 * 60_000;

export class GroupReviewScheduler extends PeriodicTask {
  constructor(reviews: GroupReviewService, networkIds: readonly string[], logger: Logger, intervalMs: number = GROUP_REVIEW_TICK_MS) {
    super({
      name: 'working-group review tick',
      intervalMs,
      networkIds,
      logger,
      run: async (networkId) => {
        const done = await reviews.tick(networkId);
        return done.opened > 0 || done.reconciled > 0 ? { ...done } : undefined;
      },
    });
  }
}
