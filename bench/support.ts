/**
 * What the benchmarks share: the Réseau under measurement (the real composition root on a temp
 * SQLite store, silent), the bare teams-ai baseline on the same server stack, and the statistics.
 * A baseline measured in the same run, on the same machine, is what makes a number comparable.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { CardFactory, MessageFactory } from 'botbuilder';
import { Application, TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import restify from 'restify';
import { CardRenderer } from '../src/cards/card-renderer';
import { cardTemplates } from '../src/cards/templates';
import { HELP_VERB, helpCardData } from '../src/bot/welcome-help-cards';
import { loadConfig } from '../src/config';
import { newOutboxItem, type OutboxItem } from '../src/delivery/outbox-rules';
import { createLogger } from '../src/logger';
import { startReseau, type RunningReseau } from '../src/main';
import { REQUEST_BODY_LIMIT_BYTES } from '../src/server';
import type { DocumentStore } from '../src/store/document-store';
import { openDocumentStore } from '../src/store/open-store';
import { postActivity } from '../tests/support/bot-client';
import { countingStore, type CountingDocumentStore } from '../tests/support/counting-store';
import { startFakeConnector, type FakeConnector } from '../tests/support/fake-connector';
import {
  TEST_TENANT_ID,
  adaptiveCardAction,
  botInstalled,
  message,
  teamsConversation,
  teamsUser,
  type TeamsActivity,
  type TeamsConversation,
  type TeamsUser,
} from '../tests/support/teams-activities';

/**
 * The message the bare application answers, and the Action.Execute verb it answers with a
 * static card: Réseau's own help command and verb, so bench:turn can post the same turn to both.
 */
export const BARE_MESSAGE_TEXT = 'aide';
export const BARE_INVOKE_VERB = HELP_VERB;

