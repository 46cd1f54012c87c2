/**
 * Irreversible card actions ask to confirm, then say what happened (issue 15, item 3), through
 * /api/messages: "Close now" on a decision, delivering a statement, sending the member list to
 * every member, leaving the network. The first click answers with a confirmation card in place
 * and changes nothing; only the confirmation's `confirm: true` acts — card data without it
 * (altered, or an old card) gets the confirmation again; the card then says what happened,
 * including that a decision or a statement reached no channel.
 */
import assert from 'node:assert/strict';
import type { DecisionDocument } from '../../src/decisions/model';
import type { MemberDocument } from '../../src/network/model';
import type { StatementDocument } from '../../src/statements/model';
import type { BotResponse } from '../support/bot-client';
import { cardIn as cardInResponse, cardTapper, refusalOf } from '../support/card-actions';
import { confirmedMember } from '../support/network-members';
import { startReseauWithClock, type ReseauWithClock } from '../support/reseau-with-clock';
import { TEST_TENANT_ID, botInstalled, message, teamsConversation, teamsUser, type TeamsConversation, type TeamsUser } from '../support/teams-activities';

const NETWORK = 'gn';
const START = new Date('2026-03-02T09:00:00Z');
const EXCOM = ['IOM', 'UNDP', 'UNHCR', 'OHCHR', 'UNICEF', 'UNODC'] as const;

type Action = { verb?: string; title?: string; style?: string; data?: Record<string, unknown> };
type CardJson = { body?: unknown[]; actions?: Action[] } & Record<string, unknown>;
const text = (value: unknown) => JSON.stringify(value);

