/**
 * A profiling aid for issue 13 (not a benchmark): builds the base network of bench:actions and
 * fires bursts of one action and of the bare invoke, alternately, and prints the CPU per turn of
 * each side's bursts (process.cpuUsage, the client in this process as in bench:actions).
 *   npx tsx bench/profile-burst.ts meetings.rsvp [bursts]
 * PROFILE_OUT=<file>.cpuprofile writes a CPU profile (the inspector's, started once the network is
 * built) with `burstWindows`, the bursts' [start, end] in the profile's clock (µs), so an
 * analysis can keep the bursts' samples and set apart the work handed off between them.
 * HEAP_OUT=<file>.heapprofile samples allocations instead (those collected since included).
 * PROFILE_SIDE=action|bare|both (default, alternating)|help chooses what is fired; `help` fires
 * Réseau's help verb in place of the action (its card is the bare's, but it also reads the
 * person's open items: not a pure measure of the app's path).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { adaptiveCardAction } from '../tests/support/teams-activities';
import { BARE_INVOKE_VERB, BASE, actionsOf, backgroundDone, buildNetwork, post, startBareApplication } from './support';

async function main(): Promise<void> {
  const verb = process.argv[2] ?? 'meetings.rsvp';
  const bursts = Number(process.argv[3] ?? 40);
  const side = process.env.PROFILE_SIDE ?? 'both';
  const bare = await startBareApplication();
  const network = await buildNetwork(BASE);
  network.store.options.enabled = false;
  const action = (await actionsOf(network)).find((candidate) => candidate.verb === verb);
  if (!action) throw new Error(`no action ${verb}`);
  await action.prepare?.(bursts * action.burst + 10);
  let used = 0;
  let bareUsed = 0;
  const bareInvoke = () => {
    const who = network.members[bareUsed++ % network.members.length]!;
    return adaptiveCardAction({ serviceUrl: network.connector.serviceUrl, user: who.user, conversation: who.chat, verb: BARE_INVOKE_VERB, data: { language: 'fr' } });
  };
  // The bursts' windows (µs, the profiler's clock), so samples of the background work after them can be set apart.
  const windows: [number, number][] = [];
  const fire = async (url: string, make: () => ReturnType<typeof bareInvoke>) => {
    const cpu = process.cpuUsage();
    const from = Number(process.hrtime.bigint() / 1000n);
    const started = performance.now();
    await Promise.all(Array.from({ length: action.burst }, () => post(url, make())));
    const used = process.cpuUsage(cpu);
    windows.push([from, Number(process.hrtime.bigint() / 1000n)]);
    return { ms: performance.now() - started, cpu: (used.user + used.system) / 1000 };
  };
  const totals = { action: 0, bare: 0 };
  const session = new Session();
  if (process.env.PROFILE_OUT) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
  }
  if (process.env.HEAP_OUT) {
    session.connect();
    await session.post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
  }
  for (let index = 0; index < bursts; index += 1) {
    // `help`: Réseau's own help verb (the bare application's card, rendered per turn) in place of the action — what the app's path costs around a feature.
    if (side !== 'bare') totals.action += (await fire(network.url, side === 'help' ? bareInvoke : () => action.invoke(used++))).cpu;
    await backgroundDone(network);
    if (side !== 'action') totals.bare += (await fire(bare.url, bareInvoke)).cpu;
    await backgroundDone(network);
  }
  if (process.env.PROFILE_OUT) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(process.env.PROFILE_OUT, JSON.stringify({ ...profile, burstWindows: windows }));
  }
  if (process.env.HEAP_OUT) {
    const { profile } = await session.post('HeapProfiler.stopSampling');
    writeFileSync(process.env.HEAP_OUT, JSON.stringify(profile));
  }
  console.log(`${verb}: CPU per turn in a burst of ${action.burst}: action ${(totals.action / bursts / action.burst).toFixed(3)} ms, bare ${(totals.bare / bursts / action.burst).toFixed(3)} ms`);
  await network.close();
  await bare.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
