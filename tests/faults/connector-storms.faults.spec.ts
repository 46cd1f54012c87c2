/**
 * The connector in a storm, two instances on one store (each its own dispatcher and sending
 * lease): a Retry-After received by the instance that sends binds the one that takes over after
 * it; 5xx answers back off and end as dead letters after the retry budget, with a reason a
 * co-chair can read on the delivery status; nothing else is dropped or doubled.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ConversationService } from '../../src/delivery/conversation-service';
import { deliverySummary } from '../../src/delivery/delivery-status';
import type { DocumentStore } from '../../src/store/document-store';
import { startDeliveryInstance, type DeliveryInstance } from '../support/delivery-instance';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';
import { installPersonalConversations } from '../support/installations';
import { storeAdaptersUnderTest } from '../support/store-adapters';
import { until } from '../support/until';


/** Accepted sends of each text, per conversation. */
function accepted(connector: FakeConnector, conversationId: string): string[] {
  return connector.calls
    .filter((call) => call.kind === 'send' && call.status === 201 && call.conversationId === conversationId)
    .map((call) => String((call.body as { text?: unknown }).text));
}

describe('faults: connector storms', function () {
  this.timeout(60_000);
  for (const adapter of storeAdaptersUnderTest()) {
    describe(`on ${adapter.name}`, function () {
      let store: DocumentStore;
      let connector: FakeConnector;
      let instances: DeliveryInstance[];
      let networkId: string;

      const start = (options: Parameters<typeof startDeliveryInstance>[3] = {}) => {
        instances = ['instance-a', 'instance-b'].map((name) => startDeliveryInstance(store, networkId, name, options));
        for (const instance of instances) instance.dispatcher.start();
        return until(() => instances.some((instance) => instance.lease.mayCall()), 'one instance holds the sending lease');
      };
      const holder = () => instances.find((instance) => instance.lease.mayCall()) as DeliveryInstance;

      beforeEach(async function () {
        store = await adapter.open();
        connector = await startFakeConnector();
        networkId = `net-${randomUUID().slice(0, 8)}`;
      });
      afterEach(async function () {
        await Promise.all(instances.map((instance) => instance.dispatcher.stop()));
        await connector.close();
        await adapter.close(store);
      });

      it('a Retry-After received by the sending instance binds the instance that takes over: nothing reaches that conversation before it ends, then everything, once', async function () {
        await start();
        const [busy, calm] = await installPersonalConversations(new ConversationService(store), networkId, connector.serviceUrl, 2);
        const first = holder();
        connector.failNext({ status: 429, retryAfterSeconds: 3, match: (call) => call.conversationId === busy });
        const texts = ['Avis 1', 'Avis 2', 'Avis 3'];
        for (const text of texts) await first.outbox.enqueue(networkId, `notice:${text.slice(-1)}`, [{ kind: 'conversation', conversationId: busy! }, { kind: 'conversation', conversationId: calm! }], { type: 'message', text });
        await until(() => connector.calls.some((call) => call.status === 429), 'Teams answered 429');
        const throttledAt = connector.calls.find((call) => call.status === 429)!.at;
        // Scale-in right after the 429: the other instance takes over and must wait as Teams asked.
        await first.dispatcher.stop();
        const second = instances.find((instance) => instance !== first)!;
        await until(() => second.lease.mayCall(), 'the other instance sends', 10_000);
        await until(() => accepted(connector, busy!).length === texts.length && accepted(connector, calm!).length === texts.length, 'every copy delivered', 20_000);
        const tooEarly = connector.calls.filter((call) => call.conversationId === busy && call.at > throttledAt && call.at < throttledAt + 3_000);
        assert.deepEqual(tooEarly.map((call) => call.at - throttledAt), [], 'no call to the throttled conversation before Retry-After ran out');
        assert.deepEqual(accepted(connector, busy!).sort(), texts, 'each copy once, none dropped');
        assert.deepEqual(accepted(connector, calm!).sort(), texts);
        assert.ok(second.dispatcher.stats.delivered > 0, 'the second instance sent after the hand-over');
      });

      it('a 5xx storm backs off and ends in dead letters after the retry budget, with a readable reason on the status; a 429 storm is waited out; the rest goes out once', async function () {
        await start({ maxAttempts: 3, backoff: { baseMs: 100, maxMs: 400 } });
        const [down, throttled, fine] = await installPersonalConversations(new ConversationService(store), networkId, connector.serviceUrl, 3);
        connector.failNext({ status: 503, times: 1_000, match: (call) => call.conversationId === down });
        connector.failNext({ status: 429, retryAfterSeconds: 1, times: 2, match: (call) => call.conversationId === throttled });
        const sender = holder();
        const recipients = [down, throttled, fine].map((conversationId) => ({ kind: 'conversation' as const, conversationId: conversationId! }));
        await sender.outbox.enqueue(networkId, 'storm', recipients, { type: 'message', text: 'Convocation' });
        await until(async () => {
          const status = await sender.outbox.status(networkId, 'storm');
          return status.counts.dead === 1 && status.counts.sent === 2;
        }, 'two delivered and one dead letter', 20_000);
        const calls = connector.calls.filter((call) => call.conversationId === down);
        assert.equal(calls.length, 3, 'the retry budget: three tries, no more');
        const gaps = calls.slice(1).map((call, index) => call.at - calls[index]!.at);
        assert.ok(gaps.every((gap) => gap >= 45), `backed off between tries (${gaps.join(', ')} ms)`);
        assert.deepEqual(accepted(connector, throttled!), ['Convocation'], 'throttled twice, delivered once');
        assert.deepEqual(accepted(connector, fine!), ['Convocation']);
        const status = await sender.outbox.status(networkId, 'storm');
        assert.equal(deliverySummary(status, 'fr'), 'Distribué 2/3 — 1 en échec\u202f: Teams indisponible');
        assert.equal(deliverySummary(status, 'en'), 'Delivered 2/3 — 1 failed: Teams unavailable');
        assert.equal(status.failures[0]?.reason, 'serverError');
      });
    });
  }
});
