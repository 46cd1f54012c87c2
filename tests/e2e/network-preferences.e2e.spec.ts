/**
 * The network's language, time zone and reminder offsets (issue 16), set by a co-chair through
 * the real HTTP endpoint: a partial change stores only what it names and is audited once, before
 * → after; an unknown zone or out-of-range hours are refused in the reader's language with
 * nothing stored; a member is refused. Then what people notice: a meeting convened afterwards is
 * reminded at the network's hours and, naming no zone, is in the network's; an ExCom decision
 * opened without reminders gets the network's; the channels' copies of convocations, decisions
 * and updates are in the network's language; a reader whose Teams names neither French nor
 * English is answered in it. Then, in a network on Tokyo's clocks (UTC+9, so every difference
 * shows): a decision's card after a position is cast and a statement's after a clearance (the
 * clicker's own, answered in the invoke), the weekly digest's period, and the channel's decision
 * card all in the network's zone, not Guinea's.
 */
import assert from 'node:assert/strict';
import { apiCall } from '../support/api-client';
import { postActivity } from '../support/bot-client';
import { cardIn, cardTap, chatMessage } from '../support/card-actions';
import type { WireActivity } from '../support/fake-connector';
import { confirmedMember } from '../support/network-members';
import { startReseauWithClock, type ReseauWithClock } from '../support/reseau-with-clock';
import { botInstalled, message, teamsConversation, teamsUser, type TeamsUser } from '../support/teams-activities';
import { NETWORK, startNetwork, type NetworkUnderTest } from '../browser/network-fixture';
import type { NetworkSettingsDocument } from '../../src/settings/model';
import { formatInstant } from '../../src/cards/card-text';

interface NetworkBody {
  network: { language: string; timeZone: string; meetingReminderHours: number; decisionReminderHours: number[]; perNetwork: boolean };
  excomChannel: unknown;
  generalChannel: unknown;
}

