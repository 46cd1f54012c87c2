/**
 * Teams' proactive-message limits as a pure sliding-window limiter: no timers, no I/O, the
 * caller passes the time. One set of windows per conversation (send, update) and one global
 * window for the whole app (every connector call, conversation creation included).
 */

export interface WindowRule {
  /** Most calls inside any window of `windowMs`. */
  readonly limit: number;
  readonly windowMs: number;
}

/** Per bot per conversation (Teams "rate limiting for bots"): 7/1 s, 8/2 s, 60/30 s, 1800/h. */
export const TEAMS_CONVERSATION_WINDOWS: readonly WindowRule[] = Object.freeze([
  { limit: 7, windowMs: 1_000 },
  { limit: 8, windowMs: 2_000 },
  { limit: 60, windowMs: 30_000 },
  { limit: 1_800, windowMs: 3_600_000 },
]);

/** A call counted this much later than it started was held back by a busy event loop. */
const STALL_MS = 1;

/** About 50 requests per second per app per tenant. */
export const DEFAULT_GLOBAL_RATE_PER_SECOND = 50;

export interface RateLimiterOptions {
  readonly conversationWindows?: readonly WindowRule[];
  readonly globalRatePerSecond?: number;
  /**
   * Added to every window. Teams counts a call when it receives it, we when we send it; the
   * gap varies (event loop, network), so two calls exactly one window apart here can land
   * inside one window there. The margin absorbs that jitter.
   */
  readonly marginMs?: number;
  /** Spread each second's global budget over at least a quarter of a second (default true). */
  readonly smoothing?: boolean;
}

/** A call as the limiter counted it. */
export interface CallStamp {
  readonly conversationId: string | undefined;
  readonly at: number;
}

export type LimiterDecision =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      /** When this call would fit: both the app and its conversation have room then. */
      readonly retryAfterMs: number;
      /** Which limit refused now: 'global' means no call to any conversation can go yet. */
      readonly scope: 'global' | 'conversation';
      /** How long the app as a whole is full (0 when only the conversation is). */
      readonly globalRetryAfterMs: number;
    };

/** Sorted call times within the longest window, for one key. */
class Window {
  private times: number[] = [];

  constructor(
    private readonly rules: readonly WindowRule[],
    private readonly marginMs: number,
  ) {}

  /** 0 when a call fits now, else how long until it does. */
  waitMs(now: number): number {
    this.prune(now);
    let wait = 0;
    for (const rule of this.rules) {
      const span = rule.windowMs + this.marginMs;
      // Calls in (now - span, now]; the list is sorted, so count from the end.
      const inWindow = this.times.length - lowerBound(this.times, now - span + 1e-9);
      if (inWindow < rule.limit) continue;
      // The call fits once the oldest `inWindow - limit + 1` calls of the window have left it.
      const releasing = this.times[this.times.length - rule.limit];
      if (releasing !== undefined) wait = Math.max(wait, releasing + span - now);
    }
    return wait > 0 ? Math.max(1, Math.ceil(wait)) : 0;
  }

  record(now: number): void {
    let i = this.times.length;
    while (i > 0 && (this.times[i - 1] ?? 0) > now) i -= 1;
    this.times.splice(i, 0, now);
  }

  /** Moves one call counted at `from` to `to` (later); nothing when it already left the window. */
  move(from: number, to: number): void {
    const i = lowerBound(this.times, from);
    if (this.times[i] !== from) return;
    this.times.splice(i, 1);
    this.record(to);
  }

  isEmpty(now: number): boolean {
    this.prune(now);
    return this.times.length === 0;
  }

  private prune(now: number): void {
    const longest = Math.max(...this.rules.map((rule) => rule.windowMs)) + this.marginMs;
    const drop = lowerBound(this.times, now - longest + 1e-9);
    if (drop > 0) this.times = this.times.slice(drop);
  }
}

/** Index of the first element >= value in a sorted array. */
function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] ?? 0) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The app-wide window for a rate: a second, or longer for less than one call per second. */
export function globalWindowMs(ratePerSecond: number): number {
  return ratePerSecond >= 1 ? 1_000 : Math.ceil(1_000 / ratePerSecond);
}

export class DeliveryRateLimiter {
  private readonly conversationWindows: readonly WindowRule[];
  private readonly marginMs: number;
  private readonly global: Window;
  private readonly conversations = new Map<string, Window>();
  // A 429 tells us Teams' own count differs from ours: nothing goes to that conversation
  // (or anywhere, for an app-wide pause) before the time it asked for.
  private readonly pausedUntil = new Map<string, number>();
  private globalPausedUntil = 0;
  // Calls are paced one per `globalSpacingMs` (5 ms at 50/s), so a second's budget goes out
  // over a quarter of a second instead of in one burst: calls sent back to back reach Teams
  // smeared by their own processing, and the first calls of the next window would then land
  // inside the previous one as Teams counts it. bench:fanout: without pacing, 19 of 1,000 calls
  // got a 429; letting a late dispatcher catch up with 2 calls in a row, 429s in 2 runs of 5;
  // one per 5 ms, none. The half second it used to be (10 ms) cost its length once per fan-out.
  private readonly globalSpacingMs: number;
  // When the next call may go, as far as the pacing goes.
  private nextPacedSlot = Number.NEGATIVE_INFINITY;

