/**
 * The network settings through the real HTTP endpoint and /api/messages: co-chairs choose the
 * ExCom channel (here a shared channel, its type kept from the installation) and the general
 * channel among the channels the bot is installed in; anyone else is refused, as is a channel
 * the bot is not (or no longer) in, with nothing stored; each change is in the audit trail; a
 * decision opened afterwards posts its ExCom card to the ExCom channel only, and with the
 * choice undone it goes to every channel again.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { apiCall } from '../support/api-client';
import { postActivity } from '../support/bot-client';
import { withMyWorkNetwork, type MyWorkNetwork } from '../support/my-work-fixture';
import { rosterEntry } from '../support/multi-tenant-teams';
import { botInstalled, teamsConversation, type TeamsConversation } from '../support/teams-activities';

const NETWORK = 'gn';
const text = (value: unknown) => JSON.stringify(value);

interface SettingsBody {
  excomChannel: { conversationId: string; name?: string; type?: string; installed: boolean } | null;
  generalChannel: { conversationId: string; name?: string; installed: boolean } | null;
  channels: { conversationId: string; name?: string; type?: string }[];
  routing: { excom: string[]; general: string[] };
  network: { language: string; timeZone: string; meetingReminderHours: number; decisionReminderHours: number[]; perNetwork: boolean };
  defaults: { language: string; timeZone: string; meetingReminderHours: number; decisionReminderHours: number[] };
}

describe('network settings: the ExCom and general channels', function () {
  this.timeout(60_000);
  let net!: MyWorkNetwork;
  let excom!: TeamsConversation;
  let privateChannel!: TeamsConversation;
  withMyWorkNetwork((started) => (net = started));

  const install = async (conversation: TeamsConversation) => {
    await postActivity(net.app.url, botInstalled({ serviceUrl: net.app.connector.serviceUrl, conversation, user: net.rc }));
  };
  const stored = () => net.app.store.get(NETWORK, 'network-settings');
  const settingsAudit = async () => ((await apiCall(net.app.url, 'GET', '/audit?subject=network-settings', net.rc)).body as { entries: unknown[] }).entries;

  before(async () => {
    const team = net.channel.team;
    excom = teamsConversation('channel', { ...(team ? { team } : {}), channel: { id: '19:excom0000000000000000000000000001@thread.tacv2', name: 'Comité exécutif', type: 'shared' } });
    privateChannel = teamsConversation('channel', { ...(team ? { team } : {}), channel: { id: '19:private000000000000000000000001@thread.tacv2', name: 'Secrétariat', type: 'private' } });
    // In a shared channel Teams names the sender's tenant only through the channel's roster.
    net.app.connector.setRoster(excom.id, [rosterEntry(net.rc)]);
    await install(excom);
    await install(privateChannel);
  });

  it('shows co-chairs the installed channels with their type, every channel receiving everything while nothing is chosen, and the network’s language, zone and reminders at the deployment’s defaults', async () => {
    const answer = await apiCall(net.app.url, 'GET', '/settings', net.rc);
    assert.equal(answer.status, 200, answer.raw);
    const body = answer.body as unknown as SettingsBody;
    assert.equal(body.excomChannel, null);
    assert.deepEqual(
      body.channels.map(({ conversationId, name, type }) => ({ conversationId, name, type })).sort((a, b) => a.conversationId.localeCompare(b.conversationId)),
      [
        { conversationId: net.channel.id, name: 'General', type: undefined },
        { conversationId: excom.id, name: 'Comité exécutif', type: 'shared' },
        { conversationId: privateChannel.id, name: 'Secrétariat', type: 'private' },
      ].sort((a, b) => a.conversationId.localeCompare(b.conversationId)),
    );
    assert.deepEqual([...body.routing.excom].sort(), [net.channel.id, excom.id, privateChannel.id].sort());
    assert.deepEqual(body.network, { language: 'fr', timeZone: 'Africa/Conakry', meetingReminderHours: 48, decisionReminderHours: [48, 24], perNetwork: true });
    assert.deepEqual(body.defaults, { language: 'fr', timeZone: 'Africa/Conakry', meetingReminderHours: 48, decisionReminderHours: [48, 24] });
  });

  it('takes a channel’s name and type only from an event about that channel: a team event naming another channel changes nothing', async () => {
    const teamEvent = botInstalled({ serviceUrl: net.app.connector.serviceUrl, conversation: net.channel, user: net.rc });
    teamEvent.channelData.channel = { id: '19:another0000000000000000000000001@thread.tacv2', name: 'Un autre canal', type: 'private' };
    await postActivity(net.app.url, teamEvent);
    const body = (await apiCall(net.app.url, 'GET', '/settings', net.rc)).body as unknown as SettingsBody;
    const general = body.channels.find((channel) => channel.conversationId === net.channel.id);
    assert.deepEqual({ name: general?.name, type: general?.type }, { name: 'General', type: undefined });
    assert.equal(body.channels.length, 3);
  });

  it('refuses anyone but a co-chair — to read or to change — and stores nothing', async () => {
    for (const user of [net.fatou, net.members.aminata, net.pending, net.stranger]) {
      assert.equal((await apiCall(net.app.url, 'GET', '/settings', user)).status, 403, user.name);
      const refused = await apiCall(net.app.url, 'PUT', '/settings', user, { excomChannelId: excom.id, generalChannelId: null }, 'en-US');
      assert.equal(refused.status, 403, user.name);
      const network = await apiCall(net.app.url, 'PUT', '/settings', user, { language: 'en', timeZone: 'Europe/Paris', meetingReminderHours: 2 }, 'en-US');
      assert.equal(network.status, 403, user.name);
    }
    const refused = await apiCall(net.app.url, 'PUT', '/settings', net.fatou, { excomChannelId: excom.id, generalChannelId: null }, 'en-US');
    assert.equal(refused.body.code, 'forbidden');
    assert.match(String(refused.body.message), /Only the co-chairs/);
    assert.equal(await stored(), undefined);
    assert.deepEqual(await settingsAudit(), []);
  });

  it('refuses a channel the bot is not in, one it was removed from, and the same channel twice, in the reader’s language, storing nothing', async () => {
    const unknown = await apiCall(net.app.url, 'PUT', '/settings', net.rc, { excomChannelId: '19:nowhere@thread.tacv2', generalChannelId: null }, 'en-US');
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.code, 'channelNotInstalled');
    assert.match(String(unknown.body.message), /not installed in that channel \(19:nowhere@thread\.tacv2\).*nothing was saved/);

    const removedChannel = teamsConversation('channel', { ...(net.channel.team ? { team: net.channel.team } : {}), channel: { id: '19:gone00000000000000000000000000001@thread.tacv2', name: 'Ancien canal' } });
    await install(removedChannel);
    const removal = botInstalled({ serviceUrl: net.app.connector.serviceUrl, conversation: removedChannel, user: net.rc });
    removal.action = 'remove';
    await postActivity(net.app.url, removal);
    const gone = await apiCall(net.app.url, 'PUT', '/settings', net.rc, { excomChannelId: removedChannel.id, generalChannelId: null });
    assert.equal(gone.status, 400);
    assert.match(String(gone.body.message), /n’est pas installé dans ce canal/);

    // A good ExCom channel with a bad general one: refused as a whole.
    const half = await apiCall(net.app.url, 'PUT', '/settings', net.rc, { excomChannelId: excom.id, generalChannelId: '19:nowhere@thread.tacv2' });
    assert.equal(half.status, 400);
    const same = await apiCall(net.app.url, 'PUT', '/settings', net.rc, { excomChannelId: excom.id, generalChannelId: excom.id }, 'en-US');
    assert.equal(same.status, 400);
    assert.equal(same.body.code, 'sameChannel');
    assert.equal((await apiCall(net.app.url, 'PUT', '/settings', net.rc, { excomChannelId: 42, generalChannelId: null })).status, 400);
    assert.equal(await stored(), undefined);
    assert.deepEqual(await settingsAudit(), []);
  });

  it('a co-chair chooses the ExCom (shared) and general channels: audited, and a decision opened afterwards reaches the ExCom channel only', async () => {
    const chosen = await apiCall(net.app.url, 'PUT', '/settings', net.rc, { excomChannelId: excom.id, generalChannelId: net.channel.id });
    assert.equal(chosen.status, 200, chosen.raw);
    const body = chosen.body as unknown as SettingsBody;
    assert.deepEqual(body.excomChannel, { conversationId: excom.id, teamId: net.channel.team?.id, name: 'Comité exécutif', type: 'shared', installed: true });
    assert.deepEqual(body.routing, { excom: [excom.id], general: [net.channel.id] });
    const [entry] = (await settingsAudit()) as { actor: string; action: string; before: unknown; after: { excomChannel: { conversationId: string } } }[];
    assert.equal(entry?.action, 'settings.channels');
    assert.equal(entry?.actor, net.rc.aadObjectId.toLowerCase());
    assert.deepEqual(entry?.before, { excomChannel: null, generalChannel: null });
    assert.equal(entry?.after.excomChannel.conversationId, excom.id);

    const opened = await apiCall(net.app.url, 'POST', '/decisions', net.rc, { title: 'Canal ExCom', text: { fr: 'Décision de test du canal.' }, mode: 'consensus', deadline: new Date(Date.now() + 5 * 86_400_000).toISOString() });
    assert.equal(opened.status, 201, opened.raw);
    const decisionId = String(opened.body.decisionId);
    await net.app.connector.waitFor((call) => call.kind === 'send' && call.conversationId === excom.id && text(call.body).includes(decisionId), 10_000);
    // Every copy of the ExCom card is queued in one enqueue: give the others time to show up, if any.
    await sleep(1_500);
    const channelsWithIt = new Set(
      net.app.connector.calls.filter((call) => (call.kind === 'send' || call.kind === 'update') && call.conversationId?.startsWith('19:') && text(call.body).includes(decisionId)).map((call) => call.conversationId),
    );
    assert.deepEqual([...channelsWithIt], [excom.id]);

    // A joint statement's clearance is ExCom's too: its card reaches the ExCom channel only.
    const rc = { aadObjectId: net.rc.aadObjectId.toLowerCase(), name: net.rc.name };
    const statement = await net.app.reseau.statements.request(NETWORK, rc, { title: 'Déclaration au canal ExCom' });
    await net.app.reseau.statements.addVersion(NETWORK, statement.statementId, rc, { fr: 'Le Réseau salue la journée.' });
    await net.app.reseau.statements.submit(NETWORK, statement.statementId, rc, { deadline: new Date(Date.now() + 4 * 86_400_000).toISOString() });
    await net.app.connector.waitFor((call) => call.kind === 'send' && call.conversationId === excom.id && text(call.body).includes('Déclaration au canal ExCom'), 10_000);
    await sleep(1_500);
    const channelsWithStatement = new Set(
      net.app.connector.calls.filter((call) => call.kind === 'send' && call.conversationId?.startsWith('19:') && text(call.body).includes('Déclaration au canal ExCom')).map((call) => call.conversationId),
    );
    assert.deepEqual([...channelsWithStatement], [excom.id]);
  });

  it('undone (no choice), a new decision reaches every channel again, and the change is audited', async () => {
    const cleared = await apiCall(net.app.url, 'PUT', '/settings', net.rc, { excomChannelId: null, generalChannelId: null });
    assert.equal(cleared.status, 200, cleared.raw);
    assert.equal((cleared.body as unknown as SettingsBody).excomChannel, null);
    assert.equal((await settingsAudit()).length, 2);
    const opened = await apiCall(net.app.url, 'POST', '/decisions', net.rc, { title: 'Tous les canaux', text: { fr: 'Sans réglage.' }, mode: 'consensus', deadline: new Date(Date.now() + 5 * 86_400_000).toISOString() });
    const decisionId = String(opened.body.decisionId);
    for (const channel of [net.channel, excom, privateChannel]) {
      await net.app.connector.waitFor((call) => call.kind === 'send' && call.conversationId === channel.id && text(call.body).includes(decisionId), 10_000);
    }
  });
});