describe('irreversible card actions ask to confirm, then say what happened (through /api/messages)', function () {
  this.timeout(60_000);
  let app: ReseauWithClock;
  let rc: TeamsUser;
  let rcChat: TeamsConversation;
  const reps: Record<string, TeamsUser> = {};
  let wfp: TeamsUser;

  const start = async (options: { channel: boolean }) => {
    rc = teamsUser({ name: 'Coordonnatrice Résidente' });
    app = await startReseauWithClock(START, { NETWORK_ADMINS: `${rc.aadObjectId}=cochair`, LOG_LEVEL: 'warn' });
    rcChat = teamsConversation('personal');
    app.connector.setRoster(rcChat.id, [{ id: rc.id, name: rc.name, aadObjectId: rc.aadObjectId, tenantId: TEST_TENANT_ID }]);
    await app.post(message({ serviceUrl: app.connector.serviceUrl, user: rc, conversation: rcChat, locale: 'fr-FR', text: 'bonjour' }));
    if (options.channel) await app.post(botInstalled({ serviceUrl: app.connector.serviceUrl, conversation: teamsConversation('channel'), user: rc }));
    for (const agency of EXCOM) reps[agency] = await confirmedMember(app.reseau, rc, { name: `Point focal ${agency}`, agency, role: 'focalPoint' });
    wfp = await confirmedMember(app.reseau, rc, { name: 'Ibrahima Sylla', agency: 'WFP', role: 'member' });
  };
  afterEach(async () => {
    await app?.stop();
  });

  const click = cardTapper(() => app, () => ({ conversation: rcChat }));
  const cardIn = (response: BotResponse) => cardInResponse<CardJson>(response, { parsed: true });
  const api = async (method: string, path: string, as: TeamsUser, body?: unknown) => {
    const response = await fetch(`${app.url}/api/v1${path}`, {
      method,
      headers: { 'x-reseau-dev-user': as.aadObjectId, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  /** The confirmation card: its Confirm action carries `confirm: true`, which the first click's data did not. */
  const confirmationIn = (response: BotResponse, verb: string): { card: CardJson; confirm: Action; back?: Action } => {
    const card = cardIn(response);
    const confirm = card.actions?.find((action) => action.verb === verb);
    assert.ok(confirm, text(card.actions));
    assert.equal(confirm.data?.confirm, true, 'only the confirmation carries the flag');
    return { card, confirm, ...(card.actions?.[1] ? { back: card.actions[1] } : {}) };
  };
  const decisionOf = async (decisionId: string) => (await app.store.get<DecisionDocument>(NETWORK, `decision:${decisionId}`))?.document;
  const openDecision = async () => {
    const created = await api('POST', '/decisions', rc, { title: 'Plan de travail 2026', text: { fr: 'Le Réseau adopte son plan de travail.' }, mode: 'consensus', deadline: '2026-03-09T17:00:00Z' });
    assert.equal(created.status, 201, text(created.body));
    const decision = created.body as unknown as DecisionDocument;
    cardIn(await click(reps.IOM!, 'decision.position', { networkId: NETWORK, decisionId: decision.decisionId, agencyCode: 'IOM', position: 'agree' }));
    return decision;
  };

  it('“Close now” asks first, with the outcome closing would record; altered data without the flag never closes; once confirmed the card says the outcome and where it shows', async () => {
    await start({ channel: true });
    const created = await click(rc, 'decision.create', { networkId: NETWORK, title: 'Calendrier', textFr: 'Texte.', mode: 'consensus', deadlineDate: '2026-03-09', deadlineTime: '17:00' });
    assert.equal(String((created.body as { value: unknown }).value), 'Décision «\u202fCalendrier\u202f» créée et envoyée aux membres.');
    const decision = await openDecision();
    const ids = { networkId: NETWORK, decisionId: decision.decisionId };

    const asked = confirmationIn(await click(rc, 'decision.close', ids), 'decision.close');
    assert.match(text(asked.card), /Clore la décision maintenant\u202f\?/);
    assert.match(text(asked.card), /Clore maintenant enregistre\u202f: ","weight":"Default".*"Pas de consensus"/);
    assert.match(text(asked.card), /1\/6 agences du Comité exécutif ont répondu/);
    assert.match(text(asked.card), /C’est définitif/);
    assert.equal(asked.confirm.style, 'destructive');
    assert.equal(asked.back?.verb, 'decision.view');
    assert.equal((await decisionOf(decision.decisionId))?.phase, 'excom', 'asking closes nothing');

    // Card data without the flag, or with another value, does not close.
    for (const altered of [ids, { ...ids, confirm: false }, { ...ids, confirm: 'yes' }]) {
      const response = await click(rc, 'decision.close', altered);
      if ((response.body as { type: string }).type === 'application/vnd.microsoft.error') assert.equal(refusalOf(response).code, 'InvalidCardData');
      else confirmationIn(response, 'decision.close');
    }
    // Nobody but a co-chair is asked, or can confirm.
    assert.equal(refusalOf(await click(reps.UNHCR!, 'decision.close', ids)).code, 'forbidden');
    assert.equal(refusalOf(await click(reps.UNHCR!, 'decision.close', asked.confirm.data ?? {})).code, 'forbidden');
    assert.equal((await decisionOf(decision.decisionId))?.phase, 'excom');
    // Back puts the decision card back, still open.
    assert.match(text(cardIn(await click(rc, asked.back?.verb ?? '', asked.back?.data ?? {}))), /Clore maintenant/);

    const closed = cardIn(await click(rc, 'decision.close', asked.confirm.data ?? {}));
    assert.equal((await decisionOf(decision.decisionId))?.outcome?.state, 'noConsensus');
    assert.match(text(closed.body?.[0]), /Vous avez clos la décision DEC-2026-001\u202f: Pas de consensus\./);
    assert.match(text(closed.body?.[0]), /Le résultat est affiché dans 1 canal et sur les cartes des représentants/);
    assert.equal((closed.body?.[0] as { style?: string }).style, 'good');
    assert.equal(refusalOf(await click(rc, 'decision.close', asked.confirm.data ?? {})).code, 'closed', 'closed once');
  });

  it('a decision that reached no channel: its creation from the card and the confirmed close tell the co-chair so, in her language', async () => {
    await start({ channel: false });
    const created = await click(rc, 'decision.create', { networkId: NETWORK, title: 'Calendrier', textFr: 'Texte.', mode: 'consensus', deadlineDate: '2026-03-09', deadlineTime: '17:00' }, { locale: 'en-US' });
    assert.match(String((created.body as { value: unknown }).value), /^Decision “Calendrier” created and sent privately to the ExCom representatives\. It reached no channel/);
    const decision = await openDecision();
    const ids = { networkId: NETWORK, decisionId: decision.decisionId };
    const asked = confirmationIn(await click(rc, 'decision.close', ids, { locale: 'en-US' }), 'decision.close');
    assert.match(text(asked.card), /Close the decision now\?/);
    const closed = cardIn(await click(rc, 'decision.close', asked.confirm.data ?? {}, { locale: 'en-US' }));
    assert.equal((closed.body?.[0] as { style?: string }).style, 'warning');
    assert.match(text(closed.body?.[0]), /You closed decision DEC-2026-001: No consensus\./);
    assert.match(text(closed.body?.[0]), /This decision reached no channel: Réseau is installed in no team/);
  });

  it('the tab API says what a close and a delivery did too: where they went, or that they reached no channel', async () => {
    await start({ channel: false });
    const decision = await openDecision();
    const closed = await api('POST', `/decisions/${decision.decisionId}/close`, rc, {});
    assert.equal(closed.status, 200, text(closed.body));
    assert.deepEqual(closed.body.reached, { channels: 0 });
    assert.match(String(closed.body.notice), /^Vous avez clos la décision DEC-2026-001\u202f: Pas de consensus\. Cette décision n’a atteint aucun canal/);
    const statementId = await validatedStatement();
    const delivered = await api('POST', `/statements/${statementId}/deliver`, rc, {});
    assert.equal(delivered.status, 200, text(delivered.body));
    assert.deepEqual(delivered.body.reached, { channels: 0 });
    assert.match(String(delivered.body.notice), /Elle n’a atteint aucun canal/);
  });

  const validatedStatement = async () => {
    const requested = await api('POST', '/statements', wfp, { title: 'Journée des migrants', purpose: 'Message commun', gcmObjectives: [17] });
    assert.equal(requested.status, 201, text(requested.body));
    const statementId = (requested.body as unknown as StatementDocument).statementId;
    assert.equal((await api('POST', `/statements/${statementId}/versions`, rc, { text: { fr: 'Le Réseau rappelle les droits des migrants.' } })).status, 201);
    assert.equal((await api('POST', `/statements/${statementId}/submit`, rc, {})).status, 200);
    for (const agency of EXCOM) cardIn(await click(reps[agency]!, 'statement.clear', { networkId: NETWORK, statementId, agencyCode: agency, version: '1', position: 'approve' }));
    return statementId;
  };

  it('delivering a statement asks first (version, approvals, where it will appear), then says it was published and where', async () => {
    await start({ channel: true });
    const statementId = await validatedStatement();
    const ids = { networkId: NETWORK, statementId, version: '1' };
    const asked = confirmationIn(await click(rc, 'statement.deliver', ids), 'statement.deliver');
    assert.match(text(asked.card), /Publier la déclaration au nom du Réseau\u202f\?/);
    assert.match(text(asked.card), /Version 1, approuvée par les 6 agences du Comité exécutif/);
    assert.match(text(asked.card), /Elle sera publiée dans 1 canal/);
    assert.equal(asked.back?.verb, 'statement.view');
    const statement = async () => (await app.store.get<StatementDocument>(NETWORK, `statement:${statementId}`))?.document;
    assert.equal((await statement())?.status, 'clearance', 'asking delivers nothing');
    assert.equal(refusalOf(await click(reps.OHCHR!, 'statement.deliver', asked.confirm.data ?? {})).code, 'forbidden');
    assert.equal(refusalOf(await click(rc, 'statement.deliver', { ...asked.confirm.data, version: '2' })).code, 'staleVersion');

    const delivered = cardIn(await click(rc, 'statement.deliver', asked.confirm.data ?? {}));
    assert.equal((await statement())?.status, 'delivered');
    assert.match(text(delivered.body?.[0]), /Vous avez publié la version 1 au nom du Réseau\..*Elle est publiée dans 1 canal\./);
    assert.equal(refusalOf(await click(rc, 'statement.deliver', ids)).code, 'delivered', 'not asked again once delivered');
  });

  it('a statement delivered where no channel has the app: asked and told so', async () => {
    await start({ channel: false });
    const statementId = await validatedStatement();
    const asked = confirmationIn(await click(rc, 'statement.deliver', { networkId: NETWORK, statementId }), 'statement.deliver');
    assert.match(text(asked.card), /Aucun canal n’a Réseau\u202f: la déclaration sera marquée publiée/);
    const delivered = cardIn(await click(rc, 'statement.deliver', asked.confirm.data ?? {}));
    assert.equal((delivered.body?.[0] as { style?: string }).style, 'warning');
    assert.match(text(delivered.body?.[0]), /Elle n’a atteint aucun canal/);
  });

  it('“Send the list to all members” asks (to how many), sends nothing until confirmed, then the list says it was sent', async () => {
    await start({ channel: false });
    const listSends = () => app.connector.calls.filter((call) => (call.kind === 'send' || call.kind === 'createConversation') && /Membres du réseau|Network members/.test(text(call.body))).length;
    const asked = confirmationIn(await click(rc, 'network.memberList.send', { networkId: NETWORK }), 'network.memberList.send');
    assert.match(text(asked.card), /Envoyer la liste des membres\u202f\?/);
    assert.match(text(asked.card), /Elle sera envoyée en privé à chacun des 8 membres confirmés/);
    assert.match(text(asked.card), /Oui, envoyer à 8 membres/);
    assert.equal(refusalOf(await click(wfp, 'network.memberList.send', asked.confirm.data ?? {})).code, 'forbidden');
    assert.match(text(cardIn(await click(rc, asked.back?.verb ?? '', asked.back?.data ?? {}))), /Envoyer la liste à tous les membres/);
    await app.cardsIdle();
    assert.equal(listSends(), 0, 'nothing sent before the confirmation');

    const sent = cardIn(await click(rc, 'network.memberList.send', asked.confirm.data ?? {}));
    assert.match(text(sent.body?.[0]), /Liste des membres envoyée à 8 membres, chacun en privé\./);
    assert.match(text(sent), /Membres du réseau/, 'the list stays on the card');
    const deadline = Date.now() + 10_000;
    while (listSends() < 8) {
      if (Date.now() > deadline) assert.fail(`the list reached ${listSends()} of 8 members`);
      // Time passes while we wait: the dispatcher's rate windows run on the app's clock.
      app.clock.now = new Date(app.clock.now.getTime() + 1000);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });

  it('the tab API’s “send the list” says to how many members it went', async () => {
    await start({ channel: false });
    const sent = await api('POST', '/members/send', rc, {});
    assert.equal(sent.status, 200, text(sent.body));
    assert.deepEqual(sent.body, { recipients: 8, notice: 'Liste des membres envoyée à 8 membres, chacun en privé.' });
  });

  it('leaving from the profile card asks first; only the confirmation leaves', async () => {
    await start({ channel: false });
    const member = async () => (await app.store.get<MemberDocument>(NETWORK, `member:${wfp.aadObjectId.toLowerCase()}`))?.document;
    const fromProfile = { networkId: NETWORK, memberId: wfp.aadObjectId };
    const asked = cardIn(await click(wfp, 'network.member.leave', fromProfile));
    assert.match(text(asked), /Quitter le réseau\u202f\?/);
    const confirm = asked.actions?.find((action) => action.verb === 'network.member.leave');
    assert.equal(confirm?.data?.confirm, true);
    assert.equal((await member())?.status, 'confirmed', 'asking changes nothing');
    assert.match(text(cardIn(await click(wfp, 'network.member.leave', confirm?.data ?? {}))), /Vous avez quitté le réseau/);
    assert.equal((await member())?.status, 'left');
  });
});
