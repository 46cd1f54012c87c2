/**
 * npm run estimate:cost — what a network costs per month on Azure Cosmos DB serverless, from a
 * replayed year of its life.
 *
 * The real Réseau (composition root, /api/messages, teams-ai, services, outbox dispatcher,
 * schedulers) runs on a fresh SQLite store wrapped in a meter (bench/cost/metered-store.ts) that
 * prices every operation in request units from Microsoft's published costs
 * (bench/cost/request-units.ts: point reads and writes by document size and indexed terms;
 * queries by an assumed base charge plus the documents they return). SQLite stands in for
 * Cosmos DB because the app makes the same calls on both (the store contract suite runs on both);
 * only the pricing differs, and that comes from the model, not from the adapter.
 *
 * The year (sizes printed with the result): the bench network of issue 13 at a country's size —
 * 13 agencies, 6 on ExCom with a focal point and 2 alternates each, 60 members — and per month a
 * member poll, an ExCom decision (every other one with a members' consultation), 17 migration
 * updates and the weekly digests; every two months a regular meeting for all (RSVPs, delegations,
 * reminders, minutes with action items) alternating with an ExCom meeting, and a joint statement
 * (a round of changes, then clearance by the six agencies, then delivery); a work plan of 12
 * activities adopted by ExCom in January and reported on every quarter; 10 people joining.
 * Members answer and vote by clicking their cards (Action.Execute invokes through /api/messages),
 * and open channel cards (the refresh invoke Teams sends when a card is viewed). The app's clock
 * moves through the year; the schedulers' due work (reminders, deadlines, digests) runs as it
 * falls due.
 *
 * Idle: the outbox dispatcher polls whether or not anything happens; its cost is measured on the
 * same app, idle (once its polling has slowed down and the sending lease was released, 30 s
 * after the last send), over IDLE_SECONDS of wall-clock time, and scaled to a month. The sending
 * lease is held only while there is something to send: what it costs then (a write to take it,
 * a read and a write per 5 s renewal, a write to release it) is counted in the year's activity,
 * with the sends that needed it; idle it costs nothing. The schedulers' periodic ticks that find nothing due are priced from one measured
 * empty tick of each, times its ticks per month.
 *
 * Per month, for 1, 10 and 50 networks in one deployment: the year's activity / 12 per network,
 * the idle polling per network (the dispatcher reads each network's partition), the lease once per
 * deployment, the TTL deletions of the outbox history, the storage after a year.
 *
 * Environment: COST_PRICE_PER_MILLION_RU (0.25), COST_PRICE_PER_GB_MONTH (0.25), COST_CURRENCY
 * (USD) — inputs, check the Azure pricing page for your region; COST_QUERY_BASE_RU (2.3);
 * COST_IDLE_SECONDS (30, after a warm-up of the lease's idle period and 10 s).
 * Last line: {"bench":"cost","ru_per_month":{"1":…,"10":…,"50":…},"price_per_month":{…},…}
 */
import { DECISIONS_TICK_MS } from '../src/decisions/decisions-scheduler';
import { SENDING_LEASE_IDLE_RELEASE_MS } from '../src/delivery/sending-lease';
import { DIGEST_TICK_MS } from '../src/updates/digest-scheduler';
import { GROUP_REVIEW_TICK_MS } from '../src/group-reviews/review-scheduler';
import { MEETINGS_TICK_MS } from '../src/meetings/meeting-scheduler';
import { MEMBERSHIP_TICK_MS } from '../src/network/membership-scheduler';
import { STATEMENTS_TICK_MS } from '../src/statements/statements-scheduler';
import { WORKPLAN_TICK_MS } from '../src/workplan/workplan-scheduler';
import { openDocumentStore } from '../src/store/open-store';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TEST_TENANT_ID, adaptiveCardAction, teamsUser, type TeamsActivity, type TeamsConversation } from '../tests/support/teams-activities';
import { meteredStore, type MeterReport, type MeteredStore } from './cost/metered-store';
import { DEFAULT_QUERY_ASSUMPTION, SECONDS_PER_MONTH, SYSTEM_PROPERTY_BYTES, deleteRu, monthlyPrice, type ServerlessPrices } from './cost/request-units';
import { DAY, EXCOM, NETWORK, buildNetwork, post, round, settle, sleep, type Network, type Person } from './support';

