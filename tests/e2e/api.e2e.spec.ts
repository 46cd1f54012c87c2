/**
 * The tab API (/api/v1) behind Teams SSO, in production mode as in Azure: tokens signed by a
 * local stand-in for Entra ID (its own RSA key, JWKS and OpenID configuration), validated by
 * the app exactly as in Azure; people first meet the bot through /api/messages with a signed
 * Bot Framework token from the same stand-in.
 */
import assert from 'node:assert/strict';
import type { Agency } from '../../src/network/model';
import { startLocalEntra, type LocalEntra } from '../support/local-entra';
import { startReseauUnderTest, type ReseauUnderTest } from '../support/reseau-under-test';
import { TEST_TENANT_ID, message, teamsConversation, teamsUser, type TeamsUser } from '../support/teams-activities';

const CLIENT_ID = '3c9d8e7f-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
const FOREIGN_TENANT = '0d0e0f10-2222-4333-8444-555566667777';
const PUBLIC_URL = 'https://reseau.example.org';
/** The Application ID URI Réseau derives from PUBLIC_URL: api://<its host>/<client id>. */
const AUDIENCE = `api://reseau.example.org/${CLIENT_ID}`;

interface ApiAnswer {
  readonly status: number;
  readonly body: { code?: string; message?: string } & Record<string, unknown>;
  readonly text: string;
}

