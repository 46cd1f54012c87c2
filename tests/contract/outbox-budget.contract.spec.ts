/**
 * The outbox's store-operation budget (see the header of src/delivery/outbox-service.ts), on
 * SQLite and on a Cosmos DB server: updating one message costs a fixed number of operations —
 * one query for its items and one write per item — and reading its status one query for its
 * counts (a document per instance that delivered it), whatever the number of other messages
 * the network ever sent; a message that was never sent costs one query that finds nothing. On SQLite the test also asks the engine how it runs each query the
 * outbox made: through an index on the field, not by reading every outbox item (Cosmos DB
 * indexes every path, and the test server has no query plan to ask).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ConversationService } from '../../src/delivery/conversation-service';
import { DeliveryTally } from '../../src/delivery/delivery-tally';
import { OutboxRepository } from '../../src/delivery/outbox-repository';
import { newOutboxItem, type OutboxItem } from '../../src/delivery/outbox-rules';
import { OutboxService } from '../../src/delivery/outbox-service';
import type { DocumentQuery, DocumentStore } from '../../src/store/document-store';
import { SqliteDocumentStore } from '../../src/store/sqlite-document-store';
import { countingStore, type CountingDocumentStore } from '../support/counting-store';
import { storeAdaptersUnderTest } from '../support/store-adapters';
import { forEachConcurrently } from '../../src/scheduling/concurrency';
import { testBotAccount, TEST_TENANT_ID } from '../support/teams-activities';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const SERVICE_URL = 'https://smba.trafficmanager.net/emea/';
const OTHER_ITEMS = 2_000;
const COPIES = 3;

/** An item as the dispatcher leaves it once delivered: what the history is made of. */
function deliveredItem(networkId: string, messageKey: string, conversationId: string): OutboxItem {
  const item = newOutboxItem({
    networkId,
    messageKey,
    recipient: { kind: 'conversation', conversationId },
    activity: { type: 'message', text: `${messageKey} for ${conversationId}`, attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { body: 'x'.repeat(400) } }] },
    target: { conversationId, serviceUrl: SERVICE_URL },
    now: T0,
  });
  return { ...item, status: 'sent', sentActivityId: `1700000${conversationId}`, deliveredRevision: 1, sentAt: item.createdAt };
}


