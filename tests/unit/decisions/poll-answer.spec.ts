/**
 * Issue 13: a member's poll answer at a fixed store-operation budget, whatever the turnout —
 * counted on the real adapters (SQLite, and the Cosmos protocol server) through the counting
 * store — with exact tallies under 200 concurrent voters, a replay that writes nothing, the
 * audience out of the poll document, a crash between an answer and its shard delta repaired at
 * the close, and polls from before shards still counted.
 */
import assert from 'node:assert/strict';
import { CardRenderer } from '../../../src/cards/card-renderer';
import type { ConversationService } from '../../../src/delivery/conversation-service';
import type { OutboxService } from '../../../src/delivery/outbox-service';
import type { RosterService } from '../../../src/delivery/roster-service';
import { DecisionsService } from '../../../src/decisions/decisions-service';
import { POLL_TALLY_SHARDS, pollTallyDocumentId, type PollAnswerDocument, type PollDocument, type PollTallyDocument } from '../../../src/decisions/model';
import { pollResults, resultsOfTallies } from '../../../src/decisions/poll-rules';
import { createLogger } from '../../../src/logger';
import type { MembershipService, MemberWithRoles } from '../../../src/network/membership-service';
import type { MemberDocument } from '../../../src/network/model';
import type { NetworkRole, Person } from '../../../src/network/roles';
import type { DocumentStore } from '../../../src/store/document-store';
import { countingStore, describeCounts, type CountingDocumentStore, type StoreCounts } from '../../support/counting-store';
import { storeAdaptersUnderTest } from '../../support/store-adapters';

