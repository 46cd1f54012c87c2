/**
 * Periodic work of a feature (deadlines, reminders, rotations, digests): one pass over every
 * network at a fixed interval and once at start. Due times live in the documents, so a pass
 * after a restart catches up on anything missed; a pass never overlaps the previous one, and a
 * failure in one network is logged and retried at the next tick, never thrown.
 */
import type { Logger } from '../logger';
import { isStoreUnavailable } from '../store/errors';
import type { AvailabilityGate } from '../store/store-health';

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
  private gate: AvailabilityGate | undefined;
  // While the store is gone: asks the gate every retryMs and runs the missed pass once it answers.
  private resumeTimer: NodeJS.Timeout | undefined;
  private paused = false;

  constructor(private readonly options: PeriodicTaskOptions) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tickNow(), this.options.intervalMs);
    // A pending tick must not keep the process alive on shutdown.
    this.timer.unref();
    void this.tickNow();
  }

  /**
   * Pauses the task while the store is unreachable: a pass is skipped (not failed) when the
   * gate says so, and a pass cut short by an outage is run again as soon as the store answers
   * rather than at the next interval (a quarter of an hour for some). Set by the composition
   * root, so features' schedulers need not know.
   */
  pauseWhileUnavailable(gate: AvailabilityGate): this {
    this.gate = gate;
    return this;
  }

  /** Whether the last pass was skipped or cut short by a store outage, and waits for the store. */
  get isPaused(): boolean {
    return this.paused;
  }

  /** One pass over every network (joins the pass in progress, if any); never rejects. */
  tickNow(): Promise<void> {
    this.running ??= (async () => {
      if (this.gate && !(await this.gate.available())) {
        this.pause();
        return;
      }
      let outage = false;
      for (const networkId of this.options.networkIds) {
        try {
          const done = await this.options.run(networkId);
          if (done) this.options.logger.info({ networkId, ...done }, this.options.name);
        } catch (error) {
          if (this.gate && isStoreUnavailable(error)) {
            outage = true;
            this.options.logger.warn({ networkId, reason: error instanceof Error ? error.message : String(error) }, `${this.options.name} paused: the store is unavailable`);
          } else {
            this.options.logger.error({ err: error, networkId }, `${this.options.name} failed`);
          }
        }
      }
      if (outage) this.pause();
      else if (this.paused) {
        this.paused = false;
        this.options.logger.info(`${this.options.name} resumed: the store answers again`);
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
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    this.resumeTimer = undefined;
    await this.running;
  }

  private pause(): void {
    this.paused = true;
    const gate = this.gate;
    if (!gate || this.resumeTimer || !this.timer) return; // stopped, or already watching
    this.resumeTimer = setTimeout(() => {
      this.resumeTimer = undefined;
      if (!this.timer) return;
      void gate.available().then((available) => (available ? this.tickNow() : this.pause()));
    }, gate.retryMs);
    this.resumeTimer.unref();
  }
}
