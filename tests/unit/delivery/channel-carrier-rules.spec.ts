/**
 * Rules of delivery through a shared channel, for members no 1:1 can reach: the channel post
 * (carrier) that @mentions them, its limits, its updates, and what the status counts.
 */
import assert from 'node:assert/strict';
import { addTallies, deliveryStatus, deliverySummary, itemTally, tallyDelta } from '../../../src/delivery/delivery-status';
import {
  addToCarrier,
  applyNewRevision,
  applyOutcome,
  carrierIsOpen,
  claimItem,
  MENTIONS_PER_POST,
  newCarrierItem,
  newOutboxItem,
  outboxItemId,
  recipientKey,
  withMentions,
  type ChannelMention,
  type OutboxItem,
  type Recipient,
} from '../../../src/delivery/outbox-rules';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const CHANNEL = { conversationId: '19:shared@thread.tacv2', serviceUrl: 'https://smba.trafficmanager.net/emea/' };
const CARD = { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', version: '1.5', body: [] } }] };
const CONTEXT = { owner: 'me', now: T0 + 100, maxAttempts: 3, backoff: { baseMs: 1000, maxMs: 60_000 }, random: () => 0.5 };

const person = (n: number, name = `Personne ${n}`): ChannelMention => {
  const recipient: Recipient = { kind: 'member', aadObjectId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, tenantId: 'tenant-b' };
  return { aadObjectId: recipient.aadObjectId, tenantId: recipient.tenantId, name, userId: `29:${n}`, recipientKey: recipientKey(recipient) };
};
const carrier = (people = [person(1)]): OutboxItem => {
  let item = newCarrierItem({ networkId: 'gn', messageKey: 'meeting:1', target: CHANNEL, group: 1, activity: CARD, person: people[0]!, now: T0, gatherMs: 1_000 });
  for (const someone of people.slice(1)) item = addToCarrier(item, someone, T0) ?? assert.fail('joined');
  return item;
};
const memberItem = (n: number): OutboxItem =>
  newOutboxItem({ networkId: 'gn', messageKey: 'meeting:1', recipient: { kind: 'member', aadObjectId: person(n).aadObjectId, tenantId: 'tenant-b', name: `Personne ${n}` }, activity: CARD, now: T0 });

describe('delivery through a shared channel', () => {
  it('a channel post of a message is a recipient of its own, apart from the channel’s own copy and from its other posts', () => {
    const own = outboxItemId('meeting:1', { kind: 'conversation', conversationId: CHANNEL.conversationId });
    const first = outboxItemId('meeting:1', { kind: 'conversation', conversationId: CHANNEL.conversationId, mentionGroup: 1 });
    const second = outboxItemId('meeting:1', { kind: 'conversation', conversationId: CHANNEL.conversationId, mentionGroup: 2 });
    assert.equal(new Set([own, first, second]).size, 3);
  });

  it('@mentions each person in the text and the entities Teams reads, keeping the card; a name cannot break out of its tag', () => {
    const activity = withMentions({ ...CARD, text: 'Convocation' }, [person(1, 'Awa <b>Diallo</b>'), person(2, 'Jean')]);
    assert.equal(activity.text, '<at>Awa &lt;b&gt;Diallo&lt;/b&gt;</at>, <at>Jean</at> — Convocation');
    assert.deepEqual(activity.attachments, CARD.attachments);
    const entities = activity.entities as { type: string; text: string; mentioned: { id: string } }[];
    assert.deepEqual(
      entities.map((entity) => [entity.type, entity.text, entity.mentioned.id]),
      [
        ['mention', '<at>Awa &lt;b&gt;Diallo&lt;/b&gt;</at>', '29:1'],
        ['mention', '<at>Jean</at>', '29:2'],
      ],
    );
  });

  it('makes a card that refreshes for its reader refresh for each person the post mentions (their own view), and leaves other cards as they are', () => {
    const personal = { ...CARD, attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', refresh: { action: { type: 'Action.Execute', verb: 'meetings.view' }, userIds: [`8:orgid:${person(1).aadObjectId}`] } } }] };
    const posted = withMentions(personal, [person(1), person(2)]);
    const refresh = (posted.attachments as { content: { refresh: { userIds: string[]; action: unknown } } }[])[0]!.content.refresh;
    assert.deepEqual(refresh.userIds, [`8:orgid:${person(1).aadObjectId}`, `8:orgid:${person(2).aadObjectId}`]);
    assert.deepEqual(refresh.action, { type: 'Action.Execute', verb: 'meetings.view' });
    assert.deepEqual(withMentions(CARD, [person(1)]).attachments, CARD.attachments, 'no refresh: nothing added');
  });

  it('gathers people while it waits, once each, up to the mention limit; closed once it is being sent', () => {
    const waiting = carrier([person(1), person(2)]);
    assert.equal(waiting.dueAt, T0 + 1_000, 'waits for the rest of the fan-out');
    assert.equal(addToCarrier(waiting, person(2), T0), undefined, 'already in it');
    const full = carrier(Array.from({ length: MENTIONS_PER_POST }, (_, i) => person(i + 1)));
    assert.equal(carrierIsOpen(full), false);
    assert.equal(addToCarrier(full, person(99), T0), undefined);
    const leaving = claimItem({ ...waiting, dueAt: T0 }, 'me', T0, 60_000);
    assert.equal(addToCarrier(leaving, person(3), T0), undefined, 'a post on its way takes nobody more');
  });

  it('an update keeps the mentions of a post, and counts a person reached in the channel as up to date without asking Teams for a 1:1 again', () => {
    const sent = applyOutcome(claimItem({ ...carrier([person(1), person(2)]), dueAt: T0 }, 'me', T0, 60_000), { kind: 'delivered', revision: 1, activityId: '1700' }, CONTEXT)!;
    const updated = applyNewRevision(sent, { ...CARD, text: 'Salle changée' }, T0 + 5)!;
    assert.equal(updated.status, 'queued');
    assert.match(String(updated.activity.text), /^<at>Personne 1<\/at>, <at>Personne 2<\/at> — Salle changée$/);
    assert.equal(applyNewRevision(updated, { ...CARD, text: 'Salle changée' }, T0 + 6), undefined, 'the same version again changes nothing');

    const reached = applyOutcome(claimItem(memberItem(1), 'me', T0, 60_000), { kind: 'reachedInChannel', conversationId: CHANNEL.conversationId, carrierId: sent.id }, CONTEXT)!;
    assert.equal(reached.status, 'sent');
    const reachedUpdated = applyNewRevision(reached, { ...CARD, text: 'Salle changée' }, T0 + 5)!;
    assert.equal(reachedUpdated.status, 'sent');
    assert.equal(reachedUpdated.deliveredRevision, reachedUpdated.revision);
  });

  it('counts people as reached in the channel only once their post went out; a post that cannot go out makes them failures', () => {
    const people = [person(1), person(2)];
    const reached = [1, 2].map((n) => applyOutcome(claimItem(memberItem(n), 'me', T0, 60_000), { kind: 'reachedInChannel', conversationId: CHANNEL.conversationId, carrierId: 'c' }, CONTEXT)!);
    const waiting = carrier(people);
    const tally = (carrierState: OutboxItem) => [...reached, carrierState].map(itemTally).reduce(addTallies, {});

    const pending = deliveryStatus('meeting:1', [...reached, waiting]);
    assert.equal(pending.total, 2, 'the post is not a recipient');
    assert.equal(pending.delivered, 0);
    assert.equal(pending.counts.queued, 2);
    assert.equal(pending.reachedInChannel, 0);

    const sent = applyOutcome(claimItem({ ...waiting, dueAt: T0 }, 'me', T0, 60_000), { kind: 'delivered', revision: 1, activityId: '1700' }, CONTEXT)!;
    const done = deliveryStatus('meeting:1', [...reached, sent]);
    assert.deepEqual([done.total, done.delivered, done.upToDate, done.reachedInChannel, done.counts.sent], [2, 2, 2, 2, 2]);
    assert.match(deliverySummary(done, 'en'), /Delivered 2\/2 — 2 of them reached in the shared channel/);
    assert.match(deliverySummary(done, 'fr'), /dont 2 personnes atteintes dans le canal partagé/);
    // The tally kept by differences says the same as the items.
    assert.deepEqual(addTallies(tally(waiting), tallyDelta(waiting, sent)), tally(sent));

    const refused = applyOutcome(claimItem({ ...waiting, dueAt: T0 }, 'me', T0, 60_000), { kind: 'failed', failure: { disposition: 'permanent', reason: 'forbidden' }, error: { reason: 'forbidden', status: 403, message: 'no' } }, CONTEXT)!;
    const failed = deliveryStatus('meeting:1', [...reached, refused]);
    assert.deepEqual([failed.delivered, failed.counts.failed, failed.reachedInChannel, failed.failures.length], [0, 2, 0, 2]);
    assert.deepEqual(
      failed.failures.map((failure) => (failure.recipient.kind === 'member' ? failure.recipient.name : '')),
      ['Personne 1', 'Personne 2'],
    );
  });
});
