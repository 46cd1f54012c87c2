/**
 * One writer per hot document: changes reaching a document together are written together, a
 * refused change fails alone, and another writer's ETag still counts — on both adapters.
 */
import assert from 'node:assert/strict';
import { CoalescingWriter } from '../../../src/store/coalescing-writer';
import type { DocumentStore, StoredDocument, Versioned } from '../../../src/store/document-store';
import { StoreNotFoundError } from '../../../src/store/errors';
import { countingStore } from '../../support/counting-store';
import { storeAdaptersUnderTest } from '../../support/store-adapters';

interface Tally extends StoredDocument {
  readonly voices: Readonly<Record<string, string>>;
}

const NETWORK = 'gn';

function voice(store: DocumentStore, writer: CoalescingWriter, read: Versioned<Tally>, agency: string, position: string) {
  return writer.write<Tally, number>({
    key: read.document.id,
    read,
    reread: () => store.get<Tally>(NETWORK, read.document.id),
    replace: (document, etag) => store.replace(document, etag),
    change: (current) => {
      if (position === 'refused') throw new Error(`${agency} refused`);
      const voices = { ...current.voices, [agency]: position };
      return { document: { ...current, voices }, result: Object.keys(voices).length };
    },
  });
}

describe('store: the coalescing writer of a hot document', function () {
  for (const adapter of storeAdaptersUnderTest()) {
    describe(adapter.name, function () {
      let inner: DocumentStore;
      beforeEach(async () => {
        inner = await adapter.open();
      });
      afterEach(() => adapter.close(inner));

      it('writes 18 changes read from the same version in a few writes, none lost, no conflict, no read', async () => {
        const store = countingStore(inner);
        const read = await store.create<Tally>({ id: 'subject:1', networkId: NETWORK, type: 'subject', voices: {} });
        const writer = new CoalescingWriter();
        store.reset();
        const agencies = Array.from({ length: 18 }, (_, index) => `A${index}`);
        const saved = await Promise.all(agencies.map((agency) => voice(store, writer, read, agency, 'agree')));
        const final = await inner.get<Tally>(NETWORK, 'subject:1');
        assert.deepEqual(Object.keys(final!.document.voices).sort(), [...agencies].sort());
        const counts = store.snapshot();
        assert.equal(counts.failures, 0, 'no ETag conflict');
        assert.ok(counts.writes <= 3, `${counts.writes} writes for 18 changes`);
        assert.equal(counts.gets, 0, 'each batch starts from the version the previous one wrote: no read');
        // Each caller gets the version that holds its change.
        for (const [index, { saved: version }] of saved.entries()) assert.equal(version.document.voices[agencies[index]!], 'agree');
      });

      it('fails only the change that throws; the others of its batch are written', async () => {
        const read = await inner.create<Tally>({ id: 'subject:2', networkId: NETWORK, type: 'subject', voices: {} });
        const writer = new CoalescingWriter();
        const outcomes = await Promise.allSettled([voice(inner, writer, read, 'IOM', 'agree'), voice(inner, writer, read, 'UNDP', 'refused'), voice(inner, writer, read, 'UNHCR', 'object')]);
        assert.deepEqual(outcomes.map((outcome) => outcome.status), ['fulfilled', 'rejected', 'fulfilled']);
        assert.deepEqual((await inner.get<Tally>(NETWORK, 'subject:2'))!.document.voices, { IOM: 'agree', UNHCR: 'object' });
      });

      it('re-reads and re-applies when another writer changed the document since it was read', async () => {
        const read = await inner.create<Tally>({ id: 'subject:3', networkId: NETWORK, type: 'subject', voices: {} });
        await inner.replace<Tally>({ ...read.document, voices: { OHCHR: 'standAside' } }, read.etag);
        const { result } = await voice(inner, new CoalescingWriter(), read, 'IOM', 'agree');
        assert.equal(result, 2);
        assert.deepEqual((await inner.get<Tally>(NETWORK, 'subject:3'))!.document.voices, { OHCHR: 'standAside', IOM: 'agree' });
      });

      it('says the document is gone when it was deleted meanwhile', async () => {
        const read = await inner.create<Tally>({ id: 'subject:4', networkId: NETWORK, type: 'subject', voices: {} });
        await inner.delete(NETWORK, 'subject:4');
        await assert.rejects(voice(inner, new CoalescingWriter(), read, 'IOM', 'agree'), StoreNotFoundError);
      });
    });
  }
});
