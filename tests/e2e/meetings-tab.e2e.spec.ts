/**
 * The tab as the server serves it: the built page and its hashed assets with the right content
 * types and cache headers, the Teams pages (/tab/config, /tab/auth-end), the manifest's privacy
 * and terms pages, a readable page when the tab was not built, and the meetings API behind
 * Teams SSO (expired token, another audience, another tenant, no token → 401).
 */
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TabAssets } from '../../src/tab/tab-assets';
import { startLocalEntra, type LocalEntra } from '../support/local-entra';
import { startReseauUnderTest, type ReseauUnderTest } from '../support/reseau-under-test';
import { TEST_TENANT_ID, teamsUser } from '../support/teams-activities';

const CLIENT_ID = '3c9d8e7f-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
const AUDIENCE = `api://reseau.example.org/${CLIENT_ID}`;
const RC_OBJECT_ID = '5f0c2b1a-7d3e-4c8b-9a6f-0e1d2c3b4a59';

describe('the tab as served, and the meetings API behind Teams SSO', function () {
  this.timeout(30_000);

  describe('static files', () => {
    let dir: string;
    before(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'reseau-tab-'));
      await mkdir(path.join(dir, 'assets'));
      await writeFile(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/tab/assets/index-abc123.js"></script>');
      await writeFile(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
      await writeFile(path.join(dir, 'assets', 'index-abc123.css'), 'body{}');
    });
    after(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('serves the page uncached for every tab URL, and hashed assets cached for a year with their content type', async () => {
      const tab = new TabAssets(dir);
      for (const url of ['/tab', '/tab/', '/tab/config', '/tab/auth-end']) {
        const page = await tab.respond(url);
        assert.equal(page.status, 200);
        assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
        assert.equal(page.headers['cache-control'], 'no-cache');
        assert.match(String(page.body), /id="root"/);
        assert.match(page.headers['content-security-policy'] ?? '', /frame-ancestors 'self' https:\/\/teams\.microsoft\.com/);
      }
      const script = await tab.respond('/tab/assets/index-abc123.js');
      assert.equal(script.headers['content-type'], 'text/javascript; charset=utf-8');
      assert.equal(script.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.equal((await tab.respond('/tab/assets/index-abc123.css')).headers['content-type'], 'text/css; charset=utf-8');
      assert.equal((await tab.respond('/tab/assets/missing.js')).status, 404);
      assert.equal((await tab.respond('/tab/assets/..%2F..%2Fpackage.json')).status, 200, 'not an asset name: the page, never a file outside');
    });

    it('says so in French and English when the tab was not built', async () => {
      const page = await new TabAssets(path.join(dir, 'nowhere')).respond('/tab');
      assert.equal(page.status, 200);
      assert.match(String(page.body), /n’a pas été construit/);
      assert.match(String(page.body), /it was not built/);
    });
  });

  describe('through the server', () => {
    let entra: LocalEntra;
    let app: ReseauUnderTest;
    before(async () => {
      entra = await startLocalEntra();
      // Production mode, as in Azure: the tab's app registration is a production setting.
      app = await startReseauUnderTest({
        production: { entra },
        env: { AAD_APP_CLIENT_ID: CLIENT_ID, AAD_APP_ID_URI: AUDIENCE, NETWORK_ADMINS: `${TEST_TENANT_ID}/${RC_OBJECT_ID}=cochair` },
      });
    });
    after(async () => {
      await app?.stop();
      await entra?.close();
    });

    it('serves /tab, /privacy and /terms as HTML', async () => {
      const tab = await fetch(`${app.url}/tab`);
      assert.equal(tab.status, 200);
      assert.match(tab.headers.get('content-type') ?? '', /text\/html/);
      const policy = tab.headers.get('content-security-policy') ?? '';
      assert.match(policy, /default-src 'self'/, 'the tab loads only its own files');
      assert.match(policy, /frame-ancestors 'self' https:\/\/teams\.microsoft\.com/, 'and only Teams may frame it');
      for (const page of ['/privacy', '/terms']) {
        const response = await fetch(`${app.url}${page}`);
        assert.equal(response.status, 200);
        assert.match(await response.text(), page === '/privacy' ? /Confidentialité[\s\S]*Privacy/ : /Conditions d’utilisation[\s\S]*Terms of use/);
      }
    });

    it('refuses the meetings API without a token, with an expired one, one for another audience or another tenant (401)', async () => {
      const user = teamsUser();
      const meetings = (headers: Record<string, string>) => fetch(`${app.url}/api/v1/meetings`, { headers: { 'accept-language': 'en', ...headers } });
      const bearer = async (overrides: Partial<Parameters<LocalEntra['token']>[0]>) => ({ authorization: `Bearer ${await entra.token({ tid: TEST_TENANT_ID, oid: user.aadObjectId, aud: AUDIENCE, ...overrides })}` });
      for (const headers of [
        {},
        await bearer({ expiresIn: -3600 }),
        await bearer({ aud: 'api://elsewhere.example.org/11111111-2222-4333-8444-555555555555' }),
        await bearer({ tid: '0d0e0f10-2222-4333-8444-555566667777' }),
        await bearer({ foreignKey: true }),
      ]) {
        const response = await meetings(headers);
        assert.equal(response.status, 401, JSON.stringify(Object.keys(headers)));
        assert.match(((await response.json()) as { message: string }).message, /Sign-in required|Connexion requise/);
      }
      const valid = await meetings(await bearer({}));
      assert.equal(valid.status, 403, 'a valid token of someone who is not a member: known, but not allowed');
    });
  });
});
