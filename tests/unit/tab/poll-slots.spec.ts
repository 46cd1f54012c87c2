/**
 * The Polls page's slot pickers → the text the server reads as the chat does: a full row becomes
 * `DD/MM/YYYY HH:MM-HH:MM`, which the server's own slot rules read in Conakry time; a row with
 * only part of a slot, or a picker whose typing the browser could not read, is incomplete (the page
 * says the expected format) — never sent as a label-only slot without the times meant.
 */
import assert from 'node:assert/strict';
import { parseSlotText } from '../../../src/decisions/slot-rules';
import { slotExample, slotRowText } from '../../../src/tab/app/poll-slots';

describe('tab poll slot pickers', () => {
  const now = new Date('2026-11-30T09:00:00Z');

  it('writes a full row day first, and the server reads the same times in Conakry', () => {
    const row = slotRowText({ date: '2027-05-12', from: '10:00', to: '12:30' });
    assert.deepEqual(row, { kind: 'slot', text: '12/05/2027 10:00-12:30' });
    assert.deepEqual(parseSlotText(row.kind === 'slot' ? row.text : '', 'Africa/Conakry', now), { label: '12/05/2027 10:00-12:30', start: '2027-05-12T10:00:00.000Z', end: '2027-05-12T12:30:00.000Z' });
  });

  it('leaves out an empty row', () => {
    assert.deepEqual(slotRowText({ date: '', from: '', to: '' }), { kind: 'empty' });
  });

  it('calls a row with part of a slot, or an unreadable picker, incomplete', () => {
    for (const row of [
      { date: '', from: '10:00', to: '12:00' },
      { date: '2027-05-12', from: '', to: '' },
      { date: '2027-05-12', from: '10:00', to: '' },
      { date: '12/05/2027', from: '10:00', to: '12:00' },
    ]) {
      assert.deepEqual(slotRowText(row), { kind: 'incomplete' }, JSON.stringify(row));
    }
    assert.deepEqual(slotRowText({ date: '', from: '', to: '' }, true), { kind: 'incomplete' }, 'a date typed so it cannot be read leaves the picker empty');
  });

  it('gives an example a week ahead in the expected format, which the server reads as a slot', () => {
    assert.equal(slotExample(now), '07/12/2026 10:00-12:00');
    assert.ok(parseSlotText(slotExample(now), 'Africa/Conakry', now).start);
  });
});
