/**
 * Working-group reviews end to end: a group created with its review interval; the tick opens
 * the members' consultation on its review date (indexed lookup); members give their view over
 * /api/v1; a co-chair puts a proposal to ExCom, decided by each focal point's card on
 * /api/messages; the outcome lands on the group and in the audit trail. A refused proposal goes
 * back to consultation; a lost notice is taken in by the tick. Bad input is refused with a code
 * and a message in the reader's language, the partition left as it was.
 */
import assert from 'node:assert/strict';
import type { DecisionDocument } from '../../src/decisions/model';
import type { ReviewView } from '../../src/group-reviews/review-service';
import type { WorkingGroupView } from '../../src/network/member-views';
import type { WorkingGroupDocument } from '../../src/network/model';
import { apiCall, type ApiAnswer } from '../support/api-client';
import { cardTap } from '../support/card-actions';
import type { OutboxItem } from '../../src/delivery/outbox-rules';
import { castAll, refusedUnchanged, startExcomNetwork, type ExcomNetwork } from '../support/excom-network';
import type { ReseauWithClock } from '../support/reseau-with-clock';
import { postActivity } from '../support/bot-client';
import { botInstalled, teamsConversation, teamsUser, type TeamsConversation, type TeamsUser } from '../support/teams-activities';

const NETWORK = 'gn';
const START = new Date('2026-03-02T09:00:00Z');
const HOUR = 3600_000;

