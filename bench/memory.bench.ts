/**
 * npm run bench:memory — what Réseau holds in memory as it is deployed, idle and after 20,000
 * mixed turns, and whether those turns leave anything behind in its heap (issue 13: "idle RSS and
 * RSS after 20,000 mixed turns … with a heap-snapshot comparison showing no retained growth;
 * goal idle ≤ 150 MB").
 *
 * What is measured is the product's own process: `npm run build`, then `node dist/src/main.js`
 * (App Service's start command, infra/modules/app-service.bicep) spawned as a child in local mode
 * on a temp DATA_DIR with the embedded SQLite store, PORT=0, LOG_LEVEL as by default (its log
 * lines are read and dropped by this process). Nothing of the bench (tsx, the test support, the
 * fake connector, the HTTP client) lives in it. Its memory is read from /proc/<pid>/status:
 * VmRSS (resident), VmHWM (peak resident), RssAnon (heap, code, malloc) and RssFile (mapped
 * files: the node binary, shared libraries).
 *
 * The network is bench:actions' base network (6 ExCom agencies × 3 representatives, 200 members,
 * one channel, one open poll, one decision in ExCom phase, one in consultation, one meeting for
 * everyone, one statement in clearance), built by bench/support.ts in this process (the app
 * in-process, as bench:actions does), every card it sent delivered; the SQLite file is then
 * copied (VACUUM INTO) and each child starts on a fresh copy, as a restarted deployment would.
 * The fake Bot Connector (tests/support/fake-connector.ts) stays here: the activities carry its
 * serviceUrl, so the child's replies, proactive sends and card updates come back to it.
 *
 * Turns are posted to the child's /api/messages, 20 at a time (BENCH_CONCURRENCY), in turn: the
 * help message (`aide`), a member's poll answer, an ExCom position, an RSVP, a statement
 * clearance, a consultation comment (the invokes of bench/support.ts's action builders).
 * "Quiet" means: for two consecutive seconds the child used ≤ 50 ms of CPU and the connector
 * received no call (the card refreshes and the outbox deliveries the turns handed off are done).
 *
 * Run 1, RSS (the child exactly as deployed, no flag, nothing forced). Each idle measurement
 * waits for quiet, then up to BENCH_IDLE_MS (60 s) for V8's memory reducer: a while after
 * allocation stops (≈ 40 s after a burst here) it collects the garbage of the last turns and
 * shrinks the young generation back from 32 MB to 1–4 MB. Right after a burst the heap still
 * holds up to ~200 MB of garbage (old space grows to ~250 MB between mark-compacts under load):
 * that is `quiet` below, not a leak.
 *   started  the process up, before any turn
 *   ready    after one turn of each kind (every route's code loaded and compiled)
 *   busy     at the end of the turns, nothing waited for
 *   after    after BENCH_TURNS (20,000) turns
 *   `idle_rss_mb` is `ready` — the process as it sits between turns once it has served any —
 *   not `started`, which flatters lazily loaded code.
 * Run 2, heap (a second child on a fresh copy, with --heapsnapshot-signal=SIGUSR2): a heap
 * snapshot (it forces a full GC first) after BENCH_WARMUP (2,000) turns and another after all
 * the turns. Writing a snapshot leaves a few hundred MB of freed native memory in the process's
 * RSS (V8's snapshot generator, kept by malloc), which is why RSS comes from run 1 and the heap
 * from run 2. The snapshots are compared by constructor (objects by constructor name, closures,
 * strings, arrays, code… by type, as DevTools' summary groups them): node count and self size.
 * Every object in a snapshot is reachable (it is taken after a full GC), so self sizes sum to the
 * retained heap.
 *   "no retained growth" = no constructor (group) gains more than one object per 100 turns of the
 *   run (180 of 18,000) together with more than 256 KB. A leak of one object per turn (or per
 *   ExCom vote) shows as +18,000 (+3,000) there; one 16-byte object per turn is 288 KB. The total
 *   is printed, not judged: it moves by ~1 MB of compiled code as V8 tiers hot functions up
 *   (`(code)`: fewer, larger objects), bounded by the code base, not by the turns.
 * BENCH_SNAPSHOTS=0 skips run 2. BENCH_TURNS, BENCH_WARMUP, BENCH_CONCURRENCY, BENCH_IDLE_MS
 * shorten or reshape a run; BENCH_NODE_FLAGS="--flag …" starts the children with node flags and
 * BENCH_CHILD_ENV="MALLOC_ARENA_MAX=2 …" with more environment (to try one before shipping it).
 *
 * Measured (2 shared cores, Node 20.20, 2026-11-30; three full runs): idle (`ready`) 140–149 MB
 * VmRSS = 52 MB RssFile (the node binary and libraries; a bare `node` is 40 MB, 34 of it file)
 * + 88–92 MB RssAnon: the V8 heap, ~60 MB live at start of which ~31 MB is the source text of
 * the 2,400 modules loaded (kept for lazy compilation) — botbuilder-dialogs' recognizers-text
 * 10.5 MB (teams-ai's Application loads it for its OAuth prompts), gpt-tokenizer 3.1 MB + its
 * rank tables (teams-ai's index: planners), three @azure/msal-node copies 3.2 MB, lodash 1.2 MB,
 * adaptive-expressions + antlr4ts 1.7 MB, Réseau itself 1.5 MB; then malloc (~7 MB) and stacks.
 * After 20,000 turns: 162 MB once the memory reducer ran (372 MB at quiet, peak 421–483 MB:
 * under this load V8 lets old space reach ~250–280 MB between mark-compacts; the live heap
 * stays ~75 MB). Of the +20 MB vs idle, heap snapshots show +1.4 MB (+1.1 MB compiled code, no
 * constructor growing with the turns); the rest is native: V8 code space (1.3 → 5.8 MB) and
 * the main thread's malloc heap ([heap] in smaps: 7 → 17 MB at 20,000 turns, 27 MB at 40,000 —
 * the SQLite store alone, churned 100,000 operations, plateaus at ~19 MB: page cache 2 MB by
 * default, no mmap, RssFile flat at 53.7 MB; no thread arenas involved). Before: `node
 * dist/src/main.js` 177–185 MB 10 s after start (new space 32 MB committed, start-up garbage
 * not yet collected; @azure/cosmos loaded for STORE_NAMES, −6.5 MB since it is lazy).
 * Not shipped: --max-semi-space-size=1…4 gives 127 MB at start, but the memory reducer shrinks
 * the young generation to 1–4 MB anyway once idle, and a smaller one costs scavenges under load.
 *
 * The last line of output is one JSON line:
 *   {"bench":"memory","idle_rss_mb":…,"after_rss_mb":…,"turns":…,"heap_growth":{…},…}
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type Database from 'better-sqlite3';
import { STORE_NAMES } from '../src/store/open-store';
import { TEST_TENANT_ID, message, type TeamsActivity } from '../tests/support/teams-activities';
import { BASE, actionsOf, buildNetwork, post, round, sleep, type Network } from './support';

const TURNS = Number(process.env.BENCH_TURNS ?? 20_000);
const WARMUP = Math.min(TURNS, Number(process.env.BENCH_WARMUP ?? Math.round(TURNS / 10)));
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 60_000);
const SNAPSHOTS = process.env.BENCH_SNAPSHOTS !== '0';
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '').split(/\s+/).filter((flag) => flag !== '');
/** BENCH_CHILD_ENV="MALLOC_ARENA_MAX=2 …": more environment for the children (allocator settings). */
const CHILD_ENV: Record<string, string> = Object.fromEntries(
  (process.env.BENCH_CHILD_ENV ?? '')
    .split(/\s+/)
    .filter((pair) => pair.includes('='))
    .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
);
/** What `npm start` adds (see package.json); App Service's `node dist/src/main.js` has none. */
const START_FLAGS = ['--disable-warning=DEP0111'];
/** A constructor grows with the turns when it gains more than one object per this many turns… */
const TURNS_PER_OBJECT = 100;
/** …and more than this many bytes. */
const GROWER_MIN_BYTES = 256 * 1024;

