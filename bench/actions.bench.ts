/**
 * npm run bench:actions — what each card action of the product costs, next to a bare teams-ai
 * invoke, on the network of issue 13 and on one ten times larger.
 *
 * Networks (built through the services, as an operator would: NETWORK_ADMINS names the RCO
 * co-chair by `<tenantId>/<objectId>=cochair`, who says hello in a 1:1 chat, installs the bot in
 * one team channel and imports the members with objectId/tenantId columns, so every row is a
 * bound member at once):
 *   base  6 ExCom agencies × 3 representatives (focal point + 2 alternates), 200 members
 *   10×   6 ExCom agencies × 10 representatives (60), 2,000 members, and 20,000 past outbox
 *         items (100 messages × 200 recipients, delivered: written to the store as the outbox
 *         leaves them, see src/delivery/outbox-rules.ts)
 * Then one open poll, one decision in ExCom phase, one in consultation, one meeting for everyone,
 * one statement in clearance; the cards they send go out before anything is measured.
 *
 * Actions, each the real Action.Execute invoke through /api/messages (restify → TeamsAdapter →
 * teams-ai → feature → SQLite), the same burst size on both networks:
 *   poll.answer          a member answers (changes their answer) a poll        burst 200 members
 *   decision.position    an ExCom representative casts their agency's position burst 18 representatives
 *   decision.comment     a member comments during the consultation             burst 20 members
 *   meetings.rsvp        an invitee answers (in person / online)               burst 50 invitees
 *   meetings.delegate    an invitee delegates to a colleague of their agency   burst 10 invitees
 *                        (the `meetings.rsvp` verb with response `delegated`)
 *   statement.clear      an ExCom representative clears (or asks for changes)  burst 18 representatives
 *   network.member.confirm  a focal point confirms a pending member of their agency  burst 6
 * The ExCom decision never reaches consensus (IOM objects) and the statement is never validated
 * (IOM asks for changes), so every round acts on an open item.
 *
 * Per action, per network:
 *   store ops   median over 5 sequential turns made after the timed rounds (so the poll, the
 *               decision, the meeting already have their answers and history), from a counting store wrapped around the app's
 *               store (tests/support/counting-store.ts): gets / queries (rows) / writes and bytes
 *               read/written by the turn: operations whose async call stack holds teams-ai's
 *               `Application.run` or its turn state's load/save. What the turn hands off (outbox dispatcher, background card
 *               refreshes, schedulers) is counted apart as `background` (bg ops).
 *   CPU/turn    process.cpuUsage() around each sequential turn (server and client share the
 *               process, for the action and the bare turn alike), median over the turns.
 *   latency     p50/p99 of sequential turns, and of bursts of concurrent invokes.
 *   ratios      action ÷ bare: CPU of sequential turns, p50 under the burst.
 * Rounds interleave the action and the bare turn (one action turn, one bare turn, …, then one
 * burst of each), ROUNDS times; after each action turn the bench waits until the store has been
 * quiet for a moment, so the dispatcher's work lands in no one's window. The machine is shared:
 * medians of interleaved rounds make the ratios comparable, not the absolute numbers.
 *
 * `scale_ratio` = for the action with the highest CPU per turn on the base network, its CPU on
 * the 10× network ÷ its CPU on the base network (goal ≤ 1.2).
 *
 * Environment: BENCH_ROUNDS (3), BENCH_TURNS (sequential turns per round, 8), BENCH_SCALE
 * (`both` | `base` | `10x`), BENCH_ACTIONS (comma-separated verbs to run, default all).
 * The last line of output is one JSON line:
 *   {"bench":"actions","actions":{"<verb>":{"cpu_ratio":…,"p50_ratio":…,"ops":…,"rows_read":…},…},"scale_ratio":…}
 * (`actions` holds the base network's numbers; `scale` the 10× network's.)
 */
import { randomUUID } from 'node:crypto';
import { newOutboxItem, type OutboxItem } from '../src/delivery/outbox-rules';
import { postActivity } from '../tests/support/bot-client';
import { countingStore, type CountingDocumentStore, type StoreCounts } from '../tests/support/counting-store';
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
import { BARE_INVOKE_VERB, elapsedMs, median, percentile, round, startBareApplication, startBenchReseau } from './support';

