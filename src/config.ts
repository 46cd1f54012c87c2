/**
 * Configuration: read from the environment once, at start-up, and validated as a whole so an
 * operator sees every bad key in one message instead of fixing them one crash at a time.
 *
 * Two modes, and the app never falls into the open one by accident:
 * - local (nothing of production set): embedded SQLite under ./data, anonymous bot, the dev
 *   sign-in, any tenant, listening on 127.0.0.1:3978 — for `npm start`, the Agents Playground
 *   and tests;
 * - production (any production signal, see PRODUCTION_SIGNALS): a bot identity (BOT_ID) and a
 *   tenant allow-list are required, there is no dev sign-in, and a setting that contradicts
 *   another stops start-up naming what to fix.
 */
import path from 'node:path';
import { z } from 'zod';
import type { NetworkAdmin } from './network/admins';
import { parseAdminsByNetwork, parseNetworkIds, parseNetworkInstallations, type RegisteredInstallation } from './network-routing/deployment-networks';
import { DEFAULT_DIGEST_SCHEDULE, parseDigestSchedule, type DigestSchedule } from './updates/digest-rules';
import { STORE_NAMES } from './store/open-store';

export type BotAppType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMsi';

export type StoreConfig =
  | { readonly kind: 'sqlite'; readonly dataDir: string }
  | {
      readonly kind: 'cosmos';
      readonly endpoint: string;
      /** Absent in production: the app then authenticates with its managed identity. */
      readonly key?: string;
      readonly managedIdentityClientId?: string;
      readonly databaseId: string;
      readonly containerId: string;
    };

/** Bot Framework authentication; absent = anonymous (local runs, Agents Playground). */
export interface BotAuthConfig {
  readonly appId: string;
  readonly appType: BotAppType;
  readonly password?: string;
  readonly tenantId?: string;
}

/** Proactive delivery (the outbox dispatcher); see src/delivery/dispatcher.ts. */
export interface DeliveryConfig {
  /** Connector calls per second for the whole app; Teams allows about 50 per app per tenant. */
  readonly globalRatePerSecond: number;
  readonly maxAttempts: number;
  readonly leaseMs: number;
  readonly pollIntervalMs: number;
  readonly maxInFlight: number;
  /** How long outbox items are kept once final (see src/delivery/outbox-rules.ts, OutboxRetention). */
  readonly retention: { readonly deliveredDays: number; readonly failedDays: number };
}

export interface AppConfig {
  readonly port: number;
  readonly host: string;
  /** The first of `networkIds`: the default network (a deployment of one network has only it). */
  readonly networkId: string;
  /** NETWORK_IDS (or NETWORK_ID): every country network this deployment serves, each its own partition. */
  readonly networkIds: readonly string[];
  /** NETWORK_INSTALLATIONS: teams and group chats the operator registered to a network (src/network-routing). */
  readonly installations: readonly RegisteredInstallation[];
  /** Microsoft 365 tenants allowed in; empty = any tenant (only allowed in local mode). */
  readonly allowedTenants: readonly string[];
  readonly store: StoreConfig;
  readonly bot?: BotAuthConfig;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly delivery: DeliveryConfig;
  /** TEAMS_APP_ID, the manifest's `id`: cards open the tab with a Teams deep link; absent = its web address. */
  readonly teamsAppId?: string;
  /**
   * True only when nothing of production is set (see `productionSignals`): anonymous bot, dev
   * sign-in, /api/v1/dev/*, any tenant unless ALLOWED_TENANTS says otherwise.
   */
  readonly localMode: boolean;
  readonly membership: MembershipConfig;
  readonly meetings: MeetingsConfig;
  readonly updates: UpdatesConfig;
}

/** Migration updates (src/updates): when the digest goes to the network channels. */
export interface UpdatesConfig {
  /** DIGEST_SCHEDULE, e.g. `weekly:mon@08:00` (default), `daily`, `monthly`, `off`. */
  readonly digestSchedule: DigestSchedule;
}

