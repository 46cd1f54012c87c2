/**
 * Proactive delivery inside the running app (startReseau): the dispatcher starts with the
 * server, conversation references are captured from ordinary messages, and a graceful stop
 * lets sends in flight finish and be recorded before the store closes.
 */
import assert from 'node:assert/strict';
import type { ConversationDocument } from '../../src/delivery/conversation-installations';
import type { DocumentStore, StoredDocument } from '../../src/store/document-store';
import { postActivity } from '../support/bot-client';
import { startReseauUnderTest, type ReseauUnderTest } from '../support/reseau-under-test';
import { botInstalled, message, teamsConversation, teamsUser } from '../support/teams-activities';

const NETWORK = 'gn';

/** The app's store, recording every document it writes. */
function recordingWrites(writes: StoredDocument[]): (store: DocumentStore) => DocumentStore {
  return (store) => ({
    kind: store.kind,
    get: (networkId, id) => store.get(networkId, id),
    count: (networkId, query) => store.count(networkId, query),
    create: (document) => {
      writes.push(document);
      return store.create(document);
    },
    replace: (document, ifMatch) => {
      writes.push(document);
      return store.replace(document, ifMatch);
    },
    upsert: (document) => {
      writes.push(document);
      return store.upsert(document);
    },
    delete: (networkId, id, ifMatch) => store.delete(networkId, id, ifMatch),
    query: (networkId, query) => store.query(networkId, query),
    purgeExpired: (networkId, limit) => store.purgeExpired(networkId, limit),
    ping: () => store.ping(),
    close: () => store.close(),
  });
}

describe('delivery in the running app', function () {
  this.timeout(30_000);
  let app: ReseauUnderTest;

  afterEach(async function () {
    await app?.stop();
  });

  it('learns a channel from a message in one of its threads and posts to the channel through the outbox', async function () {
    app = await startReseauUnderTest({ connector: { enforceLimits: true } });
    const channel = teamsConversation('channel');
    const response = await postActivity(app.url, message({ serviceUrl: app.connector.serviceUrl, conversation: channel, text: 'bonjour' }));
    assert.equal(response.status, 200);

    const stored = await app.store.get<ConversationDocument>(NETWORK, `conversation:${channel.id}`);
    assert.equal(stored?.document.conversationId, channel.id, 'the channel itself, not the thread the message was in');
    assert.equal(stored?.document.scope, 'channel');

    const result = await app.reseau.outbox.enqueue(NETWORK, 'digest:2026-w49', [{ kind: 'conversation', conversationId: channel.id }], {
      type: 'message',
      text: 'Digest de la semaine',
    });
    assert.equal(result.queued, 1);
    const post = await app.connector.waitFor((call) => call.kind === 'send' && call.conversationId === channel.id && call.status === 201);
    assert.equal((post.body as { text: string }).text, 'Digest de la semaine');
    const deadline = Date.now() + 5000;
    while ((await app.reseau.outbox.status(NETWORK, 'digest:2026-w49')).counts.sent !== 1) {
      assert.ok(Date.now() < deadline, 'the delivery was recorded');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });

  it('writes a conversation reference once, not on every message', async function () {
    const writes: StoredDocument[] = [];
    app = await startReseauUnderTest({ wrapStore: recordingWrites(writes) });
    const conversation = teamsConversation('personal');
    const user = teamsUser();
    for (const text of ['bonjour', 'aide', 'merci']) {
      await postActivity(app.url, message({ serviceUrl: app.connector.serviceUrl, conversation, user, text }));
    }
    const conversationWrites = writes.filter((document) => document.type === 'conversation');
    assert.equal(conversationWrites.length, 1);
    const stored = await app.store.get<ConversationDocument>(NETWORK, `conversation:${conversation.id}`);
    assert.equal(stored?.document.reference.user?.aadObjectId, user.aadObjectId, 'reachable later as this member’s 1:1');
  });

  it('lets sends in flight finish and records them when the app stops', async function () {
    app = await startReseauUnderTest({ connector: { latencyMs: 400 }, wrapStore: recordingWrites([]) });
    const conversation = teamsConversation('personal');
    await postActivity(app.url, botInstalled({ serviceUrl: app.connector.serviceUrl, conversation }));
    await app.reseau.outbox.enqueue(NETWORK, 'notice', [{ kind: 'conversation', conversationId: conversation.id }], { type: 'message', text: 'Avis' });
    // Wait until the send is in the dispatcher's hands (claimed), then stop the app.
    const deadline = Date.now() + 5000;
    while ((await app.reseau.outbox.status(NETWORK, 'notice')).counts.sending !== 1) {
      assert.ok(Date.now() < deadline, 'the send started');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await app.reseau.stop();

    const status = await app.reseau.outbox.status(NETWORK, 'notice');
    assert.equal(status.counts.sent, 1, 'recorded as sent before the store closed');
    assert.equal(app.connector.activities({ conversationId: conversation.id }).filter((activity) => activity.text === 'Avis').length, 1);
  });
});
