/**
 * GET /api/v1/my-work through the real HTTP endpoint (local-mode dev sign-in): each role gets
 * what awaits them and nothing else, an answered item leaves the list, a pending member gets an
 * empty list that names nothing, a stranger is refused in their language, and the reads do not
 * grow with the network's closed history.
 */
import assert from 'node:assert/strict';
import { NETWORK } from '../browser/network-fixture';
import { withMyWorkNetwork, type MyWorkNetwork } from '../support/my-work-fixture';
import { message, teamsConversation, type TeamsUser } from '../support/teams-activities';
import { postActivity } from '../support/bot-client';
import { parseAdaptiveCard } from '../support/adaptive-card-parser';
import type { MyWorkView } from '../../src/my-work/my-work-rules';

describe('GET /api/v1/my-work', function () {
  this.timeout(60_000);
  let net!: MyWorkNetwork;
  withMyWorkNetwork((started) => (net = started));

  async function myWork(user: TeamsUser, language = 'fr'): Promise<{ status: number; body: MyWorkView & { code?: string; message?: string } }> {
    const response = await fetch(`${net.app.url}/api/v1/my-work`, { headers: { 'x-reseau-dev-user': user.aadObjectId, 'accept-language': language } });
    return { status: response.status, body: (await response.json()) as MyWorkView & { code?: string; message?: string } };
  }
  const kinds = (view: MyWorkView) => view.items.map((item) => `${item.kind}:${item.title}`).sort();

  it('an ExCom focal point sees the poll, their agency’s position and clearance, the convocation and their agency’s pending member, soonest first', async () => {
    const { status, body } = await myWork(net.fatou);
    assert.equal(status, 200);
    assert.deepEqual(kinds(body), [
      'clearance:Journée internationale des migrants',
      'confirmMember:Mariama Touré',
      'poll:Date de l’atelier PMM ?',
      'position:Adopter le plan de travail 2027',
      'rsvp:Réunion ordinaire de juin',
    ]);
    assert.deepEqual(body.counts, { poll: 1, position: 1, clearance: 1, rsvp: 1, confirmMember: 1 });
    // Soonest deadline first: clearance (4 days), poll (5), position (7), meeting (10), then the member (no deadline).
    assert.deepEqual(body.items.map((item) => item.kind), ['clearance', 'poll', 'position', 'rsvp', 'confirmMember']);
    const clearance = body.items.find((item) => item.kind === 'clearance');
    assert.equal(clearance?.version, 1);
    assert.equal(clearance?.agencyCode, 'UNHCR');
  });

  it('what the focal point answered leaves their list', async () => {
    const fatou = { aadObjectId: net.fatou.aadObjectId, name: net.fatou.name };
    await net.app.reseau.decisions.answerPoll(NETWORK, net.pollId, fatou, { choices: ['o1'] });
    await net.app.reseau.decisions.castPosition(NETWORK, net.decisionId, fatou, { position: 'agree' });
    await net.app.reseau.meetings.rsvp(NETWORK, net.fatou.aadObjectId, net.meetingId, 'online');
    const { body } = await myWork(net.fatou);
    assert.deepEqual(kinds(body), ['clearance:Journée internationale des migrants', 'confirmMember:Mariama Touré']);
    assert.deepEqual(body.counts, { poll: 0, position: 0, clearance: 1, rsvp: 0, confirmMember: 1 });
  });

  it('a plain member of a non-ExCom agency sees only the poll and the convocation', async () => {
    const { status, body } = await myWork(net.members.ibrahima);
    assert.equal(status, 200);
    assert.deepEqual(kinds(body), ['poll:Date de l’atelier PMM ?', 'rsvp:Réunion ordinaire de juin']);
  });

  it('a co-chair sees every pending member to confirm, but no agency position (the RC’s office is not on ExCom)', async () => {
    const { body } = await myWork(net.rc);
    assert.ok(kinds(body).includes('confirmMember:Mariama Touré'));
    assert.equal(body.counts.position, 0);
    assert.equal(body.counts.clearance, 0);
  });

  it('a pending member gets an empty list that names nothing of the network', async () => {
    const response = await fetch(`${net.app.url}/api/v1/my-work`, { headers: { 'x-reseau-dev-user': net.pending.aadObjectId } });
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.deepEqual(JSON.parse(text), { items: [], counts: { poll: 0, position: 0, clearance: 0, rsvp: 0, confirmMember: 0 } });
    for (const secret of ['PMM', 'Adopter', 'Journée', 'Réunion', 'Mariama']) assert.ok(!text.includes(secret), secret);
  });

  it('someone who is not in the network is refused, in their language', async () => {
    const fr = await myWork(net.stranger, 'fr');
    assert.equal(fr.status, 403);
    assert.equal(fr.body.code, 'forbidden');
    const en = await myWork(net.stranger, 'en');
    assert.equal(en.status, 403);
    assert.notEqual(en.body.message, fr.body.message, 'the message is translated');
  });

  it('one click answers a convocation from the tab (POST /meetings/:id/rsvp); a pending member is refused; a made-up answer is a 400', async () => {
    const post = (user: TeamsUser, body: unknown) =>
      fetch(`${net.app.url}/api/v1/meetings/${net.meetingId}/rsvp`, { method: 'POST', headers: { 'x-reseau-dev-user': user.aadObjectId, 'content-type': 'application/json', 'accept-language': 'en' }, body: JSON.stringify(body) });
    assert.equal((await post(net.pending, { response: 'inPerson' })).status, 403);
    const invalid = await post(net.members.moussa, { response: 'maybe' });
    assert.equal(invalid.status, 400);
    assert.equal(((await invalid.json()) as { code: string }).code, 'invalidInput');
    assert.ok(kinds((await myWork(net.members.moussa)).body).includes('rsvp:Réunion ordinaire de juin'), 'nothing was recorded');
    const answered = await post(net.members.moussa, { response: 'inPerson' });
    assert.equal(answered.status, 200);
    assert.deepEqual(await answered.json(), { meetingId: net.meetingId, response: 'inPerson' });
    assert.ok(!kinds((await myWork(net.members.moussa)).body).includes('rsvp:Réunion ordinaire de juin'));
  });

  it('the convocation card links the meeting’s page in the tab (the web address here: no Teams app id in local mode)', async () => {
    const url = `${net.app.url}/tab#/meetings/${net.meetingId}`;
    const sent = () => net.app.connector.calls.find((call) => call.status < 300 && JSON.stringify(call.body).includes(url));
    // The outbox sends after the convocation's turn: wait for the cards to reach the connector.
    for (const deadline = Date.now() + 10_000; !sent() && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 50));
    const card = sent();
    assert.ok(card, 'a convocation card carries the link');
    assert.match(JSON.stringify(card.body), /Ouvrir dans l’onglet Réseau|Open in the Réseau tab/);
  });

  it('the help card counts what awaits the reader in their 1:1 chat, links My work, and counts nothing in a channel', async () => {
    const chat = teamsConversation('personal');
    await postActivity(net.app.url, message({ serviceUrl: net.app.connector.serviceUrl, conversation: chat, user: net.members.ibrahima, text: 'aide' }));
    const personal = JSON.stringify(net.app.connector.activities({ conversationId: chat.id }).at(-1));
    assert.match(personal, /Ce qui vous attend/);
    assert.match(personal, /"title":"Sondages auxquels répondre","value":"1"/);
    assert.doesNotMatch(personal, /Positions de votre agence/, 'only kinds with something waiting');
    assert.ok(personal.includes(`"url":"${net.app.url}/tab#/"`), 'Open My work');
    const card = net.app.connector.activities({ conversationId: chat.id }).at(-1)?.attachments?.[0]?.content;
    assert.deepEqual(parseAdaptiveCard(card).problems, []);

    const helpCards = () => net.app.connector.activities().filter((activity) => JSON.stringify(activity).includes('Aide — Réseau'));
    const before = helpCards().length;
    const response = await postActivity(net.app.url, message({ serviceUrl: net.app.connector.serviceUrl, conversation: net.channel, user: net.members.ibrahima, text: 'aide' }));
    assert.ok(response.status < 300, String(response.status));
    assert.equal(helpCards().length, before + 1);
    const shared = JSON.stringify(helpCards().at(-1));
    assert.match(shared, /Aide — Réseau/);
    assert.doesNotMatch(shared, /Ce qui vous attend/);
  });

  it('reads the same documents however much closed history the network has', async () => {
    const store = net.app.reseau.store;
    // What My work reads, by kind (the outbox dispatcher polls the same store meanwhile: not counted).
    let reads: string[] = [];
    const original = { get: store.get.bind(store), query: store.query.bind(store) };
    Object.assign(store, {
      get: (networkId: string, id: string) => {
        reads.push(`get ${id.split(':')[0]}`);
        return original.get(networkId, id);
      },
      query: (networkId: string, query: { type: string }) => {
        reads.push(`query ${query.type}`);
        return original.query(networkId, query as Parameters<typeof original.query>[1]);
      },
    });
    try {
      const measure = async () => {
        await myWork(net.members.ibrahima); // warm the role cache, then measure
        reads = [];
        await myWork(net.members.ibrahima);
        return reads.filter((read) => !/outbox|conversation/.test(read)).sort();
      };
      const before = await measure();
      const rc = { aadObjectId: net.rc.aadObjectId, name: net.rc.name };
      for (let i = 0; i < 5; i += 1) {
        const decision = await net.app.reseau.decisions.createDecision(NETWORK, rc, { title: `Décision close ${i}`, text: { fr: '…' }, mode: 'silenceProcedure', deadline: new Date(Date.now() + 86_400_000).toISOString() });
        await net.app.reseau.decisions.closeEarly(NETWORK, decision.decisionId, net.rc.aadObjectId);
      }
      const after = await measure();
      assert.deepEqual(after, before, 'five closed decisions later');
      // One open poll (the answer, then the audience page, by id), one upcoming meeting (the invitation by id).
      assert.deepEqual(before.filter((read) => !read.includes('member') && !read.includes('directory') && !read.includes('rotation')), ['get meeting-rsvp', 'get poll-answer', 'get poll-audience', 'query meeting', 'query poll']);
    } finally {
      Object.assign(store, original);
    }
  });
});
