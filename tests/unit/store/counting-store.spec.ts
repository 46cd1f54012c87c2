import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { DocumentStore, StoredDocument } from '../../../src/store/document-store';
import { StoreConflictError } from '../../../src/store/errors';
import { countingStore, describeCounts, diffCounts, type CountingDocumentStore } from '../../support/counting-store';
import { storeAdaptersUnderTest } from '../../support/store-adapters';

interface Note extends StoredDocument {
  readonly text: string;
}

const bytes = (document: unknown) => Buffer.byteLength(JSON.stringify(document), 'utf8');

describe('countingStore', function () {
  for (const adapter of storeAdaptersUnderTest()) {
    describe(`on ${adapter.name}`, function () {
      let inner: DocumentStore;
      let store: CountingDocumentStore;
      let networkId: string;
      const note = (id: string, text = 'bonjour é'): Note => ({ id, networkId, type: 'note', text });

      beforeEach(async function () {
        inner = await adapter.open();
        store = countingStore(inner);
        networkId = `net-${randomUUID()}`;
      });
      afterEach(async function () {
        await adapter.close(inner);
      });

      it('counts calls, rows and bytes per operation kind', async function () {
        const a = note('note:a');
        const created = await store.create(a);
        await store.create(note('note:b', 'x'));
        await store.replace({ ...a, text: 'changed' }, created.etag);
        await store.upsert(note('other:c'));
        assert.ok(await store.get(networkId, 'note:a'));
        assert.equal(await store.get(networkId, 'note:missing'), undefined);
        const rows = await store.query<Note>(networkId, { type: 'note' });
        await store.delete(networkId, 'note:b');

        const counts = store.snapshot();
        assert.equal(counts.byOperation.create.calls, 2);
        assert.equal(counts.byOperation.create.bytesWritten, bytes(a) + bytes(note('note:b', 'x')));
        assert.equal(counts.byOperation.replace.calls, 1);
        assert.equal(counts.byOperation.upsert.calls, 1);
        assert.equal(counts.byOperation.delete.calls, 1);
        assert.equal(counts.gets, 2);
        assert.equal(counts.byOperation.get.rows, 1, 'a get that finds nothing returns no row');
        assert.equal(counts.byOperation.get.bytesRead, bytes({ ...a, text: 'changed' }));
        assert.equal(counts.queries, 1);
        assert.equal(counts.byOperation.query.rows, rows.length);
        assert.equal(counts.byOperation.query.bytesRead, rows.reduce((total, row) => total + bytes(row.document), 0));
        assert.deepEqual(counts.queriesByType, { note: { calls: 1, rows: 3 } });
        assert.deepEqual(counts.getsByPrefix, { note: 2 });
        assert.equal(counts.writes, 5);
        assert.equal(counts.operations, 8);
        assert.equal(counts.rows, 1 + rows.length);
        assert.match(describeCounts(counts), /^2 gets \/ 1 queries \(3 rows\) \/ 5 writes, /);
      });

      it('counts a failed call as a call and a failure, and rethrows', async function () {
        const created = await store.create(note('note:a'));
        await store.replace(note('note:a', 'first'), created.etag);
        await assert.rejects(store.replace(note('note:a', 'second'), created.etag), StoreConflictError);
        await assert.rejects(store.create(note('note:a')), StoreConflictError);
        const counts = store.snapshot();
        assert.equal(counts.byOperation.replace.calls, 2);
        assert.equal(counts.byOperation.replace.failures, 1);
        assert.equal(counts.byOperation.create.failures, 1);
        assert.equal(counts.failures, 2);
      });

      it('during() returns the counts of one scope, reset() starts again', async function () {
        await store.create(note('note:a'));
        const { result, counts } = await store.during(async () => {
          await store.get(networkId, 'note:a');
          return 'done';
        });
        assert.equal(result, 'done');
        assert.equal(counts.gets, 1);
        assert.equal(counts.writes, 0, 'the create before the scope is not in it');
        assert.equal(store.snapshot().writes, 1);
        store.reset();
        assert.equal(store.snapshot().operations, 0);
        assert.ok(store.lastOperationAt() > 0);
      });

      it('sets aside the operations of excluded callers and counts nothing when disabled', async function () {
        store.options.exclude = /backgroundWorker/;
        const backgroundWorker = () => store.query(networkId, { type: 'note' });
        await store.create(note('note:a'));
        await backgroundWorker();
        let counts = store.snapshot();
        assert.equal(counts.queries, 0);
        assert.equal(counts.writes, 1);
        assert.deepEqual(counts.excluded, { operations: 1, rows: 1, writes: 0 });
        store.options.exclude = undefined;
        store.options.include = /turnWork/;
        const turnWork = () => store.get(networkId, 'note:a');
        await turnWork();
        await store.get(networkId, 'note:a');
        counts = store.snapshot();
        assert.equal(counts.gets, 1, 'only the read made inside turnWork');
        assert.equal(counts.excluded.operations, 2);
        store.options.include = undefined;
        store.reset();
        store.options.enabled = false;
        await store.get(networkId, 'note:a');
        counts = store.snapshot();
        assert.equal(counts.gets, 0);
        store.options.enabled = true;
        assert.equal(store.kind, inner.kind);
      });
    });
  }

  it('forwards and counts a method the port does not name yet', async function () {
    const extra = { kind: 'sqlite', batch: async (items: readonly string[]) => items.map((item) => item.toUpperCase()) } as unknown as DocumentStore;
    const store = countingStore(extra) as CountingDocumentStore & { batch(items: readonly string[]): Promise<string[]> };
    assert.deepEqual(await store.batch(['a', 'b']), ['A', 'B']);
    const counts = store.snapshot();
    assert.deepEqual(counts.other.batch, { calls: 1, failures: 0, rows: 2, bytesRead: 0, bytesWritten: 0 });
    assert.equal(counts.operations, 1);
    assert.equal(diffCounts(counts, counts).operations, 0);
  });
});
