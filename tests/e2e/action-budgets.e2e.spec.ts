/**
 * Every card action of the product at a fixed store-operation budget (issue 13), on both store
 * adapters the product ships: the real invokes through /api/messages on the network of
 * bench:actions (bench/support.ts), lived in (14 uses of each action), counted in the turn by a counting store around SQLite and
 * around the Cosmos DB protocol server. Then the network grows — 300 more members, 2,000 past
 * outbox items, 15 more uses of every action (answers, positions, comments, RSVPs, clearances,
 * confirmations on record) — and every action must cost exactly the same operations, the same
 * query rows, and about the same bytes. On Cosmos DB each operation is a round trip and request
 * units: a budget that grows with the network is a bill that grows with it.
 *
 * The budgets are the feature READMEs'.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  IN_THE_TURN,
  MEMBER_AGENCIES,
  NETWORK,
  actionsOf,
  backgroundDone,
  buildNetwork,
  pastOutboxItem,
  type ActionSpec,
  type Network,
  type NetworkShape,
  type Person,
} from '../../bench/support';
import { postActivity } from '../support/bot-client';
import type { StoreCounts } from '../support/counting-store';
import { storeAdaptersUnderTest } from '../support/store-adapters';
import { TEST_TENANT_ID, teamsUser } from '../support/teams-activities';

interface Budget {
  readonly gets: number;
  readonly queries: number;
  /** Rows the turn's queries return, at most. */
  readonly queryRows: number;
  readonly writes: number;
}

const BUDGETS: Readonly<Record<string, Budget>> = {
  // member, poll, own answer, the voter's tally shard (the other 7 as this process saw them in the last 5 s); the answer and the voter's shard
  'poll.answer': { gets: 4, queries: 0, queryRows: 0, writes: 2 },
  // member, decision (the agency's voices document as this process wrote it last, checked by the write's ETag); that document and the decision's summary (no consultation here: no comments read)
  'decision.position': { gets: 2, queries: 0, queryRows: 0, writes: 2 },
  // member, decision (checked, and the card rendered from that read); the comment; the latest 8 comments the card shows (+1 to know there are more) and their count
  'decision.comment': { gets: 2, queries: 2, queryRows: 9, writes: 1 },
  // member, meeting, own invitation; the invitation
  'meetings.rsvp': { gets: 3, queries: 0, queryRows: 0, writes: 1 },
  // the same and the delegate
  'meetings.delegate': { gets: 4, queries: 0, queryRows: 0, writes: 1 },
  // member, statement (the agency's clearance as this process wrote it last); the clearance and the statement's summary
  'statement.clear': { gets: 2, queries: 0, queryRows: 0, writes: 2 },
  // the confirmer and the member; the member and its audit entry (the notice is queued after the answer)
  'network.member.confirm': { gets: 2, queries: 0, queryRows: 0, writes: 2 },
};

const SMALL: NetworkShape = { name: 'small', representativesPerAgency: 2, members: 40, pastOutboxItems: 0 };
const GROWTH = { members: 300, pastOutboxItems: 2000, usesPerAction: 15 };
const COUNTED_TURNS = 5;
/** Uses of each action before the first count: more than the agencies members come from (13). */
const WARM_USES = 14;

interface TurnCost {
  readonly gets: number;
  readonly queries: number;
  readonly queryRows: number;
  readonly writes: number;
  readonly bytesRead: number;
  readonly bytesWritten: number;
}

const costOf = (counts: StoreCounts): TurnCost => ({
  gets: counts.gets,
  queries: counts.queries,
  queryRows: counts.rows - counts.byOperation.get.rows,
  writes: counts.writes,
  bytesRead: counts.bytesRead,
  bytesWritten: counts.bytesWritten,
});

/** The middle turn of several (each field on its own): a cache entry expiring in one turn does not decide. */
function typical(costs: readonly TurnCost[]): TurnCost {
  const middle = <K extends keyof TurnCost>(key: K) => [...costs.map((cost) => cost[key])].sort((a, b) => a - b)[Math.floor(costs.length / 2)]!;
  return { gets: middle('gets'), queries: middle('queries'), queryRows: middle('queryRows'), writes: middle('writes'), bytesRead: middle('bytesRead'), bytesWritten: middle('bytesWritten') };
}

class ActionRunner {
  private used = 0;
  constructor(
    private readonly network: Network,
    private readonly action: ActionSpec,
  ) {}

