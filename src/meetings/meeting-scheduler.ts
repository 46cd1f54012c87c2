/**
 * Periodic meetings work: the automatic reminder to invitees who have not answered, at the
 * configured offset before each meeting, and the attendance summaries a crash left behind the
 * answers (its first pass after a start recounts the meetings answered just before their summary
 * last changed; every pass applies the answers a refresh of this process could not write). Started and stopped by the composition root; the clock is the service's, so tests
 * move time and call `tickNow`.
 */
import type { Logger } from '../logger';
import { PeriodicTask } from '../scheduling/periodic-task';
import type { MeetingService } from './meeting-service';

// Reminders are due to the hour; a check every five minutes is on time and cheap.
export const MEETINGS_TICK_MS = 5 * 60 * 1000;

export class MeetingScheduler extends PeriodicTask {
  constructor(private readonly meetings: MeetingService, networkIds: readonly string[], logger: Logger, intervalMs: number = MEETINGS_TICK_MS) {
    // The first pass over a network after the start recounts what the previous process may
    // have left out of the summaries (answers whose deltas it never applied).
    const passed = new Set<string>();
    super({
      name: 'meetings tick',
      intervalMs,
      networkIds,
      logger,
      run: async (networkId) => {
        const reminded = await meetings.tick(networkId, { afterStart: !passed.has(networkId) });
        passed.add(networkId);
        return reminded > 0 ? { reminded } : undefined;
      },
    });
  }

  /**
   * Stops the ticks, then the background summary refreshes (after the last turn, before the store
   * closes): running ones finish; waiting ones are caught up by the first tick after the restart.
   */
  override async stop(): Promise<void> {
    await super.stop();
    await this.meetings.stopCardRefreshes();
  }
}
