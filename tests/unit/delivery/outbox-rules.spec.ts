import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  applyNewRevision,
  applyOutcome,
  backoffDelayMs,
  claimItem,
  classifyFailure,
  isDue,
  newOutboxItem,
  nextOperation,
  outboxItemId,
  parseRetryAfterMs,
  retentionFromDays,
  withRetention,
  type ClassifiedFailure,
  type OutboxItem,
  type Recipient,
} from '../../../src/delivery/outbox-rules';
import { MAX_ID_LENGTH } from '../../../src/store/document-store';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const CONVERSATION: Recipient = { kind: 'conversation', conversationId: 'a:1personal' };
const MEMBER: Recipient = { kind: 'member', aadObjectId: 'AB12CD34-0000-4000-8000-000000000001', tenantId: 'T-1' };
const TARGET = { conversationId: 'a:1personal', serviceUrl: 'https://smba.trafficmanager.net/emea/' };
const CONTEXT = { owner: 'me', now: T0 + 100, maxAttempts: 3, backoff: { baseMs: 1000, maxMs: 60_000 }, random: () => 0.5 };

const item = (overrides: Partial<OutboxItem> = {}): OutboxItem => ({
  ...newOutboxItem({ networkId: 'gn', messageKey: 'meeting:1', recipient: CONVERSATION, target: TARGET, activity: { type: 'message', text: 'v1' }, now: T0 }),
  ...overrides,
});
const claimed = (overrides: Partial<OutboxItem> = {}) => claimItem(item(overrides), 'me', T0, 60_000);
const transient: ClassifiedFailure = { disposition: 'backoff', reason: 'serverError' };
const failed = (failure: ClassifiedFailure) => ({ kind: 'failed' as const, failure, error: { reason: failure.reason, status: 502, message: 'Bad gateway.' } });

