import assert from 'node:assert/strict';
import { DeliveryTally, OUTBOX_TALLY_TYPE } from '../../../src/delivery/delivery-tally';
import { createLogger } from '../../../src/logger';
import type { DocumentStore } from '../../../src/store/document-store';
import { StoreError } from '../../../src/store/errors';
import { SqliteDocumentStore } from '../../../src/store/sqlite-document-store';

const OUTBOX_NETWORK = 'gn';

describe('delivery tally', () => {
  let store: SqliteDocumentStore;
  beforeEach(() => {
    store = new SqliteDocumentStore({ inMemory: true });
  });
  afterEach(async () => {
    await store.close();
  });

  const documents = async (messageKey: string) =>
    (await store.query(OUTBOX_NETWORK, { type: OUTBOX_TALLY_TYPE, where: [{ path: 'messageKey', op: '=', value: messageKey }] })).length;

  it('writes only messages whose counts changed, one upsert each however many changes, and nothing when none did', async () => {
    let upserts = 0;
    const counted = new Proxy(store, {
      get(target, property) {
        if (property === 'upsert') return (document: Parameters<DocumentStore['upsert']>[0]) => ((upserts += 1), target.upsert(document));
        const value = Reflect.get(target, property) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    const tally = new DeliveryTally(counted, { flushIntervalMs: 60_000 });
    for (let i = 0; i < 100; i += 1) tally.add(OUTBOX_NETWORK, 'm1', { total: 1, queued: 1 });
    tally.add(OUTBOX_NETWORK, 'm2', { total: 1, sent: 1 });
    tally.add(OUTBOX_NETWORK, 'm3', {});
    await tally.flush();
    assert.equal(upserts, 2);
    await tally.flush();
    assert.equal(upserts, 2, 'nothing changed since');
    assert.deepEqual(await new DeliveryTally(store).read(OUTBOX_NETWORK, 'm1'), { total: 100, queued: 100 });
    assert.equal(await documents('m3'), 0);
    await tally.close();
  });

  it('keeps the counts of a failed write and writes them at the next flush', async () => {
    let failNext = true;
    const flaky = new Proxy(store, {
      get(target, property) {
        if (property === 'upsert') {
          return (document: Parameters<DocumentStore['upsert']>[0]) => {
            if (failNext) {
              failNext = false;
              return Promise.reject(new StoreError('unavailable', 'store down'));
            }
            return target.upsert(document);
          };
        }
        const value = Reflect.get(target, property) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    const tally = new DeliveryTally(flaky, { flushIntervalMs: 20, logger: createLogger('silent') });
    tally.add(OUTBOX_NETWORK, 'm', { total: 3, sent: 3 });
    await tally.flush();
    assert.equal(await documents('m'), 0, 'the first write failed');
    assert.deepEqual(await tally.read(OUTBOX_NETWORK, 'm'), { total: 3, sent: 3 }, 'its own reader still sees them');
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.deepEqual(await new DeliveryTally(store).read(OUTBOX_NETWORK, 'm'), { total: 3, sent: 3 }, 'retried on its own');
    await tally.close();
  });

  it('forgets a message idle for a while, and counts it on in a new document when it changes again', async () => {
    let now = 0;
    const tally = new DeliveryTally(store, { flushIntervalMs: 60_000, idleMs: 1_000, now: () => now });
    tally.add(OUTBOX_NETWORK, 'm', { total: 1, queued: 1 });
    await tally.flush();
    now = 5_000;
    await tally.flush();
    tally.add(OUTBOX_NETWORK, 'm', { queued: -1, sent: 1 });
    assert.deepEqual(await tally.read(OUTBOX_NETWORK, 'm'), { total: 1, sent: 1 }, 'the written document and the new changes, each counted once');
    await tally.close();
    assert.equal(await documents('m'), 2);
    assert.deepEqual(await new DeliveryTally(store).read(OUTBOX_NETWORK, 'm'), { total: 1, sent: 1 });
  });
});