const ROOT = path.resolve(__dirname, '..');
const ENTRY = path.join(ROOT, 'dist', 'src', 'main.js');
const KINDS = ['help', 'poll.answer', 'decision.position', 'meetings.rsvp', 'statement.clear', 'decision.comment'] as const;

const MB = 1024 * 1024;
const mb = (bytes: number) => bytes / MB;

// ---- the child ----------------------------------------------------------------------------

interface ProcMemory {
  readonly rssMb: number;
  readonly hwmMb: number;
  readonly anonMb: number;
  readonly fileMb: number;
}

function procMemory(pid: number): ProcMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) / 1024;
  return { rssMb: kb('VmRSS'), hwmMb: kb('VmHWM'), anonMb: kb('RssAnon'), fileMb: kb('RssFile') };
}

/** CPU time (user + system) of the process so far, in milliseconds. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  // After "pid (comm) ": state is field 3, utime 14, stime 15 → indexes 11 and 12 here.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

interface Child {
  readonly pid: number;
  readonly url: string;
  readonly process: ChildProcess;
  logLines: number;
  stop(): Promise<void>;
}

async function startChild(dataDir: string, env: Record<string, string>, flags: readonly string[]): Promise<Child> {
  const started = Date.now();
  const child = spawn(process.execPath, [...START_FLAGS, ...NODE_FLAGS, ...flags, ENTRY], {
    cwd: ROOT,
    // Only what local mode needs: nothing of production leaks in from the bench's environment.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ...env, ...CHILD_ENV },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const errors: string[] = [];
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => errors.push(chunk));
  const handle: Child = {
    pid: child.pid!,
    url: '',
    process: child,
    logLines: 0,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`dist/src/main.js exited with ${code}: ${errors.join('').slice(-2000)}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      handle.logLines += 1;
      if (!line.includes('Réseau is listening')) return;
      resolve((JSON.parse(line) as { url: string }).url);
    });
  });
  console.log(`  child ${child.pid} listening on ${url} after ${Date.now() - started} ms`);
  return Object.assign(handle, { url });
}

/**
 * Until the child has been quiet for two consecutive windows: ≤ 50 ms of CPU per second and no
 * call to the connector (card refreshes, outbox deliveries and their updates done).
 */
