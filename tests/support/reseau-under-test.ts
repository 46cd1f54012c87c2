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
import { startFakeConnector, type FakeConnector, type FakeConnectorOptions } from './fake-connector';

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
  /** Present when started with `clockStart`: the app reads it on every `now()`; move it to let time pass. */
  readonly clock?: { now: Date };
  /**
   * Every document of a network's partition as stored, whatever its type, sorted by id (read
   * from the SQLite file on a separate read-only connection): compare two to prove nothing changed.
   */
  partition(networkId: string): (StoredDocument & { readonly etag: string })[];
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
}

export async function startReseauUnderTest(options: StartOptions = {}): Promise<ReseauUnderTest> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'reseau-e2e-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'debug', ...options.env });
  const connector = await startFakeConnector(options.connector);
  const logs: LogLine[] = [];
  const logger = createLogger(config.logLevel, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  // Without a wrapper the app opens (and on stop closes) its own store, as in production.
  const wrapped = options.wrapStore ? await openDocumentStore({ kind: 'sqlite', dataDir }) : undefined;
  const clock = options.clockStart ? { now: options.clockStart } : undefined;
  const reseau = await startReseau(config, {
    logger,
    ...(wrapped && options.wrapStore ? { store: options.wrapStore(wrapped) } : {}),
    ...(clock ? { now: () => clock.now } : {}),
  });
  return {
    url: reseau.url,
    connector,
    store: wrapped ?? reseau.store,
    logs,
    reseau,
    ...(clock ? { clock } : {}),
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
