/**
 * ExCom positions one document per agency, on both store adapters: a decision from before the
 * summary (every position embedded in `record.history`) keeps counting and moves to the agencies'
 * documents with its next position; a redelivered invoke writes nothing; the decision document
 * stays the same size whatever the history.
 */
import assert from 'node:assert/strict';
import { agencyVoiceDocumentId, type AgencyVoiceDocument } from '../../../src/agency-voices/model';
import { CardRenderer } from '../../../src/cards/card-renderer';
import type { ConversationService } from '../../../src/delivery/conversation-service';
import type { OutboxService } from '../../../src/delivery/outbox-service';
import type { RosterService } from '../../../src/delivery/roster-service';
import type { Position } from '../../../src/decisions/consensus-rules';
import { decisionTally } from '../../../src/decisions/decision-rules';
import { decisionReaderView } from '../../../src/decisions/decision-views';
import { DecisionsService } from '../../../src/decisions/decisions-service';
import { decisionDocumentId, type DecisionDocument } from '../../../src/decisions/model';
import { createLogger } from '../../../src/logger';
import type { MembershipService } from '../../../src/network/membership-service';
import type { NetworkRole, Person } from '../../../src/network/roles';
import type { DocumentStore } from '../../../src/store/document-store';
import { countingStore } from '../../support/counting-store';
import { storeAdaptersUnderTest } from '../../support/store-adapters';

const NETWORK = 'gn';
const EXCOM = ['IOM', 'UNDP', 'UNHCR'];
const RC = { aadObjectId: 'rc', name: 'RC' };
const rep = (agency: string, n = 0) => ({ aadObjectId: `${agency.toLowerCase()}-${n}`, name: `${agency} ${n}` });

function membership(): MembershipService {
  const person = (id: string): Person => {
    if (id === RC.aadObjectId) return { aadObjectId: id, roles: new Set<NetworkRole>(['coChair']) };
    const agencyCode = id.split('-')[0]!.toUpperCase();
    return { aadObjectId: id, agencyCode, roles: new Set<NetworkRole>(['excomRepresentative', 'focalPoint']) };
  };
  return {
    person: async (_network: string, id: string) => person(id),
    activeMembers: async () => new Map(),
    agencies: async () => EXCOM.map((code) => ({ code, excom: true, name: { fr: code, en: code } })),
  } as unknown as MembershipService;
}

function service(store: DocumentStore, now: Date): DecisionsService {
  return new DecisionsService({
    store,
    membership: membership(),
    outbox: { enqueue: async () => ({}), update: async () => ({}) } as unknown as OutboxService,
    roster: {} as RosterService,
    conversations: { installedChannels: async () => [] } as unknown as ConversationService,
    cards: new CardRenderer(),
    logger: createLogger('silent'),
    now: () => now,
  });
}

const NOW = new Date('2026-03-02T09:00:00Z');
const positionDoc = (store: DocumentStore, decisionId: string, agency: string) =>
  store.get<AgencyVoiceDocument<Position>>(NETWORK, agencyVoiceDocumentId({ kind: 'decision', subjectId: decisionId, round: 1 }, agency));

