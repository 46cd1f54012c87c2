import assert from 'node:assert/strict';
import { builtDateFormats, formatDay, formatInstant } from '../../../src/cards/card-text';
import { updateCardData } from '../../../src/updates/update-cards';
import type { UpdateDocument } from '../../../src/updates/model';

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
