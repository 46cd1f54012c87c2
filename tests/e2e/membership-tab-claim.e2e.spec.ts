/**
 * A member imported by email only is recognised on their first tab request (issue 12 §2),
 * in production mode: Teams SSO tokens signed by the local Entra, activities signed as the Bot
 * Connector signs them. The address is the Teams roster's userPrincipalName, read from a team
 * the bot is installed in within the caller's own tenant — never a token claim — and the
 * claim holds only for a tenant the agency's directory entry lists. The bot-side claim (a
 * channel card) is tested in membership-binding.e2e.spec.ts.
 */
import assert from 'node:assert/strict';
import type { MemberDocument } from '../../src/network/model';
import { startLocalEntra, type LocalEntra, type TokenClaims } from '../support/local-entra';
import { startReseauUnderTest, type ReseauUnderTest } from '../support/reseau-under-test';
import { TEST_TENANT_ID, botInstalled, message, teamsConversation, teamsUser, type TeamsConversation, type TeamsUser } from '../support/teams-activities';

const NETWORK = 'gn';
const SECOND_TENANT = '7a2d3b5f-4c8e-4d6a-8f1b-2e3c4d5e6f70';
const CLIENT_ID = '3c9d8e7f-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
const PUBLIC_URL = 'https://reseau.example.org';
const AUDIENCE = `api://reseau.example.org/${CLIENT_ID}`;
const ADDRESS = 'm.diallo@iom.int';

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly text: string;
}

