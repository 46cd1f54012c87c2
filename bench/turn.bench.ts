/**
 * npm run bench:turn — latency and throughput of a message turn and of an adaptiveCard/action
 * invoke turn through the whole HTTP stack (restify → TeamsAdapter → teams-ai → features →
 * store → connector), against a bare teams-ai Application on the same server stack, the same
 * fake connector and the same machine, measured in interleaved rounds so machine noise hits
 * both alike. Prints both and their ratio; the last line is one JSON object.
 */
import { postActivity } from '../tests/support/bot-client';
import { startFakeConnector } from '../tests/support/fake-connector';
import { adaptiveCardAction, message, teamsConversation } from '../tests/support/teams-activities';
import { BARE_INVOKE_VERB, BARE_MESSAGE_TEXT, median, percentile, round, startBareApplication, startBenchReseau } from './support';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const REQUESTS_PER_ROUND = Number(process.env.BENCH_REQUESTS ?? 100);
const CONCURRENCY = 8;
const WARMUP = 50;

type Kind = 'message' | 'invoke';

function activityFor(kind: Kind, serviceUrl: string, conversation: ReturnType<typeof teamsConversation>) {
  return kind === 'message'
    ? message({ serviceUrl, conversation, text: BARE_MESSAGE_TEXT })
    : adaptiveCardAction({ serviceUrl, conversation, verb: BARE_INVOKE_VERB, data: { language: 'fr' } });
}

/** Sequential requests: per-turn latency without queueing. */
async function latencies(url: string, kind: Kind, serviceUrl: string, count: number): Promise<number[]> {
  const conversation = teamsConversation('personal');
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const activity = activityFor(kind, serviceUrl, conversation);
    const started = process.hrtime.bigint();
    const response = await postActivity(url, activity);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (response.status !== 200) throw new Error(`${kind} turn answered ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return samples;
}

/** `count` turns with CONCURRENCY in flight, spread over conversations as in real use. */
async function throughput(url: string, kind: Kind, serviceUrl: string, count: number): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      const conversation = teamsConversation('personal');
      while (next < count) {
        next += 1;
        const response = await postActivity(url, activityFor(kind, serviceUrl, conversation));
        if (response.status !== 200) throw new Error(`${kind} turn answered ${response.status}`);
      }
    }),
  );
  return count / (Number(process.hrtime.bigint() - started) / 1e9);
}

async function main(): Promise<void> {
  const connector = await startFakeConnector();
  const { reseau, close } = await startBenchReseau();
  const bare = await startBareApplication();
  const targets = { reseau: reseau.url, baseline: bare.url } as const;

  const results: Record<string, { latency: number[]; rps: number[] }> = {};
  try {
    for (const kind of ['message', 'invoke'] as const) {
      for (const [name, url] of Object.entries(targets)) {
        await latencies(url, kind, connector.serviceUrl, WARMUP);
        results[`${name}.${kind}`] = { latency: [], rps: [] };
      }
      for (let roundIndex = 0; roundIndex < ROUNDS; roundIndex++) {
        for (const [name, url] of Object.entries(targets)) {
          const result = results[`${name}.${kind}`]!;
          result.latency.push(...(await latencies(url, kind, connector.serviceUrl, REQUESTS_PER_ROUND)));
          result.rps.push(await throughput(url, kind, connector.serviceUrl, REQUESTS_PER_ROUND));
          connector.reset();
        }
      }
    }
  } finally {
    await bare.close();
    await close();
    await connector.close();
  }

  const summary: Record<string, number | string> = { bench: 'turn' };
  for (const kind of ['message', 'invoke'] as const) {
    const ours = results[`reseau.${kind}`]!;
    const base = results[`baseline.${kind}`]!;
    const row = {
      p50: median(ours.latency),
      p99: percentile(ours.latency, 99),
      rps: median(ours.rps),
      baseP50: median(base.latency),
      baseP99: percentile(base.latency, 99),
      baseRps: median(base.rps),
    };
    console.log(
      `${kind.padEnd(7)} Réseau   p50 ${row.p50.toFixed(2)} ms  p99 ${row.p99.toFixed(2)} ms  ${row.rps.toFixed(0)} turns/s` +
        `\n${' '.repeat(8)}baseline p50 ${row.baseP50.toFixed(2)} ms  p99 ${row.baseP99.toFixed(2)} ms  ${row.baseRps.toFixed(0)} turns/s` +
        `\n${' '.repeat(8)}ratio    p50 ×${(row.p50 / row.baseP50).toFixed(2)}  throughput ×${(row.rps / row.baseRps).toFixed(2)}`,
    );
    const prefix = kind === 'message' ? '' : 'invoke_';
    Object.assign(summary, {
      [`${prefix}p50_ms`]: round(row.p50),
      [`${prefix}p99_ms`]: round(row.p99),
      [`${prefix}throughput_rps`]: round(row.rps, 0),
      [`${prefix}baseline_p50_ms`]: round(row.baseP50),
      [`${prefix}baseline_p99_ms`]: round(row.baseP99),
      [`${prefix}baseline_throughput_rps`]: round(row.baseRps, 0),
      [`${prefix}ratio_p50`]: round(row.p50 / row.baseP50),
    });
  }
  summary.samples_per_kind = ROUNDS * REQUESTS_PER_ROUND;
  console.log(JSON.stringify(summary));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
