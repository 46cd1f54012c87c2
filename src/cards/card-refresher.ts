/**
 * Card refreshes run after the card action answered: one background refresh per subject (a
 * decision, a statement: whatever the owning service refreshes by id) at a time in this
 * process, coalescing the changes that arrive meanwhile. Shared by the decisions (ExCom
 * positions) and the statements (ExCom clearances); each service owns one refresher and says
 * how one subject's cards are brought up to date.
 *
 * A refresh starts once the subject has been quiet for `windowMs` (the invoke already answered
 * with the actor's own card), and at the latest `maxWaitMs` after the first change it waits
 * for: the changes of a burst are folded into one refresh that runs after the burst, not
 * among its turns competing for the CPU — however long a loaded machine stretches the burst —
 * and a steady stream of changes still reaches the other copies every `maxWaitMs`. Changes
 * arriving while a refresh runs are folded into one more, started at least `windowMs` after
 * the previous one began. So a burst of 18 positions costs one or two refreshes, not 18, and
 * the last one always starts after the last change it was asked for.
 *
 * Nothing here is needed for correctness after a crash: the change that asks for a refresh also
 * marks the subject's cards stale in the store (in the same conditional write), and the owning
 * scheduler refreshes stale subjects. On shutdown, refreshes not started yet are left to it;
 * running ones are awaited.
 */
import type { Logger } from '../logger';

// Positions of one burst (18 representatives clicking at a meeting) land within a few hundred
// milliseconds: one window folds them into one refresh, and readers wait at most this long more
// (plus the refresh itself) to see a change on the copies they did not click.
export const CARD_REFRESH_WINDOW_MS = 250;
// How stale the copies nobody clicked may get while changes keep coming (issue 13: readers see
// a tally at most a few seconds old).
export const CARD_REFRESH_MAX_WAIT_MS = 2_000;

export interface CardRefresherOptions {
  /** Brings every copy of the subject's cards to its latest version (reads it itself). */
  readonly refresh: (networkId: string, subjectId: string) => Promise<void>;
  /** What is refreshed, for the log ("decision", "statement"). */
  readonly subject?: string;
  readonly logger: Logger;
  readonly windowMs?: number;
  readonly maxWaitMs?: number;
}

interface Entry {
  /** The refresh running now, if any. */
  running?: Promise<void>;
  /** When the running (or last) refresh started, for the window. */
  startedAt: number;
  /** A refresh waiting to start (immediate or timer). */
  timer?: NodeJS.Timeout;
  /** While waiting: when the first change it waits for came, and the latest one. */
  firstChangeAt: number;
  lastChangeAt: number;
  /** Another change came in while the running refresh was already reading. */
  again: boolean;
}

export class CardRefresher {
  private readonly entries = new Map<string, Entry>();
  private readonly windowMs: number;
  private readonly maxWaitMs: number;
  private stopped = false;

  constructor(private readonly options: CardRefresherOptions) {
    this.windowMs = options.windowMs ?? CARD_REFRESH_WINDOW_MS;
    this.maxWaitMs = Math.max(this.windowMs, options.maxWaitMs ?? CARD_REFRESH_MAX_WAIT_MS);
  }

  /** Asks for a refresh after the current turn; never waits, never throws. */
  schedule(networkId: string, subjectId: string): void {
    if (this.stopped) return;
    const key = keyOf(networkId, subjectId);
    const now = Date.now();
    const entry = this.entries.get(key);
    if (!entry) {
      const fresh: Entry = { startedAt: 0, again: false, firstChangeAt: now, lastChangeAt: now };
      this.entries.set(key, fresh);
      fresh.timer = setTimeout(() => this.start(key, networkId, subjectId), this.windowMs);
      return;
    }
    // The waiting timer is not re-armed per change (a burst's turns would each pay for it):
    // when it fires, it looks at the latest change and waits again if the burst goes on.
    if (entry.timer) {
      entry.lastChangeAt = now;
      return;
    }
    if (!entry.again) entry.firstChangeAt = now;
    entry.lastChangeAt = now;
    entry.again = true;
  }

