/**
 * Polls and ExCom decisions end to end: commands and card clicks POSTed to the real
 * /api/messages, decisions created from the chat form or the tab API (dev sign-in of local
 * mode), cards reaching people 1:1 and the channel through the outbox and the simulated Teams
 * connector, and time moved on a controllable clock with the scheduler's own tick.
 */
import assert from 'node:assert/strict';
import { agencyVoiceDocumentId, type AgencyVoiceDocument } from '../../src/agency-voices/model';
import type { Voice } from '../../src/agency-voices/voice-rules';
import type { Position } from '../../src/decisions/consensus-rules';
import type { DecisionDocument } from '../../src/decisions/model';
import { apiCall } from '../support/api-client';
import { postActivity } from '../support/bot-client';
import { cardIn, cardOfActivity, cardsTo, cardTapper, chatMessage, refusalOf, sendsMatching } from '../support/card-actions';
import { parseAdaptiveCard } from '../support/adaptive-card-parser';
import type { RecordedCall, WireActivity } from '../support/fake-connector';
import { startReseauWithClock, type ReseauWithClock } from '../support/reseau-with-clock';
import { TEST_TENANT_ID, adaptiveCardAction, botInstalled, teamsConversation, teamsUser, type TeamsConversation, type TeamsUser } from '../support/teams-activities';

const NETWORK = 'gn';
const START = new Date('2026-03-02T09:00:00Z');
const EXCOM = ['IOM', 'UNDP', 'UNHCR', 'OHCHR', 'UNICEF', 'UNODC'] as const;
const HOUR = 3600_000;

type CardJson = { body?: unknown[]; actions?: { verb?: string; data?: Record<string, string>; title?: string }[]; refresh?: { action: { verb: string }; userIds?: string[] } } & Record<string, unknown>;
const text = (value: unknown) => JSON.stringify(value);
/** The texts of a card's TextRuns, in reading order ("Objection\u202f: " is followed by the agencies). */
const textRuns = (card: unknown): string[] => {
  if (Array.isArray(card)) return card.flatMap(textRuns);
  if (!card || typeof card !== 'object') return [];
  const node = card as Record<string, unknown>;
  return node.type === 'TextRun' && typeof node.text === 'string' ? [node.text] : Object.values(node).flatMap(textRuns);
};

