import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { POSITIONS, type Position } from '../../../src/decisions/consensus-rules';
import { close, closingOutcome, decisionDueAt, dueEffects, extend, registerNumber, withDue } from '../../../src/decisions/decision-rules';
import { DecisionsRepository } from '../../../src/decisions/decisions-repository';
import type { DecisionDocument } from '../../../src/decisions/model';
import { openDocumentStore } from '../../../src/store/open-store';

const EXCOM = ['IOM', 'OHCHR', 'UNDP', 'UNHCR', 'UNICEF', 'UNODC'];
const DEADLINE = '2026-12-15T17:00:00.000Z';
const BEFORE = new Date('2026-12-10T09:00:00.000Z');

function decision(positions: Partial<Record<string, Position>>, overrides: Partial<DecisionDocument> = {}): DecisionDocument {
  return withDue({
    id: 'decision:d',
    networkId: 'gn',
    type: 'decision',
    decisionId: 'd',
    title: 'T',
    text: { fr: 'x' },
    mode: 'consensus',
    phase: 'excom',
    deadline: DEADLINE,
    reminderOffsetsMinutes: [2880, 1440],
    remindersSent: [],
    excomAgencies: EXCOM,
    record: {
      history: Object.entries(positions).map(([agencyCode, position], index) => ({
        agencyCode,
        position: position as Position,
        ...(position === 'object' || position === 'agreeWithReservations' ? { comment: 'motif' } : {}),
        castBy: { aadObjectId: agencyCode, name: agencyCode },
        castAt: new Date(BEFORE.getTime() - 3600_000 + index * 1000).toISOString(),
        sequence: index + 1,
      })),
    },
    createdBy: { aadObjectId: 'rc', name: 'RC' },
    createdAt: '2026-12-01T00:00:00.000Z',
    extensions: [],
    ...overrides,
  });
}

const positionsArb = fc.dictionary(fc.constantFrom(...EXCOM), fc.constantFrom(...POSITIONS));

describe('decisions: life of a decision (property-based)', () => {
  it('closes at the deadline with the outcome the consensus rules give at the deadline, whatever the positions', () => {
    fc.assert(
      fc.property(positionsArb, fc.constantFrom('consensus' as const, 'silenceProcedure' as const), (positions, mode) => {
        const open = decision(positions, { mode });
        const atDeadline = new Date(DEADLINE);
        assert.deepEqual(dueEffects(open, atDeadline), [{ kind: 'close', reason: 'deadline' }]);
        const closed = close(open, atDeadline, 'system', 'deadline');
        const objecting = Object.values(positions).includes('object');
        const everyone = Object.keys(positions).length === EXCOM.length;
        const adopted = !objecting && (everyone || mode === 'silenceProcedure');
        assert.equal(closed.outcome?.state, adopted ? 'adopted' : 'noConsensus');
        assert.equal(closed.dueAt, closed.closedAt, 'due until numbered and delivered');
        assert.equal(decisionDueAt({ ...closed, finalized: true }), undefined);
      }),
    );
  });

  it('a co-chair closing early reads the positions as at the deadline', () => {
    fc.assert(
      fc.property(positionsArb, (positions) => {
        const closed = close(decision(positions), BEFORE, 'rc', 'coChair');
        assert.deepEqual(closed.outcome, closingOutcome(decision(positions), new Date(DEADLINE)));
      }),
    );
  });

  it('before the deadline: consensus closes at once, otherwise at most one reminder is due', () => {
    const all = Object.fromEntries(EXCOM.map((agency) => [agency, 'agree' as const]));
    assert.deepEqual(dueEffects(decision(all), BEFORE), [{ kind: 'close', reason: 'consensus' }]);
    const dayBefore = new Date(Date.parse(DEADLINE) - 23 * 3600_000);
    assert.deepEqual(dueEffects(decision({ IOM: 'agree' }), dayBefore), [{ kind: 'remind', offsetMinutes: 1440 }]);
    assert.deepEqual(dueEffects(decision({ IOM: 'object' }), BEFORE), [], 'an objection alone does not close early');
  });

  it('opens the ExCom phase when the consultation ends, not before', () => {
    const consulting = decision({}, { phase: 'consultation', consultationDeadline: '2026-12-12T17:00:00.000Z' });
    assert.equal(consulting.dueAt, '2026-12-12T17:00:00.000Z');
    assert.deepEqual(dueEffects(consulting, BEFORE), []);
    assert.deepEqual(dueEffects(consulting, new Date('2026-12-12T17:00:00.000Z')), [{ kind: 'openExcomPhase' }]);
  });

  it('an extension moves the deadline, re-arms reminders and keeps the history', () => {
    const extended = extend(decision({}, { remindersSent: [2880] }), 'rc', BEFORE, '2026-12-20T17:00:00.000Z');
    assert.equal(extended.deadline, '2026-12-20T17:00:00.000Z');
    assert.deepEqual(extended.remindersSent, []);
    assert.deepEqual(extended.extensions, [{ by: 'rc', at: BEFORE.toISOString(), from: DEADLINE, to: '2026-12-20T17:00:00.000Z' }]);
  });

  it('formats register numbers as DEC-YYYY-NNN', () => {
    assert.equal(registerNumber(2026, 7), 'DEC-2026-007');
    assert.equal(registerNumber(2027, 1234), 'DEC-2027-1234');
  });
});

describe('decisions: register numbering on the embedded store', () => {
  it('gives 20 decisions closing at the same moment 20 distinct ranks, and the same rank when asked again', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'reseau-register-'));
    const store = await openDocumentStore({ kind: 'sqlite', dataDir });
    try {
      const repository = new DecisionsRepository(store);
      const ids = Array.from({ length: 20 }, (_, index) => `d${index}`);
      const ranks = await Promise.all(ids.map((id) => repository.registerRank('gn', 2026, id)));
      assert.deepEqual([...ranks].sort((a, b) => a - b), ids.map((_, index) => index + 1));
      const again = await Promise.all(ids.map((id) => repository.registerRank('gn', 2026, id)));
      assert.deepEqual(again, ranks);
      assert.equal(await repository.registerRank('gn', 2027, 'd0'), 1, 'a new year starts at 1');
    } finally {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
