/**
 * The Polls page's API through the real HTTP endpoint (local-mode dev sign-in): the list with the
 * reader's own answer only, an answer from the page with the card's rules (one answer per person,
 * a retried click counted once), refusals that store nothing (pending, stranger, closed poll, an
 * option that does not exist, two choices in a single-choice poll), anonymity kept in the list, and
 * a time-slot poll typed as the tab's date and time pickers write it (refused when the date does
 * not exist, with the expected format, in the reader's language).
 */
import assert from 'node:assert/strict';
import { NETWORK } from '../browser/network-fixture';
import { apiCall, type ApiAnswer } from '../support/api-client';
import { cardTap } from '../support/card-actions';
import { COUNTED_NETWORK, startCountedNetwork, type CountedNetwork } from '../support/counted-network';
import { withoutCachedRoleReads, type StoreCounts } from '../support/counting-store';
import { withMyWorkNetwork, type MyWorkNetwork } from '../support/my-work-fixture';
import type { TeamsUser } from '../support/teams-activities';
import type { PollAnswerDocument, PollDocument } from '../../src/decisions/model';
import type { PollListItemView } from '../../src/decisions/decision-views';

interface ListBody {
  readonly polls: readonly PollListItemView[];
}

describe('the Polls page API (GET /polls, POST /polls/:id/answer)', function () {
  this.timeout(60_000);
  let net!: MyWorkNetwork;
  withMyWorkNetwork((started) => (net = started));
  const api = (user: TeamsUser | undefined, method: string, path: string, body?: unknown, language = 'fr-FR'): Promise<ApiAnswer> => apiCall(net.app.url, method, path, user, body, language);
  const list = async (user: TeamsUser) => (await api(user, 'GET', '/polls')).body as unknown as ListBody;
  const storedAnswer = async (pollId: string, user: TeamsUser) => (await net.app.store.get<PollAnswerDocument>(NETWORK, `poll-answer:${pollId}:${user.aadObjectId.toLowerCase()}`))?.document;
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

  it('a member lists the open poll without an answer, answers it from the page, and the list then shows their answer and the results count it', async () => {
    const before = await list(net.members.ibrahima);
    const poll = before.polls.find((entry) => entry.pollId === net.pollId);
    assert.ok(poll, 'the open poll is listed');
    assert.equal(poll.status, 'open');
    assert.equal(poll.yourAnswer, undefined);
    assert.deepEqual(poll.options.map((option) => option.label), ['Juin', 'Juillet']);

    const answered = await api(net.members.ibrahima, 'POST', `/polls/${net.pollId}/answer`, { choices: ['o2'] });
    assert.equal(answered.status, 200, answered.raw);
    assert.deepEqual(answered.body.yourAnswer, { choices: ['o2'] });
    const after = (await list(net.members.ibrahima)).polls.find((entry) => entry.pollId === net.pollId);
    assert.deepEqual(after?.yourAnswer, { choices: ['o2'] });
    const results = (await api(net.members.ibrahima, 'GET', `/polls/${net.pollId}`)).body as { results: { options: { count: number; names?: string[] }[] } };
    assert.equal(results.results.options[1]?.count, 1);
    assert.deepEqual(results.results.options[1]?.names, ['Ibrahima Sylla']);
    // Another member's list shows no one else's answer.
    assert.equal((await list(net.members.jane)).polls.find((entry) => entry.pollId === net.pollId)?.yourAnswer, undefined);
  });

  it('one answer per person: changing it replaces it, and a retried click (same requestId) counts once', async () => {
    const moussa = net.members.moussa;
    assert.equal((await api(moussa, 'POST', `/polls/${net.pollId}/answer`, { choices: ['o1'], requestId: 'click-1' })).status, 200);
    assert.equal((await api(moussa, 'POST', `/polls/${net.pollId}/answer`, { choices: ['o2'], requestId: 'click-2' })).status, 200);
    // The first click's request arrives again (a network retry): nothing changes.
    const replay = await api(moussa, 'POST', `/polls/${net.pollId}/answer`, { choices: ['o1'], requestId: 'click-1' });
    assert.equal(replay.status, 200);
    assert.deepEqual(replay.body.yourAnswer, { choices: ['o2'] });
    assert.deepEqual((await storedAnswer(net.pollId, moussa))?.choices, ['o2']);
    const results = (await api(moussa, 'GET', `/polls/${net.pollId}`)).body as { results: { respondents: number; options: { count: number }[] } };
    assert.equal(results.results.options.reduce((sum, option) => sum + option.count, 0), results.results.respondents, 'nobody counted twice');
  });

  it('refuses, storing nothing: a pending member (403), someone outside the network (403), an option that does not exist and two choices in a single-choice poll (400), in the reader’s language', async () => {
    for (const user of [net.pending, net.stranger]) {
      const listed = await api(user, 'GET', '/polls', undefined, 'en-US');
      assert.equal(listed.status, 403, user.name);
      assert.doesNotMatch(listed.raw, /PMM/);
      const answered = await api(user, 'POST', `/polls/${net.pollId}/answer`, { choices: ['o1'] }, 'en-US');
      assert.equal(answered.status, 403, user.name);
      assert.match(String(answered.body.message), /nothing was recorded/);
      assert.equal(await storedAnswer(net.pollId, user), undefined);
    }
    const jane = net.members.jane;
    const unknown = await api(jane, 'POST', `/polls/${net.pollId}/answer`, { choices: ['o9'] }, 'en-US');
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.code, 'invalidOption');
    assert.equal(unknown.body.message, 'This choice does not exist; nothing was recorded.');
    const two = await api(jane, 'POST', `/polls/${net.pollId}/answer`, { choices: ['o1', 'o2'] });
    assert.equal(two.status, 400);
    const none = await api(jane, 'POST', `/polls/${net.pollId}/answer`, { choices: [] });
    assert.equal(none.body.code, 'noChoice');
    assert.equal(none.body.message, 'Choisissez au moins une option.');
    const forged = await api(jane, 'POST', `/polls/${net.pollId}/answer`, { choices: ['o1'], pollId: 'other' });
    assert.equal(forged.status, 400, 'unknown fields are refused');
    assert.equal(await storedAnswer(net.pollId, jane), undefined);
  });

  it('a closed poll is listed as closed and refuses answers (409) without storing one; the closed list names no one of an anonymous poll', async () => {
    const rc = { aadObjectId: net.rc.aadObjectId, name: net.rc.name };
    const decisions = net.app.reseau.decisions;
    const anonymous = await decisions.createPoll(NETWORK, rc, { question: 'Priorité anonyme ?', kind: 'single', options: ['Données', 'Protection'], anonymous: true, deadline: new Date(Date.now() + 1200).toISOString() });
    await decisions.answerPoll(NETWORK, anonymous.pollId, { aadObjectId: net.members.aminata.aadObjectId, name: net.members.aminata.name }, { choices: ['o1'] });
    await new Promise((resolve) => setTimeout(resolve, 1300));
    await decisions.tick(NETWORK);
    assert.equal((await net.app.store.get<PollDocument>(NETWORK, `poll:${anonymous.pollId}`))?.document.status, 'closed');

    const listed = await api(net.rc, 'GET', '/polls');
    const entry = (listed.body as unknown as ListBody).polls.find((poll) => poll.pollId === anonymous.pollId);
    assert.equal(entry?.status, 'closed');
    assert.equal(entry?.anonymous, true);
    assert.doesNotMatch(listed.raw, /Aminata/, 'the list carries no voter');
    const late = await api(net.members.jane, 'POST', `/polls/${anonymous.pollId}/answer`, { choices: ['o2'] }, 'en-US');
    assert.equal(late.status, 409);
    assert.equal(late.body.message, 'It is closed: answers are no longer accepted.');
    assert.equal(await storedAnswer(anonymous.pollId, net.members.jane), undefined);
    // Aminata's own list shows her own answer, and nothing of anyone else's.
    assert.deepEqual((await list(net.members.aminata)).polls.find((poll) => poll.pollId === anonymous.pollId)?.yourAnswer, { choices: ['o1'] });
  });

  it('a time-slot poll written as the tab’s pickers write it (DD/MM/YYYY HH:MM-HH:MM, Conakry time) gets its times; a date that does not exist is refused with the expected format, and nothing is stored', async () => {
    const year = new Date().getUTCFullYear() + 1;
    const created = await api(net.members.jane, 'POST', '/polls', { question: 'Atelier ?', kind: 'timeSlots', options: [`12/05/${year} 10:00-12:00`, `13/05/${year} 09:30-11:00`], timeZone: 'Africa/Conakry', anonymous: false, deadline: inDays(3) });
    assert.equal(created.status, 201, created.raw);
    const poll = (created.body as { options: { label: string; start?: string; end?: string }[] }).options;
    assert.deepEqual(poll, [
      { optionId: 'o1', label: `12/05/${year} 10:00-12:00`, start: `${year}-05-12T10:00:00.000Z`, end: `${year}-05-12T12:00:00.000Z` },
      { optionId: 'o2', label: `13/05/${year} 09:30-11:00`, start: `${year}-05-13T09:30:00.000Z`, end: `${year}-05-13T11:00:00.000Z` },
    ]);
    const count = async () => (await net.app.store.query(NETWORK, { type: 'poll' })).length;
    const polls = await count();
    const impossible = await api(net.members.jane, 'POST', '/polls', { question: 'Atelier ?', kind: 'timeSlots', options: [`31/02/${year} 10:00-12:00`], anonymous: false, deadline: inDays(3) }, 'en-US');
    assert.equal(impossible.status, 400);
    assert.equal(impossible.body.code, 'impossibleSlot');
    assert.match(String(impossible.body.message), new RegExp(`“31/02/${year} 10:00-12:00” is not a date or time that exists\\. Expected format: DD/MM HH:MM-HH:MM or YYYY-MM-DD HH:MM-HH:MM \\(Conakry time\\)`));
    assert.equal(await count(), polls, 'nothing stored');
    // An answer per slot from the page.
    const pollId = String(created.body.pollId);
    const answered = await api(net.members.aminata, 'POST', `/polls/${pollId}/answer`, { slots: { o1: 'yes', o2: 'ifNeedBe' } });
    assert.equal(answered.status, 200, answered.raw);
    assert.deepEqual(answered.body.yourAnswer, { choices: ['o1', 'o2'], slots: { o1: 'yes', o2: 'ifNeedBe' } });
    const bad = await api(net.members.aminata, 'POST', `/polls/${pollId}/answer`, { slots: { o1: 'maybe' } });
    assert.equal(bad.status, 400);
    assert.deepEqual((await storedAnswer(pollId, net.members.aminata))?.slots, { o1: 'yes', o2: 'ifNeedBe' });
  });
});

