import assert from 'node:assert/strict';
import {
  applyInstallation,
  applyObservedConversation,
  applyRemoval,
  channelConversationId,
  channelsFor,
  channelTypeOf,
  createdPersonalConversation,
  type Installation,
} from '../../../src/delivery/conversation-installations';

const T0 = new Date(Date.UTC(2026, 11, 1));
const T1 = new Date(Date.UTC(2026, 11, 2));
const observed: Installation = {
  networkId: 'gn',
  scope: 'personal',
  tenantId: 't-1',
  reference: {
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    channelId: 'msteams',
    conversation: { id: 'a:1abc', tenantId: 't-1', conversationType: 'personal' },
    bot: { id: '28:bot', name: 'Réseau' },
    user: { id: '29:1user', name: 'Awa', aadObjectId: 'aad-1' },
  },
};

describe('conversation references', () => {
  it('stores a conversation first seen by a message, as installed', () => {
    const next = applyObservedConversation(undefined, observed, T0);
    assert.equal(next?.installed, true);
    assert.equal(next?.reference.user?.aadObjectId, 'aad-1');
  });

  it('writes nothing when a message says what is already stored', () => {
    const stored = applyInstallation(undefined, observed, T0).next;
    assert.equal(applyObservedConversation(stored, { ...observed, reference: { ...observed.reference } }, T1), undefined);
  });

  it('writes when the service URL moved, or the conversation had been marked removed', () => {
    const stored = applyInstallation(undefined, observed, T0).next;
    const moved = applyObservedConversation(stored, { ...observed, reference: { ...observed.reference, serviceUrl: 'https://smba.trafficmanager.net/amer/' } }, T1);
    assert.equal(moved?.reference.serviceUrl, 'https://smba.trafficmanager.net/amer/');
    assert.equal(moved?.installedAt, stored.installedAt, 'same installation');
    const removed = applyRemoval(stored, T1);
    assert.equal(applyObservedConversation(removed, observed, T1)?.installed, true);
  });

  it('keeps the channel, not the thread, of a channel message', () => {
    assert.equal(channelConversationId('19:abc@thread.tacv2;messageid=1700000000001'), '19:abc@thread.tacv2');
    assert.equal(channelConversationId('19:abc@thread.tacv2'), '19:abc@thread.tacv2');
  });

  it('records a 1:1 the bot opened so it can be found again by the member’s Entra id', () => {
    const doc = createdPersonalConversation({ networkId: 'gn', conversationId: 'a:1new', serviceUrl: 'https://x/', tenantId: 't-1', aadObjectId: 'aad-2', now: T0 });
    assert.deepEqual([doc.id, doc.scope, doc.installed, doc.reference.user?.aadObjectId], ['conversation:a:1new', 'personal', true, 'aad-2']);
  });

  it('keeps a channel’s kind (shared, private) as Teams gives it, and writes when it changes', () => {
    assert.equal(channelTypeOf({ channel: { id: '19:c', type: 'shared' } }), 'shared');
    assert.equal(channelTypeOf({ channel: { id: '19:c', membershipType: 'Private' } }), 'private');
    assert.equal(channelTypeOf({ channel: { id: '19:c', type: 'standard' } }), undefined);
    assert.equal(channelTypeOf({ channel: 'shared' }), undefined);
    assert.equal(channelTypeOf(undefined), undefined);
    const channel: Installation = { ...observed, scope: 'channel', teamId: '19:team', reference: { ...observed.reference, conversation: { id: '19:c', tenantId: 't-1', conversationType: 'channel' } } };
    const standard = applyInstallation(undefined, channel, T0).next;
    assert.equal(standard.channelType, undefined);
    const shared = applyObservedConversation(standard, { ...channel, channelType: 'shared' }, T1);
    assert.equal(shared?.channelType, 'shared', 'a channel shared later is known as such');
    assert.equal(applyObservedConversation(shared, { ...channel, channelType: 'shared' }, T1), undefined);
  });
});

describe('channel name and type', () => {
  const channelInstall: Installation = {
    networkId: 'gn',
    scope: 'channel',
    tenantId: 't-1',
    teamId: '19:team@thread.tacv2',
    channel: { name: 'Comité exécutif', type: 'shared' },
    reference: { serviceUrl: 'https://smba.trafficmanager.net/emea/', channelId: 'msteams', conversation: { id: '19:excom@thread.tacv2', tenantId: 't-1', conversationType: 'channel' }, bot: { id: '28:bot' } },
  };

  it('keeps what the install said when a later message names neither, and writes nothing for it', () => {
    const stored = applyInstallation(undefined, channelInstall, T0).next;
    assert.deepEqual(stored.channel, { name: 'Comité exécutif', type: 'shared' });
    const { channel: _channel, ...message } = channelInstall;
    assert.equal(applyObservedConversation(stored, message, T1), undefined);
    assert.deepEqual(applyInstallation(stored, message, T1).next.channel, { name: 'Comité exécutif', type: 'shared' });
  });

  it('takes a rename', () => {
    const stored = applyInstallation(undefined, channelInstall, T0).next;
    assert.deepEqual(applyObservedConversation(stored, { ...channelInstall, channel: { name: 'ExCom' } }, T1)?.channel, { name: 'ExCom', type: 'shared' });
  });
});

describe('where channel posts go (channelsFor)', () => {
  const installed = ['19:general', '19:excom', '19:other'];

  it('with nothing chosen, every installed channel receives everything (the behaviour before the setting)', () => {
    assert.deepEqual(channelsFor('excom', installed, undefined), installed);
    assert.deepEqual(channelsFor('general', installed, {}), installed);
  });

  it('ExCom posts go to the ExCom channel only, the rest to the general channel', () => {
    const choices = { excom: '19:excom', general: '19:general' };
    assert.deepEqual(channelsFor('excom', installed, choices), ['19:excom']);
    assert.deepEqual(channelsFor('general', installed, choices), ['19:general']);
  });

  it('with only the ExCom channel chosen, the rest goes to every other channel; ExCom posts without one go where the rest goes', () => {
    assert.deepEqual(channelsFor('general', installed, { excom: '19:excom' }), ['19:general', '19:other']);
    assert.deepEqual(channelsFor('general', ['19:excom'], { excom: '19:excom' }), ['19:excom']);
    assert.deepEqual(channelsFor('excom', installed, { general: '19:general' }), ['19:general']);
  });

  it('a chosen channel the bot has left is not posted to: the post falls back instead of being dropped', () => {
    assert.deepEqual(channelsFor('excom', ['19:general', '19:other'], { excom: '19:excom', general: '19:general' }), ['19:general']);
    assert.deepEqual(channelsFor('general', ['19:excom', '19:other'], { excom: '19:excom', general: '19:general' }), ['19:other']);
  });
});