/** Meetings (src/meetings): reminders, and the address cards link the .ics to. */
export interface MeetingsConfig {
  /** Hours before a meeting when invitees who have not answered are reminded. */
  readonly reminderOffsetHours: number;
  /** The app's public base URL (https://<BOT_DOMAIN>); absent = the address the server listens on. */
  readonly publicUrl?: string;
}

/** Membership (src/network): trusted admins, the co-chair rotation, the tab's token audience. */
export interface MembershipConfig {
  /** The default network's admins (NETWORK_ADMINS, or NETWORK_ADMINS_<ID>): confirmed with their role on first contact (src/network/admins.ts). */
  readonly admins: readonly NetworkAdmin[];
  /** Every network's admins, by network id (NETWORK_ADMINS_<ID>; NETWORK_ADMINS for a single network). */
  readonly adminsByNetwork: Readonly<Record<string, readonly NetworkAdmin[]>>;
  /** Rotating co-chair agencies in order; empty = the default order. */
  readonly rotationOrder: readonly string[];
  readonly rotationTermMonths: number;
  /** Start of the first rotating term; absent = the day the network is first used. */
  readonly rotationStart?: Date;
  /** The Entra app of the tab (Teams SSO): tokens must be for it. Absent = the tab API accepts no token. */
  readonly tabClientId?: string;
  /**
   * The tab app's Application ID URI, the other audience a token may carry (AAD_APP_ID_URI, by
   * default `api://<host of PUBLIC_URL>/<client id>` when PUBLIC_URL is set). Compared exactly.
   */
  readonly tabAppIdUri?: string;
  /** Where the Entra OpenID configuration and keys are fetched (tests point it at a local issuer). */
  readonly entraAuthorityUrl: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration — fix these environment variables and start again:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Settings that only a real deployment has. Any one of them switches local mode off: a
 * half-configured deployment must refuse to start rather than run with an anonymous bot and
 * the dev sign-in. The Bot Framework's own names (MicrosoftAppId…) count too: an operator used
 * to them may set those instead of BOT_ID.
 */
const BOT_IDENTITY_SIGNALS = [
  'BOT_ID',
  'BOT_PASSWORD',
  'BOT_TENANT_ID',
  'BOT_TYPE',
  'MICROSOFT_APP_ID',
  'MicrosoftAppId',
  'MicrosoftAppPassword',
  'MicrosoftAppTenantId',
  'MicrosoftAppType',
] as const;

/** The Bot Framework's names for what Réseau reads as BOT_*: Réseau never reads them, it refuses them. */
const BOT_SETTING_ALIASES: readonly (readonly [canonical: string, alias: string, secret: boolean])[] = [
  ['BOT_ID', 'MICROSOFT_APP_ID', false],
  ['BOT_ID', 'MicrosoftAppId', false],
  ['BOT_PASSWORD', 'MicrosoftAppPassword', true],
  ['BOT_TENANT_ID', 'MicrosoftAppTenantId', false],
  ['BOT_TYPE', 'MicrosoftAppType', false],
];

/**
 * 127.0.0.0/8, localhost and [::1]: a Cosmos DB emulator or the in-process protocol server of
 * the tests and benchmarks, a PUBLIC_URL on this machine, a local stand-in for Entra.
 */
export function isLoopbackUrl(value: string): boolean {
  let host: string;
  try {
    host = new URL(value).hostname.toLowerCase();
  } catch {
    return false;
  }
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Which production settings are present (empty list = local mode). */
export function productionSignals(env: NodeJS.ProcessEnv): string[] {
  const signals: string[] = BOT_IDENTITY_SIGNALS.filter((key) => isSet(env, key));
  if (isSet(env, 'COSMOS_ENDPOINT') && !isLoopbackUrl(text(env, 'COSMOS_ENDPOINT'))) signals.push('COSMOS_ENDPOINT');
  if (isSet(env, 'AAD_APP_CLIENT_ID')) signals.push('AAD_APP_CLIENT_ID');
  if (isSet(env, 'PUBLIC_URL') && !isLoopbackUrl(text(env, 'PUBLIC_URL'))) signals.push('PUBLIC_URL');
  // Set by App Service on every web app: the code is running in Azure, whatever else is set.
  if (isSet(env, 'WEBSITE_SITE_NAME')) signals.push('WEBSITE_SITE_NAME');
  if (text(env, 'NODE_ENV').toLowerCase() === 'production') signals.push('NODE_ENV=production');
  return signals;
}

function text(env: NodeJS.ProcessEnv, key: string): string {
  return (env[key] ?? '').trim();
}

/** Blank (empty or whitespace-only) counts as unset: env files and App Service often leave keys blank. */
function isSet(env: NodeJS.ProcessEnv, key: string): boolean {
  return text(env, key) !== '';
}

/** Empty strings count as unset: env files and App Service settings often leave keys blank. */
const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const guid = (what: string) =>
  optionalText.refine((value) => value === undefined || GUID.test(value), `must be a GUID (${what})`);

/** An optional number within bounds, with a default; `integer` refuses fractions. */
const boundedNumber = (min: number, max: number, fallback: number, integer = true) =>
  optionalText.pipe(
    z.coerce
      .number({ invalid_type_error: 'must be a number' })
      .refine((value) => !integer || Number.isInteger(value), 'must be a whole number')
      .refine((value) => value >= min && value <= max, `must be between ${min} and ${max}`)
      .default(fallback),
  );

const environmentSchema = z.object({
  PORT: optionalText.pipe(
    z.coerce
      .number({ invalid_type_error: 'must be a number' })
      .int('must be a whole number')
      .min(0, 'must be between 0 and 65535 (0 = any free port)')
      .max(65535, 'must be between 0 and 65535 (0 = any free port)')
      .default(3978),
  ),
  // Defaults by mode (127.0.0.1 locally, 0.0.0.0 in production): see loadConfig.
  HOST: optionalText,
  DATA_DIR: optionalText.default('./data'),
  // NETWORK_ID, NETWORK_IDS, NETWORK_INSTALLATIONS and NETWORK_ADMINS(_<ID>) are read together
  // in loadConfig (src/network-routing/deployment-networks.ts): each depends on the others.
  NETWORK_ID: optionalText,
  NETWORK_IDS: optionalText,
  NETWORK_INSTALLATIONS: optionalText,
  ALLOWED_TENANTS: optionalText.transform((value, ctx) => {
    const tenants = (value ?? '')
      .split(/[,;\s]+/)
      .map((tenant) => tenant.trim().toLowerCase())
      .filter((tenant) => tenant !== '');
    const invalid = tenants.filter((tenant) => !GUID.test(tenant));
    if (invalid.length > 0) {
      ctx.addIssue({ code: 'custom', message: `must be comma-separated tenant GUIDs; not a GUID: ${invalid.join(', ')}` });
    }
    return [...new Set(tenants)];
  }),
  COSMOS_ENDPOINT: optionalText.refine(
    (value) => value === undefined || /^https?:\/\/[^\s/]+/.test(value),
    'must be the account URL, e.g. https://reseau.documents.azure.com:443/',
  ),
  COSMOS_KEY: optionalText,
  COSMOS_DATABASE: optionalText.default(STORE_NAMES.database),
  COSMOS_CONTAINER: optionalText.default(STORE_NAMES.container),
  MANAGED_IDENTITY_CLIENT_ID: guid('the client id of the user-assigned managed identity'),
  BOT_ID: guid('the Microsoft App ID of the bot registration'),
  BOT_PASSWORD: optionalText,
  BOT_TENANT_ID: guid('the Entra tenant of the bot registration'),
  BOT_TYPE: optionalText.transform((value, ctx) => {
    if (value === undefined) return undefined;
    const known: readonly BotAppType[] = ['MultiTenant', 'SingleTenant', 'UserAssignedMsi'];
    const match = known.find((type) => type.toLowerCase() === value.toLowerCase());
    if (!match) ctx.addIssue({ code: 'custom', message: `must be one of ${known.join(', ')}` });
    return match;
  }),
  // For the deployment as a whole: one instance at a time sends (src/delivery/sending-lease.ts).
  DELIVERY_GLOBAL_RATE_PER_SECOND: boundedNumber(0.1, 1000, 50, false),
  DELIVERY_MAX_ATTEMPTS: boundedNumber(1, 50, 8),
  // Longer than a connector call may take (20 s timeout), so a live instance never loses its lease.
  DELIVERY_LEASE_SECONDS: boundedNumber(30, 3600, 60),
  DELIVERY_POLL_INTERVAL_MS: boundedNumber(50, 60_000, 1000),
  DELIVERY_CONCURRENCY: boundedNumber(1, 256, 32),
  // Long enough to edit a convocation in place until the next regular meeting (every two
  // months); a delivered copy older than this can no longer be updated. Failures are kept
  // longer, for whoever follows them up. The status counts outlive both.
  OUTBOX_DELIVERED_RETENTION_DAYS: boundedNumber(1, 3650, 60),
  OUTBOX_FAILED_RETENTION_DAYS: boundedNumber(1, 3650, 90),
  NETWORK_ADMINS: optionalText,
  ROTATION_ORDER: optionalText.transform((value, ctx) => {
    const codes = (value ?? '').split(/[,;\s]+/).map((code) => code.trim().toUpperCase()).filter((code) => code !== '');
    const invalid = codes.filter((code) => !/^[A-Z][A-Z0-9-]{1,15}$/.test(code));
    if (invalid.length > 0) ctx.addIssue({ code: 'custom', message: `must be agency codes separated by commas (e.g. UNDP,UNHCR); not a code: ${invalid.join(', ')}` });
    return codes;
  }),
  ROTATION_TERM_MONTHS: optionalText.pipe(
    z.coerce.number({ invalid_type_error: 'must be a number' }).int('must be a whole number of months').min(1, 'must be 1–60 months').max(60, 'must be 1–60 months').default(12),
  ),
  ROTATION_START: optionalText.refine(
    (value) => value === undefined || (/^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value))),
    'must be a date, YYYY-MM-DD (start of the first rotating co-chair term)',
  ),
  AAD_APP_CLIENT_ID: guid('the client id of the tab’s Entra app registration, as in the manifest’s webApplicationInfo'),
  AAD_APP_ID_URI: optionalText.refine(
    (value) => value === undefined || /^api:\/\/[^\s]+$/.test(value),
    'must be the tab app’s Application ID URI, e.g. api://reseau.azurewebsites.net/<client id>',
  ),
  ENTRA_AUTHORITY_URL: optionalText
    .default('https://login.microsoftonline.com')
    .refine((value) => /^https?:\/\/[^\s]+$/.test(value), 'must be a URL, e.g. https://login.microsoftonline.com')
    // Signing keys fetched over plain HTTP could be swapped on the way; only a local stand-in may use it.
    .refine((value) => !/^http:/i.test(value) || isLoopbackUrl(value), 'must be https (plain http only on this machine: 127.0.0.1, localhost, [::1])'),
  MEETING_REMINDER_HOURS: boundedNumber(1, 336, 48),
  TEAMS_APP_ID: guid('the Teams app id, the manifest’s id: cards open the tab’s pages with a Teams deep link'),
  PUBLIC_URL: optionalText.refine((value) => value === undefined || /^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(value), 'must be the app’s public URL, e.g. https://reseau.azurewebsites.net'),
  DIGEST_SCHEDULE: optionalText.default(DEFAULT_DIGEST_SCHEDULE).transform((value, ctx) => {
    const schedule = parseDigestSchedule(value ?? DEFAULT_DIGEST_SCHEDULE);
    if (!schedule) ctx.addIssue({ code: 'custom', message: 'must be off, daily, weekly, weekly:<mon…sun> or monthly, optionally @HH:MM UTC (e.g. weekly:mon@08:00)' });
    return schedule ?? { kind: 'off' as const };
  }),
  LOG_LEVEL: optionalText
    .default('info')
    .pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),
});

