import assert from 'node:assert/strict';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';

const TENANT_A = '11111111-2222-3333-4444-555555555555';
const TENANT_B = 'AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE';
const BOT = '99999999-8888-7777-6666-555555555555';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env, '/srv/reseau');
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return [...error.problems];
  }
  assert.fail('expected a ConfigError');
}

describe('config', () => {
  it('runs in local mode with nothing set: SQLite under ./data, anonymous bot, port 3978, network gn', () => {
    const config = loadConfig({}, '/srv/reseau');
    assert.deepEqual(config.store, { kind: 'sqlite', dataDir: path.resolve('/srv/reseau', './data') });
    assert.equal(config.bot, undefined);
    assert.equal(config.port, 3978);
    assert.equal(config.networkId, 'gn');
    assert.deepEqual(config.allowedTenants, []);
    assert.equal(config.localMode, true);
  });

  it('treats blank values as unset', () => {
    const config = loadConfig({ PORT: ' ', BOT_ID: '', COSMOS_ENDPOINT: '' }, '/srv/reseau');
    assert.equal(config.port, 3978);
    assert.equal(config.localMode, true);
  });

  it('selects Cosmos DB with a key, or with the managed identity when no key is given', () => {
    const withKey = loadConfig({ COSMOS_ENDPOINT: 'https://reseau.documents.azure.com:443/', COSMOS_KEY: 'k' });
    assert.deepEqual(withKey.store, {
      kind: 'cosmos',
      endpoint: 'https://reseau.documents.azure.com:443/',
      key: 'k',
      databaseId: 'reseau',
      containerId: 'documents',
    });
    const withIdentity = loadConfig({ COSMOS_ENDPOINT: 'https://reseau.documents.azure.com:443/', MANAGED_IDENTITY_CLIENT_ID: BOT });
    assert.equal(withIdentity.store.kind === 'cosmos' && withIdentity.store.key, undefined);
    assert.equal(withIdentity.store.kind === 'cosmos' && withIdentity.store.managedIdentityClientId, BOT);
    assert.equal(withIdentity.localMode, false);
  });

  it('enables Bot Framework authentication with BOT_ID and lists several tenants', () => {
    const config = loadConfig({
      BOT_ID: BOT,
      BOT_PASSWORD: 'secret',
      ALLOWED_TENANTS: `${TENANT_A}, ${TENANT_B};${TENANT_A}`,
    });
    assert.deepEqual(config.bot, { appId: BOT, appType: 'MultiTenant', password: 'secret' });
    assert.deepEqual(config.allowedTenants, [TENANT_A, TENANT_B.toLowerCase()]);
  });

  it('runs the bot as a user-assigned managed identity when no password is given', () => {
    const config = loadConfig({ BOT_ID: BOT, BOT_TENANT_ID: TENANT_A, ALLOWED_TENANTS: TENANT_A });
    assert.deepEqual(config.bot, { appId: BOT, appType: 'UserAssignedMsi', tenantId: TENANT_A });
  });

  it('accepts BOT_TYPE in any case', () => {
    const config = loadConfig({ BOT_ID: BOT, BOT_TYPE: 'singletenant', BOT_PASSWORD: 'p', BOT_TENANT_ID: TENANT_A, ALLOWED_TENANTS: TENANT_A });
    assert.equal(config.bot?.appType, 'SingleTenant');
  });

  it('names every bad key in one error', () => {
    const problems = problemsOf({
      PORT: 'abc',
      NETWORK_ID: 'Guinée!',
      ALLOWED_TENANTS: `${TENANT_A},not-a-tenant`,
      COSMOS_ENDPOINT: 'reseau.documents',
      BOT_TYPE: 'Robot',
      LOG_LEVEL: 'loud',
    });
    const keys = problems.map((problem) => problem.split(':')[0]);
    for (const key of ['PORT', 'NETWORK_ID', 'ALLOWED_TENANTS', 'COSMOS_ENDPOINT', 'BOT_TYPE', 'LOG_LEVEL', 'BOT_ID']) {
      assert.ok(keys.includes(key), `${key} missing from ${JSON.stringify(problems)}`);
    }
    assert.ok(problems.some((problem) => problem.includes('not-a-tenant')));
  });

  it('puts every problem in the message an operator reads', () => {
    assert.throws(
      () => loadConfig({ PORT: '70000', MANAGED_IDENTITY_CLIENT_ID: 'x' }),
      (error: unknown) =>
        error instanceof ConfigError && /PORT: must be between 0 and 65535/.test(error.message) && /MANAGED_IDENTITY_CLIENT_ID/.test(error.message),
    );
  });

  it('refuses a bot that accepts every tenant, and incomplete bot credentials', () => {
    assert.deepEqual(problemsOf({ BOT_ID: BOT, BOT_PASSWORD: 'p' }).map((p) => p.split(':')[0]), ['ALLOWED_TENANTS']);
    assert.deepEqual(
      problemsOf({ BOT_ID: BOT, BOT_TYPE: 'SingleTenant', ALLOWED_TENANTS: TENANT_A }).map((p) => p.split(':')[0]).sort(),
      ['BOT_PASSWORD', 'BOT_TENANT_ID'],
    );
    assert.deepEqual(problemsOf({ BOT_PASSWORD: 'p' }).map((p) => p.split(':')[0]), ['BOT_ID']);
    assert.deepEqual(problemsOf({ COSMOS_KEY: 'k' }).map((p) => p.split(':')[0]), ['COSMOS_ENDPOINT']);
  });
});
