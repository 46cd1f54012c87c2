import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  DEPLOYMENT_PARTITION,
  MAX_RECORDED_PAUSES,
  mayCallUnder,
  mergePauses,
  nextLeaseStep,
  SENDING_LEASE_ID,
  SendingLease,
  type SendingLeaseDocument,
} from '../../../src/delivery/sending-lease';
import { createLogger } from '../../../src/logger';
import { countingStore, diffCounts } from '../../support/counting-store';
import { storeAdaptersUnderTest } from '../../support/store-adapters';
import { until } from '../../support/until';

const TIMING = { leaseMs: 15_000, guardMs: 1_025, skewMs: 500 };
const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const lease = (holder: string, until: number): SendingLeaseDocument => ({
  id: 'delivery-sending-lease',
  networkId: '~deployment',
  type: 'delivery-sending-lease',
  holder,
  until,
  updatedAt: new Date(T0).toISOString(),
});

describe('sending lease rules', () => {
  it('creates the lease when there is none, renews its own, and stands by while another holds it', () => {
    assert.deepEqual(nextLeaseStep(undefined, 'a', T0, TIMING), { kind: 'create', until: T0 + 15_000 });
    assert.deepEqual(nextLeaseStep(lease('a', T0 + 3_000), 'a', T0, TIMING), { kind: 'renew', until: T0 + 15_000 });
    assert.deepEqual(nextLeaseStep(lease('a', T0 + 3_000), 'b', T0, TIMING), { kind: 'standBy', retryAt: T0 + 3_500 });
    assert.deepEqual(nextLeaseStep(lease('a', T0 + 3_000), 'b', T0 + 3_500, TIMING), { kind: 'takeOver', until: T0 + 18_500 });
  });

  it('lets only the holder call, and only up to one guard before the lease runs out', () => {
    assert.equal(mayCallUnder(undefined, 'a', T0, TIMING), false);
    assert.equal(mayCallUnder(lease('a', T0 + 10_000), 'b', T0, TIMING), false);
    assert.equal(mayCallUnder(lease('a', T0 + 10_000), 'a', T0, TIMING), true);
    assert.equal(mayCallUnder(lease('a', T0 + 10_000), 'a', T0 + 8_974, TIMING), true);
    assert.equal(mayCallUnder(lease('a', T0 + 10_000), 'a', T0 + 8_975, TIMING), false);
  });

  it('never lets two holders’ calls come closer than a whole app window, whenever the old one stopped renewing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: -400, max: 400 }), (renewedAt, lookedAt, skew) => {
        // Holder a renewed last at `renewedAt` (then crashed or lost the store); b looks at `lookedAt` on a clock `skew` off.
        const written = lease('a', T0 + renewedAt + TIMING.leaseMs);
        const lastCallOfA = written.until - TIMING.guardMs - 1;
        assert.ok(mayCallUnder(written, 'a', lastCallOfA, TIMING));
        const step = nextLeaseStep(written, 'b', T0 + lookedAt + skew, TIMING);
        if (step.kind !== 'takeOver') return;
        const firstCallOfB = T0 + lookedAt; // real time of b's first call
        assert.ok(firstCallOfB - lastCallOfA >= TIMING.guardMs, `b called ${firstCallOfB - lastCallOfA} ms after a`);
      }),
    );
  });
});

