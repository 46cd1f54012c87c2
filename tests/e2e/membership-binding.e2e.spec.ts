/**
 * Identity binds by tenant + object id (issue 12 §2), end to end: activities POSTed to the real
 * /api/messages, and tab API requests through the same recognition (here with the local-mode
 * dev sign-in naming a tenant; tests/e2e/api.e2e.spec.ts covers signed Teams tokens). A second
 * tenant tries the addresses and object ids of the first, as in a network whose agencies sit
 * in separate tenants.
 */
import assert from 'node:assert/strict';
import type { MemberDocument } from '../../src/network/model';
import { cardTap, chatMessage, refusalOf } from '../support/card-actions';
import { startReseauUnderTest, type ReseauUnderTest } from '../support/reseau-under-test';
import { TEST_TENANT_ID, teamsConversation, teamsUser, type TeamsUser } from '../support/teams-activities';

const NETWORK = 'gn';
const SECOND_TENANT = '7a2d3b5f-4c8e-4d6a-8f1b-2e3c4d5e6f70';

describe('identity binding through /api/messages and the tab API', function () {
  this.timeout(60_000);
  let app: ReseauUnderTest;
  const rc = teamsUser({ name: 'Coordonnatrice Résidente', email: 'rc.guinee@un.org', userPrincipalName: 'rc.guinee@un.org' });

  const api = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
    const response = await fetch(`${app.url}/api/v1${path}`, {
      method,
      headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: (text.startsWith('{') ? JSON.parse(text) : {}) as Record<string, unknown>, text };
  };
  const bearer = async (user: TeamsUser, tid = TEST_TENANT_ID) => ({ 'x-reseau-dev-user': user.aadObjectId, 'x-reseau-dev-tenant': tid });
  const members = () => JSON.stringify(app.partition(NETWORK).filter((doc) => doc.type === 'member'));

  beforeEach(async () => {
    app = await startReseauUnderTest({
      env: { NETWORK_ADMINS: `${TEST_TENANT_ID}/${rc.aadObjectId}=cochair` },
    });
    const chat = teamsConversation('personal');
    app.connector.setRoster(chat.id, [{ id: rc.id, name: rc.name, aadObjectId: rc.aadObjectId, email: rc.email, userPrincipalName: rc.email, tenantId: TEST_TENANT_ID }]);
    await chatMessage(app, rc, 'bonjour', { conversation: chat });
    assert.equal((await app.store.get<MemberDocument>(NETWORK, `member:${rc.aadObjectId}`))?.document.status, 'confirmed');
  });
  afterEach(async () => {
    await app?.stop();
  });

  it('refuses the RC’s object id from a second tenant — on a channel card, in a chat and in the tab — and changes nothing', async () => {
    const before = members();
    const channel = teamsConversation('channel', { tenantId: SECOND_TENANT });
    const impostor: TeamsUser = { ...rc, tenantId: SECOND_TENANT };
    const card = await cardTap(app, impostor, 'network.memberList.send', { networkId: NETWORK }, { conversation: channel });
    const refusal = refusalOf(card);
    assert.equal(refusal.code, 'identityMismatch');
    assert.match(refusal.message, /autre locataire Microsoft 365/);

    const chat = teamsConversation('personal', { tenantId: SECOND_TENANT });
    await chatMessage(app, impostor, 'membres', { conversation: chat });
    const replies = app.connector.activities({ conversationId: chat.id });
    assert.equal(replies.length, 1);
    assert.match(String(replies[0]?.text), /ne correspond pas au membre enregistré/);

    const tab = await api('GET', '/members', await bearer(rc, SECOND_TENANT));
    assert.equal(tab.status, 403, tab.text);
    assert.equal(tab.body.code, 'identityMismatch');
    assert.equal(members(), before, 'nothing changed');
    assert.equal((await api('GET', '/me', await bearer(rc))).status, 200, 'the RC from their own tenant is unaffected');
  });

  it('does not make a co-chair of someone in a second tenant whose roster entry carries the RC’s address', async () => {
    const stranger = teamsUser({ name: 'Quelqu’un', email: 'rc.guinee@un.org', userPrincipalName: 'rc.guinee@un.org', tenantId: SECOND_TENANT });
    const chat = teamsConversation('personal', { tenantId: SECOND_TENANT });
    app.connector.setRoster(chat.id, [{ id: stranger.id, name: stranger.name, aadObjectId: stranger.aadObjectId, email: stranger.email, userPrincipalName: stranger.email, tenantId: SECOND_TENANT }]);
    await chatMessage(app, stranger, 'bonjour', { conversation: chat });
    assert.match(String(app.connector.activities({ conversationId: chat.id })[0]?.text), /pas encore membre/);
    assert.equal(await app.store.get(NETWORK, `member:${stranger.aadObjectId}`), undefined);
    const me = await api('GET', '/me', await bearer(stranger, SECOND_TENANT));
    assert.deepEqual(me.body.roles, []);
    assert.equal(me.body.member, null);
    assert.match(String(me.body.hint), /bot Réseau/, 'the tab says how an imported member gets recognised');
  });

  it('shows anyone their object id and tenant id on `profil`, to copy into NETWORK_ADMINS or an import', async () => {
    const stranger = teamsUser({ name: 'Nouvelle personne', tenantId: SECOND_TENANT });
    const chat = teamsConversation('personal', { tenantId: SECOND_TENANT });
    await chatMessage(app, stranger, 'profil', { conversation: chat });
    const card = JSON.stringify(app.connector.activities({ conversationId: chat.id }).at(-1)?.attachments?.[0]);
    assert.match(card, /pas encore membre/);
    assert.ok(card.includes(stranger.aadObjectId.toLowerCase()) && card.includes(SECOND_TENANT), card);
    await chatMessage(app, rc, 'profil', { conversation: teamsConversation('personal') });
    assert.match(JSON.stringify(app.connector.calls.at(-1)?.body), new RegExp(`${rc.aadObjectId.toLowerCase()}.*${TEST_TENANT_ID}`));
  });

  it('recognises a member imported by email on a channel card action before they ever open a 1:1 chat, through the roster of the agency’s tenant only', async () => {
    const directory = await api('GET', '/directory', await bearer(rc));
    const agencies = (directory.body.agencies as { code: string; tenantIds?: string[] }[]).map((agency) => (agency.code === 'IOM' ? { ...agency, tenantIds: [TEST_TENANT_ID] } : agency));
    assert.equal((await api('PUT', '/directory', await bearer(rc), { agencies })).status, 200);
    // IOM's focal point co-chairs: sending the member list proves the rights came with the row.
    const imported = await api('POST', '/members/import', await bearer(rc), { csv: 'agency,name,email,role\nIOM,Mariama Diallo,m.diallo@iom.int,focal point\n' });
    assert.equal(imported.body.created, 1, imported.text);

    // Someone in the second tenant whose roster entry has the same address gets nothing.
    const channelB = teamsConversation('channel', { tenantId: SECOND_TENANT });
    const impostor = teamsUser({ name: 'Mariama Diallo', email: 'm.diallo@iom.int', userPrincipalName: 'm.diallo@iom.int', tenantId: SECOND_TENANT });
    app.connector.setRoster(channelB.id, [{ id: impostor.id, name: impostor.name, aadObjectId: impostor.aadObjectId, email: impostor.email, userPrincipalName: impostor.email, tenantId: SECOND_TENANT }]);
    const refused = await cardTap(app, impostor, 'network.memberList.send', { networkId: NETWORK }, { conversation: channelB });
    assert.equal((refused.body as { value: { code: string } }).value.code, 'notAMember');

    // No team in IOM's tenant has the bot yet, so the tab has no roster to claim the row with
    // (membership-tab-claim.e2e.spec.ts); the channel card below does.
    const mariama = teamsUser({ name: 'Mariama Diallo', email: 'm.diallo@iom.int', userPrincipalName: 'm.diallo@iom.int' });
    assert.deepEqual((await api('GET', '/me', await bearer(mariama))).body.roles, []);

    // The real person, in IOM's tenant, clicks a card in a team channel: recognised at once.
    const channel = teamsConversation('channel');
    app.connector.setRoster(channel.id, [{ id: mariama.id, name: mariama.name, aadObjectId: mariama.aadObjectId, email: 'other.address@iom.int', userPrincipalName: 'm.diallo@iom.int', tenantId: TEST_TENANT_ID }]);
    // (A co-chair's right: she is asked how many members would get the list — issue 15.)
    const answer = await cardTap(app, mariama, 'network.memberList.send', { networkId: NETWORK }, { conversation: channel });
    assert.match(JSON.stringify(answer.body), /Envoyer la liste des membres\u202f\?/);
    const bound = (await app.store.get<MemberDocument>(NETWORK, `member:${mariama.aadObjectId}`))?.document;
    assert.deepEqual([bound?.status, bound?.tenantId, bound?.agencyRole], ['confirmed', TEST_TENANT_ID, 'focalPoint']);
    assert.equal(await app.store.get(NETWORK, 'member:email:m.diallo@iom.int'), undefined, 'one record, now by object id');
    // …and announced to the co-chairs.
    await app.connector.waitFor((c) => c.kind === 'send' && /Membre reconnu/.test(JSON.stringify(c.body)) && /Mariama Diallo/.test(JSON.stringify(c.body)), 10_000);
    assert.ok(((await api('GET', '/me', await bearer(mariama))).body.roles as string[]).includes('coChair'), 'and the tab recognises them from now on');
  });

  it('reads a CSV up to 384 KiB over HTTP, and refuses a larger one with a clear message', async () => {
    const auth = await bearer(rc);
    const header = 'agency,name,email,role\nWFP,Ibrahima Sylla,i.sylla@wfp.org,member\n';
    // Rows refused for their role cost no write: the size is what this is about.
    const row = `WFP,${'N'.repeat(200)},x@wfp.org,chef\n`;
    const csv = (bytes: number) => header + row.repeat(Math.floor((bytes - header.length) / row.length));
    const near = csv(384 * 1024 - 64);
    assert.ok(near.length > 380 * 1024 && near.split('\n').length <= 2002);
    const accepted = await api('POST', '/members/import', auth, { csv: near });
    assert.equal(accepted.status, 200, accepted.text.slice(0, 300));
    assert.equal(accepted.body.created, 1);
    const tooBig = await api('POST', '/members/import', { ...auth, 'accept-language': 'en' }, { csv: `${near}${row.repeat(60)}` });
    assert.equal(tooBig.status, 400, tooBig.text.slice(0, 300));
    assert.match(String(tooBig.body.message), /at most 384 KiB/);
  });
});
