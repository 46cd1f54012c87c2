/**
 * The outbox's store operations, against the embedded SQLite store and a Cosmos DB server
 * alike: idempotent enqueue, the due-items query, ETag-claimed leases that exactly one
 * instance wins and that expire, outcomes written over concurrent updates. The clock is
 * injected, so leases and due times are exact.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ConversationService } from '../../src/delivery/conversation-service';
import { OutboxRepository } from '../../src/delivery/outbox-repository';
import { deliverySummary } from '../../src/delivery/delivery-status';
import { applyNewRevision, applyOutcome, outboxItemId, type OutboxItem, type Recipient } from '../../src/delivery/outbox-rules';
import { OutboxService } from '../../src/delivery/outbox-service';
import { DeliveryTally, OUTBOX_TALLY_TYPE } from '../../src/delivery/delivery-tally';
import type { DocumentStore } from '../../src/store/document-store';
import { storeAdaptersUnderTest } from '../support/store-adapters';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const SERVICE_URL = 'https://smba.trafficmanager.net/emea/';
const TENANT = '6f1c2a4e-3b7d-4c59-9e0a-1d2b3c4d5e6f';

function describeOutboxContract(name: string, openStore: () => Promise<DocumentStore>, closeStore: (store: DocumentStore) => Promise<void>): void {
  describe(`outbox on ${name}`, function () {
    this.timeout(30_000);
    let store: DocumentStore;
    let networkId: string;
    let now: number;
    let conversations: ConversationService;
    let outbox: OutboxService;
    let repository: OutboxRepository;
    let tally: DeliveryTally;

    before(async function () {
      store = await openStore();
    });
    after(async function () {
      if (store) await closeStore(store);
    });
    beforeEach(function () {
      networkId = `net-${randomUUID().slice(0, 8)}`;
      now = T0;
      conversations = new ConversationService(store, () => new Date(now));
      // One tally for the service and the repository standing in for the dispatcher, as in the app.
      tally = new DeliveryTally(store);
      outbox = new OutboxService(store, conversations, { now: () => now, tally });
      repository = new OutboxRepository(store, { tally });
    });

    async function install(conversationId: string, user?: { aadObjectId: string }): Promise<Recipient> {
      await conversations.recordInstallation({
        networkId,
        scope: user ? 'personal' : 'channel',
        tenantId: TENANT,
        reference: {
          serviceUrl: SERVICE_URL,
          channelId: 'msteams',
          conversation: { id: conversationId, tenantId: TENANT },
          bot: { id: '28:bot' },
          ...(user ? { user: { id: `29:${user.aadObjectId}`, aadObjectId: user.aadObjectId } } : {}),
        },
      });
      return { kind: 'conversation', conversationId };
    }

    it('enqueues once per (message, recipient), even when two enqueues race', async function () {
      const recipients = await Promise.all(['a:1', 'a:2', 'a:3'].map((id) => install(id, { aadObjectId: `aad-${id}` })));
      const [first, second] = await Promise.all([
        outbox.enqueue(networkId, 'meeting:1', recipients, { text: 'v1' }),
        outbox.enqueue(networkId, 'meeting:1', recipients, { text: 'v1' }),
      ]);
      assert.equal(first.queued + second.queued, 3);
      assert.equal(first.alreadyQueued + second.alreadyQueued, 3);
      assert.equal((await outbox.status(networkId, 'meeting:1')).total, 3);
      assert.deepEqual(await outbox.enqueue(networkId, 'meeting:1', recipients, { text: 'v1' }), { queued: 0, alreadyQueued: 3, undeliverable: 0 });
      const stored = await repository.get(networkId, outboxItemId('meeting:1', recipients[0]!));
      assert.deepEqual(stored?.document.target, { conversationId: 'a:1', serviceUrl: SERVICE_URL });
    });

    it('resolves a member to their stored 1:1, and leaves a member without one to the dispatcher', async function () {
      await install('a:known', { aadObjectId: 'aad-known' });
      await outbox.enqueue(
        networkId,
        'm',
        [
          { kind: 'member', aadObjectId: 'aad-known', tenantId: TENANT.toUpperCase() },
          { kind: 'member', aadObjectId: 'aad-new', tenantId: TENANT },
        ],
        { text: 'x' },
      );
      const items = (await repository.byMessageKey(networkId, 'm')).map((entry) => entry.document);
      const byAad = new Map(items.map((item) => [item.recipient.kind === 'member' ? item.recipient.aadObjectId : '', item]));
      assert.equal(byAad.get('aad-known')?.target?.conversationId, 'a:known');
      assert.equal(byAad.get('aad-new')?.target, undefined);
      assert.deepEqual(await conversations.routeForTenant(networkId, TENANT), { serviceUrl: SERVICE_URL, bot: { id: '28:bot' } });
    });

    it('lists due items oldest first: queued ones whose time has come and sending ones whose lease expired', async function () {
      const recipients = await Promise.all(['c:1', 'c:2', 'c:3', 'c:4'].map((id) => install(id)));
      for (const [index, recipient] of recipients.entries()) {
        now = T0 + index * 10;
        await outbox.enqueue(networkId, 'digest', [recipient], { text: 'x' });
      }
      now = T0 + 100;
      const [oldest] = await repository.due(networkId, now, 10);
      assert.ok(oldest);
      const leased = await repository.claim(oldest, 'instance-a', now, 1000);
      assert.ok(leased);
      const later = await repository.get(networkId, outboxItemId('digest', recipients[3]!));
      await store.replace({ ...later!.document, dueAt: T0 + 5000 }, later!.etag);

      const due = await repository.due(networkId, now, 10);
      assert.deepEqual(due.map((entry) => entry.document.recipientKey), ['conversation:c:2', 'conversation:c:3']);
      assert.deepEqual((await repository.due(networkId, now, 1)).length, 1, 'the batch size is honoured');
      const afterLease = await repository.due(networkId, T0 + 1100, 10);
      // The expired lease counts from its expiry, so it comes after items that were due earlier.
      assert.deepEqual(afterLease.map((entry) => entry.document.recipientKey), ['conversation:c:2', 'conversation:c:3', 'conversation:c:1']);
    });

    it('lets exactly one of two instances claim an item, and the other take it over once the lease expires', async function () {
      const recipient = await install('c:claim');
      await outbox.enqueue(networkId, 'k', [recipient], { text: 'x' });
      const [candidate] = await repository.due(networkId, now, 10);
      const claims = await Promise.all([
        repository.claim(candidate!, 'instance-a', now, 1000),
        repository.claim(candidate!, 'instance-b', now, 1000),
      ]);
      const winners = claims.filter((claim) => claim !== undefined);
      assert.equal(winners.length, 1);
      assert.equal(winners[0]?.document.status, 'sending');

      const reread = await repository.get(networkId, candidate!.document.id);
      assert.equal(await repository.claim(reread!, 'instance-c', now + 999, 1000), undefined, 'still leased');
      const takenOver = await repository.claim(reread!, 'instance-c', now + 1000, 1000);
      assert.equal(takenOver?.document.lease?.owner, 'instance-c');
    });

    it('records a delivery over an update made meanwhile, and queues the update of that copy', async function () {
      const recipient = await install('c:race');
      await outbox.enqueue(networkId, 'k', [recipient], { text: 'v1' });
      const [candidate] = await repository.due(networkId, now, 10);
      const claimed = await repository.claim(candidate!, 'me', now, 60_000);
      assert.equal((await outbox.update(networkId, 'k', { text: 'v2' })).updated, 1);

      const context = { owner: 'me', now, maxAttempts: 3, backoff: { baseMs: 10, maxMs: 100 }, random: () => 0 };
      // The version in hand is stale: the write conflicts, re-reads and applies the outcome to v2.
      const written = await repository.modify(networkId, claimed!.document.id, (current: OutboxItem) =>
        applyOutcome(current, { kind: 'delivered', revision: 1, activityId: '1700000000001' }, context), claimed);
      assert.equal(written?.document.status, 'queued');
      assert.equal(written?.document.sentActivityId, '1700000000001');
      assert.equal(written?.document.activity.text, 'v2');
      const status = await outbox.status(networkId, 'k');
      assert.deepEqual([status.delivered, status.upToDate], [1, 0]);
    });

    it('writes a final item with its retention as ttl, and an item in play without one', async function () {
      const retention = { deliveredSeconds: 3_000, failedSeconds: 9_000 };
      const kept = new OutboxRepository(store, { retention });
      const recipient = await install('c:ttl');
      await new OutboxService(store, conversations, { now: () => now, retention }).enqueue(networkId, 'k', [recipient], { text: 'v1' });
      const id = outboxItemId('k', recipient);
      assert.equal((await kept.get(networkId, id))?.document.ttl, undefined, 'queued: kept until sent');
      const claimed = await kept.claim((await kept.get(networkId, id))!, 'me', now, 60_000);
      assert.equal(claimed?.document.ttl, undefined, 'sending: kept');
      const context = { owner: 'me', now, maxAttempts: 3, backoff: { baseMs: 10, maxMs: 100 }, random: () => 0 };
      const sent = await kept.modify(networkId, id, (current) => applyOutcome(current, { kind: 'delivered', revision: 1, activityId: '1' }, context), claimed);
      assert.deepEqual([sent?.document.status, sent?.document.ttl], ['sent', 3_000]);
      assert.equal((await store.get<OutboxItem>(networkId, id))?.document.ttl, 3_000, 'the store holds the ttl');
      // An update sends the delivered copy back to the queue: it must not expire before it goes out.
      const requeued = await kept.modify(networkId, id, (current) => applyNewRevision(current, { text: 'v2' }, now));
      assert.deepEqual([requeued?.document.status, requeued?.document.ttl], ['queued', undefined]);
      const failed = await kept.modify(networkId, id, (current) => ({ ...current, status: 'dead' }));
      assert.equal(failed?.document.ttl, 9_000);
      const unreachable = await new OutboxService(store, conversations, { now: () => now, retention }).enqueue(networkId, 'k2', [{ kind: 'conversation', conversationId: '19:gone' }], { text: 'x' });
      assert.equal(unreachable.undeliverable, 1);
      assert.equal((await kept.byMessageKey(networkId, 'k2'))[0]?.document.ttl, 9_000, 'an undeliverable item is final at once');
    });

    it('answers the status from counts that outlive the items, summed over every instance that wrote them', async function () {
      const recipients = await Promise.all(['t:1', 't:2', 't:3', 't:4'].map((id) => install(id)));
      await outbox.enqueue(networkId, 'counted', recipients, { text: 'v1' });
      // Two other instances deliver: each counts its own outcomes in its own tally document.
      const instances = [new DeliveryTally(store), new DeliveryTally(store)];
      const context = (owner: string) => ({ owner, now, maxAttempts: 3, backoff: { baseMs: 10, maxMs: 100 }, random: () => 0 });
      const due = await repository.due(networkId, now, 10);
      for (const [index, candidate] of due.entries()) {
        const owner = `instance-${index % 2}`;
        const theirs = new OutboxRepository(store, { tally: instances[index % 2]! });
        const claimed = await theirs.claim(candidate, owner, now, 60_000);
        const outcome =
          index === 3
            ? { kind: 'failed' as const, failure: { disposition: 'permanent' as const, reason: 'blocked' as const }, error: { reason: 'blocked' as const, status: 403, message: 'blocked' } }
            : { kind: 'delivered' as const, revision: 1, activityId: `a${index}` };
        await theirs.modify(networkId, candidate.document.id, (current) => applyOutcome(current, outcome, context(owner)), claimed);
      }
      const before = await outbox.status(networkId, 'counted');
      assert.deepEqual([before.total, before.counts.queued, before.counts.sent], [4, 4, 0], 'not flushed yet: the other instances’ outcomes are not visible');
      await Promise.all([...instances, tally].map((each) => each.flush()));
      const written = await store.query(networkId, { type: OUTBOX_TALLY_TYPE, where: [{ path: 'messageKey', op: '=', value: 'counted' }] });
      assert.equal(written.length, 3, 'one small document per writer: the service and the two instances');

      const status = await outbox.status(networkId, 'counted');
      assert.deepEqual(
        { total: status.total, counts: status.counts, delivered: status.delivered, upToDate: status.upToDate, reasons: status.reasons },
        { total: 4, counts: { queued: 0, sending: 0, sent: 3, failed: 1, dead: 0, ambiguous: 0 }, delivered: 3, upToDate: 3, reasons: { blocked: 1 } },
      );
      assert.deepEqual(status.failures.map((failure) => failure.reason), ['blocked']);

      // The items expire (here: deleted, as the store's ttl would): the counts stay.
      for (const entry of await repository.byMessageKey(networkId, 'counted')) await store.delete(networkId, entry.document.id);
      const afterExpiry = await outbox.status(networkId, 'counted');
      assert.deepEqual([afterExpiry.total, afterExpiry.counts.sent, afterExpiry.counts.failed, afterExpiry.failures.length], [4, 3, 1, 0]);
      assert.equal(deliverySummary(afterExpiry, 'en'), 'Delivered 3/4 — 1 failed: conversation blocked by the member');
    });

    it('counts a try taken over after its lease expired as ambiguous', async function () {
      const recipient = await install('c:ambiguous');
      await outbox.enqueue(networkId, 'k', [recipient], { text: 'x' });
      const [candidate] = await repository.due(networkId, now, 10);
      await repository.claim(candidate!, 'crashed', now, 1000);
      const [expired] = await repository.due(networkId, now + 1000, 10);
      assert.ok(await repository.claim(expired!, 'survivor', now + 1000, 1000));
      const status = await outbox.status(networkId, 'k');
      assert.deepEqual([status.counts.ambiguous, status.counts.sending, status.total], [1, 1, 1]);
      assert.match(deliverySummary(status, 'en'), /unknown outcome for 1/);
    });

    it('reports a conversation the bot never saw as failed straight away', async function () {
      const result = await outbox.enqueue(networkId, 'k', [{ kind: 'conversation', conversationId: '19:nowhere@thread.v2' }], { text: 'x' });
      assert.deepEqual(result, { queued: 0, alreadyQueued: 0, undeliverable: 1 });
      const status = await outbox.status(networkId, 'k');
      assert.deepEqual([status.counts.failed, status.failures[0]?.reason], [1, 'unknownConversation']);
      assert.equal((await repository.due(networkId, now + 1e9, 10)).length, 0, 'never tried');
    });
  });
}

describe('outbox store contract', function () {
  for (const adapter of storeAdaptersUnderTest()) describeOutboxContract(adapter.name, adapter.open, adapter.close);
});