const NETWORK = 'gn';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TURNS = Number(process.env.BENCH_TURNS ?? 8);
const OPS_TURNS = 5;
const WARMUP_TURNS = 3;
const SCALE = process.env.BENCH_SCALE ?? 'both';
const ONLY = process.env.BENCH_ACTIONS ? new Set(process.env.BENCH_ACTIONS.split(',').map((verb) => verb.trim())) : undefined;
const EXCOM = ['IOM', 'UNDP', 'UNHCR', 'OHCHR', 'UNICEF', 'UNODC'] as const;
/** Agencies ordinary members come from (the default directory's, RCO aside). */
const MEMBER_AGENCIES = [...EXCOM, 'WFP', 'FAO', 'WHO', 'UNFPA', 'ILO', 'UNWOMEN', 'UNESCO'] as const;
const DAY = 24 * 3600_000;
/**
 * Only what runs inside the teams-ai turn counts for the turn: its async call chain holds
 * `Application.run`, or it is the turn state's own read/write (teams-ai chains those with
 * `.then`, so they carry TurnState frames instead). The outbox dispatcher's sends and updates,
 * background card refreshes started with setImmediate or a timer, the schedulers' ticks carry
 * neither and are set apart.
 */
const TURN = /\bApplication\.run\b|\bTurnState/;

interface NetworkShape {
  readonly name: string;
  readonly representativesPerAgency: number;
  readonly members: number;
  readonly pastOutboxItems: number;
}
const BASE: NetworkShape = { name: 'base', representativesPerAgency: 3, members: 200, pastOutboxItems: 0 };
const LARGE: NetworkShape = { name: '10×', representativesPerAgency: 10, members: 2000, pastOutboxItems: 20_000 };

interface Person {
  readonly user: TeamsUser;
  readonly agencyCode: string;
  readonly chat: TeamsConversation;
}