/** The baseline: teams-ai with one route per kind and a pre-rendered card, nothing else. */
export async function startBareApplication(): Promise<{ url: string; close(): Promise<void> }> {
  const card = new CardRenderer().render(cardTemplates.help, helpCardData('fr'));
  const adapter = new TeamsAdapter({});
  const app = new Application<TurnState>({ adapter, startTypingTimer: false, removeRecipientMention: true, longRunningMessages: false });
  app.message(new RegExp(`^\\s*${BARE_MESSAGE_TEXT}\\s*$`, 'i'), async (context) => {
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  });
  app.adaptiveCards.actionExecute(BARE_INVOKE_VERB, async () => card);
  const server = restify.createServer({ name: 'bare', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: REQUEST_BODY_LIMIT_BYTES, mapParams: false, mapFiles: false }));
  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    await adapter.process(req, res, async (context) => {
      await app.run(context);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface BenchReseauOptions<S extends DocumentStore> {
  /** Wraps the opened store (e.g. a counting store): the app runs on what this returns. */
  readonly wrapStore?: (store: DocumentStore) => S;
  /** Opens the store to wrap (a Cosmos DB one, say); a fresh SQLite file by default. */
  readonly openStore?: () => Promise<DocumentStore>;
  /** The app's clock (a replay moves it); the machine's by default. */
  readonly now?: () => Date;
}

/**
 * The real Réseau on a fresh embedded (SQLite) store in a temp directory, logging nothing.
 * With `wrapStore`, the store is opened here, wrapped, handed to the app, and closed on close.
 */
export async function startBenchReseau<S extends DocumentStore = DocumentStore>(
  env: NodeJS.ProcessEnv = {},
  options: BenchReseauOptions<S> = {},
): Promise<{ reseau: RunningReseau; store: S | DocumentStore; close(): Promise<void> }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'reseau-bench-'));
  const silent = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  const opened = options.wrapStore ? await (options.openStore?.() ?? openDocumentStore({ kind: 'sqlite', dataDir })) : undefined;
  const store = opened && options.wrapStore ? options.wrapStore(opened) : undefined;
  const reseau = await startReseau(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ...env }), {
    logger: createLogger('info', silent),
    ...(store ? { store } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    reseau,
    store: store ?? reseau.store,
    async close() {
      await reseau.stop();
      await opened?.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
export const median = (values: readonly number[]) => percentile(values, 50);
export const round = (value: number, digits = 2) => Number(value.toFixed(digits));

/** Milliseconds since `started` (a process.hrtime.bigint()). */
export const elapsedMs = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e6;

// ---- the network of bench:actions (and bench:memory) ---------------------------------------
//
// Built through the services as bench/actions.bench.ts describes; `actionsOf` opens the items the
// card actions act on and returns, per verb, the invoke of its i-th use.

export const NETWORK = 'gn';

export const EXCOM = ['IOM', 'UNDP', 'UNHCR', 'OHCHR', 'UNICEF', 'UNODC'] as const;
/** Agencies ordinary members come from (the default directory's, RCO aside). */
export const MEMBER_AGENCIES = [...EXCOM, 'WFP', 'FAO', 'WHO', 'UNFPA', 'ILO', 'UNWOMEN', 'UNESCO'] as const;
export const DAY = 24 * 3600_000;

export interface NetworkShape {
  readonly name: string;
  readonly representativesPerAgency: number;
  readonly members: number;
  readonly pastOutboxItems: number;
}
export const BASE: NetworkShape = { name: 'base', representativesPerAgency: 3, members: 200, pastOutboxItems: 0 };
export const LARGE: NetworkShape = { name: '10×', representativesPerAgency: 10, members: 2000, pastOutboxItems: 20_000 };

export interface Person {
  readonly user: TeamsUser;
  readonly agencyCode: string;
  readonly chat: TeamsConversation;
}

export interface Network {
  readonly url: string;
  readonly connector: FakeConnector;
  readonly store: CountingDocumentStore;
  readonly channel: TeamsConversation;
  readonly cochair: Person;
  readonly representatives: readonly Person[];
  readonly members: readonly Person[];
  readonly reseau: Awaited<ReturnType<typeof startBenchReseau>>['reseau'];
  close(): Promise<void>;
}

/** One card action: the invoke of its i-th use (actors and answers vary with i), and its burst. */
export interface ActionSpec {
  readonly verb: string;
  readonly burst: number;
  /** Makes what `count` more uses need (pending members to confirm), outside any measurement. */
  prepare?(count: number): Promise<void>;
  invoke(index: number): TeamsActivity;
}


export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Until the store has been quiet for `quietMs` (the dispatcher done with what a turn asked for). */
export async function settle(store: CountingDocumentStore, quietMs = 30, maxMs = 15_000): Promise<void> {
  const started = performance.now();
  while (performance.now() - store.lastOperationAt() < quietMs && performance.now() - started < maxMs) await sleep(quietMs / 3);
}

/**
 * Until what the last turns handed off is done: the card refreshes and notices waiting or
 * running (they start after the invoke's answer, see src/cards/card-refresher.ts), then the
 * store quiet for `quietMs` (the dispatcher done with the updates they queued).
 */
export async function backgroundDone(network: Pick<Network, 'reseau' | 'store'>, quietMs = 30): Promise<void> {
  const { reseau } = network;
  await Promise.all([reseau.decisions.cardsIdle(), reseau.statements.cardsIdle(), reseau.meetings.cardsIdle(), reseau.membership.cardsIdle()]);
  await settle(network.store, quietMs);
}

/**
 * Posts once; a keep-alive socket the server closed while idle (ECONNRESET before any answer,
 * after a long preparation) is retried once on a fresh one.
 */
export async function post(url: string, activity: TeamsActivity) {
  try {
    return await postActivity(url, activity, { timeoutMs: 60_000 });
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET') throw error;
    return postActivity(url, activity, { timeoutMs: 60_000 });
  }
}

// ---- the network -----------------------------------------------------------------------------

/** A delivered personal poll card of the past, as the outbox leaves it (about 2 KB). */
export function pastOutboxItem(messageKey: string, person: Person, serviceUrl: string, now: number): OutboxItem {
  const card = {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: `Sondage du Réseau — ${messageKey}`, weight: 'Bolder', size: 'Medium', wrap: true },
      { type: 'TextBlock', text: 'Lieu de l’atelier national sur la migration de travail ? Merci de répondre avant vendredi.', wrap: true },
      { type: 'Input.ChoiceSet', id: 'choices', style: 'expanded', choices: ['Conakry', 'Kankan', 'Labé', 'Nzérékoré'].map((title, index) => ({ title, value: `o${index + 1}` })) },
      { type: 'FactSet', facts: [{ title: 'Échéance', value: 'vendredi 13 mars 2026 à 17:00 (Conakry)' }, { title: 'Réponses', value: '112 sur 200' }] },
    ],
    actions: [{ type: 'Action.Execute', verb: 'poll.answer', title: 'Répondre', data: { networkId: NETWORK, pollId: messageKey } }],
  };
  const item = newOutboxItem({
    networkId: NETWORK,
    messageKey,
    recipient: { kind: 'member', aadObjectId: person.user.aadObjectId.toLowerCase(), tenantId: TEST_TENANT_ID, userId: person.user.id, name: person.user.name },
    activity: { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] },
    target: { conversationId: person.chat.id, serviceUrl },
    now,
  });
  return { ...item, status: 'sent', sentActivityId: `1${String(now).slice(-12)}`, deliveredRevision: 1, sentAt: item.createdAt };
}

