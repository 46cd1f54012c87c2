/**
 * npm run bench:fanout — one message to 1,000 members through the running app's outbox
 * (startReseau: OutboxService → Dispatcher → botbuilder's connector client) against the fake
 * Bot Connector enforcing Teams' limits, with 100 ms of latency per call. Prints the time until
 * the last member had the message, the achieved rate, the theoretical minimum under the
 * limits, their ratio (goal: within 10 % of the minimum), the 429s received and duplicates
 * (must be 0). The last line is one JSON object.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { ConversationService } from '../src/delivery/conversation-service';
import { createLogger } from '../src/logger';
import { startReseau } from '../src/main';
import { openDocumentStore } from '../src/store/open-store';
import { startFakeConnector } from '../tests/support/fake-connector';
import { teamsConversation, teamsUser, testBotAccount, TEST_TENANT_ID } from '../tests/support/teams-activities';

const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 1000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
const RATE = Number(process.env.BENCH_RATE ?? 50);
const NETWORK = 'gn';

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'reseau-bench-fanout-'));
  const connector = await startFakeConnector({ enforceLimits: true, latencyMs: LATENCY_MS, appRequestsPerSecond: RATE });
  const store = await openDocumentStore({ kind: 'sqlite', dataDir });
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', DELIVERY_GLOBAL_RATE_PER_SECOND: String(RATE) });
  const reseau = await startReseau(config, { store, logger: createLogger('silent') });
  try {
    const conversations = new ConversationService(store);
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

    const started = Date.now();
    const recipients = conversationIds.map((conversationId) => ({ kind: 'conversation' as const, conversationId }));
    await reseau.outbox.enqueue(NETWORK, 'bench:fanout', recipients, { type: 'message', text: 'Convocation — réunion ordinaire' });
    const enqueuedMs = Date.now() - started;
    const delivered = () => connector.calls.filter((call) => call.kind === 'send' && call.status === 201);
    while (delivered().length < RECIPIENTS) await new Promise((resolve) => setTimeout(resolve, 5));
    // The last member has the message when the connector answers its send.
    const totalMs = Math.max(...delivered().map((call) => call.at)) + LATENCY_MS - started;
    for (;;) {
      const status = await reseau.outbox.status(NETWORK, 'bench:fanout');
      if (status.counts.queued + status.counts.sending === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    const perConversation = new Map<string, number>();
    for (const call of delivered()) perConversation.set(call.conversationId ?? '', (perConversation.get(call.conversationId ?? '') ?? 0) + 1);
    const duplicates = [...perConversation.values()].reduce((sum, count) => sum + Math.max(0, count - 1), 0);
    const received429 = connector.calls.filter((call) => call.status === 429).length;
    // Under a sliding 1 s window of RATE calls, call k (from 0) cannot start before floor(k / RATE) s.
    const minimumMs = Math.floor((RECIPIENTS - 1) / RATE) * 1000 + LATENCY_MS;
    const ratio = totalMs / minimumMs;

    console.log(`fan-out of ${RECIPIENTS} (1:1 each), ${LATENCY_MS} ms per connector call, ${RATE} calls/s allowed`);
    console.log(`  enqueue            ${enqueuedMs} ms`);
    console.log(`  total              ${(totalMs / 1000).toFixed(2)} s (until the last member had it)`);
    console.log(`  achieved rate      ${((RECIPIENTS / totalMs) * 1000).toFixed(1)} messages/s`);
    console.log(`  theoretical min    ${(minimumMs / 1000).toFixed(2)} s`);
    console.log(`  ratio              ${ratio.toFixed(3)} (goal ≤ 1.10)`);
    console.log(`  429s received      ${received429}`);
    console.log(`  duplicates         ${duplicates}`);
    console.log(
      JSON.stringify({
        bench: 'fanout',
        recipients: RECIPIENTS,
        latencyMs: LATENCY_MS,
        ratePerSecond: RATE,
        enqueueMs: enqueuedMs,
        totalMs,
        minimumMs,
        ratio: Number(ratio.toFixed(3)),
        achievedPerSecond: Number(((RECIPIENTS / totalMs) * 1000).toFixed(1)),
        throttled: received429,
        duplicates,
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
