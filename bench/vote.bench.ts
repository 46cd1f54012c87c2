/**
 * npm run bench:vote — a MEMBER POLL ANSWER (`poll.answer`), not an ExCom vote: its JSON line is
 * named `poll-answer`. The ExCom vote (`decision.position`) and the other card actions are
 * measured by `npm run bench:actions`, store operations included.
 *
 * 200 members answering one poll at the same moment through the HTTP
 * endpoint (an Action.Execute `poll.answer` invoke each: restify → TeamsAdapter → teams-ai →
 * decisions → embedded SQLite store), against the bare invoke turn of bench:turn (a bare
 * teams-ai Application on the same server stack answering an Action.Execute with a static
 * card) under the same burst of concurrent invokes, in interleaved rounds of the same run.
 * Each round every voter changes their answer; the final tally must count each voter once.
 * Prints p50/p99 invoke latency and votes/s for both and their ratios; the last line is JSON.
 */
import assert from 'node:assert/strict';
import type { PollAnswerDocument } from '../src/decisions/model';
import { DOCUMENT_TYPES, memberDocumentId, type MemberDocument } from '../src/network/model';
import { postActivity } from '../tests/support/bot-client';
import { startFakeConnector } from '../tests/support/fake-connector';
import { TEST_TENANT_ID, adaptiveCardAction, teamsConversation, teamsUser, type TeamsUser } from '../tests/support/teams-activities';
import { BARE_INVOKE_VERB, elapsedMs, median, percentile, round, startBareApplication, startBenchReseau } from './support';

