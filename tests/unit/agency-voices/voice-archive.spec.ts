/**
 * An agency's document keeps its latest voices; the background refresh moves older ones to
 * archive pages, so what a voice writes does not grow with the round's history (issue 13). The
 * pure rule that picks what moves, then the repository on both store adapters: every voice is
 * still in the history, in order and once, whatever stops or races the archiving.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { AgencyVoicesRepository } from '../../../src/agency-voices/agency-voices-repository';
import { AgencyVoices } from '../../../src/agency-voices/agency-voices-service';
import { agencyVoicePageDocumentId, type AgencyVoiceDocument, type VoiceRound } from '../../../src/agency-voices/model';
import {
  RECORD_VOICES_KEPT,
  RECORD_VOICES_LIMIT,
  castVoice,
  currentVoices,
  holdsEvery,
  recordedVoice,
  voicesToArchive,
  withoutArchived,
  type Voice,
  type VoiceRecord,
} from '../../../src/agency-voices/voice-rules';
import { createLogger } from '../../../src/logger';
import type { DocumentStore, StoredDocument } from '../../../src/store/document-store';
import { StoreError } from '../../../src/store/errors';
import { countingStore } from '../../support/counting-store';
import { storeAdaptersUnderTest, withFreshStore } from '../../support/store-adapters';

const ROUND: VoiceRound = { networkId: 'gn', kind: 'decision', subjectId: 'd1', round: 1 };
const RULES = { answeringAgencies: new Set(['IOM']), commentRequiredFor: new Set<string>() };
const START = Date.parse('2026-03-02T09:00:00Z');

const voice = (sequence: number, castAt = new Date(START + sequence * 60_000).toISOString()): Voice<string> => ({
  agencyCode: 'IOM',
  position: sequence % 2 === 0 ? 'agree' : 'object',
  castBy: { aadObjectId: `iom-${sequence % 3}`, name: `IOM ${sequence % 3}` },
  castAt,
  sequence,
});
const recordOf = (count: number): VoiceRecord<string> => ({ history: Array.from({ length: count }, (_, index) => voice(index + 1)) });
const sequences = (voices: readonly Voice<string>[] | undefined) => (voices ?? []).map((entry) => entry.sequence);
/** `inner` with its `create` replaced (everything else is the store's own). */
const withCreate = (inner: DocumentStore, create: DocumentStore['create']): DocumentStore =>
  new Proxy(inner, {
    get: (target, name) => {
      if (name === 'create') return create;
      const value: unknown = Reflect.get(target, name, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });

describe('agency voices: older voices move to archive pages', () => {
  describe('voicesToArchive (pure)', () => {
    it(`moves nothing while a record holds at most ${RECORD_VOICES_LIMIT} voices`, () => {
      assert.equal(voicesToArchive(recordOf(RECORD_VOICES_LIMIT)), undefined);
      assert.equal(voicesToArchive({ history: [] }), undefined);
    });

    it(`past it, moves all but the ${RECORD_VOICES_KEPT} received last, oldest first`, () => {
      const record = recordOf(12);
      const moved = voicesToArchive(record);
      assert.deepEqual(sequences(moved), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
      assert.deepEqual(sequences(withoutArchived(record, moved!).history), [10, 11, 12]);
    });

    it('keeps the voice that counts when it is not among the last received (another instance’s clock ahead)', () => {
      // Voice 4 was received fourth but stamped after every other: it is the agency's position.
      const history = recordOf(10).history.map((entry) => (entry.sequence === 4 ? voice(4, new Date(START + 3_600_000).toISOString()) : entry));
      const record = { history };
      const moved = voicesToArchive(record)!;
      const kept = withoutArchived(record, moved);
      assert.deepEqual(sequences(kept.history), [4, 8, 9, 10]);
      assert.equal(currentVoices(kept, new Set(['IOM'])).get('IOM')?.sequence, currentVoices(record, new Set(['IOM'])).get('IOM')?.sequence);
    });

    it('tells voices apart by sequence, time and author (a number freed by a voice taken back comes again)', () => {
      const record = recordOf(4);
      const reused = { ...voice(4), castAt: new Date(START + 999_000).toISOString() };
      assert.equal(holdsEvery(record, [voice(2), voice(3)]), true);
      assert.equal(holdsEvery(record, [voice(2), reused]), false);
      assert.deepEqual(sequences(withoutArchived(record, [reused]).history), [1, 2, 3, 4]);
    });
  });

  for (const adapter of storeAdaptersUnderTest()) {
    describe(`the repository on ${adapter.name}`, function () {
      this.timeout(60_000);
      const onFreshStore = (test: (store: DocumentStore) => Promise<void>) => withFreshStore(adapter, test);
      let requests = 0;
      /** The change a position makes (what decisions and statements do through the service). */
      const cast = (repository: AgencyVoicesRepository, who = 'iom-0') =>
        repository.change(ROUND, 'IOM', (record: VoiceRecord<string>) => {
          const requestId = `r${(requests += 1)}`;
          const already = recordedVoice(record, requestId, who);
          if (already) return { result: already.sequence };
          const result = castVoice(record, { agencyCode: 'IOM', position: requests % 2 === 0 ? 'agree' : 'object', castBy: { aadObjectId: who, name: who }, castAt: new Date(START + requests * 1000).toISOString(), eligible: true, requestId }, RULES);
          if (!result.accepted) throw new Error(result.refusal.code);
          return { record: result.record, result: result.voice.sequence };
        });
      const castMany = async (repository: AgencyVoicesRepository, count: number) => {
        for (let index = 0; index < count; index += 1) await cast(repository, `iom-${index % 3}`);
      };
      const head = async (store: DocumentStore) => (await store.get<AgencyVoiceDocument>(ROUND.networkId, 'decision-position:d1:1:IOM'))?.document;
      const history = async (repository: AgencyVoicesRepository) => sequences((await repository.histories<string>(ROUND, ['IOM'])).get('IOM')?.history);
      const oneTo = (count: number) => Array.from({ length: count }, (_, index) => index + 1);

      it('keeps the latest voices in the record and every voice, in order and once, in the history', () =>
        onFreshStore(async (store) => {
          const repository = new AgencyVoicesRepository(store);
          await castMany(repository, 20);
          assert.equal(await repository.archive(ROUND, ['IOM']), 20 - RECORD_VOICES_KEPT);
          assert.deepEqual(sequences((await repository.records<string>(ROUND, ['IOM'])).get('IOM')?.history), [18, 19, 20]);
          assert.deepEqual(await history(repository), oneTo(20));
          await castMany(repository, 10);
          assert.equal(await repository.archive(ROUND, ['IOM']), 10);
          assert.equal((await head(store))?.archivedPages, 2);
          assert.deepEqual(await history(repository), oneTo(30), 'the next voices continue the numbering, the two pages and the record make the whole history');
          assert.equal(await repository.archive(ROUND, ['IOM']), 0, 'a record within the limit stays as it is');
        }));

      it('writes a voice of the same size after 200 voices as after 8: the record does not grow with the history', () =>
        onFreshStore(async (inner) => {
          const store = countingStore(inner);
          const repository = new AgencyVoicesRepository(store);
          await castMany(repository, RECORD_VOICES_LIMIT);
          const early = (await store.during(() => cast(repository))).counts;
          for (let burst = 0; burst < 40; burst += 1) {
            await castMany(repository, 5);
            await repository.archive(ROUND, ['IOM']);
          }
          const late = (await store.during(() => cast(repository))).counts;
          assert.deepEqual([late.gets, late.writes], [0, 1], 'still one write from the version kept');
          // The same number of voices in the record (request ids a digit or two longer, the page count).
          assert.ok(late.bytesWritten < early.bytesWritten * 1.1, `voice ${RECORD_VOICES_LIMIT + 1}: ${early.bytesWritten} B written, voice ${RECORD_VOICES_LIMIT + 202}: ${late.bytesWritten} B`);
          assert.deepEqual(await history(repository), oneTo(RECORD_VOICES_LIMIT + 202));
        }));

      it('two instances archiving at once lose no voice and count no page twice', () =>
        onFreshStore(async (store) => {
          const here = new AgencyVoicesRepository(store);
          const there = new AgencyVoicesRepository(store);
          await castMany(here, 15);
          await Promise.all([here.archive(ROUND, ['IOM']), there.archive(ROUND, ['IOM'])]);
          assert.equal((await head(store))?.archivedPages, 1);
          assert.deepEqual(await history(there), oneTo(15));
          await castMany(there, 12);
          await cast(here);
          assert.deepEqual(await history(here), oneTo(28), 'the instance whose kept copy was archived since writes its voice after one refused write');
        }));

      it('a voice cast while the archive page is written stays; the page left uncounted is counted by the next run, once', () =>
        onFreshStore(async (inner) => {
          const there = new AgencyVoicesRepository(inner);
          let castMeanwhile = false;
          // A store whose page creation lets another instance's voice land before the record is written.
          const create = async <T extends StoredDocument>(document: T) => {
            const created = await inner.create(document);
            if (document.type === 'agencyVoicePage' && !castMeanwhile) {
              castMeanwhile = true;
              await cast(there, 'iom-1');
            }
            return created;
          };
          const racing = withCreate(inner, create);
          const here = new AgencyVoicesRepository(racing);
          await castMany(here, 12);
          assert.equal(await here.archive(ROUND, ['IOM']), 0, 'its record write is refused: the record changed');
          assert.ok(await inner.get(ROUND.networkId, agencyVoicePageDocumentId(ROUND, 'IOM', 0)), 'the page it created is there, not counted');
          assert.deepEqual(await history(here), oneTo(13), 'the page is not read while the record does not count it');
          assert.equal(await here.archive(ROUND, ['IOM']), 9, 'the next run counts the page it finds (the record still holds its voices)');
          assert.deepEqual(sequences((await head(inner))?.record.history), [10, 11, 12, 13]);
          assert.deepEqual(await history(there), oneTo(13));
        }));

      it('a store failing while archiving: the refresh is not failed, a warning is logged, every voice stays; the next refresh archives', () =>
        onFreshStore(async (inner) => {
          let failing = true;
          const create = async <T extends StoredDocument>(document: T) => {
            if (failing && document.type === 'agencyVoicePage') throw new StoreError('unavailable', 'the store is unreachable');
            return inner.create(document);
          };
          const flaky = withCreate(inner, create);
          const lines: string[] = [];
          const logger = createLogger('warn', new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) }));
          const voices = new AgencyVoices(flaky, logger);
          const repository = new AgencyVoicesRepository(inner);
          await castMany(repository, 12);
          await voices.archive(ROUND, ['IOM']);
          assert.equal(lines.length, 1);
          assert.match(lines[0]!, /older voices could not be archived/);
          assert.match(lines[0]!, /the store is unreachable/);
          assert.equal((await head(inner))?.record.history.length, 12, 'the record as it was');
          assert.deepEqual(await history(repository), oneTo(12));
          failing = false;
          await voices.archive(ROUND, ['IOM']);
          assert.deepEqual(sequences((await head(inner))?.record.history), [10, 11, 12]);
          assert.deepEqual(await history(repository), oneTo(12));
        }));
    });
  }
});