describe('outbox rules', () => {
  describe('retention', () => {
    const retention = { deliveredSeconds: 100, failedSeconds: 900 };

    it('gives a final item its retention and an item in play none, whatever it had before', () => {
      assert.equal(withRetention(item({ status: 'sent' }), retention).ttl, 100);
      assert.equal(withRetention(item({ status: 'failed' }), retention).ttl, 900);
      assert.equal(withRetention(item({ status: 'dead' }), retention).ttl, 900);
      for (const status of ['queued', 'sending'] as const) {
        const inPlay = withRetention(item({ status, ttl: 100 }), retention);
        assert.equal(inPlay.ttl, undefined, status);
        assert.ok(!('ttl' in inPlay), `${status}: no ttl property at all`);
      }
      const unchanged = item({ status: 'sent', ttl: 100 });
      assert.equal(withRetention(unchanged, retention), unchanged, 'nothing to change: the same object');
    });

    it('converts days to seconds', () => {
      assert.deepEqual(retentionFromDays({ deliveredDays: 60, failedDays: 90 }), { deliveredSeconds: 5_184_000, failedSeconds: 7_776_000 });
    });
  });

  describe('identity', () => {
    it('gives the same id to the same message for the same recipient, and different ids otherwise', () => {
      assert.equal(outboxItemId('meeting:1', CONVERSATION), outboxItemId('meeting:1', { kind: 'conversation', conversationId: 'a:1personal' }));
      assert.notEqual(outboxItemId('meeting:1', CONVERSATION), outboxItemId('meeting:2', CONVERSATION));
      assert.notEqual(outboxItemId('meeting:1', CONVERSATION), outboxItemId('meeting:1', MEMBER));
      // Entra ids and tenants are case-insensitive: the same member written twice is one recipient.
      assert.equal(outboxItemId('k', MEMBER), outboxItemId('k', { ...MEMBER, aadObjectId: MEMBER.aadObjectId.toLowerCase(), tenantId: 't-1' }));
    });

    it('keeps ids short and store-safe whatever the key and recipient', () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 300, size: 'max' }), fc.string({ minLength: 1, maxLength: 1000, size: 'max' }), (key, conversationId) => {
          const id = outboxItemId(key, { kind: 'conversation', conversationId });
          return id.length <= MAX_ID_LENGTH && /^outbox:[\w-]+$/.test(id);
        }),
      );
    });
  });

  describe('life cycle', () => {
    it('is due when queued and its time has come, or when a lease has expired', () => {
      assert.equal(isDue(item(), T0), true);
      assert.equal(isDue(item({ dueAt: T0 + 1 }), T0), false);
      const leased = claimed();
      assert.equal(isDue(leased, T0 + 59_999), false, 'another instance holds it');
      assert.equal(isDue(leased, T0 + 60_000), true, 'its owner is presumed dead');
      assert.equal(isDue(item({ status: 'sent' }), T0 + 1e9), false);
      assert.equal(isDue(item({ status: 'failed' }), T0 + 1e9), false);
    });

    it('sends first, then updates the copy Teams has; a member without a 1:1 needs one opened first', () => {
      assert.equal(nextOperation(item()), 'send');
      assert.equal(nextOperation(item({ sentActivityId: '1700000000001' })), 'update');
      const { target: _target, ...withoutTarget } = item({ recipient: MEMBER });
      assert.equal(nextOperation(withoutTarget), 'createConversation');
    });

    it('refuses to claim an item that is not due', () => {
      assert.throws(() => claimItem(item({ status: 'sent' }), 'me', T0, 1000), /not due/);
    });

    it('records a delivery with the activity id and clears the lease', () => {
      const next = applyOutcome(claimed(), { kind: 'delivered', revision: 1, activityId: '1700000000001' }, CONTEXT);
      assert.equal(next?.status, 'sent');
      assert.equal(next?.sentActivityId, '1700000000001');
      assert.equal(next?.deliveredRevision, 1);
      assert.equal(next?.lease, undefined);
    });

    it('queues the update at once when a new version arrived while the first one was being sent', () => {
      const updatedMeanwhile = applyNewRevision(claimed(), { type: 'message', text: 'v2' }, T0 + 50);
      assert.equal(updatedMeanwhile?.status, 'sending', 'the send in flight is not disturbed');
      const next = applyOutcome(updatedMeanwhile!, { kind: 'delivered', revision: 1, activityId: '17' }, CONTEXT);
      assert.equal(next?.status, 'queued');
      assert.equal(next?.dueAt, CONTEXT.now);
      assert.equal(nextOperation(next!), 'update');
    });

    it('sends a delivered copy back to the queue on update; leaves failed ones failed', () => {
      const sent = item({ status: 'sent', sentActivityId: '17', deliveredRevision: 1 });
      const next = applyNewRevision(sent, { type: 'message', text: 'v2' }, T0 + 5);
      assert.deepEqual([next?.status, next?.revision, next?.dueAt, next?.activity.text], ['queued', 2, T0 + 5, 'v2']);
      assert.equal(applyNewRevision(item({ status: 'failed' }), { text: 'v2' }, T0)?.status, 'failed');
    });

    it('leaves a copy alone when the new version has the content it already holds: nothing to write, nothing to send', () => {
      const card = (choice: string) => ({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { body: [{ type: 'TextBlock', text: choice }] } }] });
      const sent = item({ status: 'sent', sentActivityId: '17', deliveredRevision: 1, activity: card('Oui: 3') });
      assert.equal(applyNewRevision(sent, card('Oui: 3'), T0 + 5), undefined, 'Teams already shows this card');
      assert.equal(applyNewRevision(item({ activity: card('Oui: 3') }), card('Oui: 3'), T0 + 5), undefined, 'the queued copy will go out with it anyway');
      assert.equal(applyNewRevision(sent, card('Oui: 4'), T0 + 5)?.status, 'queued', 'a changed card still goes out');
    });

    it('waits what Retry-After asks after a 429, and backs off after a transient failure', () => {
      const throttled = applyOutcome(claimed(), failed({ disposition: 'retryAfter', delayMs: 7000, reason: 'throttled' }), CONTEXT);
      assert.deepEqual([throttled?.status, throttled?.attempts, throttled?.dueAt], ['queued', 1, CONTEXT.now + 7000]);
      const backedOff = applyOutcome(claimed(), failed(transient), CONTEXT);
      assert.equal(backedOff?.status, 'queued');
      assert.equal(backedOff?.dueAt, CONTEXT.now + backoffDelayMs(1, CONTEXT.backoff, CONTEXT.random));
      assert.equal(backedOff?.lastError?.reason, 'serverError');
    });

    it('fails permanently at once, and is dead when the retries run out', () => {
      const blocked = applyOutcome(claimed(), failed({ disposition: 'permanent', reason: 'blocked' }), CONTEXT);
      assert.deepEqual([blocked?.status, blocked?.lastError?.reason], ['failed', 'blocked']);
      const lastTry = applyOutcome(claimed({ attempts: 2 }), failed(transient), CONTEXT);
      assert.deepEqual([lastTry?.status, lastTry?.attempts], ['dead', 3]);
    });

    it('leaves an item alone when its lease was taken over, but never forgets a delivery', () => {
      const takenOver = claimItem(claimed(), 'other', T0 + 60_000, 60_000);
      assert.equal(applyOutcome(takenOver, failed(transient), CONTEXT), undefined);
      const delivered = applyOutcome(takenOver, { kind: 'delivered', revision: 1, activityId: '17' }, CONTEXT);
      assert.equal(delivered?.status, 'sent', 'recorded, so the new owner does not send it again');
    });
  });

  describe('backoff', () => {
    it('stays between half the ceiling and the ceiling, never above the maximum, never zero', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 100 }),
          fc.integer({ min: 1, max: 10_000 }),
          fc.integer({ min: 1, max: 600_000 }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          (attempt, baseMs, extra, r) => {
            const policy = { baseMs, maxMs: baseMs + extra };
            const delay = backoffDelayMs(attempt, policy, () => r);
            const ceiling = Math.min(policy.maxMs, baseMs * 2 ** (attempt - 1));
            return delay >= Math.floor(ceiling / 2) && delay <= policy.maxMs && delay > 0;
          },
        ),
      );
    });

    it('grows with the attempts until the maximum', () => {
      const policy = { baseMs: 1000, maxMs: 16_000 };
      const delays = [1, 2, 3, 4, 5, 6].map((attempt) => backoffDelayMs(attempt, policy, () => 1));
      assert.deepEqual(delays, [1000, 2000, 4000, 8000, 16_000, 16_000]);
    });
  });

  describe('failure classification', () => {
    const classify = (status: number | undefined, code?: string, retryAfter?: string) =>
      classifyFailure({ ...(status !== undefined ? { status } : {}), ...(code ? { code } : {}), message: 'x', ...(retryAfter ? { retryAfter } : {}) }, T0);

    it('waits for Retry-After on 429 (seconds or a date), one second when Teams gives none', () => {
      assert.deepEqual(classify(429, 'Throttled', '3'), { disposition: 'retryAfter', delayMs: 3000, reason: 'throttled' });
      assert.deepEqual(classify(429, 'Throttled', new Date(T0 + 5000).toUTCString()), { disposition: 'retryAfter', delayMs: 5000, reason: 'throttled' });
      assert.deepEqual(classify(429), { disposition: 'retryAfter', delayMs: 1000, reason: 'throttled' });
    });

    it('retries 412, 5xx, timeouts and network errors with backoff', () => {
      for (const status of [408, 412, 500, 502, 503, 504]) assert.equal(classify(status).disposition, 'backoff', String(status));
      assert.deepEqual(classify(undefined, 'ECONNRESET'), { disposition: 'backoff', reason: 'network' });
    });

    it('never retries 403/404 (blocked, uninstalled) nor a message Teams refuses', () => {
      assert.deepEqual(classify(403, 'ConversationBlockedByUser'), { disposition: 'permanent', reason: 'blocked' });
      assert.deepEqual(classify(403, 'BotNotInConversationRoster'), { disposition: 'permanent', reason: 'notInstalled' });
      assert.deepEqual(classify(404, 'ConversationNotFound'), { disposition: 'permanent', reason: 'conversationNotFound' });
      assert.deepEqual(classify(403, 'Forbidden'), { disposition: 'permanent', reason: 'forbidden' });
      assert.deepEqual(classify(400, 'BadArgument'), { disposition: 'permanent', reason: 'badRequest' });
      assert.deepEqual(classify(413), { disposition: 'permanent', reason: 'tooLarge' });
      assert.deepEqual(classifyFailure({ status: 403, message: 'x' }, T0, 'createConversation'), { disposition: 'permanent', reason: 'notInstalled' });
    });

    it('retries a failure on our side without blaming Teams, and never retries a recipient the bot cannot reach', () => {
      assert.deepEqual(classifyFailure({ code: 'Internal', message: 'store unavailable' }, T0), { disposition: 'backoff', reason: 'unknown' });
      assert.deepEqual(classifyFailure({ code: 'UnknownConversation', message: 'x' }, T0), { disposition: 'permanent', reason: 'unknownConversation' });
    });

    it('reads Retry-After defensively', () => {
      assert.equal(parseRetryAfterMs(undefined, T0), undefined);
      assert.equal(parseRetryAfterMs('soon', T0), undefined);
      assert.equal(parseRetryAfterMs('0.5', T0), 500);
      assert.equal(parseRetryAfterMs('99999', T0), 3_600_000, 'capped at an hour');
      assert.equal(parseRetryAfterMs(new Date(T0 - 5000).toUTCString(), T0), 0, 'a date in the past means now');
    });
  });
});