export async function waitForDelivery(network: Pick<Network, 'reseau' | 'store'>, messageKey: string, atLeast: number): Promise<void> {
  const started = Date.now();
  for (;;) {
    const status = await network.reseau.outbox.status(NETWORK, messageKey);
    if (status.total >= atLeast && status.counts.queued + status.counts.sending === 0) return;
    if (Date.now() - started > 180_000) throw new Error(`${messageKey}: ${status.total} items, ${status.counts.queued + status.counts.sending} still to send after 3 minutes`);
    await sleep(100);
  }
}

/**
 * Only what runs inside the teams-ai turn counts for the turn: its async call chain holds
 * `Application.run`, or it is the turn state's own read/write (teams-ai chains those with
 * `.then`, so they carry TurnState frames instead). The outbox dispatcher's sends and updates,
 * background card refreshes started with a timer, the schedulers' ticks carry neither and are
 * set apart. For a counting store's `include`.
 */
export const IN_THE_TURN = /\bApplication\.run\b|\bTurnState/;

export interface BuildOptions {
  /** The store the network lives in (wrapped in a counting store); a fresh SQLite file by default. */
  readonly openStore?: () => Promise<DocumentStore>;
  /** Progress lines on the console (the benches); off for tests. */
  readonly quiet?: boolean;
  /** The app's clock (see BenchReseauOptions.now). */
  readonly now?: () => Date;
}

