/**
 * The network's language, time zone and reminder offsets (issue 16), set by a co-chair through
 * the real HTTP endpoint: a partial change stores only what it names and is audited once, before
 * → after; an unknown zone or out-of-range hours are refused in the reader's language with
 * nothing stored; a member is refused.
 */
import assert from 'node:assert/strict';
import { apiCall } from '../support/api-client';
import { NETWORK, startNetwork, type NetworkUnderTest } from '../browser/network-fixture';

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

  const stored = async () => (await net.app.store.get<Record<string, unknown>>(NETWORK, 'network-settings'))?.document;
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
    // The same values again: nothing stored, nothing audited.
    await apiCall(net.app.url, 'PUT', '/settings', net.rc, { meetingReminderHours: 6 });
    assert.equal((await audit()).length, 2);
  });
});
