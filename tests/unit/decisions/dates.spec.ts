/**
 * Issue 12 §5, dates: every deadline a poll or a decision gets (chat, card, tab API) exists on the
 * calendar and is bounded, and the scheduler never rewrites a document forever because a
 * far-future due time sorts before every other as a string.
 */
import assert from 'node:assert/strict';
import { CardRenderer } from '../../../src/cards/card-renderer';
import type { ConversationService } from '../../../src/delivery/conversation-service';
import type { OutboxService } from '../../../src/delivery/outbox-service';
import type { RosterService } from '../../../src/delivery/roster-service';
import { DecisionsService } from '../../../src/decisions/decisions-service';
import { DecisionError } from '../../../src/decisions/errors';
import { DECISION_DOCUMENT_TYPES, pollDocumentId, type PollDocument } from '../../../src/decisions/model';
import { validateSlot, parseSlotText } from '../../../src/decisions/slot-rules';
import { createLogger } from '../../../src/logger';
import type { DocumentStore } from '../../../src/store/document-store';
import { NETWORK, identity, membershipFixture, type Fixture } from '../network/membership-fixture';

const NOW = new Date('2026-03-02T08:00:00Z');
const BAD_DEADLINES = [
  '2099-02-30T17:00:00Z', // no 30 February (Date.parse makes it 2 March)
  '2026-04-31T17:00:00Z',
  '2026-05-12T25:00:00Z',
  '2026-05-12T24:01:00Z',
  '+275760-09-13T00:00:00Z', // a valid JS Date, years ahead of any deadline
  '+010000-01-01T00:00:00Z',
  '2028-03-03T08:00:00Z', // more than two years ahead
  '2026-03-02T07:59:00Z', // in the past
  'May 5 2026',
];

/** Counts the writes of one document id. */
function countingStore(store: DocumentStore, writes: Map<string, number>): DocumentStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (property !== 'replace' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return async (document: { id: string }, etag: string) => {
        writes.set(document.id, (writes.get(document.id) ?? 0) + 1);
        return (value as DocumentStore['replace']).call(target, document as never, etag);
      };
    },
  });
}