describe('tab API /api/v1 behind Teams SSO', function () {
  this.timeout(30_000);
  let entra: LocalEntra;
  let app: ReseauUnderTest;
  let rc: TeamsUser;
  let member: TeamsUser;

  const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<ApiAnswer> => {
    const response = await fetch(`${app.url}/api/v1${path}`, {
      method,
      headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    let parsed: ApiAnswer['body'] = {};
    try {
      parsed = JSON.parse(text) as ApiAnswer['body'];
    } catch {
      // CSV downloads are not JSON.
    }
    return { status: response.status, body: parsed, text };
  };
  const bearer = async (user: TeamsUser, overrides: Partial<Parameters<LocalEntra['token']>[0]> = {}) => ({
    authorization: `Bearer ${await entra.token({ tid: TEST_TENANT_ID, oid: user.aadObjectId, aud: AUDIENCE, name: user.name, ...overrides })}`,
  });
  /** People come in through the bot (first contact), as in Teams. */
  const meet = async (user: TeamsUser) => {
    const chat = teamsConversation('personal');
    app.connector.setRoster(chat.id, [{ id: user.id, name: user.name, aadObjectId: user.aadObjectId, email: user.email, userPrincipalName: user.email }]);
    const answer = await app.post(message({ serviceUrl: app.connector.serviceUrl, user, conversation: chat, text: 'bonjour' }));
    assert.equal(answer.status, 200, 'a signed activity is let in');
  };

  before(async () => {
    entra = await startLocalEntra();
  });
  after(async () => {
    await entra.close();
  });

  /** Production mode with the tab's app registration: the RC is a NETWORK_ADMINS co-chair by tenant + object id. */
  const startProduction = (admins: string) =>
    startReseauUnderTest({ production: { entra }, env: { AAD_APP_CLIENT_ID: CLIENT_ID, PUBLIC_URL, NETWORK_ADMINS: admins } });

  describe('in production mode, with the tab’s app registration configured', () => {
    beforeEach(async () => {
      rc = teamsUser({ name: 'Coordonnatrice Résidente', email: 'rc.guinee@un.org', userPrincipalName: 'rc.guinee@un.org' });
      member = teamsUser({ name: 'Ibrahima Sylla', email: 'i.sylla@wfp.org', userPrincipalName: 'i.sylla@wfp.org' });
      app = await startProduction(`${TEST_TENANT_ID}/${rc.aadObjectId}=cochair`);
      await meet(rc);
    });
    afterEach(async () => {
      await app?.stop();
    });

    it('serves the directory to a valid Teams token and lets a co-chair edit it, with an audit entry', async () => {
      const auth = await bearer(rc);
      const directory = await call('GET', '/directory', auth);
      assert.equal(directory.status, 200, directory.text);
      const agencies = directory.body.agencies as Agency[];
      assert.equal(agencies.length, 17);
      assert.equal((directory.body.rotation as { current: { agencyCode: string } }).current.agencyCode, 'UNDP');

      const renamed = agencies.map((agency) => (agency.code === 'WFP' ? { ...agency, name: { fr: 'Programme alimentaire mondial', en: 'World Food Programme' } } : agency));
      const put = await call('PUT', '/directory', auth, { agencies: [...renamed, { code: 'UNV', name: { fr: 'VNU', en: 'UNV' }, emailDomains: ['unv.org'], excom: false, permanentCoChair: false, secretariat: false }] });
      assert.equal(put.status, 200, put.text);
      const after = await call('GET', '/directory', auth);
      assert.equal((after.body.agencies as Agency[]).find((agency) => agency.code === 'WFP')?.name.en, 'World Food Programme');
      assert.ok((after.body.agencies as Agency[]).some((agency) => agency.code === 'UNV'));
      const audit = await call('GET', '/audit?subject=directory', auth);
      assert.equal((audit.body.entries as { action: string; actor: string }[])[0]?.action, 'directory.update');
      assert.equal((audit.body.entries as { actor: string }[])[0]?.actor, rc.aadObjectId.toLowerCase());
    });

    it('accepts a v1 token (issuer sts.windows.net) and an audience that is the bare client id', async () => {
      const v1 = await call('GET', '/me', await bearer(rc, { iss: `https://sts.windows.net/${TEST_TENANT_ID}/`, aud: CLIENT_ID }));
      assert.equal(v1.status, 200, v1.text);
      assert.ok((v1.body.roles as string[]).includes('coChair'));
      assert.ok((v1.body.allowed as string[]).includes('manageDirectory'));
    });

    it('checks rights on the server: a plain member reads but cannot edit the directory, and nothing changes', async () => {
      await meet(member);
      // Confirmed through the service as the RC would from the card (the card flow has its own e2e test).
      await app.reseau.membership.requestToJoin('gn', { aadObjectId: member.aadObjectId, tenantId: TEST_TENANT_ID, name: member.name, language: 'fr' }, 'WFP', 'member');
      await app.reseau.membership.confirm('gn', rc.aadObjectId, member.aadObjectId, 'WFP');
      const auth = await bearer(member);
      const read = await call('GET', '/directory', auth);
      assert.equal(read.status, 200);
      const put = await call('PUT', '/directory', { ...auth, 'accept-language': 'en-GB' }, { agencies: [] });
      assert.equal(put.status, 400, 'an empty directory is invalid before rights are even asked');
      // A complete directory as a co-chair reads it (a member's view leaves out what they may not read).
      const complete = await call('GET', '/directory', await bearer(rc));
      const denied = await call('PUT', '/directory', { ...auth, 'accept-language': 'en-GB' }, { agencies: complete.body.agencies });
      assert.equal(denied.status, 403);
      assert.equal(denied.body.code, 'forbidden');
      assert.match(String(denied.body.message), /does not allow this; nothing was changed/);
      assert.deepEqual((await call('GET', '/directory', auth)).body.agencies, read.body.agencies, 'nothing changed');
      const members = await call('GET', '/members', auth);
      assert.equal(members.status, 200);
    });

    it('lets a focal point manage their own agency’s members over HTTP, and refuses another agency’s', async () => {
      const focal = teamsUser({ name: 'Point focal PAM', email: 'pf@wfp.org', userPrincipalName: 'pf@wfp.org' });
      const colleague = teamsUser({ name: 'Collègue PAM' });
      const stranger = teamsUser({ name: 'Membre FAO' });
      for (const [user, agency, role] of [[focal, 'WFP', 'focalPoint'], [colleague, 'WFP', 'member'], [stranger, 'FAO', 'member']] as const) {
        await app.reseau.membership.requestToJoin('gn', { aadObjectId: user.aadObjectId, tenantId: TEST_TENANT_ID, name: user.name, language: 'fr' }, agency, role);
        await app.reseau.membership.confirm('gn', rc.aadObjectId, user.aadObjectId, agency);
      }
      const auth = { ...(await bearer(focal)), 'accept-language': 'fr-FR' };
      const own = await call('PUT', `/members/member:${colleague.aadObjectId}`, auth, { agencyRole: 'alternate' });
      assert.equal(own.status, 200, own.text);
      assert.equal(own.body.agencyRole, 'alternate');
      const other = await call('PUT', `/members/member:${stranger.aadObjectId}`, auth, { agencyRole: 'alternate' });
      assert.equal(other.status, 403);
      assert.equal(other.body.code, 'otherAgency');
      assert.match(String(other.body.message), /que les membres de votre agence/);
      const self = await call('PUT', `/members/member:${focal.aadObjectId}`, auth, { agencyCode: 'IOM' });
      assert.equal(self.status, 403);
      assert.equal(self.body.code, 'ownMembership');
      const tampered = await call('PUT', `/members/member:${stranger.aadObjectId}`, auth, { agencyRole: 'alternate', networkId: 'sn' });
      assert.equal(tampered.status, 400, 'unknown fields are refused');
      const trail = await call('GET', `/audit?subject=${encodeURIComponent(`member:${stranger.aadObjectId}`)}`, await bearer(rc));
      assert.ok(!(trail.body.entries as { action: string }[]).some((entry) => entry.action === 'member.change'), 'nothing changed for the other agency');
    });

    it('refuses an expired token with 401 and says so in the reader’s language', async () => {
      const answer = await call('GET', '/directory', { ...(await bearer(rc, { expiresIn: -3600 })), 'accept-language': 'fr-FR' });
      assert.equal(answer.status, 401);
      assert.equal(answer.body.code, 'expiredToken');
      assert.match(String(answer.body.message), /Connexion requise/);
    });

    it('refuses a token from a tenant outside ALLOWED_TENANTS without fetching its keys', async () => {
      const before = entra.requests.length;
      const answer = await call('GET', '/directory', await bearer(rc, { tid: FOREIGN_TENANT, iss: `${entra.authorityUrl}/${FOREIGN_TENANT}/v2.0` }));
      assert.equal(answer.status, 401);
      assert.equal(answer.body.code, 'foreignTenant');
      assert.ok(!entra.requests.slice(before).some((path) => path.includes(FOREIGN_TENANT)));
    });

    it('refuses a token for another app (wrong audience)', async () => {
      const answer = await call('GET', '/directory', { ...(await bearer(rc, { aud: 'api://other.example.org/11111111-2222-4333-8444-555555555555' })), 'accept-language': 'en' });
      assert.equal(answer.status, 401);
      assert.equal(answer.body.code, 'wrongAudience');
      assert.match(String(answer.body.message), /Sign-in required/);
    });

    it('refuses a token signed with a key Entra does not publish, a wrong issuer, and no token at all', async () => {
      assert.equal((await call('GET', '/directory', await bearer(rc, { foreignKey: true }))).body.code, 'invalidToken');
      assert.equal((await call('GET', '/directory', await bearer(rc, { iss: 'https://evil.example.org/v2.0' }))).body.code, 'invalidToken');
      const none = await call('GET', '/directory', {});
      assert.equal(none.status, 401);
      assert.equal(none.body.code, 'missingToken');
    });

    it('recognises an admin whose first contact is the tab by tenant and object id, and nobody from an email claim', async () => {
      const officer = teamsUser({ name: 'RCO Officer', email: 'officer@un.org', userPrincipalName: 'officer@un.org' });
      await app.stop();
      app = await startProduction(`${TEST_TENANT_ID}/${officer.aadObjectId}`);
      const impostor = await call('GET', '/me', await bearer(teamsUser({ name: 'Not the officer' }), { preferredUsername: 'officer@un.org', email: 'officer@un.org' }));
      assert.equal(impostor.status, 200, impostor.text);
      assert.deepEqual(impostor.body.roles, [], 'the officer’s address in a token makes nobody an admin');
      const me = await call('GET', '/me', await bearer(officer));
      assert.equal(me.status, 200, me.text);
      assert.ok((me.body.roles as string[]).includes('secretariat'), JSON.stringify(me.body.roles));
      assert.ok((me.body.allowed as string[]).includes('importMembers'));
    });

    it('refuses an Application ID URI on another host, an app-only token, a token without access_as_user and one without iat', async () => {
      for (const [overrides, code] of [
        [{ aud: `api://evil.example/${CLIENT_ID}` }, 'wrongAudience'],
        [{ idtyp: 'app' as const }, 'appOnlyToken'],
        [{ without: ['scp' as const], roles: ['Directory.ReadWrite'] }, 'appOnlyToken'],
        [{ scp: 'User.Read' }, 'missingScope'],
        [{ without: ['iat' as const] }, 'invalidToken'],
      ] as const) {
        const answer = await call('GET', '/directory', { ...(await bearer(rc, overrides)), 'accept-language': 'en' });
        assert.equal(answer.status, 401, JSON.stringify(overrides));
        assert.equal(answer.body.code, code, JSON.stringify(overrides));
        assert.match(String(answer.body.message), /Sign-in required/);
      }
    });

    it('refuses the dev sign-in header', async () => {
      const answer = await call('GET', '/me', { 'x-reseau-dev-user': rc.aadObjectId, 'accept-language': 'en-US' });
      assert.equal(answer.status, 401);
      assert.equal(answer.body.code, 'devSignInRefused');
      assert.match(String(answer.body.message), /only available in local mode/);
      assert.equal((await call('GET', '/dev/members', {})).status, 404, 'the dev routes are not mounted');
    });

    it('accepts a valid Teams token of someone the network does not know yet', async () => {
      const answer = await call('GET', '/me', await bearer(teamsUser()));
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual(answer.body.roles, [], 'a stranger has no role yet');
    });

    it('imports a CSV from the tab, reporting rejected rows, and exports the list', async () => {
      const auth = await bearer(rc);
      const report = await call('POST', '/members/import', auth, { csv: 'agency,name,email,role\nWFP,Ibrahima Sylla,i.sylla@wfp.org,member\nNOPE,X,x@nope.org,member\n' });
      assert.equal(report.status, 200, report.text);
      assert.equal(report.body.created, 1);
      assert.deepEqual((report.body.rejected as { line: number; rejection: string }[]).map((row) => [row.line, row.rejection]), [[3, 'unknownAgency']]);
      const csv = await call('GET', '/members/export', auth);
      assert.equal(csv.status, 200);
      assert.match(csv.text, /^agency,name,email,role,status/);
      assert.match(csv.text, /WFP,Ibrahima Sylla,i\.sylla@wfp\.org,member,confirmed/);
    });
  });

  describe('in local mode (nothing of production set)', () => {
    beforeEach(async () => {
      rc = teamsUser({ name: 'Coordonnatrice Résidente' });
      app = await startReseauUnderTest({ env: { NETWORK_ADMINS: `${rc.aadObjectId}=cochair` } });
      await meet(rc);
    });
    afterEach(async () => {
      await app?.stop();
    });

    it('accepts the labelled dev sign-in', async () => {
      const answer = await call('GET', '/me', { 'x-reseau-dev-user': rc.aadObjectId });
      assert.equal(answer.status, 200, answer.text);
      assert.ok((answer.body.roles as string[]).includes('coChair'));
    });

    it('accepts no Teams token: there is no tab app registration to check it against', async () => {
      const answer = await call('GET', '/me', await bearer(rc));
      assert.equal(answer.status, 401);
      assert.equal(answer.body.code, 'notConfigured');
    });
  });
});
