/**
 * ExCom cards are refreshed after the position answered (issue 13): the invoke answers with
 * the voter's own card at once, whatever the connector's latency; every other copy (the ExCom
 * channel, each representative's 1:1 card) converges to the final tally after a burst; a crash
 * between the position and the refresh is caught up by the scheduler at the next start; and
 * one position costs the same store operations whatever the decision's history.
 */
import assert from 'node:assert/strict';
import { agencyVoiceDocumentId, type AgencyVoiceDocument } from '../../src/agency-voices/model';
import { decisionSummary } from '../../src/decisions/decision-rules';
import type { DecisionDocument } from '../../src/decisions/model';
import type { OutboxItem } from '../../src/delivery/outbox-rules';
import type { RunningReseau as Reseau } from '../../src/main';
import type { DocumentStore } from '../../src/store/document-store';
import { postActivity } from '../support/bot-client';
import { cardIn } from '../support/card-actions';
import { countingStore, describeCounts, type CountingDocumentStore, type StoreCounts } from '../support/counting-store';
import { lastDeliveredActivity, type FakeConnector, type WireActivity } from '../support/fake-connector';
import { restartableReseau } from '../support/restartable-reseau';
import { startReseauUnderTest, type ReseauUnderTest } from '../support/reseau-under-test';
import { TEST_TENANT_ID, adaptiveCardAction, botInstalled, teamsConversation, teamsUser, type TeamsConversation, type TeamsUser } from '../support/teams-activities';

const NETWORK = 'gn';
const newCoChair = () => teamsUser({ name: 'Coordonnatrice Résidente', email: 'rc.guinee@un.org', userPrincipalName: 'rc.guinee@un.org' });
// NETWORK_ADMINS names people by Entra object id.
const adminsEnv = (rc: TeamsUser) => ({ NETWORK_ADMINS: `${rc.aadObjectId}=cochair` });
const START = new Date('2026-03-02T09:00:00Z');
const EXCOM = ['IOM', 'UNDP', 'UNHCR', 'OHCHR', 'UNICEF', 'UNODC'] as const;
const LABELS = { agree: 'D’accord', agreeWithReservations: 'D’accord avec réserves', standAside: 'Abstention', object: 'Objection' } as const;
type PositionName = keyof typeof LABELS;

/** The texts of a card's TextRuns, in reading order. */
const textRuns = (card: unknown): string[] => {
  if (Array.isArray(card)) return card.flatMap(textRuns);
  if (!card || typeof card !== 'object') return [];
  const node = card as Record<string, unknown>;
  return node.type === 'TextRun' && typeof node.text === 'string' ? [node.text] : Object.values(node).flatMap(textRuns);
};
const cardOf = (activity: WireActivity | undefined): unknown => activity?.attachments?.[0]?.content;

/** What a French card says about the tally: answered count and the agencies at each position. */
function tallyLines(runs: readonly string[]): string {
  const lines = [runs.find((entry) => /agences du Comité exécutif ont répondu/.test(entry)) ?? '(no count)'];
  for (const label of Object.values(LABELS)) {
    const at = runs.indexOf(`${label}\u202f: `);
    lines.push(`${label}: ${at === -1 ? '' : runs[at + 1]}`);
  }
  return lines.join(' | ');
}

/** The same, from the stored decision: what every copy must end up showing. */
function expectedLines(decision: DecisionDocument): string {
  const { tally } = decisionSummary(decision);
  const lines = [`${tally.answered.length}/${decision.excomAgencies.length} agences du Comité exécutif ont répondu`];
  for (const [position, label] of Object.entries(LABELS)) lines.push(`${label}: ${tally.byPosition[position as PositionName].join(', ')}`);
  return lines.join(' | ');
}

interface Network {
  readonly reseau: Reseau;
  readonly connector: FakeConnector;
  readonly store: DocumentStore;
  readonly clock: { now: Date };
  readonly rc: TeamsUser;
  readonly channel: TeamsConversation;
  /** Three representatives per ExCom agency (focal point, two alternates). */
  readonly team: Record<string, TeamsUser[]>;
}

