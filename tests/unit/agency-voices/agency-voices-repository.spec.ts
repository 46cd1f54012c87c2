/**
 * An agency's record is written from the version this process wrote last, without reading it
 * again (issue 13); on both store adapters, with two instances sharing one store: a record another
 * instance replaced meanwhile still gets every voice (the kept version's write is refused, the
 * record read and the change applied again), and a "recorded already" found in the kept copy is
 * checked against the store before nothing is written.
 */
import assert from 'node:assert/strict';
import { AgencyVoicesRepository } from '../../../src/agency-voices/agency-voices-repository';
import type { VoiceRound } from '../../../src/agency-voices/model';
import { castVoice, recordedVoice, withoutVoice, type VoiceRecord } from '../../../src/agency-voices/voice-rules';
import type { DocumentStore } from '../../../src/store/document-store';
import { countingStore } from '../../support/counting-store';
import { storeAdaptersUnderTest, withFreshStore } from '../../support/store-adapters';

const ROUND: VoiceRound = { networkId: 'gn', kind: 'decision', subjectId: 'd1', round: 1 };
const RULES = { answeringAgencies: new Set(['IOM']), commentRequiredFor: new Set<string>() };

/** The change a position makes: its voice added, unless its request is on record already. */
const voiceOf = (who: string, requestId: string, position = 'agree') => (record: VoiceRecord<string>) => {
  const already = recordedVoice(record, requestId, who);
  if (already) return { result: { duplicate: true, sequence: already.sequence } };
  const cast = castVoice(record, { agencyCode: 'IOM', position, castBy: { aadObjectId: who, name: who }, castAt: new Date().toISOString(), eligible: true, requestId }, RULES);
  if (!cast.accepted) throw new Error(cast.refusal.code);
  return { record: cast.record, result: { duplicate: false, sequence: cast.voice.sequence } };
};

describe('agency voices repository: the record written from the version this process kept', () => {
  for (const adapter of storeAdaptersUnderTest()) {
    describe(`on ${adapter.name}`, () => {
      const onFreshStore = (test: (store: DocumentStore) => Promise<void>) => withFreshStore(adapter, test);

      it('reads the record once, then writes each next voice without reading it', () =>
        onFreshStore(async (inner) => {
          const store = countingStore(inner);
          const repository = new AgencyVoicesRepository(store);
          await repository.change(ROUND, 'IOM', voiceOf('iom-0', 'r1'));
          const { counts } = await store.during(() => repository.change(ROUND, 'IOM', voiceOf('iom-1', 'r2')));
          assert.equal(counts.gets, 0);
          assert.equal(counts.writes, 1);
          const records = await repository.records<string>(ROUND, ['IOM']);
          assert.deepEqual(records.get('IOM')?.history.map((voice) => voice.castBy.aadObjectId), ['iom-0', 'iom-1']);
        }));

      it('keeps the voices another instance wrote since: its own write is refused, the record read again, nothing lost', () =>
        onFreshStore(async (store) => {
          const here = new AgencyVoicesRepository(store);
          const there = new AgencyVoicesRepository(store);
          await here.change(ROUND, 'IOM', voiceOf('iom-0', 'r1'));
          await there.change(ROUND, 'IOM', voiceOf('iom-1', 'r2'));
          const third = await here.change(ROUND, 'IOM', voiceOf('iom-2', 'r3'));
          assert.deepEqual(third, { duplicate: false, sequence: 3 });
          const records = await there.records<string>(ROUND, ['IOM']);
          assert.deepEqual(records.get('IOM')?.history.map((voice) => [voice.castBy.aadObjectId, voice.sequence]), [['iom-0', 1], ['iom-1', 2], ['iom-2', 3]]);
        }));

      it('casts a redelivered request again when another instance took its voice back meanwhile (the kept copy still holds it)', () =>
        onFreshStore(async (store) => {
          const here = new AgencyVoicesRepository(store);
          const there = new AgencyVoicesRepository(store);
          const first = await here.change(ROUND, 'IOM', voiceOf('iom-0', 'r1', 'object'));
          await there.change(ROUND, 'IOM', (record: VoiceRecord<string>) => ({ record: withoutVoice(record, first.sequence), result: undefined }));
          const again = await here.change(ROUND, 'IOM', voiceOf('iom-0', 'r1', 'object'));
          assert.equal(again.duplicate, false);
          const records = await there.records<string>(ROUND, ['IOM']);
          assert.deepEqual(records.get('IOM')?.history.map((voice) => voice.position), ['object']);
        }));

      it('recreates a record deleted since it was kept', () =>
        onFreshStore(async (store) => {
          const repository = new AgencyVoicesRepository(store);
          await repository.change(ROUND, 'IOM', voiceOf('iom-0', 'r1'));
          const kept = await repository.get(ROUND, 'IOM');
          await store.delete(ROUND.networkId, kept!.document.id);
          await repository.change(ROUND, 'IOM', voiceOf('iom-1', 'r2'));
          const records = await repository.records<string>(ROUND, ['IOM']);
          assert.deepEqual(records.get('IOM')?.history.map((voice) => voice.castBy.aadObjectId), ['iom-1']);
        }));
    });
  }
});