describe('polls and ExCom decisions through /api/messages', function () {
  this.timeout(60_000);
  let app: ReseauWithClock;
  let rc: TeamsUser;
  let channel: TeamsConversation;
  const reps: Record<string, TeamsUser> = {};
  let iomAlternate: TeamsUser;
  let wfp: TeamsUser;
  let pending: TeamsUser;

  const at = (offsetMs: number) => new Date(START.getTime() + offsetMs).toISOString();
  const advance = async (offsetMs: number) => {
    app.clock.now = new Date(Math.max(app.clock.now.getTime(), START.getTime() + offsetMs));
    await app.reseau.decisions.tick(NETWORK);
  };
  const api = (method: string, path: string, as: TeamsUser, body?: unknown) => apiCall(app.url, method, path, as, body);
  const click = cardTapper(() => app);
  const say = (who: TeamsUser, words: string, conversation: TeamsConversation, locale = 'fr-FR') => chatMessage(app, who, words, { conversation, locale });
    const waitUntil = async (condition: () => boolean | Promise<boolean>, what: string): Promise<void> => {
    const deadline = Date.now() + 10_000;
    while (!(await condition())) {
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
      // Time passes while we wait: the dispatcher's rate windows (Teams' limits) run on this clock.
      app.clock.now = new Date(app.clock.now.getTime() + 1000);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const updatesMatching = (pattern: RegExp) => app.connector.calls.filter((call: RecordedCall) => call.kind === 'update' && call.status < 300 && pattern.test(text(call.body)));
  const decisionDoc = async (decisionId: string) => (await app.store.get<DecisionDocument>(NETWORK, `decision:${decisionId}`))?.document;
  /** Every position each ExCom agency cast, in the order received: one document per agency. */
  const positionHistory = async (decisionId: string): Promise<Map<string, readonly Voice<Position>[]>> => {
    const found = await Promise.all(EXCOM.map((agency) => app.store.get<AgencyVoiceDocument<Position>>(NETWORK, agencyVoiceDocumentId({ kind: 'decision', subjectId: decisionId, round: 1 }, agency))));
    return new Map(EXCOM.map((agency, index) => [agency, found[index]?.document.record.history ?? []] as const));
  };
  const allPositions = async (decisionId: string) => [...(await positionHistory(decisionId)).values()].flat();
  const createByApi = async (overrides: Record<string, unknown> = {}): Promise<DecisionDocument> => {
    const created = await api('POST', '/decisions', rc, {
      title: 'Plan de travail 2026',
      text: { fr: 'Le Réseau adopte son plan de travail 2026.' },
      mode: 'consensus',
      deadline: at(72 * HOUR),
      ...overrides,
    });
    assert.equal(created.status, 201, created.raw);
    return created.body as unknown as DecisionDocument;
  };
  const cast = (who: TeamsUser, decision: DecisionDocument, agencyCode: string, position: string, comment?: string) =>
    click(who, 'decision.position', { networkId: NETWORK, decisionId: decision.decisionId, agencyCode, position, ...(comment !== undefined ? { comment } : {}) });

  beforeEach(async () => {
    rc = teamsUser({ name: 'Coordonnatrice Résidente', email: 'rc.guinee@un.org', userPrincipalName: 'rc.guinee@un.org' });
    // NETWORK_ADMINS names people by Entra object id (an email claim can make nobody an admin).
    app = await startReseauWithClock(START, { NETWORK_ADMINS: `${rc.aadObjectId}=cochair` });
    const rcChat = teamsConversation('personal');
    app.connector.setRoster(rcChat.id, [{ id: rc.id, name: rc.name, aadObjectId: rc.aadObjectId, email: rc.email, userPrincipalName: rc.email, tenantId: TEST_TENANT_ID }]);
    await say(rc, 'bonjour', rcChat);
    channel = teamsConversation('channel');
    await postActivity(app.url, botInstalled({ serviceUrl: app.connector.serviceUrl, conversation: channel, user: rc }));
    const join = async (name: string, agency: string, role: 'focalPoint' | 'alternate' | 'member', confirm = true, language: 'fr' | 'en' = 'fr') => {
      const user = teamsUser({ name });
      await app.reseau.membership.requestToJoin(NETWORK, { aadObjectId: user.aadObjectId, tenantId: TEST_TENANT_ID, name, language }, agency, role);
      if (confirm) await app.reseau.membership.confirm(NETWORK, rc.aadObjectId, user.aadObjectId, agency);
      return user;
    };
    for (const agency of EXCOM) reps[agency] = await join(`Point focal ${agency}`, agency, 'focalPoint', true, agency === 'UNHCR' ? 'en' : 'fr');
    iomAlternate = await join('Suppléant OIM', 'IOM', 'alternate');
    wfp = await join('Ibrahima Sylla', 'WFP', 'member');
    pending = await join('Nouveau UNICEF', 'UNICEF', 'member', false);
  });
  afterEach(async () => {
    await app?.stop();
  });

  it('a poll in a group chat: one tap each, everyone sees their own answer and the live tally, changes until close, never double-counts, closed after the deadline', async () => {
    const chat = teamsConversation('groupChat');
    await postActivity(app.url, botInstalled({ serviceUrl: app.connector.serviceUrl, conversation: chat, user: rc }));
    const jane = reps.UNHCR!;
    app.connector.setRoster(
      chat.id,
      [rc, jane, wfp, pending].map((user) => ({ id: user.id, name: user.name, aadObjectId: user.aadObjectId, tenantId: TEST_TENANT_ID })),
    );
    await say(rc, 'sondage Date de la prochaine réunion ? | mardi 10 | jeudi 12', chat);
    assert.match(String(app.connector.activities({ conversationId: chat.id }).at(-1)?.text), /Sondage créé/);
    await waitUntil(() => sendsMatching(app, /Date de la prochaine réunion/).some((call) => call.conversationId === chat.id), 'the poll card in the chat');
    const shared = cardOfActivity<CardJson>(sendsMatching(app, /Date de la prochaine réunion/).find((call) => call.conversationId === chat.id)?.body as WireActivity);
    assert.deepEqual(parseAdaptiveCard(shared).problems, []);
    assert.equal(shared.refresh?.action.verb, 'poll.view', 'Teams asks each reader for their own view');
    assert.deepEqual([...(shared.refresh?.userIds ?? [])].sort(), [rc.id, jane.id, wfp.id, pending.id].sort());
    const ids = shared.actions?.[0]?.data ?? {};

    // Each reader's own view: the choices, and no answer yet.
    const view = cardIn<CardJson>(await click(jane, 'poll.view', ids, { conversation: chat, locale: 'en-US' }));
    assert.match(text(view), /You have not answered yet/);
    assert.ok(view.actions?.some((action) => action.verb === 'poll.answer'));

    const janeFirst = cardIn<CardJson>(await click(jane, 'poll.answer', { ...ids, choices: 'o1' }, { conversation: chat, locale: 'en-US' }));
    assert.match(text(janeFirst), /Your answer: .*mardi 10/);
    assert.match(text(janeFirst), /\b1 answer\b(?!s)/);
    // The same tap delivered twice counts once.
    const again = cardIn<CardJson>(await click(jane, 'poll.answer', { ...ids, choices: 'o1' }, { conversation: chat, locale: 'en-US' }));
    assert.match(text(again), /\b1 answer\b(?!s)/);
    const ibrahima = cardIn<CardJson>(await click(wfp, 'poll.answer', { ...ids, choices: 'o2' }, { conversation: chat }));
    assert.match(text(ibrahima), /\b2 réponses\b/);
    assert.match(text(ibrahima), /Votre réponse\u202f: .*jeudi 12/);
    assert.match(text(ibrahima), /mardi 10.* — 1 voix.*UNHCR 1/);
    // Jane changes her mind: she moves, nobody is counted twice.
    const changed = cardIn<CardJson>(await click(jane, 'poll.answer', { ...ids, choices: 'o2' }, { conversation: chat, locale: 'en-US' }));
    assert.match(text(changed), /mardi 10.* — 0 votes/);
    assert.match(text(changed), /jeudi 12.* — 2 votes.*UNHCR 1, WFP 1/);
    // The shared card in the chat shows the live tally.
    await waitUntil(() => updatesMatching(/\b2 réponses\b/).some((call) => call.conversationId === chat.id), 'the shared card updated');

    // Three days later the scheduler closes it: final results on the card (answers after close: see "bad input" below).
    await advance(3 * 24 * HOUR + 60_000);
    await waitUntil(() => updatesMatching(/clos\u202f: résultats définitifs/).some((call) => call.conversationId === chat.id), 'the closed card');
    const results = await api('GET', `/polls/${ids.pollId}`, wfp);
    const options = (results.body.results as { options: { count: number }[]; respondents: number }).options;
    assert.deepEqual(options.map((option) => option.count), [0, 2]);
  });

  it('a time-slot poll, anonymous, in a chat of more than 60 people: everyone gets their own 1:1 card (Teams refreshes at most 60 readers), and sees their answer there', async () => {
    const chat = teamsConversation('groupChat');
    await postActivity(app.url, botInstalled({ serviceUrl: app.connector.serviceUrl, conversation: chat, user: rc }));
    const crowd = Array.from({ length: 60 }, (_, index) => teamsUser({ name: `Invité ${index}` }));
    app.connector.setRoster(chat.id, [rc, wfp, ...crowd].map((user) => ({ id: user.id, name: user.name, aadObjectId: user.aadObjectId, tenantId: TEST_TENANT_ID })));
    await say(rc, 'sondage créneaux anonyme Atelier de validation | lundi 9h | mardi 14h', chat);
    await waitUntil(() => cardsTo<CardJson>(app, wfp, /Atelier de validation/).length === 1 && cardsTo<CardJson>(app, crowd[59]!, /Atelier de validation/).length === 1, '1:1 poll cards');
    const shared = cardOfActivity<CardJson>(sendsMatching(app, /Atelier de validation/).find((call) => call.conversationId === chat.id)?.body as WireActivity);
    assert.equal(shared.refresh, undefined, 'no refresh for more than 60 readers');
    const own = cardsTo<CardJson>(app, wfp, /Atelier de validation/)[0];
    assert.match(text(own), /créneaux.*anonyme/);
    assert.match(text(own), /"id":"slot_o1"/);
    const ids = own?.actions?.find((action) => action.verb === 'poll.answer')?.data ?? {};
    const answered = cardIn<CardJson>(await click(wfp, 'poll.answer', { ...ids, slot_o1: 'yes', slot_o2: 'ifNeedBe' }));
    assert.match(text(answered), /Votre réponse\u202f: .*lundi 9h\u202f: Oui · mardi 14h\u202f: Si besoin/);
    assert.match(text(answered), /lundi 9h.* — oui 1 · si besoin 0 · non 0/);
    assert.ok(!text(answered).includes('Ibrahima Sylla'), 'anonymous: no names');
    assert.equal(refusalOf(await click(wfp, 'poll.answer', { ...ids, slot_o1: 'peut-être' })).code, 'invalidOption');
  });

  it('a decision from the chat form: consultation of all members, comments grouped by agency for ExCom, then the ExCom phase to adoption by consensus of six agencies', async () => {
    const rcChat = teamsConversation('personal');
    await say(rc, 'nouvelle décision', rcChat);
    const form = cardOfActivity<CardJson>(app.connector.activities({ conversationId: rcChat.id }).at(-1));
    assert.match(text(form), /Nouvelle décision/);
    const created = await click(rc, 'decision.create', {
      ...(form.actions?.[0]?.data ?? {}),
      title: 'Feuille de route PMM',
      textFr: 'Le Réseau adopte la feuille de route du Pacte mondial.',
      mode: 'consensus',
      consultationDate: '2026-03-04',
      consultationTime: '17:00',
      deadlineDate: '2026-03-09',
      deadlineTime: '17:00',
      reminders: '24',
    });
    assert.match(String((created.body as { value: string }).value), /Décision «\u202fFeuille de route PMM\u202f» créée/);
    const [decision] = (await app.store.query<DecisionDocument>(NETWORK, { type: 'decision' })).map((entry) => entry.document);
    assert.ok(decision);
    assert.equal(decision.phase, 'consultation');

    // Every confirmed member gets the consultation card; pending ones do not.
    await waitUntil(() => cardsTo<CardJson>(app, wfp, /Consultation/).length === 1 && cardsTo<CardJson>(app, reps.UNHCR!, /Consultation/).length === 1, 'consultation cards');
    assert.equal(cardsTo<CardJson>(app, pending, /Consultation/).length, 0);
    const ids = { networkId: NETWORK, decisionId: decision.decisionId };
    const afterComment = cardIn<CardJson>(await click(wfp, 'decision.comment', { ...ids, comment: 'Le PAM soutient, avec un volet sécurité alimentaire.' }));
    assert.match(text(afterComment), /1 avis reçu/);
    assert.equal(refusalOf(await cast(reps.IOM!, decision, 'IOM', 'agree')).code, 'wrongPhase', 'no position before the ExCom phase');
    const excomView = cardIn<CardJson>(await click(reps.UNICEF!, 'decision.view', ids));
    assert.match(text(excomView), /Avis reçus \(1\), par agence/);
    assert.match(text(excomView), /WFP — .*Ibrahima Sylla.*volet sécurité alimentaire/);

    // The consultation ends: the ExCom phase card reaches each representative and the channel.
    await advance(2 * 24 * HOUR + 9 * HOUR);
    assert.equal((await decisionDoc(decision.decisionId))?.phase, 'excom');
    // A consultation card still queued when the phase changed goes out in its new version.
    await waitUntil(() => EXCOM.every((agency) => cardsTo<CardJson>(app, reps[agency]!, /Décision du Comité exécutif|Executive Committee decision/).length >= 1), 'ExCom cards');
    await waitUntil(() => sendsMatching(app, /Feuille de route PMM/).some((call) => call.conversationId === channel.id), 'the channel card');
    assert.equal(cardsTo<CardJson>(app, wfp, /Décision du Comité exécutif/).length, 0, 'a non-ExCom member gets no ExCom card');
    const iomCard = cardsTo<CardJson>(app, reps.IOM!, /Décision du Comité exécutif/)[0];
    assert.ok(iomCard?.actions?.some((action) => action.verb === 'decision.position' && action.data?.agencyCode === 'IOM'));

    for (const [index, agency] of EXCOM.entries()) {
      const position = agency === 'UNHCR' ? 'agreeWithReservations' : agency === 'OHCHR' ? 'standAside' : 'agree';
      const card = cardIn<CardJson>(await cast(reps[agency]!, decision, agency, position, agency === 'UNHCR' ? 'Sous réserve des ressources.' : undefined));
      if (index === 2) {
        assert.match(text(card), /3\/6 agences du Comité exécutif ont répondu/);
        assert.match(text(card), /en attente\u202f: OHCHR, UNICEF, UNODC/);
      }
    }
    const adopted = await decisionDoc(decision.decisionId);
    assert.equal(adopted?.phase, 'closed');
    assert.equal(adopted?.outcome?.state, 'adopted');
    assert.equal(adopted?.closeReason, 'consensus');
    assert.equal(adopted?.registerNumber, 'DEC-2026-001');
    // Every delivered copy shows the outcome: the channel and the representatives' cards.
    await waitUntil(() => updatesMatching(/DEC-2026-001/).some((call) => call.conversationId === channel.id), 'the channel card updated');
    await waitUntil(() => updatesMatching(/DEC-2026-001 — .*Adoptée/).length >= 6, 'the ExCom cards updated');
    const register = await api('GET', '/decisions?status=closed', rc);
    assert.deepEqual((register.body.decisions as DecisionDocument[]).map((entry) => entry.registerNumber), ['DEC-2026-001']);
  });

  it('an objection standing at the deadline means no consensus', async () => {
    const decision = await createByApi();
    for (const agency of EXCOM.filter((code) => code !== 'UNODC')) cardIn<CardJson>(await cast(reps[agency]!, decision, agency, 'agree'));
    const objected = cardIn<CardJson>(await cast(reps.UNODC!, decision, 'UNODC', 'object', 'Le mandat de l’ONUDC n’est pas reflété.'));
    assert.match(text(objected), /Objection\u202f: .*UNODC/);
    assert.equal((await decisionDoc(decision.decisionId))?.phase, 'excom', 'an objection alone does not close early');

    await advance(72 * HOUR);
    const closed = await decisionDoc(decision.decisionId);
    assert.equal(closed?.outcome?.state, 'noConsensus');
    assert.equal(closed?.registerNumber, 'DEC-2026-001');
    await waitUntil(() => updatesMatching(/Pas de consensus/).length + sendsMatching(app, /Pas de consensus/).length >= 7, 'the six representatives and the channel see no consensus');
  });

  it('silence procedure: adopted at the deadline by the scheduler when no agency objects', async () => {
    const decision = await createByApi({ mode: 'silenceProcedure', title: 'Procédure tacite : calendrier', deadline: at(48 * HOUR) });
    cardIn<CardJson>(await cast(reps.IOM!, decision, 'IOM', 'agree'));
    cardIn<CardJson>(await cast(reps.UNDP!, decision, 'UNDP', 'standAside'));
    // A co-chair extends by a day; the old deadline passes with the decision still open.
    assert.equal((await api('POST', `/decisions/${decision.decisionId}/extend`, reps.IOM!, { deadline: at(24 * HOUR) })).status, 400, 'an extension moves the deadline later');
    assert.equal((await api('POST', `/decisions/${decision.decisionId}/extend`, reps.UNHCR!, { deadline: at(72 * HOUR) })).status, 403, 'only co-chairs extend');
    const extended = await api('POST', `/decisions/${decision.decisionId}/extend`, reps.IOM!, { deadline: at(72 * HOUR) });
    assert.equal(extended.status, 200, extended.raw);
    await advance(48 * HOUR);
    assert.equal((await decisionDoc(decision.decisionId))?.phase, 'excom');
    await advance(72 * HOUR);
    const closed = await decisionDoc(decision.decisionId);
    assert.equal(closed?.outcome?.state, 'adopted');
    assert.equal(closed?.closeReason, 'deadline');
    assert.equal(closed?.registerNumber, 'DEC-2026-001');
    assert.equal(closed?.dueAt, undefined, 'nothing left for the scheduler');
  });

  it('two representatives of one agency at the same moment: the latest counts, both are in the history; only co-chairs close', async () => {
    const decision = await createByApi();
    const [first, second] = await Promise.all([cast(reps.IOM!, decision, 'IOM', 'agree'), cast(iomAlternate, decision, 'IOM', 'agreeWithReservations', 'Avec un suivi trimestriel.')]);
    cardIn<CardJson>(first);
    cardIn<CardJson>(second);
    const iom = (await positionHistory(decision.decisionId)).get('IOM') ?? [];
    assert.equal(iom.length, 2, 'history kept');
    const view = cardIn<CardJson>(await click(reps.IOM!, 'decision.view', { networkId: NETWORK, decisionId: decision.decisionId }));
    const latest = iom.at(-1)?.position === 'agree' ? /D’accord\u202f: .*IOM/ : /D’accord avec réserves\u202f: .*IOM/;
    assert.match(text(view), latest);
    assert.match(text(view), /1\/6 agences/, 'one agency, one voice');

    const ids = { networkId: NETWORK, decisionId: decision.decisionId };
    assert.equal(refusalOf(await click(reps.UNHCR!, 'decision.close', ids)).code, 'forbidden', 'only co-chairs close');
    assert.equal((await allPositions(decision.decisionId)).length, 2, 'nothing changed');
  });

  it('six ExCom agencies × three representatives voting at the same moment, 20 rounds: every accepted position in the history once, each agency holding its latest, the tally exact; the same invoke delivered twice counts once', async function () {
    this.timeout(60_000);
    const decision = await createByApi();
    const ids = { networkId: NETWORK, decisionId: decision.decisionId };
    const team: Record<string, TeamsUser[]> = {};
    for (const agency of EXCOM) {
      team[agency] = [reps[agency]!];
      for (const n of [1, 2]) {
        const user = teamsUser({ name: `Suppléant ${n} ${agency}` });
        await app.reseau.membership.requestToJoin(NETWORK, { aadObjectId: user.aadObjectId, tenantId: TEST_TENANT_ID, name: user.name, language: 'fr' }, agency, 'alternate');
        await app.reseau.membership.confirm(NETWORK, rc.aadObjectId, user.aadObjectId, agency);
        team[agency]!.push(user);
      }
    }
    const positions = ['agree', 'agreeWithReservations', 'standAside', 'object'] as const;
    const labels: Record<(typeof positions)[number], string> = { agree: 'D’accord', agreeWithReservations: 'D’accord avec réserves', standAside: 'Abstention', object: 'Objection' };
    const ROUNDS = 20;
    for (let round = 1; round <= ROUNDS; round += 1) {
      app.clock.now = new Date(app.clock.now.getTime() + 1000);
      // Each representative sends a different position each round; UNODC keeps objecting, so
      // the decision stays open round after round.
      const votes = EXCOM.flatMap((agency, a) =>
        team[agency]!.map((user, index) => {
          const position = agency === 'UNODC' ? 'object' : positions[(round + a + index) % positions.length]!;
          const comment = position === 'object' || position === 'agreeWithReservations' ? `Motif ${round}.${agency}.${index}` : undefined;
          const data = { ...ids, agencyCode: agency, position, ...(comment ? { comment } : {}) };
          const activity = adaptiveCardAction({ serviceUrl: app.connector.serviceUrl, user, conversation: teamsConversation('personal'), locale: 'fr-FR', verb: 'decision.position', data });
          return { user, agency, position, comment, activity };
        }),
      );
      // Teams delivers one of this round's invokes twice (same activity id), at the same moment.
      const redelivered = votes[round % votes.length]!;
      const answers = await Promise.all([...votes, redelivered].map((vote) => postActivity(app.url, vote.activity)));
      for (const answer of answers) cardIn<CardJson>(answer);

      const byAgency = await positionHistory(decision.decisionId);
      assert.equal([...byAgency.values()].flat().length, 18 * round, `round ${round}: every accepted position recorded once, none lost`);
      for (const [agency, history] of byAgency) {
        assert.deepEqual(history.map((voice) => voice.sequence), Array.from({ length: 3 * round }, (_, i) => i + 1), `round ${round}: one sequence per voice of ${agency}`);
      }
      const thisRound = [...byAgency.values()].flatMap((history) => history.slice(-3));
      for (const vote of votes) {
        const recorded = thisRound.filter((voice) => voice.requestId === vote.activity.id);
        assert.equal(recorded.length, 1, `round ${round}: ${vote.user.name}'s invoke recorded exactly once`);
        assert.deepEqual(
          { agency: recorded[0]?.agencyCode, by: recorded[0]?.castBy.aadObjectId, position: recorded[0]?.position, comment: recorded[0]?.comment },
          { agency: vote.agency, by: vote.user.aadObjectId.toLowerCase(), position: vote.position, comment: vote.comment },
        );
      }
      // Each agency's position is the latest one it had accepted (the order the store saw them).
      const expected = new Map(EXCOM.map((agency) => [agency, thisRound.filter((voice) => voice.agencyCode === agency).at(-1)?.position] as const));
      const view = cardIn<CardJson>(await click(reps.UNICEF!, 'decision.view', ids));
      const runs = textRuns(view);
      assert.ok(runs.includes('6/6 agences du Comité exécutif ont répondu'), `round ${round}: every agency answered`);
      for (const position of positions) {
        const holders = EXCOM.filter((agency) => expected.get(agency) === position).sort();
        const at = runs.indexOf(`${labels[position]}\u202f: `);
        assert.equal(at === -1 ? '' : runs[at + 1], holders.join(', '), `round ${round}: agencies at ${position}`);
      }
      assert.equal((await decisionDoc(decision.decisionId))?.phase, 'excom');
    }
    // Every copy of the card ends on the final tally, whatever order the concurrent updates landed in.
    const final = await allPositions(decision.decisionId);
    const finalObjectors = EXCOM.filter((agency) => final.filter((voice) => voice.agencyCode === agency).at(-1)?.position === 'object').sort().join(', ');
    const lastOnChannel = () => {
      const calls = app.connector.calls.filter((call) => (call.kind === 'update' || call.kind === 'send') && call.status < 300 && call.conversationId === channel.id && text(call.body).includes(decision.decisionId));
      const runs = textRuns(cardOfActivity<CardJson>(calls.at(-1)?.body as WireActivity));
      return runs[runs.indexOf('Objection\u202f: ') + 1];
    };
    await waitUntil(async () => (await app.reseau.outbox.status(NETWORK, `decision:${decision.decisionId}:excom-channel`)).upToDate === 1 && lastOnChannel() === finalObjectors, 'the channel card on the final tally');
    // No retry budget ran out anywhere (a card refresh failing is only logged).
    assert.deepEqual(app.logs.filter((line) => line.level >= 50).map((line) => line.msg), []);
  });

  it('reminders go only to agencies (decisions) and people (polls) that have not answered, once per offset', async () => {
    const decision = await createByApi({ deadline: at(48 * HOUR), reminderOffsetsMinutes: [24 * 60] });
    for (const agency of ['IOM', 'UNDP', 'UNHCR'] as const) cardIn<CardJson>(await cast(reps[agency]!, decision, agency, 'agree'));
    const poll = await api('POST', '/polls', rc, { question: 'Atelier : participez-vous ?', kind: 'single', options: ['oui', 'non'], deadline: at(48 * HOUR), reminderOffsetsMinutes: [24 * 60] });
    assert.equal(poll.status, 201, poll.raw);
    const pollId = String(poll.body.pollId);
    await waitUntil(() => cardsTo<CardJson>(app, wfp, /Atelier/).length === 1, 'the poll reaching a member 1:1');
    cardIn<CardJson>(await click(wfp, 'poll.answer', { networkId: NETWORK, pollId, choices: 'o1' }));

    await advance(23 * HOUR);
    await advance(25 * HOUR);
    await advance(25 * HOUR + 60_000); // a second pass sends nothing again
    await waitUntil(() => ['OHCHR', 'UNICEF', 'UNODC'].every((agency) => cardsTo<CardJson>(app, reps[agency]!, /Rappel\u202f: la position de votre agence/).length === 1), 'decision reminders');
    await waitUntil(() => cardsTo<CardJson>(app, reps.OHCHR!, /Atelier/).length === 2, 'poll reminder to OHCHR');
    for (const agency of ['IOM', 'UNDP', 'UNHCR']) assert.equal(cardsTo<CardJson>(app, reps[agency]!, /Rappel\u202f: la position/).length, 0, `${agency} answered`);
    assert.equal(cardsTo<CardJson>(app, iomAlternate, /Rappel\u202f: la position/).length, 0, 'IOM answered through its focal point');
    assert.equal(cardsTo<CardJson>(app, wfp, /Atelier/).length, 1, 'WFP answered the poll: no reminder');
    assert.equal(cardsTo<CardJson>(app, reps.OHCHR!, /Atelier/).length, 2, 'OHCHR did not answer the poll: card and one reminder');
  });

  it('two decisions closing at the same moment get distinct register numbers; the register in chat and the CSV export show them', async () => {
    const first = await createByApi({ title: 'Décision A', deadline: at(24 * HOUR) });
    const second = await createByApi({ title: 'Décision B', deadline: at(24 * HOUR), mode: 'silenceProcedure' });
    cardIn<CardJson>(await cast(reps.UNICEF!, first, 'UNICEF', 'agreeWithReservations', 'Réserve: "budget", =SUM(A1)'));
    const [closedA, closedB] = await Promise.all([api('POST', `/decisions/${first.decisionId}/close`, rc), api('POST', `/decisions/${second.decisionId}/close`, rc)]);
    assert.equal(closedA.status, 200, closedA.raw);
    assert.equal(closedB.status, 200, closedB.raw);
    const numbers = [(await decisionDoc(first.decisionId))?.registerNumber, (await decisionDoc(second.decisionId))?.registerNumber].sort();
    assert.deepEqual(numbers, ['DEC-2026-001', 'DEC-2026-002']);
    assert.equal((await api('POST', `/decisions/${first.decisionId}/close`, rc)).status, 409, 'closed once');
    assert.equal((await api('POST', '/decisions', wfp, { title: 'x', text: { fr: 'y' }, mode: 'consensus', deadline: at(HOUR) })).status, 403);

    const chat = teamsConversation('personal');
    await say(wfp, 'décisions', chat);
    const register = cardOfActivity<CardJson>(app.connector.activities({ conversationId: chat.id }).at(-1));
    assert.match(text(register), /Registre des décisions/);
    assert.match(text(register), /DEC-2026-001/);
    assert.match(text(register), /DEC-2026-002/);
    assert.deepEqual(parseAdaptiveCard(register).problems, []);

    const adopted = await api('GET', '/decisions?outcome=adopted', rc);
    assert.deepEqual((adopted.body.decisions as DecisionDocument[]).map((entry) => entry.title), ['Décision B']);
    const csv = await api('GET', '/decisions/export?year=2026', wfp);
    assert.equal(csv.status, 200);
    const lines = csv.raw.replace(/^\uFEFF/, '').trim().split('\n');
    assert.equal(lines.length, 3);
    assert.match(lines[0] ?? '', /^number,title,mode,outcome/);
    assert.match(csv.raw, /DEC-2026-00\d,Décision A,consensus,noConsensus/);
    assert.match(csv.raw, /UNICEF: agreeWithReservations/);
    assert.match(csv.raw, /UNICEF: Réserve: ""budget"", =SUM\(A1\)/);
  });

  describe('bad input is refused with a clear message and nothing changed (issue 5, item 10)', () => {
    /**
     * Posts the invoke once the outbox is idle, and checks the refusal the person reads (code
     * and message in their language), that every document of the network's partition is as
     * it was (content and ETag), and that nothing was sent to Teams.
     */
    const refusedUnchanged = async (who: TeamsUser, verb: string, data: Record<string, unknown>, expected: { code: string; message: RegExp; locale?: string }) => {
      await settle();
      const before = app.partition(NETWORK);
      const calls = app.connector.calls.length;
      const answer = refusalOf(await click(who, verb, data, expected.locale ? { locale: expected.locale } : {}));
      assert.equal(answer.code, expected.code, text(data));
      assert.match(answer.message, expected.message);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(app.partition(NETWORK), before, `${expected.code}: nothing changed in the store`);
      assert.equal(app.connector.calls.length, calls, `${expected.code}: nothing sent to Teams`);
    };
    /**
     * Until every queued card went out (the outbox's own writes are not the refusal's). Time
     * runs fast meanwhile: the setup's notices to the RC wait for Teams' per-conversation limits.
     */
    const settle = async () => {
      const deadline = Date.now() + 10_000;
      await app.cardsIdle();
      while ((await app.store.query<{ status: string } & DecisionDocument>(NETWORK, { type: 'outbox' })).some((item) => ['queued', 'sending'].includes(item.document.status))) {
        if (Date.now() > deadline) assert.fail('timed out waiting for the outbox to be idle');
        app.clock.now = new Date(app.clock.now.getTime() + 5000);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    const openPoll = async (kind: 'single' | 'multiple' = 'single') => {
      const created = await api('POST', '/polls', rc, { question: 'Lieu de l’atelier ?', kind, options: ['Conakry', 'Kankan'], deadline: at(24 * HOUR) });
      assert.equal(created.status, 201, created.raw);
      return { networkId: NETWORK, pollId: String(created.body.pollId) };
    };
    const NOTHING_RECORDED = /rien n’a été enregistré/;
    const NOTHING_RECORDED_EN = /nothing was recorded/;

    it('a tampered card: unknown poll or decision id, another network, another agency, malformed data', async () => {
      const decision = await createByApi();
      const poll = await openPoll();
      const position = { networkId: NETWORK, decisionId: decision.decisionId, agencyCode: 'IOM', position: 'agree' };
      await refusedUnchanged(reps.IOM!, 'decision.position', { ...position, decisionId: '00000000-0000-4000-8000-000000000000' }, { code: 'unknownDecision', message: /Cette décision n’existe pas dans ce réseau\u202f; rien n’a été enregistré/ });
      await refusedUnchanged(reps.IOM!, 'decision.position', { ...position, networkId: 'sn' }, { code: 'wrongNetwork', message: /autre réseau\u202f; rien n’a été enregistré/ });
      await refusedUnchanged(reps.IOM!, 'decision.position', { ...position, agencyCode: 'UNHCR', position: 'object', comment: 'forgé' }, { code: 'otherAgency', message: /votre propre agence\u202f; rien n’a été enregistré/ });
      await refusedUnchanged(wfp, 'poll.answer', { ...poll, pollId: 'f00-not-a-poll', choices: 'o1' }, { code: 'unknownPoll', message: /This poll does not exist in this network; nothing was recorded/, locale: 'en-US' });
      await refusedUnchanged(wfp, 'poll.answer', { ...poll, networkId: 'sn', choices: 'o1' }, { code: 'wrongNetwork', message: /another network; nothing was recorded/, locale: 'en-US' });
      await refusedUnchanged(wfp, 'poll.answer', { choices: 'o1' }, { code: 'InvalidCardData', message: /./ });
    });

    it('an answer or a position after close: the poll closed at its deadline, the decision closed by a co-chair', async () => {
      const poll = await openPoll();
      const decision = await createByApi();
      assert.equal((await api('POST', `/decisions/${decision.decisionId}/close`, rc)).status, 200);
      await advance(24 * HOUR + 60_000);
      await refusedUnchanged(wfp, 'poll.answer', { ...poll, choices: 'o1' }, { code: 'closed', message: /C’est clos\u202f: les réponses ne sont plus acceptées/ });
      await refusedUnchanged(reps.UNHCR!, 'decision.position', { networkId: NETWORK, decisionId: decision.decisionId, agencyCode: 'UNHCR', position: 'agree' }, { code: 'closed', message: /It is closed: answers are no longer accepted/, locale: 'en-US' });
    });

    it('a position by a member of an agency outside ExCom (even its focal point), or by an ExCom agency’s plain member', async () => {
      const decision = await createByApi();
      const wfpFocal = teamsUser({ name: 'Point focal PAM' });
      await app.reseau.membership.requestToJoin(NETWORK, { aadObjectId: wfpFocal.aadObjectId, tenantId: TEST_TENANT_ID, name: wfpFocal.name, language: 'fr' }, 'WFP', 'focalPoint');
      await app.reseau.membership.confirm(NETWORK, rc.aadObjectId, wfpFocal.aadObjectId, 'WFP');
      const ids = { networkId: NETWORK, decisionId: decision.decisionId };
      await refusedUnchanged(wfpFocal, 'decision.position', { ...ids, agencyCode: 'WFP', position: 'agree' }, { code: 'forbidden', message: /Votre rôle dans le réseau ne permet pas cette action\u202f; rien n’a été enregistré/ });
      await refusedUnchanged(wfp, 'decision.position', { ...ids, position: 'agree' }, { code: 'forbidden', message: NOTHING_RECORDED });
      const undpMember = teamsUser({ name: 'Membre PNUD' });
      await app.reseau.membership.requestToJoin(NETWORK, { aadObjectId: undpMember.aadObjectId, tenantId: TEST_TENANT_ID, name: undpMember.name, language: 'en' }, 'UNDP', 'member');
      await app.reseau.membership.confirm(NETWORK, rc.aadObjectId, undpMember.aadObjectId, 'UNDP');
      await refusedUnchanged(undpMember, 'decision.position', { ...ids, agencyCode: 'UNDP', position: 'agree' }, { code: 'forbidden', message: /Your role in the network does not allow this; nothing was recorded/, locale: 'en-US' });
    });

    it('a position by a pending member, even one who asked to be an ExCom agency’s alternate; a pending member’s poll answer', async () => {
      const decision = await createByApi();
      const poll = await openPoll();
      const hopeful = teamsUser({ name: 'Suppléant en attente PNUD' });
      await app.reseau.membership.requestToJoin(NETWORK, { aadObjectId: hopeful.aadObjectId, tenantId: TEST_TENANT_ID, name: hopeful.name, language: 'fr' }, 'UNDP', 'alternate');
      await refusedUnchanged(hopeful, 'decision.position', { networkId: NETWORK, decisionId: decision.decisionId, agencyCode: 'UNDP', position: 'agree' }, { code: 'forbidden', message: NOTHING_RECORDED });
      await refusedUnchanged(pending, 'decision.position', { networkId: NETWORK, decisionId: decision.decisionId, agencyCode: 'UNICEF', position: 'agree' }, { code: 'forbidden', message: NOTHING_RECORDED_EN, locale: 'en-US' });
      await refusedUnchanged(pending, 'poll.answer', { ...poll, choices: 'o1' }, { code: 'forbidden', message: NOTHING_RECORDED });
    });

    it('an invalid position', async () => {
      const decision = await createByApi();
      const ids = { networkId: NETWORK, decisionId: decision.decisionId, agencyCode: 'UNODC' };
      await refusedUnchanged(reps.UNODC!, 'decision.position', { ...ids, position: 'veto' }, { code: 'invalidOption', message: /Ce choix n’existe pas\u202f; rien n’a été enregistré/ });
      await refusedUnchanged(reps.UNODC!, 'decision.position', { ...ids, position: '' }, { code: 'invalidOption', message: /This choice does not exist; nothing was recorded/, locale: 'en-US' });
      await refusedUnchanged(reps.UNODC!, 'decision.position', { ...ids, position: 'x'.repeat(65) }, { code: 'InvalidCardData', message: /./ });
    });

    it('an invalid poll option: an option the poll does not have, two options on a single-choice poll, none at all', async () => {
      const single = await openPoll('single');
      await refusedUnchanged(wfp, 'poll.answer', { ...single, choices: 'o9' }, { code: 'invalidOption', message: /Ce choix n’existe pas\u202f; rien n’a été enregistré/ });
      await refusedUnchanged(wfp, 'poll.answer', { ...single, choices: 'o1,o2' }, { code: 'invalidOption', message: /This choice does not exist; nothing was recorded/, locale: 'en-US' });
      await refusedUnchanged(wfp, 'poll.answer', { ...single, choices: '' }, { code: 'noChoice', message: /Choisissez au moins une option/ });
      const multiple = await openPoll('multiple');
      await refusedUnchanged(wfp, 'poll.answer', { ...multiple, choices: 'o1,o3' }, { code: 'invalidOption', message: NOTHING_RECORDED });
    });

    it('a reason (or reservation) over 2,000 characters', async () => {
      const decision = await createByApi();
      const ids = { networkId: NETWORK, decisionId: decision.decisionId, agencyCode: 'UNODC' };
      await refusedUnchanged(reps.UNODC!, 'decision.position', { ...ids, position: 'object', comment: 'x'.repeat(2001) }, { code: 'commentTooLong', message: /Le commentaire dépasse 2 000 caractères\u202f; raccourcissez-le/ });
      await refusedUnchanged(reps.UNHCR!, 'decision.position', { ...ids, agencyCode: 'UNHCR', position: 'agreeWithReservations', comment: `${' '.repeat(10)}${'é'.repeat(2001)}` }, { code: 'commentTooLong', message: /The comment is over 2,000 characters; shorten it/, locale: 'en-US' });
      // Exactly 2,000 is accepted.
      cardIn<CardJson>(await cast(reps.UNODC!, decision, 'UNODC', 'object', 'x'.repeat(2000)));
    });

    it('an objection without its reason (missing, empty or blank), and reservations without their text', async () => {
      const decision = await createByApi();
      const ids = { networkId: NETWORK, decisionId: decision.decisionId, agencyCode: 'UNODC' };
      await refusedUnchanged(reps.UNODC!, 'decision.position', { ...ids, position: 'object' }, { code: 'commentRequired', message: /Une objection doit être motivée/ });
      await refusedUnchanged(reps.UNODC!, 'decision.position', { ...ids, position: 'object', comment: '' }, { code: 'commentRequired', message: /An objection needs its reason/, locale: 'en-US' });
      await refusedUnchanged(reps.UNODC!, 'decision.position', { ...ids, position: 'object', comment: ' \n\t ' }, { code: 'commentRequired', message: /ajoutez un commentaire/ });
      await refusedUnchanged(reps.UNHCR!, 'decision.position', { ...ids, agencyCode: 'UNHCR', position: 'agreeWithReservations' }, { code: 'commentRequired', message: /add a comment/, locale: 'en-US' });
    });
  });

  it('least privilege: an anonymous poll names nobody to anyone (the co-chair who created it included), on any card or in the API; a pending member reads no audience, castBy, comment or name', async () => {
    // An anonymous poll from the tab, answered by two people of two agencies.
    const created = await api('POST', '/polls', rc, { question: 'Sondage anonyme : priorité 2026 ?', kind: 'single', options: ['Données', 'Protection'], anonymous: true, deadline: at(48 * HOUR) });
    assert.equal(created.status, 201, created.raw);
    const pollId = String(created.body.pollId);
    assert.equal(created.body.audience, undefined, 'no audience list, even for its author');
    await waitUntil(() => cardsTo<CardJson>(app, wfp, /Sondage anonyme/).length === 1 && cardsTo<CardJson>(app, reps.UNHCR!, /Sondage anonyme/).length === 1, 'the poll reaching members 1:1');
    const voterCards = [cardIn<CardJson>(await click(wfp, 'poll.answer', { networkId: NETWORK, pollId, choices: 'o1' })), cardIn<CardJson>(await click(reps.UNHCR!, 'poll.answer', { networkId: NETWORK, pollId, choices: 'o2' }))];
    const voterTraces = ['Ibrahima Sylla', 'Point focal UNHCR', 'WFP', 'UNHCR', wfp.aadObjectId, reps.UNHCR!.aadObjectId];
    const othersOf = (traces: string[], own: string[]) => traces.filter((trace) => !own.includes(trace));
    assert.ok(othersOf(voterTraces, ['Ibrahima Sylla', 'WFP', wfp.aadObjectId]).every((trace) => !text(voterCards[0]).includes(trace)), text(voterCards[0]));
    assert.ok(othersOf(voterTraces, ['Point focal UNHCR', 'UNHCR', reps.UNHCR!.aadObjectId]).every((trace) => !text(voterCards[1]).includes(trace)), text(voterCards[1]));
    // The co-chair's own view, the API for the co-chair and a pending reader, and the closed cards: counts only.
    const coChairView = cardIn<CardJson>(await click(rc, 'poll.view', { networkId: NETWORK, pollId }));
    assert.match(text(coChairView), /anonyme/);
    const coChairApi = await api('GET', `/polls/${pollId}`, rc);
    const pendingApi = await api('GET', `/polls/${pollId}`, pending);
    assert.equal(pendingApi.status, 200, pendingApi.raw);
    await advance(48 * HOUR + 60_000);
    await waitUntil(() => updatesMatching(/Sondage anonyme/).some((call) => /clos/.test(text(call.body))), 'the closed cards');
    for (const [what, received] of [['co-chair card', text(coChairView)], ['co-chair API', coChairApi.raw], ['pending API', pendingApi.raw], ['closed cards', text(updatesMatching(/Sondage anonyme/).map((call) => call.body))]] as const) {
      for (const trace of voterTraces) assert.ok(!received.includes(trace), `${what}: ${trace} in ${received}`);
    }
    assert.deepEqual((coChairApi.body.results as { options: { count: number }[] }).options.map((option) => option.count), [1, 1]);

    // A decision read by a pending member: positions by agency, no castBy, no comment, no object id.
    const decision = await createByApi({ consultationDeadline: at(52 * HOUR), deadline: at(120 * HOUR) });
    const ids = { networkId: NETWORK, decisionId: decision.decisionId };
    assert.equal(cardIn<CardJson>(await click(wfp, 'decision.comment', { ...ids, comment: 'Avis confidentiel du PAM' })).type, 'AdaptiveCard');
    await advance(52 * HOUR + 60_000);
    cardIn<CardJson>(await cast(reps.UNICEF!, decision, 'UNICEF', 'agreeWithReservations', 'Réserve budgétaire'));
    const forPending = await api('GET', `/decisions/${decision.decisionId}`, pending);
    assert.equal(forPending.status, 200, forPending.raw);
    for (const secret of ['Point focal UNICEF', 'Coordonnatrice', 'Avis confidentiel', 'Ibrahima Sylla', reps.UNICEF!.aadObjectId, rc.aadObjectId, '"record"', '"networkId"', '"dueAt"']) {
      assert.ok(!forPending.raw.includes(secret), `a pending reader reads ${secret}`);
    }
    assert.match(forPending.raw, /Réserve budgétaire/, 'a reservation is part of the record, with its agency');
    assert.equal(forPending.body.commentCount, 1);
    // The pending member's own view of the card (Teams' refresh in the channel): no castBy either.
    const pendingCard = cardIn<CardJson>(await click(pending, 'decision.view', ids, { conversation: channel }));
    assert.ok(!text(pendingCard).includes('Point focal UNICEF'));
    // A confirmed member reads who cast it; a stranger reads nothing.
    assert.match((await api('GET', `/decisions/${decision.decisionId}`, wfp)).raw, /Point focal UNICEF/);
    assert.equal((await api('GET', `/decisions/${decision.decisionId}`, teamsUser({ name: 'Inconnu' }))).status, 403);
    assert.equal((await api('GET', `/polls/${pollId}`, teamsUser({ name: 'Inconnu' }))).status, 403);
  });
});