interface Network {
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
interface ActionSpec {
  readonly verb: string;
  readonly burst: number;
  /** Makes what `count` more uses need (pending members to confirm), outside any measurement. */
  prepare?(count: number): Promise<void>;
  invoke(index: number): TeamsActivity;
}

interface Sample {
  readonly cpuMs: number;
  readonly ms: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function assertCard(status: number, body: unknown, what: string): void {
  const type = (body as { type?: string } | undefined)?.type;
  if (status !== 200 || type !== 'application/vnd.microsoft.card.adaptive') {
    throw new Error(`${what} answered ${status}: ${JSON.stringify(body).slice(0, 400)}`);
  }
}

/** Until the store has been quiet for `quietMs` (the dispatcher done with what a turn asked for). */
async function settle(store: CountingDocumentStore, quietMs = 30, maxMs = 15_000): Promise<void> {
  const started = performance.now();
  while (performance.now() - store.lastOperationAt() < quietMs && performance.now() - started < maxMs) await sleep(quietMs / 3);
}

/**
 * Posts once; a keep-alive socket the server closed while idle (ECONNRESET before any answer,
 * after a long preparation) is retried once on a fresh one.
 */
async function post(url: string, activity: TeamsActivity) {
  try {
    return await postActivity(url, activity, { timeoutMs: 60_000 });
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET') throw error;
    return postActivity(url, activity, { timeoutMs: 60_000 });
  }
}

async function turn(url: string, activity: TeamsActivity, what: string): Promise<Sample> {
  const cpu = process.cpuUsage();
  const sent = process.hrtime.bigint();
  const response = await post(url, activity);
  const ms = elapsedMs(sent);
  const used = process.cpuUsage(cpu);
  assertCard(response.status, response.body, what);
  return { cpuMs: (used.user + used.system) / 1000, ms };
}

async function burst(url: string, activities: readonly TeamsActivity[], what: string): Promise<{ latencies: number[]; cpuPerTurnMs: number }> {
  const cpu = process.cpuUsage();
  const latencies = await Promise.all(
    activities.map(async (activity) => {
      const sent = process.hrtime.bigint();
      const response = await post(url, activity);
      const ms = elapsedMs(sent);
      assertCard(response.status, response.body, what);
      return ms;
    }),
  );
  const used = process.cpuUsage(cpu);
  return { latencies, cpuPerTurnMs: (used.user + used.system) / 1000 / activities.length };
}

// ---- the network -----------------------------------------------------------------------------

/** A delivered personal poll card of the past, as the outbox leaves it (about 2 KB). */
function pastOutboxItem(messageKey: string, person: Person, serviceUrl: string, now: number): OutboxItem {
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

async function waitForDelivery(network: Pick<Network, 'reseau' | 'store'>, messageKey: string, atLeast: number): Promise<void> {
  const started = Date.now();
  for (;;) {
    const status = await network.reseau.outbox.status(NETWORK, messageKey);
    if (status.total >= atLeast && status.counts.queued + status.counts.sending === 0) return;
    if (Date.now() - started > 180_000) throw new Error(`${messageKey}: ${status.total} items, ${status.counts.queued + status.counts.sending} still to send after 3 minutes`);
    await sleep(100);
  }
}

async function buildNetwork(shape: NetworkShape): Promise<Network> {
  const started = Date.now();
  const connector = await startFakeConnector();
  const person = (name: string, agencyCode: string): Person => ({ user: teamsUser({ name }), agencyCode, chat: teamsConversation('personal') });
  const cochair = person('Coordonnatrice Résidente', 'RCO');
  const { reseau, store, close } = await startBenchReseau(
    {
      NETWORK_ADMINS: `${TEST_TENANT_ID}/${cochair.user.aadObjectId}=cochair`,
      DELIVERY_GLOBAL_RATE_PER_SECOND: '1000',
    },
    { wrapStore: (inner) => countingStore(inner) },
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
  console.log(`${shape.name} network: ${representatives.length} ExCom representatives, ${members.length} members, ${shape.pastOutboxItems} past outbox items — built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { url, connector, store: counting, channel, cochair, representatives, members, reseau, close: async () => (await close(), await connector.close()) };
}

// ---- the actions -----------------------------------------------------------------------------

async function actionsOf(network: Network): Promise<ActionSpec[]> {
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
      invoke: (index) => invoke(member(index), 'meetings.rsvp', { meetingId: meeting.meetingId, response: index % 2 === 0 ? 'inPerson' : 'online' }),
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

// ---- measuring -------------------------------------------------------------------------------

interface ActionResult {
  readonly verb: string;
  readonly ops: StoreCounts;
  readonly background: number;
  readonly cpuMs: number;
  readonly bareCpuMs: number;
  readonly seq: { readonly p50: number; readonly p99: number };
  readonly bareSeq: { readonly p50: number; readonly p99: number };
  readonly burst: { readonly size: number; readonly p50: number; readonly p99: number; readonly cpuPerTurnMs: number };
  readonly bareBurst: { readonly p50: number; readonly p99: number; readonly cpuPerTurnMs: number };
}

/** The median of each count over several turns (each field on its own). */
function medianCounts(samples: readonly StoreCounts[]): StoreCounts {
  const pick = (read: (counts: StoreCounts) => number) => median(samples.map(read));
  const first = samples[Math.floor(samples.length / 2)]!;
  return {
    ...first,
    gets: pick((counts) => counts.gets),
    queries: pick((counts) => counts.queries),
    writes: pick((counts) => counts.writes),
    operations: pick((counts) => counts.operations),
    rows: pick((counts) => counts.rows),
    bytesRead: pick((counts) => counts.bytesRead),
    bytesWritten: pick((counts) => counts.bytesWritten),
    failures: pick((counts) => counts.failures),
    excluded: { operations: pick((counts) => counts.excluded.operations), rows: pick((counts) => counts.excluded.rows), writes: pick((counts) => counts.excluded.writes) },
    byOperation: {
      ...first.byOperation,
      get: { ...first.byOperation.get, rows: pick((counts) => counts.byOperation.get.rows) },
    },
  };
}

async function measure(network: Network, bareUrl: string, action: ActionSpec): Promise<ActionResult> {
  const { store } = network;
  const bareInvoke = (index: number) => {
    const who = network.members[index % network.members.length]!;
    return adaptiveCardAction({ serviceUrl: network.connector.serviceUrl, user: who.user, conversation: who.chat, verb: BARE_INVOKE_VERB, data: { language: 'fr' } });
  };
  let used = 0;
  const next = () => action.invoke(used++);
  await action.prepare?.(WARMUP_TURNS + OPS_TURNS + ROUNDS * (TURNS + action.burst));

  for (let index = 0; index < WARMUP_TURNS; index += 1) {
    await turn(network.url, next(), action.verb);
    await settle(store);
    await turn(bareUrl, bareInvoke(index), 'bare');
  }

  // CPU and latency, counting off, interleaved with the bare turn.
  store.options.enabled = false;
  const ours: Sample[] = [];
  const bare: Sample[] = [];
  const oursBursts: { latencies: number[]; cpuPerTurnMs: number }[] = [];
  const bareBursts: { latencies: number[]; cpuPerTurnMs: number }[] = [];
  let bareIndex = 0;
  try {
    for (let r = 0; r < ROUNDS; r += 1) {
      for (let index = 0; index < TURNS; index += 1) {
        ours.push(await turn(network.url, next(), action.verb));
        await settle(store);
        bare.push(await turn(bareUrl, bareInvoke(bareIndex++), 'bare'));
      }
      oursBursts.push(await burst(network.url, Array.from({ length: action.burst }, () => next()), action.verb));
      await settle(store, 50);
      bareBursts.push(await burst(bareUrl, Array.from({ length: action.burst }, () => bareInvoke(bareIndex++)), 'bare'));
    }
  } finally {
    store.options.enabled = true;
  }

  // Store operations, last (the item has its history of answers by now), sequential turns,
  // counting on, the dispatcher's work set apart.
  const counts: StoreCounts[] = [];
  store.options.include = TURN;
  try {
    for (let index = 0; index < OPS_TURNS; index += 1) {
      const activity = next();
      const { counts: during } = await store.during(() => turn(network.url, activity, action.verb));
      await settle(store);
      counts.push(during);
    }
  } finally {
    store.options.include = undefined;
  }
  const background = counts.map((entry) => entry.excluded.operations);
  const latency = (samples: readonly number[]) => ({ p50: median(samples), p99: percentile(samples, 99) });
  const burstOf = (bursts: typeof oursBursts) => ({ ...latency(bursts.flatMap((entry) => entry.latencies)), cpuPerTurnMs: median(bursts.map((entry) => entry.cpuPerTurnMs)) });
  return {
    verb: action.verb,
    ops: medianCounts(counts),
    background: median(background),
    cpuMs: median(ours.map((sample) => sample.cpuMs)),
    bareCpuMs: median(bare.map((sample) => sample.cpuMs)),
    seq: latency(ours.map((sample) => sample.ms)),
    bareSeq: latency(bare.map((sample) => sample.ms)),
    burst: { size: action.burst, ...burstOf(oursBursts) },
    bareBurst: burstOf(bareBursts),
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const opsText = (ops: StoreCounts) => `${ops.gets} / ${ops.queries} (${ops.rows - ops.byOperation.get.rows}) / ${ops.writes}`;

function report(shape: NetworkShape, results: readonly ActionResult[]): void {
  console.log(`\n${shape.name} network — ${ROUNDS} rounds × ${TURNS} sequential turns + 1 burst, interleaved with the bare teams-ai invoke`);
  console.log('action                  ops: gets / queries (rows) / writes   read / written       bg ops | CPU/turn  bare   ratio | seq p50  p99  | burst  p50    p99   bare p50  ratio');
  for (const result of results) {
    console.log(
      [
        result.verb.padEnd(24),
        opsText(result.ops).padEnd(20),
        `${kb(result.ops.bytesRead)} / ${kb(result.ops.bytesWritten)}`.padEnd(22),
        String(result.background).padStart(5),
        ' |',
        `${result.cpuMs.toFixed(2)} ms`.padStart(9),
        `${result.bareCpuMs.toFixed(2)}`.padStart(6),
        `×${(result.cpuMs / result.bareCpuMs).toFixed(1)}`.padStart(6),
        ' |',
        `${result.seq.p50.toFixed(1)}`.padStart(6),
        `${result.seq.p99.toFixed(1)}`.padStart(6),
        ' |',
        `${String(result.burst.size).padStart(4)}`,
        `${result.burst.p50.toFixed(1)}`.padStart(7),
        `${result.burst.p99.toFixed(1)}`.padStart(7),
        `${result.bareBurst.p50.toFixed(1)}`.padStart(8),
        `×${(result.burst.p50 / result.bareBurst.p50).toFixed(1)}`.padStart(7),
      ].join(' '),
    );
  }
  for (const result of results) {
    const queries = Object.entries(result.ops.queriesByType).map(([type, value]) => `${type}×${value.calls} (${value.rows})`).join(', ');
    const gets = Object.entries(result.ops.getsByPrefix).map(([prefix, value]) => `${prefix}×${value}`).join(', ');
    console.log(`  ${result.verb}: gets ${gets || '–'}; queries ${queries || '–'}; burst CPU/turn ${result.burst.cpuPerTurnMs.toFixed(2)} ms (bare ${result.bareBurst.cpuPerTurnMs.toFixed(2)})`);
  }
}

const summary = (results: readonly ActionResult[]) =>
  Object.fromEntries(
    results.map((result) => [
      result.verb,
      {
        cpu_ratio: round(result.cpuMs / result.bareCpuMs),
        p50_ratio: round(result.burst.p50 / result.bareBurst.p50),
        ops: result.ops.operations,
        rows_read: result.ops.rows,
        gets: result.ops.gets,
        queries: result.ops.queries,
        writes: result.ops.writes,
        kb_read: round(result.ops.bytesRead / 1024, 1),
        kb_written: round(result.ops.bytesWritten / 1024, 1),
        cpu_ms: round(result.cpuMs),
        bare_cpu_ms: round(result.bareCpuMs),
        burst: result.burst.size,
      },
    ]),
  );

async function run(shape: NetworkShape, bareUrl: string): Promise<ActionResult[]> {
  const network = await buildNetwork(shape);
  try {
    const results: ActionResult[] = [];
    for (const action of await actionsOf(network)) {
      if (ONLY && !ONLY.has(action.verb)) continue;
      const started = Date.now();
      const result = await measure(network, bareUrl, action);
      results.push(result);
      console.log(
        `  measured ${action.verb} on the ${shape.name} network in ${((Date.now() - started) / 1000).toFixed(1)} s: ops ${opsText(result.ops)}, CPU/turn ×${(result.cpuMs / result.bareCpuMs).toFixed(1)}, burst p50 ×${(result.burst.p50 / result.bareBurst.p50).toFixed(1)}`,
      );
    }
    report(shape, results);
    return results;
  } finally {
    await network.close();
  }
}

async function main(): Promise<void> {
  const bare = await startBareApplication();
  try {
    const base = SCALE === '10x' ? [] : await run(BASE, bare.url);
    const large = SCALE === 'base' ? [] : await run(LARGE, bare.url);
    // The action that costs the most on the base network: how much more it costs on the 10× one.
    const worst = [...base].sort((a, b) => b.cpuMs - a.cpuMs)[0];
    const worstLarge = worst && large.find((result) => result.verb === worst.verb);
    const scaleRatio = worst && worstLarge ? round(worstLarge.cpuMs / worst.cpuMs) : null;
    if (worst && worstLarge) console.log(`\nscale_ratio ${scaleRatio}: ${worst.verb} ${worst.cpuMs.toFixed(2)} ms CPU/turn on the base network, ${worstLarge.cpuMs.toFixed(2)} ms on the 10× network`);
    const scaleByAction = Object.fromEntries(base.flatMap((result) => {
      const other = large.find((candidate) => candidate.verb === result.verb);
      return other ? [[result.verb, round(other.cpuMs / result.cpuMs)]] : [];
    }));
    if (Object.keys(scaleByAction).length > 0) console.log(`CPU/turn 10× ÷ base per action: ${JSON.stringify(scaleByAction)}`);
    console.log(
      JSON.stringify({
        bench: 'actions',
        rounds: ROUNDS,
        turns: TURNS,
        actions: summary(base.length > 0 ? base : large),
        ...(large.length > 0 && base.length > 0 ? { scale: summary(large), scale_by_action: scaleByAction } : {}),
        scale_ratio: scaleRatio,
        ...(worst ? { scale_action: worst.verb } : {}),
      }),
    );
  } finally {
    await bare.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
