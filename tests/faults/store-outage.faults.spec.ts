/**
 * The store unreachable, through the real HTTP endpoint: a turn cut at any write answers a
 * bilingual "try again" (a card with the same action for a card action, a reply for a
 * message), never a stack, and leaves no half state — the same tap once the store is back
 * counts once, for an ExCom position (a vote) and a statement clearance. `/healthz` answers 503
 * while the store is gone (from what the app heard, not a query per call) and 200 once it is
 * back; queued deliveries wait and then go out.
 */
import assert from 'node:assert/strict';
import type { DecisionDocument } from '../../src/decisions/model';
import type { StatementDocument } from '../../src/statements/model';
import { apiCall } from '../support/api-client';
import { cardIn, cardTap } from '../support/card-actions';
import type { BotResponse } from '../support/bot-client';
import { postActivity } from '../support/bot-client';
import { EXCOM_AGENCIES, startExcomNetwork, storedPartition, type ExcomNetwork } from '../support/excom-network';
import { faultyStore, type FaultyStore } from '../support/faulty-store';
import { botInstalled, message, teamsConversation } from '../support/teams-activities';

const NETWORK = 'gn';
const START = new Date('2026-03-02T09:00:00Z');

interface TryAgainCard {
  readonly body: readonly { readonly text?: string; readonly inlines?: readonly { readonly text: string }[] }[];
  readonly actions: readonly { readonly type: string; readonly verb: string; readonly title: string; readonly data: Record<string, unknown> }[];
}

/** The card a card action answered with (Universal Actions: the card replaces the clicked one). */
function answeredCard(response: BotResponse): TryAgainCard {
  assert.equal(response.status, 200);
  return cardIn<TryAgainCard>(response);
}

const cardText = (card: TryAgainCard) => JSON.stringify(card.body);

