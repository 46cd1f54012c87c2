/**
 * A profiling aid for issue 13 (not a benchmark with a goal): where a card action's time goes on
 * the server, next to the bare teams-ai invoke, for one turn at a time (no burst, so wall time
 * is the turn's CPU: SQLite is synchronous in this process).
 *   npx tsx bench/turn-stages.ts [verb …]        (default: every action of bench:actions)
 * Builds bench:actions' base network, then, per action, 250 turns of the action interleaved with
 * 250 bare invokes (after 50 of each to warm up), and prints medians of:
 *   server     the HTTP request, from Node's 'request' event to the answer's 'finish'
 *   teams-ai   inside it, `Application.run`: routing the invoke, the feature, its answer
 *   store      inside the turn, the SQLite store's own calls (reads and writes, their JSON)
 *   card       inside the turn, rendering cards from their templates
 * and what is left: the path around teams-ai (restify, Bot Framework authentication, the tenant
 * gate, the network's routing, the turn's scope) = server − teams-ai. The bare has no store and a
 * card rendered once. Ends with one JSON line `{"bench":"turn-stages",…}`.
 */
import http from 'node:http';
import { Application } from '@microsoft/teams-ai/lib/Application';
import { CardRenderer } from '../src/cards/card-renderer';
import { SqliteDocumentStore } from '../src/store/sqlite-document-store';
import { adaptiveCardAction } from '../tests/support/teams-activities';
import { BARE_INVOKE_VERB, BASE, actionsOf, backgroundDone, buildNetwork, median, post, round, startBareApplication } from './support';

const WARMUP = 50;
const TURNS = 250;

type Stage = 'server' | 'teams-ai' | 'store' | 'card';
/** Time spent in each stage during the turn under way (the server's by its port). */
let spent = new Map<string, number>();
const add = (stage: string, ms: number) => spent.set(stage, (spent.get(stage) ?? 0) + ms);

function timeAsync(owner: object, name: string, stage: string): void {
  const target = owner as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const original = target[name]!;
  target[name] = async function (this: unknown, ...args: unknown[]) {
    const started = performance.now();
    try {
      return await original.apply(this, args);
    } finally {
      add(stage, performance.now() - started);
    }
  };
}

function timeSync(owner: object, name: string, stage: string): void {
  const target = owner as Record<string, (...args: unknown[]) => unknown>;
  const original = target[name]!;
  target[name] = function (this: unknown, ...args: unknown[]) {
    const started = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      add(stage, performance.now() - started);
    }
  };
}

// Installed before any server or store exists. Each server's requests are told apart by its port.
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
  if (event === 'request') {
    const response = args[1] as http.ServerResponse;
    const started = performance.now();
    const port = (this.address() as { port?: number } | null)?.port;
    response.once('finish', () => add(`server:${port}`, performance.now() - started));
  }
  return (emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean).call(this, event, ...args);
} as typeof emit;
// Turns run one at a time, so whichever application's turn is under way is the one timed.
timeAsync(Application.prototype, 'run', 'teams-ai');
for (const method of ['get', 'query', 'count', 'create', 'replace', 'upsert', 'delete']) timeAsync(SqliteDocumentStore.prototype, method, 'store');
timeSync(CardRenderer.prototype, 'render', 'card');

async function main(): Promise<void> {
  const only = new Set(process.argv.slice(2));
  const bare = await startBareApplication();
  const network = await buildNetwork(BASE);
  network.store.options.enabled = false;
  const ports = { reseau: new URL(network.url).port, bare: new URL(bare.url).port };
  let bareUsed = 0;
  const bareInvoke = () => {
    const who = network.members[bareUsed++ % network.members.length]!;
    return adaptiveCardAction({ serviceUrl: network.connector.serviceUrl, user: who.user, conversation: who.chat, verb: BARE_INVOKE_VERB, data: { language: 'fr' } });
  };
  const results: Record<string, Record<string, number>> = {};
  console.log('action                    server  bare  ratio | teams-ai  bare | around teams-ai  bare | store  card (ms, medians)');
  for (const action of await actionsOf(network)) {
    if (only.size > 0 && !only.has(action.verb)) continue;
    await action.prepare?.(WARMUP + TURNS + 10);
    const samples = new Map<string, number[]>();
    for (let turn = 0; turn < WARMUP + TURNS; turn += 1) {
      for (const side of ['reseau', 'bare'] as const) {
        spent = new Map();
        await post(side === 'reseau' ? network.url : bare.url, side === 'reseau' ? action.invoke(turn) : bareInvoke());
        if (turn < WARMUP) continue;
        const at = (stage: Stage) => spent.get(stage === 'server' ? `server:${ports[side]}` : stage) ?? 0;
        for (const stage of ['server', 'teams-ai', 'store', 'card'] as const) {
          const key = `${side}:${stage}`;
          samples.set(key, [...(samples.get(key) ?? []), at(stage)]);
        }
      }
      // What the turns handed off (card refreshes, delivery) lands between the measured turns.
      if (turn % 25 === 24) await backgroundDone(network);
    }
    const m = (key: string) => median(samples.get(key) ?? [0]);
    const result = {
      server_ms: round(m('reseau:server'), 3),
      bare_server_ms: round(m('bare:server'), 3),
      ratio: round(m('reseau:server') / m('bare:server')),
      teams_ai_ms: round(m('reseau:teams-ai'), 3),
      bare_teams_ai_ms: round(m('bare:teams-ai'), 3),
      around_ms: round(median((samples.get('reseau:server') ?? []).map((value, index) => value - (samples.get('reseau:teams-ai')?.[index] ?? 0))), 3),
      bare_around_ms: round(median((samples.get('bare:server') ?? []).map((value, index) => value - (samples.get('bare:teams-ai')?.[index] ?? 0))), 3),
      store_ms: round(m('reseau:store'), 3),
      card_ms: round(m('reseau:card'), 3),
    };
    results[action.verb] = result;
    console.log(
      `${action.verb.padEnd(24)} ${result.server_ms.toFixed(3)} ${result.bare_server_ms.toFixed(3)} ×${result.ratio.toFixed(2)} | ${result.teams_ai_ms.toFixed(3)} ${result.bare_teams_ai_ms.toFixed(3)} | ${result.around_ms.toFixed(3)} ${result.bare_around_ms.toFixed(3)} | ${result.store_ms.toFixed(3)} ${result.card_ms.toFixed(3)}`,
    );
    await backgroundDone(network);
  }
  console.log(JSON.stringify({ bench: 'turn-stages', turns: TURNS, actions: results }));
  await network.close();
  await bare.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