/** The co-chair, the ExCom channel (bot installed) and 18 representatives, confirmed. */
async function seed(reseau: Reseau, connector: FakeConnector, store: DocumentStore, clock: { now: Date }, rc: TeamsUser): Promise<Network> {
  await reseau.membership.firstContact(NETWORK, { aadObjectId: rc.aadObjectId, tenantId: TEST_TENANT_ID, name: rc.name, email: 'rc.guinee@un.org', language: 'fr' });
  const channel = teamsConversation('channel');
  await postActivity(reseau.url, botInstalled({ serviceUrl: connector.serviceUrl, conversation: channel, user: rc }));
  const team: Record<string, TeamsUser[]> = {};
  for (const agency of EXCOM) {
    team[agency] = [];
    for (const role of ['focalPoint', 'alternate', 'alternate'] as const) {
      const user = teamsUser({ name: `${role === 'focalPoint' ? 'Point focal' : 'Suppléant'} ${agency} ${team[agency].length}` });
      await reseau.membership.requestToJoin(NETWORK, { aadObjectId: user.aadObjectId, tenantId: TEST_TENANT_ID, name: user.name, language: 'fr' }, agency, role);
      await reseau.membership.confirm(NETWORK, rc.aadObjectId, user.aadObjectId, agency);
      team[agency].push(user);
    }
  }
  return { reseau, connector, store, clock, rc, channel, team };
}

const createDecision = (net: Network, title = 'Plan de travail 2026') =>
  net.reseau.decisions.createDecision(NETWORK, { aadObjectId: net.rc.aadObjectId, name: net.rc.name }, { title, text: { fr: 'Le Réseau adopte son plan.' }, mode: 'consensus', deadline: '2026-03-09T17:00:00Z' });

const positionInvoke = (net: Network, user: TeamsUser, decision: DecisionDocument, agency: string, position: PositionName, id?: string) =>
  adaptiveCardAction({
    serviceUrl: net.connector.serviceUrl,
    user,
    conversation: teamsConversation('personal'),
    locale: 'fr-FR',
    verb: 'decision.position',
    ...(id ? { id } : {}),
    data: { networkId: NETWORK, decisionId: decision.decisionId, agencyCode: agency, position, ...(position === 'object' || position === 'agreeWithReservations' ? { comment: `Motif ${agency}` } : {}) },
  });

const vote = async (net: Network, user: TeamsUser, decision: DecisionDocument, agency: string, position: PositionName) => {
  return cardIn<unknown>(await postActivity(net.reseau.url, positionInvoke(net, user, decision, agency, position)));
};

const decisionDoc = async (store: DocumentStore, decisionId: string) => (await store.get<DecisionDocument>(NETWORK, `decision:${decisionId}`))?.document;
/** Every position cast on the decision: the histories of the agencies' documents. */
async function positionCount(store: DocumentStore, decisionId: string): Promise<number> {
  const found = await Promise.all(EXCOM.map((agency) => store.get<AgencyVoiceDocument>(NETWORK, agencyVoiceDocumentId({ kind: 'decision', subjectId: decisionId, round: 1 }, agency))));
  return found.reduce((sum, entry) => sum + (entry?.document.record.history.length ?? 0), 0);
}

/** The ExCom outbox items of a decision (the channel copy and each representative's card). */
async function cardItems(store: DocumentStore, decisionId: string): Promise<OutboxItem[]> {
  const found = await store.query<OutboxItem>(NETWORK, { type: 'outbox', where: [{ path: 'messageKey', op: 'in', values: [`decision:${decisionId}:excom`, `decision:${decisionId}:excom-channel`] }] });
  return found.map((entry) => entry.document);
}

/** What each delivered copy shows now: the last send or update Teams received for it. */
function deliveredCopies(connector: FakeConnector, items: readonly OutboxItem[]): { who: string; shows: string }[] {
  return items.map((item) => {
    return { who: item.recipient.kind === 'conversation' ? 'channel' : item.recipient.aadObjectId, shows: tallyLines(textRuns(cardOf(lastDeliveredActivity(connector, item) as WireActivity))) };
  });
}

