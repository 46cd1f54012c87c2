/**
 * Authentication, from outside, in production mode (bot identity, tenant allow-list, the tab's
 * Entra app, a public URL): every token a tenant could issue or an attacker could forge that
 * must not let anyone in, the dev sign-in that must not exist, the bot endpoint's refusal of
 * unverifiable Bot Framework tokens, and the security headers. Each refusal is a 401 with the
 * code and message the tab shows, and a state-changing request it guarded changed nothing.
 */
import assert from 'node:assert/strict';
import { SignJWT } from 'jose';
import { postActivity, postRaw } from '../support/bot-client';
import { message, teamsConversation } from '../support/teams-activities';
import { APP_ID_URI, CLIENT_ID, PUBLIC_HOST, startClaimsEntra, type ClaimsEntra } from './support/claims-entra';
import { TEST_TENANT_ID, assertApiRefused, startSecurityNetwork, type ApiAnswer, type SecurityNetwork } from './support/network';

const BOT_ID = '5b4a3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d';
const FOREIGN_TENANT = '0d0e0f10-2222-4333-8444-555566667777';
/** Internals a refusal must never show: fetch errors, metadata URLs, stacks, file paths. */
const INTERNALS = /ENOTFOUND|ECONNREFUSED|EAI_AGAIN|fetch failed|openid|metadata|botframework\.com|\bat \w+ \(|\.ts:\d|\.js:\d|node_modules|Error:/i;

describe('security: authentication in production mode', function () {
  this.timeout(60_000);
  let entra: ClaimsEntra;
  let net: SecurityNetwork;
  let agencies: unknown;
  let rcIsCoChair = false;

  const rcToken = (claims: Record<string, unknown> = {}, options: Parameters<ClaimsEntra['sign']>[3] = {}) => entra.sign(TEST_TENANT_ID, net.rc.user.aadObjectId, claims, options);
  /** A co-chair's directory edit (a state-changing request) with this Authorization header. */
  const editDirectory = (authorization: string | undefined, language: 'fr' | 'en' = 'fr', extra: Record<string, string> = {}): Promise<ApiAnswer> =>
    net.api(undefined, 'PUT', '/directory', { agencies }, { language, headers: { ...(authorization !== undefined ? { authorization } : {}), ...extra } });
  const refusedWith = async (authorization: string | undefined, codes: readonly string[], language: 'fr' | 'en' = 'fr', what = '') => {
    const answer = await net.unchanged(() => editDirectory(authorization, language), what);
    assertApiRefused(answer, { status: 401, codes, language }, what);
    assert.doesNotMatch(answer.raw, INTERNALS, `${what}: no internals in the refusal`);
    return answer;
  };

  before(async function () {
    this.timeout(60_000);
    entra = await startClaimsEntra();
    net = await startSecurityNetwork({
      bare: true,
      env: {
        BOT_ID,
        BOT_PASSWORD: 'not-a-real-secret',
        ALLOWED_TENANTS: TEST_TENANT_ID,
        AAD_APP_CLIENT_ID: CLIENT_ID,
        ENTRA_AUTHORITY_URL: entra.authorityUrl,
        PUBLIC_URL: `https://${PUBLIC_HOST}`,
      },
    });
    // The RC's first contact is the tab: recognised from NETWORK_ADMINS by object id.
    const me = await net.api(undefined, 'GET', '/me', undefined, { headers: { authorization: `Bearer ${await rcToken()}` } });
    rcIsCoChair = me.status === 200 && Array.isArray(me.body.roles) && (me.body.roles as string[]).includes('coChair');
    const directory = await net.api(undefined, 'GET', '/directory', undefined, { headers: { authorization: `Bearer ${await rcToken({ aud: APP_ID_URI })}` } });
    // The body of the guarded request; refusals come before it is even read.
    agencies = directory.status === 200 ? directory.body.agencies : [{ code: 'RCO', name: { fr: 'BCR', en: 'RCO' }, emailDomains: ['un.org'], excom: false, permanentCoChair: true, secretariat: true }];
  });
  after(async () => {
    await net?.stop();
    await entra?.close();
  });

  it('(control) a valid delegated token with the exact Application ID URI lets the co-chair edit the directory', async () => {
    assert.ok(rcIsCoChair, 'the RC (NETWORK_ADMINS <oid>=cochair) is recognised as co-chair on first contact through the tab');
    const answer = await editDirectory(`Bearer ${await rcToken({ aud: APP_ID_URI })}`);
    assert.equal(answer.status, 200, answer.raw);
  });

  it('[authn] no token at all: 401 missingToken, store unchanged', async () => {
    await refusedWith(undefined, ['missingToken'], 'fr', 'no token');
  });

  it('[authn] a bearer that is not a JWT: 401 invalidToken, store unchanged', async () => {
    await refusedWith('Bearer not.a.jwt', ['invalidToken'], 'en', 'garbage');
  });

  it('[authn] a non-Bearer scheme (Basic) is not a token: 401, store unchanged', async () => {
    await refusedWith(`Basic ${Buffer.from(`${net.rc.user.aadObjectId}:x`).toString('base64')}`, ['missingToken', 'invalidToken'], 'fr', 'basic');
  });

  it('[authn] an expired token: 401 expiredToken, store unchanged', async () => {
    const now = Math.floor(Date.now() / 1000);
    await refusedWith(`Bearer ${await rcToken({ iat: now - 7200, nbf: now - 7200, exp: now - 3600 })}`, ['expiredToken'], 'en', 'expired');
  });

  it('[authn] a token not valid yet (nbf in an hour): 401, store unchanged', async () => {
    const now = Math.floor(Date.now() / 1000);
    await refusedWith(`Bearer ${await rcToken({ nbf: now + 3600 })}`, ['invalidToken', 'expiredToken'], 'fr', 'nbf');
  });

  it('[authn] a token signed with a key Entra does not publish: 401 invalidToken, store unchanged', async () => {
    await refusedWith(`Bearer ${await rcToken({}, { foreignKey: true })}`, ['invalidToken'], 'en', 'foreign key');
  });

  it('[authn] an unsigned token (alg none): 401 invalidToken, store unchanged', async () => {
    await refusedWith(`Bearer ${await rcToken({}, { header: { alg: 'none' } })}`, ['invalidToken'], 'fr', 'alg none');
  });

  it('[authn] an HS256 token (algorithm confusion with a shared secret): 401 invalidToken, store unchanged', async () => {
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({ tid: TEST_TENANT_ID, oid: net.rc.user.aadObjectId, scp: 'access_as_user', ver: '2.0' })
      .setProtectedHeader({ alg: 'HS256', kid: 'security-suite-key' })
      .setIssuer(`${entra.authorityUrl}/${TEST_TENANT_ID}/v2.0`)
      .setAudience(CLIENT_ID)
      .setIssuedAt(now - 60)
      .setExpirationTime(now + 3600)
      .sign(new TextEncoder().encode('a-guessed-shared-secret-of-32-bytes!'));
    await refusedWith(`Bearer ${forged}`, ['invalidToken'], 'en', 'HS256');
  });

  it('[authn] a token for another app (audience): 401 wrongAudience, store unchanged', async () => {
    await refusedWith(`Bearer ${await rcToken({ aud: 'api://other.example.org/11111111-2222-4333-8444-555555555555' })}`, ['wrongAudience'], 'fr', 'other app');
  });

  it('[authn] an Application ID URI on another host with our client id (api://evil.example/<clientId>): 401 wrongAudience, store unchanged', async () => {
    await refusedWith(`Bearer ${await rcToken({ aud: `api://evil.example/${CLIENT_ID}` })}`, ['wrongAudience'], 'en', 'evil app id uri');
  });

  it('[authn] an audience that only contains the client id as a substring: 401 wrongAudience, store unchanged', async () => {
    await refusedWith(`Bearer ${await rcToken({ aud: `${CLIENT_ID}-evil` })}`, ['wrongAudience'], 'fr', 'substring audience');
  });

  it('[authn] a delegated token without any scope (no scp): 401 missingScope, store unchanged', async () => {
    await refusedWith(`Bearer ${await rcToken({}, { without: ['scp'] })}`, ['missingScope', 'appOnlyToken'], 'en', 'no scp');
  });

  it('[authn] a delegated token for another scope (scp User.Read): 401 missingScope, store unchanged', async () => {
    await refusedWith(`Bearer ${await rcToken({ scp: 'User.Read openid profile' })}`, ['missingScope'], 'fr', 'User.Read');
  });

  it('[authn] an app-only token (idtyp=app, roles, no scp) carrying the co-chair’s oid: 401 appOnlyToken, store unchanged', async () => {
    await refusedWith(`Bearer ${await rcToken({ idtyp: 'app', roles: ['Directory.ReadWrite.All'] }, { without: ['scp'] })}`, ['appOnlyToken'], 'en', 'app-only');
  });

  it('[authn] a token without iat: 401 invalidToken, store unchanged', async () => {
    await refusedWith(`Bearer ${await rcToken({}, { without: ['iat'] })}`, ['invalidToken'], 'fr', 'no iat');
  });

  it('[authn] a token without exp: 401 invalidToken, store unchanged', async () => {
    await refusedWith(`Bearer ${await rcToken({}, { without: ['exp'] })}`, ['invalidToken'], 'en', 'no exp');
  });

  it('[authn] a token without tid: 401, store unchanged', async () => {
    await refusedWith(`Bearer ${await rcToken({}, { without: ['tid'] })}`, ['invalidToken', 'foreignTenant'], 'fr', 'no tid');
  });

  it('[authn] a token without oid: 401 invalidToken, store unchanged', async () => {
    await refusedWith(`Bearer ${await rcToken({}, { without: ['oid'] })}`, ['invalidToken'], 'en', 'no oid');
  });

  it('[authn] a token from another issuer: 401 invalidToken, store unchanged', async () => {
    await refusedWith(`Bearer ${await rcToken({ iss: 'https://evil.example.org/v2.0' })}`, ['invalidToken'], 'fr', 'issuer');
  });

  it('[authn] a token from a tenant outside ALLOWED_TENANTS: 401 foreignTenant without fetching its keys, store unchanged', async () => {
    const before = entra.requests.length;
    const token = await entra.sign(FOREIGN_TENANT, net.rc.user.aadObjectId, { iss: `${entra.authorityUrl}/${FOREIGN_TENANT}/v2.0` });
    await refusedWith(`Bearer ${token}`, ['foreignTenant'], 'en', 'foreign tenant');
    assert.ok(!entra.requests.slice(before).some((path) => path.includes(FOREIGN_TENANT)), 'no key fetched for a foreign tenant');
  });

  it('[authn] a token passed in the query string is ignored: 401 missingToken, store unchanged', async () => {
    const token = await rcToken();
    const answer = await net.unchanged(async () => {
      const response = await fetch(`${net.app.url}/api/v1/directory?access_token=${token}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ agencies }) });
      return { status: response.status, text: await response.text() };
    }, 'query token');
    assert.equal(answer.status, 401, answer.text);
    assert.equal((JSON.parse(answer.text) as { code: string }).code, 'missingToken');
  });

  it('[authn] the dev sign-in header does not exist in production: 401, store unchanged', async () => {
    const answer = await net.unchanged(() => editDirectory(undefined, 'en', { 'x-reseau-dev-user': net.rc.user.aadObjectId }), 'dev sign-in');
    assertApiRefused(answer, { status: 401, codes: ['devSignInRefused', 'missingToken'], language: 'en' }, 'dev sign-in');
  });

  it('[authn] the dev sign-in header next to a forged token does not help: 401, store unchanged', async () => {
    const forged = await rcToken({}, { foreignKey: true });
    const answer = await net.unchanged(() => editDirectory(`Bearer ${forged}`, 'fr', { 'x-reseau-dev-user': net.rc.user.aadObjectId, 'x-reseau-dev-tenant': TEST_TENANT_ID }), 'dev + forged');
    assertApiRefused(answer, { status: 401, codes: ['invalidToken', 'devSignInRefused'], language: 'fr' }, 'dev + forged');
  });

  it('[authn] /api/v1/dev/members does not exist in production: 404, no object id listed', async () => {
    const response = await net.unchanged(() => fetch(`${net.app.url}/api/v1/dev/members`), 'dev members');
    const body = await response.text();
    assert.equal(response.status, 404, body);
    assert.ok(!body.includes(net.rc.user.aadObjectId), 'no admin object id leaks');
  });

  it('[authn] the bot endpoint refuses an activity without a Bot Framework token: 401, store unchanged, nothing sent', async () => {
    const response = await net.unchanged(() => postActivity(net.app.url, message({ serviceUrl: net.app.connector.serviceUrl, user: net.rc.user, conversation: teamsConversation('personal'), text: 'membres' })), 'bot no token');
    assert.equal(response.status, 401);
    assert.doesNotMatch(JSON.stringify(response.body), INTERNALS);
  });

  it('[authn] the bot endpoint refuses a Bot Framework token it cannot verify with a generic 401 JSON body (never a 500 with internal text), store unchanged', async () => {
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({ serviceurl: net.app.connector.serviceUrl, ver: '1.0' })
      .setProtectedHeader({ alg: 'RS256', kid: 'not-a-botframework-key', typ: 'JWT' })
      .setIssuer('https://api.botframework.com')
      .setAudience(BOT_ID)
      .setIssuedAt(now - 60)
      .setNotBefore(now - 60)
      .setExpirationTime(now + 3600)
      .sign((await import('node:crypto')).generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
    const response = await net.unchanged(
      () => postActivity(net.app.url, message({ serviceUrl: net.app.connector.serviceUrl, user: net.rc.user, conversation: teamsConversation('personal'), text: 'membres' }), { headers: { authorization: `Bearer ${forged}` } }),
      'bot forged token',
    );
    assert.equal(response.status, 401, JSON.stringify(response.body));
    assert.match(response.headers['content-type'] ?? '', /json/, 'a JSON body');
    assert.doesNotMatch(JSON.stringify(response.body), INTERNALS, 'no internal text');
  });

  it('[authn] the bot endpoint refuses a broken Authorization header with 401 and a generic body, store unchanged', async () => {
    const response = await net.unchanged(
      () => postRaw(net.app.url, JSON.stringify(message({ serviceUrl: net.app.connector.serviceUrl, text: 'aide' })), 'application/json', { headers: { authorization: 'Bearer a.b' } }),
      'bot broken header',
    );
    assert.equal(response.status, 401, JSON.stringify(response.body));
    assert.doesNotMatch(JSON.stringify(response.body), INTERNALS);
  });

  it('[headers] every API answer, a 401 included, says X-Content-Type-Options: nosniff and carries a Content-Security-Policy', async () => {
    const refused = await editDirectory(undefined);
    assert.equal(refused.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(refused.headers.get('content-security-policy'), 'a CSP on the JSON API');
    const ok = await net.api(undefined, 'GET', '/directory', undefined, { headers: { authorization: `Bearer ${await rcToken()}` } });
    assert.equal(ok.headers.get('x-content-type-options'), 'nosniff');
    const bot = await postActivity(net.app.url, message({ serviceUrl: net.app.connector.serviceUrl, text: 'aide' }));
    assert.equal(bot.headers['x-content-type-options'], 'nosniff', 'the bot endpoint too');
  });

  it('[headers] the tab is served with nosniff and a restrictive CSP (default-src \'self\', frame-ancestors for Teams only)', async () => {
    const response = await fetch(`${net.app.url}/tab`);
    await response.text();
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'self'/, csp);
    assert.match(csp, /frame-ancestors [^;]*teams\.microsoft\.com/, csp);
    assert.doesNotMatch(csp, /frame-ancestors [^;]*\*(?!\.)/, 'no wildcard framing');
    assert.doesNotMatch(csp, /script-src[^;]*'unsafe-eval'/, csp);
  });
});
