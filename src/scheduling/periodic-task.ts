/**
 * Periodic work of a feature (deadlines, reminders, rotations, digests): one pass over every
 * network at a fixed interval and once at start. Due times live in the documents, so a pass
 * after a restart catches up on anything missed; a pass never overlaps the previous one, and a
 * failure in one network is logged and retried at the next tick, never thrown.
 */
import type { Logger } from '../logger';

export interface PeriodicTaskOptions {
  /** Names the work in logs, e.g. 'decisions tick'. */
  readonly name: string;
  readonly intervalMs: number;
  readonly networkIds: readonly string[];
  readonly logger: Logger;
  /** One network's pass; returns what to log when it did something, undefined when idle. */
  readonly run: (networkId: string) => Promise<Record<string, unknown> | undefined>;
}

export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly options: PeriodicTaskOptions) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tickNow(), this.options.intervalMs);
    // A pending tick must not keep the process alive on shutdown.
    this.timer.unref();
    void this.tickNow();
  }

  /** One pass over every network (joins the pass in progress, if any); never rejects. */
  tickNow(): Promise<void> {
    this.running ??= (async () => {
      for (const networkId of this.options.networkIds) {
        try {
          const done = await this.options.run(networkId);
          if (done) this.options.logger.info({ networkId, ...done }, this.options.name);
        } catch (error) {
          this.options.logger.error({ err: error, networkId }, `${this.options.name} failed`);
        }
      }
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Stops the timer and waits for a pass in progress, so the store can close after it. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