/** Waits (moving the app's clock, which paces the outbox) until every copy shows `expected`. */
async function converged(net: Network, decisionId: string, expected: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let copies: { who: string; shows: string }[] = [];
  for (;;) {
    const items = await cardItems(net.store, decisionId);
    const delivered = items.every((item) => item.status === 'sent' && (item.deliveredRevision ?? 0) >= item.revision);
    copies = deliveredCopies(net.connector, items);
    if (items.length === 19 && delivered && copies.every((copy) => copy.shows === expected)) return;
    if (Date.now() > deadline) break;
    net.clock.now = new Date(net.clock.now.getTime() + 1000);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.fail(`the copies did not converge to ${expected}:\n${copies.map((copy) => `${copy.who}: ${copy.shows}`).join('\n')}`);
}

describe('ExCom cards refreshed after the position answered', function () {
  this.timeout(90_000);

  describe('on one running app', () => {
    let app: ReseauUnderTest;
    let counting: CountingDocumentStore;
    let net: Network;

    afterEach(async () => {
      await app?.stop();
    });

    const start = async (connector: { latencyMs?: number } = {}) => {
      const rc = newCoChair();
      app = await startReseauUnderTest({
        env: adminsEnv(rc),
        clockStart: START,
        connector,
        wrapStore: (store) => (counting = countingStore(store, { exclude: /Dispatcher\.|DeliveryTally\.|SendingLease\.|CardRefresher\.|syncCards/ })),
      });
      net = await seed(app.reseau, app.connector, app.store, app.clock ?? { now: START }, rc);
    };

    it('the invoke answers with the voter’s card in well under a second while Teams takes 2 s for each card update; the copies follow', async () => {
      await start({ latencyMs: 2000 });
      const decision = await createDecision(net);
      for (const [index, agency] of EXCOM.entries()) {
        const started = performance.now();
        const card = await vote(net, net.team[agency]![0]!, decision, agency, agency === 'UNODC' ? 'object' : 'agree');
        const took = performance.now() - started;
        assert.ok(took < 1000, `${agency}: the invoke took ${Math.round(took)} ms`);
        assert.ok(textRuns(card).includes(`${index + 1}/6 agences du Comité exécutif ont répondu`), `${agency}: the voter's card shows their position counted`);
      }
      const final = await decisionDoc(net.store, decision.decisionId);
      assert.equal(final?.phase, 'excom');
      await converged(net, decision.decisionId, expectedLines(final!), 60_000);
    });

    it('after a burst of 18 positions at once, every delivered copy (channel and 1:1) shows the final tally, and the decision is marked fresh', async () => {
      await start();
      const decision = await createDecision(net);
      const positions: PositionName[] = ['agree', 'agreeWithReservations', 'standAside', 'object'];
      for (let round = 0; round < 3; round += 1) {
        const invokes = EXCOM.flatMap((agency, a) => net.team[agency]!.map((user, i) => positionInvoke(net, user, decision, agency, agency === 'UNODC' ? 'object' : positions[(round + a + i) % 4]!)));
        const answers = await Promise.all(invokes.map((activity) => postActivity(net.reseau.url, activity)));
        for (const answer of answers) assert.equal((answer.body as { type: string }).type, 'application/vnd.microsoft.card.adaptive', JSON.stringify(answer.body));
      }
      const final = await decisionDoc(net.store, decision.decisionId);
      assert.equal(await positionCount(net.store, decision.decisionId), 54);
      await converged(net, decision.decisionId, expectedLines(final!));
      await net.reseau.decisions.cardsIdle();
      const after = await decisionDoc(net.store, decision.decisionId);
      assert.equal(after?.cardsStaleSince, undefined, 'the refresh cleared the mark');
      assert.deepEqual(after?.agencyVoices?.voices, final?.agencyVoices?.voices);
      assert.deepEqual(app.logs.filter((line) => line.level >= 50).map((line) => line.msg), []);
    });

    it('one position costs the same store operations and the same bytes of the decision after 3 rounds of history as after 30: one read and one conditional write of the decision, one conditional write of the agency’s own document (as this process wrote it last: not read again), no comments query without a consultation, nothing of the outbox in the turn', async () => {
      await start();
      const short = await createDecision(net, 'Court');
      const long = await createDecision(net, 'Lang');
      const history = async (decision: DecisionDocument, rounds: number) => {
        for (let round = 0; round < rounds; round += 1) {
          await Promise.all(EXCOM.map((agency) => vote(net, net.team[agency]![round % 3]!, decision, agency, agency === 'UNODC' ? 'object' : round % 2 ? 'agree' : 'standAside')));
        }
      };
      await history(short, 3);
      await history(long, 30);
      const stored = async (decision: DecisionDocument, id: string) => JSON.stringify((await net.store.get(NETWORK, id))?.document ?? {}).length;
      const unhcrDocument = (decision: DecisionDocument) => agencyVoiceDocumentId({ kind: 'decision', subjectId: decision.decisionId, round: 1 }, 'UNHCR');
      const measure = async (decision: DecisionDocument) => {
        await net.reseau.decisions.cardsIdle();
        await new Promise((resolve) => setTimeout(resolve, 50));
        const agencyBefore = await stored(decision, unhcrDocument(decision));
        const { counts } = await counting.during(() => vote(net, net.team.UNHCR![1]!, decision, 'UNHCR', 'standAside'));
        const agencyAfter = await stored(decision, unhcrDocument(decision));
        // What the turn reads and writes besides the agency's own history (which holds that one
        // agency's positions on this decision, and only those; read only when this process did
        // not write it last).
        return { counts, othersRead: counts.bytesRead - agencyBefore * (counts.getsByPrefix['decision-position'] ?? 0), othersWritten: counts.bytesWritten - agencyAfter, decision: await stored(decision, `decision:${decision.decisionId}`) };
      };
      // Warm both (a first turn of a person may fill per-process caches), then measure.
      await measure(short);
      await measure(long);
      const few = await measure(short);
      const many = await measure(long);
      const shape = (counts: StoreCounts) => ({ gets: counts.gets, queries: counts.queries, rows: counts.rows, writes: counts.writes, queriesByType: counts.queriesByType, getsByPrefix: counts.getsByPrefix });
      const report = `3 rounds: ${describeCounts(few.counts)}\n30 rounds: ${describeCounts(many.counts)}`;
      assert.deepEqual(shape(many.counts), shape(few.counts), report);
      assert.equal(many.counts.getsByPrefix.decision, 1, `one read of the decision: ${report}`);
      assert.equal(many.counts.getsByPrefix['decision-position'], undefined, `the agency's document written from the version this process wrote last, not read again: ${report}`);
      assert.equal(many.counts.byOperation.replace.calls, 2, `two conditional writes: ${report}`);
      assert.equal(many.counts.writes, 2, `nothing else written in the turn: ${report}`);
      assert.equal(many.counts.queries, 0, `no comments query for a decision without a consultation: ${report}`);
      assert.equal(many.counts.getsByPrefix.outbox, undefined, 'no outbox read in the turn');
      // The decision keeps one voice per agency, whatever the history: the same size, and the
      // same bytes read and written besides the agency's own document — give or take the
      // digits of a revision and a comment's round number (a position once weighed ~250 B more
      // per round of history).
      assert.ok(Math.abs(many.decision - few.decision) <= 64, `decision document: ${few.decision} B after 3 rounds, ${many.decision} B after 30`);
      assert.ok(Math.abs(many.othersRead - few.othersRead) <= 64, `bytes read besides the agency's document: ${few.othersRead} after 3 rounds, ${many.othersRead} after 30`);
      assert.ok(Math.abs(many.othersWritten - few.othersWritten) <= 64, `bytes written besides the agency's document: ${few.othersWritten} after 3 rounds, ${many.othersWritten} after 30`);
      // The copies still follow every position.
      const final = await decisionDoc(net.store, long.decisionId);
      await converged(net, long.decisionId, expectedLines(final!));
    });
  });

  describe('across a crash', () => {
    const rc = newCoChair();
    const restart = restartableReseau('reseau-cards-', START, () => adminsEnv(rc));
    const { clock } = restart;
    const boot = () => restart.boot();

    it('positions whose refresh never ran (the app died right after the invokes) reach every copy at the next start', async () => {
      const first = await boot();
      const net = await seed(first, restart.connector, first.store, clock, rc);
      const decision = await createDecision(net);
      await converged(net, decision.decisionId, expectedLines(decision));

      // A burst over HTTP, then one more position; the process "dies" before its refresh runs:
      // no background refresh starts any more, and the app stops.
      await Promise.all(EXCOM.map((agency) => vote(net, net.team[agency]![1]!, decision, agency, agency === 'UNODC' ? 'object' : 'agree')));
      await first.decisions.castPosition(NETWORK, decision.decisionId, { aadObjectId: net.team.UNDP![2]!.aadObjectId, name: 'Suppléant UNDP 2' }, { agencyCode: 'UNDP', position: 'standAside' });
      await first.decisions.stopCardRefreshes();
      const stale = await decisionDoc(first.store, decision.decisionId);
      assert.ok(stale?.cardsStaleSince, 'the position marked the cards stale in its own write');
      assert.notEqual(deliveredCopies(restart.connector, await cardItems(first.store, decision.decisionId)).find((copy) => copy.who === 'channel')?.shows, expectedLines(stale), 'the channel copy is behind');
      await restart.stop();

      // Restarted a little later on the same store: the scheduler's first pass refreshes it.
      clock.now = new Date(clock.now.getTime() + 60_000);
      const second = await boot();
      const marked = await decisionDoc(second.store, decision.decisionId);
      const restarted: Network = { ...net, reseau: second, store: second.store };
      await converged(restarted, decision.decisionId, expectedLines(marked!));
      assert.match(expectedLines(marked!), /Abstention: UNDP/, 'the last position is the one shown');
      const deadline = Date.now() + 10_000;
      while ((await decisionDoc(second.store, decision.decisionId))?.cardsStaleSince !== undefined && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal((await decisionDoc(second.store, decision.decisionId))?.cardsStaleSince, undefined, 'marked fresh once refreshed');
    });
  });
});
