/**
 * Where channel posts go costs no read while the settings are cached: on both adapters, the
 * settings document is read once per instance per ROLE_DOCUMENTS_TTL_MS whatever the number of
 * posts, a change written here is used at once without a read, and ExCom posts then reach the
 * ExCom channel only.
 */
import assert from 'node:assert/strict';
import { createdPersonalConversation, type ConversationDocument } from '../../../src/delivery/conversation-installations';
import { ConversationService } from '../../../src/delivery/conversation-service';
import { ROLE_DOCUMENTS_TTL_MS } from '../../../src/network/shared-read-cache';
import { SETTINGS_ID, type NetworkSettingsDocument } from '../../../src/settings/model';
import { SettingsReader } from '../../../src/settings/settings-service';
import type { DocumentStore } from '../../../src/store/document-store';
import { countingStore, type CountingDocumentStore } from '../../support/counting-store';
import { storeAdaptersUnderTest } from '../../support/store-adapters';

const NETWORK = 'gn';
const AT = new Date(Date.UTC(2026, 10, 30, 9));

function channel(conversationId: string): ConversationDocument {
  const base = createdPersonalConversation({ networkId: NETWORK, conversationId, serviceUrl: 'https://smba.example/', tenantId: 't-1', aadObjectId: 'x', now: AT });
  return { ...base, scope: 'channel', teamId: '19:team@thread.tacv2' };
}

describe('network settings: the cached read behind every channel post', function () {
  this.timeout(30_000);
  for (const adapter of storeAdaptersUnderTest()) {
    describe(adapter.name, () => {
      let raw: DocumentStore;
      let store: CountingDocumentStore;
      let clock = 0;
      let reader: SettingsReader;
      let conversations: ConversationService;

      before(async () => {
        raw = await adapter.open();
        store = countingStore(raw);
        for (const id of ['19:general@thread.tacv2', '19:excom@thread.tacv2', '19:other@thread.tacv2']) await raw.create(channel(id));
        reader = new SettingsReader(store, () => clock);
        conversations = new ConversationService(store, () => AT, (networkId) => reader.channelChoices(networkId));
      });
      after(async () => adapter.close(raw));

      it('with nothing chosen, every channel; the absent document read once for ten posts, again once the TTL has passed', async () => {
        const { result, counts } = await store.during(async () => {
          const posts: string[][] = [];
          for (let i = 0; i < 10; i += 1) posts.push(await conversations.installedChannels(NETWORK, i % 2 === 0 ? 'excom' : 'general'));
          return posts;
        });
        assert.equal(result.every((ids) => ids.length === 3), true);
        assert.equal(counts.gets, 1);
        assert.equal(counts.queries, 10, 'the installed channels: one query per post, as before');
        clock += ROLE_DOCUMENTS_TTL_MS;
        assert.equal((await store.during(() => conversations.installedChannels(NETWORK))).counts.gets, 1);
      });

      it('a choice written here is used at once, without a read; another instance’s is seen within the TTL', async () => {
        const settings: NetworkSettingsDocument = {
          id: SETTINGS_ID,
          networkId: NETWORK,
          type: 'networkSettings',
          excomChannel: { conversationId: '19:excom@thread.tacv2' },
          generalChannel: { conversationId: '19:general@thread.tacv2' },
          updatedAt: AT.toISOString(),
          updatedBy: 'rc',
        };
        reader.remember(NETWORK, await store.create(settings));
        const { result, counts } = await store.during(async () => [await conversations.installedChannels(NETWORK, 'excom'), await conversations.installedChannels(NETWORK, 'general')]);
        assert.deepEqual(result, [['19:excom@thread.tacv2'], ['19:general@thread.tacv2']]);
        assert.equal(counts.gets, 0);

        // Another instance clears the choice: this one follows once its copy is older than the TTL.
        const current = await raw.get<NetworkSettingsDocument>(NETWORK, SETTINGS_ID);
        const { excomChannel: _excom, generalChannel: _general, ...cleared } = current!.document;
        await raw.replace(cleared, current!.etag);
        assert.deepEqual(await conversations.installedChannels(NETWORK, 'excom'), ['19:excom@thread.tacv2']);
        clock += ROLE_DOCUMENTS_TTL_MS;
        assert.equal((await conversations.installedChannels(NETWORK, 'excom')).length, 3);
      });
    });
  }
});