/** Parses and validates the environment; throws ConfigError naming every bad key. */
export function loadConfig(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): AppConfig {
  const parsed = environmentSchema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const key = String(issue.path[0] ?? '?');
        return `${key}: ${issue.message} (got ${JSON.stringify(env[key] ?? '')})`;
      });
  const signals = productionSignals(env);
  const localMode = signals.length === 0;
  const networks = parseNetworkIds(env.NETWORK_IDS, env.NETWORK_ID);
  const installations = parseNetworkInstallations(env.NETWORK_INSTALLATIONS, networks.value);
  const adminsByNetwork = parseAdminsByNetwork(env, networks.value);
  problems.push(...networks.problems, ...installations.problems, ...adminsByNetwork.problems);
  problems.push(...crossFieldProblems(env), ...productionProblems(env, signals));
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const networkIds = networks.value;
  const defaultNetwork = networkIds[0] ?? 'gn';

  const values = parsed.data;
  const store: StoreConfig = values.COSMOS_ENDPOINT
    ? {
        kind: 'cosmos',
        endpoint: values.COSMOS_ENDPOINT,
        databaseId: values.COSMOS_DATABASE,
        containerId: values.COSMOS_CONTAINER,
        ...(values.COSMOS_KEY ? { key: values.COSMOS_KEY } : {}),
        ...(values.MANAGED_IDENTITY_CLIENT_ID ? { managedIdentityClientId: values.MANAGED_IDENTITY_CLIENT_ID } : {}),
      }
    : { kind: 'sqlite', dataDir: path.resolve(cwd, values.DATA_DIR) };
  const bot: BotAuthConfig | undefined = values.BOT_ID
    ? {
        appId: values.BOT_ID,
        appType: botAppType(values.BOT_TYPE, values.BOT_PASSWORD),
        ...(values.BOT_PASSWORD ? { password: values.BOT_PASSWORD } : {}),
        ...(values.BOT_TENANT_ID ? { tenantId: values.BOT_TENANT_ID } : {}),
      }
    : undefined;

  const tabClientId = values.AAD_APP_CLIENT_ID?.toLowerCase();
  const publicUrl = values.PUBLIC_URL?.replace(/\/+$/, '');
  const tabAppIdUri = values.AAD_APP_ID_URI ?? (tabClientId && publicUrl ? `api://${new URL(publicUrl).host}/${tabClientId}` : undefined);

  return {
    port: values.PORT,
    // Locally nothing outside this machine needs to reach the anonymous bot and the dev sign-in.
    host: values.HOST ?? (localMode ? '127.0.0.1' : '0.0.0.0'),
    networkId: defaultNetwork,
    networkIds,
    installations: installations.value,
    allowedTenants: values.ALLOWED_TENANTS,
    store,
    ...(bot ? { bot } : {}),
    logLevel: values.LOG_LEVEL,
    delivery: {
      globalRatePerSecond: values.DELIVERY_GLOBAL_RATE_PER_SECOND,
      maxAttempts: values.DELIVERY_MAX_ATTEMPTS,
      leaseMs: values.DELIVERY_LEASE_SECONDS * 1000,
      pollIntervalMs: values.DELIVERY_POLL_INTERVAL_MS,
      maxInFlight: values.DELIVERY_CONCURRENCY,
      retention: { deliveredDays: values.OUTBOX_DELIVERED_RETENTION_DAYS, failedDays: values.OUTBOX_FAILED_RETENTION_DAYS },
    },
    localMode,
    membership: {
      admins: adminsByNetwork.value[defaultNetwork] ?? [],
      adminsByNetwork: adminsByNetwork.value,
      rotationOrder: values.ROTATION_ORDER,
      rotationTermMonths: values.ROTATION_TERM_MONTHS,
      ...(values.ROTATION_START ? { rotationStart: new Date(values.ROTATION_START) } : {}),
      ...(tabClientId ? { tabClientId } : {}),
      ...(tabAppIdUri ? { tabAppIdUri } : {}),
      entraAuthorityUrl: values.ENTRA_AUTHORITY_URL.replace(/\/+$/, ''),
    },
    meetings: {
      reminderOffsetHours: values.MEETING_REMINDER_HOURS,
      ...(publicUrl ? { publicUrl } : {}),
    },
    updates: { digestSchedule: values.DIGEST_SCHEDULE },
    ...(values.TEAMS_APP_ID ? { teamsAppId: values.TEAMS_APP_ID.toLowerCase() } : {}),
  };
}

