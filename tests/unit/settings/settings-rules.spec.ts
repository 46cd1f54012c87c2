import assert from 'node:assert/strict';
import { applySettingsChange, channelChoicesOf } from '../../../src/settings/settings-rules';
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
const refusal = (change: { excomChannelId: string | null; generalChannelId: string | null }) => {
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