describe('outbox store-operation budget', function () {
  for (const adapter of storeAdaptersUnderTest()) {
    describe(`on ${adapter.name}, with ${OTHER_ITEMS} items of other messages in the network`, function () {
      this.timeout(120_000);
      const networkId = `net-${randomUUID().slice(0, 8)}`;
      let raw: DocumentStore;
      let store: CountingDocumentStore;
      let outbox: OutboxService;
      // Every query the outbox sent to the adapter, to ask SQLite how it ran them.
      const queries: DocumentQuery[] = [];

      before(async function () {
        raw = await adapter.open();
        const history = Array.from({ length: OTHER_ITEMS }, (_, index) => deliveredItem(networkId, `history:${index % 400}`, `c:${index}`));
        // Written as the dispatcher would have left them, counted by the instance that did.
        const dispatcherTally = new DeliveryTally(raw);
        const written = new OutboxRepository(raw, { tally: dispatcherTally });
        await forEachConcurrently(history, 16, (item) => written.createIfAbsent(item));
        await forEachConcurrently(['a', 'b', 'c'].slice(0, COPIES), COPIES, (id) => written.createIfAbsent(deliveredItem(networkId, 'card:target', `c:${id}`)));
        await dispatcherTally.close();
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
        store = countingStore(recording);
        outbox = new OutboxService(store, new ConversationService(store, () => new Date(T0)), { now: () => T0 + 1_000 });
      });
      after(async function () {
        if (raw) await adapter.close(raw);
      });
      beforeEach(function () {
        queries.length = 0;
      });

      function assertServedByIndexes(): void {
        if (!(raw instanceof SqliteDocumentStore)) return;
        assert.ok(queries.length > 0);
        for (const query of queries) {
          const plan = raw.explainQuery(networkId, query).join(' | ');
          // `<expr>=?` is the field condition answered by the index; without it SQLite reads
          // every document of the type in the partition (`(network_id=? AND type=?)` only).
          assert.match(plan, /USING INDEX \S+ \(network_id=\? AND type=\? AND <expr>=\?/, `${JSON.stringify(query)} runs as: ${plan}`);
        }
      }

      it('updates every copy of a message with one query and one write per copy', async function () {
        const { result, counts } = await store.during(() => outbox.update(networkId, 'card:target', { type: 'message', text: 'v2' }));
        assert.equal(result.updated, COPIES);
        assert.deepEqual(
          { queries: counts.queries, rows: counts.rows, gets: counts.gets, writes: counts.writes, operations: counts.operations },
          { queries: 1, rows: COPIES, gets: 0, writes: COPIES, operations: 1 + COPIES },
        );
        assertServedByIndexes();
        const items = await new OutboxRepository(raw).byMessageKey(networkId, 'card:target');
        assert.deepEqual(
          items.map((entry) => [entry.document.status, entry.document.revision, entry.document.activity.text]),
          Array.from({ length: COPIES }, () => ['queued', 2, 'v2']),
          'each delivered copy goes back to the queue to be edited in place',
        );
      });

      it('costs the one query and no write when the new version changes nothing for anyone (a refresh of an unchanged card)', async function () {
        const { result, counts } = await store.during(() => outbox.update(networkId, 'card:target', { type: 'message', text: 'v2' }));
        assert.equal(result.updated, 0);
        assert.deepEqual({ queries: counts.queries, rows: counts.rows, gets: counts.gets, writes: counts.writes }, { queries: 1, rows: COPIES, gets: 0, writes: 0 });
      });

      it('reads the delivery status of a message from its counts: one query returning one small document per instance that delivered it', async function () {
        const { result, counts } = await store.during(() => outbox.status(networkId, 'card:target'));
        // The update before sent the copies back to the queue: counted by this service, not written yet.
        assert.deepEqual([result.total, result.delivered, result.counts.queued, result.upToDate], [COPIES, COPIES, COPIES, 0]);
        assert.deepEqual({ queries: counts.queries, rows: counts.rows, gets: counts.gets, writes: counts.writes }, { queries: 1, rows: 1, gets: 0, writes: 0 });
        const whole = await store.during(() => new OutboxRepository(store).byMessageKey(networkId, 'card:target'));
        assert.ok(counts.bytesRead * 2 < whole.counts.bytesRead, `status read ${counts.bytesRead} bytes, the whole items are ${whole.counts.bytesRead}`);
        assertServedByIndexes();
      });

      it('reads the failures of a message only when its counts show some, from the (messageKey, status) index', async function () {
        const tally = new DeliveryTally(raw);
        const written = new OutboxRepository(raw, { tally });
        const failed = { ...deliveredItem(networkId, 'card:failing', 'c:f1'), status: 'failed' as const, lastError: { reason: 'notInstalled' as const, message: 'gone', at: new Date(T0).toISOString() } };
        await written.createIfAbsent(failed);
        await written.createIfAbsent(deliveredItem(networkId, 'card:failing', 'c:f2'));
        await tally.close();
        const { result, counts } = await store.during(() => outbox.status(networkId, 'card:failing'));
        assert.deepEqual([result.total, result.counts.failed, result.failures.map((failure) => failure.reason)], [2, 1, ['notInstalled']]);
        assert.deepEqual({ queries: counts.queries, rows: counts.rows, writes: counts.writes }, { queries: 2, rows: 2, writes: 0 }, 'its counts (1 row) and its one failure (1 row), not its delivered copy');
        assertServedByIndexes();
      });

      it('costs one read that finds nothing for a message that was never sent', async function () {
        const update = await store.during(() => outbox.update(networkId, 'card:never-sent', { type: 'message', text: 'v2' }));
        assert.equal(update.result.updated, 0);
        assert.deepEqual({ operations: update.counts.operations, rows: update.counts.rows, writes: update.counts.writes }, { operations: 1, rows: 0, writes: 0 });
        const status = await store.during(() => outbox.status(networkId, 'card:never-sent'));
        assert.equal(status.result.total, 0);
        assert.deepEqual({ operations: status.counts.operations, rows: status.counts.rows }, { operations: 1, rows: 0 });
        assertServedByIndexes();
      });

      it("serves the dispatcher's poll for due items from an index too", async function () {
        const due = await new OutboxRepository(store).due(networkId, T0 + 10_000, 50);
        assert.ok(due.every((entry) => entry.document.messageKey === 'card:target'), 'only the copies queued by the update are due');
        assertServedByIndexes();
      });

      it('enqueues a message with one query for who already has it, then per recipient one read of the conversation and one create; again, with that query alone', async function () {
        const conversations = new ConversationService(raw, () => new Date(T0));
        const ids = ['e1', 'e2', 'e3', 'e4'].map((id) => `a:enqueue-${id}`);
        for (const id of ids) {
          await conversations.recordInstallation({
            networkId,
            scope: 'personal',
            tenantId: TEST_TENANT_ID,
            reference: { serviceUrl: SERVICE_URL, channelId: 'msteams', conversation: { id, tenantId: TEST_TENANT_ID }, bot: testBotAccount(), user: { id: `29:${id}` } },
          });
        }
        const recipients = ids.map((conversationId) => ({ kind: 'conversation' as const, conversationId }));
        const first = await store.during(() => outbox.enqueue(networkId, 'notice:enqueue', recipients, { type: 'message', text: 'Convocation' }));
        assert.equal(first.result.queued, ids.length);
        assert.deepEqual(
          { queries: first.counts.queries, rows: first.counts.rows, gets: first.counts.gets, writes: first.counts.writes },
          { queries: 1, rows: ids.length, gets: ids.length, writes: ids.length },
          'the query finds nothing; each get is the conversation the item goes to',
        );
        const again = await store.during(() => outbox.enqueue(networkId, 'notice:enqueue', recipients, { type: 'message', text: 'Convocation' }));
        assert.deepEqual(again.result, { queued: 0, alreadyQueued: ids.length, undeliverable: 0 });
        assert.deepEqual({ operations: again.counts.operations, writes: again.counts.writes }, { operations: 1, writes: 0 });
        assertServedByIndexes();
      });
    });
  }
});
