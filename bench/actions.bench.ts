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
 *   ratios      action ÷ bare: CPU of sequential turns; p50 under the burst, as the median over
 *               the burst pairs of each pair's ratio (`p50_ratio`; the ratio of the p50s of all
 *               bursts pooled is `pooled_p50_ratio`); CPU per turn of a burst (`burst_cpu_ratio`).
 * Rounds interleave the action and the bare turn (one action turn, one bare turn, …), ROUNDS
 * times; then BURSTS pairs of bursts, one of each, the order alternating from pair to pair (a
 * load drifting on the shared machine weighs on both sides). After each action turn the bench waits until the store has been
 * quiet for a moment, so the dispatcher's work lands in no one's window. The machine is shared:
 * medians of interleaved rounds make the ratios comparable, not the absolute numbers.
 *
 * `scale_ratio` = for the action with the highest CPU per turn on the base network, its CPU on
 * the 10× network ÷ its CPU on the base network (goal ≤ 1.2).
 *
 * The bursts' client: by default in this process (as in earlier sessions), so it shares the
 * server's event loop — each answer of a burst comes back at about the burst's end, and its p50
 * holds the client's own work (building requests, undici, parsing answers) on both sides alike.
 * BENCH_BURST_CLIENT=separate posts the bursts from a child process (bench/burst-client.ts), as
 * Teams is outside our process: the loop then runs only the server, and a burst's CPU per turn is
 * the server's alone. Sequential turns are posted from this process either way.
 *
 * Environment: BENCH_ROUNDS (3), BENCH_TURNS (sequential turns per round, 8), BENCH_BURSTS
 * (pairs of bursts, 6), BENCH_SCALE
 * (`both` | `base` | `10x`), BENCH_ACTIONS (comma-separated verbs to run, default all),
 * BENCH_STORE (`sqlite`, or `cosmos`: the network on the Cosmos DB protocol server, every
 * operation a round trip — the burst then shows what ETag conflicts on a shared document cost).
 * The last line of output is one JSON line:
 *   {"bench":"actions","actions":{"<verb>":{"cpu_ratio":…,"p50_ratio":…,"ops":…,"rows_read":…},…},"scale_ratio":…}
 * (`actions` holds the base network's numbers; `scale` the 10× network's.)
 */
import { randomUUID } from 'node:crypto';
import { CosmosDocumentStore } from '../src/store/cosmos-document-store';
import type { DocumentStore } from '../src/store/document-store';
import { STORE_NAMES } from '../src/store/open-store';
import { startCosmosServer } from '../tests/support/cosmos-server';
import type { StoreCounts } from '../tests/support/counting-store';
import { adaptiveCardAction, type TeamsActivity } from '../tests/support/teams-activities';
import { startBurstClient, type BurstClient } from './burst-client';
import {
  BARE_INVOKE_VERB,
  BASE,
  IN_THE_TURN,
  LARGE,
  actionsOf,
  buildNetwork,
  elapsedMs,
  median,
  percentile,
  post,
  round,
  backgroundDone,
  startBareApplication,
  type ActionSpec,
  type Network,
  type NetworkShape,
} from './support';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BURSTS = Number(process.env.BENCH_BURSTS ?? 6);
const TURNS = Number(process.env.BENCH_TURNS ?? 8);
const OPS_TURNS = 5;
const WARMUP_TURNS = 3;
const SCALE = process.env.BENCH_SCALE ?? 'both';
const STORE = process.env.BENCH_STORE ?? 'sqlite';
const BURST_CLIENT = process.env.BENCH_BURST_CLIENT ?? 'in-process';
if (BURST_CLIENT !== 'in-process' && BURST_CLIENT !== 'separate') throw new Error(`BENCH_BURST_CLIENT is 'in-process' or 'separate', not ${BURST_CLIENT}`);
/** The bursts' client in a process of its own (BENCH_BURST_CLIENT=separate), else none: bursts are posted from this process. */
const burstClient: BurstClient | undefined = BURST_CLIENT === 'separate' ? startBurstClient() : undefined;
const ONLY = process.env.BENCH_ACTIONS ? new Set(process.env.BENCH_ACTIONS.split(',').map((verb) => verb.trim())) : undefined;


interface Sample {
  readonly cpuMs: number;
  readonly ms: number;
}

const cpuMsSince = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

/** CPU spent from now until the work the turns handed off is done (refreshes, notices, dispatch). */
async function backgroundCpu(network: Network): Promise<number> {
  const start = process.cpuUsage();
  await backgroundDone(network);
  return cpuMsSince(start);
}

