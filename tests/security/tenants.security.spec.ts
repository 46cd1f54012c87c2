/**
 * Tenants and guests, from outside: a foreign tenant, the same object id arriving from another
 * allowed tenant (identity binds by tenant + object id), a guest or a second tenant carrying an
 * imported member's address, and an email-form NETWORK_ADMINS entry. Refused clearly, with
 * the store unchanged.
 */
import assert from 'node:assert/strict';
import { postActivity } from '../support/bot-client';
import { startReseauUnderTest } from '../support/reseau-under-test';
import { adaptiveCardAction, message, teamsConversation } from '../support/teams-activities';
import { NETWORK, TEST_TENANT_ID, assertApiRefused, assertCardRefused, createFixtures, startSecurityNetwork, type Fixtures, type SecurityNetwork } from './support/network';

const SECOND_TENANT = '7a7a7a7a-1111-4222-8333-444444444444';
const FOREIGN_TENANT = '0d3f5a1c-9e2b-4c7d-8a6f-112233445566';

describe('security: tenants and guests', function () {
  this.timeout(60_000);
  let net: SecurityNetwork;
  let f: Fixtures;

  before(async function () {
    this.timeout(120_000);
    net = await startSecurityNetwork({ env: { ALLOWED_TENANTS: `${TEST_TENANT_ID},${SECOND_TENANT}` } });
    f = await createFixtures(net);
    const imported = await net.api(net.rc, 'POST', '/members/import', { csv: 'agency,name,email,role\nOHCHR,Importée HCDH,imported@ohchr.org,alternate\n' });
    assert.equal(imported.status, 200, imported.raw);
    await net.settle();
  });
  after(async () => {
    await net?.stop();
  });

  it('[tenant] a message from a tenant outside ALLOWED_TENANTS gets a polite refusal and stores nothing', async () => {
    const conversation = teamsConversation('personal', { tenantId: FOREIGN_TENANT });
    await net.settle();
    const before = net.app.partition(NETWORK);
    await postActivity(net.app.url, message({ serviceUrl: net.app.connector.serviceUrl, conversation, tenantId: FOREIGN_TENANT, text: 'membres', locale: 'en-US' }));
    assert.deepEqual(net.app.partition(NETWORK), before, 'store unchanged');
    assert.match(String(net.app.connector.activities({ conversationId: conversation.id })[0]?.text), /reserved for the member organisations/);
  });

  it('[tenant] a card click from a foreign tenant carrying the co-chair’s object id confirms nobody: refused, store unchanged', async () => {
    const impostor = { user: { ...net.rc.user, tenantId: FOREIGN_TENANT }, chat: teamsConversation('personal', { tenantId: FOREIGN_TENANT }) };
    const response = await net.unchanged(() => net.click(impostor, 'network.member.confirm', { networkId: NETWORK, memberId: net.pending.user.aadObjectId, agencyCode: 'UNICEF' }), 'foreign confirm');
    const body = response.body as { type?: string; value?: unknown };
    assert.notEqual(body.type, 'application/vnd.microsoft.card.adaptive', 'no card for a foreign tenant');
    assert.match(JSON.stringify(body.value), /réservé aux organisations membres|reserved for the member organisations|rien n’a été|nothing was/);
  });

  it('[tenant] the co-chair’s object id from another allowed tenant over the bot: 403 identityMismatch, store unchanged', async () => {
    const twin = { user: { ...net.rc.user, tenantId: SECOND_TENANT }, chat: teamsConversation('personal', { tenantId: SECOND_TENANT }) };
    const response = await net.unchanged(() => net.click(twin, 'network.member.confirm', { networkId: NETWORK, memberId: net.pending.user.aadObjectId, agencyCode: 'UNICEF' }), 'twin confirm');
    assertCardRefused(response, { status: 403, codes: ['identityMismatch'] });
  });

  it('[tenant] an ExCom focal point’s object id from another allowed tenant cannot cast the agency’s position: 403 identityMismatch, store unchanged', async () => {
    const twin = { user: { ...net.reps.UNHCR.user, tenantId: SECOND_TENANT }, chat: teamsConversation('personal', { tenantId: SECOND_TENANT }) };
    const response = await net.unchanged(() => net.click(twin, 'decision.position', { networkId: NETWORK, decisionId: f.decisionId, agencyCode: 'UNHCR', position: 'object', comment: 'usurpé' }, { locale: 'en-US' }), 'twin position');
    assertCardRefused(response, { status: 403, codes: ['identityMismatch'], language: 'en' });
  });

  it('[tenant] the co-chair’s object id from another allowed tenant over the tab API (dev tenant header): 403 identityMismatch, store unchanged', async () => {
    const answer = await net.unchanged(() => net.api(net.rc, 'POST', `/decisions/${f.decisionId}/close`, {}, { headers: { 'x-reseau-dev-tenant': SECOND_TENANT } }), 'twin api');
    assertApiRefused(answer, { status: 403, codes: ['identityMismatch'] });
  });

  it('[tenant] conversation.tenantId allowed but channelData.tenant.id foreign: refused, store unchanged', async () => {
    const activity = adaptiveCardAction({ serviceUrl: net.app.connector.serviceUrl, user: net.rc.user, conversation: net.rc.chat, verb: 'network.member.confirm', data: { networkId: NETWORK, memberId: net.pending.user.aadObjectId, agencyCode: 'UNICEF' } });
    (activity.channelData.tenant as { id: string }).id = FOREIGN_TENANT;
    const response = await net.unchanged(() => postActivity(net.app.url, activity), 'mixed tenants');
    const body = response.body as { type?: string };
    assert.ok(response.status >= 400 || body.type !== 'application/vnd.microsoft.card.adaptive', `refused: ${JSON.stringify(response.body).slice(0, 200)}`);
  });

  it('[guest] a person from another allowed tenant whose roster address is an imported member’s is not bound to that membership: their position is refused, store unchanged', async () => {
    const impostor = net.person('Importée HCDH', { tenantId: SECOND_TENANT, email: 'imported@ohchr.org', userPrincipalName: 'imported@ohchr.org', userRole: 'guest' });
    await net.say(impostor, 'bonjour');
    await net.settle();
    const response = await net.unchanged(() => net.click(impostor, 'decision.position', { networkId: NETWORK, decisionId: f.decisionId, agencyCode: 'OHCHR', position: 'object', comment: 'usurpé' }), 'imported impostor');
    assertCardRefused(response, { status: 403, codes: ['forbidden', 'notAMember', 'identityMismatch'] });
  });

  it('[guest] a guest in the home tenant whose roster address is the imported member’s is not bound either: refused, store unchanged', async () => {
    const guest = net.person('Invitée externe', { email: 'imported@ohchr.org', userPrincipalName: 'imported_ohchr.org#EXT#@reseau-test.onmicrosoft.com', userRole: 'guest' });
    await net.say(guest, 'bonjour', { locale: 'en-US' });
    await net.settle();
    const response = await net.unchanged(() => net.click(guest, 'decision.position', { networkId: NETWORK, decisionId: f.decisionId, agencyCode: 'OHCHR', position: 'object', comment: 'usurpé' }, { locale: 'en-US' }), 'guest impostor');
    assertCardRefused(response, { status: 403, codes: ['forbidden', 'notAMember', 'identityMismatch'], language: 'en' });
  });

  it('[config] NETWORK_ADMINS naming someone by email refuses to start (exit 78 in production), naming the variable', async () => {
    await assert.rejects(
      async () => {
        const app = await startReseauUnderTest({ env: { NETWORK_ADMINS: 'rc.guinee@un.org=cochair' } });
        await app.stop();
      },
      (error: Error) => /NETWORK_ADMINS/.test(error.message),
    );
  });
});