const prices: ServerlessPrices = {
  perMillionRu: Number(process.env.COST_PRICE_PER_MILLION_RU ?? 0.25),
  perGbMonth: Number(process.env.COST_PRICE_PER_GB_MONTH ?? 0.25),
  currency: process.env.COST_CURRENCY ?? 'USD',
};
const queryAssumption = { baseRu: Number(process.env.COST_QUERY_BASE_RU ?? DEFAULT_QUERY_ASSUMPTION.baseRu) };
const IDLE_SECONDS = Number(process.env.COST_IDLE_SECONDS ?? 30);
// The lease is released 30 s after the last send; the polling has slowed down to every 10 s by then.
const IDLE_WARM_UP_SECONDS = SENDING_LEASE_IDLE_RELEASE_MS / 1000 + 10;
const NETWORK_COUNTS = [1, 10, 50] as const;
/** Months replayed (12; fewer to try the script quickly — the monthly figures then average those). */
const MONTHS = Math.min(12, Math.max(1, Number(process.env.COST_MONTHS ?? 12)));

/** The year's sizes, printed with the result. */
const YEAR = {
  agencies: 13,
  excomAgencies: EXCOM.length,
  representativesPerAgency: 3,
  members: 60,
  memberPollsPerMonth: 1,
  pollTurnout: 0.7,
  decisionsPerMonth: 1,
  consultationCommentsPerDecision: 10,
  regularMeetingsPerYear: 6,
  excomMeetingsPerYear: 6,
  rsvpTurnout: 0.8,
  statementsPerYear: 6,
  updatesPerMonth: 17,
  workplanActivities: 12,
  joinsPerYear: 10,
  cardViewsPerChannelCard: 0.5,
} as const;

/**
 * The app's clock: the replay sets it to a day of the year, and from there it runs with the
 * wall clock (the dispatcher's pacing, claims and leases see time pass as in production).
 */
class Clock {
  private offsetMs: number;
  constructor(start: Date) {
    this.offsetMs = start.getTime() - Date.now();
  }
  readonly read = () => new Date(Date.now() + this.offsetMs);
  get now(): Date {
    return this.read();
  }
  set now(date: Date) {
    this.offsetMs = date.getTime() - Date.now();
  }
  advance(ms: number) {
    this.offsetMs += ms;
  }
  at(day: number, hour = 9) {
    const date = this.read();
    date.setUTCDate(day);
    date.setUTCHours(hour, 0, 0, 0);
    return date;
  }
}

interface Replay {
  readonly network: Network;
  readonly meter: MeteredStore;
  readonly clock: Clock;
  invoke(who: Person, verb: string, data: Record<string, unknown>, conversation?: TeamsConversation): Promise<void>;
}

const actorOf = (person: Person) => ({ aadObjectId: person.user.aadObjectId.toLowerCase(), name: person.user.name });
const iso = (date: Date) => date.toISOString();

