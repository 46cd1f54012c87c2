/**
 * Issue 12 §5, dates: a convocation's start and end exist on the calendar (Date.parse rolls
 * 30 February over to March and reads extended years) and the meeting is at most two years ahead.
 */
import assert from 'node:assert/strict';
import { editMeeting, validateConvocation } from '../../../src/meetings/meeting-rules';
import { NOW, code, convocation, meeting } from './meeting-fixture';


describe('meeting rules: dates', () => {
  it('refuses days and times that do not exist, and instants without a zone', () => {
    for (const [start, end] of [
      ['2026-02-30T10:00:00Z', '2026-02-30T12:00:00Z'],
      ['2026-04-31T10:00:00Z', '2026-04-31T12:00:00Z'],
      ['2026-03-10T25:00:00Z', '2026-03-10T26:00:00Z'],
      ['2026-03-10T10:00:00Z', '2026-03-10T24:01:00Z'],
      ['2026-03-10T10:00:00', '2026-03-10T12:00:00'],
      ['March 10 2026 10:00', 'March 10 2026 12:00'],
    ] as const) {
      assert.equal(code(() => validateConvocation(convocation({ start, end }), NOW)), 'invalidConvocation', `${start} – ${end}`);
    }
  });

  it('refuses a meeting more than two years ahead or in an extended year, on creation and on edit', () => {
    const far = [
      ['2099-03-10T10:00:00Z', '2099-03-10T12:00:00Z'],
      ['+275760-09-12T10:00:00Z', '+275760-09-12T12:00:00Z'],
      ['+010000-01-01T10:00:00Z', '+010000-01-01T12:00:00Z'],
      [new Date(NOW.getTime() + 732 * 86_400_000).toISOString(), new Date(NOW.getTime() + 732 * 86_400_000 + 3_600_000).toISOString()],
    ] as const;
    for (const [start, end] of far) {
      assert.equal(code(() => validateConvocation(convocation({ start, end }), NOW)), 'invalidConvocation', start);
      assert.equal(code(() => editMeeting(meeting(), convocation({ start, end }), NOW)), 'invalidConvocation', `edit ${start}`);
    }
    const inTwoYears = new Date(NOW.getTime() + 730 * 86_400_000);
    const valid = validateConvocation(convocation({ start: inTwoYears.toISOString(), end: new Date(inTwoYears.getTime() + 3_600_000).toISOString() }), NOW);
    assert.equal(valid.start, inTwoYears.toISOString());
  });
});
