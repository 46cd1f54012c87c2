// A pure sliding-window rate limiter: no timers, no I/O, the caller passes the time.
// The fake connector uses it to answer 429 the way Teams does when a bot sends too fast,
// and tests drive it with a fake clock so throttling is deterministic.

export interface WindowRule {
  /** Most requests accepted inside any window of `windowMs`. */
  limit: number;
  windowMs: number;
}

export type LimitDecision =
  | { allowed: true }
  | {
      allowed: false;
      /** How long until a request with the same key would be accepted again. */
      retryAfterMs: number;
      /** The rule that refused (the one that stays closed longest). */
      rule: WindowRule;
    };

/** Teams' documented limits per bot per conversation for send/reply/update/delete. */
export const TEAMS_CONVERSATION_WINDOWS: readonly WindowRule[] = Object.freeze([
  { limit: 7, windowMs: 1_000 },
  { limit: 8, windowMs: 2_000 },
  { limit: 60, windowMs: 30_000 },
  { limit: 1_800, windowMs: 3_600_000 },
]);

export class SlidingWindowLimiter {
  private readonly rules: readonly WindowRule[];
  private readonly longestWindowMs: number;
  // Accepted request times per key, oldest first; only accepted requests count, so a
  // client that waits out Retry-After is let through.
  private readonly hits = new Map<string, number[]>();

  constructor(rules: readonly WindowRule[]) {
    if (rules.length === 0) throw new Error('SlidingWindowLimiter needs at least one rule');
    for (const rule of rules) {
      if (!(rule.limit >= 1) || !(rule.windowMs > 0)) {
        throw new Error(`invalid window rule ${JSON.stringify(rule)}`);
      }
    }
    this.rules = rules.map((r) => ({ ...r }));
    this.longestWindowMs = Math.max(...rules.map((r) => r.windowMs));
  }

  /** Would a request now be accepted? Does not record anything. */
  check(key: string, now: number): LimitDecision {
    const times = this.prune(key, now);
    let worst: { retryAfterMs: number; rule: WindowRule } | undefined;
    for (const rule of this.rules) {
      // A window is (now - windowMs, now]: a hit exactly windowMs ago has left it.
      const inWindow = times.filter((t) => t > now - rule.windowMs);
      if (inWindow.length < rule.limit) continue;
      // The request fits once enough of the oldest hits in the window have expired.
      const releasing = inWindow[inWindow.length - rule.limit];
      if (releasing === undefined) continue;
      const retryAfterMs = Math.max(1, releasing + rule.windowMs - now);
      if (!worst || retryAfterMs > worst.retryAfterMs) worst = { retryAfterMs, rule: { ...rule } };
    }
    return worst ? { allowed: false, ...worst } : { allowed: true };
  }

  /** Records a request as accepted, whatever the rules say (used after a combined check). */
  record(key: string, now: number): void {
    const times = this.prune(key, now);
    // Keep the list sorted even if a test clock goes backwards.
    let i = times.length;
    while (i > 0 && (times[i - 1] ?? 0) > now) i--;
    times.splice(i, 0, now);
    this.hits.set(key, times);
  }

  /** check + record when allowed. */
  tryAcquire(key: string, now: number): LimitDecision {
    const decision = this.check(key, now);
    if (decision.allowed) this.record(key, now);
    return decision;
  }

  /** Number of accepted requests for `key` still inside the longest window. */
  count(key: string, now: number): number {
    return this.prune(key, now).length;
  }

  reset(): void {
    this.hits.clear();
  }

  private prune(key: string, now: number): number[] {
    const times = this.hits.get(key);
    if (!times) return [];
    const horizon = now - this.longestWindowMs;
    let drop = 0;
    while (drop < times.length && (times[drop] ?? Infinity) <= horizon) drop++;
    if (drop > 0) times.splice(0, drop);
    if (times.length === 0) this.hits.delete(key);
    return times;
  }
}