/** A password means an app registration; no password means the bot runs as a managed identity. */
function botAppType(declared: BotAppType | undefined, password: string | undefined): BotAppType {
  return declared ?? (password ? 'MultiTenant' : 'UserAssignedMsi');
}

/**
 * Production rules: a bot identity under the name Réseau reads, and a tenant allow-list. Each
 * problem names the variable to set and why production rules apply.
 */
function productionProblems(env: NodeJS.ProcessEnv, signals: readonly string[]): string[] {
  const problems: string[] = [];
  // A present but blank bot identity looks like a deployment whose value went missing: local
  // mode would turn that deployment into an open, anonymous bot.
  for (const key of ['BOT_ID', 'MICROSOFT_APP_ID', 'MicrosoftAppId']) {
    if (env[key] !== undefined && env[key] !== '' && !isSet(env, key)) {
      problems.push(`${key}: blank — set the bot's Microsoft App ID or remove the variable`);
    }
  }
  for (const [canonical, alias, secret] of BOT_SETTING_ALIASES) {
    if (!isSet(env, alias)) continue;
    const suggested = secret ? `<the value of ${alias}>` : text(env, alias);
    if (!isSet(env, canonical)) {
      problems.push(`${canonical}: Réseau reads ${canonical}, not ${alias}; set ${canonical}=${suggested} and remove ${alias}`);
      continue;
    }
    const same = secret ? text(env, canonical) === text(env, alias) : text(env, canonical).toLowerCase() === text(env, alias).toLowerCase();
    if (!same) problems.push(`${canonical}: differs from ${alias}; Réseau reads ${canonical} only — remove ${alias} or give both the same value`);
  }
  if (signals.length === 0) return problems;

  const because = `required outside local mode (production settings present: ${signals.join(', ')})`;
  if (!isSet(env, 'BOT_ID') && !problems.some((problem) => problem.startsWith('BOT_ID:'))) {
    problems.push(`BOT_ID: ${because} — the bot's Microsoft App ID; to try Réseau on this machine, unset ${signals.join(', ')} instead`);
  }
  if (!isSet(env, 'ALLOWED_TENANTS')) {
    problems.push(`ALLOWED_TENANTS: ${because} — list the tenant ids of the network’s agencies`);
  }
  return problems;
}

