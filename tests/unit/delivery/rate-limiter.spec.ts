import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DeliveryRateLimiter, TEAMS_CONVERSATION_WINDOWS } from '../../../src/delivery/rate-limiter';
import { SlidingWindowLimiter } from '../../support/sliding-window-limiter';

// Teams' published limits per bot per conversation, written out here as the independent oracle.
const TEAMS_LIMITS = [
  { limit: 7, windowMs: 1_000 },
  { limit: 8, windowMs: 2_000 },
  { limit: 60, windowMs: 30_000 },
  { limit: 1_800, windowMs: 3_600_000 },
];

/** The most calls of `times` inside any window of `windowMs` (a window is (t - windowMs, t]). */
function busiestWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while ((sorted[start] ?? 0) <= (sorted[end] ?? 0) - windowMs) start += 1;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

// Arrivals: a conversation and a gap after the previous arrival; dense enough that every
// window (even 60/30 s) fills up in some runs.
const arrivals = (conversations: readonly string[], maxGapMs: number) =>
  fc.array(fc.record({ conversation: fc.constantFrom(...conversations), gapMs: fc.integer({ min: 0, max: maxGapMs }) }), {
    minLength: 1,
    maxLength: 400,
    // fast-check keeps arrays short by default; windows only fill with long sequences.
    size: 'max',
  });

