/**
 * Issue 12 §5, dates: a report period is two days that exist, in order, within ten years, and
 * its ISO bounds keep four-digit years (so they compare with stored instants as strings).
 */
import assert from 'node:assert/strict';
import { periodFromDays } from '../../../src/updates/report-rules';

describe('updates: report periods', () => {
  it('reads two days, the end included', () => {
    assert.deepEqual(periodFromDays('2026-01-01', '2026-03-31'), { from: '2026-01-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' });
    assert.deepEqual(periodFromDays('2028-02-29', '2028-02-29'), { from: '2028-02-29T00:00:00.000Z', to: '2028-03-01T00:00:00.000Z' });
  });

  it('refuses days that do not exist (Date.parse rolls them over), reversed, too long, or out of range', () => {
    for (const [from, to] of [
      ['2026-02-30', '2026-03-31'],
      ['2026-01-01', '2026-04-31'],
      ['2027-02-29', '2027-03-01'],
      ['2026-13-01', '2026-12-31'],
      ['2026-03-31', '2026-01-01'],
      ['2000-01-01', '2026-01-01'],
      ['1999-12-31', '2000-01-01'],
      ['9999-12-30', '9999-12-31'],
      ['+275760-01-01', '+275760-02-01'],
      ['2026-1-1', '2026-03-31'],
    ] as const) {
      assert.equal(periodFromDays(from, to), undefined, `${from} – ${to}`);
    }
  });
});
