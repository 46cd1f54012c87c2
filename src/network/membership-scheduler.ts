/**
 * Periodic membership work: hands the rotating co-chair over when a term ends (rights also
 * move lazily, on the next request that asks), reminds ExCom of working-group reviews and
 * queues the member notices of decisions a crash left behind (the first pass runs at start).
 * Started and stopped by the composition root; the clock is the service's. Stopping also waits
 * for the membership card updates still running after their turn.
 */
import type { Logger } from '../logger';
import { PeriodicTask } from '../scheduling/periodic-task';
import type { MembershipService } from './membership-service';

// Terms end on a date; a quarter of an hour is early enough for the handover announcement.
export const MEMBERSHIP_TICK_MS = 15 * 60 * 1000;

export class MembershipScheduler extends PeriodicTask {
  constructor(private readonly membership: MembershipService, networkIds: readonly string[], logger: Logger, intervalMs: number = MEMBERSHIP_TICK_MS) {
    super({
      name: 'membership tick',
      intervalMs,
      networkIds,
      logger,
      run: async (networkId) => {
        const { handovers, reviewsReminded, noticesCaughtUp } = await membership.tick(networkId);
        return handovers.length > 0 || reviewsReminded > 0 || noticesCaughtUp > 0 ? { handovers: handovers.length, reviewsReminded, noticesCaughtUp } : undefined;
      },
    });
  }

  /**
   * Stops the ticks, then lets the card updates that decisions left running after their turn
   * finish (after the last turn, before the store closes).
   */
  override async stop(): Promise<void> {
    await super.stop();
    await this.membership.cardsIdle();
  }
}
