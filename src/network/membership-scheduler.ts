/**
 * Periodic membership work: hands the rotating co-chair over when a term ends (rights also
 * move lazily, on the next request that asks) and reminds ExCom of working-group reviews.
 * Started and stopped by the composition root; the clock is the service's.
 */
import type { Logger } from '../logger';
import type { MembershipService } from './membership-service';

// Terms end on a date; a quarter of an hour is early enough for the handover announcement.
export const MEMBERSHIP_TICK_MS = 15 * 60 * 1000;

export class MembershipScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly membership: MembershipService,
    private readonly networkIds: readonly string[],
    private readonly logger: Logger,
    private readonly intervalMs: number = MEMBERSHIP_TICK_MS,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tickNow(), this.intervalMs);
    this.timer.unref();
    void this.tickNow();
  }

  /** One pass over every network; never rejects (a failure is logged and retried next tick). */
  tickNow(): Promise<void> {
    this.running ??= (async () => {
      for (const networkId of this.networkIds) {
        try {
          const { handovers, reviewsReminded } = await this.membership.tick(networkId);
          if (handovers.length > 0 || reviewsReminded > 0) this.logger.info({ networkId, handovers: handovers.length, reviewsReminded }, 'membership tick');
        } catch (error) {
          this.logger.error({ err: error, networkId }, 'membership tick failed');
        }
      }
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
