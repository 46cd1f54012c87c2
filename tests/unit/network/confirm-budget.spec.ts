/**
 * The store-operation budget of a membership decision (network README), on SQLite and on a
 * Cosmos DB server, counted through the service with the real outbox notifier: a confirm or a
 * decline costs the same with 2,000 more members (200 of them past focal points of the same
 * agency), and a focal-point hand-over finds the seat's previous holder with one indexed query
 * (SQLite is asked how it runs it). The member's notice is queued after the decision
 * (cardsIdle); the other deciders' copies are never rewritten: Teams refreshes each for its reader.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { CardRenderer } from '../../../src/cards/card-renderer';
import { ConversationService } from '../../../src/delivery/conversation-service';
import type { OutboxItem } from '../../../src/delivery/outbox-rules';
import { OutboxService } from '../../../src/delivery/outbox-service';
import { createLogger } from '../../../src/logger';
import type { Identity } from '../../../src/network/membership-rules';
import { MembershipService, confirmRequestKey } from '../../../src/network/membership-service';
import type { AgencyRole, MemberDocument } from '../../../src/network/model';
import { OutboxMemberNotifier } from '../../../src/network/outbox-notifier';
import type { DocumentQuery, DocumentStore } from '../../../src/store/document-store';
import { SqliteDocumentStore } from '../../../src/store/sqlite-document-store';
import { runInTurnScope } from '../../../src/turn-scope/turn-scope';
import { countingStore, describeCounts, type CountingDocumentStore, type StoreCounts } from '../../support/counting-store';
import { storeAdaptersUnderTest } from '../../support/store-adapters';
import { FIXTURE_AGENCIES, TENANT, identity } from './membership-fixture';
import { forEachConcurrently } from '../../../src/scheduling/concurrency';

const MORE_MEMBERS = 2000;
const NOW = new Date('2026-03-02T09:00:00Z');

const shape = (counts: StoreCounts) => ({
  gets: counts.gets,
  getsByPrefix: counts.getsByPrefix,
  queriesByType: counts.queriesByType,
  rows: counts.rows,
  creates: counts.byOperation.create.calls,
  replaces: counts.byOperation.replace.calls,
  writes: counts.writes,
});


describe('membership decision store-operation budget', function () {
  for (const adapter of storeAdaptersUnderTest()) {
    describe(`on ${adapter.name}`, function () {
      this.timeout(180_000);
      const networkId = `net-${randomUUID().slice(0, 8)}`;
      let raw: DocumentStore;
      let store: CountingDocumentStore;
      let service: MembershipService;
      const queries: DocumentQuery[] = [];
      const rc = identity('Coordonnatrice Résidente');

      before(async function () {
        raw = await adapter.open();
        const recording = new Proxy(raw, {
          get(target, property) {
            if (property === 'query') {
              return (partition: string, query: DocumentQuery) => {
                queries.push(query);
                return target.query(partition, query);
              };
            }
            const value = Reflect.get(target, property) as unknown;
            return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
          },
        });
        // The outbox's counts are written about once a second in the background, for every
        // message at once (their budget: tests/contract/outbox-budget.contract.spec.ts): not a card's cost.
        store = countingStore(recording, { exclude: /DeliveryTally\./ });
        const conversations = new ConversationService(store, () => NOW);
        const outbox = new OutboxService(store, conversations, { now: () => NOW.getTime() });
        service = new MembershipService({
          store,
          notifier: new OutboxMemberNotifier(outbox, new CardRenderer(), store, conversations),
          logger: createLogger('silent'),
          admins: [{ aadObjectId: rc.aadObjectId, tenantId: TENANT, role: 'cochair' }],
          defaultAgencies: FIXTURE_AGENCIES,
          rotation: { order: ['UNDP', 'UNHCR', 'UNICEF'], termMonths: 12, start: new Date('2026-01-01T00:00:00Z') },
          now: () => NOW,
          // One instance: the directory and rotation stay cached for the whole test, however slow the machine.
          cacheTtlMs: 60 * 60_000,
        });
        await service.firstContact(networkId, rc);
      });
      after(async function () {
        await service?.cardsIdle();
        if (raw) await adapter.close(raw);
      });

      const join = async (name: string, agencyCode: string, role: AgencyRole, language: 'fr' | 'en' = 'fr'): Promise<Identity> => {
        const person = identity(name, undefined, language);
        await service.requestToJoin(networkId, person, agencyCode, role);
        return person;
      };
      const seat = async (name: string, agencyCode: string, role: AgencyRole, language: 'fr' | 'en' = 'fr'): Promise<Identity> => {
        const person = await join(name, agencyCode, role, language);
        await service.confirm(networkId, rc.aadObjectId, person.aadObjectId, agencyCode);
        await service.cardsIdle();
        return person;
      };
      /** One decision as a turn makes it: the actor recognised, then the decision. */
      const decide = async (actor: Identity, decision: 'confirm' | 'decline', pending: Identity, agencyCode: string) => {
        await service.cardsIdle();
        queries.length = 0;
        const { counts } = await store.during(() =>
          runInTurnScope(async () => {
            await service.recognise(networkId, actor);
            await service[decision](networkId, actor.aadObjectId, pending.aadObjectId, agencyCode);
          }),
        );
        const turnQueries = [...queries];
        const { counts: afterTurn } = await store.during(() => service.cardsIdle());
        return { counts, afterTurn, turnQueries };
      };
      /** 2,000 more members, written straight to the store: 200 UNICEF focal points who left, the rest members of three agencies. */
      const grow = async () => {
        const documents = Array.from({ length: MORE_MEMBERS }, (_, index): MemberDocument => {
          const aadObjectId = randomUUID();
          const leftFocalPoint = index < 200;
          return {
            id: `member:${aadObjectId}`,
            networkId,
            type: 'member',
            aadObjectId,
            tenantId: TENANT,
            name: `Membre ${index}`,
            agencyCode: leftFocalPoint ? 'UNICEF' : ['WFP', 'UNICEF', 'FAO'][index % 3]!,
            agencyRole: leftFocalPoint ? 'focalPoint' : 'member',
            status: leftFocalPoint ? 'left' : 'confirmed',
            ...(leftFocalPoint ? { endReason: 'left' as const } : {}),
            language: 'fr',
            joinedAt: NOW.toISOString(),
            updatedAt: NOW.toISOString(),
          };
        });
        await forEachConcurrently(documents, 16, (document) => raw.create(document));
      };

      it('a confirm, a decline and a hand-over cost the same with 2,000 more members; the hand-over’s lookup is served by an index', async function () {
        const wfp = await seat('Point focal PAM', 'WFP', 'focalPoint');
        let unicef = await seat('Point focal UNICEF', 'UNICEF', 'focalPoint');
        const round = async (label: string) => {
          await decide(wfp, 'confirm', await join(`${label} échauffement`, 'WFP', 'member'), 'WFP');
          const confirm = await decide(wfp, 'confirm', await join(`${label} membre`, 'WFP', 'member'), 'WFP');
          const decline = await decide(wfp, 'decline', await join(`${label} refusé`, 'WFP', 'member'), 'WFP');
          const successor = await join(`${label} point focal`, 'UNICEF', 'focalPoint');
          const handover = await decide(rc, 'confirm', successor, 'UNICEF');
          assert.equal((await raw.get<MemberDocument>(networkId, `member:${unicef.aadObjectId}`))?.document.agencyRole, 'alternate');
          unicef = successor;
          return { confirm, decline, handover };
        };
        const small = await round('petit');
        await grow();
        const large = await round('grand');

        for (const kind of ['confirm', 'decline', 'handover'] as const) {
          assert.deepEqual(shape(large[kind].counts), shape(small[kind].counts), `${kind}: small ${describeCounts(small[kind].counts)}\nlarge ${describeCounts(large[kind].counts)}`);
          assert.deepEqual(shape(large[kind].afterTurn), shape(small[kind].afterTurn), `${kind} after the turn: small ${describeCounts(small[kind].afterTurn)}\nlarge ${describeCounts(large[kind].afterTurn)}`);
          assert.equal(large[kind].afterTurn.queriesByType.member, undefined, `never every member after the turn: ${describeCounts(large[kind].afterTurn)}`);
        }
        const { confirm, handover } = large;
        // In the decision: the actor and the member decided read, the member written (marked noticeDue) and its audit entry; no query.
        assert.deepEqual(confirm.counts.getsByPrefix, { member: 2 }, describeCounts(confirm.counts));
        assert.equal(confirm.counts.queries, 0, describeCounts(confirm.counts));
        assert.deepEqual({ replaces: confirm.counts.byOperation.replace.calls, writes: confirm.counts.writes }, { replaces: 1, writes: 2 }, describeCounts(confirm.counts));
        // After it: the welcome queued (the outbox's own lookups of its key and the 1:1, the item) and the mark cleared; no copy of the request rewritten.
        assert.ok(confirm.afterTurn.gets + confirm.afterTurn.queries <= 2 && confirm.afterTurn.getsByPrefix.member === undefined, describeCounts(confirm.afterTurn));
        assert.deepEqual({ replaces: confirm.afterTurn.byOperation.replace.calls, writes: confirm.afterTurn.writes }, { replaces: 1, writes: 2 }, describeCounts(confirm.afterTurn));
        // The hand-over: the agency's confirmed focal points (the new one, the previous one), the previous one's write and audit entry.
        assert.deepEqual(handover.counts.queriesByType.member, { calls: 1, rows: 2 }, describeCounts(handover.counts));
        assert.deepEqual({ replaces: handover.counts.byOperation.replace.calls, writes: handover.counts.writes }, { replaces: 2, writes: 4 }, describeCounts(handover.counts));
        if (raw instanceof SqliteDocumentStore) {
          const seatLookup = handover.turnQueries.find((query) => query.type === 'member');
          assert.ok(seatLookup);
          const plan = raw.explainQuery(networkId, seatLookup).join(' | ');
          assert.match(plan, /USING INDEX "?documents_member_by_agencyCode\+agencyRole\+status"? \(network_id=\? AND type=\? AND <expr>=\? AND <expr>=\? AND <expr>=\?\)/, plan);
        }
      });

      it('rewrites no copy of the request card after a decision: each decider’s copy carries a refresh for its reader, which then shows the outcome in their language', async function () {
        const english = await seat('RCO Officer', 'RCO', 'alternate', 'en');
        const newcomer = await join('Mariama Camara', 'UNESCO', 'member');
        const requested = (await raw.get<MemberDocument>(networkId, `member:${newcomer.aadObjectId}`))?.document;
        assert.ok(requested);
        const key = confirmRequestKey(requested);
        const copies = async () => (await raw.query<OutboxItem>(networkId, { type: 'outbox', where: [{ path: 'messageKey', op: '=', value: key }] })).map((entry) => entry.document);
        const before = await copies();
        assert.ok(before.length >= 2, `the request reached the deciders: ${before.length}`);
        for (const copy of before) {
          assert.equal(copy.recipient.kind, 'member');
          const refresh = (copy.activity as { attachments: { content: { refresh?: { action: { verb: string; data: unknown }; userIds: string[] } } }[] }).attachments[0]?.content.refresh;
          assert.deepEqual(refresh?.userIds, [`8:orgid:${copy.recipient.kind === 'member' ? copy.recipient.aadObjectId.toLowerCase() : ''}`], 'refreshed for its one reader');
          assert.deepEqual(refresh?.action, { type: 'Action.Execute', verb: 'network.member.request', data: { networkId, memberId: newcomer.aadObjectId, agencyCode: 'UNESCO' } });
        }
        const pending = await runInTurnScope(() => service.requestView(networkId, english.aadObjectId, newcomer.aadObjectId));
        assert.deepEqual({ kind: pending.kind, mayDecide: pending.kind === 'pending' && pending.mayDecide }, { kind: 'pending', mayDecide: true });

        const { afterTurn } = await decide(rc, 'confirm', newcomer, 'UNESCO');
        assert.ok(!queries.some((query) => query.where?.some((condition) => 'value' in condition && condition.value === key)), `no copy looked up: ${describeCounts(afterTurn)}`);
        assert.equal(afterTurn.writes, 2, `the welcome and the mark cleared: ${describeCounts(afterTurn)}`);
        assert.deepEqual(await copies(), before, 'every copy as it was sent');
        assert.equal((await raw.get<MemberDocument>(networkId, `member:${newcomer.aadObjectId}`))?.document.noticeDue, undefined, 'the welcome queued, its mark cleared');

        const { result: decided, counts } = await store.during(() => runInTurnScope(() => service.requestView(networkId, english.aadObjectId, newcomer.aadObjectId)));
        assert.deepEqual({ kind: decided.kind, by: decided.kind === 'decided' && decided.decidedByName }, { kind: 'decided', by: rc.name });
        // The reader, the member, the one who decided: by id, nothing else.
        assert.deepEqual({ gets: counts.getsByPrefix, queries: counts.queries, writes: counts.writes }, { gets: { member: 3 }, queries: 0, writes: 0 }, describeCounts(counts));
        // Someone who may not confirm this agency's members is shown nothing.
        const outsider = await seat('Membre PAM', 'WFP', 'member');
        await assert.rejects(runInTurnScope(() => service.requestView(networkId, outsider.aadObjectId, newcomer.aadObjectId)), { code: 'forbidden' });
      });
    });
  }
});
