/**
 * npm run bench:memory — what Réseau holds in memory idle, and whether 20,000 mixed turns leave
 * anything behind (issue 13: "idle RSS and RSS after 20,000 mixed turns … with a heap-snapshot
 * comparison showing no retained growth; goal idle ≤ 150 MB").
 *
 * The real Réseau (startBenchReseau) on bench:actions' base network (6 ExCom agencies × 3
 * representatives, 200 members, one channel, one open poll, one decision in ExCom phase, one
 * meeting for everyone, one statement in clearance), built by the same code (bench/support.ts).
 *
 *   idle     after the network is built and every card it sent has gone out, the store quiet,
 *            the card refreshers idle and two forced GCs (node --expose-gc)
 *   turns    BENCH_TURNS (20,000) through /api/messages, 20 at a time (BENCH_CONCURRENCY), in
 *            turn: the help message (`aide`), a member's poll answer, an ExCom position, an RSVP,
 *            a statement clearance (the invokes of bench:actions' action builders)
 *   warm     the same measurement after the first 2,000 turns (BENCH_WARMUP), and a heap snapshot
 *   after    the same measurement after all the turns, and a heap snapshot
 * Before each measurement the bench waits for the store to be quiet, for `cardsIdle()` of
 * decisions, statements, meetings and membership, and for the store again (the outbox's updates
 * of the refreshed cards), then forgets the fake connector's recorded calls (the bench's, not the
 * app's) and forces GC twice.
 *
 * The two snapshots are compared by constructor name (node count and self size per name, from
 * the .heapsnapshot JSON); the top 10 growing names and the total are printed. The run shows no
 * retained growth when heap used after the run is within max(5 MB, 10 %) of the warm value; the
 * verdict is printed, the process does not fail on it.
 *
 * Client, fake connector and server share the process (and tsx's loader): RSS is the process's
 * (the `modules loaded` row, before the app starts, shows what is not Réseau's). Writing the warm
 * snapshot leaves native memory in RSS: BENCH_SNAPSHOTS=0 measures RSS after the run without
 * snapshots (and without the comparison).
 * The last line of output is one JSON line:
 *   {"bench":"memory","idle_rss_mb":…,"idle_heap_mb":…,"after_rss_mb":…,"after_heap_mb":…,"warm_heap_mb":…,"turns":…,"retained_growth_mb":…,"top_growth":[{"name":…,"mb":…},…]}
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { message, type TeamsActivity } from '../tests/support/teams-activities';
import { BASE, actionsOf, buildNetwork, post, round, settle, sleep, type Network } from './support';

const TURNS = Number(process.env.BENCH_TURNS ?? 20_000);
const WARMUP = Math.min(TURNS, Number(process.env.BENCH_WARMUP ?? 2_000));
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
/**
 * Writing a heap snapshot leaves a few hundred MB of native memory in RSS (V8's snapshot
 * generator, kept by the allocator): the RSS after the run is only the app's with
 * BENCH_SNAPSHOTS=0 (heap used is unaffected; no snapshot comparison then).
 */
const SNAPSHOTS = process.env.BENCH_SNAPSHOTS !== '0';
/** Heap growth that still counts as none: the larger of these. */
const TOLERANCE_MB = 5;
const TOLERANCE_RATIO = 0.1;
const MIXED_VERBS = ['poll.answer', 'decision.position', 'meetings.rsvp', 'statement.clear'] as const;
const KINDS = ['help', ...MIXED_VERBS] as const;

const MB = 1024 * 1024;
const mb = (bytes: number) => bytes / MB;