describe('Retry-After pauses in the sending lease', () => {
  it('merges pauses keeping the later end of each, dropping those over, and bounds how many are kept', () => {
    assert.equal(mergePauses(undefined, undefined, T0), undefined);
    assert.deepEqual(
      mergePauses({ app: T0 + 500, conversations: { a: T0 + 3_000, b: T0 - 1 } }, { conversations: { a: T0 + 1_000, c: T0 + 2_000 } }, T0),
      { app: T0 + 500, conversations: { a: T0 + 3_000, c: T0 + 2_000 } },
    );
    assert.equal(mergePauses({ app: T0 - 10, conversations: { a: T0 } }, undefined, T0), undefined, 'a pause ending now is over');
    const storm = Object.fromEntries(Array.from({ length: MAX_RECORDED_PAUSES + 50 }, (_, i) => [`c${i}`, T0 + 1_000 + i]));
    const kept = mergePauses({ conversations: storm }, undefined, T0)?.conversations ?? {};
    assert.equal(Object.keys(kept).length, MAX_RECORDED_PAUSES);
    assert.ok(!('c0' in kept) && `c${MAX_RECORDED_PAUSES + 49}` in kept, 'the longest pauses are kept');
  });

  for (const adapter of storeAdaptersUnderTest()) {
    it(`a Retry-After received by the holder is in the lease at once and binds the instance that takes over (${adapter.name})`, async () => {
      const store = await adapter.open();
      const logger = createLogger('silent');
      const a = new SendingLease({ store, instanceId: 'a', logger, renewMs: 1_000, leaseMs: 3_000, guardMs: 100, skewMs: 50 });
      const b = new SendingLease({ store, instanceId: 'b', logger, renewMs: 1_000, leaseMs: 3_000, guardMs: 100, skewMs: 50 });
      try {
        a.start(() => undefined);
        a.acquire();
        await until(() => a.mayCall(), 'a holds the lease', 2_000, 10);
        b.start(() => undefined);
        b.acquire();
        a.notePause('19:busy@thread.tacv2', 4_000);
        a.notePause(undefined, 2_000);
        // Written by an early renewal, not at the next period.
        await until(async () => (await store.get<SendingLeaseDocument>(DEPLOYMENT_PARTITION, SENDING_LEASE_ID))?.document.pauses?.conversations?.['19:busy@thread.tacv2'] !== undefined, 'the pause is in the lease', 150, 10);
        await a.stop();
        await until(() => b.mayCall(), 'b took the lease over', 3_000, 10);
        const inherited = b.remainingPauses();
        const [conversation] = inherited.conversations;
        assert.equal(conversation?.[0], '19:busy@thread.tacv2');
        assert.ok(conversation[1] > 2_000 && conversation[1] <= 4_000, `${conversation[1]} ms left`);
        assert.ok(inherited.appMs > 0 && inherited.appMs <= 2_000);
      } finally {
        await a.stop();
        await b.stop();
        await adapter.close(store);
      }
    });
  }
});

describe('the sending lease idle', () => {
  for (const adapter of storeAdaptersUnderTest()) {
    it(`is released after the idle period, then neither renewed nor read by anyone; taken again at once when work comes (${adapter.name})`, async () => {
      const inner = await adapter.open();
      const store = countingStore(inner);
      const logger = createLogger('silent');
      const timings = { renewMs: 200, leaseMs: 800, guardMs: 100, skewMs: 50, idleReleaseMs: 300 };
      const a = new SendingLease({ store, instanceId: 'a', logger, ...timings });
      const b = new SendingLease({ store, instanceId: 'b', logger, ...timings });
      const stored = async () => (await inner.get<SendingLeaseDocument>(DEPLOYMENT_PARTITION, SENDING_LEASE_ID))?.document;
      try {
        // The first to start takes the free lease (a restart may have a dead instance's work to
        // finish); the next leaves it to its holder until it has work of its own, then waits for it.
        a.start(() => undefined);
        await until(() => a.mayCall(), 'a takes the free lease at once', 1_000, 5);
        b.start(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 250));
        assert.ok(!b.isWaiting() && !b.mayCall(), 'b leaves the lease to a');
        b.acquire();
        await new Promise((resolve) => setTimeout(resolve, 250));
        assert.ok(b.isWaiting() && !b.mayCall(), 'b waits while a sends');
        a.noteCall();
        // a has nothing more to send: released after the idle period.
        a.noteIdle(true);
        await new Promise((resolve) => setTimeout(resolve, 320));
        a.noteIdle(true);
        await until(async () => !a.mayCall() && (await stored())!.until <= Date.now(), 'a released the lease', 1_000, 5);
        // b wanted it: it takes it over (no sooner than a window after a's last call), then goes idle in turn.
        await until(() => b.mayCall(), 'b takes the released lease over', 2_000, 5);
        assert.equal(b.isLastHolder(), true);
        b.noteIdle(true);
        await new Promise((resolve) => setTimeout(resolve, 320));
        b.noteIdle(true);
        await until(async () => !b.mayCall() && (await stored())!.until <= Date.now(), 'b released the lease', 1_000, 5);

        const before = store.snapshot();
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        const idle = diffCounts(store.snapshot(), before);
        assert.deepEqual([idle.gets, idle.writes, idle.queries], [0, 0, 0], 'idle, nobody renews or reads the lease');

        const asked = Date.now();
        a.acquire();
        await until(() => a.mayCall(), 'a takes it again when it has work', 1_000, 5);
        assert.ok(Date.now() - asked < 500, `taken in ${Date.now() - asked} ms`);
      } finally {
        await a.stop();
        await b.stop();
        await adapter.close(inner);
      }
    });
  }
});
