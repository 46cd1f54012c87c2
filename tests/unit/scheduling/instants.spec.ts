import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LATEST_INSTANT_MS, MAX_AHEAD_MS, checkFutureInstant, checkInstant, dueInstant, isCalendarDay, isCanonicalDue, isDue, parseDay, parseInstant } from '../../../src/scheduling/instants';

const NOW = new Date('2026-03-01T09:00:00.000Z');
const refusal = (text: string) => {
  const parsed = checkFutureInstant(text, NOW);
  return parsed.ok ? 'ok' : parsed.refusal;
};

describe('instants: dates users type, strict, calendar-valid and bounded', () => {
  it('reads ISO 8601 instants with a zone, to the millisecond', () => {
    for (const [text, iso] of [
      ['2026-05-12T10:00Z', '2026-05-12T10:00:00.000Z'],
      ['2026-05-12T10:00:00.000Z', '2026-05-12T10:00:00.000Z'],
      ['2026-05-12T10:00:00+01:00', '2026-05-12T09:00:00.000Z'],
      ['2026-05-12T00:30:00-05:30', '2026-05-12T06:00:00.000Z'],
      ['2028-02-29T12:00:00.5Z', '2028-02-29T12:00:00.500Z'],
    ] as const) {
      const parsed = parseInstant(text);
      assert.ok(parsed.ok, text);
      assert.equal(new Date(parsed.ms).toISOString(), iso);
    }
  });

  it('refuses days and times that do not exist (Date.parse rolls 30 February over to March)', () => {
    assert.ok(Number.isFinite(Date.parse('2099-02-30T00:00:00Z')), 'what the old code relied on');
    for (const text of ['2099-02-30T10:00Z', '2027-02-29T10:00Z', '2026-04-31T10:00Z', '2026-13-01T10:00Z', '2026-00-10T10:00Z', '2026-05-00T10:00Z', '2026-05-12T25:00Z', '2026-05-12T24:00Z', '2026-05-12T24:01Z', '2026-05-12T10:60Z', '2026-05-12T10:00:60Z', '2026-05-12T10:00+15:00', '2026-05-12T10:00+01:75']) {
      assert.equal(refusal(text), 'notOnTheCalendar', text);
    }
  });

  it('refuses what is not an ISO instant with a zone: extended years, free text, no zone', () => {
    for (const text of ['+275760-09-13T00:00:00Z', '+010000-01-01T00:00:00Z', '-000001-01-01T00:00:00Z', 'May 5 2026', '2026-05-12', '2026-05-12T10:00', '2026-5-12T10:00Z', 'demain', '', '1780000000000']) {
      assert.equal(refusal(text), 'notAnInstant', text);
    }
  });

  it('a deadline is in the future and at most two years ahead', () => {
    assert.equal(refusal('2026-03-01T09:00Z'), 'notInTheFuture');
    assert.equal(refusal('2025-12-31T09:00Z'), 'notInTheFuture');
    assert.equal(refusal('2026-03-01T09:01Z'), 'ok');
    assert.equal(refusal('2028-03-01T09:00Z'), 'ok');
    assert.equal(refusal(new Date(NOW.getTime() + MAX_AHEAD_MS).toISOString()), 'ok');
    assert.equal(refusal(new Date(NOW.getTime() + MAX_AHEAD_MS + 60_000).toISOString()), 'tooFarAhead');
    assert.equal(refusal('2099-01-01T00:00Z'), 'tooFarAhead');
    assert.equal(refusal('9999-12-31T23:59Z'), 'tooFarAhead');
  });

  it('without a window, only the four-digit years are bounds', () => {
    assert.ok(checkInstant('9999-12-31T23:59:59.999Z').ok);
    assert.ok(checkInstant('0000-01-01T00:00Z').ok);
    assert.deepEqual(checkInstant('9999-12-31T23:59:59.999-01:00'), { ok: false, refusal: 'tooFarAhead' });
    assert.deepEqual(checkInstant('0000-01-01T00:00+01:00'), { ok: false, refusal: 'tooFarBack' });
  });

  it('days: YYYY-MM-DD that exist, leap years included, years 0–99 not shifted to 19xx', () => {
    assert.equal(parseDay('2028-02-29'), Date.parse('2028-02-29T00:00:00Z'));
    assert.equal(parseDay('2027-02-29'), undefined);
    assert.equal(parseDay('2099-02-30'), undefined);
    assert.equal(parseDay('2026-2-3'), undefined);
    assert.equal(new Date(parseDay('0050-06-01')!).toISOString(), '0050-06-01T00:00:00.000Z');
    assert.equal(isCalendarDay(2000, 2, 29), true);
    assert.equal(isCalendarDay(1900, 2, 29), false);
  });

  it('every instant parsed agrees with Date.parse on valid input (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }), (date) => {
        const iso = date.toISOString();
        const parsed = parseInstant(iso);
        return parsed.ok && parsed.ms === date.getTime();
      }),
    );
  });

  it('due times are canonical and clamped into four-digit years, so string order is time order', () => {
    assert.equal(dueInstant(Date.parse('+275760-09-13T00:00:00Z')), '9999-12-31T23:59:59.999Z');
    assert.equal(dueInstant(Date.parse('-000100-01-01T00:00:00Z')), '0000-01-01T00:00:00.000Z');
    assert.equal(dueInstant(NaN), new Date(LATEST_INSTANT_MS).toISOString());
    assert.ok(dueInstant(8.64e15) > NOW.toISOString(), 'a far-future due time is not due');
    assert.equal(isCanonicalDue('2026-03-01T09:00:00.000Z'), true);
    assert.equal(isCanonicalDue('+275760-09-13T00:00:00.000Z'), false);
    assert.equal(isDue('+275760-09-13T00:00:00.000Z', NOW), false);
    assert.equal(isDue('2026-03-01T09:00:00.000Z', NOW), true);
    assert.equal(isDue(undefined, NOW), false);
    fc.assert(
      fc.property(fc.double({ min: -8.64e15, max: 8.64e15, noNaN: true }), fc.double({ min: -8.64e15, max: 8.64e15, noNaN: true }), (a, b) => {
        const [da, db] = [dueInstant(a), dueInstant(b)];
        return Math.sign(Date.parse(da) - Date.parse(db)) === Math.sign(da < db ? -1 : da > db ? 1 : 0);
      }),
    );
  });
});