describe('decisions: dates are calendar-valid and bounded, due times compared as numbers', () => {
  let f: Fixture;
  let decisions: DecisionsService;
  const writes = new Map<string, number>();
  beforeEach(async () => {
    // Admins named by object id (never by email): the fixture's RC is the next identity it makes.
    const probe = Number.parseInt(identity('probe').aadObjectId.slice(-12), 16);
    const id = (n: number) => `00000000-0000-4000-8000-${(probe + n).toString(16).padStart(12, '0')}`;
    f = await membershipFixture({ start: NOW, admins: [{ aadObjectId: id(1), role: 'cochair' }, { aadObjectId: id(2), role: 'secretariat' }] });
    assert.equal(f.rc.aadObjectId, id(1));
    writes.clear();
    decisions = new DecisionsService({
      store: countingStore(f.store, writes),
      membership: f.service,
      outbox: { enqueue: async () => ({ queued: 0, alreadyQueued: 0, undeliverable: 0 }), update: async () => ({ updated: 0 }) } as unknown as OutboxService,
      roster: { members: async () => [] } as unknown as RosterService,
      conversations: { installedChannels: async () => [] } as unknown as ConversationService,
      cards: new CardRenderer(),
      logger: createLogger('silent'),
      now: () => f.clock.now,
    });
  });
  afterEach(async () => {
    await f.close();
  });

  const refusedCode = async (run: () => Promise<unknown>) => {
    try {
      await run();
      return 'accepted';
    } catch (error) {
      if (error instanceof DecisionError) return error.code;
      throw error;
    }
  };

  it('a poll, a decision, its consultation and an extension refuse every impossible or unbounded deadline, storing nothing', async () => {
    for (const deadline of BAD_DEADLINES) {
      assert.equal(await refusedCode(() => decisions.createPoll(NETWORK, f.rc, { question: 'Q ?', kind: 'single', options: ['A', 'B'], anonymous: false, deadline })), 'invalidInput', `poll ${deadline}`);
      assert.equal(await refusedCode(() => decisions.createDecision(NETWORK, f.rc, { title: 'T', text: { fr: 'x' }, mode: 'consensus', deadline })), 'invalidInput', `decision ${deadline}`);
      assert.equal(
        await refusedCode(() => decisions.createDecision(NETWORK, f.rc, { title: 'T', text: { fr: 'x' }, mode: 'consensus', consultationDeadline: deadline, deadline: '2026-03-20T17:00:00Z' })),
        'invalidInput',
        `consultation ${deadline}`,
      );
    }
    assert.deepEqual(await f.store.query(NETWORK, { type: DECISION_DOCUMENT_TYPES.poll }), []);
    assert.deepEqual(await f.store.query(NETWORK, { type: DECISION_DOCUMENT_TYPES.decision }), []);

    const decision = await decisions.createDecision(NETWORK, f.rc, { title: 'T', text: { fr: 'x' }, mode: 'consensus', deadline: '2026-03-20T17:00:00Z' });
    for (const deadline of BAD_DEADLINES) {
      assert.equal(await refusedCode(() => decisions.extendDeadline(NETWORK, decision.decisionId, f.rc.aadObjectId, deadline)), 'invalidInput', `extend ${deadline}`);
    }
    const stored = await f.store.get<typeof decision>(NETWORK, decision.id);
    assert.equal(stored?.document.deadline, '2026-03-20T17:00:00.000Z');
    assert.deepEqual(stored?.document.extensions, []);
    // Two years ahead to the day is still fine.
    assert.equal((await decisions.extendDeadline(NETWORK, decision.decisionId, f.rc.aadObjectId, '2028-03-01T08:00:00+01:00')).deadline, '2028-03-01T07:00:00.000Z');
  });

  it('a poll stored with a +275760 deadline (before dates were bounded) is looked at once, then never again', async () => {
    const pollId = 'legacy';
    const id = pollDocumentId(pollId);
    const poll: PollDocument = {
      id,
      networkId: NETWORK,
      type: DECISION_DOCUMENT_TYPES.poll,
      pollId,
      question: 'Q ?',
      kind: 'single',
      options: [
        { id: 'o1', label: 'A' },
        { id: 'o2', label: 'B' },
      ],
      anonymous: false,
      deadline: '+275760-09-13T00:00:00.000Z',
      reminderOffsetsMinutes: [1440],
      remindersSent: [],
      delivery: 'personal',
      audience: [],
      status: 'open',
      createdBy: { aadObjectId: f.rc.aadObjectId, name: 'RC' },
      createdAt: NOW.toISOString(),
      // What the old nextDue stored: an extended-year string, "before" 2026 to the store.
      dueAt: '+275760-09-12T00:00:00.000Z',
    };
    await f.store.create(poll);
    for (let tick = 0; tick < 5; tick += 1) {
      await decisions.tick(NETWORK);
      f.clock.now = new Date(f.clock.now.getTime() + 30_000);
    }
    assert.ok((writes.get(id) ?? 0) <= 1, `rewritten ${writes.get(id)} times in 5 ticks`);
    const stored = (await f.store.get<PollDocument>(NETWORK, id))?.document;
    assert.equal(stored?.status, 'open');
    assert.equal(stored?.dueAt, '9999-12-31T23:59:59.999Z');
    assert.deepEqual(await decisions.tick(NETWORK), { decisions: 0, polls: 0 });
  });

  it('time slots: 31/02, 25:00 and slots more than two years ahead are refused', () => {
    const zone = 'Africa/Conakry';
    for (const typed of ['31/02 10:00-12:00', '12/05 25:00-26:00', '12/05 10:00-24:01']) {
      assert.deepEqual(validateSlot(parseSlotText(typed, zone, NOW), NOW), { ok: false, refusal: 'impossible' }, typed);
    }
    assert.equal(parseSlotText('12/05 10:00-24:00', zone, NOW).end, '2026-05-13T00:00:00.000Z');
    const slot = (start: string, end: string) => {
      const checked = validateSlot({ label: 's', start, end }, NOW);
      return checked.ok ? 'ok' : checked.refusal;
    };
    assert.equal(slot('2026-05-12T10:00:00Z', '2026-05-12T12:00:00Z'), 'ok');
    assert.equal(slot('2099-05-12T10:00:00Z', '2099-05-12T12:00:00Z'), 'tooFarAhead');
    assert.equal(slot('+275760-09-12T00:00:00Z', '+275760-09-13T00:00:00Z'), 'badInstant');
    assert.equal(slot('2026-05-12T10:00:00Z', '+275760-09-13T00:00:00Z'), 'badInstant');
    assert.equal(slot('2026-05-12T10:00:00Z', '2026-06-12T12:00:00Z'), 'tooLong');
    assert.equal(parseSlotText('12/05/2030 10:00-12:00', zone, NOW).start, '2030-05-12T10:00:00.000Z', 'read as typed; refused by validateSlot');
    assert.equal(slot('2030-05-12T10:00:00Z', '2030-05-12T12:00:00Z'), 'tooFarAhead');
  });
});
