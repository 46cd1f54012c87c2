/**
 * Periodic meetings work: the automatic reminder to invitees who have not answered, at the
 * configured offset before each meeting. Started and stopped by the composition root; the
 * clock is the service's, so tests move time and call `tickNow`.
 */
import type { Logger } from '../logger';
import type { MeetingService } from './meeting-service';

// Reminders are due to the hour; a check every five minutes is on time and cheap.
export const MEETINGS_TICK_MS = 5 * 60 * 1000;

export class MeetingScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly meetings: MeetingService,
    private readonly networkIds: readonly string[],
    private readonly logger: Logger,
    private readonly intervalMs: number = MEETINGS_TICK_MS,
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
          const reminded = await this.meetings.tick(networkId);
          if (reminded > 0) this.logger.info({ networkId, reminded }, 'meetings tick');
        } catch (error) {
          this.logger.error({ err: error, networkId }, 'meetings tick failed');
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
