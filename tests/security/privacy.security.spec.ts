/**
 * Least-privilege reads, from outside: a pending person reads little (no emails, no poll
 * audience, no names behind positions, no online meeting links), and an anonymous poll names
 * nobody and no agency, for anyone, a co-chair included. Reads change nothing.
 */
import assert from 'node:assert/strict';
import { NETWORK, createFixtures, startSecurityNetwork, type Fixtures, type SecurityNetwork } from './support/network';
import { cardIn } from '../support/card-actions';

describe('security: privacy of what each reader gets', function () {
  this.timeout(60_000);
  let net: SecurityNetwork;
  let f: Fixtures;
  const read = async (as: SecurityNetwork['pending'], path: string) => {
    const answer = await net.unchanged(() => net.api(as, 'GET', path), `GET ${path}`);
    assert.ok(answer.status === 200 || answer.status === 403, `${path}: ${answer.status} ${answer.raw.slice(0, 200)}`);
    return answer.raw;
  };

  before(async function () {
    this.timeout(120_000);
    net = await startSecurityNetwork();
    f = await createFixtures(net);
    cardIn(await net.click(net.reps.UNHCR, 'decision.position', { networkId: NETWORK, decisionId: f.decisionId, agencyCode: 'UNHCR', position: 'agreeWithReservations', comment: 'Réserve confidentielle' }));
    cardIn(await net.click(net.member, 'poll.answer', { networkId: NETWORK, pollId: f.pollId, choices: 'o1' }));
    cardIn(await net.click(net.member, 'poll.answer', { networkId: NETWORK, pollId: f.anonymousPollId, choices: 'o2' }));
    await net.settle();
  });
  after(async () => {
    await net?.stop();
  });

  it('[privacy] a pending person reading the member list sees no email address, store unchanged', async () => {
    const raw = await read(net.pending, '/members');
    assert.doesNotMatch(raw, /[\w.+-]+@[\w-]+\.[\w.]+/, 'no email in the member list');
  });

  it('[privacy] a pending person reading a poll sees no audience and no voter names, store unchanged', async () => {
    const raw = await read(net.pending, `/polls/${f.pollId}`);
    assert.doesNotMatch(raw, /"audience"/);
    assert.ok(!raw.includes(net.member.user.name), 'no voter name');
    assert.ok(!raw.includes(net.member.user.aadObjectId), 'no voter id');
  });

  it('[privacy] a pending person reading a decision sees no castBy names behind positions, store unchanged', async () => {
    const raw = await read(net.pending, `/decisions/${f.decisionId}`);
    assert.doesNotMatch(raw, /"castBy"/);
    assert.ok(!raw.includes(net.reps.UNHCR.user.name), 'no representative name');
    assert.ok(!raw.includes(net.reps.UNHCR.user.aadObjectId), 'no representative id');
  });

  it('[privacy] a pending person reading meetings sees no online meeting link, store unchanged', async () => {
    assert.ok(!(await read(net.pending, '/meetings')).includes('secret-link'), 'list');
    assert.ok(!(await read(net.pending, `/meetings/${f.meetingId}`)).includes('secret-link'), 'detail');
  });

  it('[privacy] an anonymous poll gives nobody, a co-chair included, a breakdown by agency, an audience or a name, store unchanged', async () => {
    for (const reader of [net.rc, net.member, net.reps.IOM]) {
      const raw = await read(reader, `/polls/${f.anonymousPollId}`);
      assert.doesNotMatch(raw, /"byAgency"|"audience"|"castBy"|"respondentIds"/, raw.slice(0, 300));
      assert.ok(!raw.includes(net.member.user.name) && !raw.includes(net.member.user.aadObjectId), 'no voter');
    }
  });

  it('[privacy] the anonymous poll card shows no agency tally (no “WFP 1”) to any reader, store unchanged', async () => {
    for (const reader of [net.rc, net.reps.UNHCR]) {
      const card = cardIn(await net.unchanged(() => net.click(reader, 'poll.view', { networkId: NETWORK, pollId: f.anonymousPollId }), 'anonymous card'));
      assert.doesNotMatch(JSON.stringify(card), /WFP\s*1|PAM\s*1/, 'no agency tally');
      assert.ok(!JSON.stringify(card).includes(net.member.user.name));
    }
  });

  it('[privacy] the decision’s channel card, refreshed after a position, names the agency, never who cast it (no name, object id or request id), nor a pending reader’s refresh of it', async () => {
    const copies = net.app.connector.calls.filter((call) => (call.conversationId ?? '').split(';messageid=')[0] === net.channel.id && JSON.stringify(call.body).includes(f.decisionId));
    assert.ok(copies.length > 0, 'the decision’s card went to the channel');
    assert.match(JSON.stringify(copies.at(-1)?.body), /Réserve confidentielle/, 'the copy refreshed after UNHCR’s position')
    for (const trace of [net.reps.UNHCR.user.name, net.reps.UNHCR.user.aadObjectId, '"requestId"', '"castBy"', '"castByRole"', '"tenantId"']) {
      assert.ok(!copies.some((call) => JSON.stringify(call.body).includes(trace)), `the channel card carries ${trace}`);
    }
    // A pending person's own view of it, refreshed in the channel: the same, no one named.
    const refreshed = JSON.stringify(cardIn(await net.unchanged(() => net.click(net.pending, 'decision.view', { networkId: NETWORK, decisionId: f.decisionId }, { conversation: net.channel }), 'pending refresh')));
    assert.match(refreshed, /Réserve confidentielle/);
    for (const trace of [net.reps.UNHCR.user.name, net.reps.UNHCR.user.aadObjectId]) assert.ok(!refreshed.includes(trace), `the pending reader's card carries ${trace}`);
  });

  it('[privacy] a pending person reads the network’s language and zone (their forms need them) and nothing else of its settings, store unchanged', async () => {
    const answer = await net.unchanged(() => net.api(net.pending, 'GET', '/settings/network'), 'GET /settings/network');
    assert.equal(answer.status, 200, answer.raw);
    assert.deepEqual(Object.keys(answer.body).sort(), ['language', 'timeZone'], answer.raw);
  });

  it('[privacy] a stranger reads nothing of the network (members, decisions, its language and zone — nor the zone through a convocation draft): 403, store unchanged', async () => {
    for (const path of ['/members', `/decisions/${f.decisionId}`, '/settings/network']) {
      const answer = await net.unchanged(() => net.api(net.stranger, 'GET', path), path);
      assert.equal(answer.status, 403, `${path}: ${answer.raw.slice(0, 200)}`);
    }
    const draft = await net.unchanged(() => net.api(net.stranger, 'POST', '/meetings/draft', { start: '2026-03-10T10:00:00.000Z', end: '2026-03-10T11:00:00.000Z' }), 'POST /meetings/draft');
    assert.equal(draft.status, 403, draft.raw.slice(0, 200));
    assert.ok(!draft.raw.includes('Africa/Conakry'), 'no zone of the network');
  });
});
