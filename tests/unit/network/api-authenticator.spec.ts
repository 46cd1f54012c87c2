import assert from 'node:assert/strict';
import { AuthenticationError, EntraAuthenticator, audienceMatches } from '../../../src/api/authenticator';

const CLIENT = '3c9d8e7f-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
const USER = '0c3a1f5e-1111-4222-8333-944455566677';

describe('tab API authenticator', () => {
  const never = (async () => {
    throw new Error('no network call expected');
  }) as unknown as typeof fetch;

  it('accepts the tab’s client id and its Application ID URI as audience, nothing else', () => {
    assert.ok(audienceMatches(CLIENT, CLIENT));
    assert.ok(audienceMatches(`api://reseau.azurewebsites.net/${CLIENT}`, CLIENT));
    assert.ok(audienceMatches(`api://${CLIENT.toUpperCase()}`, CLIENT));
    assert.ok(audienceMatches(['https://graph.microsoft.com', CLIENT], CLIENT));
    assert.ok(!audienceMatches('https://graph.microsoft.com', CLIENT));
    assert.ok(!audienceMatches(`api://evil.example.org/${CLIENT}-x`, CLIENT));
    assert.ok(!audienceMatches(`https://evil.example.org/${CLIENT}`, CLIENT), 'only api:// URIs');
    assert.ok(!audienceMatches(undefined, CLIENT));
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
});
