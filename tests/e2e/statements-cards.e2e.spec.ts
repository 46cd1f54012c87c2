/**
 * Statement clearance at a constant cost (issue 13): the `statement.clear` invoke answers with
 * the clearer's own card from what its turn read and wrote — the clearer's person, the
 * statement, the agency's clearance document, two conditional writes — whatever the size of the
 * network or the statement's history; the clearance card in the channel follows after the
 * invoke (the shared card refresher), a burst converges to the final state, and a crash before
 * the refresh is caught up by the statements scheduler at the next start.
 */
import assert from 'node:assert/strict';
import { agencyVoiceDocumentId } from '../../src/agency-voices/model';
import type { OutboxItem } from '../../src/delivery/outbox-rules';
import type { RunningReseau as Reseau } from '../../src/main';
import { statementDocumentId, type StatementDocument } from '../../src/statements/model';
import type { DocumentStore } from '../../src/store/document-store';
import { apiCall } from '../support/api-client';
import { postActivity } from '../support/bot-client';
import { cardIn } from '../support/card-actions';
import { countingStore, describeCounts, type CountingDocumentStore, type StoreCounts } from '../support/counting-store';
import { lastDeliveredActivity, type FakeConnector, type WireActivity } from '../support/fake-connector';
import { restartableReseau } from '../support/restartable-reseau';
import { startReseauUnderTest, type ReseauUnderTest } from '../support/reseau-under-test';
import { TEST_TENANT_ID, adaptiveCardAction, botInstalled, teamsConversation, teamsUser, type TeamsConversation, type TeamsUser } from '../support/teams-activities';

const NETWORK = 'gn';
const START = new Date('2026-03-02T09:00:00Z');
const EXCOM = ['IOM', 'UNDP', 'UNHCR', 'OHCHR', 'UNICEF', 'UNODC'] as const;
const OTHERS = ['WFP', 'FAO', 'WHO', 'UNFPA', 'ILO', 'UNESCO'] as const;
const newCoChair = () => teamsUser({ name: 'Coordonnatrice Résidente', email: 'rc.guinee@un.org', userPrincipalName: 'rc.guinee@un.org' });
const adminsEnv = (rc: TeamsUser) => ({ NETWORK_ADMINS: `${rc.aadObjectId}=cochair` });

const textRuns = (card: unknown): string[] => {
  if (Array.isArray(card)) return card.flatMap(textRuns);
  if (!card || typeof card !== 'object') return [];
  const node = card as Record<string, unknown>;
  return node.type === 'TextRun' && typeof node.text === 'string' ? [node.text] : Object.values(node).flatMap(textRuns);
};
const cardOf = (activity: WireActivity | undefined): unknown => activity?.attachments?.[0]?.content;
/** The run labelling an agency's clearance: its name as everywhere ("PNUD (UNDP)", "UNICEF"), then a French colon. */
const isAgencyLabel = (run: string, agency: string) => run === `${agency}\u202f: ` || run.endsWith(`(${agency})\u202f: `);
/** What a French clearance card says: the count and each agency's position. */
const clearanceLines = (runs: readonly string[]) => {
  const count = runs.find((entry) => /agences ont approuvé/.test(entry)) ?? '(no count)';
  return [count, ...EXCOM.map((agency) => `${agency}: ${runs[runs.findIndex((run) => isAgencyLabel(run, agency)) + 1] ?? ''}`)].join(' | ');
};

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

async function join(net: Pick<Network, 'reseau' | 'rc'>, name: string, agency: string, role: 'focalPoint' | 'alternate' | 'member'): Promise<TeamsUser> {
  const user = teamsUser({ name });
  await net.reseau.membership.requestToJoin(NETWORK, { aadObjectId: user.aadObjectId, tenantId: TEST_TENANT_ID, name, language: 'fr' }, agency, role);
  await net.reseau.membership.confirm(NETWORK, net.rc.aadObjectId, user.aadObjectId, agency);
  return user;
}

