/**
 * Card refreshes run after the card action answered: one background refresh per subject (a
 * decision, a statement: whatever the owning service refreshes by id) at a time in this
 * process, coalescing the changes that arrive meanwhile. Shared by the decisions (ExCom
 * positions) and the statements (ExCom clearances); each service owns one refresher and says
 * how one subject's cards are brought up to date.
 *
 * The first change of a quiet subject is refreshed `windowMs` after it (the invoke already
 * answered with the actor's own card): the changes of a burst arriving meanwhile are folded into
 * that refresh, which does not compete with the burst's own turns for the CPU; changes arriving
 * while a refresh runs are folded into one more, started at least `windowMs` after the previous
 * one began. So a burst of 18 positions costs one or two refreshes, not 18, and the last one
 * always starts after the last change it was asked for.
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

export interface CardRefresherOptions {
  /** Brings every copy of the subject's cards to its latest version (reads it itself). */
  readonly refresh: (networkId: string, subjectId: string) => Promise<void>;
  /** What is refreshed, for the log ("decision", "statement"). */
  readonly subject?: string;
  readonly logger: Logger;
  readonly windowMs?: number;
}

interface Entry {
  /** The refresh running now, if any. */
  running?: Promise<void>;
  /** When the running (or last) refresh started, for the window. */
  startedAt: number;
  /** A refresh waiting to start (immediate or timer). */
  timer?: NodeJS.Timeout;
  /** Another change came in while the running refresh was already reading. */
  again: boolean;
}

export class CardRefresher {
  private readonly entries = new Map<string, Entry>();
  private readonly windowMs: number;
  private stopped = false;

  constructor(private readonly options: CardRefresherOptions) {
    this.windowMs = options.windowMs ?? CARD_REFRESH_WINDOW_MS;
  }

  /** Asks for a refresh after the current turn; never waits, never throws. */
  schedule(networkId: string, subjectId: string): void {
    if (this.stopped) return;
    const key = keyOf(networkId, subjectId);
    const entry = this.entries.get(key);
    if (!entry) {
      const fresh: Entry = { startedAt: 0, again: false };
      this.entries.set(key, fresh);
      fresh.timer = setTimeout(() => this.start(key, networkId, subjectId), this.windowMs);
      return;
    }
    if (entry.timer) return;
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
    const entry: Entry = { startedAt: Date.now(), again: false };
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
    entry.timer = undefined;
    entry.again = false;
    entry.startedAt = Date.now();
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
    const wait = Math.max(0, entry.startedAt + this.windowMs - Date.now());
    entry.timer = setTimeout(() => this.start(key, networkId, subjectId), wait);
  }
}

function keyOf(networkId: string, subjectId: string): string {
  return `${networkId}\u0000${subjectId}`;
}