describe('working-group reviews through /api/v1 and /api/messages', function () {
  this.timeout(90_000);
  let network: ExcomNetwork;
  let app: ReseauWithClock;
  let rc: TeamsUser;
  let reps: ExcomNetwork['reps'];
  let wfp: TeamsUser;
  let pending: TeamsUser;
  let groupId: string;
  let channel: TeamsConversation;

  const at = (offsetMs: number) => new Date(app.clock.now.getTime() + offsetMs).toISOString();
  const api = (method: string, path: string, as: TeamsUser, body?: unknown, language = 'fr-FR') => apiCall(app.url, method, path, as, body, language);
  const review = async (as: TeamsUser = rc) => {
    const read = await api('GET', `/working-groups/${groupId}/review`, as);
    assert.equal(read.status, 200, read.raw);
    return read.body as unknown as ReviewView;
  };
  const groupAsListed = async () => ((await api('GET', '/working-groups', rc)).body.workingGroups as WorkingGroupView[]).find((group) => group.groupId === groupId)!;
  const refused = (request: () => Promise<ApiAnswer>, expected: { status: number; code: string; message: RegExp }) => refusedUnchanged(app, NETWORK, request, expected);
  const castAllAs = (decisionId: string, position = 'agree') => castAll(network, NETWORK, decisionId, position, 'Le groupe reste utile');
  const auditActions = async () => {
    const audit = await api('GET', '/audit?limit=200', rc);
    return ((audit.body.entries ?? audit.body) as unknown as { action: string }[]).map((entry) => entry.action);
  };

  beforeEach(async () => {
    network = await startExcomNetwork(NETWORK, START);
    ({ app, coChair: rc, reps } = network);
    channel = teamsConversation('channel');
    await postActivity(app.url, botInstalled({ serviceUrl: app.connector.serviceUrl, conversation: channel, user: rc }));
    wfp = await network.join('Ibrahima Sylla', 'WFP', 'member');
    pending = await network.join('Nouveau UNICEF', 'UNICEF', 'member', false);
    const created = await api('POST', '/working-groups', rc, {
      name: 'Données migratoires',
      objective: 'Harmoniser les données sur les retours',
      memberIds: [wfp.aadObjectId, reps.IOM!.aadObjectId],
      chairId: reps.IOM!.aadObjectId,
      reviewDate: '2026-03-10',
    });
    assert.equal(created.status, 201, created.raw);
    groupId = String(created.body.groupId);
  });
  afterEach(async () => {
    await app?.stop();
  });

  it('due → members’ consultation opened by the tick → views by position → a co-chair’s proposal → ExCom decides by card → the group changed, next review one new interval later, audited', async () => {
    const created = await groupAsListed();
    assert.deepEqual([created.reviewEveryMonths, created.reviewState, created.status], [12, 'waiting', 'active'], 'a year by default');

    // Before its date: nothing opens; commenting is refused.
    assert.deepEqual(await app.reseau.groupReviews.tick(NETWORK), { opened: 0, reconciled: 0 });
    await refused(() => api('POST', `/working-groups/${groupId}/review/comments`, wfp, { position: 'renew', text: 'Utile' }), { status: 409, code: 'noConsultation', message: /n’est pas ouverte \(aucune revue en cours\)/ });

    // Its date: the tick opens the consultation (once).
    app.clock.now = new Date('2026-03-10T06:00:00Z');
    assert.deepEqual(await app.reseau.groupReviews.tick(NETWORK), { opened: 1, reconciled: 0 });
    assert.deepEqual(await app.reseau.groupReviews.tick(NETWORK), { opened: 0, reconciled: 0 });
    assert.equal((await review()).reviewState, 'consultation');
    await refused(() => api('POST', `/working-groups/${groupId}/review`, rc, {}, 'en-GB'), { status: 409, code: 'reviewOpen', message: /already under way \(members’ consultation\)/ });

    // The consultation card went to the network's channel, once.
    const posted = await app.store.query<OutboxItem>(NETWORK, { type: 'outbox', where: [{ path: 'messageKey', op: '=', value: `working-group:${groupId}:review:2026-03-10:consultation` }] });
    assert.deepEqual(posted.map((entry) => entry.document.recipient), [{ kind: 'conversation', conversationId: channel.id }]);
    assert.match(JSON.stringify(posted[0]?.document), /Revue d’un groupe de travail — consultation des membres/);

    // Every confirmed member gives their view (one each, replaced) — in the card or the tab; pending people may not.
    const tap = (user: TeamsUser, data: Record<string, unknown>, locale = 'fr-FR') => cardTap(app, user, 'groupReview.comment', { networkId: NETWORK, groupId, ...data }, { conversation: channel, locale });
    const answered = JSON.stringify((await tap(wfp, { position: 'renew', text: 'Utile' })).body);
    assert.match(answered, /Votre avis est enregistré\. Merci\./);
    assert.match(answered, /Votre avis enregistré\u202f: reconduire le groupe tel quel/);
    await refused(() => tap(pending, { position: 'close', text: '' }).then((response) => ({ status: (response.body as { statusCode?: number }).statusCode ?? response.status, body: (response.body as { value?: Record<string, unknown> }).value ?? {}, raw: JSON.stringify(response.body), headers: new Headers() })), { status: 403, code: 'forbidden', message: /ne permet pas/ });
    assert.equal((await api('POST', `/working-groups/${groupId}/review/comments`, wfp, { position: 'change', text: 'Élargir aux retours volontaires' })).status, 201);
    // Teams' refresh shows each reader their own view, in their language.
    assert.match(JSON.stringify((await cardTap(app, wfp, 'groupReview.view', { networkId: NETWORK, groupId }, { locale: 'en-GB' })).body), /Your view on record: change the group/);
    assert.equal((await api('POST', `/working-groups/${groupId}/review/comments`, reps.UNHCR!, { position: 'renew', text: '' })).status, 201);
    await refused(() => api('POST', `/working-groups/${groupId}/review/comments`, pending, { position: 'renew', text: '' }), { status: 403, code: 'forbidden', message: /ne permet pas/ });
    await refused(() => api('POST', `/working-groups/${groupId}/review/comments`, wfp, { position: 'dissolve', text: '' }), { status: 400, code: 'invalidComment', message: /À corriger\u202f: Position\u202f: valeur non valide$/ });
    const consulted = await review(reps.OHCHR!);
    assert.deepEqual(consulted.comments, { renew: 1, change: 1, close: 0 });
    assert.deepEqual(consulted.commentList.map((entry) => [entry.agencyCode, entry.position, entry.text]).sort(), [['UNHCR', 'renew', ''], ['WFP', 'change', 'Élargir aux retours volontaires']]);
    const pendingView = await review(pending);
    assert.deepEqual([pendingView.comments, pendingView.commentList, pendingView.may], [{ renew: 1, change: 1, close: 0 }, [], { open: false, comment: false, propose: false }], 'pending people read the counts only');
    assert.deepEqual(consulted.may, { open: false, comment: true, propose: false });

    // The proposal to ExCom: co-chairs only, a real change, the decision's own checks first.
    const proposal = { outcome: 'change', changes: { objective: 'Harmoniser les données sur les retours volontaires et forcés', reviewEveryMonths: 6 }, mode: 'consensus', deadline: at(72 * HOUR) };
    await refused(() => api('POST', `/working-groups/${groupId}/review/decision`, reps.UNHCR!, proposal), { status: 403, code: 'forbidden', message: /ne permet pas/ });
    await refused(() => api('POST', `/working-groups/${groupId}/review/decision`, rc, { ...proposal, changes: {} }, 'en-GB'), { status: 400, code: 'invalidProposal', message: /Invalid proposal; nothing was submitted\. To fix: the changes \(at least one to change the group, none to renew or close it\)$/ });
    await refused(() => api('POST', `/working-groups/${groupId}/review/decision`, rc, { ...proposal, changes: { reviewEveryMonths: 40 } }), { status: 400, code: 'invalidProposal', message: /À corriger\u202f: l’intervalle entre deux revues \(1 à 36 mois\)$/ });
    await refused(() => api('POST', `/working-groups/${groupId}/review/decision`, rc, { ...proposal, deadline: at(-HOUR) }), { status: 400, code: 'invalidInput', message: /[ÉéEe]chéance|[Dd]eadline/ });
    const put = await api('POST', `/working-groups/${groupId}/review/decision`, rc, proposal);
    assert.equal(put.status, 200, put.raw);
    const decisionId = (put.body as unknown as ReviewView).review!.decisionId!;
    const decision = (await app.store.get<DecisionDocument>(NETWORK, `decision:${decisionId}`))?.document;
    assert.deepEqual(decision?.subject, { kind: 'workingGroupReview', id: `${groupId}:2026-03-10` });
    assert.match(decision?.title ?? '', /Revue du groupe de travail «\u202fDonnées migratoires\u202f»\u202f: modifier le groupe/);
    assert.match(decision?.text.en ?? '', /Proposed changes: objective “Harmoniser les données sur les retours volontaires et forcés”, review every 6 months\./);
    assert.match(decision?.text.fr ?? '', /Consultation des membres\u202f: 1 pour reconduire, 1 pour modifier, 0 pour clore\./);
    await refused(() => api('POST', `/working-groups/${groupId}/review/decision`, rc, proposal), { status: 409, code: 'noConsultation', message: /\(proposition soumise au Comité exécutif\)/ });

    // ExCom decides, each focal point tapping their card: the group is changed and its next review set.
    await castAllAs(decisionId);
    const changed = await groupAsListed();
    assert.equal(changed.objective, 'Harmoniser les données sur les retours volontaires et forcés');
    assert.deepEqual([changed.reviewEveryMonths, changed.reviewDate, changed.reviewState], [6, '2026-09-10', 'waiting']);
    assert.equal(changed.reviewHistory.length, 1);
    assert.equal(changed.reviewHistory[0]?.outcome, 'change');
    assert.match(changed.reviewHistory[0]?.registerNumber ?? '', /^DEC-2026-\d{3}$/);
    const actions = await auditActions();
    for (const action of ['workingGroup.review.open', 'workingGroup.review.comment', 'workingGroup.review.propose', 'workingGroup.review.change']) assert.ok(actions.includes(action), `${action} audited`);
  });

  it('a group stored before reviews (no state, no interval) is found by the tick on its date and renewed a year later', async () => {
    const read = await app.store.get<WorkingGroupDocument>(NETWORK, `working-group:${groupId}`);
    const { reviewState: _state, reviewEveryMonths: _every, status: _status, ...legacy } = read!.document;
    await app.store.replace<WorkingGroupDocument>(legacy as WorkingGroupDocument, read!.etag);
    app.clock.now = new Date('2026-03-11T06:00:00Z');
    assert.deepEqual(await app.reseau.groupReviews.tick(NETWORK), { opened: 1, reconciled: 0 });
    const put = await api('POST', `/working-groups/${groupId}/review/decision`, rc, { outcome: 'renew', mode: 'silenceProcedure', deadline: at(48 * HOUR) });
    assert.equal(put.status, 200, put.raw);
    await castAllAs((put.body as unknown as ReviewView).review!.decisionId!);
    const renewed = await groupAsListed();
    assert.deepEqual([renewed.reviewDate, renewed.reviewEveryMonths, renewed.reviewState, renewed.reviewHistory.map((record) => record.outcome)], ['2027-03-10', 12, 'waiting', ['renew']]);
    assert.ok((await auditActions()).includes('workingGroup.review.renew'));
  });

  it('no consensus → back to consultation; a closing decision whose notice was lost is taken in by the tick; a closed group is never reviewed again; unknown groups and strangers refused', async () => {
    // The interval is set at creation, 1–36 months.
    const group = { name: 'Protection', objective: 'Coordonner la protection', memberIds: [wfp.aadObjectId], chairId: wfp.aadObjectId, reviewDate: '2026-09-30' };
    await refused(() => api('POST', '/working-groups', rc, { ...group, reviewEveryMonths: 0 }, 'en-GB'), { status: 400, code: 'invalidInput', message: /review interval must be 1–36 months/ });
    const quarterly = await api('POST', '/working-groups', rc, { ...group, reviewEveryMonths: 3 });
    assert.equal(quarterly.status, 201, quarterly.raw);
    assert.deepEqual([quarterly.body.reviewEveryMonths, quarterly.body.reviewState], [3, 'waiting']);
    await refused(() => api('GET', '/working-groups/no-such-group/review', rc, undefined, 'en-GB'), { status: 404, code: 'unknownGroup', message: /does not exist in this network/ });
    await refused(() => api('POST', '/working-groups/no-such-group/review', rc), { status: 404, code: 'unknownGroup', message: /n’existe pas/ });
    await refused(() => api('POST', `/working-groups/${groupId}/review`, wfp), { status: 403, code: 'forbidden', message: /ne permet pas/ });
    await refused(() => api('GET', `/working-groups/${groupId}/review`, teamsUser()), { status: 403, code: 'notAMember', message: /pas \(ou plus\) membre/ });

    // ExCom opens the review before its date.
    assert.equal((await api('POST', `/working-groups/${groupId}/review`, reps.UNDP!, {})).status, 200);
    const closing = { outcome: 'close', mode: 'consensus', deadline: at(72 * HOUR) };
    const first = await api('POST', `/working-groups/${groupId}/review/decision`, rc, closing);
    await castAllAs((first.body as unknown as ReviewView).review!.decisionId!, 'object');
    app.clock.now = new Date(app.clock.now.getTime() + 73 * HOUR);
    await app.reseau.decisions.tick(NETWORK);
    await app.cardsIdle();
    const notAdopted = await review();
    assert.equal(notAdopted.reviewState, 'consultation');
    assert.equal(notAdopted.review?.lastRefusal?.outcome, 'close');
    assert.equal(notAdopted.status, 'active');
    assert.ok((await auditActions()).includes('workingGroup.review.notAdopted'));

    // The decisions slice's notice fails: the tick takes the outcome in.
    app.reseau.decisions.observeSubjectOutcomes('workingGroupReview', () => Promise.reject(new Error('process gone')));
    const second = await api('POST', `/working-groups/${groupId}/review/decision`, rc, { ...closing, deadline: at(72 * HOUR) });
    await castAllAs((second.body as unknown as ReviewView).review!.decisionId!);
    assert.equal((await groupAsListed()).reviewState, 'decision', 'the notice was lost');
    assert.deepEqual(await app.reseau.groupReviews.tick(NETWORK), { opened: 0, reconciled: 1 });
    const closed = await groupAsListed();
    assert.deepEqual([closed.status, closed.reviewState, closed.reviewHistory.map((record) => record.outcome)], ['closed', 'closed', ['close']]);
    await refused(() => api('POST', `/working-groups/${groupId}/review`, rc, {}), { status: 409, code: 'groupClosed', message: /clos par le Comité exécutif/ });
    await refused(() => api('POST', `/working-groups/${groupId}/review/comments`, wfp, { position: 'renew', text: '' }), { status: 409, code: 'groupClosed', message: /clos/ });
    app.clock.now = new Date('2030-01-01T00:00:00Z');
    assert.deepEqual(await app.reseau.groupReviews.tick(NETWORK), { opened: 1, reconciled: 0 }, 'only the other group, long due');
    assert.equal((await groupAsListed()).reviewState, 'closed', 'a closed group is never due again');
  });
});