function assertCard(status: number, body: unknown, what: string): void {
  const type = (body as { type?: string } | undefined)?.type;
  if (status !== 200 || type !== 'application/vnd.microsoft.card.adaptive') {
    throw new Error(`${what} answered ${status}: ${JSON.stringify(body).slice(0, 400)}`);
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
  if (burstClient) {
    const bodies = activities.map((activity) => JSON.stringify(activity));
    const cpu = process.cpuUsage();
    const answers = await burstClient.burst(url, bodies);
    const used = process.cpuUsage(cpu);
    for (const answer of answers) {
      if (answer.status !== 200 || answer.type !== 'application/vnd.microsoft.card.adaptive') throw new Error(`${what} answered ${answer.status}: ${answer.head}`);
    }
    return { latencies: answers.map((answer) => answer.ms), cpuPerTurnMs: (used.user + used.system) / 1000 / activities.length };
  }
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

// ---- measuring -------------------------------------------------------------------------------

interface ActionResult {
  readonly verb: string;
  readonly ops: StoreCounts;
  readonly background: number;
  readonly cpuMs: number;
  readonly bareCpuMs: number;
  /** CPU of what one sequential turn handed off, net of waiting for it (the same wait after a bare turn). */
  readonly backgroundCpuMs: number;
  /** The same after a burst, per turn of the burst. */
  readonly burstBackgroundCpuMs: number;
  readonly seq: { readonly p50: number; readonly p99: number };
  readonly bareSeq: { readonly p50: number; readonly p99: number };
  readonly burst: { readonly size: number; readonly p50: number; readonly p99: number; readonly cpuPerTurnMs: number };
  readonly bareBurst: { readonly p50: number; readonly p99: number; readonly cpuPerTurnMs: number };
  /** Median over the burst pairs of (the action's p50 ÷ the bare p50 of the same pair). */
  readonly burstP50Ratio: number;
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
  await action.prepare?.(WARMUP_TURNS + OPS_TURNS + ROUNDS * TURNS + BURSTS * action.burst);

  for (let index = 0; index < WARMUP_TURNS; index += 1) {
    await turn(network.url, next(), action.verb);
    await backgroundDone(network);
    await turn(bareUrl, bareInvoke(index), 'bare');
  }

  // CPU and latency, counting off, interleaved with the bare turn.
  store.options.enabled = false;
  const ours: Sample[] = [];
  const bare: Sample[] = [];
  const oursBursts: { latencies: number[]; cpuPerTurnMs: number }[] = [];
  const bareBursts: { latencies: number[]; cpuPerTurnMs: number }[] = [];
  const background: number[] = [];
  const bareBackground: number[] = [];
  const burstBackground: number[] = [];
  let bareIndex = 0;
  try {
    for (let r = 0; r < ROUNDS; r += 1) {
      for (let index = 0; index < TURNS; index += 1) {
        ours.push(await turn(network.url, next(), action.verb));
        background.push(await backgroundCpu(network));
        bare.push(await turn(bareUrl, bareInvoke(bareIndex++), 'bare'));
        bareBackground.push(await backgroundCpu(network));
      }
    }
    // Bursts in pairs, the order alternating (ours first, then bare first), so a load that
    // drifts on the shared machine weighs on both sides alike; each pair gives one p50 ratio.
    const oursBurst = async () => {
      oursBursts.push(await burst(network.url, Array.from({ length: action.burst }, () => next()), action.verb));
      burstBackground.push((await backgroundCpu(network)) / action.burst);
    };
    const bareBurst = async () => {
      bareBursts.push(await burst(bareUrl, Array.from({ length: action.burst }, () => bareInvoke(bareIndex++)), 'bare'));
      await backgroundDone(network);
    };
    for (let pair = 0; pair < BURSTS; pair += 1) {
      if (pair % 2 === 0) {
        await oursBurst();
        await bareBurst();
      } else {
        await bareBurst();
        await oursBurst();
      }
    }
  } finally {
    store.options.enabled = true;
  }

  // Store operations, last (the item has its history of answers by now), sequential turns,
  // counting on, the dispatcher's work set apart.
  const counts: StoreCounts[] = [];
  store.options.include = IN_THE_TURN;
  try {
    for (let index = 0; index < OPS_TURNS; index += 1) {
      const activity = next();
      // The window stays open until what the turn handed off is done: its operations are the
      // `background` ones (set apart from the turn's by their call stack).
      const { counts: during } = await store.during(async () => {
        await turn(network.url, activity, action.verb);
        await backgroundDone(network);
      });
      counts.push(during);
    }
  } finally {
    store.options.include = undefined;
  }
  const backgroundOps = counts.map((entry) => entry.excluded.operations);
  const waitingCpu = median(bareBackground);
  const latency = (samples: readonly number[]) => ({ p50: median(samples), p99: percentile(samples, 99) });
  const burstOf = (bursts: typeof oursBursts) => ({ ...latency(bursts.flatMap((entry) => entry.latencies)), cpuPerTurnMs: median(bursts.map((entry) => entry.cpuPerTurnMs)) });
  return {
    verb: action.verb,
    ops: medianCounts(counts),
    background: median(backgroundOps),
    backgroundCpuMs: Math.max(0, median(background) - waitingCpu),
    burstBackgroundCpuMs: Math.max(0, median(burstBackground) - waitingCpu / action.burst),
    cpuMs: median(ours.map((sample) => sample.cpuMs)),
    bareCpuMs: median(bare.map((sample) => sample.cpuMs)),
    seq: latency(ours.map((sample) => sample.ms)),
    bareSeq: latency(bare.map((sample) => sample.ms)),
    burst: { size: action.burst, ...burstOf(oursBursts) },
    bareBurst: burstOf(bareBursts),
    burstP50Ratio: median(oursBursts.map((entry, pair) => median(entry.latencies) / median(bareBursts[pair]!.latencies))),
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const opsText = (ops: StoreCounts) => `${ops.gets} / ${ops.queries} (${ops.rows - ops.byOperation.get.rows}) / ${ops.writes}`;

function report(shape: NetworkShape, results: readonly ActionResult[]): void {
  console.log(`\n${shape.name} network — ${ROUNDS} rounds × ${TURNS} sequential turns, then ${BURSTS} pairs of bursts (client ${BURST_CLIENT}), interleaved with the bare teams-ai invoke`);
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
        `×${result.burstP50Ratio.toFixed(2)}`.padStart(7),
      ].join(' '),
    );
  }
  console.log('handed off (card refreshes, notices, their outbox dispatch to the fake connector in this process), CPU per change:');
  for (const result of results) {
    console.log(`  ${result.verb.padEnd(24)} sequential ${result.backgroundCpuMs.toFixed(2)} ms (×${(result.backgroundCpuMs / result.bareCpuMs).toFixed(1)} bare turn), in a burst of ${result.burst.size} ${result.burstBackgroundCpuMs.toFixed(2)} ms per turn`);
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
        p50_ratio: round(result.burstP50Ratio),
        pooled_p50_ratio: round(result.burst.p50 / result.bareBurst.p50),
        burst_cpu_ratio: round(result.burst.cpuPerTurnMs / result.bareBurst.cpuPerTurnMs),
        ops: result.ops.operations,
        rows_read: result.ops.rows,
        gets: result.ops.gets,
        queries: result.ops.queries,
        writes: result.ops.writes,
        kb_read: round(result.ops.bytesRead / 1024, 1),
        kb_written: round(result.ops.bytesWritten / 1024, 1),
        cpu_ms: round(result.cpuMs),
        bare_cpu_ms: round(result.bareCpuMs),
        background_cpu_ms: round(result.backgroundCpuMs),
        burst_background_cpu_ms: round(result.burstBackgroundCpuMs),
        burst: result.burst.size,
      },
    ]),
  );

