/**
 * A member's view answered in the working-group review card (`groupReview.comment`) at a fixed
 * store-operation budget, on both store adapters (SQLite and the Cosmos DB protocol server): the
 * real invoke through /api/messages on the network of bench:actions (bench/support.ts), counted
 * in the turn. Then the network's reviews grow — 10 more groups under review, views of every
 * member on record — and the view must cost exactly the same operations and no query: the
 * person and the group read by id; the view and its audit entry written.
 */
import assert from 'node:assert/strict';
import { IN_THE_TURN, backgroundDone, buildNetwork, type Network, type NetworkShape, type Person } from '../../bench/support';
import { cardTap } from '../support/card-actions';
import type { StoreCounts } from '../support/counting-store';
import { storeAdaptersUnderTest } from '../support/store-adapters';

const NETWORK = 'gn';
const SHAPE: NetworkShape = { name: 'small', representativesPerAgency: 2, members: 40, pastOutboxItems: 0 };
/** The member, the group; the view and its audit entry. */
const BUDGET = { gets: 2, queries: 0, writes: 2 };
const POSITIONS = ['renew', 'change', 'close'] as const;

describe('working-group review view: constant cost whatever the reviews on record', function () {
  this.timeout(600_000);

  for (const adapter of storeAdaptersUnderTest()) {
    it(`on ${adapter.name}: the same store operations with one view on record as with 10 more groups under review and every member's view`, async () => {
      const network: Network = await buildNetwork(SHAPE, { openStore: () => adapter.open(), quiet: true });
      try {
        const { membership, groupReviews } = network.reseau;
        const coChairId = network.cochair.user.aadObjectId;
        const today = new Date().toISOString().slice(0, 10);
        const newGroup = async (index: number) => {
          const members = network.members.slice(0, 5).map((person) => person.user.aadObjectId);
          const group = await membership.createWorkingGroup(NETWORK, coChairId, { name: `Groupe ${index}`, objective: 'Données', memberIds: members, externalPartners: [], chairId: members[0]!, reviewDate: today });
          await groupReviews.open(NETWORK, coChairId, group.groupId);
          return group.groupId;
        };
        const view = (person: Person, groupId: string, index: number) =>
          groupReviews.comment(NETWORK, { aadObjectId: person.user.aadObjectId, name: 'M' }, groupId, { position: POSITIONS[index % 3], text: `Avis ${index}` });
        const measure = async (person: Person, groupId: string, index: number): Promise<StoreCounts> => {
          await backgroundDone(network);
          network.store.options.include = IN_THE_TURN;
          try {
            const { result, counts } = await network.store.during(() => cardTap(network, person.user, 'groupReview.comment', { networkId: NETWORK, groupId, position: POSITIONS[index % 3], text: `Avis ${index}` }, { conversation: network.channel }));
            assert.match(JSON.stringify(result.body), /Votre avis est enregistré/, JSON.stringify(result.body));
            return counts;
          } finally {
            network.store.options.include = undefined;
          }
        };

        const groupId = await newGroup(0);
        const member = network.members[0]!;
        await measure(member, groupId, 0); // warm: a person's first turn fills per-process caches
        const small = await measure(member, groupId, 1);

        // Reviews grow: 10 more groups under review, every member's view on each.
        for (let index = 1; index <= 10; index += 1) {
          const other = await newGroup(index);
          for (const [position, person] of network.members.entries()) await view(person, other, position);
        }
        for (const [position, person] of network.members.slice(1).entries()) await view(person, groupId, position);

        await measure(member, groupId, 2);
        const large = await measure(member, groupId, 3);

        const shape = (counts: StoreCounts) => ({ gets: counts.gets, queries: counts.queries, writes: counts.writes, getsByPrefix: counts.getsByPrefix });
        assert.deepEqual(shape(large), shape(small), 'the same operations with eleven reviews and every view on record');
        assert.deepEqual({ gets: small.gets, queries: small.queries, writes: small.writes }, BUDGET, JSON.stringify(shape(small)));
        assert.ok(Math.abs(large.bytesRead - small.bytesRead) < 400, `bytes read ${small.bytesRead} → ${large.bytesRead}`);
      } finally {
        await network.close();
        await adapter.close(network.store.inner);
      }
    });
  }
});