async function quiet(child: Child, network: Network, maxMs = 300_000): Promise<void> {
  const started = Date.now();
  let quietWindows = 0;
  while (quietWindows < 2) {
    if (Date.now() - started > maxMs) throw new Error(`child ${child.pid} still busy after ${maxMs / 1000} s`);
    const calls = network.connector.calls.length;
    const cpu = cpuMs(child.pid);
    await sleep(1000);
    const busy = network.connector.calls.length !== calls || cpuMs(child.pid) - cpu > 50;
    quietWindows = busy ? 0 : quietWindows + 1;
  }
  // The bench's own record of the calls, not the app's memory.
  network.connector.calls.length = 0;
}

interface IdleMemory extends ProcMemory {
  /** VmRSS as soon as the child was quiet, before V8 collected anything on its own. */
  readonly quietRssMb: number;
  /** Seconds waited after quiet. */
  readonly waitedS: number;
}

/**
 * Quiet, then up to BENCH_IDLE_MS (60 s) of nothing while V8's memory reducer, which starts
 * collecting some seconds after allocation stops, gives back the garbage of the last turns and
 * shrinks the young generation, in steps some seconds apart; stops early once VmRSS fell ≥ 5 %
 * below its level at quiet and then held (±1 MB) for 20 s. Nothing is forced: this is what a
 * deployed process does between bursts.
 */
async function idleMemory(child: Child, network: Network): Promise<IdleMemory> {
  await quiet(child, network);
  const first = procMemory(child.pid);
  const started = Date.now();
  let last = first;
  let stableSince = started;
  while (Date.now() - started < IDLE_MS) {
    await sleep(1000);
    const now = procMemory(child.pid);
    if (Math.abs(now.rssMb - last.rssMb) > 1) stableSince = Date.now();
    last = now;
    if (now.rssMb < 0.95 * first.rssMb && Date.now() - stableSince >= 20_000) break;
  }
  return { ...last, quietRssMb: first.rssMb, waitedS: Math.round((Date.now() - started) / 1000) };
}

// ---- the turns ----------------------------------------------------------------------------

interface TurnTally {
  readonly byKind: Record<string, { turns: number; failures: number }>;
  firstFailure?: string;
}

type TurnOf = (index: number) => { kind: string; activity: TeamsActivity };