export async function buildNetwork(shape: NetworkShape, options: BuildOptions = {}): Promise<Network> {
  const started = Date.now();
  const connector = await startFakeConnector();
  const person = (name: string, agencyCode: string): Person => ({ user: teamsUser({ name }), agencyCode, chat: teamsConversation('personal') });
  const cochair = person('Coordonnatrice Résidente', 'RCO');
  const { reseau, store, close } = await startBenchReseau(
    {
      NETWORK_ADMINS: `${TEST_TENANT_ID}/${cochair.user.aadObjectId}=cochair`,
      DELIVERY_GLOBAL_RATE_PER_SECOND: '1000',
    },
    { wrapStore: (inner) => countingStore(inner), ...(options.openStore ? { openStore: options.openStore } : {}), ...(options.now ? { now: options.now } : {}) },
  );
  const counting = store as CountingDocumentStore;
  const url = reseau.url;
  // The co-chair's first words confirm them (NETWORK_ADMINS); then the bot joins the network's channel.
  await postActivity(url, message({ serviceUrl: connector.serviceUrl, user: cochair.user, conversation: cochair.chat, text: 'bonjour' }));
  const channel = teamsConversation('channel');
  await postActivity(url, botInstalled({ serviceUrl: connector.serviceUrl, conversation: channel, user: cochair.user }));

  const representatives: Person[] = [];
  for (const agency of EXCOM) {
    for (let index = 0; index < shape.representativesPerAgency; index += 1) representatives.push(person(`${index === 0 ? 'Point focal' : 'Suppléant'} ${agency} ${index}`, agency));
  }
  const members = Array.from({ length: shape.members }, (_, index) => person(`Membre ${index}`, MEMBER_AGENCIES[index % MEMBER_AGENCIES.length]!));
  const row = (who: Person, role: string) => `${who.agencyCode},${who.user.name},${who.user.aadObjectId},${TEST_TENANT_ID},${role}`;
  const rows = [
    ...representatives.map((who, index) => row(who, index % shape.representativesPerAgency === 0 ? 'focalPoint' : 'alternate')),
    ...members.map((who) => row(who, 'member')),
  ];
  // An import takes at most 2,000 rows: a large network comes in several files.
  for (let from = 0; from < rows.length; from += 1000) {
    const csv = ['agency,name,objectId,tenantId,role', ...rows.slice(from, from + 1000)].join('\n');
    const report = await reseau.membership.importCsv(NETWORK, cochair.user.aadObjectId, csv);
    if (report.rejected.length > 0) throw new Error(`import rejected ${report.rejected.length} rows, e.g. ${JSON.stringify(report.rejected[0])}`);
    if (report.created !== Math.min(1000, rows.length - from)) throw new Error(`import created ${report.created} members of ${Math.min(1000, rows.length - from)}`);
  }

  // History: delivered messages of the past (written as the outbox leaves them).
  const now = Date.now() - 30 * DAY;
  const recipients = members.slice(0, 200);
  for (let written = 0; written < shape.pastOutboxItems; ) {
    const messageKey = `poll:${randomUUID()}:personal`;
    for (const recipient of recipients) {
      if (written >= shape.pastOutboxItems) break;
      await counting.inner.create(pastOutboxItem(messageKey, recipient, connector.serviceUrl, now + written));
      written += 1;
    }
  }
  if (!options.quiet) console.log(`${shape.name} network: ${representatives.length} ExCom representatives, ${members.length} members, ${shape.pastOutboxItems} past outbox items — built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { url, connector, store: counting, channel, cochair, representatives, members, reseau, close: async () => (await close(), await connector.close()) };
}

// ---- the actions -----------------------------------------------------------------------------

export async function actionsOf(network: Network): Promise<ActionSpec[]> {
  const { reseau, cochair, channel, representatives, members, connector } = network;
  const actor = { aadObjectId: cochair.user.aadObjectId.toLowerCase(), name: cochair.user.name };
  const serviceUrl = connector.serviceUrl;
  const invoke = (who: Person, verb: string, data: Record<string, unknown>, conversation: TeamsConversation = who.chat) =>
    adaptiveCardAction({ serviceUrl, user: who.user, conversation, verb, data: { networkId: NETWORK, ...data } });

  const poll = await reseau.decisions.createPoll(NETWORK, actor, {
    question: 'Lieu de l’atelier national ?',
    kind: 'single',
    options: ['Conakry', 'Kankan', 'Labé'],
    anonymous: false,
    deadline: new Date(Date.now() + 3 * DAY).toISOString(),
  });
  await waitForDelivery(network, `poll:${poll.pollId}:personal`, members.length);

  const decision = await reseau.decisions.createDecision(NETWORK, actor, {
    title: 'Plan de travail 2026',
    text: { fr: 'Le Réseau adopte son plan de travail 2026.' },
    mode: 'consensus',
    deadline: new Date(Date.now() + 3 * DAY).toISOString(),
  });
  const consultation = await reseau.decisions.createDecision(NETWORK, actor, {
    title: 'Termes de référence du groupe de travail',
    text: { fr: 'Le Réseau adopte les termes de référence du groupe de travail sur la migration de travail.' },
    mode: 'consensus',
    consultationDeadline: new Date(Date.now() + 2 * DAY).toISOString(),
    deadline: new Date(Date.now() + 3 * DAY).toISOString(),
  });

  const start = new Date(Date.now() + 7 * DAY);
  start.setUTCHours(10, 0, 0, 0);
  const meeting = await reseau.meetings.convene(NETWORK, actor.aadObjectId, {
    kind: 'regular',
    title: 'Réunion trimestrielle du Réseau',
    start: start.toISOString(),
    end: new Date(start.getTime() + 2 * 3600_000).toISOString(),
    timeZone: 'Africa/Conakry',
    location: { kind: 'iomOffice' },
    agenda: [{ title: 'Plan de travail 2026', agencyCode: 'IOM' }],
    documents: [],
    invitees: { kind: 'all' },
    externalGuests: [],
  });

  const requested = await reseau.statements.request(NETWORK, actor, { title: 'Journée internationale des migrants', purpose: 'Déclaration conjointe', gcmObjectives: [1] });
  await reseau.statements.nameDraftingAgency(NETWORK, requested.statementId, actor.aadObjectId, 'IOM');
  await reseau.statements.addVersion(NETWORK, requested.statementId, actor, { fr: 'Le Réseau des Nations Unies sur la migration en Guinée rappelle que toute personne migrante a des droits.' });
  await reseau.statements.submit(NETWORK, requested.statementId, actor, { version: 1 });
  // Everything these sent (ExCom cards, convocations, channel cards) goes out before measuring.
  await settle(network.store, 200, 180_000);

  const member = (index: number) => members[index % members.length]!;
  const representative = (index: number) => representatives[index % representatives.length]!;
  const positionOf = (who: Person, index: number) => {
    if (who.agencyCode === 'IOM') return { position: 'object', comment: `Objection ${index}: le budget n’est pas arrêté.` };
    return index % 2 === 0 ? { position: 'agree' } : { position: 'agreeWithReservations', comment: `Réserve ${index}` };
  };
  const colleagues = new Map<string, Person[]>();
  for (const who of members) colleagues.set(who.agencyCode, [...(colleagues.get(who.agencyCode) ?? []), who]);
  const delegateOf = (who: Person) => {
    const same = colleagues.get(who.agencyCode)!;
    return same[(same.indexOf(who) + 1) % same.length]!;
  };

  // Pending members to confirm, made (through the service, as the join card does) before they are needed.
  const focalPoints = representatives.filter((_, index) => index % (representatives.length / EXCOM.length) === 0);
  const pending: { readonly confirmer: Person; readonly memberId: string; readonly agencyCode: string }[] = [];
  let confirmed = 0;

  return [
    {
      verb: 'poll.answer',
      burst: 200,
      invoke: (index) => invoke(member(index), 'poll.answer', { pollId: poll.pollId, choices: `o${(Math.floor(index / members.length) + index) % 3 + 1}` }),
    },
    {
      verb: 'decision.position',
      burst: 18,
      invoke: (index) => {
        const who = representative(index);
        return invoke(who, 'decision.position', { decisionId: decision.decisionId, agencyCode: who.agencyCode, ...positionOf(who, index) });
      },
    },
    {
      verb: 'decision.comment',
      burst: 20,
      invoke: (index) => invoke(member(index), 'decision.comment', { decisionId: consultation.decisionId, comment: `Commentaire ${index} : préciser le calendrier.` }, channel),
    },
    {
      verb: 'meetings.rsvp',
      burst: 50,
      // Each member's answer changes from one use to their next (the members cycle: an even count of them would get the same answer every time).
      invoke: (index) => invoke(member(index), 'meetings.rsvp', { meetingId: meeting.meetingId, response: (index + Math.floor(index / members.length)) % 2 === 0 ? 'inPerson' : 'online' }),
    },
    {
      verb: 'meetings.delegate',
      burst: 10,
      invoke: (index) => {
        const who = member(index * 7);
        return invoke(who, 'meetings.rsvp', { meetingId: meeting.meetingId, response: 'delegated', delegateId: delegateOf(who).user.aadObjectId });
      },
    },
    {
      verb: 'statement.clear',
      burst: 18,
      invoke: (index) => {
        const who = representative(index);
        const position = who.agencyCode === 'IOM' ? { position: 'requestChanges', comment: `Changements ${index}` } : { position: 'approve' };
        return invoke(who, 'statement.clear', { statementId: requested.statementId, agencyCode: who.agencyCode, version: 1, ...position }, channel);
      },
    },
    {
      verb: 'network.member.confirm',
      burst: 6,
      async prepare(count) {
        for (let index = 0; index < count; index += 1) {
          const confirmer = focalPoints[(pending.length + index) % focalPoints.length]!;
          const newcomer = teamsUser({ name: `Nouveau membre ${pending.length + index}` });
          await reseau.membership.requestToJoin(NETWORK, { aadObjectId: newcomer.aadObjectId, tenantId: TEST_TENANT_ID, name: newcomer.name, language: 'fr' }, confirmer.agencyCode, 'member');
          pending.push({ confirmer, memberId: newcomer.aadObjectId, agencyCode: confirmer.agencyCode });
        }
        await settle(network.store, 50);
      },
      invoke: () => {
        const next = pending[confirmed++];
        if (!next) throw new Error('no pending member left to confirm');
        return invoke(next.confirmer, 'network.member.confirm', { memberId: next.memberId, agencyCode: next.agencyCode });
      },
    },
  ];
}
