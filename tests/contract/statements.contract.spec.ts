/**
 * The statements repository and the agency voices it clears with, against the embedded SQLite
 * store and a Cosmos DB server alike:
 * clearances are one document per (statement, version, agency), so six agencies clearing at
 * the same instant all count, two representatives of one agency are serialised by the ETag
 * (both voices kept, one counted), and the clearances of one version are never read for another.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { DocumentStore } from '../../src/store/document-store';
import { STATEMENT_DOCUMENT_TYPES, statementDocumentId, type StatementDocument } from '../../src/statements/model';
import { AgencyVoicesRepository } from '../../src/agency-voices/agency-voices-repository';
import { castVoice, type CastInput, type VoiceRecord } from '../../src/agency-voices/voice-rules';
import { COMMENT_REQUIRED_FOR, clearanceRound, clearanceState, type ClearancePosition } from '../../src/statements/statement-rules';
import { StatementsRepository } from '../../src/statements/statements-repository';
import { storeAdaptersUnderTest } from '../support/store-adapters';

/** One agency's clearance through the one-voice-per-agency rules, as the service casts it. */
const castClearance = (record: VoiceRecord<ClearancePosition>, input: Omit<CastInput<ClearancePosition>, 'position'> & { position: ClearancePosition }, excom: readonly string[]) =>
  castVoice(record, input, { answeringAgencies: new Set(excom), commentRequiredFor: COMMENT_REQUIRED_FOR });

const EXCOM = ['IOM', 'OHCHR', 'UNDP', 'UNHCR', 'UNICEF', 'UNODC'];

describe('statements repository contract', () => {
  for (const adapter of storeAdaptersUnderTest()) {
    describe(`on ${adapter.name}`, function () {
      this.timeout(30_000);
      let store: DocumentStore;
      let repository: StatementsRepository;
      let voices: AgencyVoicesRepository;
      let networkId: string;

      before(async () => {
        store = await adapter.open();
        repository = new StatementsRepository(store);
        voices = new AgencyVoicesRepository(store);
      });
      after(async () => {
        if (store) await adapter.close(store);
      });
      beforeEach(() => {
        networkId = `net-${randomUUID().slice(0, 8)}`;
      });

      const approve = (statementId: string, version: number, agencyCode: string, who: string) =>
        voices.change<ClearancePosition, void>(clearanceRound(networkId, statementId, version), agencyCode, (record) => {
          const result = castClearance(record, { agencyCode, position: 'approve', castBy: { aadObjectId: who, name: who }, castAt: new Date().toISOString(), eligible: true }, EXCOM);
          if (!result.accepted) throw new Error(result.refusal.code);
          return { record: result.record, result: undefined };
        });
      const clearances = (statementId: string, version: number) => voices.records<ClearancePosition>(clearanceRound(networkId, statementId, version), EXCOM);

      it('counts every approval when six agencies and a second representative clear at the same instant, version by version', async () => {
        const statementId = randomUUID();
        for (const version of [1, 2, 3]) {
          await Promise.all([...EXCOM.map((agency) => approve(statementId, version, agency, `fp-${agency}`)), approve(statementId, version, 'IOM', 'alt-IOM')]);
          const records = await clearances(statementId, version);
          const state = clearanceState(version, EXCOM, [...records.values()]);
          assert.deepEqual(state.approved, EXCOM, `version ${version}`);
          assert.equal(state.validated, true);
          assert.equal(records.get('IOM')?.history.length, 2, 'both IOM voices kept');
        }
        assert.equal((await clearances(statementId, 4)).size, 0, 'a version nobody cleared has no clearance');
      });

      it('finds statements whose reminder is due, and only those', async () => {
        const base = { networkId, type: STATEMENT_DOCUMENT_TYPES.statement, title: 't', purpose: '', gcmObjectives: [], requestedBy: { aadObjectId: 'a', name: 'a' }, requestedAt: '2026-03-01T00:00:00.000Z', status: 'clearance', versions: [] } as const;
        const statement = (statementId: string, dueAt?: string): StatementDocument => ({ ...base, id: statementDocumentId(statementId), statementId, ...(dueAt ? { dueAt } : {}) });
        await repository.create(statement('due', '2026-03-02T10:00:00.000Z'));
        await repository.create(statement('later', '2026-03-04T10:00:00.000Z'));
        await repository.create(statement('none'));
        const due = await repository.due(networkId, new Date('2026-03-03T00:00:00.000Z'));
        assert.deepEqual(due.map((entry) => entry.statementId), ['due']);
      });
    });
  }
});
