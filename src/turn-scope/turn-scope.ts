/**
 * The per-turn scope: one bot turn (teams-bot.ts) or one tab API request (api/http.ts) runs in
 * a scope where services memoise what they read for that turn only — who the actor is, their
 * roles — so asking again later in the same turn (the recognition hook, then the feature's own
 * check, then the view for its reader) costs no store read. Nothing is shared between scopes:
 * each turn starts empty, and a scope stops memoising the moment its turn ends, so work the
 * turn left running (a background card refresh, a timer) reads the store again.
 *
 * The AsyncLocalStorage is module-level on purpose: it is only the carrier that finds the
 * current turn's scope through awaits, holds no data itself, and must be the same object for
 * the edges that open scopes and the services that read them. The data lives in each scope,
 * kept apart per owner (a service instance), so two apps in one process never see each other's.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const carrier = new AsyncLocalStorage<TurnScope>();

export class TurnScope {
  private entries = new WeakMap<object, Map<string, Promise<unknown>>>();
  private open = true;

  /** False once the turn that opened the scope has ended: every call then reads through. */
  get isOpen(): boolean {
    return this.open;
  }

  /**
   * The value for `key`, loaded once per scope: concurrent callers share the one load; a
   * failed load is not remembered (the next caller tries again).
   */
  memo<T>(owner: object, key: string, load: () => Promise<T>): Promise<T> {
    if (!this.open) return load();
    const entries = this.entriesOf(owner);
    const known = entries.get(key);
    if (known) return known as Promise<T>;
    const loading = load();
    entries.set(key, loading);
    loading.catch(() => {
      if (entries.get(key) === loading) entries.delete(key);
    });
    return loading;
  }

  /** Replaces what the scope knows for `key` (after a write, with what was written). */
  remember<T>(owner: object, key: string, value: T): void {
    if (this.open) this.entriesOf(owner).set(key, Promise.resolve(value));
  }

  /** Forgets one key, or the keys `which` selects (after a write whose result is not known here, e.g. a conflict). */
  forget(owner: object, which: string | ((key: string) => boolean)): void {
    const entries = this.entries.get(owner);
    if (!entries) return;
    if (typeof which === 'string') entries.delete(which);
    else for (const key of [...entries.keys()]) if (which(key)) entries.delete(key);
  }

  /** Ends the scope; timers the turn left behind may still hold it, so it lets go of its values. */
  close(): void {
    this.open = false;
    this.entries = new WeakMap();
  }

  private entriesOf(owner: object): Map<string, Promise<unknown>> {
    let entries = this.entries.get(owner);
    if (!entries) {
      entries = new Map();
      this.entries.set(owner, entries);
    }
    return entries;
  }
}

/** Runs one turn (or request) in a fresh scope, closed when `work` settles. */
export async function runInTurnScope<R>(work: () => Promise<R>): Promise<R> {
  const scope = new TurnScope();
  try {
    return await carrier.run(scope, work);
  } finally {
    scope.close();
  }
}

/** The scope of the turn being handled, if any (none in schedulers and start-up). */
export function currentTurnScope(): TurnScope | undefined {
  const scope = carrier.getStore();
  return scope?.isOpen ? scope : undefined;
}
