/**
 * A small network on the real Réseau with a counting store around SQLite: the co-chair (through
 * NETWORK_ADMINS, recognised on their first message to the bot) and a `join` that adds a member,
 * confirmed unless told — for tests that compare what a tab request and a card action cost.
 */
import { postActivity } from './bot-client';
import { countingStore, type CountingDocumentStore } from './counting-store';
import { startReseauUnderTest, type ReseauUnderTest } from './reseau-under-test';
import { TEST_TENANT_ID, message, teamsConversation, teamsUser, type TeamsUser } from './teams-activities';

export const COUNTED_NETWORK = 'gn';

export interface CountedNetwork {
  readonly app: ReseauUnderTest;
  readonly counting: CountingDocumentStore;
  readonly rc: TeamsUser;
  join(name: string, agency: string, options?: { readonly confirm?: boolean }): Promise<TeamsUser>;
}

export async function startCountedNetwork(): Promise<CountedNetwork> {
  const rc = teamsUser({ name: 'Coordonnatrice Résidente' });
  let counting: CountingDocumentStore | undefined;
  const app = await startReseauUnderTest({
    env: { NETWORK_ADMINS: `${rc.aadObjectId}=cochair`, LOG_LEVEL: 'warn' },
    // The dispatcher and the refreshes after a turn run on their own: not the turn's cost.
    wrapStore: (store) => (counting = countingStore(store, { exclude: /Dispatcher\.|DeliveryTally\.|SendingLease\.|CardRefresher\.|syncSummary|syncPollCard/ })),
  });
  if (!counting) throw new Error('the store was not wrapped');
  const rcChat = teamsConversation('personal');
  app.connector.setRoster(rcChat.id, [{ id: rc.id, name: rc.name, aadObjectId: rc.aadObjectId, tenantId: TEST_TENANT_ID }]);
  await postActivity(app.url, message({ serviceUrl: app.connector.serviceUrl, user: rc, conversation: rcChat, text: 'bonjour' }));
  return {
    app,
    counting,
    rc,
    async join(name, agency, options = {}) {
      const user = teamsUser({ name });
      await app.reseau.membership.requestToJoin(COUNTED_NETWORK, { aadObjectId: user.aadObjectId, tenantId: TEST_TENANT_ID, name, language: 'fr' }, agency, 'member');
      if (options.confirm !== false) await app.reseau.membership.confirm(COUNTED_NETWORK, rc.aadObjectId, user.aadObjectId, agency);
      return user;
    },
  };
}