/** Rules between keys, checked on the raw values so they are reported alongside field errors. */
function crossFieldProblems(env: NodeJS.ProcessEnv): string[] {
  const has = (key: string) => isSet(env, key);
  const problems: string[] = [];
  if (has('COSMOS_KEY') && !has('COSMOS_ENDPOINT')) problems.push('COSMOS_ENDPOINT: required when COSMOS_KEY is set');
  if (has('AAD_APP_ID_URI') && !has('AAD_APP_CLIENT_ID')) {
    problems.push('AAD_APP_CLIENT_ID: required when AAD_APP_ID_URI is set (the tab app that URI identifies)');
  }
  if (!has('BOT_ID')) return problems;
  const declared = (env.BOT_TYPE ?? '').trim().toLowerCase();
  const appType = declared === '' ? botAppType(undefined, has('BOT_PASSWORD') ? 'set' : undefined).toLowerCase() : declared;
  if ((appType === 'multitenant' || appType === 'singletenant') && !has('BOT_PASSWORD')) {
    problems.push(`BOT_PASSWORD: required when BOT_TYPE is ${env.BOT_TYPE?.trim() || 'MultiTenant'}`);
  }
  if ((appType === 'singletenant' || appType === 'userassignedmsi') && !has('BOT_TENANT_ID')) {
    problems.push(`BOT_TENANT_ID: required when BOT_TYPE is ${env.BOT_TYPE?.trim() || 'UserAssignedMsi'}`);
  }
  return problems;
}
