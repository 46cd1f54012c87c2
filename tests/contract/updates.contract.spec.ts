/**
 * The updates repository against the embedded SQLite store and a Cosmos DB server alike: the
 * period query the digest and the report rely on (half-open, ISO instants), and the digest
 * record that lets exactly one instance post a period's digest.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { DocumentStore } from '../../src/store/document-store';
import { UPDATE_DOCUMENT_TYPES, digestDocumentId } from '../../src/updates/model';
import { UpdatesRepository } from '../../src/updates/updates-repository';
import { storeAdaptersUnderTest } from '../support/store-adapters';
import { sampleUpdate } from '../unit/updates/card-samples';

describe('updates repository contract', () => {
  for (const adapter of storeAdaptersUnderTest()) {
    describe(`on ${adapter.name}`, function () {
      this.timeout(30_000);
      let store: DocumentStore;
      let repository: UpdatesRepository;
      let networkId: string;

      before(async () => {
        store = await adapter.open();
        repository = new UpdatesRepository(store);
      });
      after(async () => {
        if (store) await adapter.close(store);
      });
      beforeEach(() => {
        networkId = `net-${randomUUID().slice(0, 8)}`;
      });

      it('lists the updates of a period, start included and end excluded, and only this network’s', async () => {
        const instants = ['2026-03-01T23:59:59.999Z', '2026-03-02T00:00:00.000Z', '2026-03-05T12:00:00.000Z', '2026-03-09T00:00:00.000Z'];
        for (const [index, sharedAt] of instants.entries()) {
          await repository.create({ ...sampleUpdate({ updateId: `u${index}`, sharedAt }), id: `update:u${index}`, networkId });
        }
        await repository.create({ ...sampleUpdate({ updateId: 'other', sharedAt: '2026-03-03T00:00:00.000Z' }), id: 'update:other', networkId: `${networkId}-other` });
        const found = await repository.list(networkId, { from: '2026-03-02T00:00:00.000Z', to: '2026-03-09T00:00:00.000Z' });
        assert.deepEqual(found.map((update) => update.updateId).sort(), ['u1', 'u2']);
        assert.equal((await repository.list(networkId)).length, 4);
        assert.equal((await repository.get(networkId, 'u2'))?.sharedAt, '2026-03-05T12:00:00.000Z');
      });

      it('records a digest period once: the second instance to try is told it was done', async () => {
        const digest = {
          id: digestDocumentId('2026-03-02T08:00:00.000Z'),
          networkId,
          type: UPDATE_DOCUMENT_TYPES.digest,
          periodStart: '2026-03-02T08:00:00.000Z',
          periodEnd: '2026-03-09T08:00:00.000Z',
          status: 'posted' as const,
          channels: 1,
          updates: 3,
          at: '2026-03-09T08:05:00.000Z',
        };
        const results = await Promise.all([repository.recordDigest(digest), repository.recordDigest({ ...digest, at: '2026-03-09T08:05:01.000Z' })]);
        assert.deepEqual(results.sort(), [false, true]);
        assert.equal((await repository.digest(networkId, '2026-03-02T08:00:00.000Z'))?.status, 'posted');
      });
    });
  }
});