  /** One use, answered with a card; what it handed off done before the next. */
  async use(): Promise<void> {
    const response = await postActivity(this.network.url, this.action.invoke(this.used++));
    const type = (response.body as { type?: string } | undefined)?.type;
    assert.equal(response.status, 200, `${this.action.verb}: ${JSON.stringify(response.body).slice(0, 300)}`);
    assert.equal(type, 'application/vnd.microsoft.card.adaptive', `${this.action.verb} answers with a card: ${JSON.stringify(response.body).slice(0, 300)}`);
    await backgroundDone(this.network);
  }

  /** What one use costs in its turn (median of a few). */
  async cost(): Promise<TurnCost> {
    const { store } = this.network;
    const costs: TurnCost[] = [];
    store.options.include = IN_THE_TURN;
    try {
      for (let index = 0; index < COUNTED_TURNS; index += 1) {
        const { counts } = await store.during(() => this.use());
        costs.push(costOf(counts));
      }
    } finally {
      store.options.include = undefined;
    }
    return typical(costs);
  }
}

/** 300 more confirmed members (a co-chair's import), 2,000 delivered messages of the past. */
async function grow(network: Network): Promise<void> {
  const rows = Array.from({ length: GROWTH.members }, (_, index) => {
    const user = teamsUser({ name: `Nouveau ${index}` });
    return `${MEMBER_AGENCIES[index % MEMBER_AGENCIES.length]},${user.name},${user.aadObjectId},${TEST_TENANT_ID},member`;
  });
  const report = await network.reseau.membership.importCsv(NETWORK, network.cochair.user.aadObjectId, ['agency,name,objectId,tenantId,role', ...rows].join('\n'));
  assert.equal(report.created, GROWTH.members);
  const recipients: Person[] = network.members.slice(0, 40);
  const past = Date.now() - 40 * 24 * 3600_000;
  for (let written = 0; written < GROWTH.pastOutboxItems; ) {
    const messageKey = `poll:${randomUUID()}:personal`;
    for (const recipient of recipients) {
      await network.store.inner.create(pastOutboxItem(messageKey, recipient, network.connector.serviceUrl, past + written));
      written += 1;
    }
  }
}

describe('card actions at a fixed store-operation budget, whatever the network’s size and history', function () {
  this.timeout(900_000);
  for (const adapter of storeAdaptersUnderTest()) {
    it(`on ${adapter.name}: every action within its budget, and the same cost after 300 more members, 2,000 past messages and 15 more uses each`, async () => {
      const network = await buildNetwork(SMALL, { openStore: () => adapter.open(), quiet: true });
      try {
        const actions = await actionsOf(network);
        assert.deepEqual(actions.map((action) => action.verb).sort(), Object.keys(BUDGETS).sort(), 'a budget for every card action');
        const runners = new Map(actions.map((action) => [action.verb, new ActionRunner(network, action)]));
        for (const action of actions) await action.prepare?.(2 * COUNTED_TURNS + GROWTH.usesPerAction + WARM_USES);
        // Lived in before the first count: every agency has answered the poll and taken a position
        // (what a tally or a summary holds per agency is there), the caches are warm.
        for (const runner of runners.values()) for (let index = 0; index < WARM_USES; index += 1) await runner.use();

        const before = new Map<string, TurnCost>();
        for (const [verb, runner] of runners) before.set(verb, await runner.cost());

        await grow(network);
        for (const runner of runners.values()) for (let index = 0; index < GROWTH.usesPerAction; index += 1) await runner.use();

        const problems: string[] = [];
        for (const [verb, runner] of runners) {
          const first = before.get(verb)!;
          const after = await runner.cost();
          const budget = BUDGETS[verb]!;
          const shown = (cost: TurnCost) => `${cost.gets} gets / ${cost.queries} queries (${cost.queryRows} rows) / ${cost.writes} writes, ${cost.bytesRead} B read, ${cost.bytesWritten} B written`;
          for (const key of ['gets', 'queries', 'queryRows', 'writes'] as const) {
            if (first[key] > budget[key]) problems.push(`${verb}: ${first[key]} ${key} over its budget of ${budget[key]} (${shown(first)})`);
            if (after[key] !== first[key]) problems.push(`${verb}: ${key} went from ${first[key]} to ${after[key]} as the network grew (${shown(first)} → ${shown(after)})`);
          }
          // Bytes: what is read and written may vary by a name or a counter, not with the network's history.
          for (const key of ['bytesRead', 'bytesWritten'] as const) {
            if (after[key] > first[key] * 1.25 + 1024) problems.push(`${verb}: ${key} grew from ${first[key]} to ${after[key]} with the network`);
          }
        }
        assert.deepEqual(problems, []);
      } finally {
        await network.close();
        await adapter.close(network.store.inner);
      }
    });
  }
});
