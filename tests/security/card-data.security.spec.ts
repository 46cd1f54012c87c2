/**
 * Tampered card data, from outside: a card's data is whatever the client sends. Ids of things
 * that do not exist or belong to another network, wrong types, oversize strings, an agency
 * that is not the clicker's, and replays of an old card (a version already replaced, a decision
 * already closed, a request already decided). Each is refused in the invoke answer with the
 * status, code and message the person reads, and changes nothing.
 */
import assert from 'node:assert/strict';
import {
  NETWORK,
  assertCardRefused,
  createFixtures,
  startSecurityNetwork,
  type Fixtures,
  type SecurityNetwork,
} from './support/network';
import { cardIn } from '../support/card-actions';

const INVALID = ['InvalidCardData', 'invalidInput'];

describe('security: tampered card data and replays', function () {
  this.timeout(60_000);
  let net: SecurityNetwork;
  let f: Fixtures;
  let closedDecisionId: string;

  const refused = async (who: keyof Pick<SecurityNetwork, 'rc' | 'member' | 'wfpFocal' | 'pending' | 'secretariat'> | 'iom' | 'unhcr', verb: string, data: unknown, expected: { status: number | number[]; codes: readonly string[]; language?: 'fr' | 'en' }, options: { inChannel?: boolean } = {}) => {
    const person = who === 'iom' ? net.reps.IOM : who === 'unhcr' ? net.reps.UNHCR : net[who];
    const response = await net.unchanged(
      () => net.click(person, verb, data as Record<string, unknown>, { locale: expected.language === 'en' ? 'en-US' : 'fr-FR', ...(options.inChannel ? { conversation: net.channel } : {}) }),
      `${verb} ${JSON.stringify(data).slice(0, 80)}`,
    );
    assertCardRefused(response, expected, verb);
  };

  before(async function () {
    this.timeout(120_000);
    net = await startSecurityNetwork();
    f = await createFixtures(net);
    // Version 2 replaces version 1 in clearance: cards showing version 1 are now stale.
    assert.equal((await net.api(net.rc, 'POST', `/statements/${f.statementId}/versions`, { text: { fr: 'Le Réseau rappelle les droits de tous les migrants.' } })).status, 201);
    assert.equal((await net.api(net.rc, 'POST', `/statements/${f.statementId}/submit`, { version: 2 })).status, 200);
    const closed = await net.api(net.rc, 'POST', '/decisions', { title: 'Décision close', text: { fr: 'x' }, mode: 'consensus', deadline: '2026-03-09T17:00:00.000Z' });
    closedDecisionId = String(closed.body.decisionId);
    assert.equal((await net.api(net.rc, 'POST', `/decisions/${closedDecisionId}/close`, {})).status, 200);
    await net.settle();
  });
  after(async () => {
    await net?.stop();
  });

  it('[card] an unknown decision id: 404 unknownDecision, store unchanged', async () => {
    await refused('iom', 'decision.position', { networkId: NETWORK, decisionId: '00000000-0000-4000-8000-000000000000', agencyCode: 'IOM', position: 'agree' }, { status: 404, codes: ['unknownDecision'] });
  });

  it('[card] a decision card naming another network: 400 wrongNetwork, store unchanged', async () => {
    await refused('iom', 'decision.position', { networkId: 'sn', decisionId: f.decisionId, agencyCode: 'IOM', position: 'agree' }, { status: 400, codes: ['wrongNetwork'], language: 'en' });
  });

  it('[card] a poll id of another kind of document (a decision id): 404 unknownPoll, store unchanged', async () => {
    await refused('member', 'poll.answer', { networkId: NETWORK, pollId: f.decisionId, choices: 'o1' }, { status: 404, codes: ['unknownPoll'] });
  });

  it('[card] an id with path or query syntax (../, ?, #): refused, store unchanged', async () => {
    await refused('member', 'poll.answer', { networkId: NETWORK, pollId: `../decision:${f.decisionId}`, choices: 'o1' }, { status: [400, 404], codes: ['unknownPoll', ...INVALID], language: 'en' });
  });

  it('[card] a decision id given as a number: 400 InvalidCardData, store unchanged', async () => {
    await refused('iom', 'decision.position', { networkId: NETWORK, decisionId: 42, agencyCode: 'IOM', position: 'agree' }, { status: 400, codes: INVALID });
  });

  it('[card] a network id given as an array: 400 InvalidCardData, store unchanged', async () => {
    await refused('iom', 'decision.position', { networkId: [NETWORK], decisionId: f.decisionId, agencyCode: 'IOM', position: 'agree' }, { status: 400, codes: INVALID, language: 'en' });
  });

  it('[card] choices given as an object: 400 InvalidCardData, store unchanged', async () => {
    await refused('member', 'poll.answer', { networkId: NETWORK, pollId: f.pollId, choices: { o1: true } }, { status: 400, codes: INVALID });
  });

  it('[card] card data that is an array, not an object: 400 InvalidCardData, store unchanged', async () => {
    await refused('member', 'poll.answer', [NETWORK, f.pollId, 'o1'], { status: 400, codes: INVALID, language: 'en' });
  });

  it('[card] a prototype-polluting payload (__proto__, constructor) is refused or inert: store unchanged', async () => {
    const data = JSON.parse(`{"networkId":"${NETWORK}","pollId":"nope","choices":"o1","__proto__":{"isAdmin":true,"status":"confirmed"},"constructor":{"prototype":{"coChair":true}}}`) as Record<string, unknown>;
    await refused('member', 'poll.answer', data, { status: [400, 404], codes: ['unknownPoll', ...INVALID] });
    assert.equal(({} as { isAdmin?: unknown }).isAdmin, undefined);
  });

  it('[card] an oversize comment (100,000 characters): 400, store unchanged', async () => {
    await refused('unhcr', 'decision.position', { networkId: NETWORK, decisionId: f.decisionId, agencyCode: 'UNHCR', position: 'object', comment: 'x'.repeat(100_000) }, { status: 400, codes: [...INVALID, 'commentTooLong'], language: 'en' });
  });

  it('[card] an oversize title in the decision form (100,000 characters): 400, store unchanged', async () => {
    await refused('rc', 'decision.create', { networkId: NETWORK, title: 'T'.repeat(100_000), textFr: 'x', mode: 'consensus', deadlineDate: '2026-03-20', deadlineTime: '17:00' }, { status: 400, codes: INVALID });
  });

  it('[card] an unknown position value: 400 invalidOption, store unchanged', async () => {
    await refused('unhcr', 'decision.position', { networkId: NETWORK, decisionId: f.decisionId, agencyCode: 'UNHCR', position: 'veto' }, { status: 400, codes: ['invalidOption', ...INVALID], language: 'en' });
  });

  it('[card] a poll option the poll does not have: 400 invalidOption, store unchanged', async () => {
    await refused('member', 'poll.answer', { networkId: NETWORK, pollId: f.pollId, choices: 'o9' }, { status: 400, codes: ['invalidOption'] });
  });

  it('[card] an RSVP with an unknown response kind: 400 InvalidCardData, store unchanged', async () => {
    await refused('member', 'meetings.rsvp', { networkId: NETWORK, meetingId: f.meetingId, response: 'hacked' }, { status: 400, codes: INVALID, language: 'en' });
  });

  it('[card] an RSVP for a meeting id that does not exist: 404 unknownMeeting, store unchanged', async () => {
    await refused('member', 'meetings.rsvp', { networkId: NETWORK, meetingId: '00000000-0000-4000-8000-000000000000', response: 'inPerson' }, { status: 404, codes: ['unknownMeeting'] });
  });

  it('[card] an RSVP delegating to a person of another agency: 403 delegateOtherAgency, store unchanged', async () => {
    await refused('member', 'meetings.rsvp', { networkId: NETWORK, meetingId: f.meetingId, response: 'delegated', delegateId: net.reps.UNHCR.user.aadObjectId }, { status: [400, 403], codes: ['delegateOtherAgency', 'delegateUnknown'], language: 'en' });
  });

  it('[card] a join card asking for the co-chair role: 400 unknownRole, store unchanged', async () => {
    const newcomer = net.person('Ambitieux Candidat');
    const response = await net.unchanged(() => net.click(newcomer, 'network.join', { networkId: NETWORK, agencyCode: 'RCO', agencyRole: 'coChair' }), 'join as co-chair');
    assertCardRefused(response, { status: 400, codes: ['unknownRole'] });
  });

  it('[card] a join card for an agency not in the directory: 400 unknownAgency, store unchanged', async () => {
    const newcomer = net.person('Agence Fantôme');
    const response = await net.unchanged(() => net.click(newcomer, 'network.join', { networkId: NETWORK, agencyCode: 'EVIL', agencyRole: 'member' }, { locale: 'en-US' }), 'join unknown agency');
    assertCardRefused(response, { status: 400, codes: ['unknownAgency'], language: 'en' });
  });

  it('[card] a confirmation card edited to confirm the person into another agency: 409 staleCard, store unchanged', async () => {
    await refused('rc', 'network.member.confirm', { networkId: NETWORK, memberId: net.pending.user.aadObjectId, agencyCode: 'IOM' }, { status: 409, codes: ['staleCard'] });
  });

  it('[card] a confirmation card for an unknown person: 404 unknownMember, store unchanged', async () => {
    await refused('rc', 'network.member.confirm', { networkId: NETWORK, memberId: '00000000-0000-4000-8000-000000000000', agencyCode: 'WFP' }, { status: 404, codes: ['unknownMember'], language: 'en' });
  });

  it('[replay] a confirmation card clicked again after the request was decided: 409 notPending, store unchanged', async () => {
    await refused('rc', 'network.member.confirm', { networkId: NETWORK, memberId: net.member.user.aadObjectId, agencyCode: 'WFP' }, { status: 409, codes: ['notPending'] });
  });

  it('[replay] a clearance of a version that a newer version replaced: 409 staleVersion, store unchanged', async () => {
    await refused('unhcr', 'statement.clear', { networkId: NETWORK, statementId: f.statementId, agencyCode: 'UNHCR', version: '1', position: 'approve' }, { status: 409, codes: ['staleVersion'], language: 'en' }, { inChannel: true });
  });

  it('[replay] a clearance of a version that does not exist yet (99): 409, store unchanged', async () => {
    await refused('unhcr', 'statement.clear', { networkId: NETWORK, statementId: f.statementId, agencyCode: 'UNHCR', version: '99', position: 'approve' }, { status: 409, codes: ['staleVersion', 'notInClearance'] }, { inChannel: true });
  });

  it('[replay] a submission of a version that a newer version replaced: 409 staleVersion, store unchanged', async () => {
    await refused('rc', 'statement.submit', { networkId: NETWORK, statementId: f.statementId, version: '1' }, { status: 409, codes: ['staleVersion'], language: 'en' });
  });

  it('[replay] a delivery card for a statement not validated: 409 notValidated, store unchanged', async () => {
    await refused('rc', 'statement.deliver', { networkId: NETWORK, statementId: f.statementId, version: '2' }, { status: 409, codes: ['notValidated'] }, { inChannel: true });
  });

  it('[replay] a position on a decision card after the decision was closed: 409 closed, store unchanged', async () => {
    await refused('unhcr', 'decision.position', { networkId: NETWORK, decisionId: closedDecisionId, agencyCode: 'UNHCR', position: 'object', comment: 'trop tard' }, { status: 409, codes: ['closed'], language: 'en' });
  });

  it('[replay] closing an already closed decision again: 409 closed, store unchanged', async () => {
    await refused('rc', 'decision.close', { networkId: NETWORK, decisionId: closedDecisionId }, { status: 409, codes: ['closed'] });
  });

  it('[replay] the same position invoke delivered twice (same activity id) counts once: the second changes nothing', async () => {
    const data = { networkId: NETWORK, decisionId: f.decisionId, agencyCode: 'UNHCR', position: 'agree' };
    const id = 'f:replayed-invoke-0001';
    cardIn(await net.click(net.reps.UNHCR, 'decision.position', data, { id }));
    const again = await net.unchanged(() => net.click(net.reps.UNHCR, 'decision.position', data, { id }), 'replayed invoke');
    cardIn(again);
  });

  it('[card] a position card forging who cast it (castBy, castByRole, agencyRole): the voice keeps the clicker and the capacity their roles give', async () => {
    const created = await net.api(net.rc, 'POST', '/decisions', { title: 'Décision à voix signée', text: { fr: 'x' }, mode: 'consensus', deadline: '2026-03-20T17:00:00.000Z' });
    assert.equal(created.status, 201, created.raw);
    const decisionId = String(created.body.decisionId);
    const forged = { aadObjectId: net.member.user.aadObjectId, name: 'Signataire forgé', agencyRole: 'alternate' };
    cardIn(await net.click(net.reps.UNHCR, 'decision.position', { networkId: NETWORK, decisionId, agencyCode: 'UNHCR', position: 'agree', castBy: forged, castByRole: 'alternate', agencyRole: 'alternate' }));
    await net.settle();
    const stored = JSON.stringify(net.app.partition(NETWORK).filter((doc) => JSON.stringify(doc).includes(decisionId)));
    assert.ok(!stored.includes('Signataire forgé') && !stored.includes(net.member.user.aadObjectId), 'nothing of the forged author is stored');
    const page = await net.api(net.member, 'GET', `/decisions/${decisionId}`);
    assert.equal(page.status, 200, page.raw);
    const unhcr = (page.body as { decision: { positions: { agencyCode: string; history?: { castBy?: string; castByRole?: string }[] }[] } }).decision.positions.find((entry) => entry.agencyCode === 'UNHCR');
    assert.deepEqual(unhcr?.history?.map((entry) => [entry.castBy, entry.castByRole]), [[net.reps.UNHCR.user.name, 'focalPoint']]);
  });

  it('[card] an extend card naming its own zone (timeZone: Pacific/Kiritimati) is read on the decision’s clocks; the decision keeps its zone', async () => {
    const created = await net.api(net.rc, 'POST', '/decisions', { title: 'Décision à prolonger', text: { fr: 'x' }, mode: 'consensus', deadline: '2026-03-20T17:00:00.000Z' });
    assert.equal(created.status, 201, created.raw);
    const decisionId = String(created.body.decisionId);
    const answer = await net.click(net.rc, 'decision.extend', { networkId: NETWORK, decisionId, deadlineDate: '2026-03-25', deadlineTime: '10:00', timeZone: 'Pacific/Kiritimati' });
    assert.doesNotMatch(JSON.stringify(answer.body), /vnd\.microsoft\.error/, JSON.stringify(answer.body).slice(0, 300));
    await net.settle();
    const stored = net.app.partition(NETWORK).find((doc) => (doc as { type?: string; decisionId?: string }).type === 'decision' && (doc as { decisionId?: string }).decisionId === decisionId) as { deadline?: string; timeZone?: string } | undefined;
    assert.deepEqual([stored?.deadline, stored?.timeZone], ['2026-03-25T10:00:00.000Z', 'Africa/Conakry']);
  });

  it('[card] a card action without the clicker’s Entra object id: 400 InvalidCardData, store unchanged', async () => {
    const anonymous = { ...net.member, user: { ...net.member.user, aadObjectId: '' } };
    const response = await net.unchanged(() => net.click(anonymous, 'poll.answer', { networkId: NETWORK, pollId: f.pollId, choices: 'o1' }), 'no aadObjectId');
    assertCardRefused(response, { status: 400, codes: INVALID });
  });
});
