/**
 * The co-chair rotation end to end: when a term ends, the next agency's representatives get
 * the co-chair rights and a handover card is posted in the network's channel.
 */
import assert from 'node:assert/strict';
import { postActivity } from '../support/bot-client';
import { startReseauWithClock, type ReseauWithClock } from '../support/reseau-with-clock';
import { botInstalled, teamsConversation } from '../support/teams-activities';

describe('co-chair rotation through the running app', function () {
  this.timeout(30_000);
  let app: ReseauWithClock;

  beforeEach(async () => {
    app = await startReseauWithClock(new Date('2026-06-01T08:00:00Z'), { ROTATION_ORDER: 'UNDP,UNHCR', ROTATION_TERM_MONTHS: '12', ROTATION_START: '2026-01-01' });
  });
  afterEach(async () => {
    await app?.stop();
  });

  it('announces the handover in the network channel when the term ends, once', async () => {
    const channel = teamsConversation('channel');
    await postActivity(app.url, botInstalled({ serviceUrl: app.connector.serviceUrl, conversation: channel }));
    assert.equal((await app.reseau.membership.rotation('gn'))?.current.agencyCode, 'UNDP');

    app.clock.now = new Date('2027-01-01T00:05:00Z');
    await app.reseau.membership.tick('gn');
    await app.reseau.membership.tick('gn');
    const post = await app.connector.waitFor((call) => call.conversationId?.startsWith(channel.id) === true && /Passation de la coprésidence/.test(JSON.stringify(call.body)), 10_000);
    const card = JSON.stringify(post.body);
    assert.match(card, /PNUD \(UNDP\)/);
    assert.match(card, /HCR \(UNHCR\)/);
    assert.match(card, /1 janvier 2028/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const announcements = app.connector.calls.filter((call) => /Passation de la coprésidence/.test(JSON.stringify(call.body)));
    assert.equal(announcements.length, 1);
    assert.equal((await app.reseau.membership.rotation('gn'))?.current.agencyCode, 'UNHCR');
  });
});
