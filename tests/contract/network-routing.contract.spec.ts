/**
 * The routing facts on both stores (src/network-routing/routing-repository.ts): a registration
 * is written once — two instances registering the same team at the same moment to different
 * networks leave exactly one, which both are told — and a 1:1 choice is kept per person and chat,
 * in the `~routing` partition, with ids holding `:` and `@` as Teams' do.
 */
import assert from 'node:assert/strict';
import { ROUTING_PARTITION } from '../../src/network-routing/routing-rules';
import { RoutingRepository } from '../../src/network-routing/routing-repository';
import type { DocumentStore } from '../../src/store/document-store';
import { storeAdaptersUnderTest, type StoreAdapterUnderTest } from '../support/store-adapters';

const TENANT = '6f1c2a4e-3b7d-4c59-9e0a-1d2b3c4d5e6f';
const PERSON = '00000000-0000-4000-9000-0000000000a1';
const AT = new Date('2026-03-02T09:00:00Z');

function describeRoutingOn(adapter: StoreAdapterUnderTest): void {
  describe(`network routing on ${adapter.name}`, function () {
    this.timeout(20_000);
    let store: DocumentStore;
    let routing: RoutingRepository;

    before(async () => {
      store = await adapter.open();
      routing = new RoutingRepository(store);
    });
    after(async () => {
      if (store) await adapter.close(store);
    });

    it('registers a team once: of two racing registrations to different networks, one stands and both callers see it', async () => {
      const team = '19:racingteam@thread.tacv2';
      const [first, second] = await Promise.all([
        routing.register({ conversationKey: team, networkId: 'gn', by: { tenantId: TENANT, aadObjectId: PERSON }, at: AT }),
        routing.register({ conversationKey: team, networkId: 'sn', by: { tenantId: TENANT, aadObjectId: PERSON }, at: AT }),
      ]);
      assert.equal(first.registeredNetworkId, second.registeredNetworkId);
      assert.equal((await routing.registration(team))?.registeredNetworkId, first.registeredNetworkId);
      // A later registration never moves it.
      const later = await routing.register({ conversationKey: team, networkId: first.registeredNetworkId === 'gn' ? 'sn' : 'gn', by: { tenantId: TENANT, aadObjectId: PERSON }, at: AT });
      assert.equal(later.registeredNetworkId, first.registeredNetworkId);
      assert.equal(await routing.registration('19:nobody@thread.tacv2'), undefined);
    });

    it('keeps a person’s choice per chat, replaced by a new one, in the routing partition only', async () => {
      const chat = 'a:1chat@of-someone';
      assert.equal(await routing.choice(TENANT, PERSON, chat), undefined);
      await routing.choose(TENANT, PERSON, chat, 'sn', AT);
      assert.equal(await routing.choice(TENANT, PERSON, chat), 'sn');
      await routing.choose(TENANT.toUpperCase(), PERSON.toUpperCase(), chat, 'gn', AT);
      assert.equal(await routing.choice(TENANT, PERSON, chat), 'gn', 'the same person whatever the case of their ids');
      assert.equal(await routing.choice(TENANT, PERSON, 'a:1another'), undefined, 'another chat has its own choice');
      assert.ok(await store.get(ROUTING_PARTITION, `choice:${TENANT}:${PERSON}:${chat}`));
      assert.equal(await store.get('gn', `choice:${TENANT}:${PERSON}:${chat}`), undefined);
    });
  });
}

describe('network routing contract', function () {
  for (const adapter of storeAdaptersUnderTest()) describeRoutingOn(adapter);
});
