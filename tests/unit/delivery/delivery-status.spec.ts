import assert from 'node:assert/strict';
import { addTallies, combinedStatus, deliveryStatus, deliveryStatusFromTally, deliverySummary, failureReasonText, itemTally, tallyDelta } from '../../../src/delivery/delivery-status';
import { newOutboxItem, type FailureReason, type OutboxItem } from '../../../src/delivery/outbox-rules';

const T0 = Date.UTC(2026, 11, 1);
let n = 0;
function item(overrides: Partial<OutboxItem> = {}): OutboxItem {
  n += 1;
  return {
    ...newOutboxItem({ networkId: 'gn', messageKey: 'm', recipient: { kind: 'conversation', conversationId: `c${n}` }, activity: { text: 'x' }, now: T0 }),
    ...overrides,
  };
}
const sent = () => item({ status: 'sent', sentActivityId: '1', deliveredRevision: 1 });
const failedWith = (reason: FailureReason, status: 'failed' | 'dead' = 'failed') =>
  item({ status, lastError: { reason, message: `connector said ${reason}`, at: new Date(T0).toISOString() } });

describe('delivery status', () => {
  it('counts recipients per status and lists failures with their reason', () => {
    const status = deliveryStatus('m', [sent(), sent(), item(), item({ status: 'sending' }), failedWith('notInstalled'), failedWith('serverError', 'dead')]);
    assert.equal(status.total, 6);
    assert.deepEqual(status.counts, { queued: 1, sending: 1, sent: 2, failed: 1, dead: 1, ambiguous: 0 });
    assert.equal(status.delivered, 2);
    assert.deepEqual(
      status.failures.map((failure) => [failure.status, failure.reason, failure.detail]),
      [
        ['failed', 'notInstalled', 'connector said notInstalled'],
        ['dead', 'serverError', 'connector said serverError'],
      ],
    );
  });

  it('combines two messages’ statuses (a convocation’s channel and personal copies), failures counted by reason even once expired', () => {
    const personal = { ...deliveryStatus('m', [sent(), sent(), failedWith('notInstalled')]), failures: [], reasons: { notInstalled: 1 } };
    const channels = deliveryStatus('m:channel', [sent(), failedWith('blocked')]);
    const both = combinedStatus(personal, channels);
    assert.equal(both.total, 5);
    assert.equal(both.delivered, 3);
    assert.deepEqual(both.counts, { queued: 0, sending: 0, sent: 3, failed: 2, dead: 0, ambiguous: 0 });
    assert.deepEqual(both.reasons, { notInstalled: 1, blocked: 1 });
    assert.equal(deliverySummary(both, 'en'), 'Delivered 3/5 — 2 failed: app not installed (1), conversation blocked by the member (1)');
  });

  it('counts a copy whose update is pending as delivered but not up to date', () => {
    const status = deliveryStatus('m', [item({ status: 'queued', sentActivityId: '1', deliveredRevision: 1, revision: 2 }), sent()]);
    assert.equal(status.delivered, 2);
    assert.equal(status.upToDate, 1);
  });

  it('sums it up for a co-chair in French and in English', () => {
    const items = [...Array.from({ length: 183 }, sent), ...Array.from({ length: 7 }, () => failedWith('notInstalled'))];
    assert.equal(deliverySummary(deliveryStatus('m', items), 'en'), 'Delivered 183/190 — 7 failed: app not installed');
    assert.equal(deliverySummary(deliveryStatus('m', items), 'fr'), 'Distribué 183/190 — 7 en échec\u202f: application non installée');
    const mixed = deliveryStatus('m', [sent(), item(), failedWith('blocked'), failedWith('blocked'), failedWith('notInstalled')]);
    assert.equal(deliverySummary(mixed, 'en'), 'Delivered 1/5 — 1 in progress — 3 failed: conversation blocked by the member (2), app not installed (1)');
  });

  it('keeps counts equal to the items they were added from, whatever writes happened in between', () => {
    // Each write adds its difference; the sum of the differences is the tally of the final items.
    const history: [OutboxItem | undefined, OutboxItem][] = [];
    const a1 = item();
    history.push([undefined, a1]);
    const a2 = { ...a1, status: 'sending' as const };
    history.push([a1, a2]);
    const a3 = { ...a2, status: 'sent' as const, sentActivityId: '1', deliveredRevision: 1 };
    history.push([a2, a3]);
    const a4 = { ...a3, status: 'queued' as const, revision: 2 };
    history.push([a3, a4]);
    const b1 = item();
    history.push([undefined, b1]);
    const b2 = { ...b1, status: 'dead' as const, lastError: { reason: 'serverError' as const, message: '', at: '' } };
    history.push([b1, b2]);
    const tally = history.map(([before, after]) => tallyDelta(before, after)).reduce(addTallies, {});
    assert.deepEqual(tally, addTallies(itemTally(a4), itemTally(b2)));
    const status = deliveryStatusFromTally('m', tally, []);
    assert.deepEqual([status.total, status.counts.queued, status.counts.dead, status.delivered, status.upToDate, status.reasons], [2, 1, 1, 1, 0, { serverError: 1 }]);
    assert.equal(deliverySummary(status, 'en'), 'Delivered 1/2 — 1 in progress — 1 failed: Teams unavailable', 'the reasons come from the counts, not from items still kept');
    assert.deepEqual(tallyDelta(a3, { ...a3, updatedAt: 'later' }), {}, 'a write that changes nothing counted adds nothing');
  });

  it('says in both languages when a copy may have been received twice', () => {
    const status = deliveryStatusFromTally('m', { total: 2, sent: 2, delivered: 2, upToDate: 2, ambiguous: 1 }, []);
    assert.equal(deliverySummary(status, 'en'), 'Delivered 2/2 — unknown outcome for 1 (an instance stopped while sending: some may have been received twice)');
    assert.equal(deliverySummary(status, 'fr'), 'Distribué 2/2 — résultat inconnu pour 1 (une instance s’est arrêtée pendant l’envoi\u202f: certains ont peut-être été reçus deux fois)');
  });

  it('has a readable reason for every failure in both languages', () => {
    const reasons: FailureReason[] = [
      'blocked', 'notInstalled', 'conversationNotFound', 'unknownConversation', 'forbidden', 'badRequest',
      'tooLarge', 'unauthorized', 'throttled', 'serverError', 'network', 'unknown',
    ];
    for (const reason of reasons) {
      for (const language of ['fr', 'en'] as const) {
        const text = failureReasonText(language, reason);
        assert.ok(text.length > 3 && !text.startsWith('delivery.'), `${language} ${reason}: ${text}`);
      }
    }
  });
});