const VOTERS = Number(process.env.BENCH_VOTERS ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const NETWORK = 'gn';
const OPTIONS = ['Conakry', 'Kankan', 'Labé'];

interface Burst {
  readonly latencies: number[];
  readonly perSecond: number;
}

/** Every activity posted at once; each one's latency, and how many were answered per second. */
async function burst(url: string, activities: readonly object[], check: (status: number, body: unknown) => void): Promise<Burst> {
  const started = process.hrtime.bigint();
  const latencies = await Promise.all(
    activities.map(async (activity) => {
      const sent = process.hrtime.bigint();
      const response = await postActivity(url, activity, { timeoutMs: 60_000 });
      const ms = elapsedMs(sent);
      check(response.status, response.body);
      return ms;
    }),
  );
  return { latencies, perSecond: activities.length / (elapsedMs(started) / 1000) };
}

const isCard = (status: number, body: unknown) => {
  const type = (body as { type?: string } | undefined)?.type;
  if (status !== 200 || type !== 'application/vnd.microsoft.card.adaptive') throw new Error(`invoke answered ${status}: ${JSON.stringify(body).slice(0, 300)}`);
};

async function main(): Promise<void> {
  const connector = await startFakeConnector();
  const { reseau, close } = await startBenchReseau();
  const bare = await startBareApplication();
  try {
    // The network: one poll author and VOTERS confirmed members spread over the agencies.
    const agencies = (await reseau.membership.agencies(NETWORK)).map((agency) => agency.code);
    const at = new Date().toISOString();
    const member = (user: TeamsUser, agencyCode: string, agencyRole: MemberDocument['agencyRole']): MemberDocument => ({
      id: memberDocumentId(user.aadObjectId),
      networkId: NETWORK,
      type: DOCUMENT_TYPES.member,
      aadObjectId: user.aadObjectId.toLowerCase(),
      tenantId: TEST_TENANT_ID,
      name: user.name,
      agencyCode,
      agencyRole,
      status: 'confirmed',
      language: 'fr',
      joinedAt: at,
      updatedAt: at,
    });
    const author = teamsUser({ name: 'Secrétariat RCO' });
    await reseau.store.create(member(author, 'RCO', 'focalPoint'));
    const voters = Array.from({ length: VOTERS }, (_, index) => teamsUser({ name: `Membre ${index}` }));
    for (const [index, voter] of voters.entries()) await reseau.store.create(member(voter, agencies[index % agencies.length]!, 'member'));

    const poll = await reseau.decisions.createPoll(NETWORK, { aadObjectId: author.aadObjectId.toLowerCase(), name: author.name }, {
      question: 'Lieu de l’atelier national ?',
      kind: 'single',
      options: OPTIONS,
      anonymous: false,
      deadline: new Date(Date.now() + 3 * 24 * 3600_000).toISOString(),
    });
    // The 1:1 poll cards go out before the measurement, so their delivery is not measured.
    for (;;) {
      const status = await reseau.outbox.status(NETWORK, `poll:${poll.pollId}:personal`);
      if (status.total >= VOTERS && status.counts.queued + status.counts.sending === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const conversations = new Map(voters.map((voter) => [voter.aadObjectId, teamsConversation('personal')] as const));
    const ids = { networkId: NETWORK, pollId: poll.pollId };
    const invoke = (voter: TeamsUser, verb: string, data: Record<string, unknown>) =>
      adaptiveCardAction({ serviceUrl: connector.serviceUrl, user: voter, conversation: conversations.get(voter.aadObjectId)!, verb, data });
    const bareInvokes = () => voters.map((voter) => invoke(voter, BARE_INVOKE_VERB, { language: 'fr' }));

    // Warm-up: each voter looks at the poll once (no answer), the baseline as many times.
    await burst(reseau.url, voters.map((voter) => invoke(voter, 'poll.view', ids)), isCard);
    await burst(bare.url, bareInvokes(), isCard);

    const ours: Burst[] = [];
    const base: Burst[] = [];
    for (let r = 0; r < ROUNDS; r += 1) {
      // Every voter answers (from round 2, changes their answer) at the same moment.
      ours.push(await burst(reseau.url, voters.map((voter, index) => invoke(voter, 'poll.answer', { ...ids, choices: `o${((index + r) % OPTIONS.length) + 1}` })), isCard));
      base.push(await burst(bare.url, bareInvokes(), isCard));
    }

    // The tally: every voter once, on the answer of the last round.
    const { results } = await reseau.decisions.pollResults(NETWORK, poll.pollId, author.aadObjectId.toLowerCase());
    const expected = OPTIONS.map((_, option) => voters.filter((_, index) => (index + ROUNDS - 1) % OPTIONS.length === option).length);
    const answers = await reseau.store.query<PollAnswerDocument>(NETWORK, { type: 'pollAnswer', where: [{ path: 'pollId', op: '=', value: poll.pollId }] });
    console.log(`final tally: ${results.respondents} respondents — ${results.options.map((option) => `${option.option.label} ${option.count}`).join(', ')}`);
    assert.equal(results.respondents, VOTERS, `the final tally counts every voter once (${results.respondents} ≠ ${VOTERS})`);
    assert.deepEqual(results.options.map((option) => option.count), expected, 'each voter counted on their latest answer');
    assert.equal(answers.length, VOTERS, 'one answer document per voter');
    assert.ok(answers.every((answer) => answer.document.revision === ROUNDS), `every answer of every round recorded (revision ${ROUNDS})`);

    const row = (bursts: Burst[]) => {
      const latencies = bursts.flatMap((entry) => entry.latencies);
      return { p50: median(latencies), p99: percentile(latencies, 99), perSecond: median(bursts.map((entry) => entry.perSecond)) };
    };
    const vote = row(ours);
    const baseline = row(base);
    console.log(`${VOTERS} concurrent invokes × ${ROUNDS} rounds, embedded store`);
    console.log(`poll answer Réseau   p50 ${vote.p50.toFixed(1)} ms  p99 ${vote.p99.toFixed(1)} ms  ${vote.perSecond.toFixed(0)} votes/s`);
    console.log(`            baseline p50 ${baseline.p50.toFixed(1)} ms  p99 ${baseline.p99.toFixed(1)} ms  ${baseline.perSecond.toFixed(0)} invokes/s (bare teams-ai, static card)`);
    console.log(`            ratio    p50 ×${(vote.p50 / baseline.p50).toFixed(2)}  p99 ×${(vote.p99 / baseline.p99).toFixed(2)}  throughput ×${(vote.perSecond / baseline.perSecond).toFixed(2)}`);
    console.log(
      JSON.stringify({
        bench: 'poll-answer',
        voters: VOTERS,
        rounds: ROUNDS,
        p50_ms: round(vote.p50),
        p99_ms: round(vote.p99),
        votes_per_s: round(vote.perSecond, 0),
        baseline_p50_ms: round(baseline.p50),
        baseline_p99_ms: round(baseline.p99),
        baseline_invokes_per_s: round(baseline.perSecond, 0),
        ratio_p50: round(vote.p50 / baseline.p50),
        ratio_p99: round(vote.p99 / baseline.p99),
        ratio_throughput: round(vote.perSecond / baseline.perSecond),
        final_tally: results.respondents,
      }),
    );
  } finally {
    await bare.close();
    await close();
    await connector.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
