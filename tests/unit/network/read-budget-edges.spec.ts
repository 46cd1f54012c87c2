/**
 * The per-turn scope is opened where turns start: around every bot turn (createTeamsBot) and
 * every tab API request (apiRoute). Through the real app, each of these reads the actor's member
 * document once and, once warm, neither the directory nor the rotation — where the same turns
 * read each of them two or three times before the scope existed.
 */
import assert from 'node:assert/strict';
import { postActivity } from '../../support/bot-client';
import { countingStore, type CountingDocumentStore, type StoreCounts } from '../../support/counting-store';
import { startReseauUnderTest, type ReseauUnderTest } from '../../support/reseau-under-test';
import { TEST_TENANT_ID, message, teamsConversation, teamsUser } from '../../support/teams-activities';

const roleReads = (counts: StoreCounts) => ({
  member: counts.getsByPrefix.member ?? 0,
  directory: counts.getsByPrefix.directory ?? 0,
  rotation: counts.getsByPrefix['cochair-rotation'] ?? 0,
});

describe('membership read budget at the edges (bot turn, tab API request)', function () {
  this.timeout(30_000);
  let app: ReseauUnderTest;
  let store: CountingDocumentStore | undefined;
  const rc = teamsUser({ name: 'Coordonnatrice Résidente', email: 'rc.guinee@un.org', userPrincipalName: 'rc.guinee@un.org' });
  const chat = teamsConversation('personal');
  const say = (words: string) => postActivity(app.url, message({ serviceUrl: app.connector.serviceUrl, user: rc, conversation: chat, locale: 'fr-FR', text: words }));

  before(async () => {
    app = await startReseauUnderTest({
      env: { NETWORK_ADMINS: `${TEST_TENANT_ID}/${rc.aadObjectId}=cochair` },
      // The outbox dispatcher works in the background: its reads are not the turn's.
      wrapStore: (inner) => (store = countingStore(inner, { exclude: /Dispatcher\./ })),
    });
    app.connector.setRoster(chat.id, [{ id: rc.id, name: rc.name, aadObjectId: rc.aadObjectId, email: 'rc.guinee@un.org', userPrincipalName: 'rc.guinee@un.org', tenantId: rc.tenantId }]);
    // First contact: NETWORK_ADMINS binds the RC (and warms the directory and the rotation).
    await say('bonjour');
  });
  after(async () => {
    await app?.stop();
  });

  it('a bot turn (recognition hook, the feature’s check, the card’s own check) reads the member once', async () => {
    const counting = store;
    assert.ok(counting);
    for (const words of ['membres', 'profil']) {
      const { counts }: { readonly counts: StoreCounts } = await counting.during(() => say(words));
      assert.deepEqual(roleReads(counts), { member: 1, directory: 0, rotation: 0 }, words);
    }
  });

  it('a tab API request (recognition in the authenticator, then the route) reads the member once', async () => {
    assert.ok(store);
    const { result, counts } = await store.during(() => fetch(`${app.url}/api/v1/me`, { headers: { 'x-reseau-dev-user': rc.aadObjectId } }));
    assert.equal(result.status, 200);
    assert.deepEqual(roleReads(counts), { member: 1, directory: 0, rotation: 0 });
  });
});