  constructor(options: RateLimiterOptions = {}) {
    this.conversationWindows = options.conversationWindows ?? TEAMS_CONVERSATION_WINDOWS;
    const rate = options.globalRatePerSecond ?? DEFAULT_GLOBAL_RATE_PER_SECOND;
    if (!(rate > 0)) throw new RangeError(`The global delivery rate must be positive (got ${rate}).`);
    this.marginMs = Math.max(0, options.marginMs ?? 0);
    for (const rule of this.conversationWindows) {
      if (!(rule.limit >= 1) || !(rule.windowMs > 0)) throw new RangeError(`Invalid window rule ${JSON.stringify(rule)}.`);
    }
    this.globalSpacingMs = options.smoothing === false ? 0 : 250 / rate;
    // A fractional rate (0.5/s) becomes 1 call per 2 s.
    this.global = new Window([{ limit: rate >= 1 ? Math.floor(rate) : 1, windowMs: globalWindowMs(rate) }], this.marginMs);
  }

  /** Would a call to `conversationId` (none: a call outside any conversation) be within limits now? */
  check(conversationId: string | undefined, now: number): LimiterDecision {
    const globalWait = Math.ceil(Math.max(0, this.global.waitMs(now), this.globalPausedUntil - now, this.nextPacedSlot - now));
    let conversationWait = 0;
    if (conversationId !== undefined) {
      const paused = (this.pausedUntil.get(conversationId) ?? 0) - now;
      conversationWait = Math.ceil(Math.max(0, paused, this.conversations.get(conversationId)?.waitMs(now) ?? 0));
    }
    if (globalWait === 0 && conversationWait === 0) return { allowed: true };
    return {
      allowed: false,
      retryAfterMs: Math.max(globalWait, conversationWait),
      scope: globalWait > 0 ? 'global' : 'conversation',
      globalRetryAfterMs: globalWait,
    };
  }

  /** Counts a call made now; the stamp lets `restamp` count it later if it left later. */
  record(conversationId: string | undefined, now: number): CallStamp {
    this.global.record(now);
    this.nextPacedSlot = Math.max(this.nextPacedSlot, now) + this.globalSpacingMs;
    if (conversationId !== undefined) {
      let window = this.conversations.get(conversationId);
      if (!window) {
        window = new Window(this.conversationWindows, this.marginMs);
        this.conversations.set(conversationId, window);
      }
      window.record(now);
    }
    return { conversationId, at: now };
  }

  /**
   * The call counted at `stamp.at` may only have left at `at` (the event loop was busy in
   * between, so its request was written late): count it at `at`, so the calls after it keep a
   * full window from the time Teams may have received it. Only ever moves a call later, which
   * only makes the limiter stricter. Returns the new stamp.
   */
  restamp(stamp: CallStamp, at: number): CallStamp {
    if (!(at > stamp.at)) return stamp;
    this.global.move(stamp.at, at);
    // Moved by a real stall (not the usual sub-millisecond turn of the loop): the call may have
    // left only now, so the next one keeps its distance from it.
    if (at - stamp.at > STALL_MS) this.nextPacedSlot = Math.max(this.nextPacedSlot, at + this.globalSpacingMs);
    if (stamp.conversationId !== undefined) this.conversations.get(stamp.conversationId)?.move(stamp.at, at);
    return { conversationId: stamp.conversationId, at };
  }

  /** check + record when allowed. */
  tryAcquire(conversationId: string | undefined, now: number): LimiterDecision {
    const decision = this.check(conversationId, now);
    if (decision.allowed) this.record(conversationId, now);
    return decision;
  }

  /** After a 429: hold the conversation (or everything) until `until`. */
  pause(conversationId: string | undefined, until: number): void {
    if (conversationId === undefined) this.globalPausedUntil = Math.max(this.globalPausedUntil, until);
    else this.pausedUntil.set(conversationId, Math.max(this.pausedUntil.get(conversationId) ?? 0, until));
  }

  /** Forgets conversations with no call in their longest window, so memory follows activity. */
  sweep(now: number): void {
    for (const [id, window] of this.conversations) if (window.isEmpty(now)) this.conversations.delete(id);
    for (const [id, until] of this.pausedUntil) if (until <= now) this.pausedUntil.delete(id);
  }
}