async function start(): Promise<Replay & { close(): Promise<void> }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'reseau-cost-'));
  let meter: MeteredStore | undefined;
  const clock = new Clock(new Date(Date.UTC(new Date().getUTCFullYear() + 1, 0, 2, 8)));
  const network = await buildNetwork(
    { name: 'country', representativesPerAgency: YEAR.representativesPerAgency, members: YEAR.members, pastOutboxItems: 0 },
    {
      quiet: true,
      now: clock.read,
      openStore: async () => (meter = meteredStore(await openDocumentStore({ kind: 'sqlite', dataDir }), queryAssumption)),
    },
  );
  if (!meter) throw new Error('the meter was not opened');
  const opened = meter;
  return {
    network,
    meter: opened,
    clock,
    async invoke(who, verb, data, conversation = who.chat) {
      const activity: TeamsActivity = adaptiveCardAction({ serviceUrl: network.connector.serviceUrl, user: who.user, conversation, verb, data: { networkId: NETWORK, ...data } });
      const response = await post(network.url, activity);
      if (response.status !== 200) throw new Error(`${verb} answered ${response.status}`);
    },
    async close() {
      await network.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Lets the app finish what the last steps started (card refreshes, the outbox). */
async function quiet(replay: Replay): Promise<void> {
  await replay.network.reseau.decisions.cardsIdle();
  await settle(replay.network.store, 150, 120_000);
}

/** Runs every scheduler's due work once, as their timers would at this point of the year. */
async function ticks(replay: Replay): Promise<void> {
  const { reseau } = replay.network;
  await replay.meter.during('schedulers', async () => {
    await reseau.decisions.tick(NETWORK);
    await reseau.meetings.tick(NETWORK);
    await reseau.statements.tick(NETWORK);
    await reseau.workplan.tick(NETWORK);
    await reseau.membership.tick(NETWORK);
    await reseau.groupReviews.tick(NETWORK);
    await reseau.updates.runDigest(NETWORK);
  });
  await quiet(replay);
}

// ---- the scenes of a month ---------------------------------------------------------------------

async function memberPoll(replay: Replay, month: number): Promise<void> {
  const { network, clock } = replay;
  const poll = await replay.meter.during('polls', () =>
    network.reseau.decisions.createPoll(NETWORK, actorOf(network.cochair), {
      question: `Sondage du mois ${month + 1} : quel thème pour le prochain atelier ?`,
      kind: 'single',
      options: ['Retour et réintégration', 'Traite des personnes', 'Données migratoires'],
      anonymous: false,
      deadline: iso(new Date(clock.now.getTime() + 5 * DAY)),
    }),
  );
  await quiet(replay);
  const voters = network.members.slice(0, Math.round(network.members.length * YEAR.pollTurnout));
  await replay.meter.during('polls', async () => {
    for (const [index, who] of voters.entries()) await replay.invoke(who, 'poll.answer', { pollId: poll.pollId, choices: `o${(index % 3) + 1}` });
    // One in ten changes their mind.
    for (const who of voters.slice(0, Math.ceil(voters.length / 10))) await replay.invoke(who, 'poll.answer', { pollId: poll.pollId, choices: 'o2' });
  });
}

async function excomDecision(replay: Replay, month: number): Promise<void> {
  const { network, clock } = replay;
  const withConsultation = month % 2 === 0;
  const decision = await replay.meter.during('decisions', () =>
    network.reseau.decisions.createDecision(NETWORK, actorOf(network.cochair), {
      title: `Décision ${month + 1}`,
      text: { fr: `Le Réseau adopte la note d’orientation n° ${month + 1}.` },
      mode: 'consensus',
      ...(withConsultation ? { consultationDeadline: iso(new Date(clock.now.getTime() + 3 * DAY)) } : {}),
      deadline: iso(new Date(clock.now.getTime() + 7 * DAY)),
    }),
  );
  await quiet(replay);
  await replay.meter.during('decisions', async () => {
    if (withConsultation) {
      for (const who of network.members.slice(0, YEAR.consultationCommentsPerDecision)) {
        await replay.invoke(who, 'decision.comment', { decisionId: decision.decisionId, comment: `Préciser le calendrier (${who.agencyCode}).` }, network.channel);
      }
    }
  });
  if (withConsultation) {
    clock.advance(3 * DAY + 3600_000);
    await ticks(replay);
  }
  await replay.meter.during('decisions', async () => {
    // Half the representatives open the channel card (Teams refreshes it for them).
    for (const who of network.representatives.filter((_, index) => index % 2 === 0)) await replay.invoke(who, 'decision.view', { decisionId: decision.decisionId }, network.channel);
    // Each agency's focal point takes its position; one alternate of two agencies revises it.
    const focalPoints = network.representatives.filter((_, index) => index % YEAR.representativesPerAgency === 0);
    for (const who of focalPoints) await replay.invoke(who, 'decision.position', { decisionId: decision.decisionId, agencyCode: who.agencyCode, position: 'agreeWithReservations', comment: 'Sous réserve du budget.' });
    for (const who of network.representatives.filter((_, index) => index % YEAR.representativesPerAgency === 1).slice(0, 2)) {
      await replay.invoke(who, 'decision.position', { decisionId: decision.decisionId, agencyCode: who.agencyCode, position: 'agree' });
    }
  });
}

async function meeting(replay: Replay, month: number, kind: 'regular' | 'excom'): Promise<void> {
  const { network, clock } = replay;
  const startAt = clock.at(20, 10);
  const convened = await replay.meter.during('meetings', () =>
    network.reseau.meetings.convene(NETWORK, network.cochair.user.aadObjectId.toLowerCase(), {
      kind,
      title: kind === 'regular' ? `Réunion du Réseau — mois ${month + 1}` : `Comité exécutif — mois ${month + 1}`,
      start: iso(startAt),
      end: iso(new Date(startAt.getTime() + 2 * 3600_000)),
      timeZone: 'Africa/Conakry',
      location: { kind: 'iomOffice' },
      agenda: [{ title: 'Point sur le plan de travail', agencyCode: 'IOM' }],
      documents: [],
      invitees: { kind: kind === 'regular' ? 'all' : 'excom' },
      externalGuests: [],
    }),
  );
  await quiet(replay);
  const invitees = kind === 'regular' ? [...network.representatives, ...network.members] : [...network.representatives];
  const answering = invitees.slice(0, Math.round(invitees.length * YEAR.rsvpTurnout));
  await replay.meter.during('meetings', async () => {
    for (const who of invitees.filter((_, index) => index % Math.round(1 / YEAR.cardViewsPerChannelCard) === 0)) await replay.invoke(who, 'meetings.view', { meetingId: convened.meetingId }, network.channel);
    for (const [index, who] of answering.entries()) {
      const colleague = invitees.find((other) => other !== who && other.agencyCode === who.agencyCode);
      const delegated = index % 20 === 19 && colleague;
      await replay.invoke(who, 'meetings.rsvp', {
        meetingId: convened.meetingId,
        response: delegated ? 'delegated' : index % 3 === 0 ? 'online' : 'inPerson',
        ...(delegated ? { delegateId: colleague.user.aadObjectId } : {}),
      });
    }
  });
  // The automatic reminders fall due before the meeting; the minutes come after it.
  clock.now = new Date(startAt.getTime() - 2 * DAY);
  await ticks(replay);
  clock.now = new Date(startAt.getTime() - 3 * 3600_000);
  await ticks(replay);
  clock.now = new Date(startAt.getTime() + DAY);
  await replay.meter.during('meetings', () =>
    network.reseau.meetings.recordMinutes(NETWORK, network.cochair.user.aadObjectId.toLowerCase(), convened.meetingId, {
      text: 'Le Réseau a examiné l’avancement du plan de travail et convenu des actions suivantes.',
      links: [],
      attendance: [...EXCOM],
      actionItems: EXCOM.slice(0, 3).map((agencyCode, index) => ({ text: `Action ${index + 1} du mois ${month + 1}`, agencyCode, due: iso(new Date(clock.now.getTime() + 30 * DAY)).slice(0, 10) })),
    }),
  );
  await quiet(replay);
}

async function jointStatement(replay: Replay, month: number): Promise<void> {
  const { network } = replay;
  const cochair = actorOf(network.cochair);
  const statementId = await replay.meter.during('statements', async () => {
    const requested = await network.reseau.statements.request(NETWORK, cochair, { title: `Déclaration ${month + 1}`, purpose: 'Déclaration conjointe', gcmObjectives: [1, 7] });
    await network.reseau.statements.nameDraftingAgency(NETWORK, requested.statementId, cochair.aadObjectId, 'IOM');
    await network.reseau.statements.addVersion(NETWORK, requested.statementId, cochair, { fr: 'Le Réseau des Nations Unies sur la migration en Guinée rappelle que toute personne migrante a des droits.' });
    await network.reseau.statements.submit(NETWORK, requested.statementId, cochair, { version: 1 });
    return requested.statementId;
  });
  await quiet(replay);
  const focalPoints = network.representatives.filter((_, index) => index % YEAR.representativesPerAgency === 0);
  const clearRound = async (version: number, changesBy?: string) => {
    for (const who of focalPoints) {
      const position = who.agencyCode === changesBy ? { position: 'requestChanges', comment: 'Ajouter une référence au Pacte mondial.' } : { position: 'approve' };
      await replay.invoke(who, 'statement.clear', { statementId, agencyCode: who.agencyCode, version, ...position }, network.channel);
    }
  };
  await replay.meter.during('statements', async () => {
    await clearRound(1, 'UNHCR');
    await network.reseau.statements.addVersion(NETWORK, statementId, cochair, { fr: 'Le Réseau des Nations Unies sur la migration en Guinée rappelle que toute personne migrante a des droits, conformément au Pacte mondial.' });
    await network.reseau.statements.submit(NETWORK, statementId, cochair, { version: 2 });
  });
  await quiet(replay);
  await replay.meter.during('statements', async () => {
    await clearRound(2);
    await network.reseau.statements.deliver(NETWORK, statementId, cochair, 2);
  });
  await quiet(replay);
}

async function migrationUpdates(replay: Replay, month: number): Promise<void> {
  const { network, clock } = replay;
  const monthStart = clock.now.getTime();
  for (let index = 0; index < YEAR.updatesPerMonth; index += 1) {
    const who = network.representatives[index % network.representatives.length]!;
    clock.now = new Date(monthStart + (index * 28 * DAY) / YEAR.updatesPerMonth);
    await replay.meter.during('updates', () =>
      network.reseau.updates.share(
        NETWORK,
        actorOf(who),
        { title: `Mise à jour ${month + 1}.${index + 1}`, summary: 'Arrivées enregistrées aux points de passage frontaliers de la préfecture.', kind: 'data', agencyCode: who.agencyCode, objectives: [1 + (index % 23)] },
        'chat',
      ),
    );
    // The weekly digest falls due as the weeks pass.
    if (index % 4 === 3) await ticks(replay);
  }
  clock.now = new Date(monthStart);
  await quiet(replay);
}

async function joins(replay: Replay, month: number): Promise<void> {
  const { network } = replay;
  const perMonth = Math.ceil(YEAR.joinsPerYear / 12);
  if (month * perMonth >= YEAR.joinsPerYear) return;
  const focalPoints = network.representatives.filter((_, index) => index % YEAR.representativesPerAgency === 0);
  await replay.meter.during('membership', async () => {
    for (let index = 0; index < perMonth; index += 1) {
      const confirmer = focalPoints[(month + index) % focalPoints.length]!;
      const newcomer = teamsUser({ name: `Nouveau membre ${month}.${index}` });
      await network.reseau.membership.requestToJoin(NETWORK, { aadObjectId: newcomer.aadObjectId, tenantId: TEST_TENANT_ID, name: newcomer.name, language: 'fr' }, confirmer.agencyCode, 'member');
      await replay.invoke(confirmer, 'network.member.confirm', { memberId: newcomer.aadObjectId, agencyCode: confirmer.agencyCode });
    }
  });
}

async function workplanAdoption(replay: Replay, year: number): Promise<{ readonly id: string; readonly lead: Person }[]> {
  const { network, clock } = replay;
  const cochair = actorOf(network.cochair);
  const focalPoints = network.representatives.filter((_, index) => index % YEAR.representativesPerAgency === 0);
  const activities: { id: string; lead: Person }[] = [];
  const decisionId = await replay.meter.during('workplan', async () => {
    await network.reseau.workplan.createPlan(NETWORK, cochair, { year, title: { fr: `Plan de travail ${year}`, en: `Work plan ${year}` } });
    for (let index = 0; index < YEAR.workplanActivities; index += 1) {
      const lead = focalPoints[index % focalPoints.length]!;
      const added = await network.reseau.workplan.proposeActivity(NETWORK, cochair, year, {
        description: { fr: `Activité ${index + 1} du plan`, en: `Plan activity ${index + 1}` },
        objectives: [1 + (index % 23)],
        leadAgency: lead.agencyCode,
        contributingAgencies: [],
        externalPartners: [],
        indicators: [{ label: { fr: 'Personnes atteintes', en: 'People reached' }, unit: 'people', baseline: 0, target: 400 }],
        period: { kind: 'quarters', from: 1, to: 4 },
      });
      activities.push({ id: added.activityId, lead });
    }
    await network.reseau.workplan.openConsultation(NETWORK, cochair.aadObjectId, year);
    clock.advance(DAY);
    const submitted = await network.reseau.workplan.submit(NETWORK, cochair, year, { mode: 'consensus', deadline: iso(new Date(clock.now.getTime() + 5 * DAY)) });
    const id = submitted.submission?.decisionId;
    if (!id) throw new Error('the work plan was submitted without a decision');
    return id;
  });
  await quiet(replay);
  await replay.meter.during('workplan', async () => {
    for (const who of focalPoints) await replay.invoke(who, 'decision.position', { decisionId, agencyCode: who.agencyCode, position: 'agree' });
  });
  await quiet(replay);
  await ticks(replay);
  return activities;
}

async function quarterlyReports(replay: Replay, year: number, quarter: 1 | 2 | 3 | 4, activities: readonly { readonly id: string; readonly lead: Person }[]): Promise<void> {
  const { network } = replay;
  await replay.meter.during('workplan', async () => {
    for (const activity of activities) {
      await network.reseau.workplan.report(NETWORK, actorOf(activity.lead), year, activity.id, {
        quarter,
        planVersion: 1,
        status: 'ongoing',
        values: [{ indicatorId: 'i1', value: 100 * quarter, unit: 'people' }],
        narrative: `Avancement du trimestre ${quarter} conforme au plan.`,
      });
    }
  });
  await quiet(replay);
}

// ---- idle ----------------------------------------------------------------------------------------

/** What the schedulers' ticks cost when nothing is due, per month (each scheduler's interval). */
async function emptyTicksPerMonth(replay: Replay): Promise<number> {
  const { reseau } = replay.network;
  const schedulers: readonly [string, number, () => Promise<unknown>][] = [
    ['decisions', DECISIONS_TICK_MS, () => reseau.decisions.tick(NETWORK)],
    ['meetings', MEETINGS_TICK_MS, () => reseau.meetings.tick(NETWORK)],
    ['statements', STATEMENTS_TICK_MS, () => reseau.statements.tick(NETWORK)],
    ['workplan', WORKPLAN_TICK_MS, () => reseau.workplan.tick(NETWORK)],
    ['membership', MEMBERSHIP_TICK_MS, () => reseau.membership.tick(NETWORK)],
    ['groupReviews', GROUP_REVIEW_TICK_MS, () => reseau.groupReviews.tick(NETWORK)],
    ['digest', DIGEST_TICK_MS, () => reseau.updates.runDigest(NETWORK)],
  ];
  let perMonth = 0;
  for (const [name, intervalMs, tick] of schedulers) {
    await tick(); // whatever was due is done: the measured tick finds nothing
    await quiet(replay);
    replay.meter.reset();
    await replay.meter.during(`tick:${name}`, tick);
    const ru = replay.meter.report().ru;
    perMonth += ru * ((SECONDS_PER_MONTH * 1000) / intervalMs);
    console.log(`  empty ${name} tick: ${round(ru)} RU, every ${intervalMs / 1000} s`);
  }
  return perMonth;
}

/** The dispatcher and the lease over IDLE_SECONDS of wall-clock time, idle: RU per second of each. */
async function idleDelivery(replay: Replay): Promise<{ readonly leasePerSecond: number; readonly pollingPerSecond: number }> {
  await quiet(replay);
  // The dispatcher slows its polling down over its first idle seconds (1, 2, 4, 8, then every
  // 10 s) and releases the sending lease after its idle period: measure the steady state a
  // quiet month is made of.
  await sleep(IDLE_WARM_UP_SECONDS * 1000);
  replay.meter.reset();
  await replay.meter.during('idle', () => sleep(IDLE_SECONDS * 1000));
  const report = replay.meter.report();
  // The lease is one document per deployment (point reads/replaces: none once released); the polling queries each network's partition.
  const delivery = report.byCategory.delivery;
  const leaseRu = (delivery?.read.ru ?? 0) + (delivery?.replace.ru ?? 0) + (delivery?.create.ru ?? 0);
  // The schedulers' timers may tick in the window: priced apart (emptyTicksPerMonth), left out here.
  const pollingRu = (delivery?.query.ru ?? 0) + (report.totals.idle?.ru ?? 0);
  return { leasePerSecond: leaseRu / IDLE_SECONDS, pollingPerSecond: pollingRu / IDLE_SECONDS };
}

// ---- the year ------------------------------------------------------------------------------------

function describe(report: MeterReport): string[] {
  return Object.entries(report.totals)
    .sort(([, a], [, b]) => b.ru - a.ru)
    .map(([category, tally]) => {
      const kinds = report.byCategory[category]!;
      const parts = Object.entries(kinds)
        .filter(([, kind]) => kind.operations > 0)
        .map(([kind, value]) => `${kind} ${value.operations} (${round(value.ru, 0)} RU)`);
      const top = Object.entries(report.byType[category] ?? {})
        .sort(([, a], [, b]) => b.ru - a.ru)
        .slice(0, 3)
        .map(([what, value]) => `${what} ×${value.operations} ${round(value.ru, 0)} RU`);
      return `  ${category.padEnd(12)} ${String(tally.operations).padStart(7)} ops ${String(round(tally.ru, 0)).padStart(9)} RU   ${parts.join(', ')}\n${' '.repeat(16)}most: ${top.join('; ')}`;
    });
}

async function main(): Promise<void> {
  const started = Date.now();
  const replay = await start();
  try {
    const setup = replay.meter.report();
    console.log(`Network built (${YEAR.excomAgencies} ExCom agencies × ${YEAR.representativesPerAgency} representatives, ${YEAR.members} members): ${round(setup.ru, 0)} RU, not counted in the year.`);
    replay.meter.reset();
    const year = replay.clock.now.getUTCFullYear();
    const activities = await workplanAdoption(replay, year);
    for (let month = 0; month < MONTHS; month += 1) {
      replay.clock.now = new Date(Date.UTC(year, month, 2, 8));
      await memberPoll(replay, month);
      await excomDecision(replay, month);
      if (month % 2 === 0 && YEAR.statementsPerYear > 0) await jointStatement(replay, month);
      await meeting(replay, month, month % 2 === 0 ? 'regular' : 'excom');
      replay.clock.now = new Date(Date.UTC(year, month, 2, 8));
      await migrationUpdates(replay, month);
      await joins(replay, month);
      replay.clock.now = new Date(Date.UTC(year, month, 28, 18));
      await ticks(replay);
      if (month % 3 === 2) await quarterlyReports(replay, year, ((month + 1) / 3) as 1 | 2 | 3 | 4, activities);
      process.stdout.write(`\rmonth ${month + 1}/${MONTHS} replayed`);
    }
    process.stdout.write('\n');
    await quiet(replay);
    const activity = replay.meter.report();
    const live = replay.meter.liveDocuments();
    // Cosmos DB deletes expired items itself (the outbox history): priced as deletes, once each.
    const ttlDeletes = live.filter((document) => document.ttl !== undefined);
    const ttlRu = ttlDeletes.reduce((total, document) => total + deleteRu(document.bytes, document.terms), 0);
    const keptBytes = live.filter((document) => document.ttl === undefined).reduce((total, document) => total + document.bytes, 0);

    console.log('\nOne year of one network, by area (operations, request units):');
    for (const line of describe(activity)) console.log(line);
    console.log(`  TTL deletes  ${String(ttlDeletes.length).padStart(7)} ops ${String(round(ttlRu, 0)).padStart(9)} RU   (outbox history expiring)`);

    console.log('\nIdle (nothing happening):');
    const ticksPerMonth = await emptyTicksPerMonth(replay);
    const idle = await idleDelivery(replay);
    console.log(`  sending lease: ${round(idle.leasePerSecond, 3)} RU/s; outbox polling: ${round(idle.pollingPerSecond, 3)} RU/s (measured over ${IDLE_SECONDS} s)`);

    const activityPerMonth = (activity.ru + ttlRu) / MONTHS;
    const pollingPerMonth = idle.pollingPerSecond * SECONDS_PER_MONTH;
    const leasePerMonth = idle.leasePerSecond * SECONDS_PER_MONTH;
    const ruPerMonth: Record<string, number> = {};
    const pricePerMonth: Record<string, number> = {};
    console.log(`\nPer month (prices: ${prices.perMillionRu} ${prices.currency} per million RU, ${prices.perGbMonth} ${prices.currency} per GB-month — inputs, check your region):`);
    for (const networks of NETWORK_COUNTS) {
      const ru = networks * (activityPerMonth + pollingPerMonth + ticksPerMonth) + leasePerMonth;
      // Storage after a year, each network's history kept (the outbox history expires).
      const price = monthlyPrice(ru, networks * keptBytes, prices);
      ruPerMonth[networks] = Math.round(ru);
      pricePerMonth[networks] = round(price.total);
      console.log(
        `  ${String(networks).padStart(2)} network(s): ${Math.round(ru).toLocaleString('en')} RU (activity ${Math.round(networks * activityPerMonth).toLocaleString('en')}, outbox polling ${Math.round(networks * pollingPerMonth).toLocaleString('en')}, scheduler ticks ${Math.round(networks * ticksPerMonth).toLocaleString('en')}, lease idle ${Math.round(leasePerMonth).toLocaleString('en')}) → ${round(price.requests)} + storage ${round(price.storage, 4)} = ${round(price.total)} ${prices.currency}`,
      );
    }
    console.log(`\nAssumptions: point reads and writes priced by document size (+${SYSTEM_PROPERTY_BYTES} B of system properties) and index terms from Microsoft's published table; a query costs ${queryAssumption.baseRu} RU plus each returned document's read cost (not published: compare with x-ms-request-charge on a real account); one region, session consistency; storage = documents kept after a year (${round(keptBytes / 1024 ** 2, 2)} MB per network), index size not included.`);
    console.log(`Replayed in ${round((Date.now() - started) / 1000, 1)} s.`);
    console.log(
      JSON.stringify({
        bench: 'cost',
        year: YEAR,
        ru_per_year_activity: Math.round(activity.ru + ttlRu),
        ru_per_month: ruPerMonth,
        price_per_month: pricePerMonth,
        currency: prices.currency,
        idle_ru_per_second: { lease: round(idle.leasePerSecond, 3), polling: round(idle.pollingPerSecond, 3) },
        empty_ticks_ru_per_month: Math.round(ticksPerMonth),
        storage_mb_per_network: round(keptBytes / 1024 ** 2, 2),
      }),
    );
  } finally {
    await replay.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