describe('an answer from the Polls page costs what the card’s answer costs', function () {
  this.timeout(60_000);
  let net: CountedNetwork;
  before(async () => {
    net = await startCountedNetwork();
  });
  after(async () => {
    await net?.app.stop();
  });

  it('the poll, the own answer and the voter’s tally shard read by id, two writes, no query — whatever the turnout', async () => {
    const voters = [await net.join('Aminata Camara', 'IOM'), await net.join('Jane Smith', 'UNHCR'), await net.join('Moussa Diallo', 'IOM'), await net.join('Ibrahima Sylla', 'WFP')];
    const decisions = net.app.reseau.decisions;
    const poll = await decisions.createPoll(COUNTED_NETWORK, { aadObjectId: net.rc.aadObjectId, name: net.rc.name }, { question: 'Lieu ?', kind: 'single', options: ['Conakry', 'Kankan'], anonymous: false, deadline: new Date(Date.now() + 86_400_000).toISOString() });
    const [aminata, jane, moussa, ibrahima] = voters as [TeamsUser, TeamsUser, TeamsUser, TeamsUser];
    const tab = (user: TeamsUser, choice: string) => apiCall(net.app.url, 'POST', `/polls/${poll.pollId}/answer`, user, { choices: [choice] });
    const card = (user: TeamsUser, choice: string) => cardTap(net.app, user, 'poll.answer', { networkId: COUNTED_NETWORK, pollId: poll.pollId, choices: choice });
    // Warm both paths (a person's first request fills per-process caches), then measure.
    await tab(aminata, 'o1');
    await card(jane, 'o1');
    await decisions.cardsIdle();
    const shape = (counts: StoreCounts) => ({ gets: withoutCachedRoleReads(counts).gets, queries: counts.queries, writes: counts.writes });
    const fromTab = await net.counting.during(() => tab(aminata, 'o2'));
    assert.equal(fromTab.result.status, 200, fromTab.result.raw);
    const fromCard = await net.counting.during(() => card(jane, 'o2'));
    assert.equal(fromCard.result.status, 200);
    assert.deepEqual(shape(fromTab.counts), shape(fromCard.counts), 'the tab’s answer costs the card’s');
    // More people answer: the next answer from the page costs the same.
    await tab(moussa, 'o1');
    await card(ibrahima, 'o2');
    await decisions.cardsIdle();
    const later = await net.counting.during(() => tab(aminata, 'o1'));
    assert.deepEqual(shape(later.counts), shape(fromTab.counts), 'the same cost with twice the answers');
    assert.equal(fromTab.counts.queries, 0);
    assert.equal(fromTab.counts.writes, 2);
  });
});
