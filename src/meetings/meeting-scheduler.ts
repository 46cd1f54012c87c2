/**
 * Periodic meetings work: the automatic reminder to invitees who have not answered, at the
 * configured offset before each meeting. Started and stopped by the composition root; the
 * clock is the service's, so tests move time and call `tickNow`.
 */
import type { Logger } from '../logger';
import { PeriodicTask } from '../scheduling/periodic-task';
import type { MeetingService } from './meeting-service';

// Reminders are due to the hour; a check every five minutes is on time and cheap.
export const MEETINGS_TICK_MS = 5 * 60 * 1000;

export class MeetingScheduler extends PeriodicTask {
  constructor(meetings: MeetingService, networkIds: readonly string[], logger: Logger, intervalMs: number = MEETINGS_TICK_MS) {
    super({
      name: 'meetings tick',
      intervalMs,
      networkIds,
      logger,
      run: async (networkId) => {
        const reminded = await meetings.tick(networkId);
        return reminded > 0 ? { reminded } : undefined;
      },
    });
  }
}
