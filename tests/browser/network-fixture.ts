/**
 * A network to drive the tab against: the real Réseau (as in the e2e tests) with the RC as
 * co-chair, four confirmed members of three agencies and the bot installed in a team channel.
 */
import { postActivity } from '../support/bot-client';
import { startReseauUnderTest, type ReseauUnderTest } from '../support/reseau-under-test';
import { TEST_TENANT_ID, adaptiveCardAction, botInstalled, message, teamsConversation, teamsUser, type TeamsConversation, type TeamsUser } from '../support/teams-activities';

export const NETWORK = 'gn';

export interface NetworkUnderTest {
  readonly app: ReseauUnderTest;
  readonly rc: TeamsUser;
  readonly channel: TeamsConversation;
  readonly members: Readonly<Record<'aminata' | 'moussa' | 'jane' | 'ibrahima', TeamsUser>>;
  rsvp(user: TeamsUser, meetingId: string, response: string, locale?: string): Promise<void>;
}

/** `env`: more settings for the app (e.g. ALLOWED_TENANTS, for a network spread over several tenants). */
export async function startNetwork(env: Readonly<Record<string, string>> = {}): Promise<NetworkUnderTest> {
  const rc = teamsUser({ name: 'Coordonnatrice Résidente', email: 'rc.guinee@un.org', userPrincipalName: 'rc.guinee@un.org' });
  // NETWORK_ADMINS names people by Entra object id (an email claim can make nobody an admin).
  const app = await startReseauUnderTest({ env: { NETWORK_ADMINS: `${rc.aadObjectId}=cochair`, LOG_LEVEL: 'warn', ...env } });
  const rcChat = teamsConversation('personal');
  app.connector.setRoster(rcChat.id, [{ id: rc.id, name: rc.name, aadObjectId: rc.aadObjectId, email: rc.email, userPrincipalName: rc.email, tenantId: TEST_TENANT_ID }]);
  await postActivity(app.url, message({ serviceUrl: app.connector.serviceUrl, user: rc, conversation: rcChat, text: 'bonjour' }));
  const channel = teamsConversation('channel');
  await postActivity(app.url, botInstalled({ serviceUrl: app.connector.serviceUrl, conversation: channel, user: rc }));
  const join = async (name: string, agency: string, language: 'fr' | 'en') => {
    const user = teamsUser({ name });
    await app.reseau.membership.requestToJoin(NETWORK, { aadObjectId: user.aadObjectId, tenantId: TEST_TENANT_ID, name, language }, agency, 'member');
    await app.reseau.membership.confirm(NETWORK, rc.aadObjectId, user.aadObjectId, agency);
    return user;
  };
  const members = {
    aminata: await join('Aminata Camara', 'IOM', 'fr'),
    moussa: await join('Moussa Diallo', 'IOM', 'fr'),
    jane: await join('Jane Smith', 'UNHCR', 'en'),
    ibrahima: await join('Ibrahima Sylla', 'WFP', 'fr'),
  };
  return {
    app,
    rc,
    channel,
    members,
    async rsvp(user, meetingId, response, locale = 'fr-FR') {
      await postActivity(
        app.url,
        adaptiveCardAction({ serviceUrl: app.connector.serviceUrl, user, conversation: teamsConversation('personal'), locale, verb: 'meetings.rsvp', data: { networkId: NETWORK, meetingId, response } }),
      );
    },
  };
}
