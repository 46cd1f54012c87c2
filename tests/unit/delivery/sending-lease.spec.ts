import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mayCallUnder, nextLeaseStep, type SendingLeaseDocument } from '../../../src/delivery/sending-lease';

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
