/**
 * One contract, two adapters: whatever a feature may rely on from the DocumentStore port is
 * asserted here against the embedded SQLite store and against a Cosmos DB server alike.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { DECISION_DOCUMENT_TYPES } from '../../src/decisions/model';
import { GROUP_REVIEW_DOCUMENT_TYPES } from '../../src/group-reviews/model';
import type { ConversationDocument } from '../../src/delivery/conversation-installations';
import { OUTBOX_TALLY_TYPE } from '../../src/delivery/delivery-tally';
import { OUTBOX_TYPE } from '../../src/delivery/outbox-rules';
import { INVITATION_TYPE, MEETING_TYPE } from '../../src/meetings/meeting-model';
import { DOCUMENT_TYPES } from '../../src/network/model';
import { STATEMENT_DOCUMENT_TYPES } from '../../src/statements/model';
import { WORKPLAN_DOCUMENT_TYPES } from '../../src/workplan/model';
import { CosmosClient } from '@azure/cosmos';
import { CONTAINER_DEFAULT_TTL, CosmosDocumentStore, decodeCosmosId, encodeCosmosId, PARTITION_KEY_PATH, type CosmosOperation } from '../../src/store/cosmos-document-store';
import type { DocumentQuery, DocumentStore, StoredDocument } from '../../src/store/document-store';
import { StoreConflictError, StoreError, StoreNotFoundError } from '../../src/store/errors';
import { STORE_INDEXES, STORE_NAMES, UNINDEXED_PATHS, openDocumentStore } from '../../src/store/open-store';
import { updateDocument, withConcurrencyRetry } from '../../src/store/retry';
import { SqliteDocumentStore } from '../../src/store/sqlite-document-store';
import { startCosmosServer, type CosmosTestServer } from '../support/cosmos-server';
import { storeAdaptersUnderTest } from '../support/store-adapters';

interface Item extends StoredDocument {
  readonly title?: string;
  readonly rank?: number;
  readonly open?: boolean;
  readonly tags?: readonly (string | number)[];
  readonly owner?: { readonly name: string; readonly country?: string } | null;
  readonly note?: string | null;
  readonly count?: number;
  readonly payload?: string;
}

const ITEM = 'item';
const SPECIAL_IDS = ['with space', 'accents é ç à ü', 'slash/in/id', 'hash#tag', 'q?mark', 'back\\slash', 'pct %2F 100%', 'tilde~7E~', '  padded  '];

function describeDocumentStoreContract(
  name: string,
  openStore: () => Promise<DocumentStore>,
  closeStore: (store: DocumentStore) => Promise<void>,
): void {
  describe(`DocumentStore contract: ${name}`, function () {
    let store: DocumentStore;
    // Every test gets its own partition, so tests share one store yet never see each other.
    let networkId: string;
    const item = (id: string, fields: Partial<Item> = {}): Item => ({ id, networkId, type: ITEM, ...fields });

    before(async function () {
      store = await openStore();
    });
    after(async function () {
      if (store) await closeStore(store);
    });
    beforeEach(function () {
      networkId = `net-${randomUUID()}`;
    });

    describe('point operations', function () {
      it('creates a document and reads it back with the same ETag', async function () {
        const created = await store.create(item('a', { title: 'Réunion', rank: 2, tags: ['x'], owner: { name: 'Awa' } }));
        assert.deepEqual(created.document, item('a', { title: 'Réunion', rank: 2, tags: ['x'], owner: { name: 'Awa' } }));
        assert.equal(typeof created.etag, 'string');
        assert.ok(created.etag.length > 0);
        const read = await store.get<Item>(networkId, 'a');
        assert.deepEqual(read, created);
      });

      it('answers undefined for a missing id', async function () {
        assert.equal(await store.get(networkId, 'nobody'), undefined);
      });

      it('refuses to create an id twice with already_exists and keeps the first', async function () {
        await store.create(item('dup', { title: 'first' }));
        await assert.rejects(store.create(item('dup', { title: 'second' })), (error: unknown) => {
          assert.ok(error instanceof StoreConflictError);
          assert.equal(error.code, 'already_exists');
          return true;
        });
        assert.equal((await store.get<Item>(networkId, 'dup'))?.document.title, 'first');
      });

      it('replaces with the current ETag and hands out a new one', async function () {
        const created = await store.create(item('r', { title: 'v1' }));
        const replaced = await store.replace(item('r', { title: 'v2' }), created.etag);
        assert.notEqual(replaced.etag, created.etag);
        assert.deepEqual(replaced.document, item('r', { title: 'v2' }));
        assert.deepEqual(await store.get(networkId, 'r'), replaced);
      });

      it('hands back from a write the document stored, not the object written: changing that object afterwards changes neither', async function () {
        const written = item('copy', { title: 'as written', tags: ['a'] });
        const created = await store.create(written);
        const replacement = item('copy', { title: 'replaced', tags: ['b'] });
        const replaced = await store.replace(replacement, created.etag);
        (written as { title?: string }).title = 'changed after the create';
        (replacement.tags as string[]).push('changed after the replace');
        assert.deepEqual(created.document, item('copy', { title: 'as written', tags: ['a'] }));
        assert.deepEqual(replaced.document, item('copy', { title: 'replaced', tags: ['b'] }));
        assert.deepEqual((await store.get<Item>(networkId, 'copy'))?.document, item('copy', { title: 'replaced', tags: ['b'] }));
      });

      it('refuses a replace with a stale ETag and leaves the document unchanged', async function () {
        const created = await store.create(item('stale', { title: 'v1' }));
        const winner = await store.replace(item('stale', { title: 'winner' }), created.etag);
        await assert.rejects(store.replace(item('stale', { title: 'loser' }), created.etag), (error: unknown) => {
          assert.ok(error instanceof StoreConflictError);
          assert.equal(error.code, 'etag_mismatch');
          return true;
        });
        assert.deepEqual(await store.get(networkId, 'stale'), winner);
      });

      it('refuses to replace a missing document with not_found', async function () {
        await assert.rejects(store.replace(item('ghost'), 'any-etag'), (error: unknown) => {
          assert.ok(error instanceof StoreNotFoundError);
          assert.equal(error.code, 'not_found');
          return true;
        });
        assert.equal(await store.get(networkId, 'ghost'), undefined);
      });

      it('deletes, and deleting again throws not_found', async function () {
        await store.create(item('d'));
        await store.delete(networkId, 'd');
        assert.equal(await store.get(networkId, 'd'), undefined);
        await assert.rejects(store.delete(networkId, 'd'), StoreNotFoundError);
      });

      it('deletes with a matching ETag only', async function () {
        const created = await store.create(item('dm', { title: 'v1' }));
        const replaced = await store.replace(item('dm', { title: 'v2' }), created.etag);
        await assert.rejects(store.delete(networkId, 'dm', created.etag), (error: unknown) => {
          assert.ok(error instanceof StoreConflictError);
          assert.equal(error.code, 'etag_mismatch');
          return true;
        });
        assert.deepEqual(await store.get(networkId, 'dm'), replaced);
        await store.delete(networkId, 'dm', replaced.etag);
        assert.equal(await store.get(networkId, 'dm'), undefined);
      });

      it('upserts: creates when missing, overwrites unconditionally when present', async function () {
        const first = await store.upsert(item('u', { title: 'v1' }));
        assert.deepEqual(await store.get(networkId, 'u'), first);
        const second = await store.upsert(item('u', { title: 'v2' }));
        assert.notEqual(second.etag, first.etag);
        assert.deepEqual(await store.get(networkId, 'u'), second);
        // The upsert moved the ETag on, so a writer holding the old one loses.
        await assert.rejects(store.replace(item('u', { title: 'late' }), first.etag), StoreConflictError);
      });

      it('hands out documents without storage properties and unaffected by later mutation', async function () {
        const original = { ...item('clean'), nested: { list: [1, 2] } };
        const created = await store.create(original);
        original.nested.list.push(3);
        const read = await store.get<typeof original>(networkId, 'clean');
        assert.deepEqual(Object.keys(read?.document ?? {}).sort(), ['id', 'nested', 'networkId', 'type']);
        assert.deepEqual(read?.document.nested.list, [1, 2]);
        assert.deepEqual(created.document.nested.list, [1, 2]);
      });

      it('rejects a document without id, networkId or type before writing anything', async function () {
        await assert.rejects(store.create({ id: '', networkId, type: ITEM }), TypeError);
        await assert.rejects(store.create({ id: 'x', networkId: '', type: ITEM }), TypeError);
        await assert.rejects(store.upsert({ id: 'x', networkId, type: '' }), TypeError);
        assert.equal(await store.get(networkId, 'x'), undefined);
      });
    });

    describe('partitions', function () {
      it('keeps the same id in two networks independent, and queries never cross', async function () {
        const other = `net-${randomUUID()}`;
        const here = await store.create(item('shared', { title: 'here', rank: 1 }));
        const there = await store.create({ id: 'shared', networkId: other, type: ITEM, title: 'there', rank: 1 });
        assert.equal((await store.get<Item>(networkId, 'shared'))?.document.title, 'here');
        assert.equal((await store.get<Item>(other, 'shared'))?.document.title, 'there');

        // An ETag from one partition does not open the other.
        await assert.rejects(store.replace({ id: 'shared', networkId: other, type: ITEM, title: 'x' }, here.etag), StoreConflictError);
        await store.replace(item('shared', { title: 'here 2', rank: 1 }), here.etag);
        assert.deepEqual(await store.get(other, 'shared'), there);

        const found = await store.query<Item>(networkId, { type: ITEM, where: [{ path: 'rank', op: '=', value: 1 }] });
        assert.deepEqual(
          found.map((v) => [v.document.networkId, v.document.title]),
          [[networkId, 'here 2']],
        );

        await store.delete(other, 'shared');
        assert.equal((await store.get<Item>(networkId, 'shared'))?.document.title, 'here 2');
        assert.equal((await store.query(other, { type: ITEM })).length, 0);
      });
    });

    describe('concurrency', function () {
      it('ends at exactly 50 after 50 concurrent read-modify-write increments', async function () {
        this.timeout(60_000);
        await store.create(item('counter', { count: 0 }));
        // Generous attempts: 50 writers on one document is far hotter than any real meeting.
        const retry = { attempts: 200, baseDelayMs: 2, maxDelayMs: 50 };
        const attemptsPerWriter: number[] = [];
        await Promise.all(
          Array.from({ length: 50 }, (_unused, writer) => {
            attemptsPerWriter[writer] = 0;
            return updateDocument<Item>(
              store,
              networkId,
              'counter',
              (current) => {
                attemptsPerWriter[writer] = (attemptsPerWriter[writer] ?? 0) + 1;
                return { ...current, count: (current.count ?? 0) + 1 };
              },
              retry,
            );
          }),
        );
        assert.equal((await store.get<Item>(networkId, 'counter'))?.document.count, 50);
        // The writers really did collide (the test would prove nothing otherwise) and lost updates
        // were retried rather than dropped: 50 successes plus one retry per conflict.
        const totalAttempts = attemptsPerWriter.reduce((sum, attempts) => sum + attempts, 0);
        assert.ok(totalAttempts > 50, `expected conflicts, got ${totalAttempts} attempts for 50 writers`);
      });

      it('withConcurrencyRetry re-runs a create race so only one creator wins', async function () {
        const outcomes = await Promise.all(
          Array.from({ length: 5 }, (_unused, writer) =>
            withConcurrencyRetry(async () => {
              const current = await store.get<Item>(networkId, 'race');
              if (current) return 'saw existing';
              await store.create(item('race', { title: `writer ${writer}` }));
              return 'created';
            }),
          ),
        );
        assert.equal(outcomes.filter((outcome) => outcome === 'created').length, 1);
        assert.equal(outcomes.filter((outcome) => outcome === 'saw existing').length, 4);
      });

      it('updateDocument throws not_found for a missing document and refuses to change its key', async function () {
        await assert.rejects(
          updateDocument<Item>(store, networkId, 'absent', (current) => current),
          StoreNotFoundError,
        );
        await store.create(item('keyed', { count: 1 }));
        await assert.rejects(
          updateDocument<Item>(store, networkId, 'keyed', (current) => ({ ...current, id: 'other' })),
          TypeError,
        );
        assert.equal(await store.get(networkId, 'other'), undefined);
      });
    });

    describe('queries within a partition', function () {
      beforeEach(async function () {
        await Promise.all([
          store.create(item('q1', { title: 'alpha', rank: 1, open: true, tags: ['red', 'blue'], owner: { name: 'Awa', country: 'GN' }, note: null })),
          store.create(item('q2', { title: 'beta', rank: 2, open: false, tags: ['blue'], owner: { name: 'Binta' } })),
          store.create(item('q3', { title: 'alphabet', rank: 3, open: true, tags: [], owner: null, note: 'n' })),
          store.create(item('q4', { title: "it's", rank: 4, tags: ['red', 7] })),
          store.create(item('q5', { title: "' OR 1=1 --", rank: 5 })),
          store.create({ id: 'other-type', networkId, type: 'other', title: 'alpha', rank: 1 } as Item),
        ]);
      });

      const ids = async (query: Omit<DocumentQuery, 'type'>): Promise<string[]> =>
        (await store.query<Item>(networkId, { type: ITEM, ...query })).map((v) => v.document.id).sort();

      it('returns every document of the type, and only of that type', async function () {
        assert.deepEqual(await ids({}), ['q1', 'q2', 'q3', 'q4', 'q5']);
        const others = await store.query(networkId, { type: 'other' });
        assert.deepEqual(
          others.map((v) => v.document.id),
          ['other-type'],
        );
      });

      it('returns only the fields asked for, with the usual ETag, absent ones staying absent', async function () {
        const found = await store.query<Item>(networkId, {
          type: ITEM,
          where: [{ path: 'rank', op: '<=', value: 3 }],
          orderBy: { path: 'rank' },
          fields: ['open', 'owner', 'tags', 'note', 'rank', 'id'],
        });
        assert.deepEqual(
          found.map((entry) => entry.document),
          [
            { id: 'q1', networkId, type: ITEM, rank: 1, open: true, tags: ['red', 'blue'], owner: { name: 'Awa', country: 'GN' }, note: null },
            { id: 'q2', networkId, type: ITEM, rank: 2, open: false, tags: ['blue'], owner: { name: 'Binta' } },
            { id: 'q3', networkId, type: ITEM, rank: 3, open: true, tags: [], owner: null, note: 'n' },
          ],
        );
        const q2 = found[1] as (typeof found)[number];
        assert.equal(q2.etag, (await store.get(networkId, 'q2'))?.etag, 'the ETag of the whole document: it can be written');
        assert.deepEqual(
          (await store.query(networkId, { type: ITEM, where: [{ path: 'title', op: '=', value: "it's" }], fields: [] })).map((entry) => entry.document),
          [{ id: 'q4', networkId, type: ITEM }],
        );
        await assert.rejects(store.query(networkId, { type: ITEM, fields: ['owner.name'] }), TypeError);
        await assert.rejects(store.query(networkId, { type: ITEM, fields: ["x') --"] }), TypeError);
      });

      it('counts what a query would return, by type and conditions, within the partition only', async function () {
        assert.equal(await store.count(networkId, { type: ITEM }), 5);
        assert.equal(await store.count(networkId, { type: ITEM, where: [{ path: 'open', op: '=', value: true }] }), 2);
        assert.equal(await store.count(networkId, { type: ITEM, where: [{ path: 'rank', op: '>', value: 2 }, { path: 'title', op: '!=', value: "' OR 1=1 --" }] }), 2);
        assert.equal(await store.count(networkId, { type: ITEM, where: [{ path: 'title', op: '=', value: 'nobody' }] }), 0);
        assert.equal(await store.count(networkId, { type: 'other' }), 1);
        assert.equal(await store.count(`${networkId}-elsewhere`, { type: ITEM }), 0);
        await assert.rejects(store.count(networkId, { type: ITEM, where: [{ path: "x') --", op: '=', value: 1 }] }), TypeError);
      });

      it('filters with = and != on strings, numbers and booleans', async function () {
        assert.deepEqual(await ids({ where: [{ path: 'title', op: '=', value: 'beta' }] }), ['q2']);
        assert.deepEqual(await ids({ where: [{ path: 'rank', op: '=', value: 3 }] }), ['q3']);
        assert.deepEqual(await ids({ where: [{ path: 'open', op: '=', value: true }] }), ['q1', 'q3']);
        assert.deepEqual(await ids({ where: [{ path: 'open', op: '=', value: false }] }), ['q2']);
        // != matches present values only: q4 and q5 have no `open`.
        assert.deepEqual(await ids({ where: [{ path: 'open', op: '!=', value: true }] }), ['q2']);
        assert.deepEqual(await ids({ where: [{ path: 'rank', op: '!=', value: 1 }] }), ['q2', 'q3', 'q4', 'q5']);
      });

      it('matches a string only with that string: never a number, a boolean, null, an array or an object that reads alike', async function () {
        await Promise.all([
          store.create(item('s1', { title: '1', rank: 1 })),
          store.create(item('s2', { title: 1, rank: 1 } as never)),
          store.create(item('s3', { title: true, rank: 1 } as never)),
          store.create(item('s4', { title: null, rank: 1 } as never)),
          store.create(item('s5', { title: ['1'], rank: 1 } as never)),
          store.create(item('s6', { title: { a: '1' }, rank: 1 } as never)),
          store.create(item('s7', { title: 'true', rank: 1 })),
        ]);
        assert.deepEqual(await ids({ where: [{ path: 'title', op: '=', value: '1' }] }), ['s1']);
        assert.deepEqual(await ids({ where: [{ path: 'title', op: '=', value: 'true' }] }), ['s7']);
        assert.deepEqual(await ids({ where: [{ path: 'title', op: '=', value: '["1"]' }] }), []);
        assert.deepEqual(await ids({ where: [{ path: 'title', op: '=', value: '{"a":"1"}' }] }), []);
        assert.equal(await store.count(networkId, { type: ITEM, where: [{ path: 'title', op: '=', value: '1' }] }), 1);
        // != keeps every present value that is not that string, null included.
        assert.deepEqual(await ids({ where: [{ path: 'title', op: '!=', value: '1' }, { path: 'rank', op: '=', value: 1 }] }), ['q1', 's2', 's3', 's4', 's5', 's6', 's7']);
      });

      it('matches null only with null', async function () {
        assert.deepEqual(await ids({ where: [{ path: 'note', op: '=', value: null }] }), ['q1']);
        assert.deepEqual(await ids({ where: [{ path: 'owner', op: '=', value: null }] }), ['q3']);
      });

      it('filters with <, <=, >, >= and never across types', async function () {
        assert.deepEqual(await ids({ where: [{ path: 'rank', op: '<', value: 2 }] }), ['q1']);
        assert.deepEqual(await ids({ where: [{ path: 'rank', op: '<=', value: 2 }] }), ['q1', 'q2']);
        assert.deepEqual(await ids({ where: [{ path: 'rank', op: '>', value: 4 }] }), ['q5']);
        assert.deepEqual(await ids({ where: [{ path: 'rank', op: '>=', value: 4 }] }), ['q4', 'q5']);
        assert.deepEqual(await ids({ where: [{ path: 'title', op: '>=', value: 'b' }] }), ['q2', 'q4']);
        assert.deepEqual(await ids({ where: [{ path: 'title', op: '<', value: 'alphabet' }] }), ['q1', 'q5']);
        // A string bound never compares with a number field, nor a number with a string field.
        assert.deepEqual(await ids({ where: [{ path: 'rank', op: '<', value: 'z' }] }), []);
        assert.deepEqual(await ids({ where: [{ path: 'title', op: '>', value: 0 }] }), []);
      });

      it('combines conditions with AND and reads dotted paths', async function () {
        assert.deepEqual(await ids({ where: [{ path: 'owner.name', op: '=', value: 'Awa' }] }), ['q1']);
        assert.deepEqual(
          await ids({
            where: [
              { path: 'open', op: '=', value: true },
              { path: 'rank', op: '>', value: 1 },
            ],
          }),
          ['q3'],
        );
        assert.deepEqual(await ids({ where: [{ path: 'owner.country', op: 'exists' }] }), ['q1']);
      });

      it('filters with in, including an empty list', async function () {
        assert.deepEqual(await ids({ where: [{ path: 'rank', op: 'in', values: [2, 4, 99] }] }), ['q2', 'q4']);
        assert.deepEqual(await ids({ where: [{ path: 'title', op: 'in', values: ['alpha', 'beta', 2] }] }), ['q1', 'q2']);
        assert.deepEqual(await ids({ where: [{ path: 'rank', op: 'in', values: ['2'] }] }), []);
        assert.deepEqual(await ids({ where: [{ path: 'rank', op: 'in', values: [] }] }), []);
      });

      it('filters with contains on arrays only, with typed elements', async function () {
        assert.deepEqual(await ids({ where: [{ path: 'tags', op: 'contains', value: 'red' }] }), ['q1', 'q4']);
        assert.deepEqual(await ids({ where: [{ path: 'tags', op: 'contains', value: 'blue' }] }), ['q1', 'q2']);
        assert.deepEqual(await ids({ where: [{ path: 'tags', op: 'contains', value: 7 }] }), ['q4']);
        assert.deepEqual(await ids({ where: [{ path: 'tags', op: 'contains', value: '7' }] }), []);
        // A string field is not an array, even though it "contains" the text.
        assert.deepEqual(await ids({ where: [{ path: 'title', op: 'contains', value: 'beta' }] }), []);
      });

      it('filters with startsWith, case-sensitively and without wildcards', async function () {
        assert.deepEqual(await ids({ where: [{ path: 'title', op: 'startsWith', value: 'alpha' }] }), ['q1', 'q3']);
        assert.deepEqual(await ids({ where: [{ path: 'title', op: 'startsWith', value: 'Alpha' }] }), []);
        assert.deepEqual(await ids({ where: [{ path: 'title', op: 'startsWith', value: 'a%' }] }), []);
        assert.deepEqual(await ids({ where: [{ path: 'title', op: 'startsWith', value: 'b_ta' }] }), []);
      });

      it('filters with exists and missing (a null value exists)', async function () {
        assert.deepEqual(await ids({ where: [{ path: 'open', op: 'exists' }] }), ['q1', 'q2', 'q3']);
        assert.deepEqual(await ids({ where: [{ path: 'open', op: 'missing' }] }), ['q4', 'q5']);
        assert.deepEqual(await ids({ where: [{ path: 'note', op: 'exists' }] }), ['q1', 'q3']);
      });

      it('orders ascending and descending, and limits', async function () {
        const ranks = async (query: Omit<DocumentQuery, 'type'>): Promise<(number | undefined)[]> =>
          (await store.query<Item>(networkId, { type: ITEM, ...query })).map((v) => v.document.rank);
        assert.deepEqual(await ranks({ orderBy: { path: 'rank' } }), [1, 2, 3, 4, 5]);
        assert.deepEqual(await ranks({ orderBy: { path: 'rank', direction: 'asc' } }), [1, 2, 3, 4, 5]);
        assert.deepEqual(await ranks({ orderBy: { path: 'rank', direction: 'desc' } }), [5, 4, 3, 2, 1]);
        assert.deepEqual(await ranks({ orderBy: { path: 'rank', direction: 'desc' }, limit: 2 }), [5, 4]);
        assert.deepEqual(
          await ranks({ where: [{ path: 'title', op: 'startsWith', value: 'alpha' }], orderBy: { path: 'title', direction: 'desc' }, limit: 1 }),
          [3],
        );
        assert.equal((await store.query(networkId, { type: ITEM, limit: 3 })).length, 3);
      });

      it('binds hostile values as data: quotes and SQL fragments match only the exact document', async function () {
        assert.deepEqual(await ids({ where: [{ path: 'title', op: '=', value: "it's" }] }), ['q4']);
        assert.deepEqual(await ids({ where: [{ path: 'title', op: '=', value: "' OR 1=1 --" }] }), ['q5']);
        assert.deepEqual(await ids({ where: [{ path: 'title', op: '=', value: "x' OR 1=1 --" }] }), []);
        assert.deepEqual(await ids({ where: [{ path: 'title', op: '=', value: 'x" OR 1=1 --' }] }), []);
        assert.deepEqual(await ids({ where: [{ path: 'title', op: 'startsWith', value: "'" }] }), ['q5']);
        assert.deepEqual(await ids({ where: [{ path: 'title', op: 'in', values: ["') OR ('1'='1"] }] }), []);
        // The partition value is bound too: a hostile network id reads nothing.
        assert.deepEqual(await store.query(`${networkId}' OR '1'='1`, { type: ITEM }), []);
        assert.deepEqual(await store.query(networkId, { type: "item' OR '1'='1" }), []);
      });

      it('rejects paths that are not plain dotted identifiers and limits that are not counts', async function () {
        for (const bad of ["title'] OR 1=1 --", 'title)', 'a..b', '1abc', 'owner["name"]', 'a b', '', '$.title']) {
          await assert.rejects(store.query(networkId, { type: ITEM, where: [{ path: bad, op: 'exists' }] }), TypeError, bad);
        }
        await assert.rejects(store.query(networkId, { type: ITEM, orderBy: { path: 'rank desc; --' } }), TypeError);
        await assert.rejects(store.query(networkId, { type: ITEM, limit: 0 }), TypeError);
        await assert.rejects(store.query(networkId, { type: ITEM, limit: 1.5 }), TypeError);
      });

      it('returns ETags that work for a conditional replace', async function () {
        const [first] = await store.query<Item>(networkId, { type: ITEM, where: [{ path: 'rank', op: '=', value: 1 }] });
        assert.ok(first);
        const replaced = await store.replace({ ...first.document, title: 'changed' }, first.etag);
        assert.equal((await store.get<Item>(networkId, 'q1'))?.etag, replaced.etag);
      });
    });

    describe('sizes and ids', function () {
      it('round-trips a 1 MB document intact', async function () {
        const payload = Array.from({ length: 1024 * 1024 }, (_unused, index) => String.fromCharCode(97 + (index % 26))).join('');
        const big = item('big', { payload: `é${payload.slice(2)}ç` });
        const created = await store.create(big);
        assert.deepEqual(created.document, big);
        const read = await store.get<Item>(networkId, 'big');
        assert.equal(read?.document.payload?.length, big.payload?.length);
        assert.equal(read?.document.payload, big.payload);
        const [queried] = await store.query<Item>(networkId, { type: ITEM, where: [{ path: 'payload', op: 'exists' }] });
        assert.equal(queried?.document.payload, big.payload);
      });

      it('refuses a document over 2 MB with too_large and stores nothing', async function () {
        const huge = item('huge', { payload: 'x'.repeat(2 * 1024 * 1024 + 1) });
        await assert.rejects(store.create(huge), (error: unknown) => {
          assert.ok(error instanceof StoreError);
          assert.equal(error.code, 'too_large');
          return true;
        });
        await assert.rejects(store.upsert(huge), StoreError);
        assert.equal(await store.get(networkId, 'huge'), undefined);
      });

      for (const id of SPECIAL_IDS) {
        it(`keeps the id ${JSON.stringify(id)} through create, get, replace, query and delete`, async function () {
          const created = await store.create(item(id, { title: 'v1', rank: 1 }));
          assert.equal(created.document.id, id);
          const read = await store.get<Item>(networkId, id);
          assert.equal(read?.document.id, id);
          assert.equal(read?.document.title, 'v1');

          const replaced = await store.replace(item(id, { title: 'v2', rank: 1 }), created.etag);
          assert.equal(replaced.document.id, id);

          const byType = await store.query<Item>(networkId, { type: ITEM });
          assert.deepEqual(
            byType.map((v) => [v.document.id, v.document.title, v.etag]),
            [[id, 'v2', replaced.etag]],
          );
          const byId = await store.query<Item>(networkId, { type: ITEM, where: [{ path: 'id', op: '=', value: id }] });
          assert.deepEqual(
            byId.map((v) => v.document.id),
            [id],
          );
          const byPrefix = await store.query<Item>(networkId, { type: ITEM, where: [{ path: 'id', op: 'startsWith', value: id.slice(0, 6) }] });
          assert.deepEqual(
            byPrefix.map((v) => v.document.id),
            [id],
          );

          await store.delete(networkId, id, replaced.etag);
          assert.equal(await store.get(networkId, id), undefined);
        });
      }

      it('keeps ids that differ only by special characters apart', async function () {
        await store.create(item('a/b', { title: 'slash' }));
        await store.create(item('a~2Fb', { title: 'escape-like' }));
        await store.create(item('a%2Fb', { title: 'percent-like' }));
        assert.equal((await store.get<Item>(networkId, 'a/b'))?.document.title, 'slash');
        assert.equal((await store.get<Item>(networkId, 'a~2Fb'))?.document.title, 'escape-like');
        assert.equal((await store.get<Item>(networkId, 'a%2Fb'))?.document.title, 'percent-like');
        assert.equal(await store.get(networkId, 'a'), undefined);
        assert.deepEqual((await ids()).sort(), ['a%2Fb', 'a/b', 'a~2Fb']);

        async function ids(): Promise<string[]> {
          return (await store.query<Item>(networkId, { type: ITEM })).map((v) => v.document.id);
        }
      });

      it('accepts a 341-character id and refuses a longer one', async function () {
        const longest = `${'é/'.repeat(170)}x`;
        await store.create(item(longest, { title: 'long' }));
        assert.equal((await store.get<Item>(networkId, longest))?.document.title, 'long');
        await assert.rejects(store.create(item(`${longest}y`)), TypeError);
      });
    });

    describe('time to live (ttl)', function () {
      it('keeps a document written with a ttl, with its ttl, through create, replace, upsert and query', async function () {
        const created = await store.create(item('kept', { title: 'v1', ttl: 3_600 }));
        assert.equal(created.document.ttl, 3_600);
        assert.equal((await store.get<Item>(networkId, 'kept'))?.document.ttl, 3_600);
        const replaced = await store.replace(item('kept', { title: 'v2', ttl: 60 }), created.etag);
        assert.equal(replaced.document.ttl, 60);
        await store.upsert(item('other', { ttl: 1 }));
        const found = await store.query<Item>(networkId, { type: ITEM, orderBy: { path: 'id' } });
        assert.deepEqual(
          found.map((entry) => [entry.document.id, entry.document.ttl]),
          [['kept', 60], ['other', 1]],
        );
        assert.equal(await store.count(networkId, { type: ITEM }), 2);
      });

      it('a write without ttl keeps the document for good again', async function () {
        const created = await store.create(item('again', { ttl: 60 }));
        const replaced = await store.replace(item('again', { title: 'kept' }), created.etag);
        assert.equal(replaced.document.ttl, undefined);
        assert.equal((await store.get<Item>(networkId, 'again'))?.document.ttl, undefined);
      });

      it('refuses a ttl that is not a whole number of seconds from 1, and stores nothing', async function () {
        for (const ttl of [0, -1, 1.5, Number.NaN, 2 ** 31] as const) {
          await assert.rejects(store.create(item('bad-ttl', { ttl })), TypeError, `ttl ${ttl}`);
          await assert.rejects(store.upsert(item('bad-ttl', { ttl })), TypeError, `ttl ${ttl}`);
        }
        await assert.rejects(store.create({ ...item('bad-ttl'), ttl: '60' } as unknown as Item), TypeError);
        assert.equal(await store.get(networkId, 'bad-ttl'), undefined);
      });

      it('purges nothing while no document has expired', async function () {
        await store.create(item('fresh', { ttl: 3_600 }));
        await store.create(item('forever'));
        assert.equal(await store.purgeExpired(networkId, 100), 0);
        assert.equal(await store.count(networkId, { type: ITEM }), 2);
      });
    });

    describe('health', function () {
      it('answers ping', async function () {
        await store.ping();
      });

      it('refuses every call once closed', async function () {
        const doomed = await openStore();
        await doomed.ping();
        await closeStore(doomed);
        await assert.rejects(doomed.ping(), (error: unknown) => error instanceof StoreError && error.code === 'unavailable');
        await assert.rejects(doomed.get(networkId, 'x'), StoreError);
        await assert.rejects(doomed.create(item('x')), StoreError);
      });
    });
  });
}

describe('document store adapters', function () {
  const charges: { operation: CosmosOperation; requestUnits: number }[] = [];
  const adapters = storeAdaptersUnderTest({ onRequestCharge: (operation, requestUnits) => charges.push({ operation, requestUnits }) });
  for (const adapter of adapters) describeDocumentStoreContract(adapter.name, adapter.open, adapter.close);

  describe('Cosmos DB request charges', function () {
    it('were reported for every kind of operation the contract ran', function () {
      const operations = new Set(charges.map((charge) => charge.operation));
      assert.deepEqual([...operations].sort(), ['create', 'delete', 'get', 'query', 'replace', 'upsert']);
      assert.ok(charges.every((charge) => Number.isFinite(charge.requestUnits) && charge.requestUnits >= 0));
    });
  });
});

describe('adapter specifics', function () {
  describe('SQLite honours ttl like Cosmos DB: expired documents are gone for every read and write, then purged', function () {
    const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
    let now = T0;
    let store: SqliteDocumentStore;
    const networkId = 'gn';
    const doc = (id: string, fields: Partial<Item> = {}): Item => ({ id, networkId, type: ITEM, ...fields });

    beforeEach(async function () {
      now = T0;
      store = new SqliteDocumentStore({ inMemory: true, indexes: STORE_INDEXES, now: () => now });
      await store.create(doc('short', { title: 'a', ttl: 60 }));
      await store.create(doc('long', { title: 'a', ttl: 3_600 }));
      await store.create(doc('forever', { title: 'a' }));
    });
    afterEach(async function () {
      await store.close();
    });

    it('counts the ttl from the last write', async function () {
      now = T0 + 50_000;
      const read = await store.get<Item>(networkId, 'short');
      await store.replace(doc('short', { title: 'b', ttl: 60 }), read!.etag);
      now = T0 + 100_000;
      assert.equal((await store.get<Item>(networkId, 'short'))?.document.title, 'b', 'rewritten at 50 s, it lives until 110 s');
      now = T0 + 110_000;
      assert.equal(await store.get(networkId, 'short'), undefined, 'gone exactly when its ttl runs out');
    });

    it('never returns an expired document, by get, query, count or projection', async function () {
      now = T0 + 61_000;
      assert.equal(await store.get(networkId, 'short'), undefined);
      const ids = async (query: DocumentQuery) => (await store.query(networkId, query)).map((entry) => entry.document.id).sort();
      assert.deepEqual(await ids({ type: ITEM }), ['forever', 'long']);
      assert.deepEqual(await ids({ type: ITEM, where: [{ path: 'title', op: '=', value: 'a' }] }), ['forever', 'long']);
      assert.deepEqual(await ids({ type: ITEM, fields: ['title'] }), ['forever', 'long']);
      assert.equal(await store.count(networkId, { type: ITEM }), 2);
    });

    it('treats an expired document as absent for replace and delete, and lets a create take its id', async function () {
      const { etag } = (await store.get<Item>(networkId, 'short'))!;
      now = T0 + 61_000;
      await assert.rejects(store.replace(doc('short', { title: 'late' }), etag), StoreNotFoundError);
      await assert.rejects(store.delete(networkId, 'short'), StoreNotFoundError);
      await assert.rejects(store.delete(networkId, 'short', etag), StoreNotFoundError);
      const created = await store.create(doc('short', { title: 'new' }));
      assert.equal((await store.get<Item>(networkId, 'short'))?.etag, created.etag);
      assert.equal((await store.get<Item>(networkId, 'short'))?.document.title, 'new');
      await assert.rejects(store.create(doc('long')), (error: unknown) => error instanceof StoreConflictError && error.code === 'already_exists', 'a live id stays taken');
    });

    it('purges expired documents in batches and keeps the live ones', async function () {
      for (let i = 0; i < 5; i += 1) await store.create(doc(`batch-${i}`, { ttl: 10 }));
      now = T0 + 61_000;
      assert.equal(await store.purgeExpired(networkId, 4), 4);
      assert.equal(await store.purgeExpired(networkId, 4), 2);
      assert.equal(await store.purgeExpired(networkId, 4), 0);
      assert.equal(await store.purgeExpired('other-network', 4), 0);
      now = T0;
      assert.equal(await store.get(networkId, 'short'), undefined, 'deleted, not merely hidden: even the clock turned back finds nothing');
      assert.deepEqual((await store.query(networkId, { type: ITEM })).map((entry) => entry.document.id).sort(), ['forever', 'long']);
    });

    it('adds the expiry column to a file written before it, whose documents keep living', async function () {
      const root = await mkdtemp(path.join(os.tmpdir(), 'reseau-ttl-'));
      try {
        const Database = (await import('better-sqlite3')).default;
        const old = new Database(path.join(root, 'old.sqlite'));
        old.exec(`CREATE TABLE documents (network_id TEXT NOT NULL, id TEXT NOT NULL, type TEXT NOT NULL, etag TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (network_id, id));
          INSERT INTO documents VALUES ('gn', 'old', 'item', 'e1', '{"id":"old","networkId":"gn","type":"item"}'); PRAGMA user_version = 1;`);
        old.close();
        const upgraded = new SqliteDocumentStore({ dataDir: root, fileName: 'old.sqlite' });
        assert.equal((await upgraded.get(networkId, 'old'))?.etag, 'e1');
        await upgraded.create(doc('new', { ttl: 1 }));
        assert.equal((await upgraded.get(networkId, 'new'))?.document.ttl, 1);
        await upgraded.close();
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    });
  });

  describe('Cosmos DB ttl is the service’s own: the container has defaultTtl -1 and items carry ttl', function () {
    // The in-process protocol server (@zeit/cosmosdb-server 0.13) stores a container's
    // defaultTtl and an item's ttl but never expires anything (no TTL code in it): these tests
    // prove our side — what Azure Cosmos DB needs to expire items — not the expiry itself,
    // which is the service's (expired items are not returned, then deleted in the background).
    let server: CosmosTestServer;
    before(async function () {
      server = await startCosmosServer();
    });
    after(async function () {
      await server?.close();
    });

    it('creates the container with defaultTtl -1 and writes the ttl on the item', async function () {
      const databaseId = `ttl-${randomUUID()}`;
      const store = await CosmosDocumentStore.open({ endpoint: server.endpoint, key: server.key, databaseId, containerId: STORE_NAMES.container });
      try {
        await store.create({ id: 'with/ttl', networkId: 'gn', type: ITEM, ttl: 120 } as Item);
        const client = new CosmosClient({ endpoint: server.endpoint, key: server.key, connectionPolicy: { enableEndpointDiscovery: false } });
        const container = client.database(databaseId).container(STORE_NAMES.container);
        assert.equal((await container.read()).resource?.defaultTtl, CONTAINER_DEFAULT_TTL);
        assert.equal(CONTAINER_DEFAULT_TTL, -1);
        const { resource } = await container.item(encodeCosmosId('with/ttl'), 'gn').read<{ ttl?: number }>();
        assert.equal(resource?.ttl, 120);
        client.dispose();
      } finally {
        await store.close();
      }
    });

    it('turns TTL on in a container created without it (an older deployment)', async function () {
      const databaseId = `ttl-${randomUUID()}`;
      const client = new CosmosClient({ endpoint: server.endpoint, key: server.key, connectionPolicy: { enableEndpointDiscovery: false } });
      const { database } = await client.databases.createIfNotExists({ id: databaseId });
      await database.containers.createIfNotExists({ id: STORE_NAMES.container, partitionKey: { paths: [PARTITION_KEY_PATH] } });
      assert.equal((await database.container(STORE_NAMES.container).read()).resource?.defaultTtl, undefined);
      const store = await CosmosDocumentStore.open({ endpoint: server.endpoint, key: server.key, databaseId, containerId: STORE_NAMES.container });
      await store.close();
      assert.equal((await database.container(STORE_NAMES.container).read()).resource?.defaultTtl, -1);
      client.dispose();
    });

    it('infra declares the same defaultTtl on the container', async function () {
      const bicep = await readFile(path.join(__dirname, '..', '..', 'infra', 'modules', 'cosmos.bicep'), 'utf8');
      assert.match(bicep, /defaultTtl: -1\b/);
    });
  });

  describe('Cosmos DB leaves payloads out of its index (each indexed value costs request units on every write)', function () {
    let server: CosmosTestServer;
    before(async function () {
      server = await startCosmosServer();
    });
    after(async function () {
      await server?.close();
    });
    const excludedPaths = async (databaseId: string) => {
      const client = new CosmosClient({ endpoint: server.endpoint, key: server.key, connectionPolicy: { enableEndpointDiscovery: false } });
      try {
        return ((await client.database(databaseId).container(STORE_NAMES.container).read()).resource?.indexingPolicy?.excludedPaths ?? []).map((entry) => entry.path);
      } finally {
        client.dispose();
      }
    };

    it('creates the container without the outbox card in its index, and still finds outbox items by their fields', async function () {
      const databaseId = `index-${randomUUID()}`;
      const store = await openDocumentStore({ kind: 'cosmos', endpoint: server.endpoint, key: server.key, databaseId, enableEndpointDiscovery: false });
      try {
        assert.deepEqual(UNINDEXED_PATHS, ['/activity/*']);
        for (const unindexed of UNINDEXED_PATHS) assert.ok((await excludedPaths(databaseId)).includes(unindexed), `${unindexed} is indexed`);
        await store.create({ id: 'o1', networkId: 'gn', type: ITEM, status: 'queued', activity: { attachments: [{ content: { body: [{ text: 'x' }] } }] } } as Item);
        assert.deepEqual((await store.query('gn', { type: ITEM, where: [{ path: 'status', op: '=', value: 'queued' }] })).map((row) => row.document.id), ['o1']);
      } finally {
        await store.close();
      }
    });

    it('narrows the index of a container created before (an older deployment), keeping what it excluded', async function () {
      const databaseId = `index-${randomUUID()}`;
      const client = new CosmosClient({ endpoint: server.endpoint, key: server.key, connectionPolicy: { enableEndpointDiscovery: false } });
      const { database } = await client.databases.createIfNotExists({ id: databaseId });
      await database.containers.createIfNotExists({
        id: STORE_NAMES.container,
        partitionKey: { paths: [PARTITION_KEY_PATH] },
        defaultTtl: -1,
        indexingPolicy: { indexingMode: 'consistent', automatic: true, includedPaths: [{ path: '/*' }], excludedPaths: [{ path: '/"_etag"/?' }, { path: '/legacy/*' }] },
      });
      client.dispose();
      const store = await openDocumentStore({ kind: 'cosmos', endpoint: server.endpoint, key: server.key, databaseId, enableEndpointDiscovery: false });
      await store.close();
      const after = await excludedPaths(databaseId);
      for (const expected of ['/"_etag"/?', '/legacy/*', ...UNINDEXED_PATHS]) assert.ok(after.includes(expected), `${expected} missing from ${after.join(', ')}`);
    });

    it('infra declares the same excluded paths', async function () {
      const bicep = await readFile(path.join(__dirname, '..', '..', 'infra', 'modules', 'cosmos.bicep'), 'utf8');
      for (const unindexed of UNINDEXED_PATHS) assert.ok(bicep.includes(`path: '${unindexed}'`), `cosmos.bicep does not exclude ${unindexed}`);
    });
  });

  it('Cosmos id escaping is reversible and never sends a character Cosmos refuses', function () {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: fc.constantFrom('/', '\\', '?', '#', '%', '~', '2', 'F', 'a') }), (text, tricky) => {
        for (const id of [text, tricky, `${tricky}${text}${tricky}`]) {
          const encoded = encodeCosmosId(id);
          assert.equal(decodeCosmosId(encoded), id);
          assert.doesNotMatch(encoded, /[/\\?#%]/);
        }
      }),
    );
  });

  it('SQLite serves equality lookups on declared fields from an index, also in a file written before they were declared', async function () {
    const root = await mkdtemp(path.join(os.tmpdir(), 'reseau-store-'));
    try {
      // What an earlier version wrote: the table and its (network, type) index, nothing else.
      const earlier = new SqliteDocumentStore({ dataDir: root, fileName: STORE_NAMES.sqliteFile });
      for (let index = 0; index < 50; index += 1) {
        await earlier.create({ id: `o${index}`, networkId: 'gn', type: 'outbox', messageKey: `m${index % 5}`, status: index === 7 ? 'queued' : 'sent', dueAt: index });
      }
      const byKey: DocumentQuery = { type: 'outbox', where: [{ path: 'messageKey', op: '=', value: 'm2' }] };
      assert.doesNotMatch(earlier.explainQuery('gn', byKey).join(' | '), /<expr>/, 'no index on the field yet: every outbox row is read');
      await earlier.close();

      const store = await openDocumentStore({ kind: 'sqlite', dataDir: root });
      assert.ok(store instanceof SqliteDocumentStore);
      const plan = (query: DocumentQuery) => store.explainQuery('gn', query).join(' | ');
      assert.match(plan(byKey), /USING INDEX "?documents_outbox_by_messageKey\+status"? \(network_id=\? AND type=\? AND <expr>=\?\)/);
      assert.deepEqual((await store.query('gn', byKey)).map((entry) => entry.document.id).sort(), ['o12', 'o17', 'o2', 'o22', 'o27', 'o32', 'o37', 'o42', 'o47', 'o7']);
      const due: DocumentQuery = {
        type: 'outbox',
        where: [
          { path: 'status', op: 'in', values: ['queued', 'sending'] },
          { path: 'dueAt', op: '<=', value: 100 },
        ],
        orderBy: { path: 'dueAt' },
        limit: 10,
      };
      assert.match(plan(due), /USING INDEX "?documents_outbox_by_status\+dueAt"? \(network_id=\? AND type=\? AND <expr>=\? AND <expr><\?\)/);
      assert.deepEqual((await store.query('gn', due)).map((entry) => entry.document.id), ['o7']);
      const personal: DocumentQuery = { type: 'conversation', where: [{ path: 'reference.user.aadObjectId', op: 'in', values: ['A', 'a'] }] };
      assert.match(plan(personal), /<expr>=\?/);
      const seat: DocumentQuery = {
        type: 'member',
        where: [
          { path: 'agencyCode', op: '=', value: 'UNICEF' },
          { path: 'agencyRole', op: '=', value: 'focalPoint' },
          { path: 'status', op: '=', value: 'confirmed' },
        ],
      };
      assert.match(plan(seat), /USING INDEX "?documents_member_by_agencyCode\+agencyRole\+status"?/);
      const answeredSince: DocumentQuery = {
        type: 'meetingRsvp',
        where: [
          { path: 'meetingId', op: '=', value: 'm1' },
          { path: 'answeredAt', op: '>=', value: '2026-03-01T00:00:00.000Z' },
        ],
      };
      assert.match(plan(answeredSince), /USING INDEX "?documents_meetingRsvp_by_meetingId\+answeredAt"?/);
      const noticeDue: DocumentQuery = { type: 'member', where: [{ path: 'noticeDue', op: '=', value: true }] };
      assert.match(plan(noticeDue), /USING INDEX "?documents_member_by_noticeDue"?/);
      const latestComments: DocumentQuery = { type: 'decisionComment', where: [{ path: 'decisionId', op: '=', value: 'd1' }], orderBy: { path: 'at', direction: 'desc' }, limit: 9 };
      assert.match(plan(latestComments), /USING INDEX "?documents_decisionComment_by_decisionId\+at"?/);
      const pollAnswers: DocumentQuery = { type: 'pollAnswer', where: [{ path: 'pollId', op: '=', value: 'p1' }] };
      assert.match(plan(pollAnswers), /USING INDEX "?documents_pollAnswer_by_pollId"?/);
      const quarterReports: DocumentQuery = { type: 'workplanReport', where: [{ path: 'planYear', op: '=', value: 2026 }, { path: 'quarter', op: '=', value: 2 }] };
      assert.match(plan(quarterReports), /USING INDEX "?documents_workplanReport_by_planYear\+quarter"?/);
      const planActivities: DocumentQuery = { type: 'workplanActivity', where: [{ path: 'planYear', op: '=', value: 2026 }] };
      assert.match(plan(planActivities), /USING INDEX "?documents_workplanActivity_by_planYear"?/);
      const openItems: DocumentQuery = { type: 'workplanActionItem', where: [{ path: 'planYear', op: '=', value: 2026 }, { path: 'status', op: '=', value: 'open' }] };
      assert.match(plan(openItems), /USING INDEX "?documents_workplanActionItem_by_planYear\+status"?/);
      // "My work" (src/my-work): the open ones of each kind, never the whole history.
      const openPolls: DocumentQuery = { type: 'poll', where: [{ path: 'status', op: '=', value: 'open' }], limit: 50 };
      assert.match(plan(openPolls), /USING INDEX "?documents_poll_by_status\+createdAt"?/);
      // The tab's latest closed polls: the index gives them newest first, no sort over every closed poll.
      const latestClosed: DocumentQuery = { type: 'poll', where: [{ path: 'status', op: '=', value: 'closed' }], orderBy: { path: 'createdAt', direction: 'desc' }, limit: 50 };
      assert.match(plan(latestClosed), /USING INDEX "?documents_poll_by_status\+createdAt"?/);
      assert.doesNotMatch(plan(latestClosed), /USE TEMP B-TREE FOR ORDER BY/);
      const excomPhase: DocumentQuery = { type: 'decision', where: [{ path: 'phase', op: '=', value: 'excom' }], limit: 50 };
      assert.match(plan(excomPhase), /USING INDEX "?documents_decision_by_phase"?/);
      const inClearance: DocumentQuery = { type: 'statement', where: [{ path: 'status', op: '=', value: 'clearance' }], limit: 50 };
      assert.match(plan(inClearance), /USING INDEX "?documents_statement_by_status"?/);
      const upcoming: DocumentQuery = { type: 'meeting', where: [{ path: 'status', op: '=', value: 'scheduled' }, { path: 'start', op: '>', value: '2026-03-01T00:00:00.000Z' }], limit: 50 };
      assert.match(plan(upcoming), /USING INDEX "?documents_meeting_by_status\+start"? \(network_id=\? AND type=\? AND <expr>=\? AND <expr>>\?\)/);
      const pendingOfAgency: DocumentQuery = { type: 'member', where: [{ path: 'status', op: '=', value: 'pending' }, { path: 'agencyCode', op: '=', value: 'IOM' }], limit: 50 };
      assert.match(plan(pendingOfAgency), /USING INDEX "?documents_member_by_status\+agencyCode"?/);
      const dueReviews: DocumentQuery = { type: 'workingGroup', where: [{ path: 'reviewState', op: '=', value: 'waiting' }, { path: 'reviewDate', op: '<=', value: '2026-03-10' }] };
      assert.match(plan(dueReviews), /USING INDEX "?documents_workingGroup_by_reviewState\+reviewDate"?/);
      const reviewViews: DocumentQuery = { type: 'workingGroupReviewComment', where: [{ path: 'reviewKey', op: '=', value: 'g1:2026-03-10' }] };
      assert.match(plan(reviewViews), /USING INDEX "?documents_workingGroupReviewComment_by_reviewKey"?/);
      assert.equal(STORE_INDEXES.length, 21, 'a new declared index gets its own line above');
      await store.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('SQLite keeps each declared index for the rows of its type only, and drops the index over every row that a file from before typed indexes has', async function () {
    const root = await mkdtemp(path.join(os.tmpdir(), 'reseau-store-'));
    try {
      // A file from before typed indexes: the same paths, indexed over every row of every type.
      const earlier = new SqliteDocumentStore({ dataDir: root, fileName: STORE_NAMES.sqliteFile });
      (earlier as unknown as { db: { exec(sql: string): void } }).db.exec(`CREATE INDEX "documents_by_messageKey" ON documents (network_id, type, json_extract(body, '$.messageKey'))`);
      // And a typed index a later version no longer declares (its lookup changed).
      (earlier as unknown as { db: { exec(sql: string): void } }).db.exec(`CREATE INDEX "documents_poll_by_kind" ON documents (network_id, type, json_extract(body, '$.kind')) WHERE type = 'poll'`);
      await earlier.close();
      const store = await openDocumentStore({ kind: 'sqlite', dataDir: root });
      const indexes = (store as unknown as { db: { prepare(sql: string): { all(): { name: string; sql: string }[] } } }).db
        .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name LIKE 'documents_%'`)
        .all();
      assert.ok(!indexes.some((index) => index.name === 'documents_by_messageKey'), 'the index over every row is gone');
      assert.ok(!indexes.some((index) => index.name === 'documents_poll_by_kind'), 'the typed index no longer declared is gone');
      assert.ok(indexes.some((index) => index.name === 'documents_by_type') && indexes.some((index) => index.name === 'documents_by_expiry'), 'the table’s own indexes stay');
      for (const declared of STORE_INDEXES) {
        const found = indexes.find((index) => index.name === `documents_${declared.type}_by_${declared.paths.join('+')}`);
        assert.ok(found, `${declared.type} ${declared.paths.join('+')} is built`);
        assert.match(found.sql, new RegExp(`WHERE type = '${declared.type}'$`), 'only the rows of its type');
      }
      // Rows of other types are not in it, and a query on another type still answers from the table.
      await store.create({ id: 'a', networkId: 'gn', type: 'outbox', messageKey: 'k' });
      await store.create({ id: 'b', networkId: 'gn', type: 'notOutbox', messageKey: 'k' });
      assert.deepEqual((await store.query('gn', { type: 'outbox', where: [{ path: 'messageKey', op: '=', value: 'k' }] })).map((entry) => entry.document.id), ['a']);
      assert.deepEqual((await store.query('gn', { type: 'notOutbox', where: [{ path: 'messageKey', op: '=', value: 'k' }] })).map((entry) => entry.document.id), ['b']);
      assert.equal(await store.count('gn', { type: 'outbox', where: [{ path: 'messageKey', op: '=', value: 'k' }] }), 1);
      await store.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('every declared index names a document type the features write', function () {
    // The conversation document's type is a literal type of its interface: this line does not compile if it changes.
    const conversation: ConversationDocument['type'] = 'conversation';
    const written = new Set<string>([
      OUTBOX_TYPE,
      OUTBOX_TALLY_TYPE,
      conversation,
      DOCUMENT_TYPES.member,
      INVITATION_TYPE,
      DECISION_DOCUMENT_TYPES.comment,
      DECISION_DOCUMENT_TYPES.pollAnswer,
      WORKPLAN_DOCUMENT_TYPES.activity,
      WORKPLAN_DOCUMENT_TYPES.comment,
      WORKPLAN_DOCUMENT_TYPES.report,
      WORKPLAN_DOCUMENT_TYPES.actionItem,
      DECISION_DOCUMENT_TYPES.poll,
      DECISION_DOCUMENT_TYPES.decision,
      STATEMENT_DOCUMENT_TYPES.statement,
      MEETING_TYPE,
      DOCUMENT_TYPES.workingGroup,
      GROUP_REVIEW_DOCUMENT_TYPES.comment,
    ]);
    for (const declared of STORE_INDEXES) assert.ok(written.has(declared.type), `${declared.type} (${declared.paths.join('+')}) is a type the features write`);
  });

  it('SQLite refuses an index declaration whose path or type could escape into query text', function () {
    assert.throws(() => new SqliteDocumentStore({ inMemory: true, indexes: [{ type: 'outbox', paths: ["a') --"] }] }), TypeError);
    assert.throws(() => new SqliteDocumentStore({ inMemory: true, indexes: [{ type: 'outbox', paths: [] }] }), TypeError);
    assert.throws(() => new SqliteDocumentStore({ inMemory: true, indexes: [{ type: "outbox' OR '1'='1", paths: ['a'] }] }), TypeError);
  });

  it('SQLite creates the data directory and writes ahead (WAL) in the named file', async function () {
    const root = await mkdtemp(path.join(os.tmpdir(), 'reseau-store-'));
    try {
      const dataDir = path.join(root, 'nested', 'data');
      const store = await openDocumentStore({ kind: 'sqlite', dataDir });
      await store.create({ id: 'a', networkId: 'gn', type: ITEM });
      assert.ok((await readdir(dataDir)).includes(`${STORE_NAMES.sqliteFile}-wal`));
      await store.close();
      const reopened = await openDocumentStore({ kind: 'sqlite', dataDir });
      assert.equal((await reopened.get('gn', 'a'))?.document.id, 'a');
      await reopened.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
