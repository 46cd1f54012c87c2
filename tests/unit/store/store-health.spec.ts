import assert from 'node:assert/strict';
import { createLogger } from '../../../src/logger';
import type { DocumentStore } from '../../../src/store/document-store';
import { isStoreUnavailable, StoreConflictError, StoreError } from '../../../src/store/errors';
import { StoreHealth } from '../../../src/store/store-health';

/** A store whose calls answer, or fail as an outage while `down`; it counts its pings. */
function stubStore() {
  const state = { down: false, pings: 0, gets: 0 };
  const outage = () => Promise.reject(new StoreError('unavailable', 'connection refused'));
  const store = {
    kind: 'sqlite',
    ping: () => {
      state.pings += 1;
      return state.down ? outage() : Promise.resolve();
    },
    get: () => {
      state.gets += 1;
      return state.down ? outage() : Promise.resolve(undefined);
    },
    replace: () => Promise.reject(new StoreConflictError('etag_mismatch', 'changed')),
    close: () => Promise.resolve(),
  } as unknown as DocumentStore;
  return { store, state };
}

describe('store health', () => {
  it('tells an outage (refused, timed out, busy, 408/429/449/5xx) from a bug or a refusal', () => {
    const network = Object.assign(new Error('fetch failed'), { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) });
    const outages: unknown[] = [
      new StoreError('unavailable', 'gone'),
      network,
      Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }),
      Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' }),
      Object.assign(new Error('throttled'), { code: 429 }),
      Object.assign(new Error('service unavailable'), { statusCode: 503 }),
      Object.assign(new Error('timeout'), { name: 'TimeoutError' }),
    ];
    const bugs: unknown[] = [
      new TypeError('Cannot read properties of undefined'),
      new StoreConflictError('etag_mismatch', 'changed'),
      new StoreError('too_large', 'too big'),
      Object.assign(new Error('bad request'), { code: 400 }),
      Object.assign(new Error('constraint'), { code: 'SQLITE_CONSTRAINT' }),
      'a string',
      undefined,
    ];
    for (const error of outages) assert.equal(isStoreUnavailable(error), true, String(error));
    for (const error of bugs) assert.equal(isStoreUnavailable(error), false, String(error));
  });

  it('answers from what the app last heard, probing at most once per interval however often it is asked', async () => {
    const { store, state } = stubStore();
    let now = 1_000;
    const health = new StoreHealth(store, { logger: createLogger('silent'), probeIntervalMs: 2_000, now: () => now });
    const monitored = health.monitor();
    await monitored.get('gn', 'x');
    for (let i = 0; i < 20; i += 1) assert.equal((await health.check()).available, true);
    assert.equal(state.pings, 0, 'a store that just answered is not probed');

    state.down = true;
    await assert.rejects(monitored.get('gn', 'x'), StoreError);
    const answers = await Promise.all(Array.from({ length: 20 }, () => health.check()));
    assert.ok(answers.every((answer) => !answer.available && answer.reason === 'store unavailable'));
    assert.equal(state.pings, 0, 'an outage just seen needs no probe');

    now += 2_500;
    await Promise.all(Array.from({ length: 20 }, () => health.check()));
    assert.equal(state.pings, 1, 'concurrent checks share one probe');
    assert.equal(await health.available(), false);

    state.down = false;
    now += 2_500;
    assert.equal(await health.available(), true, 'back once a probe answers');
    assert.equal(state.pings, 2);
  });

  it('counts a conflict as an answer, not an outage', async () => {
    const { store } = stubStore();
    const health = new StoreHealth(store, { logger: createLogger('silent'), now: () => 0 });
    health.reportFailure(new StoreError('unavailable', 'gone'));
    assert.equal(await health.available(), false);
    await assert.rejects(health.monitor().replace({ id: 'a', networkId: 'gn', type: 't' }, 'etag'), StoreConflictError);
    assert.equal(await health.available(), true);
    assert.equal(health.counts.outages, 1);
  });
});
