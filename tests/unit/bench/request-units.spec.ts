/**
 * The request-unit model behind `npm run estimate:cost`: Microsoft's published figures come out
 * as published, costs grow with size and index terms, and the meter prices what a store really
 * did (a replace priced from the document it replaced).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { meteredStore } from '../../../bench/cost/metered-store';
import {
  RU_PER_INDEXED_TERM,
  SECONDS_PER_MONTH,
  SYSTEM_PROPERTY_BYTES,
  createRu,
  deleteRu,
  indexTerms,
  monthlyPrice,
  pointReadRu,
  queryRu,
  replaceRu,
  termChanges,
  termCount,
} from '../../../bench/cost/request-units';
import { openDocumentStore } from '../../../src/store/open-store';

const KB = 1024;
/** A stored document's JSON size that Cosmos DB sees as `kb` with its system properties. */
const stored = (kb: number) => kb * KB - SYSTEM_PROPERTY_BYTES;

describe('request units (Cosmos DB cost model)', () => {
  it('gives the published point-read and write costs at the published sizes', () => {
    assert.equal(pointReadRu(stored(1)), 1);
    assert.equal(pointReadRu(stored(8)), 1.33);
    assert.equal(pointReadRu(stored(128)), 9.95);
    // The published create example: a 1 KB document with 10 indexed terms ≈ 5 + 0.2 × 10 = 7 RU.
    assert.ok(Math.abs(createRu(stored(1), 10) - 6.95) < 1e-9);
    // The published replace example: 1 KB, two terms changed ≈ 5 + 5 + 0.2 × 2 + 0.2 × 2 = 10.8 RU.
    assert.ok(Math.abs(replaceRu(stored(1), stored(1), 2, 2) - (4.95 * 2 + 0.8)) < 1e-9);
    assert.ok(Math.abs(deleteRu(stored(1), 10) - 6.95) < 1e-9);
  });

  it('costs a small document what 1 KB costs, interpolates between sizes and grows with size', () => {
    assert.equal(pointReadRu(10), 1);
    const between = pointReadRu(stored(3));
    assert.ok(between > 1.04 && between < 1.14, `3 KB read ${between}`);
    let previous = 0;
    for (const kb of [0.5, 1, 3, 10, 50, 300, 1500, 3000]) {
      const write = createRu(stored(kb), 0);
      assert.ok(write >= previous, `${kb} KB write ${write} < ${previous}`);
      previous = write;
    }
  });

  it('counts index terms per leaf value, arrays element by element, without _etag', () => {
    const terms = indexTerms({ id: 'a', tags: ['x', 'y', 'x'], nested: { n: 1, empty: null }, _etag: 'e' });
    assert.equal(termCount(terms), 6);
    assert.equal(terms.get('/tags/[]="x"'), 2);
    assert.equal([...terms.keys()].some((term) => term.includes('_etag')), false);
  });

  it('gives the payloads the container leaves out of its index no terms (the outbox card)', () => {
    const outboxItem = { id: 'o', status: 'queued', activity: { attachments: [{ content: { body: [{ text: 'a' }, { text: 'b' }] } }] } };
    assert.equal(termCount(indexTerms(outboxItem)), 2);
    assert.equal(termCount(indexTerms(outboxItem, [])), 4);
  });

  it('counts the terms a change removes and adds, not the unchanged ones', () => {
    const before = indexTerms({ id: 'a', status: 'queued', attempts: 0, to: ['p1', 'p2'] });
    const after = indexTerms({ id: 'a', status: 'sent', attempts: 1, to: ['p1', 'p2'] });
    assert.deepEqual(termChanges(before, after), { removed: 2, added: 2 });
    assert.deepEqual(termChanges(before, before), { removed: 0, added: 0 });
  });

  it('prices a query by its base charge and the documents it returns', () => {
    assert.equal(queryRu([]), 2.3);
    assert.equal(queryRu([stored(1), stored(1)], { baseRu: 3 }), 5);
  });

  it('turns request units and storage into a monthly price', () => {
    const price = monthlyPrice(4_000_000, 2 * KB ** 3, { perMillionRu: 0.25, perGbMonth: 0.25, currency: 'USD' });
    assert.deepEqual(price, { requests: 1, storage: 0.5, total: 1.5 });
    assert.ok(Math.abs(SECONDS_PER_MONTH - 2_629_800) < 1);
  });

  describe('the meter around a real store', () => {
    let dataDir: string;
    beforeEach(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), 'reseau-meter-'));
    });
    afterEach(async () => {
      await rm(dataDir, { recursive: true, force: true });
    });

    it('prices each operation from the documents involved and files it under the caller’s category', async () => {
      const store = meteredStore(await openDocumentStore({ kind: 'sqlite', dataDir }));
      try {
        const first = { id: 'item:1', networkId: 'gn', type: 'item', status: 'queued', body: 'x'.repeat(3000) };
        const created = await store.during('polls', () => store.create(first));
        const changed = { ...first, status: 'sent' };
        await store.during('polls', () => store.replace(changed, created.etag));
        await store.during('reports', async () => {
          await store.get('gn', 'item:1');
          await store.query('gn', { type: 'item' });
        });
        await store.delete('gn', 'item:1');
        const report = store.report();
        const bytes = Buffer.byteLength(JSON.stringify(first));
        const polls = report.byCategory.polls!;
        assert.equal(polls.create.operations, 1);
        assert.ok(Math.abs(polls.create.ru - createRu(bytes, 5)) < 1e-9);
        // One term changed (status): removed once, added once.
        assert.ok(Math.abs(polls.replace.ru - replaceRu(bytes, bytes - 2, 1, 1)) < 1e-9);
        assert.equal(report.byCategory.reports!.read.operations, 1);
        assert.ok(Math.abs(report.byCategory.reports!.query.ru - queryRu([bytes - 2])) < 1e-9);
        assert.equal(report.byCategory.other!.delete.operations, 1);
        assert.equal(report.byType.polls!['replace item']!.operations, 1);
        assert.ok(Math.abs(report.ru - Object.values(report.totals).reduce((total, tally) => total + tally.ru, 0)) < 1e-9);
        assert.deepEqual(store.liveDocuments(), []);
        assert.ok(RU_PER_INDEXED_TERM > 0);
      } finally {
        await store.close();
      }
    });
  });
});
