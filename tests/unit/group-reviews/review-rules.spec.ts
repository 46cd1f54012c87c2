/**
 * The rules of a working group's periodic review: when it is due, opening the consultation,
 * a proposal ExCom can decide, and the outcome applied (renewed one interval later, changed,
 * closed; not adopted → back to consultation). Property-tested where a rule holds for every input.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ReviewOutcome, WorkingGroupDocument } from '../../../src/network/model';
import { addMonths, countPositions, decided, isDue, openReview, proposed, validateProposal } from '../../../src/group-reviews/review-rules';

const group = (overrides: Partial<WorkingGroupDocument> = {}): WorkingGroupDocument => ({
  id: 'working-group:g1',
  networkId: 'gn',
  type: 'workingGroup',
  groupId: 'g1',
  name: 'Données migratoires',
  objective: 'Harmoniser les données',
  memberIds: ['a'],
  externalPartners: [],
  chairId: 'a',
  reviewDate: '2026-06-30',
  reviewEveryMonths: 12,
  status: 'active',
  reviewState: 'waiting',
  createdBy: 'a',
  createdAt: '2025-06-01T00:00:00.000Z',
  updatedAt: '2025-06-01T00:00:00.000Z',
  ...overrides,
});
const inDecision = (outcome: ReviewOutcome, changes?: { name?: string; objective?: string; reviewEveryMonths?: number }) => {
  const opened = openReview(group(), '2026-06-30T08:00:00.000Z', 'scheduler');
  assert.ok(opened.ok);
  const next = proposed(opened.group, { outcome, ...(changes ? { changes } : {}), proposedBy: 'cochair', proposedAt: '2026-07-15T08:00:00.000Z' })!;
  return { ...next, review: { ...next.review!, decisionId: 'd1' } };
};
const NO_COMMENTS = countPositions([]);
const outcome = (adopted = true) => ({ decisionId: 'd1', reviewDate: '2026-06-30', adopted, registerNumber: 'DEC-2026-004', at: '2026-07-20T10:00:00.000Z' });

describe('working-group review rules', () => {
  it('due on its review date, not before, not while a review is under way, never once closed', () => {
    assert.equal(isDue(group(), '2026-06-29'), false);
    assert.equal(isDue(group(), '2026-06-30'), true);
    assert.equal(isDue(group({ reviewState: 'consultation' }), '2026-07-30'), false);
    assert.equal(isDue(group({ status: 'closed', reviewState: 'closed' }), '2027-01-01'), false);
    assert.equal(isDue(group({ reviewState: undefined }), '2026-07-01'), true, 'a group from before reviews waits');
  });

  it('opening: consultation for this review date; refused when one is open or the group is closed', () => {
    const opened = openReview(group(), '2026-06-30T08:00:00.000Z', 'scheduler');
    assert.ok(opened.ok);
    assert.equal(opened.group.reviewState, 'consultation');
    assert.equal(opened.group.review?.reviewDate, '2026-06-30');
    assert.deepEqual(openReview(opened.group, '2026-07-01T00:00:00.000Z', 'x'), { ok: false, refusal: 'reviewOpen' });
    assert.deepEqual(openReview(group({ status: 'closed', reviewState: 'closed' }), '2026-07-01T00:00:00.000Z', 'x'), { ok: false, refusal: 'groupClosed' });
  });

  it('a proposal: a known outcome; renew and close without changes; change with at least one real, valid change', () => {
    assert.deepEqual(validateProposal({ outcome: 'dissolve' }, group()), { ok: false, problems: ['outcome'] });
    assert.deepEqual(validateProposal({ outcome: 'renew' }, group()), { ok: true, outcome: 'renew' });
    assert.deepEqual(validateProposal({ outcome: 'close', changes: { name: 'X' } }, group()), { ok: false, problems: ['changes'] });
    assert.deepEqual(validateProposal({ outcome: 'change' }, group()), { ok: false, problems: ['changes'] });
    assert.deepEqual(validateProposal({ outcome: 'change', changes: { reviewEveryMonths: 12, name: ' Données migratoires ' } }, group()), { ok: false, problems: ['changes'] }, 'nothing differs');
    assert.deepEqual(validateProposal({ outcome: 'change', changes: { reviewEveryMonths: 0, objective: '' } }, group()), { ok: false, problems: ['objective', 'reviewEveryMonths'] });
    assert.deepEqual(validateProposal({ outcome: 'change', changes: { reviewEveryMonths: 6, objective: ' Données et retours ' } }, group()), { ok: true, outcome: 'change', changes: { objective: 'Données et retours', reviewEveryMonths: 6 } });
  });

  it('adopted: renewed one interval after the date it was due; changed with the new interval; closed for good — each recorded with its decision', () => {
    const renewed = decided(inDecision('renew'), outcome(), countPositions(['renew', 'renew', 'close']))!;
    assert.deepEqual([renewed.reviewState, renewed.reviewDate, renewed.review], ['waiting', '2027-06-30', undefined]);
    assert.deepEqual(renewed.reviewHistory, [{ reviewDate: '2026-06-30', outcome: 'renew', decisionId: 'd1', registerNumber: 'DEC-2026-004', decidedAt: '2026-07-20T10:00:00.000Z', comments: { renew: 2, change: 0, close: 1 } }]);
    const changed = decided(inDecision('change', { objective: 'Nouveau', reviewEveryMonths: 6 }), outcome(), NO_COMMENTS)!;
    assert.deepEqual([changed.objective, changed.reviewEveryMonths, changed.reviewDate, changed.name], ['Nouveau', 6, '2026-12-30', 'Données migratoires']);
    const closed = decided(inDecision('close'), outcome(), NO_COMMENTS)!;
    assert.deepEqual([closed.status, closed.reviewState, isDue(closed, '2030-01-01')], ['closed', 'closed', false]);
  });

  it('not adopted: back to consultation, the refusal kept, the group otherwise unchanged; another decision or a second notice changes nothing', () => {
    const before = inDecision('close');
    const refused = decided(before, outcome(false), NO_COMMENTS)!;
    assert.equal(refused.reviewState, 'consultation');
    assert.deepEqual(refused.review?.lastRefusal, { decisionId: 'd1', registerNumber: 'DEC-2026-004', outcome: 'close' });
    assert.equal(refused.review?.proposal, undefined);
    assert.equal(refused.status, 'active');
    assert.equal(decided(refused, outcome(), NO_COMMENTS), undefined, 'taken in once');
    assert.equal(decided(before, { ...outcome(), decisionId: 'other' }, NO_COMMENTS), undefined);
  });

  it('a crash between opening the decision and recording its id: the decision whose subject names this review is taken in, not another review’s', () => {
    const { decisionId: _unrecorded, ...review } = inDecision('renew').review!;
    const unrecorded = { ...inDecision('renew'), review };
    assert.equal(decided(unrecorded, { ...outcome(), decisionId: 'd9' }, NO_COMMENTS)?.reviewHistory?.[0]?.decisionId, 'd9');
    assert.equal(decided(unrecorded, { ...outcome(), decisionId: 'd9', reviewDate: '2025-06-30' }, NO_COMMENTS), undefined);
  });

  it('property: adding months lands in the right month, never after the day asked, and a renewal always moves the review into the future', () => {
    const day = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 36 }), (start, months) => {
        const next = addMonths(start, months);
        const [y0, m0, d0] = start.split('-').map(Number) as [number, number, number];
        const [y1, m1, d1] = next.split('-').map(Number) as [number, number, number];
        assert.equal((y1 - y0) * 12 + (m1 - m0), months);
        assert.ok(d1 <= d0);
        assert.ok(next > start);
      }),
    );
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 36 }), fc.integer({ min: 0, max: 2000 }), (reviewDate, every, lateDays) => {
        const opened = openReview(group({ reviewDate, reviewEveryMonths: every }), `${reviewDate}T00:00:00.000Z`, 's');
        assert.ok(opened.ok);
        const waiting = proposed(opened.group, { outcome: 'renew', proposedBy: 'c', proposedAt: `${reviewDate}T00:00:00.000Z` })!;
        const at = new Date(Date.parse(`${reviewDate}T00:00:00Z`) + lateDays * 86_400_000).toISOString();
        const renewed = decided({ ...waiting, review: { ...waiting.review!, decisionId: 'd' } }, { decisionId: 'd', reviewDate, adopted: true, registerNumber: 'DEC-X', at }, NO_COMMENTS)!;
        assert.ok(renewed.reviewDate > at.slice(0, 10), `${renewed.reviewDate} after ${at}`);
        assert.equal(isDue(renewed, at.slice(0, 10)), false);
      }),
    );
  });
});