/**
 * BENCH_STORE=cosmos: the network lives on the Cosmos DB protocol server (in this process, over
 * HTTP) instead of SQLite — every store operation a round trip, as in Azure, so turns of a
 * burst interleave between their reads and writes and meet each other's ETags.
 */
async function openStoreFor(): Promise<{ openStore?: () => Promise<DocumentStore>; close(): Promise<void> }> {
  if (STORE !== 'cosmos') return { close: async () => undefined };
  const server = await startCosmosServer();
  return {
    openStore: () => CosmosDocumentStore.open({ endpoint: server.endpoint, key: server.key, databaseId: `bench-${randomUUID()}`, containerId: STORE_NAMES.container }),
    close: () => server.close(),
  };
}

async function run(shape: NetworkShape, bareUrl: string): Promise<ActionResult[]> {
  const store = await openStoreFor();
  const network = await buildNetwork(shape, store.openStore ? { openStore: store.openStore } : {});
  try {
    const results: ActionResult[] = [];
    for (const action of await actionsOf(network)) {
      if (ONLY && !ONLY.has(action.verb)) continue;
      const started = Date.now();
      const result = await measure(network, bareUrl, action);
      results.push(result);
      console.log(
        `  measured ${action.verb} on the ${shape.name} network in ${((Date.now() - started) / 1000).toFixed(1)} s: ops ${opsText(result.ops)}, CPU/turn ×${(result.cpuMs / result.bareCpuMs).toFixed(1)}, burst p50 ×${result.burstP50Ratio.toFixed(2)} (pooled ×${(result.burst.p50 / result.bareBurst.p50).toFixed(2)}), burst CPU/turn ×${(result.burst.cpuPerTurnMs / result.bareBurst.cpuPerTurnMs).toFixed(2)}`,
      );
    }
    report(shape, results);
    return results;
  } finally {
    await network.close();
    await store.close();
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
        store: STORE,
        burst_client: BURST_CLIENT,
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
    burstClient?.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