describe('ExCom positions, one document per agency', function () {
  this.timeout(60_000);
  for (const adapter of storeAdaptersUnderTest()) {
    describe(`on ${adapter.name}`, () => {
      let store: DocumentStore;
      before(async () => {
        store = await adapter.open();
      });
      after(async () => {
        if (store) await adapter.close(store);
      });

      it('a decision from before the summary keeps its positions, and its next position moves them to the agencies’ documents', async () => {
        const decisions = service(store, NOW);
        const created = await decisions.createDecision(NETWORK, RC, { title: 'Ancienne', text: { fr: 'Texte.' }, mode: 'consensus', deadline: '2026-03-09T17:00:00Z' });
        // As stored before issue 13: every position in the document, no summary.
        const voice = (agencyCode: string, position: Position, sequence: number, requestId: string) => ({ agencyCode, position, castBy: rep(agencyCode), castAt: `2026-03-02T08:0${sequence}:00.000Z`, sequence, requestId, ...(position === 'object' ? { comment: 'Non.' } : {}) });
        const read = (await store.get<DecisionDocument>(NETWORK, decisionDocumentId(created.decisionId)))!;
        const { agencyVoices: _none, ...legacy } = read.document;
        await store.replace({ ...legacy, record: { history: [voice('IOM', 'object', 1, 'a1'), voice('UNDP', 'agree', 2, 'a2'), voice('IOM', 'agree', 3, 'a3')] } }, read.etag);

        const before = (await decisions.decision(NETWORK, created.decisionId, RC.aadObjectId)).decision;
        assert.deepEqual(decisionTally(before).byPosition.agree, ['IOM', 'UNDP'], 'the embedded history counts: IOM’s latest is agree');
        assert.deepEqual(decisionTally(before).pending, ['UNHCR']);

        // A redelivered invoke from the embedded history writes nothing.
        await decisions.castPosition(NETWORK, created.decisionId, rep('IOM'), { agencyCode: 'IOM', position: 'object', comment: 'Non.', requestId: 'a1' });
        assert.ok((await store.get<DecisionDocument>(NETWORK, decisionDocumentId(created.decisionId)))?.document.record, 'still as it was');
        assert.equal(await positionDoc(store, created.decisionId, 'IOM'), undefined);

        const after = await decisions.castPosition(NETWORK, created.decisionId, rep('UNHCR'), { agencyCode: 'UNHCR', position: 'standAside', requestId: 'b1' });
        assert.equal(after.record, undefined, 'the embedded history left the decision');
        assert.deepEqual(after.agencyVoices?.voices.map((entry) => `${entry.agencyCode}:${entry.position}`), ['IOM:agree', 'UNDP:agree', 'UNHCR:standAside']);
        assert.equal(after.phase, 'closed', 'every agency answered, none objects: adopted at once');
        assert.deepEqual((await positionDoc(store, created.decisionId, 'IOM'))?.document.record.history.map((entry) => entry.position), ['object', 'agree'], 'IOM’s history kept');
        assert.deepEqual((await positionDoc(store, created.decisionId, 'UNDP'))?.document.record.history.map((entry) => entry.requestId), ['a2']);
      });

      it('the decision’s page: each agency’s history, from the embedded history before the move and from the records after, at one point read per ExCom agency', async () => {
        const counting = countingStore(store);
        const decisions = service(counting, NOW);
        const created = await decisions.createDecision(NETWORK, RC, { title: 'Historique', text: { fr: 'Texte.' }, mode: 'consensus', deadline: '2026-03-09T17:00:00Z' });
        const read = (await store.get<DecisionDocument>(NETWORK, decisionDocumentId(created.decisionId)))!;
        const { agencyVoices: _none, ...legacy } = read.document;
        await store.replace({ ...legacy, record: { history: [{ agencyCode: 'IOM', position: 'object' as const, comment: 'Non.', castBy: rep('IOM'), castAt: '2026-03-02T08:01:00.000Z', sequence: 1 }] } }, read.etag);
        const page = async () => {
          const { decision, comments, positionRecords } = await decisions.decision(NETWORK, created.decisionId, RC.aadObjectId);
          const history = (agency: string) => decisionReaderView(decision, comments, { roles: new Set(['coChair', 'member']) }, positionRecords).decision.positions.find((entry) => entry.agencyCode === agency)?.history;
          return { iom: history('IOM'), undp: history('UNDP') };
        };
        const before = await counting.during(page);
        assert.deepEqual(before.result.iom?.map((entry) => [entry.position, entry.castBy, entry.castByRole, entry.status]), [['object', 'IOM 0', undefined, 'current']], 'the embedded history, its capacity unknown');
        assert.equal(before.counts.getsByPrefix['decision-position'], undefined, 'no record read for a decision whose history is embedded');

        await decisions.castPosition(NETWORK, created.decisionId, rep('IOM', 1), { agencyCode: 'IOM', position: 'agree', requestId: 'c1' });
        await decisions.castPosition(NETWORK, created.decisionId, rep('UNDP'), { agencyCode: 'UNDP', position: 'standAside', requestId: 'c2' });
        const after = await counting.during(page);
        assert.deepEqual(after.result.iom?.map((entry) => [entry.position, entry.castBy, entry.castByRole, entry.status]), [
          ['agree', 'IOM 1', 'focalPoint', 'current'],
          ['object', 'IOM 0', undefined, 'replaced'],
        ]);
        assert.deepEqual(after.result.undp?.map((entry) => [entry.position, entry.status]), [['standAside', 'current']]);
        assert.equal(after.counts.getsByPrefix['decision-position'], EXCOM.length, 'one point read per ExCom agency');
        assert.equal(after.counts.queries, 1, 'the comments’ query only: no query for the histories');
      });

      it('a position reads and writes the same bytes of the decision after 3 positions as after 60, and a redelivered one writes nothing', async () => {
        const counting = countingStore(store);
        const decisions = service(counting, NOW);
        const decision = await decisions.createDecision(NETWORK, RC, { title: 'Neuve', text: { fr: 'Texte.' }, mode: 'consensus', deadline: '2026-03-09T17:00:00Z' });
        const cast = (agency: string, n: number, requestId: string) => decisions.castPosition(NETWORK, decision.decisionId, rep(agency, n % 3), { agencyCode: agency, position: agency === 'IOM' ? 'object' : 'agree', ...(agency === 'IOM' ? { comment: 'Non.' } : {}), requestId });
        const decisionBytes = async () => JSON.stringify((await store.get(NETWORK, decisionDocumentId(decision.decisionId)))?.document).length;
        // Once every agency has a voice (each voice carries its caster's capacity), the decision no longer grows.
        await cast('IOM', 0, 'w0');
        await cast('UNDP', 0, 'w1');
        await cast('UNHCR', 0, 'w2');
        const early = await decisionBytes();
        for (let n = 0; n < 20; n += 1) for (const agency of EXCOM) await cast(agency, n, `h${n}${agency}`);
        assert.ok(Math.abs((await decisionBytes()) - early) <= 64, `the decision stays small: ${early} B → ${await decisionBytes()} B`);
        const { counts } = await counting.during(() => cast('UNDP', 5, 'h5UNDP'));
        assert.equal(counts.writes, 0, 'a redelivered invoke writes nothing');
        assert.equal((await positionDoc(store, decision.decisionId, 'UNDP'))?.document.record.history.length, 21);
      });
    });
  }
});