describe('a member imported by email, recognised on their first tab request through a team roster in their tenant', function () {
  this.timeout(60_000);
  let entra: LocalEntra;
  let app: ReseauUnderTest;
  const rc = teamsUser({ name: 'Coordonnatrice Résidente', email: 'rc.guinee@un.org', userPrincipalName: 'rc.guinee@un.org' });

  const api = async (method: string, path: string, user: TeamsUser, claims: Partial<TokenClaims> = {}, body?: unknown): Promise<Answer> => {
    const token = await entra.token({ tid: user.tenantId ?? TEST_TENANT_ID, oid: user.aadObjectId, aud: AUDIENCE, name: user.name, ...claims });
    const response = await fetch(`${app.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: (text.startsWith('{') ? JSON.parse(text) : {}) as Record<string, unknown>, text };
  };
  /** The bot is added to a team: Teams announces it with a signed installationUpdate. */
  const installInTeam = async (tenantId: string): Promise<TeamsConversation> => {
    const team = teamsConversation('channel', { tenantId });
    const installer = teamsUser({ name: 'Propriétaire de l’équipe', tenantId });
    const answer = await app.post(botInstalled({ serviceUrl: app.connector.serviceUrl, conversation: team, user: installer }));
    assert.equal(answer.status, 200);
    return team;
  };
  const rosterEntry = (user: TeamsUser, userPrincipalName: string) => ({
    id: user.id,
    name: user.name,
    aadObjectId: user.aadObjectId,
    email: userPrincipalName,
    userPrincipalName,
    tenantId: user.tenantId ?? TEST_TENANT_ID,
  });
  const memberDocuments = () => JSON.stringify(app.partition(NETWORK).filter((doc) => doc.type === 'member'));
  const rosterReads = (teamId: string, memberId: string) =>
    app.connector.calls.filter((call) => call.kind === 'getMember' && call.conversationId === teamId && call.memberId === memberId);

  before(async () => {
    entra = await startLocalEntra();
  });
  after(async () => {
    await entra.close();
  });

  beforeEach(async () => {
    app = await startReseauUnderTest({
      production: { entra },
      env: { AAD_APP_CLIENT_ID: CLIENT_ID, PUBLIC_URL, ALLOWED_TENANTS: `${TEST_TENANT_ID},${SECOND_TENANT}`, NETWORK_ADMINS: `${TEST_TENANT_ID}/${rc.aadObjectId}=cochair` },
    });
    // The RC meets the bot in a 1:1 (so the co-chairs have somewhere to be told), then lists
    // IOM's tenant in its directory entry and imports IOM's focal point by address only.
    const chat = teamsConversation('personal');
    app.connector.setRoster(chat.id, [rosterEntry(rc, 'rc.guinee@un.org')]);
    assert.equal((await app.post(message({ serviceUrl: app.connector.serviceUrl, user: rc, conversation: chat, text: 'bonjour' }))).status, 200);
    const directory = await api('GET', '/directory', rc);
    const agencies = (directory.body.agencies as { code: string }[]).map((agency) => (agency.code === 'IOM' ? { ...agency, tenantIds: [TEST_TENANT_ID] } : agency));
    assert.equal((await api('PUT', '/directory', rc, {}, { agencies })).status, 200);
    const imported = await api('POST', '/members/import', rc, {}, { csv: `agency,name,email,role\nIOM,Mariama Diallo,${ADDRESS},focal point\n` });
    assert.equal(imported.body.created, 1, imported.text);
    assert.ok(await app.store.get(NETWORK, `member:email:${ADDRESS}`));
  });
  afterEach(async () => {
    await app?.stop();
  });

  it('recognises her on GET /me as the confirmed focal point of IOM, audits the claim and tells the co-chairs', async () => {
    const team = await installInTeam(TEST_TENANT_ID);
    const mariama = teamsUser({ name: 'Mariama Diallo' });
    app.connector.setRoster(team.id, [rosterEntry(mariama, 'M.Diallo@iom.int')]);

    // The tab asks both at once when it opens.
    const [me, directory] = await Promise.all([api('GET', '/me', mariama), api('GET', '/directory', mariama)]);
    assert.equal(me.status, 200, me.text);
    assert.equal(directory.status, 200, directory.text);
    const member = me.body.member as { agencyCode: string; agencyRole: string; status: string; email?: string } | null;
    assert.deepEqual([member?.status, member?.agencyCode, member?.agencyRole, member?.email], ['confirmed', 'IOM', 'focalPoint', ADDRESS]);
    assert.ok((me.body.roles as string[]).includes('coChair'), 'IOM co-chairs: the rights came with the row');
    assert.equal(me.body.hint, undefined, 'recognised: no hint to open the bot');
    assert.ok([1, 2].includes(rosterReads(team.id, mariama.aadObjectId).length), 'the team roster was asked for her object id, once per request at most');

    const bound = (await app.store.get<MemberDocument>(NETWORK, `member:${mariama.aadObjectId.toLowerCase()}`))?.document;
    assert.deepEqual([bound?.tenantId, bound?.aadObjectId], [TEST_TENANT_ID, mariama.aadObjectId.toLowerCase()]);
    assert.equal(await app.store.get(NETWORK, `member:email:${ADDRESS}`), undefined, 'one record, now by object id');

    const audit = await api('GET', `/audit?subject=${encodeURIComponent(`member:${mariama.aadObjectId.toLowerCase()}`)}`, rc);
    assert.deepEqual(
      (audit.body.entries as { action: string; actor: string }[]).map((entry) => [entry.action, entry.actor]),
      [['member.claimImported', 'system']],
      audit.text,
    );
    // Announced to the co-chairs, through the outbox, in the RC's 1:1.
    const announced = (call: { kind: string; body: unknown }) => call.kind === 'send' && /Membre reconnu/.test(JSON.stringify(call.body)) && /Mariama Diallo/.test(JSON.stringify(call.body));
    await app.connector.waitFor(announced, 10_000);

    // From now on she is a member: no roster read any more.
    const before = app.connector.calls.filter((call) => call.kind === 'getMember').length;
    assert.equal((await api('GET', '/members', mariama)).status, 200);
    assert.equal(app.connector.calls.filter((call) => call.kind === 'getMember').length, before);
    assert.equal(app.connector.calls.filter(announced).length, 1, 'one claim, announced once');
  });

  it('does not bind someone in another tenant whose team roster carries the same address; the real person then is', async () => {
    const teamA = await installInTeam(TEST_TENANT_ID);
    const teamB = await installInTeam(SECOND_TENANT);
    const impostor = teamsUser({ name: 'Mariama Diallo', tenantId: SECOND_TENANT });
    app.connector.setRoster(teamB.id, [rosterEntry(impostor, ADDRESS)]);
    const before = memberDocuments();

    const me = await api('GET', '/me', impostor);
    assert.equal(me.status, 200, me.text);
    assert.equal(me.body.member, null);
    assert.deepEqual(me.body.roles, []);
    assert.equal(rosterReads(teamB.id, impostor.aadObjectId).length, 1, 'her tenant’s roster was read, and its address is not trusted for IOM');
    assert.equal(rosterReads(teamA.id, impostor.aadObjectId).length, 0, 'no roster of another tenant is asked');
    assert.equal((await api('GET', '/members', impostor)).status, 403);
    assert.equal(memberDocuments(), before, 'nothing bound, the imported row untouched');
    assert.ok(app.logs.some((line) => /not claimed: the tenant is not one the agency names/.test(line.msg)));

    const mariama = teamsUser({ name: 'Mariama Diallo' });
    app.connector.setRoster(teamA.id, [rosterEntry(mariama, ADDRESS)]);
    assert.equal(((await api('GET', '/me', mariama)).body.member as { agencyCode?: string } | null)?.agencyCode, 'IOM');
  });

  it('with no team in her tenant: not recognised, told to open the bot, nothing written — until the bot is added to a team', async () => {
    const mariama = teamsUser({ name: 'Mariama Diallo' });
    // A team in another tenant that has her object id and address does not count.
    const elsewhere = await installInTeam(SECOND_TENANT);
    app.connector.setRoster(elsewhere.id, [{ ...rosterEntry(mariama, ADDRESS), tenantId: SECOND_TENANT }]);
    const before = JSON.stringify(app.partition(NETWORK));

    const me = await api('GET', '/me', mariama);
    assert.equal(me.status, 200, me.text);
    assert.equal(me.body.member, null);
    assert.match(String(me.body.hint), /bot Réseau/);
    assert.equal(rosterReads(elsewhere.id, mariama.aadObjectId).length, 0, 'no roster of another tenant is asked');
    assert.equal(JSON.stringify(app.partition(NETWORK)), before, 'nothing written');

    const team = await installInTeam(TEST_TENANT_ID);
    app.connector.setRoster(team.id, [rosterEntry(mariama, ADDRESS)]);
    const recognised = await api('GET', '/me', mariama);
    assert.equal((recognised.body.member as { status?: string } | null)?.status, 'confirmed', recognised.text);
    assert.equal(recognised.body.hint, undefined);
  });

  it('never takes the address from the token: preferred_username and email equal to it, a roster UPN that differs → not bound', async () => {
    const team = await installInTeam(TEST_TENANT_ID);
    const someone = teamsUser({ name: 'Quelqu’un d’autre' });
    app.connector.setRoster(team.id, [rosterEntry(someone, 'quelquun@iom.int')]);
    const before = memberDocuments();

    const me = await api('GET', '/me', someone, { preferredUsername: ADDRESS, email: ADDRESS });
    assert.equal(me.status, 200, me.text);
    assert.equal(me.body.member, null);
    assert.match(String(me.body.hint), /bot Réseau/);
    assert.equal(memberDocuments(), before);
    assert.ok(await app.store.get(NETWORK, `member:email:${ADDRESS}`), 'the row still waits for its owner');

    // The roster is what counts: once it gives the address, the same person is recognised.
    app.connector.setRoster(team.id, [rosterEntry(someone, ADDRESS)]);
    assert.equal(((await api('GET', '/me', someone)).body.member as { agencyCode?: string } | null)?.agencyCode, 'IOM');
  });

  it('answers the tab when the roster cannot be reached (503): not recognised, then recognised on the next request', async () => {
    const team = await installInTeam(TEST_TENANT_ID);
    const mariama = teamsUser({ name: 'Mariama Diallo' });
    app.connector.setRoster(team.id, [rosterEntry(mariama, ADDRESS)]);
    app.connector.failNext({ status: 503, match: (call) => call.kind === 'getMember' });

    const me = await api('GET', '/me', mariama);
    assert.equal(me.status, 200, me.text);
    assert.equal(me.body.member, null);
    assert.ok(app.logs.some((line) => line.msg === 'could not read a member from a team roster'));
    assert.equal(((await api('GET', '/me', mariama)).body.member as { status?: string } | null)?.status, 'confirmed');
  });
});
