import assert from 'node:assert/strict';
import { builtDateFormats, formatDay, formatInstant } from '../../../src/cards/card-text';
import { updateCardData } from '../../../src/updates/update-cards';
import type { UpdateDocument } from '../../../src/updates/model';
import { periodDays } from '../../../src/updates/update-cards';
import { handoverCardData } from '../../../src/network/membership-cards';
import type { RotationTerm } from '../../../src/network/model';
import type { Handover } from '../../../src/network/rotation';
import { pickedInstant } from '../../../src/decisions/slot-rules';
import { sampleActionItemCard } from '../workplan/card-samples';

describe('dates on cards, in the network’s zone', () => {
  const instant = '2026-03-10T23:30:00Z';

  it('shows an instant in the zone asked (Guinea’s when none): the hour and even the day change with it', () => {
    assert.match(formatInstant(instant, 'fr'), /10 mars 2026.*23:30/);
    assert.match(formatInstant(instant, 'en', 'Africa/Lagos'), /11 March 2026.*00:30/);
    assert.match(formatInstant(instant, 'fr', 'America/New_York'), /10 mars 2026.*19:30/);
    assert.equal(formatDay('en', instant, 'Africa/Lagos'), '11 March 2026');
    assert.equal(formatDay('en', instant), '10 March 2026');
  });

  it('a calendar day stays that day whatever the zone', () => {
    for (const zone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Africa/Conakry']) assert.equal(formatDay('fr', '2026-03-12', zone), '12 mars 2026');
  });

  it('builds one formatter per (language, zone) and reuses it', () => {
    formatInstant(instant, 'fr', 'Europe/Paris');
    const built = builtDateFormats();
    for (let index = 0; index < 50; index += 1) formatInstant(instant, 'fr', 'Europe/Paris');
    assert.equal(builtDateFormats(), built);
    formatInstant(instant, 'en', 'Europe/Paris');
    assert.equal(builtDateFormats(), built + 1);
  });
});

describe('an update’s card, in the network’s zone', () => {
  it('says the day it was shared in the zone given (a late evening in Conakry is the next day in Lagos)', () => {
    const update = { kind: 'news', agencyCode: 'IOM', title: 'T', summary: 'S', objectives: [1], sharedBy: { name: 'Aminata' }, sharedAt: '2026-03-10T23:30:00Z' } as unknown as UpdateDocument;
    assert.match(updateCardData('en', update, []).sharedBy, /10 March 2026/);
    assert.match(updateCardData('en', update, [], '', 'Africa/Lagos').sharedBy, /11 March 2026/);
  });
});

describe('more cards in the network’s zone (issue 16)', () => {
  it('a handover notice names the day the term ends as the network reads it (Guinea’s when none)', () => {
    const term = (agencyCode: string, start: string, end: string): RotationTerm => ({ agencyCode, start, end });
    const handover: Handover = { from: term('IOM', '2026-01-31T20:00:00Z', '2027-01-31T20:00:00Z'), to: term('UNHCR', '2027-01-31T20:00:00Z', '2028-01-31T20:00:00Z') };
    const said = (zone?: string) => JSON.stringify(handoverCardData('fr', handover, [], zone));
    assert.match(said(), /31 janvier 2028/);
    assert.match(said('Asia/Tokyo'), /1 février 2028/);
  });

  it('a work-plan action item’s due day is written as people read it, not as stored', () => {
    assert.equal(sampleActionItemCard('fr', 'Texte').facts[1]!.value, '31 mars 2026');
    assert.equal(sampleActionItemCard('en', 'Text').facts[1]!.value, '31 March 2026');
  });

  it('a period’s first and last days are the days its bounds fall on in the zone given', () => {
    const period = { from: '2026-03-02T20:00:00.000Z', to: '2026-03-09T20:00:00.000Z' };
    assert.deepEqual(periodDays('fr', period), { from: '2 mars 2026', to: '9 mars 2026' });
    assert.deepEqual(periodDays('fr', period, 'Asia/Tokyo'), { from: '3 mars 2026', to: '10 mars 2026' });
  });

  it('a card’s date and time pickers are read on the clocks of the zone given', () => {
    assert.equal(pickedInstant('2026-03-12', '09:30', 'Asia/Tokyo'), '2026-03-12T00:30:00.000Z');
    assert.equal(pickedInstant('2026-03-12', '09:30', 'Africa/Conakry'), '2026-03-12T09:30:00.000Z');
    assert.equal(pickedInstant('2026-03-12', undefined, 'Europe/Paris'), '2026-03-12T16:00:00.000Z', '17:00 when no time was given');
    assert.equal(pickedInstant('2026-02-30', '10:00', 'Asia/Tokyo'), undefined);
    assert.equal(pickedInstant(undefined, '10:00', 'Asia/Tokyo'), undefined);
  });
});