/** Turns [from, to) of the mix, CONCURRENCY at a time, to the child at `url`. */
async function sendTurns(url: string, turnOf: TurnOf, from: number, to: number, tally: TurnTally, network: Network): Promise<number> {
  const started = Date.now();
  let next = from;
  const worker = async () => {
    while (next < to) {
      const index = next++;
      const { kind, activity } = turnOf(index);
      const entry = (tally.byKind[kind] ??= { turns: 0, failures: 0 });
      entry.turns += 1;
      const response = await post(url, activity);
      const type = (response.body as { type?: string } | undefined)?.type;
      const ok = response.status === 200 && (kind === 'help' || type === 'application/vnd.microsoft.card.adaptive');
      if (!ok) {
        entry.failures += 1;
        tally.firstFailure ??= `${kind} answered ${response.status}: ${JSON.stringify(response.body).slice(0, 300)}`;
      }
      // The connector records every call; the bench forgets them as it goes.
      if (index % 1000 === 0) network.connector.calls.length = 0;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return (Date.now() - started) / 1000;
}

// ---- heap snapshots -----------------------------------------------------------------------

interface HeapSnapshotJson {
  readonly snapshot: { readonly meta: { readonly node_fields: string[]; readonly node_types: [string[], ...unknown[]] } };
  readonly nodes: number[];
  readonly strings: string[];
}

type ByName = Map<string, { count: number; size: number }>;

/** Node count and self size per constructor name, as DevTools' summary groups them. */
function summarize(json: HeapSnapshotJson): { byName: ByName; total: number; count: number } {
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
  return { byName, total, count: json.nodes.length / stride };
}

interface Growth {
  readonly name: string;
  readonly count: number;
  readonly bytes: number;
}

function compare(before: ByName, after: ByName): Growth[] {
  return [...new Set([...before.keys(), ...after.keys()])]
    .map((name) => {
      const was = before.get(name) ?? { count: 0, size: 0 };
      const now = after.get(name) ?? { count: 0, size: 0 };
      return { name, count: now.count - was.count, bytes: now.size - was.size };
    })
    .sort((a, b) => b.bytes - a.bytes);
}

/**
 * SIGUSR2 → the child writes a snapshot into `directory` (--diagnostic-dir) on its main thread;
 * it is complete once the child answers HTTP again and the file parses.
 */
async function takeSnapshot(child: Child, directory: string): Promise<ReturnType<typeof summarize>> {
  const before = new Set(await readdir(directory));
  process.kill(child.pid, 'SIGUSR2');
  const started = Date.now();
  for (;;) {
    if (Date.now() - started > 300_000) throw new Error('no heap snapshot after 5 minutes');
    await sleep(500);
    const file = (await readdir(directory)).find((name) => !before.has(name) && name.endsWith('.heapsnapshot'));
    if (!file) continue;
    const health = await fetch(`${child.url}/healthz`, { signal: AbortSignal.timeout(60_000) }).catch(() => undefined);
    if (!health) continue;
    const full = path.join(directory, file);
    const size = (await stat(full)).size;
    await sleep(500);
    if ((await stat(full)).size !== size) continue;
    try {
      const summary = summarize(JSON.parse(await readFile(full, 'utf8')) as HeapSnapshotJson);
      await rm(full);
      return summary;
    } catch {
      // Still being written.
    }
  }
}

// ---- the run ------------------------------------------------------------------------------

const row = (label: string, memory: ProcMemory | IdleMemory) =>
  `${label.padEnd(27)} ${memory.rssMb.toFixed(1).padStart(7)} ${memory.hwmMb.toFixed(1).padStart(7)} ${memory.anonMb.toFixed(1).padStart(8)} ${memory.fileMb.toFixed(1).padStart(8)}` +
  ('quietRssMb' in memory ? `   ${memory.quietRssMb.toFixed(1).padStart(7)} → idle ${memory.waitedS} s` : '');

async function main(): Promise<void> {
  const started = Date.now();
  if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: npm run build first (npm run bench:memory does)`);
  const work = await mkdtemp(path.join(tmpdir(), 'reseau-memory-'));
  console.log(`building the base network in this process (the app in-process, bench/support.ts)…`);
  const network = await buildNetwork(BASE);
  const children: Child[] = [];
  try {
    const actions = await actionsOf(network);
    const invokeOf = new Map(actions.map((action) => [action.verb, action.invoke]));
    const member = (index: number) => network.members[index % network.members.length]!;
    const turnOf: TurnOf = (index) => {
      const kind = KINDS[index % KINDS.length]!;
      const use = Math.floor(index / KINDS.length);
      if (kind === 'help') {
        const who = member(use);
        return { kind, activity: message({ serviceUrl: network.connector.serviceUrl, user: who.user, conversation: who.chat, text: 'aide' }) };
      }
      return { kind, activity: invokeOf.get(kind)!(use) };
    };
    // Everything the network's creation sent is delivered; the in-process app stops (its store
    // stays open until network.close()) and its file is copied for the children.
    await sleep(1000);
    await network.reseau.stop();
    const db = (network.store.inner as unknown as { db?: Database.Database }).db;
    if (!db?.exec) throw new Error('bench:memory copies the SQLite file through SqliteDocumentStore.db: it moved');
    const dataDirFor = async (name: string) => {
      const dir = path.join(work, name);
      await mkdir(dir);
      db.exec(`VACUUM INTO '${path.join(dir, STORE_NAMES.sqliteFile).replaceAll("'", "''")}'`);
      return dir;
    };
    const env = {
      NETWORK_ADMINS: `${TEST_TENANT_ID}/${network.cochair.user.aadObjectId}=cochair`,
      // As bench:actions: ExCom votes rewrite 19 cards each; Teams' own limit would make the run
      // wait on deliveries, not measure memory.
      DELIVERY_GLOBAL_RATE_PER_SECOND: '1000',
    };

    // Run 1: RSS.
    const envText = Object.entries(CHILD_ENV).map(([key, value]) => `${key}=${value} `).join('');
    console.log(`\nrun 1 (RSS): ${envText}node ${[...START_FLAGS, ...NODE_FLAGS].join(' ')} dist/src/main.js`);
    const rssChild = await startChild(await dataDirFor('rss'), env, []);
    children.push(rssChild);
    const startedMemory = await idleMemory(rssChild, network);
    const tally: TurnTally = { byKind: {} };
    await sendTurns(rssChild.url, turnOf, 0, KINDS.length, tally, network);
    const ready = await idleMemory(rssChild, network);
    const runSeconds = await sendTurns(rssChild.url, turnOf, KINDS.length, TURNS, tally, network);
    const busy = procMemory(rssChild.pid);
    const after = await idleMemory(rssChild, network);
    const rssCpuSeconds = cpuMs(rssChild.pid) / 1000;
    console.log(`  ${TURNS} turns in ${runSeconds.toFixed(1)} s (${(TURNS / runSeconds).toFixed(0)} turns/s), child CPU ${rssCpuSeconds.toFixed(0)} s, ${rssChild.logLines} log lines`);
    await rssChild.stop();

    // Run 2: heap snapshots.
    let heap: { warm: ReturnType<typeof summarize>; after: ReturnType<typeof summarize>; growth: Growth[] } | undefined;
    if (SNAPSHOTS) {
      const snapshots = path.join(work, 'snapshots');
      await mkdir(snapshots);
      console.log(`\nrun 2 (heap): --heapsnapshot-signal=SIGUSR2, snapshots after ${WARMUP} and ${TURNS} turns`);
      const heapChild = await startChild(await dataDirFor('heap'), env, ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${snapshots}`]);
      children.push(heapChild);
      await quiet(heapChild, network);
      await sendTurns(heapChild.url, turnOf, 0, WARMUP, tally, network);
      await quiet(heapChild, network);
      const warm = await takeSnapshot(heapChild, snapshots);
      await sendTurns(heapChild.url, turnOf, WARMUP, TURNS, tally, network);
      await quiet(heapChild, network);
      const last = await takeSnapshot(heapChild, snapshots);
      heap = { warm, after: last, growth: compare(warm.byName, last.byName) };
      await heapChild.stop();
    }

    const failures = Object.values(tally.byKind).reduce((sum, entry) => sum + entry.failures, 0);
    console.log(`\nturns by kind (both runs, ${CONCURRENCY} at a time): ${Object.entries(tally.byKind).map(([kind, entry]) => `${kind} ${entry.turns}${entry.failures ? ` (${entry.failures} failed)` : ''}`).join(', ')}`);
    if (tally.firstFailure) console.log(`first failure: ${tally.firstFailure}`);

    console.log('\nthe product process (MB)      VmRSS   VmHWM  RssAnon  RssFile   (VmRSS at quiet)');
    console.log(row('started (idle)', startedMemory));
    console.log(row('ready (a turn of each)', ready));
    console.log(row(`busy (end of ${TURNS} turns)`, busy));
    console.log(row(`after (${TURNS} turns, idle)`, after));

    const runTurns = TURNS - WARMUP;
    let heapGrowth: Record<string, unknown> | null = null;
    if (heap) {
      const totalGrowth = mb(heap.after.total - heap.warm.total);
      const codeGrowth = mb(heap.growth.find((entry) => entry.name === '(code)')?.bytes ?? 0);
      const growers = heap.growth.filter((entry) => entry.count > runTurns / TURNS_PER_OBJECT && entry.bytes > GROWER_MIN_BYTES);
      const none = growers.length === 0;
      console.log(`\nheap snapshots after ${WARMUP} → ${TURNS} turns: ${mb(heap.warm.total).toFixed(1)} → ${mb(heap.after.total).toFixed(1)} MB (${totalGrowth >= 0 ? '+' : ''}${totalGrowth.toFixed(2)} MB, of which compiled code ${codeGrowth >= 0 ? '+' : ''}${codeGrowth.toFixed(2)} MB), ${heap.warm.count} → ${heap.after.count} objects`);
      console.log('top growing constructors          count Δ     self size Δ');
      for (const entry of heap.growth.slice(0, 10)) {
        console.log(`  ${entry.name.slice(0, 30).padEnd(30)} ${`${entry.count >= 0 ? '+' : ''}${entry.count}`.padStart(9)} ${`${entry.bytes >= 0 ? '+' : ''}${(entry.bytes / 1024).toFixed(1)} KB`.padStart(14)}`);
      }
      console.log(`${none ? 'no retained growth' : 'RETAINED GROWTH'} (a grower: > 1 object per ${TURNS_PER_OBJECT} of the ${runTurns} turns and > ${GROWER_MIN_BYTES / 1024} KB; ${growers.length} found)`);
      heapGrowth = {
        warm_mb: round(mb(heap.warm.total), 1),
        after_mb: round(mb(heap.after.total), 1),
        growth_mb: round(totalGrowth),
        code_growth_mb: round(codeGrowth),
        objects: heap.after.count - heap.warm.count,
        growers: growers.map((entry) => ({ name: entry.name, count: entry.count, kb: round(entry.bytes / 1024, 1) })),
        top: heap.growth.slice(0, 5).map((entry) => ({ name: entry.name, count: entry.count, kb: round(entry.bytes / 1024, 1) })),
        no_retained_growth: none,
      };
    }
    console.log(`\nidle RSS ${ready.rssMb.toFixed(1)} MB (goal ≤ 150 MB: ${ready.rssMb <= 150 ? 'met' : 'not met'}), ${after.rssMb.toFixed(1)} MB after ${TURNS} turns; ${failures} failed turns; bench took ${((Date.now() - started) / 1000).toFixed(0)} s`);
    console.log(
      JSON.stringify({
        bench: 'memory',
        idle_rss_mb: round(ready.rssMb, 1),
        after_rss_mb: round(after.rssMb, 1),
        turns: TURNS,
        heap_growth: heapGrowth,
        started_rss_mb: round(startedMemory.rssMb, 1),
        idle_anon_mb: round(ready.anonMb, 1),
        idle_file_mb: round(ready.fileMb, 1),
        after_anon_mb: round(after.anonMb, 1),
        after_quiet_rss_mb: round(after.quietRssMb, 1),
        busy_rss_mb: round(busy.rssMb, 1),
        peak_rss_mb: round(after.hwmMb, 1),
        node_flags: [...START_FLAGS, ...NODE_FLAGS],
        child_env: CHILD_ENV,
        failed_turns: failures,
      }),
    );
  } finally {
    for (const child of children) await child.stop();
    await network.close();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
