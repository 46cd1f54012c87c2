/**
 * What finding the network costs a turn, measured (issue 17): the same poll answers, in a
 * deployment of one network and in one of three, counted in the store. A channel or group chat
 * turn reads its registration once per instance and then nothing more; a 1:1 turn reads the
 * person's member document in every network (the chosen network's is the one the feature reads
 * anyway, kept for the turn), so it costs N − 1 reads more with N networks — and nothing else.
 */
import assert from 'node:assert/strict';
import { apiCall } from '../support/api-client';
import { countingStore, describeCounts, withoutCachedRoleReads, type CountingDocumentStore } from '../support/counting-store';
import { startReseauUnderTest, type ReseauUnderTest } from '../support/reseau-under-test';
import { adaptiveCardAction, botInstalled, message, teamsConversation, teamsUser } from '../support/teams-activities';

const START = new Date('2026-03-02T09:00:00Z');

interface Measured {
  readonly channel: { readonly gets: number; readonly queries: number; readonly writes: number; readonly text: string };
  readonly personal: { readonly gets: number; readonly queries: number; readonly writes: number; readonly text: string };
}

async function measure(env: (rc: string, team: string) => NodeJS.ProcessEnv): Promise<Measured> {
  const rc = teamsUser({ name: 'Coordonnatrice' });
  const chat = teamsConversation('personal', { tenantId: rc.tenantId });
  const channel = teamsConversation('channel');
  let counting: CountingDocumentStore | undefined;
  const app: ReseauUnderTest = await startReseauUnderTest({
    clockStart: START,
    env: env(rc.aadObjectId, channel.team?.id ?? ''),
    // Only the turn's own work: not the dispatcher, the tallies or the refreshes after it.
    wrapStore: (store) => (counting = countingStore(store, { exclude: /Dispatcher\.|DeliveryTally\.|SendingLease\.|CardRefresher\.|syncSummary/ })),
  });
  try {
    await app.post(message({ serviceUrl: app.connector.serviceUrl, user: rc, conversation: chat, tenantId: rc.tenantId, text: 'bonjour' }));
    await app.post(botInstalled({ serviceUrl: app.connector.serviceUrl, conversation: channel, user: rc }));
    const polls: string[] = [];
    for (const question of ['Warm-up ?', 'Canal ?', 'Privé ?']) {
      const created = await apiCall(app.url, 'POST', '/polls', rc, { question, kind: 'single', options: ['A', 'B'], deadline: '2026-03-09T10:00:00Z' });
      assert.equal(created.status, 201, created.raw);
      polls.push(String(created.body.pollId));
    }
    await app.cardsIdle();
    const answer = (pollId: string, conversation: typeof chat) =>
      app.post(adaptiveCardAction({ serviceUrl: app.connector.serviceUrl, user: rc, conversation, tenantId: rc.tenantId, verb: 'poll.answer', data: { networkId: 'gn', pollId, choices: 'o1' } }));
    const store = counting;
    assert.ok(store);
    await answer(polls[0] ?? '', channel); // the registration read (several networks) and caches warm up here
    const inChannel = await store.during(() => answer(polls[1] ?? '', channel));
    const inChat = await store.during(() => answer(polls[2] ?? '', chat));
    const summary = (counts: typeof inChannel.counts) => ({ gets: withoutCachedRoleReads(counts).gets, queries: counts.queries, writes: counts.writes, text: describeCounts(counts) });
    return { channel: summary(inChannel.counts), personal: summary(inChat.counts) };
  } finally {
    await app.stop();
  }
}

describe('what finding the network costs a turn (store operations, measured)', function () {
  this.timeout(120_000);
  let one: Measured;
  let three: Measured;

  before(async () => {
    one = await measure((rc) => ({ NETWORK_ID: 'gn', NETWORK_ADMINS: `${rc}=cochair` }));
    three = await measure((rc, team) => ({ NETWORK_IDS: 'gn,sn,ml', NETWORK_ADMINS_GN: `${rc}=cochair`, NETWORK_INSTALLATIONS: `gn=${team}` }));
    process.stdout.write(`      one network:    channel ${one.channel.text}; 1:1 ${one.personal.text}\n      three networks: channel ${three.channel.text}; 1:1 ${three.personal.text}\n`);
  });

  it('a card action in a registered channel costs exactly what it costs in a one-network deployment', () => {
    assert.deepEqual([three.channel.gets, three.channel.queries, three.channel.writes], [one.channel.gets, one.channel.queries, one.channel.writes], `${three.channel.text} vs ${one.channel.text}`);
  });

  it('a card action in a 1:1 costs N − 1 member reads more with N networks (2 with three), nothing else', () => {
    assert.equal(three.personal.gets, one.personal.gets + 2, `${three.personal.text} vs ${one.personal.text}`);
    assert.deepEqual([three.personal.queries, three.personal.writes], [one.personal.queries, one.personal.writes]);
  });
});
