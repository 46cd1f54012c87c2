/**
 * Two dispatchers sharing one store and the sending lease, idle: the lease is released after
 * the idle period and then neither renewed nor read (only the outbox polls go on), work queued
 * on either instance takes it at once, and work queued outside both (no wake) is found by a poll.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ConversationService } from '../../../src/delivery/conversation-service';
import { OutboxService } from '../../../src/delivery/outbox-service';
import { DEPLOYMENT_PARTITION, SENDING_LEASE_ID, type SendingLeaseDocument } from '../../../src/delivery/sending-lease';
import type { DocumentStore } from '../../../src/store/document-store';
import { countingStore, diffCounts } from '../../support/counting-store';
import { startDeliveryInstance } from '../../support/delivery-instance';
import { startFakeConnector, type FakeConnector } from '../../support/fake-connector';
import { installPersonalConversations } from '../../support/installations';
import { storeAdaptersUnderTest } from '../../support/store-adapters';
import { until } from '../../support/until';

const TIMINGS = { renewMs: 200, leaseMs: 800, guardMs: 100, skewMs: 50, idleReleaseMs: 400 };

const instance = (store: DocumentStore, networkId: string, name: string) =>
  startDeliveryInstance(store, networkId, name, { sendingLease: TIMINGS, pollIntervalMs: 50, idlePollMaxMs: 200, standbyPollMaxMs: 600 });

const sends = (connector: FakeConnector, text: string) => connector.calls.filter((call) => call.kind === 'send' && call.status === 201 && (call.body as { text?: string }).text === text).length;

describe('an idle deployment and the sending lease', function () {
  this.timeout(30_000);
  for (const adapter of storeAdaptersUnderTest()) {
    it(`releases the lease when idle, costs no lease read or write then, and takes it again for work queued anywhere (${adapter.name})`, async () => {
      const inner = await adapter.open();
      const store = countingStore(inner);
      const connector = await startFakeConnector();
      const networkId = `net-${randomUUID().slice(0, 8)}`;
      const a = instance(store, networkId, 'a');
      const b = instance(store, networkId, 'b');
      const stored = async () => (await inner.get<SendingLeaseDocument>(DEPLOYMENT_PARTITION, SENDING_LEASE_ID))?.document;
      try {
        const recipients = (await installPersonalConversations(new ConversationService(store), networkId, connector.serviceUrl, 5)).map((conversationId) => ({ kind: 'conversation' as const, conversationId }));
        a.dispatcher.start();
        b.dispatcher.start();
        await until(async () => {
          const lease = await stored();
          // The first to start took it (the other left it to it), and released it idle.
          return lease !== undefined && lease.until <= Date.now() && [a.lease, b.lease].every((one) => !one.mayCall() && !one.isWaiting());
        }, 'the lease is released once nobody has anything to send', 5_000, 20);

        const before = store.snapshot();
        await new Promise((resolve) => setTimeout(resolve, 1_200));
        const idle = diffCounts(store.snapshot(), before);
        assert.deepEqual([idle.gets, idle.writes], [0, 0], `idle: the lease is neither read nor written ${JSON.stringify({ gets: idle.getsByPrefix, ops: idle.byOperation })}`);
        assert.ok(idle.queries > 0, 'the outbox polls go on');

        // Work queued on b: b asks for the lease at once (a's poll may find the work and ask too: one of them gets it and sends it all).
        const queuedAt = Date.now();
        await b.outbox.enqueue(networkId, 'notice:1', recipients, { type: 'message', text: 'Avis 1' });
        await until(() => sends(connector, 'Avis 1') === recipients.length, 'every member has the first notice', 5_000, 10);
        assert.ok(Date.now() - queuedAt < 1_000, `sent within ${Date.now() - queuedAt} ms`);
        assert.deepEqual([a.dispatcher.stats.delivered, b.dispatcher.stats.delivered].sort(), [0, recipients.length], 'one instance sent it all');

        // Work queued by neither (no wake): a poll finds it, and one of them sends it.
        await until(async () => (await stored())!.until <= Date.now(), 'the lease is released again', 5_000, 20);
        await new OutboxService(store, new ConversationService(store)).enqueue(networkId, 'notice:2', recipients, { type: 'message', text: 'Avis 2' });
        await until(() => sends(connector, 'Avis 2') === recipients.length, 'every member has the second notice', 5_000, 10);
        assert.equal(sends(connector, 'Avis 1') + sends(connector, 'Avis 2'), 2 * recipients.length, 'nobody received anything twice');
      } finally {
        await a.dispatcher.stop();
        await b.dispatcher.stop();
        await connector.close();
        await adapter.close(inner);
      }
    });
  }
});
