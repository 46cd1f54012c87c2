/**
 * npm run bench:fanout — one message to 1,000 members through the running app's outbox
 * (startReseau: OutboxService → Dispatcher → botbuilder's connector client) against the fake
 * Bot Connector enforcing Teams' limits, with 100 ms of latency per call, then the same
 * message updated in place on every copy (what an ExCom card refresh does), then updated again
 * with the same content (a refresh that changes nothing). Per phase it prints the time until
 * the last member had it, the theoretical minimum under the limits and their ratio (goal:
 * within 5 % of the minimum), the 429s received, duplicates (must be 0), how close the calls
 * came to the app's limit as the connector counted them, and the store operations and CPU per
 * item. The last line is one JSON object.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { ConversationService } from '../src/delivery/conversation-service';
import { OutboxService } from '../src/delivery/outbox-service';
import { createLogger } from '../src/logger';
import { startReseau } from '../src/main';
import { openDocumentStore } from '../src/store/open-store';
import { countingStore, diffCounts, type StoreCounts } from '../tests/support/counting-store';
import { startFakeConnector, type RecordedCall } from '../tests/support/fake-connector';
import { teamsConversation, teamsUser, testBotAccount, TEST_TENANT_ID } from '../tests/support/teams-activities';

const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 1000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
const RATE = Number(process.env.BENCH_RATE ?? 50);
const GOAL_RATIO = 1.05;
const NETWORK = 'gn';
const MESSAGE_KEY = 'bench:fanout';

interface PhaseResult {
  readonly totalMs: number;
  readonly minimumMs: number;
  readonly ratio: number;
  readonly calls: number;
  readonly throttled: number;
  readonly duplicates: number;
  /** Smallest gap between a call and the RATE-th after it, minus one second, as the connector received them. */
  readonly appLimitSpareMs: number | null;
  readonly perItem: { readonly gets: number; readonly queries: number; readonly rows: number; readonly writes: number; readonly cpuUs: number };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (value: number, digits: number) => Number(value.toFixed(digits));

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'reseau-bench-fanout-'));
  const connector = await startFakeConnector({ enforceLimits: true, latencyMs: LATENCY_MS, appRequestsPerSecond: RATE });
  const store = countingStore(await openDocumentStore({ kind: 'sqlite', dataDir }));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', DELIVERY_GLOBAL_RATE_PER_SECOND: String(RATE) });
  const reseau = await startReseau(config, { store, logger: createLogger('silent') });
  try {
    const conversations = new ConversationService(store);
    // The bench's own status checks go around the counting wrapper: only the app's work is counted.
    const observer = new OutboxService(store.inner, new ConversationService(store.inner));
    const conversationIds: string[] = [];
    for (let i = 0; i < RECIPIENTS; i += 1) {
      const conversation = teamsConversation('personal');
      const user = teamsUser();
      await conversations.recordInstallation({
        networkId: NETWORK,
        scope: 'personal',
        tenantId: TEST_TENANT_ID,
        reference: {
          serviceUrl: connector.serviceUrl,
          channelId: 'msteams',
          conversation: { id: conversation.id, tenantId: TEST_TENANT_ID },
          bot: testBotAccount(),
          user: { id: user.id, aadObjectId: user.aadObjectId },
        },
      });
      conversationIds.push(conversation.id);
    }

    /** Runs `start`, waits until `expected` calls of `kind` succeeded and the outbox is idle, and measures. */
    const phase = async (kind: 'send' | 'update', expected: number, start: () => Promise<unknown>): Promise<PhaseResult> => {
      // Per item: per copy of the message, also when a phase should make no call at all.
      const items = RECIPIENTS;
      // Teams' window is a sliding second: start each phase with the previous one out of it.
      await sleep(1_100);
      const firstCall = connector.calls.length;
      const before = store.snapshot();
      const cpuBefore = process.cpuUsage();
      const started = Date.now();
      await start();
      const ours = () => connector.calls.slice(firstCall);
      const succeeded = () => ours().filter((call) => call.kind === kind && call.status >= 200 && call.status < 300);
      while (succeeded().length < expected) await sleep(5);
      for (;;) {
        const status = await observer.status(NETWORK, MESSAGE_KEY);
        if (status.counts.queued + status.counts.sending === 0) break;
        await sleep(100);
      }
      // Outcomes written after the last call: let the dispatcher finish its writes.
      await sleep(200);
      const cpu = process.cpuUsage(cpuBefore);
      const counts: StoreCounts = diffCounts(store.snapshot(), before);
      const done = succeeded();
      // The last member has it when the connector answers its call.
      const totalMs = done.length > 0 ? Math.max(...done.map((call) => call.at)) + LATENCY_MS - started : 0;
      // Under a sliding 1 s window of RATE calls, call k (from 0) cannot start before floor(k / RATE) s.
      const minimumMs = expected > 0 ? Math.floor((expected - 1) / RATE) * 1000 + LATENCY_MS : 0;
      const perConversation = new Map<string, number>();
      for (const call of done) perConversation.set(call.conversationId ?? '', (perConversation.get(call.conversationId ?? '') ?? 0) + 1);
      const accepted = ours().filter((call: RecordedCall) => !call.throttled).map((call) => call.at).sort((a, b) => a - b);
      let spare: number | null = null;
      for (let i = 0; i + RATE < accepted.length; i += 1) spare = Math.min(spare ?? Infinity, (accepted[i + RATE] as number) - (accepted[i] as number) - 1000);
      return {
        totalMs,
        minimumMs,
        ratio: minimumMs > 0 ? round(totalMs / minimumMs, 3) : 0,
        calls: ours().length,
        throttled: ours().filter((call) => call.throttled).length,
        duplicates: [...perConversation.values()].reduce((sum, count) => sum + Math.max(0, count - 1), 0),
        appLimitSpareMs: spare,
        perItem: {
          gets: round(counts.gets / items, 2),
          queries: round(counts.queries / items, 3),
          rows: round((counts.rows - counts.byOperation.get.rows) / items, 2),
          writes: round(counts.writes / items, 2),
          cpuUs: Math.round((cpu.user + cpu.system) / items),
        },
      };
    };

    const text = 'Convocation — réunion ordinaire';
    const send = await phase('send', RECIPIENTS, () =>
      reseau.outbox.enqueue(NETWORK, MESSAGE_KEY, conversationIds.map((conversationId) => ({ kind: 'conversation' as const, conversationId })), { type: 'message', text }),
    );
    const update = await phase('update', RECIPIENTS, () => reseau.outbox.update(NETWORK, MESSAGE_KEY, { type: 'message', text: `${text} (salle B)` }));
    // A refresh whose content is what every member already has: nothing should reach Teams.
    const unchanged = await phase('update', 0, () => reseau.outbox.update(NETWORK, MESSAGE_KEY, { type: 'message', text: `${text} (salle B)` }));

    console.log(`fan-out of ${RECIPIENTS} (1:1 each), ${LATENCY_MS} ms per connector call, ${RATE} calls/s allowed; per item: store gets / queries (rows) / writes, CPU (app + fake connector)`);
    const line = (name: string, result: PhaseResult) => {
      console.log(`  ${name}`);
      if (result.minimumMs > 0) {
        console.log(`    total            ${(result.totalMs / 1000).toFixed(2)} s (until the last member had it); minimum ${(result.minimumMs / 1000).toFixed(2)} s`);
        console.log(`    ratio            ${result.ratio.toFixed(3)} (goal ≤ ${GOAL_RATIO})`);
        console.log(`    achieved rate    ${((RECIPIENTS / result.totalMs) * 1000).toFixed(1)} calls/s`);
      }
      console.log(`    connector calls  ${result.calls}, 429s ${result.throttled}, duplicates ${result.duplicates}${result.appLimitSpareMs === null ? '' : `, closest to the app limit: ${result.appLimitSpareMs} ms spare`}`);
      const p = result.perItem;
      console.log(`    per item         ${p.gets} gets / ${p.queries} queries (${p.rows} rows) / ${p.writes} writes, ${p.cpuUs} µs CPU`);
    };
    line('send', send);
    line('update in place', update);
    line('update with unchanged content', unchanged);
    console.log(
      JSON.stringify({
        bench: 'fanout',
        recipients: RECIPIENTS,
        latencyMs: LATENCY_MS,
        ratePerSecond: RATE,
        totalMs: send.totalMs,
        minimumMs: send.minimumMs,
        ratio: send.ratio,
        achievedPerSecond: round((RECIPIENTS / send.totalMs) * 1000, 1),
        throttled: send.throttled + update.throttled + unchanged.throttled,
        duplicates: send.duplicates + update.duplicates,
        appLimitSpareMs: Math.min(send.appLimitSpareMs ?? Infinity, update.appLimitSpareMs ?? Infinity),
        perItem: { send: send.perItem, update: update.perItem },
        update: { totalMs: update.totalMs, ratio: update.ratio },
        unchanged: { connectorCalls: unchanged.calls, gets: unchanged.perItem.gets, queries: unchanged.perItem.queries, writes: unchanged.perItem.writes },
      }),
    );
  } finally {
    await reseau.stop();
    await store.close();
    await connector.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
