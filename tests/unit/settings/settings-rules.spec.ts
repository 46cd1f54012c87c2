import assert from 'node:assert/strict';
import { applySettingsChange, canonicalTimeZone, channelChoicesOf, preferencesOf, settingsDifference } from '../../../src/settings/settings-rules';
import { BUILT_IN_DEFAULTS, type SettingsChange } from '../../../src/settings/model';
import { SettingsError } from '../../../src/settings/errors';
import type { ConversationDocument } from '../../../src/delivery/conversation-installations';

const AT = new Date(Date.UTC(2026, 10, 30, 9));
const channel = (conversationId: string, extra: Partial<ConversationDocument> = {}): ConversationDocument => ({
  id: `conversation:${conversationId}`,
  networkId: 'gn',
  type: 'conversation',
  conversationId,
  scope: 'channel',
  teamId: '19:team@thread.tacv2',
  reference: { serviceUrl: 'https://smba.example/', channelId: 'msteams', conversation: { id: conversationId }, bot: { id: '28:bot' } },
  installed: true,
  installedAt: AT.toISOString(),
  updatedAt: AT.toISOString(),
  ...extra,
});
const installed = [channel('19:general', { channel: { name: 'General' } }), channel('19:excom', { channel: { name: 'Comité exécutif', type: 'private' } }), channel('a:1chat', { scope: 'personal' })];
const context = { networkId: 'gn', actor: 'rc-oid', now: AT };
const refusal = (change: SettingsChange) => {
  try {
    applySettingsChange(undefined, change, installed, context);
  } catch (error) {
    return error instanceof SettingsError ? error.code : 'other';
  }
  return 'accepted';
};

describe('network settings rules', () => {
  it('keeps the chosen channels with their name and type as the installation recorded them', () => {
    const next = applySettingsChange(undefined, { excomChannelId: '19:excom', generalChannelId: '19:general' }, installed, context);
    assert.deepEqual(next.excomChannel, { conversationId: '19:excom', teamId: '19:team@thread.tacv2', name: 'Comité exécutif', type: 'private' });
    assert.deepEqual(channelChoicesOf(next), { excom: '19:excom', general: '19:general' });
    assert.equal(next.updatedBy, 'rc-oid');
  });

  it('refuses a channel the bot is not installed in, a 1:1 chat, and one channel for both', () => {
    assert.equal(refusal({ excomChannelId: '19:nowhere', generalChannelId: null }), 'channelNotInstalled');
    assert.equal(refusal({ excomChannelId: null, generalChannelId: 'a:1chat' }), 'channelNotInstalled');
    assert.equal(refusal({ excomChannelId: '19:excom', generalChannelId: '19:excom' }), 'sameChannel');
    assert.equal(refusal({ excomChannelId: null, generalChannelId: null }), 'accepted');
  });

  it('a choice set to null is removed, so delivery goes back to every channel', () => {
    const before = applySettingsChange(undefined, { excomChannelId: '19:excom', generalChannelId: '19:general' }, installed, context);
    const after = applySettingsChange(before, { excomChannelId: null, generalChannelId: null }, installed, context);
    assert.equal(after.excomChannel, undefined);
    assert.deepEqual(channelChoicesOf(after), {});
  });
});

describe('network settings rules: language, time zone and reminders', () => {
  const channels = applySettingsChange(undefined, { excomChannelId: '19:excom', generalChannelId: '19:general' }, installed, context);

  it('a network that set nothing gets the deployment defaults; each part it sets replaces only that part', () => {
    assert.deepEqual(preferencesOf(undefined, BUILT_IN_DEFAULTS), BUILT_IN_DEFAULTS);
    const english = applySettingsChange(channels, { language: 'en' }, installed, context);
    assert.deepEqual(preferencesOf(english, BUILT_IN_DEFAULTS), { ...BUILT_IN_DEFAULTS, language: 'en' });
    // The channels chosen before are kept when a change does not name them.
    assert.deepEqual(channelChoicesOf(english), { excom: '19:excom', general: '19:general' });
    const zoned = applySettingsChange(english, { timeZone: 'africa/dakar', meetingReminderHours: 72, decisionReminderHours: [24, 72, 6] }, installed, context);
    assert.deepEqual(preferencesOf(zoned, BUILT_IN_DEFAULTS), { language: 'en', timeZone: 'Africa/Dakar', meetingReminderHours: 72, decisionReminderHours: [72, 24, 6] });
  });

  it('refuses an unknown zone, offsets and abbreviations, naming what was given', () => {
    assert.equal(canonicalTimeZone('Europe/Paris'), 'Europe/Paris');
    for (const zone of ['Africa/Atlantis', '+01:00', 'GMT+1x', '', 'Africa/Conakry; drop']) {
      assert.equal(refusal({ timeZone: zone }), 'unknownTimeZone', zone);
    }
    try {
      canonicalTimeZone('Mars/Olympus');
      assert.fail('accepted');
    } catch (error) {
      assert.ok(error instanceof SettingsError);
      assert.equal(error.details, 'Mars/Olympus');
      assert.match(error.message, /Africa\/Conakry/);
    }
  });

  it('refuses reminder hours out of 1–336, not whole, repeated, or more than three', () => {
    for (const hours of [0, 337, 1.5, -4, Number.NaN]) assert.equal(refusal({ meetingReminderHours: hours }), 'invalidMeetingReminder', String(hours));
    assert.equal(refusal({ meetingReminderHours: 336 }), 'accepted');
    for (const hours of [[], [24, 24], [1, 2, 3, 4], [0], [400], [12.5]]) assert.equal(refusal({ decisionReminderHours: hours }), 'invalidDecisionReminders', JSON.stringify(hours));
    assert.equal(refusal({ decisionReminderHours: [1, 336, 100] }), 'accepted');
    // One bad part refuses the whole change.
    assert.equal(refusal({ excomChannelId: '19:excom', language: 'en', meetingReminderHours: 0 }), 'invalidMeetingReminder');
  });

  it('the audit difference names exactly what changed, before → after, and nothing when nothing did', () => {
    const english = applySettingsChange(channels, { language: 'en', excomChannelId: '19:excom' }, installed, context);
    assert.deepEqual(settingsDifference(channels, english), { action: 'settings.network', before: { language: null }, after: { language: 'en' } });
    assert.equal(settingsDifference(english, applySettingsChange(english, { language: 'en' }, installed, context)), undefined);
    const moved = applySettingsChange(english, { excomChannelId: null }, installed, context);
    assert.deepEqual(settingsDifference(english, moved)?.action, 'settings.channels');
    assert.deepEqual(settingsDifference(english, moved)?.after, { excomChannel: null });
  });
});