describe('network settings: language, time zone and reminders', function () {
  this.timeout(60_000);
  let net!: NetworkUnderTest;
  before(async () => {
    net = await startNetwork();
  });
  after(async () => {
    await net?.app.stop();
  });

  const stored = async () => (await net.app.store.get<NetworkSettingsDocument>(NETWORK, 'network-settings'))?.document;
  const audit = async () => ((await apiCall(net.app.url, 'GET', '/audit?subject=network-settings', net.rc)).body as { entries: { action: string; before: unknown; after: unknown }[] }).entries;

  it('refuses a member, an unknown zone and out-of-range reminders, in the reader’s language, storing nothing', async () => {
    const member = await apiCall(net.app.url, 'PUT', '/settings', net.members.aminata, { language: 'en' });
    assert.equal(member.status, 403);
    const zone = await apiCall(net.app.url, 'PUT', '/settings', net.rc, { language: 'en', timeZone: 'Africa/Atlantis' }, 'en-US');
    assert.equal(zone.status, 400);
    assert.equal(zone.body.code, 'unknownTimeZone');
    assert.match(String(zone.body.message), /Unknown time zone \(Africa\/Atlantis\).*for example Africa\/Conakry; nothing was saved/);
    const zoneFr = await apiCall(net.app.url, 'PUT', '/settings', net.rc, { timeZone: 'GMT+25' });
    assert.match(String(zoneFr.body.message), /Fuseau horaire inconnu \(GMT\+25\).*Africa\/Conakry/);
    const meeting = await apiCall(net.app.url, 'PUT', '/settings', net.rc, { meetingReminderHours: 400 }, 'en-US');
    assert.equal(meeting.body.code, 'invalidMeetingReminder');
    assert.match(String(meeting.body.message), /from 1 to 336/);
    const decision = await apiCall(net.app.url, 'PUT', '/settings', net.rc, { decisionReminderHours: [24, 24] });
    assert.equal(decision.body.code, 'invalidDecisionReminders');
    assert.equal((await apiCall(net.app.url, 'PUT', '/settings', net.rc, { language: 'de' })).status, 400);
    assert.equal(await stored(), undefined);
    assert.deepEqual(await audit(), []);
  });

  it('a co-chair sets them, partly: only what the change names is stored, the channels untouched, one audit entry before → after', async () => {
    const first = await apiCall(net.app.url, 'PUT', '/settings', net.rc, { language: 'en', timeZone: 'africa/abidjan' });
    assert.equal(first.status, 200, first.raw);
    const body = first.body as unknown as NetworkBody;
    assert.deepEqual(body.network, { language: 'en', timeZone: 'Africa/Abidjan', meetingReminderHours: 48, decisionReminderHours: [48, 24], perNetwork: true });
    assert.equal(body.excomChannel, null);
    const second = await apiCall(net.app.url, 'PUT', '/settings', net.rc, { meetingReminderHours: 6, decisionReminderHours: [12, 72] });
    assert.deepEqual((second.body as unknown as NetworkBody).network, { language: 'en', timeZone: 'Africa/Abidjan', meetingReminderHours: 6, decisionReminderHours: [72, 12], perNetwork: true });
    const read = (await apiCall(net.app.url, 'GET', '/settings', net.rc)).body as unknown as NetworkBody;
    assert.equal(read.network.meetingReminderHours, 6);
    const entries = await audit();
    assert.equal(entries.length, 2);
    const byAfter = entries.map(({ action, before, after }) => ({ action, before, after }));
    assert.deepEqual(
      byAfter.find((entry) => JSON.stringify(entry.after).includes('Abidjan')),
      { action: 'settings.network', before: { language: null, timeZone: null }, after: { language: 'en', timeZone: 'Africa/Abidjan' } },
    );
    // Every reader's forms read times in the network's zone: any member gets it (nothing else).
    const basics = await apiCall(net.app.url, 'GET', '/settings/network', net.members.jane);
    assert.equal(basics.status, 200, basics.raw);
    assert.deepEqual(basics.body, { language: 'en', timeZone: 'Africa/Abidjan' });
    // The same values again: nothing stored, nothing audited.
    await apiCall(net.app.url, 'PUT', '/settings', net.rc, { meetingReminderHours: 6 });
    assert.equal((await audit()).length, 2);
  });

  describe('applied', () => {
    const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    const channelPosts = (needle: string) => net.app.connector.calls.filter((call) => call.kind === 'send' && call.conversationId === net.channel.id && JSON.stringify(call.body).includes(needle));

    it('a meeting convened after the change is reminded at the network’s hours, in its zone, its channel copy in its language', async () => {
      const convened = await apiCall(net.app.url, 'POST', '/meetings', net.rc, {
        kind: 'regular',
        title: 'Network language meeting',
        start: inDays(9),
        end: new Date(Date.parse(inDays(9)) + 3_600_000).toISOString(),
        location: { kind: 'iomOffice' },
        agenda: [{ title: 'Work plan' }],
        invitees: { kind: 'all' },
        externalGuests: [],
      });
      assert.equal(convened.status, 201, convened.raw);
      const meetingId = String(convened.body.meetingId);
      const stored = await net.app.store.get<{ reminderOffsetHours: number; timeZone: string } & NetworkSettingsDocument>(NETWORK, `meeting:${meetingId}`);
      assert.equal(stored?.document.reminderOffsetHours, 6);
      assert.equal(stored?.document.timeZone, 'Africa/Abidjan');
      await net.app.connector.waitFor((call) => call.kind === 'send' && call.conversationId === net.channel.id && JSON.stringify(call.body).includes('Network language meeting'), 10_000);
      const [post] = channelPosts('Network language meeting');
      assert.match(JSON.stringify(post?.body), /Agenda/);
      assert.doesNotMatch(JSON.stringify(post?.body), /Ordre du jour/);
    });

    it('an ExCom decision opened without reminders gets the network’s; its channel card is in English with French a click away, its deadline in the network’s zone', async () => {
      assert.equal((await apiCall(net.app.url, 'PUT', '/settings', net.rc, { timeZone: 'Africa/Lagos' })).status, 200);
      const deadline = inDays(10);
      const opened = await apiCall(net.app.url, 'POST', '/decisions', net.rc, { title: 'Network reminders decision', text: { en: 'Proposal.' }, mode: 'consensus', deadline });
      assert.equal(opened.status, 201, opened.raw);
      const decisionId = String(opened.body.decisionId);
      const stored = await net.app.store.get<{ reminderOffsetsMinutes: number[] } & NetworkSettingsDocument>(NETWORK, `decision:${decisionId}`);
      assert.deepEqual(stored?.document.reminderOffsetsMinutes, [72 * 60, 12 * 60]);
      // Reminders named explicitly still win.
      const own = await apiCall(net.app.url, 'POST', '/decisions', net.rc, { title: 'Own reminders', text: { en: 'Proposal.' }, mode: 'consensus', deadline: inDays(10), reminderOffsetsMinutes: [120] });
      assert.deepEqual((await net.app.store.get<{ reminderOffsetsMinutes: number[] } & NetworkSettingsDocument>(NETWORK, `decision:${String(own.body.decisionId)}`))?.document.reminderOffsetsMinutes, [120]);
      await net.app.connector.waitFor((call) => call.kind === 'send' && call.conversationId === net.channel.id && JSON.stringify(call.body).includes(decisionId), 10_000);
      const card = JSON.stringify(channelPosts(decisionId)[0]?.body);
      assert.match(card, /Lire en français/);
      // The deadline in the network's zone (UTC+1), not Guinea's.
      assert.ok(card.includes(formatInstant(deadline, 'en', 'Africa/Lagos')), card);
      assert.ok(!card.includes(formatInstant(deadline, 'en', 'Africa/Conakry')));
      assert.doesNotMatch(card, /Read in English/);
    });

    it('a poll created without a zone keeps the network’s and shows its deadline in it', async () => {
      const deadline = inDays(6);
      const created = await apiCall(net.app.url, 'POST', '/polls', net.rc, { question: 'Network zone poll', kind: 'single', options: ['Yes', 'No'], deadline });
      assert.equal(created.status, 201, created.raw);
      const pollId = String(created.body.pollId);
      assert.equal((await net.app.store.get<{ timeZone?: string } & NetworkSettingsDocument>(NETWORK, `poll:${pollId}`))?.document.timeZone, 'Africa/Lagos');
      await net.app.connector.waitFor((call) => call.kind === 'send' && JSON.stringify(call.body).includes('Network zone poll'), 10_000);
      const card = JSON.stringify(net.app.connector.calls.find((call) => call.kind === 'send' && JSON.stringify(call.body).includes('Network zone poll'))?.body);
      const shown = (zone: string) => formatInstant(deadline, 'en', zone);
      assert.ok(card.includes(shown('Africa/Lagos')) || card.includes(formatInstant(deadline, 'fr', 'Africa/Lagos')), card);
    });

    it('a statement’s clearance card in the channel is in the network’s language, its deadline in the network’s zone', async () => {
      const rc = { aadObjectId: net.rc.aadObjectId.toLowerCase(), name: net.rc.name };
      const deadline = inDays(4);
      const statement = await net.app.reseau.statements.request(NETWORK, rc, { title: 'Network zone statement' });
      await net.app.reseau.statements.addVersion(NETWORK, statement.statementId, rc, { fr: 'Le Réseau salue la journée.' });
      await net.app.reseau.statements.submit(NETWORK, statement.statementId, rc, { deadline });
      await net.app.connector.waitFor((call) => call.kind === 'send' && call.conversationId === net.channel.id && JSON.stringify(call.body).includes('Network zone statement'), 10_000);
      const card = JSON.stringify(channelPosts('Network zone statement')[0]?.body);
      assert.ok(card.includes(formatInstant(deadline, 'en', 'Africa/Lagos')), card);
      assert.ok(!card.includes(formatInstant(deadline, 'en', 'Africa/Conakry')));
    });

    it('an update shared afterwards is posted in English; a reader whose Teams is in German is answered in English', async () => {
      const shared = await apiCall(net.app.url, 'POST', '/updates', net.rc, { title: 'Network language update', kind: 'news', agencyCode: 'RCO', objectives: [1] });
      assert.ok(shared.status < 300, shared.raw);
      await net.app.connector.waitFor((call) => call.kind === 'send' && call.conversationId === net.channel.id && JSON.stringify(call.body).includes('Network language update'), 10_000);
      const post = JSON.stringify(channelPosts('Network language update')[0]?.body);
      assert.match(post, /Global Compact objectives/);
      assert.match(post, /Shared by/);

      const chat = teamsConversation('personal');
      await postActivity(net.app.url, message({ serviceUrl: net.app.connector.serviceUrl, user: net.members.aminata, conversation: chat, text: 'help', locale: 'de-DE' }));
      const answer = JSON.stringify(net.app.connector.activities({ conversationId: chat.id }).at(-1));
      assert.match(answer, /Help — Réseau/);
    });
  });

  describe('in a network on Tokyo’s clocks', () => {
    const ZONE = 'Asia/Tokyo';
    let app: ReseauWithClock;
    let clock: { now: Date };
    let rc: TeamsUser;
    const channel = teamsConversation('channel');
    let unhcr: TeamsUser;
    const text = (value: unknown) => JSON.stringify(value);
    const later = (hours: number) => new Date(clock.now.getTime() + hours * 3_600_000).toISOString();
    /** The instant as the card shows it on Tokyo's clocks, and that Guinea's would have shown another text. */
    const inTokyo = (card: string, iso: string, language: 'fr' | 'en' = 'fr') => {
      assert.notEqual(formatInstant(iso, language, ZONE), formatInstant(iso, language, 'Africa/Conakry'));
      assert.ok(card.includes(formatInstant(iso, language, ZONE)), `${formatInstant(iso, language, ZONE)} in ${card.slice(0, 3000)}`);
      assert.ok(!card.includes(formatInstant(iso, language, 'Africa/Conakry')), 'not on Guinea’s clocks');
    };

    /** The channel's post matching `needle`, letting the app's clock run (the outbox paces its sends on it). */
    const channelPost = async (needle: RegExp) => {
      for (let waited = 0; waited < 10_000; waited += 50) {
        const call = app.connector.calls.find((candidate) => candidate.kind === 'send' && candidate.conversationId === channel.id && needle.test(text(candidate.body)));
        if (call) return text((call.body as WireActivity).attachments?.[0]?.content);
        clock.now = new Date(clock.now.getTime() + 2_000);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.fail(`no channel post matching ${needle}`);
    };

    before(async () => {
      rc = teamsUser({ name: 'Coordonnatrice Résidente' });
      // Digests every Monday at 20:00 UTC: Tuesday 05:00 in Tokyo, so the period's days differ from Guinea's.
      app = await startReseauWithClock(new Date('2026-03-02T21:00:00Z'), { NETWORK_ADMINS: `${rc.aadObjectId}=cochair`, DIGEST_SCHEDULE: 'weekly:mon@20:00', LOG_LEVEL: 'warn' });
      clock = app.clock;
      await chatMessage(app, rc, 'bonjour');
      await postActivity(app.url, botInstalled({ serviceUrl: app.connector.serviceUrl, user: rc, conversation: channel }));
      unhcr = await confirmedMember(app.reseau, rc, { name: 'Point focal HCR', agency: 'UNHCR', role: 'focalPoint' });
      const set = await apiCall(app.url, 'PUT', '/settings', rc, { timeZone: ZONE });
      assert.equal(set.status, 200, set.raw);
    });
    after(async () => {
      await app?.stop();
    });

    it('a decision keeps the zone it was opened in; the focal point’s card after casting a position and the channel’s card show its deadline on Tokyo’s clocks; the extend card is read on them', async () => {
      const deadline = later(24 * 9 + 7);
      const opened = await apiCall(app.url, 'POST', '/decisions', rc, { title: 'Décision à Tokyo', text: { fr: 'Proposition.' }, mode: 'consensus', deadline });
      assert.equal(opened.status, 201, opened.raw);
      const decisionId = String(opened.body.decisionId);
      assert.equal((await app.store.get<{ timeZone?: string } & NetworkSettingsDocument>(NETWORK, `decision:${decisionId}`))?.document.timeZone, ZONE);
      const answered = cardIn(await cardTap(app, unhcr, 'decision.position', { networkId: NETWORK, decisionId, agencyCode: 'UNHCR', position: 'agree' }));
      assert.match(text(answered), /Décision à Tokyo/);
      inTokyo(text(answered), deadline);
      inTokyo(await channelPost(/Décision à Tokyo/), deadline);

      // The co-chair's extend card: its date and time pickers are read on the decision's clocks.
      const extended = await cardTap(app, rc, 'decision.extend', { networkId: NETWORK, decisionId, deadlineDate: '2026-03-20', deadlineTime: '09:30' });
      assert.equal(extended.status, 200);
      const stored = (await app.store.get<{ deadline: string } & NetworkSettingsDocument>(NETWORK, `decision:${decisionId}`))?.document;
      assert.equal(stored?.deadline, '2026-03-20T00:30:00.000Z');
      // And it says the new deadline as typed, on those clocks.
      assert.match(String((extended.body as { value?: unknown }).value), /20 mars 2026.*09:30/);
    });

    it('where people type times, the texts name the network’s place: the poll help, a refused slot, the new-decision form and a decision’s extend field', async () => {
      const chat = teamsConversation('personal');
      const lastReply = () => app.connector.activities({ conversationId: chat.id }).at(-1);
      await chatMessage(app, rc, 'sondage', { conversation: chat });
      assert.match(String(lastReply()?.text), /Créneaux datés \(heure de Tokyo\)/);
      await chatMessage(app, rc, 'poll', { conversation: chat, locale: 'en-US' });
      assert.match(String(lastReply()?.text), /Dated slots \(Tokyo time\)/);
      await chatMessage(app, rc, 'sondage créneaux Réunion\u202f? | 01/03 10:00-12:00 | 02/03 10:00-12:00', { conversation: chat });
      assert.match(String(lastReply()?.text), /^Créneau refusé.*\(heure de Tokyo, par ex\./);
      await chatMessage(app, rc, 'nouvelle décision', { conversation: chat });
      assert.match(text(lastReply()?.attachments?.[0]?.content), /Heures de Tokyo\./);
      const opened = await apiCall(app.url, 'POST', '/decisions', rc, { title: 'Échéance à prolonger', text: { fr: 'Proposition.' }, mode: 'consensus', deadline: later(24 * 5) });
      const view = cardIn(await cardTap(app, rc, 'decision.view', { networkId: NETWORK, decisionId: String(opened.body.decisionId) }));
      assert.match(text(view), /Nouvelle échéance \(heure de Tokyo\)/);
      assert.doesNotMatch(text(view), /Conakry/);
    });

    it('a statement keeps the zone it was requested in; the clearer’s card after a clearance shows its deadline on Tokyo’s clocks', async () => {
      const actor = { aadObjectId: rc.aadObjectId.toLowerCase(), name: rc.name };
      const deadline = later(24 * 3 + 5);
      const statement = await app.reseau.statements.request(NETWORK, actor, { title: 'Déclaration à Tokyo' });
      assert.equal(statement.timeZone, ZONE);
      await app.reseau.statements.addVersion(NETWORK, statement.statementId, actor, { fr: 'Le Réseau salue la journée.' });
      await app.reseau.statements.submit(NETWORK, statement.statementId, actor, { deadline });
      const answered = cardIn(await cardTap(app, unhcr, 'statement.clear', { networkId: NETWORK, statementId: statement.statementId, agencyCode: 'UNHCR', version: '1', position: 'approve' }));
      assert.match(text(answered), /Déclaration à Tokyo/);
      inTokyo(text(answered), deadline);
    });

    it('the weekly digest names its period by Tokyo’s days', async () => {
      clock.now = new Date('2026-03-04T10:00:00Z');
      cardIn(await cardTap(app, rc, 'updates.share', { networkId: NETWORK, summary: '', link: '', kind: 'news', agencyCode: 'IOM', title: 'Actualité de Tokyo', objectives: '10' }));
      clock.now = new Date('2026-03-09T20:05:00Z');
      const run = await app.reseau.updates.runDigest(NETWORK);
      assert.deepEqual(run, { status: 'posted', period: { from: '2026-03-02T20:00:00.000Z', to: '2026-03-09T20:00:00.000Z' }, channels: 1, updates: 1 });
      const card = await channelPost(/Synthèse du réseau/);
      // 2 March 20:00 UTC is 3 March 05:00 in Tokyo; the period ends 10 March 05:00 there.
      assert.match(card, /Synthèse du réseau — 3 mars 2026 au 10 mars 2026/);
    });
  });
});