/** The co-chair, a channel with the bot, and 18 ExCom representatives, confirmed. */
async function seed(reseau: Reseau, connector: FakeConnector, store: DocumentStore, clock: { now: Date }, rc: TeamsUser): Promise<Network> {
  await reseau.membership.firstContact(NETWORK, { aadObjectId: rc.aadObjectId, tenantId: TEST_TENANT_ID, name: rc.name, email: 'rc.guinee@un.org', language: 'fr' });
  const channel = teamsConversation('channel');
  await postActivity(reseau.url, botInstalled({ serviceUrl: connector.serviceUrl, conversation: channel, user: rc }));
  const team: Record<string, TeamsUser[]> = {};
  for (const agency of EXCOM) {
    team[agency] = [];
    for (const role of ['focalPoint', 'alternate', 'alternate'] as const) team[agency].push(await join({ reseau, rc }, `${role === 'focalPoint' ? 'Point focal' : 'Suppléant'} ${agency} ${team[agency].length}`, agency, role));
  }
  return { reseau, connector, store, clock, rc, channel, team };
}

const actor = (net: Network) => ({ aadObjectId: net.rc.aadObjectId, name: net.rc.name });

/** A statement drafted by the co-chair and submitted (its clearance card sent to the channel). */
async function submitted(net: Network, title = 'Journée internationale des migrants'): Promise<StatementDocument> {
  const requested = await net.reseau.statements.request(NETWORK, actor(net), { title });
  await net.reseau.statements.addVersion(NETWORK, requested.statementId, actor(net), { fr: 'Le Réseau rappelle que toute personne migrante a des droits.' });
  return net.reseau.statements.submit(NETWORK, requested.statementId, actor(net));
}

/** A new version submitted: a new round (clearances reset). */
async function nextRound(net: Network, statementId: string, round: number): Promise<StatementDocument> {
  await net.reseau.statements.addVersion(NETWORK, statementId, actor(net), { fr: `Le Réseau rappelle, version ${round}, que toute personne migrante a des droits.` });
  return net.reseau.statements.submit(NETWORK, statementId, actor(net));
}

const clearInvoke = (net: Network, user: TeamsUser, statement: StatementDocument, agency: string, position: 'approve' | 'requestChanges') =>
  adaptiveCardAction({
    serviceUrl: net.connector.serviceUrl,
    user,
    conversation: net.channel,
    locale: 'fr-FR',
    verb: 'statement.clear',
    data: { networkId: NETWORK, statementId: statement.statementId, agencyCode: agency, version: String(statement.clearance?.version ?? 0), position, ...(position === 'requestChanges' ? { comment: `Précisions ${agency}` } : {}) },
  });

const clear = async (net: Network, user: TeamsUser, statement: StatementDocument, agency: string, position: 'approve' | 'requestChanges' = 'approve') => {
  return cardIn<unknown>(await postActivity(net.reseau.url, clearInvoke(net, user, statement, agency, position)));
};

const statementDoc = async (store: DocumentStore, statementId: string) => (await store.get<StatementDocument>(NETWORK, statementDocumentId(statementId)))?.document;

/** The channel copy of the clearance card of the round in clearance. */
async function channelItem(store: DocumentStore, statement: StatementDocument): Promise<OutboxItem | undefined> {
  const key = `statement:${statement.statementId}:v${statement.clearance?.version ?? 0}:clearance`;
  const found = await store.query<OutboxItem>(NETWORK, { type: 'outbox', where: [{ path: 'messageKey', op: '=', value: key }] });
  return found[0]?.document;
}

/** What the delivered channel copy shows now: the last send or update Teams received for it. */
function deliveredCopy(connector: FakeConnector, item: OutboxItem | undefined): string {
  if (!item) return '(no copy)';
  return clearanceLines(textRuns(cardOf(lastDeliveredActivity(connector, item) as WireActivity)));
}