describe('faults: the store unreachable', function () {
  this.timeout(60_000);
  let faults: FaultyStore;
  let net: ExcomNetwork;

  before(async () => {
    net = await startExcomNetwork(NETWORK, START, {
      wrapStore: (store) => {
        faults = faultyStore(store);
        return faults.store;
      },
    });
  });
  afterEach(() => faults.restore());
  after(async () => {
    await net?.app.stop();
  });

  /** Taps `verb` with the store cut after `writes` writes; then the "try again" card's own button once it is back. */
  async function tapThroughOutage(verb: string, data: Record<string, unknown>, agency: (typeof EXCOM_AGENCIES)[number], writes: number, locale = 'fr-FR') {
    await net.app.cardsIdle();
    const before = storedPartition(net.app, NETWORK);
    faults.cutAfterWrites(writes);
    const card = answeredCard(await cardTap(net.app, net.reps[agency], verb, data, { locale }));
    const text = cardText(card);
    assert.doesNotMatch(text, /\bat \w+ \(|Error|\.ts:\d/, 'no stack, no error class');
    if (writes === 0) assert.deepEqual(storedPartition(net.app, NETWORK).documents, before.documents, 'a turn cut before its first write stored nothing');
    faults.restore();
    const [retry] = card.actions;
    assert.equal(retry?.type, 'Action.Execute');
    assert.equal(retry.verb, verb, 'the button sends the same action again');
    assert.deepEqual(retry.data, data);
    const again = answeredCard(await cardTap(net.app, net.reps[agency], retry.verb, retry.data, { locale }));
    await net.app.cardsIdle();
    return { card, text, again };
  }

  it('an ExCom position cut before and between its two writes: "try again" in French and English, and the retry counts the agency once', async () => {
    const decision = await net.app.reseau.decisions.createDecision(NETWORK, { aadObjectId: net.coChair.aadObjectId, name: net.coChair.name }, {
      title: 'Plan de travail 2026',
      text: { fr: 'Le Réseau adopte son plan.' },
      mode: 'consensus',
      deadline: '2026-03-09T17:00:00Z',
    });
    const cases: [(typeof EXCOM_AGENCIES)[number], number, string, RegExp][] = [
      ['IOM', 0, 'fr-FR', /Réseau est momentanément indisponible.*rien n’a été enregistré.*Réessayez dans une minute/],
      ['UNDP', 1, 'en-US', /Réseau is unavailable for a moment.*nothing was saved.*Try again in a minute/],
    ];
    for (const [agency, writes, locale, expected] of cases) {
      const { card, text, again } = await tapThroughOutage('decision.position', { networkId: NETWORK, decisionId: decision.decisionId, agencyCode: agency, position: 'agree' }, agency, writes, locale);
      assert.match(text, expected);
      assert.equal(card.actions[0]?.title, locale === 'en-US' ? 'Try again' : 'Réessayer');
      assert.doesNotMatch(cardText(again), /indisponible|unavailable/, 'the retry answered with the decision card');
    }
    const stored = (await net.app.store.get<DecisionDocument>(NETWORK, `decision:${decision.decisionId}`))?.document;
    const voices = stored?.agencyVoices?.voices ?? [];
    assert.deepEqual(voices.map((voice) => voice.agencyCode).sort(), ['IOM', 'UNDP'], 'each agency counted once, none lost');
  });

  it('a statement clearance cut half-way: "try again", then the retry counts the agency once and the statement is still in clearance', async () => {
    const actor = { aadObjectId: net.coChair.aadObjectId, name: net.coChair.name };
    const channel = teamsConversation('channel');
    await postActivity(net.app.url, botInstalled({ serviceUrl: net.app.connector.serviceUrl, conversation: channel, user: net.coChair }));
    const requested = await net.app.reseau.statements.request(NETWORK, actor, { title: 'Journée internationale des migrants' });
    await net.app.reseau.statements.addVersion(NETWORK, requested.statementId, actor, { fr: 'Le Réseau rappelle que toute personne migrante a des droits.' });
    const submitted = await net.app.reseau.statements.submit(NETWORK, requested.statementId, actor);
    const version = String(submitted.clearance?.version ?? 1);
    for (const [agency, writes] of [['OHCHR', 0], ['UNICEF', 1]] as const) {
      const { text } = await tapThroughOutage('statement.clear', { networkId: NETWORK, statementId: requested.statementId, agencyCode: agency, version, position: 'approve' }, agency, writes);
      assert.match(text, /momentanément indisponible/);
    }
    const stored = (await net.app.store.get<StatementDocument>(NETWORK, `statement:${requested.statementId}`))?.document;
    assert.equal(stored?.status, 'clearance');
    assert.deepEqual((stored?.agencyVoices?.voices ?? []).map((voice) => voice.agencyCode).sort(), ['OHCHR', 'UNICEF']);
  });

  it('a message during an outage gets a "try again" reply; /healthz says 503 with a short reason, without a query per call, and 200 once the store is back', async () => {
    const conversation = teamsConversation('personal');
    faults.cut();
    await postActivity(net.app.url, message({ serviceUrl: net.app.connector.serviceUrl, user: net.reps.IOM, conversation, text: 'aide', locale: 'en-US' }));
    const [reply] = net.app.connector.activities({ conversationId: conversation.id });
    assert.match(String(reply?.text), /^Réseau cannot reach its database right now: nothing was saved\. Try again in a minute.*reference: [\w-]+\.$/);
    const pingsBefore = faults.pings;
    for (let i = 0; i < 25; i += 1) {
      const health = await fetch(`${net.app.url}/healthz`);
      assert.equal(health.status, 503);
      const body = (await health.json()) as Record<string, unknown>;
      assert.deepEqual(body, { status: 'unavailable', store: 'sqlite', reason: 'store unavailable' });
    }
    assert.ok(faults.pings - pingsBefore <= 1, `25 health checks probed the store ${faults.pings - pingsBefore} times`);
    faults.restore();
    const deadline = Date.now() + 5_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await fetch(`${net.app.url}/healthz`)).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(status, 200, 'healthy again within a probe interval');
  });

  it('the tab’s API during an outage: 503 with a "try again" in the reader’s language, no stack; served again once the store is back', async () => {
    faults.cut();
    for (const [language, expected] of [['fr-FR', /^Réseau ne parvient pas à joindre sa base de données pour l’instant\u202f: rien n’a été enregistré\. Réessayez dans une minute/], ['en-US', /^Réseau cannot reach its database right now/]] as const) {
      const answer = await apiCall(net.app.url, 'GET', '/meetings', net.reps.IOM, undefined, language);
      assert.equal(answer.status, 503, answer.raw);
      assert.equal(answer.body.code, 'storeUnavailable');
      assert.match(String(answer.body.message), expected);
      assert.doesNotMatch(answer.raw, /\bat \w+ \(|StoreError|ECONNREFUSED/);
    }
    faults.restore();
    assert.equal((await apiCall(net.app.url, 'GET', '/meetings', net.reps.IOM)).status, 200);
  });

  it('deliveries queued before an outage wait while the store is gone and all go out, once each, when it is back', async () => {
    const channel = teamsConversation('channel');
    await postActivity(net.app.url, botInstalled({ serviceUrl: net.app.connector.serviceUrl, conversation: channel, user: net.coChair }));
    await net.app.cardsIdle();
    const sentBefore = net.app.connector.activities({ conversationId: channel.id }).length;
    faults.cut();
    const enqueued = net.app.reseau.outbox.enqueue(NETWORK, 'fault-outage-notice', [{ kind: 'conversation', conversationId: channel.id }], { type: 'message', text: 'Avis pendant la panne' });
    await assert.rejects(enqueued, /ECONNREFUSED/, 'an enqueue during the outage fails as a whole: the caller knows');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    faults.restore();
    // The app runs on the test's clock: let it move with real time, as the sends' windows need.
    const ticking = setInterval(() => {
      net.app.clock.now = new Date(net.app.clock.now.getTime() + 50);
    }, 50);
    try {
      await net.app.reseau.outbox.enqueue(NETWORK, 'fault-outage-notice', [{ kind: 'conversation', conversationId: channel.id }], { type: 'message', text: 'Avis pendant la panne' });
      faults.cut();
      await new Promise((resolve) => setTimeout(resolve, 300));
      const callsDuringOutage = net.app.connector.calls.length;
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      assert.equal(net.app.connector.calls.length, callsDuringOutage, 'no connector call while the store is gone: nothing could be recorded');
      faults.restore();
      await net.app.connector.waitFor((call) => call.conversationId === channel.id && call.kind === 'send' && JSON.stringify(call.body ?? {}).includes('Avis pendant la panne'), 15_000);
    } finally {
      clearInterval(ticking);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    const notices = net.app.connector.activities({ conversationId: channel.id }).filter((activity) => activity.text === 'Avis pendant la panne');
    assert.equal(notices.length, 1);
    assert.ok(net.app.connector.activities({ conversationId: channel.id }).length >= sentBefore + 1);
  });
});
