import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { PollOption } from '../../../src/decisions/model';
import { bestSlot, convocationPrefill, localDateTime, parseSlotText, slotExamples, validateSlot, validateSlots, zonedInstant } from '../../../src/decisions/slot-rules';

const CONAKRY = 'Africa/Conakry';
const NOW = new Date('2026-04-20T09:00:00.000Z');

describe('time slots of a poll (slot-rules)', () => {
  describe('zonedInstant: a wall-clock time in an IANA zone → the instant', () => {
    it('Conakry is UTC+0 all year', () => {
      assert.equal(zonedInstant({ year: 2026, month: 5, day: 12, hour: 10, minute: 0 }, CONAKRY)?.toISOString(), '2026-05-12T10:00:00.000Z');
      assert.equal(zonedInstant({ year: 2026, month: 12, day: 31, hour: 23, minute: 30 }, CONAKRY)?.toISOString(), '2026-12-31T23:30:00.000Z');
    });

    it('works generally: other offsets and both sides of a DST change', () => {
      assert.equal(zonedInstant({ year: 2026, month: 5, day: 12, hour: 10, minute: 0 }, 'Africa/Lagos')?.toISOString(), '2026-05-12T09:00:00.000Z');
      assert.equal(zonedInstant({ year: 2026, month: 1, day: 15, hour: 10, minute: 0 }, 'Europe/Paris')?.toISOString(), '2026-01-15T09:00:00.000Z');
      assert.equal(zonedInstant({ year: 2026, month: 7, day: 15, hour: 10, minute: 0 }, 'Europe/Paris')?.toISOString(), '2026-07-15T08:00:00.000Z');
      assert.equal(zonedInstant({ year: 2026, month: 3, day: 29, hour: 3, minute: 30 }, 'Europe/Paris')?.toISOString(), '2026-03-29T01:30:00.000Z');
      assert.equal(zonedInstant({ year: 2026, month: 7, day: 15, hour: 10, minute: 0 }, 'America/New_York')?.toISOString(), '2026-07-15T14:00:00.000Z');
      assert.equal(zonedInstant({ year: 2026, month: 5, day: 12, hour: 10, minute: 0 }, 'Asia/Kolkata')?.toISOString(), '2026-05-12T04:30:00.000Z');
    });

    it('refuses dates and times that do not exist (31/02, 24:10, a time skipped by DST)', () => {
      assert.equal(zonedInstant({ year: 2026, month: 2, day: 31, hour: 10, minute: 0 }, CONAKRY), undefined);
      assert.equal(zonedInstant({ year: 2026, month: 13, day: 1, hour: 10, minute: 0 }, CONAKRY), undefined);
      assert.equal(zonedInstant({ year: 2026, month: 5, day: 1, hour: 24, minute: 10 }, CONAKRY), undefined);
      assert.equal(zonedInstant({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, 'Europe/Paris'), undefined);
    });

    it('round-trips with localDateTime for any minute of any day (property)', () => {
      fc.assert(
        fc.property(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }), fc.constantFrom(CONAKRY, 'Europe/Paris', 'America/New_York', 'Asia/Kolkata'), (ms, zone) => {
          const instant = new Date(Math.floor(ms / 60_000) * 60_000);
          const local = localDateTime(instant, zone);
          const back = zonedInstant(local, zone);
          // Ambiguous wall-clock times (the hour repeated when DST ends) map to one of the two.
          assert.ok(back, `${instant.toISOString()} ${zone}`);
          assert.deepEqual(localDateTime(back, zone), local);
        }),
      );
    });
  });

  describe('parseSlotText: a slot typed in chat', () => {
    it('reads `12/05 10:00-12:00` in Conakry (current year) and keeps the label as typed', () => {
      assert.deepEqual(parseSlotText('12/05 10:00-12:00', CONAKRY, NOW), { label: '12/05 10:00-12:00', start: '2026-05-12T10:00:00.000Z', end: '2026-05-12T12:00:00.000Z' });
    });

    it('reads `2026-05-12 10:00-12:00`, `12/05/2027 9h-11h30`, en dash, “à”, a weekday before and a note after', () => {
      assert.deepEqual(parseSlotText('  2026-05-12 10:00-12:00  ', CONAKRY, NOW), { label: '2026-05-12 10:00-12:00', start: '2026-05-12T10:00:00.000Z', end: '2026-05-12T12:00:00.000Z' });
      const french = parseSlotText('mardi 12/05/2027 9h-11h30', CONAKRY, NOW);
      assert.equal(french.start, '2027-05-12T09:00:00.000Z');
      assert.equal(french.end, '2027-05-12T11:30:00.000Z');
      const dash = parseSlotText('Jeudi 14/05 de 15h00 à 17h00 (salle OIM)', CONAKRY, NOW);
      assert.equal(dash.label, 'Jeudi 14/05 de 15h00 à 17h00 (salle OIM)');
      assert.equal(dash.start, '2026-05-14T15:00:00.000Z');
      assert.equal(dash.end, '2026-05-14T17:00:00.000Z');
      assert.equal(parseSlotText('14/05 15:00–17:00', CONAKRY, NOW).end, '2026-05-14T17:00:00.000Z');
      assert.equal(parseSlotText('14/05 22:00-24:00', CONAKRY, NOW).end, '2026-05-15T00:00:00.000Z');
    });

    it('converts in the given zone', () => {
      assert.equal(parseSlotText('2026-07-15 10:00-12:00', 'Europe/Paris', NOW).start, '2026-07-15T08:00:00.000Z');
    });

    it('a date without a year more than six months past means next year; one just gone stays (and is refused later)', () => {
      const december = new Date('2026-12-20T09:00:00.000Z');
      assert.equal(parseSlotText('12/01 10:00-12:00', CONAKRY, december).start, '2027-01-12T10:00:00.000Z');
      assert.equal(parseSlotText('18/12 10:00-12:00', CONAKRY, december).start, '2026-12-18T10:00:00.000Z');
    });

    it('a text with no date or time in it stays a label-only slot, never losing the text', () => {
      for (const text of ['mardi matin', 'Réunion ${title} <b>x</b>', '1/2/3/4 5-6-7', 'la semaine prochaine']) {
        assert.deepEqual(parseSlotText(text, CONAKRY, NOW), { label: text.trim() }, text);
      }
    });

    it('a date or time that does not exist is refused as impossible, a date without a time range as incomplete (issue 15)', () => {
      for (const text of ['31/02 10:00-12:00', '2026-13-01 10:00-11:00', '12/05 25:00-26:00', '12/05 10:00-24:01', '2026-02-29 9h-10h', '31/02', '30/02 matin', 'mardi 25:00', 'jeudi 10:75']) {
        const slot = parseSlotText(text, CONAKRY, NOW);
        assert.deepEqual(slot, { label: text, unreadable: 'impossible' }, text);
        assert.deepEqual(validateSlot(slot, NOW), { ok: false, refusal: 'impossible' }, text);
      }
      for (const text of ['12/05', '12/05 10:00', 'mardi 12/05 matin', '2026-05-14']) {
        assert.deepEqual(validateSlot(parseSlotText(text, CONAKRY, NOW), NOW), { ok: false, refusal: 'incomplete' }, text);
      }
    });

    it('examples are a week and nine days ahead of today, in the poll’s zone, and read back as valid slots', () => {
      const examples = slotExamples(new Date('2026-11-30T23:30:00Z'));
      assert.deepEqual(examples, { short: '07/12 10:00-12:00', iso: '2026-12-09 15:00-17:00' });
      const late = slotExamples(new Date('2026-12-28T12:00:00Z'));
      assert.deepEqual(late, { short: '04/01 10:00-12:00', iso: '2027-01-06 15:00-17:00' });
      for (const now of [NOW, new Date('2026-12-28T12:00:00Z'), new Date('2027-06-30T23:59:00Z')]) {
        for (const example of Object.values(slotExamples(now))) assert.equal(validateSlot(parseSlotText(example, CONAKRY, now), now).ok, true, `${example} at ${now.toISOString()}`);
      }
    });

    it('never throws and always keeps the trimmed text as label (property)', () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 60 }), (text) => {
          const slot = parseSlotText(text, CONAKRY, NOW);
          assert.equal(slot.label, text.trim());
          assert.equal(slot.start === undefined, slot.end === undefined);
        }),
      );
    });
  });

  describe('validateSlot', () => {
    it('accepts a future slot and stores UTC instants; a label-only slot is fine', () => {
      assert.deepEqual(validateSlot({ label: ' A ', start: '2026-05-12T10:00:00+00:00', end: '2026-05-12T12:00Z' }, NOW), { ok: true, slot: { label: 'A', start: '2026-05-12T10:00:00.000Z', end: '2026-05-12T12:00:00.000Z' } });
      assert.deepEqual(validateSlot({ label: 'mardi' }, NOW), { ok: true, slot: { label: 'mardi' } });
    });

    it('refuses: end not after start, in the past, one bound only, no offset, not a date', () => {
      const refusal = (slot: Parameters<typeof validateSlot>[0]) => {
        const result = validateSlot(slot, NOW);
        return result.ok ? 'ok' : result.refusal;
      };
      assert.equal(refusal({ label: 'a', start: '2026-05-12T12:00:00Z', end: '2026-05-12T10:00:00Z' }), 'endNotAfterStart');
      assert.equal(refusal({ label: 'a', start: '2026-05-12T12:00:00Z', end: '2026-05-12T12:00:00Z' }), 'endNotAfterStart');
      assert.equal(refusal({ label: 'a', start: '2026-04-20T08:00:00Z', end: '2026-04-20T10:00:00Z' }), 'inThePast');
      assert.equal(refusal({ label: 'a', start: '2026-05-12T10:00:00Z' }), 'startWithoutEnd');
      assert.equal(refusal({ label: 'a', start: '2026-05-12T10:00:00', end: '2026-05-12T12:00:00' }), 'badInstant');
      assert.equal(refusal({ label: 'a', start: 'demain', end: 'après-demain' }), 'badInstant');
      assert.equal(refusal({ label: 'a', start: '2026-02-31T10:00:00Z', end: '2026-03-31T10:00:00Z' }), 'badInstant');
    });

    it('validateSlots names the first refused slot', () => {
      const result = validateSlots([{ label: 'ok', start: '2026-05-12T10:00Z', end: '2026-05-12T11:00Z' }, { label: 'hier', start: '2026-04-19T10:00Z', end: '2026-04-19T11:00Z' }], NOW);
      assert.deepEqual(result, { ok: false, refusal: 'inThePast', label: 'hier' });
    });
  });

  describe('bestSlot: most yes, then most yes + if need be, then earliest', () => {
    const slot = (id: string, day: number | undefined): PollOption =>
      day === undefined ? { id, label: `slot ${id}` } : { id, label: `slot ${id}`, start: `2026-05-${String(day).padStart(2, '0')}T10:00:00.000Z`, end: `2026-05-${String(day).padStart(2, '0')}T12:00:00.000Z` };
    const result = (option: PollOption, count: number, ifNeedBe: number) => ({ option, count, ifNeedBe });

    it('most yes wins', () => {
      assert.equal(bestSlot([result(slot('o1', 12), 2, 3), result(slot('o2', 13), 3, 0), result(slot('o3', 14), 1, 4)])?.option.id, 'o2');
    });

    it('a tie on yes goes to most yes + if need be', () => {
      assert.equal(bestSlot([result(slot('o1', 12), 2, 0), result(slot('o2', 13), 2, 2), result(slot('o3', 14), 2, 1)])?.option.id, 'o2');
    });

    it('a full tie goes to the earliest, whatever the order of the options', () => {
      assert.equal(bestSlot([result(slot('o1', 14), 2, 1), result(slot('o2', 12), 2, 1), result(slot('o3', 13), 2, 1)])?.option.id, 'o2');
    });

    it('only slots with times are candidates; none with times, or nobody available → none', () => {
      assert.equal(bestSlot([result(slot('o1', undefined), 5, 0), result(slot('o2', 13), 1, 0)])?.option.id, 'o2');
      assert.equal(bestSlot([result(slot('o1', undefined), 5, 0)]), undefined);
      assert.equal(bestSlot([result(slot('o1', 12), 0, 0), result(slot('o2', 13), 0, 0)]), undefined);
      assert.equal(bestSlot([]), undefined);
    });

    it('returns the counts with the slot', () => {
      assert.deepEqual(bestSlot([result(slot('o1', 12), 2, 1)]), { option: slot('o1', 12), yes: 2, ifNeedBe: 1 });
    });

    it('no other candidate beats the chosen one (property)', () => {
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.option(fc.integer({ min: 1, max: 28 }), { nil: undefined }), fc.nat(5), fc.nat(5)), { maxLength: 8 }), (entries) => {
          const results = entries.map(([day, yes, maybe], index) => result(slot(`o${index + 1}`, day), yes, maybe));
          const best = bestSlot(results);
          const candidates = results.filter((entry) => entry.option.start && entry.count + entry.ifNeedBe > 0);
          assert.equal(best === undefined, candidates.length === 0);
          if (!best) return;
          for (const other of candidates) {
            assert.ok(other.count <= best.yes);
            if (other.count === best.yes) {
              assert.ok(other.count + other.ifNeedBe <= best.yes + best.ifNeedBe);
              if (other.count + other.ifNeedBe === best.yes + best.ifNeedBe) assert.ok(Date.parse(other.option.start!) >= Date.parse(best.option.start));
            }
          }
        }),
      );
    });
  });

  it('convocationPrefill: the tab route with the slot, the question as title and the source', () => {
    const hash = convocationPrefill('Date de mai ? & co', { start: '2026-05-12T10:00:00.000Z', end: '2026-05-12T12:00:00.000Z' }, 'Sondage « Date de mai ? & co »');
    assert.ok(hash.startsWith('#/new?'));
    const params = new URLSearchParams(hash.slice('#/new?'.length));
    assert.equal(params.get('start'), '2026-05-12T10:00:00.000Z');
    assert.equal(params.get('end'), '2026-05-12T12:00:00.000Z');
    assert.equal(params.get('timeZone'), 'Africa/Conakry');
    assert.equal(params.get('title'), 'Date de mai ? & co');
    assert.equal(params.get('source'), 'Sondage « Date de mai ? & co »');
    assert.ok(!hash.slice(1).includes('?', 5), 'a single ? so the tab splits the hash once');
    assert.equal(new URLSearchParams(convocationPrefill('x'.repeat(300), { start: 'a', end: 'b' }, 'y'.repeat(300)).slice(6)).get('source')?.length, 200);
  });
});