/** Waits (moving the app's clock, which paces the outbox) until the channel copy shows what the voter's card showed. */
async function converged(net: Network, statementId: string, expected: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let shows = '';
  for (;;) {
    const statement = await statementDoc(net.store, statementId);
    const item = statement ? await channelItem(net.store, statement) : undefined;
    shows = deliveredCopy(net.connector, item);
    if (item && item.status === 'sent' && (item.deliveredRevision ?? 0) >= item.revision && shows === expected) return;
    if (Date.now() > deadline) break;
    net.clock.now = new Date(net.clock.now.getTime() + 1000);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.fail(`the channel copy did not converge:\n  shows    ${shows}\n  expected ${expected}`);
}

describe('statement clearance: constant cost, cards refreshed after the invoke', function () {
  this.timeout(120_000);

  describe('on one running app', () => {
    let app: ReseauUnderTest;
    let counting: CountingDocumentStore;
    let net: Network;

    afterEach(async () => {
      await app?.stop();
    });

    const start = async () => {
      const rc = newCoChair();
      app = await startReseauUnderTest({
        env: adminsEnv(rc),
        clockStart: START,
        wrapStore: (store) => (counting = countingStore(store, { exclude: /Dispatcher\.|DeliveryTally\.|SendingLease\.|CardRefresher\.|syncCards/ })),
      });
      net = await seed(app.reseau, app.connector, app.store, app.clock ?? { now: START }, rc);
    };

    it('one clearance costs the same store operations on a network of 19 as after growing it tenfold with a long history: the person, one statement read, the agency’s clearance written (read only when this process did not write it last), one write of the statement — no member, no clearance query, no outbox in the turn', async () => {
      await start();
      const statement = await submitted(net);
      const size = async (id: string) => JSON.stringify((await net.store.get(NETWORK, id))?.document ?? {}).length;
      const agencyDocument = (agency: string) => agencyVoiceDocumentId({ kind: 'statement', subjectId: statement.statementId, round: 1 }, agency);
      let bytes = { othersRead: 0, othersWritten: 0, statement: 0 };
      const measure = async (who: TeamsUser, agency: string, position: 'approve' | 'requestChanges'): Promise<StoreCounts> => {
        await net.reseau.statements.cardsIdle();
        await new Promise((resolve) => setTimeout(resolve, 50));
        const before = { statement: await size(statementDocumentId(statement.statementId)), agency: await size(agencyDocument(agency)) };
        const { counts } = await counting.during(() => clear(net, who, statement, agency, position));
        const after = { statement: await size(statementDocumentId(statement.statementId)), agency: await size(agencyDocument(agency)) };
        // The agency's document is read only when this process did not write it last.
        bytes = { othersRead: counts.bytesRead - before.statement - before.agency * (counts.getsByPrefix['statement-clearance'] ?? 0), othersWritten: counts.bytesWritten - after.statement - after.agency, statement: after.statement };
        return counts;
      };
      // Warm (a person's first turn may fill per-process caches), then measure on the small network.
      await measure(net.team.UNHCR![0]!, 'UNHCR', 'approve');
      await measure(net.team.IOM![0]!, 'IOM', 'approve');
      const small = await measure(net.team.UNHCR![1]!, 'UNHCR', 'requestChanges');
      const smallBytes = bytes;

      // Ten times the people (190 more members of 12 agencies) and a long history: 10 other
      // statements each cleared by every agency, and 20 more voices on this round.
      for (let i = 0; i < 190; i += 1) await join(net, `Membre ${i}`, [...EXCOM, ...OTHERS][i % 12]!, 'member');
      for (let s = 0; s < 10; s += 1) {
        const other = await submitted(net, `Déclaration ${s}`);
        for (const agency of EXCOM) await net.reseau.statements.clear(NETWORK, other.statementId, { aadObjectId: net.team[agency]![0]!.aadObjectId, name: 'x' }, { agencyCode: agency, version: 1, position: 'approve' });
      }
      for (let v = 0; v < 20; v += 1) {
        const agency = EXCOM[v % 6]!;
        await net.reseau.statements.clear(NETWORK, statement.statementId, { aadObjectId: net.team[agency]![v % 3]!.aadObjectId, name: 'x' }, { agencyCode: agency, version: 1, position: v % 2 ? 'approve' : 'requestChanges', comment: 'Voir le paragraphe 2.' });
      }
      await measure(net.team.UNHCR![2]!, 'UNHCR', 'approve');
      const large = await measure(net.team.UNHCR![1]!, 'UNHCR', 'requestChanges');
      const largeBytes = bytes;

      const shape = (counts: StoreCounts) => ({ gets: counts.gets, queries: counts.queries, rows: counts.rows, writes: counts.writes, queriesByType: counts.queriesByType, getsByPrefix: counts.getsByPrefix });
      assert.deepEqual(shape(large), shape(small), `19 people: ${describeCounts(small)}\n209 people and history: ${describeCounts(large)}`);
      assert.equal(large.queries, 0, `no query in the turn: ${describeCounts(large)}`);
      assert.equal(large.getsByPrefix.statement, 1, `one read of the statement: ${describeCounts(large)}`);
      assert.equal(large.getsByPrefix['statement-clearance'], undefined, `the agency's clearance document written from the version this process wrote last, not read again: ${describeCounts(large)}`);
      assert.ok((large.getsByPrefix.member ?? 0) <= 1, `at most the clearer's own member document: ${describeCounts(large)}`);
      assert.ok(large.gets <= 3, `three reads at most: ${describeCounts(large)} ${JSON.stringify(large.getsByPrefix)}`);
      assert.equal(large.writes, 2, `the clearance and the statement, nothing else: ${describeCounts(large)}`);
      assert.equal(large.byOperation.replace.calls, 2, 'both conditional');
      assert.equal(large.queriesByType.outbox, undefined, 'no outbox lookup in the turn');
      // Bytes: besides the statement (one voice per agency at most: bounded by the agencies, not
      // the history) and the clearer's agency's own history, the turn reads and writes the same.
      assert.ok(Math.abs(largeBytes.othersRead - smallBytes.othersRead) <= 64, `bytes read besides the statement and the agency's document: ${smallBytes.othersRead} → ${largeBytes.othersRead}`);
      assert.ok(Math.abs(largeBytes.othersWritten - smallBytes.othersWritten) <= 64, `bytes written besides them: ${smallBytes.othersWritten} → ${largeBytes.othersWritten}`);
      assert.ok(largeBytes.statement <= smallBytes.statement + 6 * 400, `the statement stays small: ${smallBytes.statement} B → ${largeBytes.statement} B`);

      // The copies still follow, and the summary on the statement agrees with the record.
      await net.reseau.statements.cardsIdle();
      const stored = await statementDoc(net.store, statement.statementId);
      assert.equal(stored?.cardsStaleSince, undefined, 'the refresh cleared the mark');
      const view = await net.reseau.statements.statement(NETWORK, statement.statementId, net.rc.aadObjectId);
      // Each agency's latest voice: IOM and UNICEF asked for changes last in the history, UNHCR in the last measure.
      assert.deepEqual([...(view.clearance?.changesRequested ?? [])].sort(), ['IOM', 'UNHCR', 'UNICEF']);
      assert.deepEqual(
        (stored?.agencyVoices?.voices ?? []).filter((voice) => voice.position === 'requestChanges').map((voice) => voice.agencyCode).sort(),
        ['IOM', 'UNHCR', 'UNICEF'],
        'the summary on the statement says the same',
      );
    });

    it('a clearance from the tab (POST …/clearances) is the card’s service call at the card’s cost: the same reads and writes, no query', async () => {
      await start();
      const statement = await submitted(net);
      const fromTab = (who: TeamsUser, position: 'approve' | 'requestChanges') =>
        apiCall(net.reseau.url, 'POST', `/statements/${statement.statementId}/clearances`, who, { version: 1, position, ...(position === 'requestChanges' ? { comment: 'Précisions' } : {}) });
      const measure = async (clearance: () => Promise<unknown>): Promise<StoreCounts> => {
        await net.reseau.statements.cardsIdle();
        await new Promise((resolve) => setTimeout(resolve, 50));
        return (await counting.during(clearance)).counts;
      };
      // Warm both edges (a person's first turn may fill per-process caches).
      await measure(() => clear(net, net.team.UNHCR![0]!, statement, 'UNHCR'));
      await measure(() => fromTab(net.team.UNHCR![1]!, 'approve'));
      const card = await measure(() => clear(net, net.team.UNHCR![0]!, statement, 'UNHCR', 'requestChanges'));
      let answer: Awaited<ReturnType<typeof fromTab>> | undefined;
      const tab = await measure(async () => {
        answer = await fromTab(net.team.UNHCR![1]!, 'approve');
      });
      assert.equal(answer?.status, 200, answer?.raw);
      const shape = (counts: StoreCounts) => ({ gets: counts.gets, queries: counts.queries, writes: counts.writes, getsByPrefix: counts.getsByPrefix });
      assert.deepEqual(shape(tab), shape(card), `card: ${describeCounts(card)}\ntab: ${describeCounts(tab)}`);
      assert.ok(tab.gets <= 3 && tab.queries === 0 && tab.writes === 2, describeCounts(tab));
      const view = await net.reseau.statements.statement(NETWORK, statement.statementId, net.rc.aadObjectId);
      assert.deepEqual(view.clearance?.approved, ['UNHCR'], 'the tab’s clearance is UNHCR’s voice, replacing the card’s request for changes');
    });

    it('the voter’s card counts the clearance at once; after a burst of 18 clearances the channel copy shows the final state and the statement is marked fresh', async () => {
      await start();
      let statement = await submitted(net);
      for (const [index, agency] of EXCOM.slice(0, 3).entries()) {
        const card = await clear(net, net.team[agency]![0]!, statement, agency);
        assert.ok(textRuns(card).some((entry) => entry.includes(`${index + 1}/6`)), `${agency}: the voter's card counts their approval: ${textRuns(card).join(' ')}`);
        assert.ok(textRuns(card).some((run) => isAgencyLabel(run, agency)), textRuns(card).join(' | '));
      }
      // A new version resets the clearances, on the voter's card too.
      statement = await nextRound(net, statement.statementId, 2);
      const fresh = await clear(net, net.team.IOM![1]!, statement, 'IOM', 'requestChanges');
      assert.ok(textRuns(fresh).some((entry) => entry.includes('0/6')), `nothing carried over to version 2: ${textRuns(fresh).join(' ')}`);
      const answers = await Promise.all(
        EXCOM.flatMap((agency, a) => net.team[agency]!.map((user, i) => postActivity(net.reseau.url, clearInvoke(net, user, statement, agency, (a + i) % 3 === 0 ? 'requestChanges' : 'approve')))),
      );
      for (const answer of answers) assert.equal((answer.body as { type: string }).type, 'application/vnd.microsoft.card.adaptive', JSON.stringify(answer.body));
      await net.reseau.statements.cardsIdle();
      const final = await statementDoc(net.store, statement.statementId);
      assert.equal(final?.cardsStaleSince, undefined, 'the refresh cleared the mark');
      const card = await net.reseau.statements.card(NETWORK, statement.statementId, net.rc.aadObjectId, 'fr');
      await converged(net, statement.statementId, clearanceLines(textRuns(card)));
      // The summary the next voter's card is answered from agrees with the clearance documents.
      const view = await net.reseau.statements.statement(NETWORK, statement.statementId, net.rc.aadObjectId);
      assert.deepEqual([...(final?.agencyVoices?.voices ?? [])].filter((voice) => voice.position === 'approve').map((voice) => voice.agencyCode).sort(), [...(view.clearance?.approved ?? [])].sort());
      assert.deepEqual(app.logs.filter((line) => line.level >= 50).map((line) => line.msg), []);
    });
  });

  describe('across a crash', () => {
    const rc = newCoChair();
    const restart = restartableReseau('reseau-statement-cards-', START, () => adminsEnv(rc));
    const { clock } = restart;
    const boot = () => restart.boot();

    it('a clearance whose refresh never ran (the app died right after the invoke) reaches the channel copy at the next start', async () => {
      const first = await boot();
      const net = await seed(first, restart.connector, first.store, clock, rc);
      const statement = await submitted(net);
      const before = await first.statements.card(NETWORK, statement.statementId, rc.aadObjectId, 'fr');
      await converged(net, statement.statementId, clearanceLines(textRuns(before)));

      // The process "dies" before the refresh runs: no background refresh starts any more.
      await first.statements.stopCardRefreshes();
      await first.statements.clear(NETWORK, statement.statementId, { aadObjectId: net.team.UNDP![2]!.aadObjectId, name: 'Suppléant UNDP 2' }, { agencyCode: 'UNDP', version: 1, position: 'approve' });
      const stale = await statementDoc(first.store, statement.statementId);
      assert.ok(stale?.cardsStaleSince, 'the clearance marked the cards stale in its own write');
      const after = await first.statements.card(NETWORK, statement.statementId, rc.aadObjectId, 'fr');
      const expected = clearanceLines(textRuns(after));
      assert.notEqual(deliveredCopy(restart.connector, await channelItem(first.store, statement)), expected, 'the channel copy is behind');
      await restart.stop();

      // Restarted a little later on the same store: the scheduler's first pass refreshes it.
      clock.now = new Date(clock.now.getTime() + 60_000);
      const second = await boot();
      await converged({ ...net, reseau: second, store: second.store }, statement.statementId, expected);
      assert.match(expected, /UNDP: Approuv/, 'the last clearance is the one shown');
      const deadline = Date.now() + 10_000;
      while ((await statementDoc(second.store, statement.statementId))?.cardsStaleSince !== undefined && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal((await statementDoc(second.store, statement.statementId))?.cardsStaleSince, undefined, 'marked fresh once refreshed');
    });
  });
});