  /**
   * Refreshes now, joining or following the one running (the scheduler, a co-chair closing):
   * resolves once a refresh that started after this call has finished.
   */
  async refreshNow(networkId: string, subjectId: string): Promise<void> {
    const key = keyOf(networkId, subjectId);
    for (;;) {
      const entry = this.entries.get(key);
      if (!entry) break;
      if (entry.timer) {
        clearTimeout(entry.timer);
        entry.timer = undefined;
        this.entries.delete(key);
        break;
      }
      if (!entry.running) {
        this.entries.delete(key);
        break;
      }
      // A refresh that started before this call may have read an older version: wait it out.
      await entry.running.catch(() => undefined);
    }
    const entry: Entry = { startedAt: Date.now(), again: false, firstChangeAt: 0, lastChangeAt: 0 };
    this.entries.set(key, entry);
    const running = this.options.refresh(networkId, subjectId);
    entry.running = running;
    try {
      await running;
    } finally {
      this.settle(key, networkId, subjectId, entry);
    }
  }

  /** Refreshes waiting or running, for tests and shutdown. */
  get pending(): number {
    return this.entries.size;
  }

  /** Waits until no refresh is waiting or running (a test's "the cards have caught up"). */
  async idle(): Promise<void> {
    while (this.entries.size > 0) {
      const running = [...this.entries.values()].map((entry) => entry.running).filter((promise) => promise !== undefined);
      if (running.length > 0) await Promise.all(running.map((promise) => promise.catch(() => undefined)));
      else await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /**
   * Stops asking for refreshes: those not started are dropped (the subject's cards stay marked
   * stale in the store, and the scheduler refreshes them after the restart); running ones finish.
   */
  async stop(): Promise<number> {
    this.stopped = true;
    let dropped = 0;
    for (const [key, entry] of this.entries) {
      if (entry.timer) {
        clearTimeout(entry.timer);
        entry.timer = undefined;
        dropped += 1;
      }
      entry.again = false;
      if (!entry.running) this.entries.delete(key);
    }
    await Promise.all([...this.entries.values()].map((entry) => entry.running?.catch(() => undefined)));
    this.entries.clear();
    return dropped;
  }

  private start(key: string, networkId: string, subjectId: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    if (this.stopped) {
      this.entries.delete(key);
      return;
    }
    const now = Date.now();
    const quietAt = Math.min(entry.lastChangeAt + this.windowMs, entry.firstChangeAt + this.maxWaitMs);
    if (quietAt > now) {
      entry.timer = setTimeout(() => this.start(key, networkId, subjectId), quietAt - now);
      return;
    }
    entry.timer = undefined;
    entry.again = false;
    entry.startedAt = now;
    const running = this.options.refresh(networkId, subjectId).catch((error: unknown) => {
      this.options.logger.error({ err: error, networkId, subjectId, subject: this.options.subject ?? 'subject' }, `${this.options.subject ?? 'subject'} cards could not be refreshed; the scheduler will retry`);
    });
    entry.running = running;
    void running.finally(() => this.settle(key, networkId, subjectId, entry));
  }

  /** After a refresh: one more if a change came in meanwhile, else forget the subject. */
  private settle(key: string, networkId: string, subjectId: string, entry: Entry): void {
    entry.running = undefined;
    if (this.entries.get(key) !== entry) return;
    if (!entry.again || this.stopped) {
      this.entries.delete(key);
      return;
    }
    entry.again = false;
    const wait = Math.max(0, entry.startedAt + this.windowMs - Date.now(), entry.lastChangeAt + this.windowMs - Date.now());
    entry.timer = setTimeout(() => this.start(key, networkId, subjectId), wait);
  }
}

function keyOf(networkId: string, subjectId: string): string {
  return `${networkId}\u0000${subjectId}`;
}