interface Memory {
  readonly rssMb: number;
  readonly heapUsedMb: number;
  readonly heapTotalMb: number;
  readonly externalMb: number;
  readonly arrayBuffersMb: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

async function forceGc(): Promise<void> {
  if (!gc) throw new Error('run node with --expose-gc (npm run bench:memory does)');
  for (let index = 0; index < 2; index += 1) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Everything the turns handed off done, the bench's own records dropped, then GC. */
async function quiesce(network: Network): Promise<Memory> {
  const { reseau } = network;
  await settle(network.store, 200, 120_000);
  await Promise.all([reseau.decisions.cardsIdle(), reseau.statements.cardsIdle(), reseau.meetings.cardsIdle(), reseau.membership.cardsIdle()]);
  await settle(network.store, 200, 120_000);
  network.connector.calls.length = 0;
  await sleep(100);
  await forceGc();
  const usage = process.memoryUsage();
  return { rssMb: mb(usage.rss), heapUsedMb: mb(usage.heapUsed), heapTotalMb: mb(usage.heapTotal), externalMb: mb(usage.external), arrayBuffersMb: mb(usage.arrayBuffers) };
}

interface TurnTally {
  readonly byKind: Record<string, { turns: number; failures: number }>;
  firstFailure?: string;
}

/** Turns [from, to) of the mix, CONCURRENCY at a time. */
async function sendTurns(network: Network, turnOf: (index: number) => { kind: string; activity: TeamsActivity }, from: number, to: number, tally: TurnTally): Promise<void> {
  let next = from;
  const worker = async () => {
    while (next < to) {
      const { kind, activity } = turnOf(next++);
      const entry = (tally.byKind[kind] ??= { turns: 0, failures: 0 });
      entry.turns += 1;
      const response = await post(network.url, activity);
      const type = (response.body as { type?: string } | undefined)?.type;
      const ok = response.status === 200 && (kind === 'help' || type === 'application/vnd.microsoft.card.adaptive');
      if (!ok) {
        entry.failures += 1;
        tally.firstFailure ??= `${kind} answered ${response.status}: ${JSON.stringify(response.body).slice(0, 300)}`;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

// ---- heap snapshots ----------------------------------------------------------------------------

interface HeapSnapshotJson {
  readonly snapshot: { readonly meta: { readonly node_fields: string[]; readonly node_types: [string[], ...unknown[]] } };
  readonly nodes: number[];
  readonly strings: string[];
}

type ByName = Map<string, { count: number; size: number }>;

/**
 * Node count and self size per constructor name, grouped as DevTools' summary does: objects by
 * constructor name, closures as (closure), strings, arrays, code and the rest by their type.
 */
async function summarize(file: string): Promise<{ byName: ByName; total: number }> {
  const json = JSON.parse(await readFile(file, 'utf8')) as HeapSnapshotJson;
  const fields = json.snapshot.meta.node_fields;
  const types = json.snapshot.meta.node_types[0];
  const stride = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const byName: ByName = new Map();
  let total = 0;
  for (let offset = 0; offset < json.nodes.length; offset += stride) {
    const type = types[json.nodes[offset + typeAt]!]!;
    const size = json.nodes[offset + sizeAt]!;
    const name = type === 'object' || type === 'native' ? json.strings[json.nodes[offset + nameAt]!]! : type === 'hidden' ? '(system)' : `(${type})`;
    const entry = byName.get(name) ?? { count: 0, size: 0 };
    entry.count += 1;
    entry.size += size;
    byName.set(name, entry);
    total += size;
  }
  return { byName, total };
}

interface Growth {
  readonly name: string;
  readonly count: number;
  readonly bytes: number;
}

function compare(before: ByName, after: ByName): Growth[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names]
    .map((name) => {
      const was = before.get(name) ?? { count: 0, size: 0 };
      const now = after.get(name) ?? { count: 0, size: 0 };
      return { name, count: now.count - was.count, bytes: now.size - was.size };
    })
    .sort((a, b) => b.bytes - a.bytes);
}

// ---- the run -----------------------------------------------------------------------------------

const row = (label: string, memory: Memory) =>
  `${label.padEnd(22)} ${memory.rssMb.toFixed(1).padStart(8)} ${memory.heapUsedMb.toFixed(1).padStart(10)} ${memory.heapTotalMb.toFixed(1).padStart(11)} ${memory.externalMb.toFixed(1).padStart(9)}`;

async function main(): Promise<void> {
  const started = Date.now();
  await forceGc();
  const loaded = process.memoryUsage();
  const network = await buildNetwork(BASE);
  const snapshots = await mkdtemp(path.join(tmpdir(), 'reseau-memory-'));
  try {
    const actions = await actionsOf(network);
    const invokeOf = new Map(actions.map((action) => [action.verb, action.invoke]));
    const member = (index: number) => network.members[index % network.members.length]!;
    const turnOf = (index: number): { kind: string; activity: TeamsActivity } => {
      const kind = KINDS[index % KINDS.length]!;
      const use = Math.floor(index / KINDS.length);
      if (kind === 'help') {
        const who = member(use);
        return { kind, activity: message({ serviceUrl: network.connector.serviceUrl, user: who.user, conversation: who.chat, text: 'aide' }) };
      }
      return { kind, activity: invokeOf.get(kind)!(use) };
    };

    const idle = await quiesce(network);
    console.log(`idle (network built, cards out, GC): RSS ${idle.rssMb.toFixed(1)} MB, heap used ${idle.heapUsedMb.toFixed(1)} MB`);

    const tally: TurnTally = { byKind: {} };
    let turnsStarted = Date.now();
    await sendTurns(network, turnOf, 0, WARMUP, tally);
    const warmSeconds = (Date.now() - turnsStarted) / 1000;
    const warm = await quiesce(network);
    const warmFile = SNAPSHOTS ? v8.writeHeapSnapshot(path.join(snapshots, 'warm.heapsnapshot')) : undefined;
    console.log(`warm-up: ${WARMUP} turns in ${warmSeconds.toFixed(1)} s; RSS ${warm.rssMb.toFixed(1)} MB, heap used ${warm.heapUsedMb.toFixed(1)} MB`);

    turnsStarted = Date.now();
    await sendTurns(network, turnOf, WARMUP, TURNS, tally);
    const runSeconds = (Date.now() - turnsStarted) / 1000;
    const after = await quiesce(network);
    const afterFile = warmFile ? v8.writeHeapSnapshot(path.join(snapshots, 'after.heapsnapshot')) : undefined;
    console.log(`run: ${TURNS - WARMUP} more turns in ${runSeconds.toFixed(1)} s (${((TURNS - WARMUP) / runSeconds).toFixed(0)} turns/s); RSS ${after.rssMb.toFixed(1)} MB, heap used ${after.heapUsedMb.toFixed(1)} MB`);

    const warmSummary = warmFile ? await summarize(warmFile) : undefined;
    const afterSummary = afterFile ? await summarize(afterFile) : undefined;
    const growth = warmSummary && afterSummary ? compare(warmSummary.byName, afterSummary.byName) : [];
    const top = growth.filter((entry) => entry.bytes > 0).slice(0, 10);

    const failures = Object.values(tally.byKind).reduce((sum, entry) => sum + entry.failures, 0);
    console.log(`\nturns by kind (${CONCURRENCY} at a time): ${Object.entries(tally.byKind).map(([kind, entry]) => `${kind} ${entry.turns}${entry.failures ? ` (${entry.failures} failed)` : ''}`).join(', ')}`);
    if (tally.firstFailure) console.log(`first failure: ${tally.firstFailure}`);

    console.log('\nmemory (MB, after GC)        RSS  heap used  heap total  external');
    console.log(row('modules loaded', { rssMb: mb(loaded.rss), heapUsedMb: mb(loaded.heapUsed), heapTotalMb: mb(loaded.heapTotal), externalMb: mb(loaded.external), arrayBuffersMb: mb(loaded.arrayBuffers) }));
    console.log(row('idle (base network)', idle));
    console.log(row(`warm (${WARMUP} turns)`, warm));
    console.log(row(`after (${TURNS} turns)`, after));
    if (SNAPSHOTS) console.log('(RSS after includes the native memory left by writing the warm heap snapshot; BENCH_SNAPSHOTS=0 for the app alone)');

    const retained = after.heapUsedMb - warm.heapUsedMb;
    const tolerance = Math.max(TOLERANCE_MB, TOLERANCE_RATIO * warm.heapUsedMb);
    const snapshotGrowth = warmSummary && afterSummary ? mb(afterSummary.total - warmSummary.total) : null;
    if (warmSummary && afterSummary && snapshotGrowth !== null) {
      console.log(`\nheap snapshots (warm → after): ${mb(warmSummary.total).toFixed(1)} MB → ${mb(afterSummary.total).toFixed(1)} MB, ${snapshotGrowth >= 0 ? '+' : ''}${snapshotGrowth.toFixed(2)} MB`);
      console.log('top growing constructors          count Δ     self size Δ');
    }
    for (const entry of top) console.log(`  ${entry.name.slice(0, 30).padEnd(30)} ${`${entry.count >= 0 ? '+' : ''}${entry.count}`.padStart(9)} ${`+${(entry.bytes / 1024).toFixed(1)} KB`.padStart(14)}`);
    const verdict = retained <= tolerance ? 'no retained growth' : 'RETAINED GROWTH';
    console.log(`\nheap used warm → after: ${warm.heapUsedMb.toFixed(1)} → ${after.heapUsedMb.toFixed(1)} MB (${retained >= 0 ? '+' : ''}${retained.toFixed(2)} MB, tolerance ${tolerance.toFixed(1)} MB): ${verdict}`);
    console.log(`idle RSS ${idle.rssMb.toFixed(1)} MB (goal ≤ 150 MB: ${idle.rssMb <= 150 ? 'met' : 'not met'}); ${failures} failed turns; bench took ${((Date.now() - started) / 1000).toFixed(0)} s`);
    console.log(
      JSON.stringify({
        bench: 'memory',
        idle_rss_mb: round(idle.rssMb, 1),
        idle_heap_mb: round(idle.heapUsedMb, 1),
        after_rss_mb: round(after.rssMb, 1),
        after_heap_mb: round(after.heapUsedMb, 1),
        warm_heap_mb: round(warm.heapUsedMb, 1),
        turns: TURNS,
        retained_growth_mb: round(retained),
        top_growth: top.map((entry) => ({ name: entry.name, mb: round(mb(entry.bytes), 3) })),
        snapshot_growth_mb: snapshotGrowth === null ? null : round(snapshotGrowth),
        warm_rss_mb: round(warm.rssMb, 1),
        snapshots: SNAPSHOTS,
        no_retained_growth: retained <= tolerance,
        failed_turns: failures,
      }),
    );
  } finally {
    await network.close();
    await rm(snapshots, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
