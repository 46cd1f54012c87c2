/**
 * Runs the periodic digest: every tick looks at the period that has just ended and posts its
 * digest once (the service records each period, so restarts and several instances post it
 * once). Started and stopped by the composition root; the clock is the service's.
 */
import type { Logger } from '../logger';
import type { UpdatesService } from './updates-service';

// A digest is due at a period boundary; a quarter of an hour late is fine for a weekly digest.
export const DIGEST_TICK_MS = 15 * 60 * 1000;

export class DigestScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly updates: UpdatesService,
    private readonly networkIds: readonly string[],
    private readonly logger: Logger,
    private readonly intervalMs: number = DIGEST_TICK_MS,
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
          const run = await this.updates.runDigest(networkId);
          if (run.status === 'posted' || run.status === 'empty') this.logger.info({ networkId, ...run }, 'digest period handled');
        } catch (error) {
          this.logger.error({ err: error, networkId }, 'digest failed');
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
