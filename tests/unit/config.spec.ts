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

  it('paces proactive delivery at Teams’ 50 calls per second by default, and lets an operator tune it', () => {
    assert.deepEqual(loadConfig({}).delivery, { globalRatePerSecond: 50, maxAttempts: 8, leaseMs: 60_000, pollIntervalMs: 1000, maxInFlight: 32 });
    const tuned = loadConfig({
      DELIVERY_GLOBAL_RATE_PER_SECOND: '25',
      DELIVERY_MAX_ATTEMPTS: '5',
      DELIVERY_LEASE_SECONDS: '120',
      DELIVERY_POLL_INTERVAL_MS: '500',
      DELIVERY_CONCURRENCY: '8',
    });
    assert.deepEqual(tuned.delivery, { globalRatePerSecond: 25, maxAttempts: 5, leaseMs: 120_000, pollIntervalMs: 500, maxInFlight: 8 });
  });

  it('names every bad delivery setting', () => {
    const problems = problemsOf({
      DELIVERY_GLOBAL_RATE_PER_SECOND: '0',
      DELIVERY_MAX_ATTEMPTS: '2.5',
      DELIVERY_LEASE_SECONDS: '5',
      DELIVERY_POLL_INTERVAL_MS: 'often',
      DELIVERY_CONCURRENCY: '1000',
    });
    assert.deepEqual(problems.map((problem) => problem.split(':')[0]).sort(), [
      'DELIVERY_CONCURRENCY',
      'DELIVERY_GLOBAL_RATE_PER_SECOND',
      'DELIVERY_LEASE_SECONDS',
      'DELIVERY_MAX_ATTEMPTS',
      'DELIVERY_POLL_INTERVAL_MS',
    ]);
    assert.ok(problems.some((problem) => /DELIVERY_LEASE_SECONDS: must be between 30 and 3600/.test(problem)));
  });

  it('reads the membership settings: admins with their roles, the co-chair rotation, the tab’s app and the Entra authority', () => {
    assert.deepEqual(loadConfig({}).membership, { admins: [], rotationOrder: [], rotationTermMonths: 12, entraAuthorityUrl: 'https://login.microsoftonline.com' });
    const config = loadConfig({
      NETWORK_ADMINS: `RC.Guinee@un.org=cochair, ${BOT}=cochair:iom; officer@un.org  ${TENANT_A}=secretariat`,
      ROTATION_ORDER: 'undp, UNHCR;UNICEF',
      ROTATION_TERM_MONTHS: '6',
      ROTATION_START: '2026-01-01',
      AAD_APP_CLIENT_ID: TENANT_B,
      ENTRA_AUTHORITY_URL: 'http://127.0.0.1:9999/',
    });
    assert.deepEqual(config.membership.admins, [
      { email: 'rc.guinee@un.org', role: 'cochair' },
      { aadObjectId: BOT, role: 'cochair', agencyCode: 'IOM' },
      { email: 'officer@un.org', role: 'secretariat' },
      { aadObjectId: TENANT_A, role: 'secretariat' },
    ]);
    assert.deepEqual(config.membership.rotationOrder, ['UNDP', 'UNHCR', 'UNICEF']);
    assert.equal(config.membership.rotationTermMonths, 6);
    assert.equal(config.membership.rotationStart?.toISOString(), '2026-01-01T00:00:00.000Z');
    assert.equal(config.membership.tabClientId, TENANT_B.toLowerCase());
    assert.equal(config.membership.entraAuthorityUrl, 'http://127.0.0.1:9999');
  });

  it('names every bad membership setting at once', () => {
    const problems = problemsOf({
      NETWORK_ADMINS: 'not-an-id, rc@un.org=president, x@un.org=secretariat:IOM',
      ROTATION_ORDER: 'UNDP,u n,1X',
      ROTATION_TERM_MONTHS: '0',
      ROTATION_START: 'soon',
      AAD_APP_CLIENT_ID: 'reseau-tab',
    });
    assert.deepEqual([...new Set(problems.map((problem) => problem.split(':')[0]))].sort(), [
      'AAD_APP_CLIENT_ID',
      'NETWORK_ADMINS',
      'ROTATION_ORDER',
      'ROTATION_START',
      'ROTATION_TERM_MONTHS',
    ]);
    assert.equal(problems.filter((problem) => problem.startsWith('NETWORK_ADMINS')).length, 3, 'each bad entry named');
  });

  it('reminds invitees 48 h before a meeting by default, links cards to the public URL when set, and names bad values', () => {
    assert.deepEqual(loadConfig({}).meetings, { reminderOffsetHours: 48 });
    assert.deepEqual(loadConfig({ MEETING_REMINDER_HOURS: '24', PUBLIC_URL: 'https://reseau.azurewebsites.net/' }).meetings, { reminderOffsetHours: 24, publicUrl: 'https://reseau.azurewebsites.net' });
    assert.deepEqual(problemsOf({ MEETING_REMINDER_HOURS: '0', PUBLIC_URL: 'reseau.example.org' }).map((problem) => problem.split(':')[0]), ['MEETING_REMINDER_HOURS', 'PUBLIC_URL']);
  });

  it('sends the updates digest weekly on Monday 08:00 by default, on the schedule an operator sets, or never', () => {
    assert.deepEqual(loadConfig({}).updates.digestSchedule, { kind: 'weekly', weekday: 1, hour: 8, minute: 0 });
    assert.deepEqual(loadConfig({ DIGEST_SCHEDULE: 'weekly:fri@16:30' }).updates.digestSchedule, { kind: 'weekly', weekday: 5, hour: 16, minute: 30 });
    assert.deepEqual(loadConfig({ DIGEST_SCHEDULE: 'off' }).updates.digestSchedule, { kind: 'off' });
    assert.deepEqual(problemsOf({ DIGEST_SCHEDULE: 'hourly' }).map((problem) => problem.split(':')[0]), ['DIGEST_SCHEDULE']);
  });
});
