import assert from 'node:assert/strict';
import { StoreConflictError, StoreError, StoreNotFoundError } from '../../../src/store/errors';
import { withConcurrencyRetry } from '../../../src/store/retry';

const conflict = () => new StoreConflictError('etag_mismatch', 'someone else wrote first');

/** An operation that fails with `errors` in turn, then returns 'done'; counts its calls. */
function scripted(errors: Error[]): { operation: (attempt: number) => Promise<string>; calls: number[] } {
  const calls: number[] = [];
  return {
    calls,
    operation: async (attempt) => {
      calls.push(attempt);
      const error = errors[calls.length - 1];
      if (error) throw error;
      return 'done';
    },
  };
}

function recordingSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return { delays, sleep: async (ms) => void delays.push(ms) };
}

describe('withConcurrencyRetry', function () {
  it('returns the first result without sleeping when there is no conflict', async function () {
    const { operation, calls } = scripted([]);
    const { sleep, delays } = recordingSleep();
    assert.equal(await withConcurrencyRetry(operation, { sleep }), 'done');
    assert.deepEqual(calls, [1]);
    assert.deepEqual(delays, []);
  });

  it('re-runs on conflicts (both codes) until the operation succeeds, numbering attempts', async function () {
    const { operation, calls } = scripted([conflict(), new StoreConflictError('already_exists', 'taken'), conflict()]);
    const { sleep, delays } = recordingSleep();
    assert.equal(await withConcurrencyRetry(operation, { sleep, random: () => 0.5 }), 'done');
    assert.deepEqual(calls, [1, 2, 3, 4]);
    assert.equal(delays.length, 3);
  });

  it('gives up after the given number of attempts and rethrows the last conflict', async function () {
    const errors = Array.from({ length: 10 }, conflict);
    const { operation, calls } = scripted(errors);
    const { sleep, delays } = recordingSleep();
    await assert.rejects(withConcurrencyRetry(operation, { attempts: 4, sleep }), (error: unknown) => error === errors[3]);
    assert.deepEqual(calls, [1, 2, 3, 4]);
    assert.equal(delays.length, 3, 'no sleep after the last attempt');
  });

  it('tries 8 times by default', async function () {
    const { operation, calls } = scripted(Array.from({ length: 20 }, conflict));
    const { sleep } = recordingSleep();
    await assert.rejects(withConcurrencyRetry(operation, { sleep }), StoreConflictError);
    assert.equal(calls.length, 8);
  });

  it('rethrows any other error at once, without retrying or sleeping', async function () {
    for (const failure of [new StoreNotFoundError('gone'), new StoreError('unavailable', 'down'), new TypeError('bug')]) {
      const { operation, calls } = scripted([failure]);
      const { sleep, delays } = recordingSleep();
      await assert.rejects(withConcurrencyRetry(operation, { sleep }), (error: unknown) => error === failure);
      assert.deepEqual(calls, [1]);
      assert.deepEqual(delays, []);
    }
  });

  it('backs off exponentially from baseDelayMs, capped at maxDelayMs', async function () {
    const { operation } = scripted(Array.from({ length: 9 }, conflict));
    const { sleep, delays } = recordingSleep();
    // random just under 1 shows each ceiling; floor keeps delays whole milliseconds.
    await withConcurrencyRetry(operation, { attempts: 10, baseDelayMs: 5, maxDelayMs: 200, sleep, random: () => 0.9999 });
    assert.deepEqual(delays, [4, 9, 19, 39, 79, 159, 199, 199, 199]);
  });

  it('draws each delay uniformly below its ceiling (full jitter)', async function () {
    const draws = [0, 0.5, 0.25];
    const { operation } = scripted(Array.from({ length: 3 }, conflict));
    const { sleep, delays } = recordingSleep();
    await withConcurrencyRetry(operation, { baseDelayMs: 100, maxDelayMs: 1000, sleep, random: () => draws.shift() ?? 0 });
    assert.deepEqual(delays, [0, 100, 100]);
  });

  it('sleeps for real by default, within the bound', async function () {
    const { operation } = scripted([conflict(), conflict()]);
    const started = Date.now();
    assert.equal(await withConcurrencyRetry(operation, { baseDelayMs: 10, maxDelayMs: 20, random: () => 0.9999 }), 'done');
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 20 && elapsed < 1000, `slept ${elapsed} ms for delays of 9 + 19 ms`);
  });
});
