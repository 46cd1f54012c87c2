import assert from 'node:assert/strict';
import { AuthenticationError, EntraAuthenticator, audienceMatches } from '../../../src/api/authenticator';
import { startLocalEntra, type LocalEntra, type TokenClaims } from '../../support/local-entra';

const CLIENT = '3c9d8e7f-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
const APP_ID_URI = `api://reseau.example.org/${CLIENT}`;
const USER = '0c3a1f5e-1111-4222-8333-944455566677';
const TENANT = '6f1c2a4e-3b7d-4c59-9e0a-1d2b3c4d5e6f';

describe('tab API authenticator', () => {
  const never = (async () => {
    throw new Error('no network call expected');
  }) as unknown as typeof fetch;

  it('accepts exactly the tab’s client id or its Application ID URI as audience, nothing that merely ends like them', () => {
    const accepted = [CLIENT, APP_ID_URI];
    assert.ok(audienceMatches(CLIENT, accepted));
    assert.ok(audienceMatches(CLIENT.toUpperCase(), accepted));
    assert.ok(audienceMatches(APP_ID_URI, accepted));
    assert.ok(audienceMatches(['https://graph.microsoft.com', CLIENT], accepted));
    assert.ok(!audienceMatches(`api://evil.example/${CLIENT}`, accepted), 'anyone can register an app with this URI');
    assert.ok(!audienceMatches(`api://${CLIENT}`, accepted), 'not configured, so not accepted');
    assert.ok(!audienceMatches(`${APP_ID_URI}/x`, accepted));
    assert.ok(!audienceMatches(`https://evil.example.org/${CLIENT}`, accepted));
    assert.ok(!audienceMatches('https://graph.microsoft.com', accepted));
    assert.ok(!audienceMatches(undefined, accepted));
    assert.ok(!audienceMatches(APP_ID_URI, [CLIENT]), 'without an Application ID URI configured, the client id only');
  });

  it('takes the dev sign-in only in local mode, and only an object id', async () => {
    const local = new EntraAuthenticator({ allowedTenants: [], authorityUrl: 'http://127.0.0.1:1', localMode: true, fetch: never });
    assert.deepEqual(await local.authenticate({ 'x-reseau-dev-user': USER.toUpperCase() }), { aadObjectId: USER, tenantId: '', via: 'devSignIn' });
    await assert.rejects(local.authenticate({ 'x-reseau-dev-user': 'admin' }), { code: 'invalidToken' });
    const azure = new EntraAuthenticator({ clientId: CLIENT, allowedTenants: [USER], authorityUrl: 'http://127.0.0.1:1', localMode: false, fetch: never });
    await assert.rejects(azure.authenticate({ 'x-reseau-dev-user': USER }), (error: unknown) => error instanceof AuthenticationError && error.code === 'devSignInRefused');
  });

  it('refuses without calling out: no token, not a JWT, no client id configured', async () => {
    const azure = new EntraAuthenticator({ clientId: CLIENT, allowedTenants: [], authorityUrl: 'http://127.0.0.1:1', localMode: false, fetch: never });
    await assert.rejects(azure.authenticate({}), { code: 'missingToken' });
    await assert.rejects(azure.authenticate({ authorization: 'Basic abc' }), { code: 'missingToken' });
    await assert.rejects(azure.authenticate({ authorization: 'Bearer not.a.jwt' }), { code: 'invalidToken' });
    const unconfigured = new EntraAuthenticator({ allowedTenants: [], authorityUrl: 'http://127.0.0.1:1', localMode: true, fetch: never });
    await assert.rejects(unconfigured.authenticate({ authorization: 'Bearer a.b.c' }), { code: 'notConfigured' });
  });

  describe('with tokens signed by a local Entra', () => {
    let entra: LocalEntra;
    let authenticator: EntraAuthenticator;
    before(async () => {
      entra = await startLocalEntra();
      authenticator = new EntraAuthenticator({ clientId: CLIENT, appIdUri: APP_ID_URI, allowedTenants: [TENANT], authorityUrl: entra.authorityUrl, localMode: false });
    });
    after(async () => {
      await entra?.close();
    });
    const signIn = async (claims: Partial<TokenClaims> = {}) =>
      authenticator.authenticate({ authorization: `Bearer ${await entra.token({ tid: TENANT, oid: USER, aud: CLIENT, ...claims })}` });

    it('knows the user by tenant and object id only: no email, whatever the token claims', async () => {
      const user = await signIn({ name: 'Aïssatou Barry', preferredUsername: 'rc@un.org', email: 'rc@un.org' });
      assert.deepEqual(user, { aadObjectId: USER, tenantId: TENANT, name: 'Aïssatou Barry', via: 'teamsSso' });
      assert.deepEqual(await signIn({ aud: APP_ID_URI, scp: 'User.Read access_as_user' }), { aadObjectId: USER, tenantId: TENANT, via: 'teamsSso' });
    });

    it('validates an external member’s token from their own home tenant like any allowed tenant’s (a tab in a shared channel), and refuses a tenant outside the list', async () => {
      // The tab in a channel hosted by tenant A, opened by a member of agency B working from B:
      // Teams issues the SSO token in B, signed with B's keys, with B as tid.
      const AGENCY_B = '0f8276ea-111b-4af6-9512-79ce81d5dea1';
      const FOREIGN = '0d3f5a1c-9e2b-4c7d-8a6f-112233445566';
      const network = new EntraAuthenticator({ clientId: CLIENT, allowedTenants: [TENANT, AGENCY_B], authorityUrl: entra.authorityUrl, localMode: false });
      const external = await network.authenticate({ authorization: `Bearer ${await entra.token({ tid: AGENCY_B, oid: USER, aud: CLIENT })}` });
      assert.deepEqual(external, { aadObjectId: USER, tenantId: AGENCY_B, via: 'teamsSso' });
      await assert.rejects(network.authenticate({ authorization: `Bearer ${await entra.token({ tid: FOREIGN, oid: USER, aud: CLIENT })}` }), { code: 'foreignTenant' });
    });

    it('refuses an Application ID URI that is not the configured one', async () => {
      await assert.rejects(signIn({ aud: `api://evil.example/${CLIENT}` }), { code: 'wrongAudience' });
      await assert.rejects(signIn({ aud: `api://${CLIENT}` }), { code: 'wrongAudience' });
    });

    for (const claim of ['exp', 'iat', 'tid', 'oid'] as const) {
      it(`refuses a token without ${claim}`, async () => {
        await assert.rejects(signIn({ without: [claim] }), { code: 'invalidToken' });
      });
    }

    it('refuses application tokens (no scp, or idtyp=app) and user tokens without access_as_user', async () => {
      await assert.rejects(signIn({ without: ['scp'], roles: ['Network.ReadWrite'] }), { code: 'appOnlyToken' });
      await assert.rejects(signIn({ idtyp: 'app' }), { code: 'appOnlyToken' });
      await assert.rejects(signIn({ scp: 'User.Read' }), { code: 'missingScope' });
      await assert.rejects(signIn({ scp: 'access_as_user_extended' }), { code: 'missingScope' });
      assert.equal((await signIn({ idtyp: 'user' })).aadObjectId, USER);
    });
  });
});
