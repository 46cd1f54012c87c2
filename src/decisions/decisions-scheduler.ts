/**
 * Periodic decisions work: consultations ending, reminders, deadlines, and outcomes not yet
 * numbered or delivered. Due times are stored in the documents (`dueAt`) and polled, so
 * nothing is lost on a restart. Started and stopped by the composition root.
 */
import type { Logger } from '../logger';
import type { DecisionsService } from './decisions-service';

// Deadlines are set to the minute; half a minute keeps outcomes prompt at one indexed query.
export const DECISIONS_TICK_MS = 30_000;

export class DecisionsScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly decisions: DecisionsService,
    private readonly networkIds: readonly string[],
    private readonly logger: Logger,
    private readonly intervalMs: number = DECISIONS_TICK_MS,
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
          const done = await this.decisions.tick(networkId);
          if (done.decisions > 0 || done.polls > 0) this.logger.info({ networkId, ...done }, 'decisions tick');
        } catch (error) {
          this.logger.error({ err: error, networkId }, 'decisions tick failed');
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