describe('delivery rate limiter', () => {
  it('never lets any conversation exceed 7/1 s, 8/2 s, 60/30 s, 1800/h, nor the app its global rate', () => {
    fc.assert(
      fc.property(arrivals(['c1', 'c2', 'c3'], 100), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 100 }), (sequence, rate, marginMs) => {
        const limiter = new DeliveryRateLimiter({ globalRatePerSecond: rate, marginMs });
        const accepted = new Map<string, number[]>();
        const all: number[] = [];
        let now = 0;
        for (const { conversation, gapMs } of sequence) {
          now += gapMs;
          if (limiter.tryAcquire(conversation, now).allowed) {
            accepted.set(conversation, [...(accepted.get(conversation) ?? []), now]);
            all.push(now);
          }
        }
        for (const times of accepted.values()) {
          for (const rule of TEAMS_LIMITS) assert.ok(busiestWindow(times, rule.windowMs) <= rule.limit);
        }
        assert.ok(busiestWindow(all, 1000) <= rate);
      }),
      { numRuns: 200 },
    );
  });

  it('agrees with the fake connector: a caller that waits as told is never throttled, and waits no longer than needed', () => {
    fc.assert(
      fc.property(arrivals(['c1', 'c2'], 60), (sequence) => {
        const ours = new DeliveryRateLimiter({ globalRatePerSecond: 1000 });
        const teams = new SlidingWindowLimiter(TEAMS_LIMITS);
        let now = 0;
        for (const { conversation, gapMs } of sequence) {
          now += gapMs;
          const decision = ours.check(conversation, now);
          const at = decision.allowed ? now : now + decision.retryAfterMs;
          if (!decision.allowed) {
            // One millisecond earlier would still be refused: the wait is exact, not padded.
            assert.equal(ours.check(conversation, at - 1).allowed, false);
          }
          assert.equal(ours.tryAcquire(conversation, at).allowed, true);
          assert.equal(teams.tryAcquire(conversation, at).allowed, true, 'Teams would have accepted it');
          now = at;
        }
      }),
      { numRuns: 200 },
    );
  });

  it('uses Teams’ published limits', () => {
    assert.deepEqual(TEAMS_CONVERSATION_WINDOWS, TEAMS_LIMITS);
  });

  it('keeps a conversation sending as fast as allowed under 1800 per hour, and exactly at it', () => {
    const limiter = new DeliveryRateLimiter({ globalRatePerSecond: 1000 });
    const accepted: number[] = [];
    for (let now = 0; now < 4_500_000; now += 100) if (limiter.tryAcquire('busy-channel', now).allowed) accepted.push(now);
    for (const rule of TEAMS_LIMITS) assert.ok(busiestWindow(accepted, rule.windowMs) <= rule.limit, JSON.stringify(rule));
    assert.equal(accepted.filter((t) => t < 3_600_000).length, 1800, 'the hour’s budget is used, not wasted');
  });

  it('holds a conversation paused by a 429 until the time Teams asked for, and only that one', () => {
    const limiter = new DeliveryRateLimiter();
    limiter.pause('c1', 5000);
    assert.deepEqual(limiter.check('c1', 1000), { allowed: false, retryAfterMs: 4000, scope: 'conversation', globalRetryAfterMs: 0 });
    assert.equal(limiter.check('c2', 1000).allowed, true);
    assert.equal(limiter.check('c1', 5000).allowed, true);
  });

  it('counts a call outside any conversation (opening a 1:1) against the global rate only', () => {
    const limiter = new DeliveryRateLimiter({ globalRatePerSecond: 2 });
    assert.equal(limiter.tryAcquire(undefined, 0).allowed, true);
    assert.equal(limiter.tryAcquire('c1', 250).allowed, true);
    assert.deepEqual(limiter.check('c2', 260), { allowed: false, retryAfterMs: 740, scope: 'global', globalRetryAfterMs: 740 });
  });

  it('spreads a second’s budget over a quarter of a second rather than firing it in one burst', () => {
    const limiter = new DeliveryRateLimiter({ globalRatePerSecond: 50 });
    const accepted: number[] = [];
    for (let now = 0; now < 1000; now += 1) if (limiter.tryAcquire(`c${now}`, now).allowed) accepted.push(now);
    assert.equal(accepted.length, 50, 'the full rate is still reached');
    assert.equal(accepted.filter((t) => t < 100).length, 20, 'one call every 5 ms, not 50 at once');
    const burst = new DeliveryRateLimiter({ globalRatePerSecond: 50, smoothing: false });
    assert.equal([0, 0, 0, 0, 0].filter(() => burst.tryAcquire(undefined, 0).allowed).length, 5);
  });

  it('counts a call from when it actually left when it left later than counted, never earlier', () => {
    const limiter = new DeliveryRateLimiter({ globalRatePerSecond: 1, marginMs: 0 });
    const stamp = limiter.record('c1', 0);
    // The event loop was busy: the request only went out at 300 ms.
    const moved = limiter.restamp(stamp, 300);
    assert.deepEqual(limiter.check('c2', 1000), { allowed: false, retryAfterMs: 300, scope: 'global', globalRetryAfterMs: 300 });
    assert.equal(limiter.restamp(moved, 100), moved, 'a later time only');
    assert.equal(limiter.check('c2', 1299).allowed, false);
    assert.equal(limiter.check('c2', 1300).allowed, true);
    // The pacing keeps its distance from when the call left, too: no two calls back to back.
    const paced = new DeliveryRateLimiter({ globalRatePerSecond: 50 });
    paced.restamp(paced.record('c1', 0), 30);
    assert.equal(paced.check('c2', 30).allowed, false);
    assert.equal(paced.check('c2', 35).allowed, true);
    const conversation = new DeliveryRateLimiter({ globalRatePerSecond: 1000, marginMs: 0, conversationWindows: [{ limit: 1, windowMs: 1000 }] });
    conversation.restamp(conversation.record('c1', 0), 500);
    assert.equal(conversation.check('c1', 1200).allowed, false, 'the conversation’s window moves too');
    assert.equal(conversation.check('c1', 1500).allowed, true);
  });

  it('widens every window by the safety margin', () => {
    const limiter = new DeliveryRateLimiter({ globalRatePerSecond: 1, marginMs: 50 });
    limiter.record('c1', 0);
    assert.deepEqual(limiter.check('c2', 1000), { allowed: false, retryAfterMs: 50, scope: 'global', globalRetryAfterMs: 50 });
    assert.equal(limiter.check('c2', 1050).allowed, true);
  });

  it('forgets idle conversations so memory follows activity', () => {
    const limiter = new DeliveryRateLimiter();
    for (let i = 0; i < 7; i += 1) limiter.record('c1', i);
    assert.equal(limiter.check('c1', 10).allowed, false);
    limiter.sweep(3_600_000 + 10);
    assert.equal(limiter.check('c1', 3_600_000 + 10).allowed, true);
  });
});
