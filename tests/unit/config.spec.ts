import assert from 'node:assert/strict';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';

const TENANT_A = '11111111-2222-3333-4444-555555555555';
const TENANT_B = 'AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE';
const BOT = '99999999-8888-7777-6666-555555555555';
const OTHER_BOT = '12345678-8888-7777-6666-555555555555';
const TAB = '3c9d8e7f-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
/** The least a production deployment sets (a password-based bot registration). */
const PRODUCTION = { BOT_ID: BOT, BOT_PASSWORD: 'secret', ALLOWED_TENANTS: TENANT_A };

/** The variables a refusal names, in order, without duplicates. */
function keysRefused(env: NodeJS.ProcessEnv): string[] {
  return [...new Set(problemsOf(env).map((problem) => problem.split(':')[0] ?? problem))];
}

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
  it('runs in local mode with nothing set: SQLite under ./data, anonymous bot, 127.0.0.1:3978, network gn', () => {
    const config = loadConfig({}, '/srv/reseau');
    assert.deepEqual(config.store, { kind: 'sqlite', dataDir: path.resolve('/srv/reseau', './data') });
    assert.equal(config.bot, undefined);
    assert.equal(config.port, 3978);
    assert.equal(config.host, '127.0.0.1', 'the anonymous bot and the dev sign-in are not reachable from the network');
    assert.equal(config.networkId, 'gn');
    assert.deepEqual(config.allowedTenants, []);
    assert.equal(config.localMode, true);
  });

  it('treats empty values as unset', () => {
    const config = loadConfig({ PORT: ' ', BOT_ID: '', COSMOS_ENDPOINT: '', AAD_APP_CLIENT_ID: '', MicrosoftAppId: '' }, '/srv/reseau');
    assert.equal(config.port, 3978);
    assert.equal(config.localMode, true);
  });

  describe('local mode only when nothing of production is set', () => {
    const local: [string, NodeJS.ProcessEnv][] = [
      ['nothing', {}],
      ['the Cosmos DB emulator on 127.0.0.1', { COSMOS_ENDPOINT: 'http://127.0.0.1:8081/' }],
      ['a Cosmos server on localhost', { COSMOS_ENDPOINT: 'https://localhost:8081/' }],
      ['a Cosmos server on [::1]', { COSMOS_ENDPOINT: 'http://[::1]:8081/' }],
      ['a public URL on this machine', { PUBLIC_URL: 'http://localhost:3978' }],
      ['a tenant allow-list', { ALLOWED_TENANTS: TENANT_A }],
      ['NODE_ENV=development', { NODE_ENV: 'development' }],
      ['whitespace-only non-identity settings', { AAD_APP_CLIENT_ID: ' ', WEBSITE_SITE_NAME: '  ', BOT_PASSWORD: ' ' }],
    ];
    for (const [what, env] of local) {
      it(`local with ${what}`, () => {
        const config = loadConfig(env);
        assert.equal(config.localMode, true);
        assert.equal(config.bot, undefined);
        assert.equal(config.host, '127.0.0.1');
      });
    }

    // Each production signal alone: the bot identity and the tenant allow-list are then required.
    const refused: [string, NodeJS.ProcessEnv, string[], RegExp?][] = [
      ['a Cosmos DB account', { COSMOS_ENDPOINT: 'https://reseau.documents.azure.com:443/' }, ['BOT_ID', 'ALLOWED_TENANTS'], /production settings present: COSMOS_ENDPOINT/],
      ['the tab’s Entra app', { AAD_APP_CLIENT_ID: TAB }, ['BOT_ID', 'ALLOWED_TENANTS'], /production settings present: AAD_APP_CLIENT_ID/],
      ['a public URL', { PUBLIC_URL: 'https://reseau.example.org' }, ['BOT_ID', 'ALLOWED_TENANTS']],
      ['App Service', { WEBSITE_SITE_NAME: 'reseau-gn' }, ['BOT_ID', 'ALLOWED_TENANTS'], /WEBSITE_SITE_NAME/],
      ['NODE_ENV=production', { NODE_ENV: 'production' }, ['BOT_ID', 'ALLOWED_TENANTS'], /NODE_ENV=production/],
      ['a bot password', { BOT_PASSWORD: 'p' }, ['BOT_ID', 'ALLOWED_TENANTS']],
      ['a bot tenant', { BOT_TENANT_ID: TENANT_A }, ['BOT_ID', 'ALLOWED_TENANTS']],
      ['a bot type', { BOT_TYPE: 'MultiTenant' }, ['BOT_ID', 'ALLOWED_TENANTS']],
      ['a bot id without a tenant allow-list', { BOT_ID: BOT, BOT_PASSWORD: 'p' }, ['ALLOWED_TENANTS']],
      ['MICROSOFT_APP_ID instead of BOT_ID', { MICROSOFT_APP_ID: BOT, BOT_PASSWORD: 'p', ALLOWED_TENANTS: TENANT_A }, ['BOT_ID'], new RegExp(`Réseau reads BOT_ID, not MICROSOFT_APP_ID; set BOT_ID=${BOT}`)],
      ['MicrosoftAppId instead of BOT_ID', { MicrosoftAppId: BOT }, ['BOT_ID', 'ALLOWED_TENANTS'], /Réseau reads BOT_ID, not MicrosoftAppId/],
      ['MicrosoftAppPassword instead of BOT_PASSWORD', { BOT_ID: BOT, BOT_TYPE: 'MultiTenant', MicrosoftAppPassword: 'hunter2', ALLOWED_TENANTS: TENANT_A }, ['BOT_PASSWORD'], /set BOT_PASSWORD=<the value of MicrosoftAppPassword>/],
      ['MicrosoftAppTenantId instead of BOT_TENANT_ID', { ...PRODUCTION, MicrosoftAppTenantId: TENANT_A }, ['BOT_TENANT_ID']],
      ['MicrosoftAppType instead of BOT_TYPE', { ...PRODUCTION, MicrosoftAppType: 'SingleTenant' }, ['BOT_TYPE']],
      ['a BOT_ID that differs from MICROSOFT_APP_ID', { ...PRODUCTION, MICROSOFT_APP_ID: OTHER_BOT }, ['BOT_ID'], /differs from MICROSOFT_APP_ID/],
      ['a blank BOT_ID', { BOT_ID: ' ' }, ['BOT_ID'], /BOT_ID: blank — set the bot's Microsoft App ID or remove the variable/],
      ['a blank MICROSOFT_APP_ID', { MICROSOFT_APP_ID: '\t' }, ['MICROSOFT_APP_ID']],
      ['a blank BOT_ID next to Cosmos DB', { BOT_ID: ' ', COSMOS_ENDPOINT: 'https://reseau.documents.azure.com:443/' }, ['BOT_ID', 'ALLOWED_TENANTS'], /BOT_ID: blank/],
      ['Entra over plain http', { ...PRODUCTION, ENTRA_AUTHORITY_URL: 'http://login.example.org' }, ['ENTRA_AUTHORITY_URL'], /must be https/],
      ['an Application ID URI without the tab app', { AAD_APP_ID_URI: `api://reseau.example.org/${TAB}` }, ['AAD_APP_CLIENT_ID']],
      ['an Application ID URI that is not api://', { ...PRODUCTION, AAD_APP_CLIENT_ID: TAB, AAD_APP_ID_URI: `https://reseau.example.org/${TAB}` }, ['AAD_APP_ID_URI']],
    ];
    for (const [what, env, keys, message] of refused) {
      it(`refuses ${what}, naming ${keys.join(' and ')}`, () => {
        assert.deepEqual(keysRefused(env).sort(), [...keys].sort());
        if (message) assert.match(problemsOf(env).join('\n'), message);
      });
    }

    it('never prints a secret it refuses', () => {
      assert.doesNotMatch(problemsOf({ BOT_ID: BOT, MicrosoftAppPassword: 'hunter2', ALLOWED_TENANTS: TENANT_A }).join('\n'), /hunter2/);
      assert.doesNotMatch(problemsOf({ ...PRODUCTION, MicrosoftAppPassword: 'hunter2' }).join('\n'), /hunter2|secret/);
    });

    const production: [string, NodeJS.ProcessEnv][] = [
      ['a bot registration and its tenants', PRODUCTION],
      ['MICROSOFT_APP_ID equal to BOT_ID', { ...PRODUCTION, MICROSOFT_APP_ID: BOT.toUpperCase() }],
      [
        'the Azure deployment (managed identity, Cosmos DB, tab SSO, App Service)',
        {
          BOT_ID: BOT,
          BOT_TYPE: 'UserAssignedMsi',
          BOT_TENANT_ID: TENANT_A,
          ALLOWED_TENANTS: `${TENANT_A},${TENANT_B}`,
          COSMOS_ENDPOINT: 'https://reseau.documents.azure.com:443/',
          MANAGED_IDENTITY_CLIENT_ID: BOT,
          AAD_APP_CLIENT_ID: TAB,
          WEBSITE_SITE_NAME: 'reseau-gn',
          NODE_ENV: 'production',
        },
      ],
      ['a local Cosmos server with a bot registration', { ...PRODUCTION, COSMOS_ENDPOINT: 'http://127.0.0.1:8081/' }],
    ];
    for (const [what, env] of production) {
      it(`production with ${what}: authenticated bot, listening on every interface`, () => {
        const config = loadConfig(env);
        assert.equal(config.localMode, false);
        assert.equal(config.bot?.appId, BOT);
        assert.equal(config.host, '0.0.0.0');
        assert.ok(config.allowedTenants.length > 0);
      });
    }

    it('listens where HOST says in either mode', () => {
      assert.equal(loadConfig({ HOST: '0.0.0.0' }).host, '0.0.0.0');
      assert.equal(loadConfig({ ...PRODUCTION, HOST: '10.0.0.4' }).host, '10.0.0.4');
    });
  });

  it('takes the tab app’s Application ID URI as set, or api://<host of PUBLIC_URL>/<client id>', () => {
    assert.equal(loadConfig({ ...PRODUCTION, AAD_APP_CLIENT_ID: TAB }).membership.tabAppIdUri, undefined, 'without PUBLIC_URL only the client id is an audience');
    assert.equal(loadConfig({ ...PRODUCTION, AAD_APP_CLIENT_ID: TAB, PUBLIC_URL: 'https://reseau.example.org:8443/app/' }).membership.tabAppIdUri, `api://reseau.example.org:8443/${TAB}`);
    assert.equal(
      loadConfig({ ...PRODUCTION, AAD_APP_CLIENT_ID: TAB, PUBLIC_URL: 'https://reseau.example.org', AAD_APP_ID_URI: `api://reseau-gn/${TAB}` }).membership.tabAppIdUri,
      `api://reseau-gn/${TAB}`,
    );
  });

  it('selects Cosmos DB with a key, or with the managed identity when no key is given', () => {
    const withKey = loadConfig({ ...PRODUCTION, COSMOS_ENDPOINT: 'https://reseau.documents.azure.com:443/', COSMOS_KEY: 'k' });
    assert.deepEqual(withKey.store, {
      kind: 'cosmos',
      endpoint: 'https://reseau.documents.azure.com:443/',
      key: 'k',
      databaseId: 'reseau',
      containerId: 'documents',
    });
    const withIdentity = loadConfig({ ...PRODUCTION, COSMOS_ENDPOINT: 'https://reseau.documents.azure.com:443/', MANAGED_IDENTITY_CLIENT_ID: BOT });
    assert.equal(withIdentity.store.kind === 'cosmos' && withIdentity.store.key, undefined);
    assert.equal(withIdentity.store.kind === 'cosmos' && withIdentity.store.managedIdentityClientId, BOT);
    assert.equal(withIdentity.localMode, false);
  });

  it('enables Bot Framework authentication with BOT_ID and lists several tenants', () => {
    const config = loadConfig({ ...PRODUCTION, ALLOWED_TENANTS: `${TENANT_A}, ${TENANT_B};${TENANT_A}` });
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

  it('refuses incomplete bot credentials', () => {
    assert.deepEqual(keysRefused({ BOT_ID: BOT, BOT_TYPE: 'SingleTenant', ALLOWED_TENANTS: TENANT_A }).sort(), ['BOT_PASSWORD', 'BOT_TENANT_ID']);
    assert.deepEqual(keysRefused({ COSMOS_KEY: 'k' }), ['COSMOS_ENDPOINT']);
  });

  it('paces proactive delivery at Teams’ 50 calls per second by default, and lets an operator tune it', () => {
    assert.deepEqual(loadConfig({}).delivery, {
      globalRatePerSecond: 50,
      maxAttempts: 8,
      leaseMs: 60_000,
      pollIntervalMs: 1000,
      maxInFlight: 32,
      retention: { deliveredDays: 60, failedDays: 90 },
    });
    const tuned = loadConfig({
      DELIVERY_GLOBAL_RATE_PER_SECOND: '25',
      DELIVERY_MAX_ATTEMPTS: '5',
      DELIVERY_LEASE_SECONDS: '120',
      DELIVERY_POLL_INTERVAL_MS: '500',
      DELIVERY_CONCURRENCY: '8',
      OUTBOX_DELIVERED_RETENTION_DAYS: '30',
      OUTBOX_FAILED_RETENTION_DAYS: '365',
    });
    assert.deepEqual(tuned.delivery, {
      globalRatePerSecond: 25,
      maxAttempts: 5,
      leaseMs: 120_000,
      pollIntervalMs: 500,
      maxInFlight: 8,
      retention: { deliveredDays: 30, failedDays: 365 },
    });
  });

  it('names every bad delivery setting', () => {
    const problems = problemsOf({
      DELIVERY_GLOBAL_RATE_PER_SECOND: '0',
      DELIVERY_MAX_ATTEMPTS: '2.5',
      DELIVERY_LEASE_SECONDS: '5',
      DELIVERY_POLL_INTERVAL_MS: 'often',
      DELIVERY_CONCURRENCY: '1000',
      OUTBOX_DELIVERED_RETENTION_DAYS: '0',
      OUTBOX_FAILED_RETENTION_DAYS: '1.5',
    });
    assert.deepEqual(problems.map((problem) => problem.split(':')[0]).sort(), [
      'DELIVERY_CONCURRENCY',
      'DELIVERY_GLOBAL_RATE_PER_SECOND',
      'DELIVERY_LEASE_SECONDS',
      'DELIVERY_MAX_ATTEMPTS',
      'DELIVERY_POLL_INTERVAL_MS',
      'OUTBOX_DELIVERED_RETENTION_DAYS',
      'OUTBOX_FAILED_RETENTION_DAYS',
    ]);
    assert.ok(problems.some((problem) => /DELIVERY_LEASE_SECONDS: must be between 30 and 3600/.test(problem)));
  });

  it('reads the membership settings: admins with their roles, the co-chair rotation, the tab’s app and the Entra authority', () => {
    assert.deepEqual(loadConfig({}).membership, { admins: [], adminsByNetwork: { gn: [] }, rotationOrder: [], rotationTermMonths: 12, entraAuthorityUrl: 'https://login.microsoftonline.com' });
    const config = loadConfig({
      ...PRODUCTION,
      NETWORK_ADMINS: `${TENANT_A}/${BOT}=cochair, ${BOT}=cochair:iom; ${TENANT_A}=secretariat`,
      ROTATION_ORDER: 'undp, UNHCR;UNICEF',
      ROTATION_TERM_MONTHS: '6',
      ROTATION_START: '2026-01-01',
      AAD_APP_CLIENT_ID: TENANT_B,
      ENTRA_AUTHORITY_URL: 'http://127.0.0.1:9999/',
    });
    assert.deepEqual(config.membership.admins, [
      { aadObjectId: BOT, tenantId: TENANT_A, role: 'cochair' },
      { aadObjectId: BOT, role: 'cochair', agencyCode: 'IOM' },
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
      ...PRODUCTION,
      NETWORK_ADMINS: `not-an-id, ${BOT}=president, ${TENANT_A}=secretariat:IOM`,
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
    assert.deepEqual(loadConfig({ ...PRODUCTION, MEETING_REMINDER_HOURS: '24', PUBLIC_URL: 'https://reseau.azurewebsites.net/' }).meetings, { reminderOffsetHours: 24, publicUrl: 'https://reseau.azurewebsites.net' });
    assert.deepEqual(keysRefused({ ...PRODUCTION, MEETING_REMINDER_HOURS: '0', PUBLIC_URL: 'reseau.example.org' }), ['MEETING_REMINDER_HOURS', 'PUBLIC_URL']);
  });

  it('sends the updates digest weekly on Monday 08:00 by default, on the schedule an operator sets, or never', () => {
    assert.deepEqual(loadConfig({}).updates.digestSchedule, { kind: 'weekly', weekday: 1, hour: 8, minute: 0 });
    assert.deepEqual(loadConfig({ DIGEST_SCHEDULE: 'weekly:fri@16:30' }).updates.digestSchedule, { kind: 'weekly', weekday: 5, hour: 16, minute: 30 });
    assert.deepEqual(loadConfig({ DIGEST_SCHEDULE: 'off' }).updates.digestSchedule, { kind: 'off' });
    assert.deepEqual(problemsOf({ DIGEST_SCHEDULE: 'hourly' }).map((problem) => problem.split(':')[0]), ['DIGEST_SCHEDULE']);
  });
});

const ADMIN_GN = '11111111-1111-4111-8111-111111111111';
const ADMIN_SN = '22222222-2222-4222-8222-222222222222';

/**
 * Many networks, one deployment (issue 17): NETWORK_IDS, NETWORK_INSTALLATIONS and each
 * network's admins (src/network-routing/deployment-networks.ts); a bad list stops start-up
 * naming the key to fix.
 */
describe('config: several networks in one deployment', () => {
  it('NETWORK_IDS=gn,sn,ml serves three networks, the first being the default', () => {
    const config = loadConfig({ NETWORK_IDS: 'gn, sn ,ml' });
    assert.deepEqual(config.networkIds, ['gn', 'sn', 'ml']);
    assert.equal(config.networkId, 'gn');
  });

  it('NETWORK_ID stays the one-network form; nothing set means gn', () => {
    assert.deepEqual(loadConfig({ NETWORK_ID: 'sn' }).networkIds, ['sn']);
    assert.deepEqual(loadConfig({}).networkIds, ['gn']);
  });

  it('refuses a bad list, naming NETWORK_IDS and each bad id', () => {
    const problems = problemsOf({ NETWORK_IDS: 'gn,Sénégal,x,gn' });
    const text = problems.join('\n');
    assert.match(text, /^NETWORK_IDS: each network id must be .*"Sénégal", "x"/m);
    assert.match(text, /^NETWORK_IDS: a network is listed twice: gn/m);
  });

  it('refuses NETWORK_ID and NETWORK_IDS together: which one counts would be a guess', () => {
    assert.ok(problemsOf({ NETWORK_ID: 'gn', NETWORK_IDS: 'gn,sn' }).some((problem) => /^NETWORK_IDS: set either/.test(problem)));
  });

  it('a bad list is an exit-78 configuration error like any other bad key', () => {
    assert.throws(() => loadConfig({ NETWORK_IDS: ',,;' , NETWORK_ID: 'BAD' }), ConfigError);
  });

  it('NETWORK_INSTALLATIONS registers teams and group chats to served networks only, each to one', () => {
    const config = loadConfig({ NETWORK_IDS: 'gn,sn', NETWORK_INSTALLATIONS: 'gn=19:teamgn@thread.tacv2; sn=19:chatsn@thread.v2' });
    assert.deepEqual(config.installations, [
      { networkId: 'gn', conversationKey: '19:teamgn@thread.tacv2' },
      { networkId: 'sn', conversationKey: '19:chatsn@thread.v2' },
    ]);
    const problems = problemsOf({ NETWORK_IDS: 'gn,sn', NETWORK_INSTALLATIONS: 'ml=19:a@thread.tacv2, gn=not-an-id, gn=19:b@thread.tacv2, sn=19:b@thread.tacv2' }).join('\n');
    assert.match(problems, /"ml=19:a@thread.tacv2" must start with one of the networks served \(gn, sn\)/);
    assert.match(problems, /"gn=not-an-id" must name a team id or group chat id/);
    assert.match(problems, /19:b@thread.tacv2 is registered to both gn and sn/);
  });

  it('each network has its own admins: NETWORK_ADMINS_<ID>; the unqualified form only for one network', () => {
    const config = loadConfig({ NETWORK_IDS: 'gn,sn-dakar', NETWORK_ADMINS_GN: `${ADMIN_GN}=cochair`, NETWORK_ADMINS_SN_DAKAR: ADMIN_SN });
    assert.deepEqual(config.membership.adminsByNetwork.gn?.map((admin) => admin.aadObjectId), [ADMIN_GN]);
    assert.deepEqual(config.membership.adminsByNetwork['sn-dakar']?.map((admin) => admin.aadObjectId), [ADMIN_SN]);
    assert.deepEqual(config.membership.admins.map((admin) => admin.aadObjectId), [ADMIN_GN], 'the default network’s');
    assert.deepEqual(loadConfig({ NETWORK_ADMINS: ADMIN_GN }).membership.adminsByNetwork.gn?.map((admin) => admin.aadObjectId), [ADMIN_GN]);

    const problems = problemsOf({ NETWORK_IDS: 'gn,sn', NETWORK_ADMINS: ADMIN_GN, NETWORK_ADMINS_ML: ADMIN_SN, NETWORK_ADMINS_SN: 'someone@un.org' }).join('\n');
    assert.match(problems, /^NETWORK_ADMINS: with several networks name each network's admins in its own variable \(NETWORK_ADMINS_GN, NETWORK_ADMINS_SN\)/m);
    assert.match(problems, /^NETWORK_ADMINS_ML: names no network served here/m);
    assert.match(problems, /^NETWORK_ADMINS_SN: "someone@un.org": name people by Entra object id/m);
  });
});
