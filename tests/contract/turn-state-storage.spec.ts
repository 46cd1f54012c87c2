import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DocumentStore } from '../../src/store/document-store';
import { StoreConflictError } from '../../src/store/errors';
import { SqliteDocumentStore } from '../../src/store/sqlite-document-store';
import { TURN_STATE_TYPE, TurnStateStorage } from '../../src/store/turn-state-storage';

describe('TurnStateStorage over the SQLite document store', function () {
  const NETWORK = 'gn';
  // Shaped like teams-ai's keys: they contain slashes and colons.
  const CONVERSATION = 'msteams/bot-id/conversations/19:abc@thread.v2';
  const USER = 'msteams/bot-id/users/29:user';
  let store: DocumentStore;
  let storage: TurnStateStorage;

  beforeEach(function () {
    store = new SqliteDocumentStore({ inMemory: true });
    storage = new TurnStateStorage(store, NETWORK);
  });
  afterEach(async function () {
    await store.close();
  });

  it('reads back what it wrote, with an eTag, and leaves out keys never written', async function () {
    await storage.write({ [CONVERSATION]: { topic: 'réunion', count: 1 }, [USER]: { locale: 'fr' } });
    const items = await storage.read([CONVERSATION, USER, 'msteams/bot-id/conversations/unknown']);
    assert.deepEqual(Object.keys(items).sort(), [CONVERSATION, USER].sort());
    assert.equal(items[CONVERSATION].topic, 'réunion');
    assert.equal(items[CONVERSATION].count, 1);
    assert.equal(items[USER].locale, 'fr');
    assert.equal(typeof items[CONVERSATION].eTag, 'string');
  });

  it('stores each key as a turnState document in its network', async function () {
    await storage.write({ [CONVERSATION]: { topic: 'x', eTag: '*' } });
    const stored = await store.get(NETWORK, CONVERSATION);
    assert.deepEqual(stored?.document, { id: CONVERSATION, networkId: NETWORK, type: TURN_STATE_TYPE, state: { topic: 'x' } });
    assert.equal(await new TurnStateStorage(store, 'another-network').read([CONVERSATION]).then((items) => items[CONVERSATION]), undefined);
  });

  it('writes back with the eTag it read, and the eTag moves on', async function () {
    await storage.write({ [CONVERSATION]: { count: 1 } });
    const first = (await storage.read([CONVERSATION]))[CONVERSATION];
    await storage.write({ [CONVERSATION]: { ...first, count: 2 } });
    const second = (await storage.read([CONVERSATION]))[CONVERSATION];
    assert.equal(second.count, 2);
    assert.notEqual(second.eTag, first.eTag);
  });

  it('refuses a write with a stale eTag and keeps the winner', async function () {
    await storage.write({ [CONVERSATION]: { count: 1 } });
    const turnA = (await storage.read([CONVERSATION]))[CONVERSATION];
    const turnB = (await storage.read([CONVERSATION]))[CONVERSATION];
    await storage.write({ [CONVERSATION]: { ...turnA, count: 2 } });
    await assert.rejects(storage.write({ [CONVERSATION]: { ...turnB, count: 3 } }), (error: unknown) => {
      assert.ok(error instanceof StoreConflictError);
      assert.equal(error.code, 'etag_mismatch');
      assert.match(error.message, /changed by another turn/);
      return true;
    });
    assert.equal((await storage.read([CONVERSATION]))[CONVERSATION].count, 2);
  });

  it('overwrites unconditionally with eTag "*" or without an eTag', async function () {
    await storage.write({ [CONVERSATION]: { count: 1 } });
    const stale = (await storage.read([CONVERSATION]))[CONVERSATION];
    await storage.write({ [CONVERSATION]: { ...stale, count: 2 } });
    await storage.write({ [CONVERSATION]: { ...stale, count: 3, eTag: '*' } });
    assert.equal((await storage.read([CONVERSATION]))[CONVERSATION].count, 3);
    await storage.write({ [CONVERSATION]: { count: 4 } });
    assert.equal((await storage.read([CONVERSATION]))[CONVERSATION].count, 4);
  });

  it('treats a write with an eTag to a deleted key as a conflict', async function () {
    await storage.write({ [CONVERSATION]: { count: 1 } });
    const read = (await storage.read([CONVERSATION]))[CONVERSATION];
    await storage.delete([CONVERSATION]);
    await assert.rejects(storage.write({ [CONVERSATION]: { ...read, count: 2 } }), /deleted by another turn/);
    assert.deepEqual(await storage.read([CONVERSATION]), {});
  });

  it('deletes keys, and deleting a key that is not there is fine', async function () {
    await storage.write({ [CONVERSATION]: { count: 1 }, [USER]: { locale: 'en' } });
    await storage.delete([CONVERSATION, 'never-written']);
    const items = await storage.read([CONVERSATION, USER]);
    assert.deepEqual(Object.keys(items), [USER]);
  });

  it('keeps state across a restart when the store is a file', async function () {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'reseau-turn-state-'));
    try {
      const before = new SqliteDocumentStore({ dataDir, fileName: 'state.sqlite' });
      await new TurnStateStorage(before, NETWORK).write({ [CONVERSATION]: { step: 'vote' } });
      await before.close();
      const after = new SqliteDocumentStore({ dataDir, fileName: 'state.sqlite' });
      const items = await new TurnStateStorage(after, NETWORK).read([CONVERSATION]);
      await after.close();
      assert.equal(items[CONVERSATION].step, 'vote');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
