/**
 * Periodic statements work: reminders to ExCom agencies that have not cleared the version in
 * clearance. Due times are stored in the documents (`dueAt`) and polled, so nothing is lost on
 * a restart. Started and stopped by the composition root.
 */
import type { Logger } from '../logger';
import type { StatementsService } from './statements-service';

// Reminders are hours apart; a minute keeps them prompt at one indexed query.
export const STATEMENTS_TICK_MS = 60_000;

export class StatementsScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly statements: StatementsService,
    private readonly networkIds: readonly string[],
    private readonly logger: Logger,
    private readonly intervalMs: number = STATEMENTS_TICK_MS,
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
          const done = await this.statements.tick(networkId);
          if (done.reminded > 0) this.logger.info({ networkId, ...done }, 'statements tick');
        } catch (error) {
          this.logger.error({ err: error, networkId }, 'statements tick failed');
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