const NETWORK = 'gn';
const AGENCIES = ['IOM', 'UNHCR', 'WFP', 'UNICEF', 'UNDP'];
const RC = { aadObjectId: 'rc-0000', name: 'Coordonnatrice Résidente' };
const voterId = (index: number) => `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
const voter = (index: number) => ({ aadObjectId: voterId(index), name: `Membre ${index}` });

/** Every confirmed member of a network of `size` people, as the membership service gives them. */
function fakeMembership(size: number): MembershipService {
  const person = (aadObjectId: string): Person => {
    const index = Number.parseInt(aadObjectId.slice(-12), 16);
    const roles: NetworkRole[] = aadObjectId === RC.aadObjectId ? ['coChair'] : ['member'];
    return { aadObjectId, agencyCode: AGENCIES[Number.isNaN(index) ? 0 : index % AGENCIES.length]!, roles: new Set(roles) };
  };
  const views = new Map<string, MemberWithRoles>();
  for (let index = 0; index < size; index += 1) {
    const id = voterId(index);
    views.set(id, { member: { aadObjectId: id, tenantId: 'tenant', name: `Membre ${index}`, language: 'fr', status: 'confirmed' } as MemberDocument, person: person(id) });
  }
  return { person: async (_networkId: string, id: string) => person(id.toLowerCase()), activeMembers: async () => views } as unknown as MembershipService;
}

/** An outbox that accepts everything: the budget counted here is the store's. */
const quietOutbox = {
  enqueue: async () => ({ queued: 0, alreadyQueued: 0, undeliverable: 0 }),
  update: async () => ({ updated: 0 }),
} as unknown as OutboxService;

function service(store: DocumentStore, members: number, clock: { now: Date }, logger = createLogger('silent'), pollTallyFreshMs?: number): DecisionsService {
  return new DecisionsService({
    store,
    membership: fakeMembership(members),
    outbox: quietOutbox,
    roster: {} as RosterService,
    conversations: { installedChannels: async () => [] } as unknown as ConversationService,
    cards: new CardRenderer(),
    logger,
    now: () => clock.now,
    ...(pollTallyFreshMs !== undefined ? { pollTallyFreshMs } : {}),
  });
}

const newPoll = (decisions: DecisionsService, anonymous = false) =>
  decisions.createPoll(NETWORK, RC, { question: 'Lieu de l’atelier ?', kind: 'single', options: ['Conakry', 'Kankan', 'Labé'], anonymous, deadline: '2026-03-05T17:00:00Z' });

async function tallies(store: DocumentStore, pollId: string): Promise<PollTallyDocument[]> {
  const found = await Promise.all(Array.from({ length: POLL_TALLY_SHARDS }, (_, shard) => store.get<PollTallyDocument>(NETWORK, pollTallyDocumentId(pollId, shard))));
  return found.flatMap((entry) => (entry ? [entry.document] : []));
}

async function answers(store: DocumentStore, pollId: string): Promise<PollAnswerDocument[]> {
  return (await store.query<PollAnswerDocument>(NETWORK, { type: 'pollAnswer', where: [{ path: 'pollId', op: '=', value: pollId }] })).map((entry) => entry.document);
}

const counts = (results: ReturnType<typeof pollResults>) => ({ respondents: results.respondents, options: results.options.map((option) => [option.count, option.byAgency]) });

describe('a member’s poll answer (poll.answer)', function () {
  this.timeout(120_000);

  for (const adapter of storeAdaptersUnderTest()) {
    describe(`on ${adapter.name}`, () => {
      let inner: DocumentStore;
      let store: CountingDocumentStore;
      const clock = { now: new Date('2026-03-02T09:00:00Z') };
      beforeEach(async () => {
        clock.now = new Date('2026-03-02T09:00:00Z');
        inner = await adapter.open();
        store = countingStore(inner, { exclude: /CardRefresher\.|syncPollCard/ });
      });
      afterEach(async () => {
        await adapter.close(inner);
      });

      it('costs the same store operations after 20 voters as after many: the poll, the answer and the voter’s shard read by id (the other shards as just seen), two conditional writes, no query', async () => {
        const many = adapter.name === 'SQLite' ? 400 : 120;
        const decisions = service(store, many + 1, clock);
        const few = await newPoll(decisions);
        const lots = await newPoll(decisions);
        const poll = await store.get<PollDocument>(NETWORK, `poll:${lots.pollId}`);
        assert.equal(poll?.document.audience, undefined, 'the audience is not in the poll document');
        assert.ok(JSON.stringify(poll?.document).length < 1500, `the poll document stays small: ${JSON.stringify(poll?.document).length} bytes`);
        for (let index = 0; index < 20; index += 1) await decisions.answerPoll(NETWORK, few.pollId, voter(index), { choices: [`o${(index % 3) + 1}`] });
        for (let from = 0; from < many; from += 40) {
          await Promise.all(Array.from({ length: Math.min(40, many - from) }, (_, offset) => decisions.answerPoll(NETWORK, lots.pollId, voter(from + offset), { choices: [`o${((from + offset) % 3) + 1}`] })));
        }
        await decisions.cardsIdle();
        const measure = async (pollId: string, choice: string): Promise<StoreCounts> => (await store.during(() => decisions.answerPoll(NETWORK, pollId, voter(7), { choices: [choice], requestId: `r-${pollId}-${choice}` }))).counts;
        const shape = (c: StoreCounts) => ({ gets: c.gets, queries: c.queries, rows: c.rows, writes: c.writes, getsByPrefix: c.getsByPrefix, queriesByType: c.queriesByType, replaces: c.byOperation.replace.calls });
        const small = await measure(few.pollId, 'o3');
        const large = await measure(lots.pollId, 'o3');
        assert.deepEqual(shape(large), shape(small), `20 voters: ${describeCounts(small)}\n${many} voters: ${describeCounts(large)}`);
        // The other shards were read or written by this process less than POLL_TALLY_FRESH_MS ago.
        assert.deepEqual(large.getsByPrefix, { poll: 1, 'poll-answer': 1, 'poll-tally': 1 }, describeCounts(large));
        assert.equal(large.queries, 0, `no query in the turn: ${describeCounts(large)}`);
        assert.equal(large.writes, 2, `the answer and its shard: ${describeCounts(large)}`);
        assert.equal(large.byOperation.replace.calls, 2, 'both written on the version read');
        assert.ok(large.bytesRead < 6000, `bytes read do not grow with voters: ${large.bytesRead}`);
        // The redelivered invoke: read, nothing written.
        const replay = (await store.during(() => decisions.answerPoll(NETWORK, lots.pollId, voter(7), { choices: ['o1'], requestId: `r-${lots.pollId}-o3` }))).counts;
        assert.equal(replay.writes, 0, describeCounts(replay));
        // The tally the turn answers with is the one counted from every answer.
        const { results } = await decisions.answerPoll(NETWORK, lots.pollId, voter(8), { choices: ['o1'] });
        const all = await answers(inner, lots.pollId);
        assert.deepEqual(counts(results), counts(pollResults(lots, all)));
        await decisions.cardsIdle();
      });

      it('another instance’s answers reach a voter’s card once the shards seen are no longer fresh, every shard then read again', async () => {
        const freshMs = 300;
        const here = service(store, 41, clock, createLogger('silent'), freshMs);
        const there = service(store, 41, clock, createLogger('silent'), freshMs);
        const poll = await newPoll(here);
        for (let index = 0; index < 8; index += 1) await here.answerPoll(NETWORK, poll.pollId, voter(index), { choices: ['o1'] });
        for (let index = 8; index < 40; index += 1) await there.answerPoll(NETWORK, poll.pollId, voter(index), { choices: ['o2'] });
        await new Promise((resolve) => setTimeout(resolve, freshMs + 50));
        const { counts: read, result } = await store.during(() => here.answerPoll(NETWORK, poll.pollId, voter(0), { choices: ['o1'] }));
        assert.equal(read.getsByPrefix['poll-tally'], POLL_TALLY_SHARDS, describeCounts(read));
        assert.deepEqual(counts(result.results), counts(pollResults(poll, await answers(inner, poll.pollId))), 'the card counts every instance’s answers');
        await Promise.all([here.cardsIdle(), there.cardsIdle()]);
      });

      if (adapter.name === 'SQLite') {
        it('200 voters at the same moment, half of them changing their mind at once: the shards end exact, their revisions the sum of the answers’', async () => {
          const decisions = service(store, 201, clock);
          const poll = await newPoll(decisions);
          await Promise.all(Array.from({ length: 200 }, (_, index) => decisions.answerPoll(NETWORK, poll.pollId, voter(index), { choices: [`o${(index % 3) + 1}`] })));
          await Promise.all(Array.from({ length: 100 }, (_, index) => decisions.answerPoll(NETWORK, poll.pollId, voter(index * 2), { choices: ['o3'] })));
          const all = await answers(inner, poll.pollId);
          const shards = await tallies(inner, poll.pollId);
          assert.equal(all.length, 200);
          assert.deepEqual(counts(resultsOfTallies(poll, shards)), counts(pollResults(poll, all)));
          assert.equal(resultsOfTallies(poll, shards).options[2]?.count, 100 + 33);
          assert.equal(shards.reduce((sum, tally) => sum + tally.revisions, 0), all.reduce((sum, answer) => sum + answer.revision, 0));
          await decisions.cardsIdle();
        });

        it('an answer written but its shard delta lost (the process gone in between): the close rebuilds that shard from the answers and seals every shard', async () => {
          const warnings: string[] = [];
          const logger = createLogger('silent');
          logger.warn = ((...args: unknown[]) => void warnings.push(String(args.at(-1)))) as typeof logger.warn;
          // The store fails the first write of a tally shard after the change of mind: the answer is written, its delta is not.
          let failNextTally = false;
          const crashing = new Proxy(store, {
            get(target, key, receiver) {
              if (key === 'replace') {
                return async (document: { id: string }, etag: string) => {
                  if (failNextTally && document.id.startsWith('poll-tally:')) {
                    failNextTally = false;
                    throw new Error('process gone');
                  }
                  return target.replace(document as never, etag);
                };
              }
              return Reflect.get(target, key, receiver) as unknown;
            },
          });
          const decisions = service(crashing, 21, clock, logger);
          const poll = await newPoll(decisions);
          for (let index = 0; index < 20; index += 1) await decisions.answerPoll(NETWORK, poll.pollId, voter(index), { choices: ['o1'] });
          failNextTally = true;
          await assert.rejects(decisions.answerPoll(NETWORK, poll.pollId, voter(3), { choices: ['o2'] }), /process gone/);
          const beforeClose = resultsOfTallies(poll, await tallies(inner, poll.pollId));
          assert.deepEqual(beforeClose.options.map((option) => option.count), [20, 0, 0], 'the live tally missed the change');
          clock.now = new Date('2026-03-05T17:01:00Z');
          await decisions.tick(NETWORK);
          const sealed = await tallies(inner, poll.pollId);
          assert.ok(sealed.length === POLL_TALLY_SHARDS && sealed.every((tally) => tally.sealed));
          assert.deepEqual(resultsOfTallies(poll, sealed).options.map((option) => option.count), [19, 1, 0], 'the final tally is the answers’');
          assert.equal(warnings.length, 1, warnings.join('\n'));
          const api = await decisions.pollResults(NETWORK, poll.pollId, voterId(3));
          assert.deepEqual(api.results.options.map((option) => option.count), [19, 1, 0]);
          // Closed: no answer, no delta any more.
          await assert.rejects(decisions.answerPoll(NETWORK, poll.pollId, voter(4), { choices: ['o3'] }), (error: Error & { code?: string }) => error.code === 'closed');
        });

        it('a poll stored before shards and audience pages (its audience inline): the next answer builds the shards from the answers, then counts by delta', async () => {
          const decisions = service(store, 11, clock);
          const poll = await newPoll(decisions);
          for (let index = 0; index < 6; index += 1) await decisions.answerPoll(NETWORK, poll.pollId, voter(index), { choices: ['o2'] });
          // Back to the old shape: no shards, no tallyShards, the audience in the document.
          for (const tally of await tallies(inner, poll.pollId)) await inner.delete(NETWORK, tally.id);
          const stored = (await inner.get<PollDocument>(NETWORK, `poll:${poll.pollId}`))!;
          const { tallyShards: _shards, audienceSize: _size, ...legacy } = stored.document;
          await inner.replace({ ...legacy, audience: [{ aadObjectId: voterId(9), tenantId: 'tenant', language: 'fr' as const }] }, stored.etag);
          const { results } = await decisions.answerPoll(NETWORK, poll.pollId, voter(9), { choices: ['o1'] });
          assert.deepEqual(results.options.map((option) => option.count), [1, 6, 0]);
          const { results: next } = await decisions.answerPoll(NETWORK, poll.pollId, voter(0), { choices: ['o1'] });
          assert.deepEqual(next.options.map((option) => option.count), [2, 5, 0]);
          assert.equal((await inner.get<PollDocument>(NETWORK, `poll:${poll.pollId}`))?.document.tallyShards, POLL_TALLY_SHARDS);
          assert.equal((await decisions.pollResults(NETWORK, poll.pollId, voterId(0))).results.respondents, 7);
        });

        it('an anonymous poll: its shards hold counts per option only, and no view built from them names or groups anyone', async () => {
          const decisions = service(store, 11, clock);
          const poll = await newPoll(decisions, true);
          for (let index = 0; index < 10; index += 1) await decisions.answerPoll(NETWORK, poll.pollId, voter(index), { choices: [`o${(index % 2) + 1}`] });
          const raw = JSON.stringify(await tallies(inner, poll.pollId));
          for (const trace of [...AGENCIES, 'Membre', voterId(1), 'byAgency', 'agencies']) assert.ok(!raw.includes(trace), `${trace} in ${raw}`);
          const card = JSON.stringify(await decisions.pollCard(NETWORK, poll.pollId, voterId(1), 'fr'));
          for (const trace of [...AGENCIES, 'Membre 0', 'Membre 2']) assert.ok(!card.includes(trace), `${trace} in the card`);
        });
      }
    });
  }
});
