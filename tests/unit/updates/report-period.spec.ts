/**
 * Issue 12 §5, dates: a report period is two days that exist, in order, within ten years, and
 * its ISO bounds keep four-digit years (so they compare with stored instants as strings).
 */
import assert from 'node:assert/strict';
import { periodFromDays, reportPeriod } from '../../../src/updates/report-rules';

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

  it('the periods a report card offers (issue 15): this quarter and this year to date include today; the previous ones are whole', () => {
    const now = new Date('2026-11-30T16:45:00Z');
    assert.deepEqual(reportPeriod('quarter', now), { from: '2026-10-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' });
    assert.deepEqual(reportPeriod('previousQuarter', now), { from: '2026-07-01T00:00:00.000Z', to: '2026-10-01T00:00:00.000Z' });
    assert.deepEqual(reportPeriod('year', now), { from: '2026-01-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' });
    assert.deepEqual(reportPeriod('previousYear', now), { from: '2025-01-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' });
    // The first days of a quarter and of a year: to date is that day; the previous quarter is last year's.
    assert.deepEqual(reportPeriod('quarter', new Date('2027-01-01T00:00:00Z')), { from: '2027-01-01T00:00:00.000Z', to: '2027-01-02T00:00:00.000Z' });
    assert.deepEqual(reportPeriod('previousQuarter', new Date('2027-02-14T10:00:00Z')), { from: '2026-10-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' });
  });

  it('chosen dates: two days that exist, in order, starting today at the latest (anything else is refused)', () => {
    const now = new Date('2026-11-30T16:45:00Z');
    assert.deepEqual(reportPeriod('custom', now, { from: '2026-11-30', to: '2026-12-31' }), { from: '2026-11-30T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' });
    for (const custom of [{}, { from: '2026-01-01' }, { from: '', to: '' }, { from: '2026-12-01', to: '2026-12-31' }, { from: '2026-02-30', to: '2026-03-31' }, { from: '2026-03-31', to: '2026-01-01' }, { from: '1990-01-01', to: '2026-01-01' }]) {
      assert.equal(reportPeriod('custom', now, custom), undefined, JSON.stringify(custom));
    }
  });
});
