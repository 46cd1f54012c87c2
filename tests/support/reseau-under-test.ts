/**
 * Starts the real Réseau (composition root, restify, TeamsAdapter, teams-ai) on a free port
 * with a temp SQLite store, next to a fake Bot Connector: what a test posts to /api/messages
 * goes through the whole production path, and whatever the bot sends lands in the fake.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startReseau, type RunningReseau } from '../../src/main';
import type { DocumentStore } from '../../src/store/document-store';
import Database from 'better-sqlite3';
import type { StoredDocument } from '../../src/store/document-store';
import { STORE_NAMES, openDocumentStore } from '../../src/store/open-store';
import { postActivity, type BotResponse, type PostOptions } from './bot-client';
import { startFakeConnector, type FakeConnector, type FakeConnectorOptions } from './fake-connector';
import type { LocalEntra } from './local-entra';
import { TEST_BOT_ID, TEST_TENANT_ID } from './teams-activities';

/** The bot registration's secret in production-mode tests (registered with the local Entra). */
export const TEST_BOT_PASSWORD = 'local-test-bot-secret';

export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly correlationId?: string;
  readonly err?: { readonly message: string; readonly stack?: string };
  readonly [key: string]: unknown;
}

export interface ReseauUnderTest {
  readonly url: string;
  readonly connector: FakeConnector;
  readonly store: DocumentStore;
  readonly logs: LogLine[];
  readonly reseau: RunningReseau;
  /** False unless started with `production`. */
  readonly production: boolean;
  /**
   * Posts an activity to /api/messages as the Bot Connector does: in production mode signed
   * with a Bot Framework token for the activity's serviceUrl (the connector's by default).
   */
  post<A extends { readonly serviceUrl?: string }>(activity: A, options?: PostOptions): Promise<BotResponse>;
  /** The Authorization header the Bot Connector would send for `serviceUrl` (none in local mode). */
  channelHeaders(serviceUrl?: string): Promise<Record<string, string>>;
  /** Present when started with `clockStart`: the app reads it on every `now()`; move it to let time pass. */
  readonly clock?: { now: Date };
  /**
   * Every document of a network's partition as stored, whatever its type, sorted by id (read
   * from the SQLite file on a separate read-only connection): compare two to prove nothing changed.
   */
  partition(networkId: string): (StoredDocument & { readonly etag: string })[];
  /**
   * Until the card refreshes and notices the last turns scheduled are done (they start a window
   * after the turn, see src/cards/card-refresher.ts), pending timers included. The outbox items
   * they queued may still be on their way.
   */
  cardsIdle(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Environment as an operator would set it; PORT, HOST and DATA_DIR are filled in. */
  readonly env?: NodeJS.ProcessEnv;
  readonly connector?: FakeConnectorOptions;
  /** Wraps the opened store, e.g. to make it fail on demand. */
  readonly wrapStore?: (store: DocumentStore) => DocumentStore;
  /** Runs the app on a clock the test sets, starting here (rotation, deadlines, reminders). */
  readonly clockStart?: Date;
  /**
   * Production mode, as in Azure, against this local Entra: BOT_ID is the test bot with a
   * password, ALLOWED_TENANTS the test tenant (unless `env` says otherwise), /api/messages
   * wants a signed Bot Framework token (use `post`), and the fake connector accepts only the
   * tokens the bot obtained with its credentials.
   */
  readonly production?: { readonly entra: LocalEntra };
}

export async function startReseauUnderTest(options: StartOptions = {}): Promise<ReseauUnderTest> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'reseau-e2e-'));
  const entra = options.production?.entra;
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'debug',
    ...(entra ? { BOT_ID: TEST_BOT_ID, BOT_PASSWORD: TEST_BOT_PASSWORD, ALLOWED_TENANTS: TEST_TENANT_ID, ENTRA_AUTHORITY_URL: entra.authorityUrl } : {}),
    ...options.env,
  });
  if (entra && config.bot) entra.registerBot(TEST_BOT_ID, TEST_BOT_PASSWORD);
  const connector = await startFakeConnector({
    ...options.connector,
    ...(entra ? { authorize: (authorization: string | undefined) => entra.isBotToken(authorization, TEST_BOT_ID) } : {}),
  });
  const logs: LogLine[] = [];
  const logger = createLogger(config.logLevel, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  // Without a wrapper the app opens (and on stop closes) its own store, as in production.
  const wrapped = options.wrapStore ? await openDocumentStore({ kind: 'sqlite', dataDir }) : undefined;
  const clock = options.clockStart ? { now: options.clockStart } : undefined;
  const reseau = await startReseau(config, {
    logger,
    ...(wrapped && options.wrapStore ? { store: options.wrapStore(wrapped) } : {}),
    ...(clock ? { now: () => clock.now } : {}),
    ...(entra
      ? { botFrameworkEndpoints: entra.botFramework, botCredentialsFactory: entra.botCredentials(config.bot?.appId ?? '', config.bot?.password ?? '') }
      : {}),
  });
  const channelHeaders = async (serviceUrl = connector.serviceUrl): Promise<Record<string, string>> =>
    entra ? { Authorization: `Bearer ${await entra.channelToken({ appId: TEST_BOT_ID, serviceUrl })}` } : {};
  return {
    url: reseau.url,
    connector,
    store: wrapped ?? reseau.store,
    logs,
    reseau,
    production: entra !== undefined,
    channelHeaders,
    async post(activity, postOptions = {}) {
      const headers = { ...(await channelHeaders(activity.serviceUrl)), ...postOptions.headers };
      return postActivity(reseau.url, activity, { ...postOptions, headers });
    },
    ...(clock ? { clock } : {}),
    async cardsIdle() {
      await Promise.all([reseau.decisions.cardsIdle(), reseau.statements.cardsIdle(), reseau.meetings.cardsIdle(), reseau.membership.cardsIdle()]);
    },
    partition(networkId: string) {
      const db = new Database(path.join(dataDir, STORE_NAMES.sqliteFile), { readonly: true, fileMustExist: true });
      try {
        const rows = db.prepare('SELECT etag, body FROM documents WHERE network_id = ? ORDER BY id').all(networkId) as { etag: string; body: string }[];
        // With its ETag: a document written again with the same content was still written.
        return rows.map((row) => ({ ...(JSON.parse(row.body) as StoredDocument), etag: row.etag }));
      } finally {
        db.close();
      }
    },
    async stop() {
      await reseau.stop();
      await connector.close();
      await wrapped?.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
