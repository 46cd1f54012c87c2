/**
 * Réseau that a test can stop and start again on the same store, as after a crash: a fresh data
 * directory, fake Bot Connector and clock per test (mocha hooks registered where this is
 * called), the real composition root on each boot, everything stopped and removed after.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startReseau, type RunningReseau } from '../../src/main';
import { startFakeConnector, type FakeConnector } from './fake-connector';

export interface RestartableReseau {
  /** The app's clock; move it to let time pass between a crash and the restart. */
  readonly clock: { now: Date };
  /** This test's fake Bot Connector (the same across restarts). */
  readonly connector: FakeConnector;
  /** Starts Réseau on this test's data directory. */
  boot(): Promise<RunningReseau>;
  /** Stops the running app, if any (what a test calls to "crash" it). */
  stop(): Promise<void>;
}

export function restartableReseau(prefix: string, start: Date, env: () => NodeJS.ProcessEnv): RestartableReseau {
  const clock = { now: start };
  let dataDir = '';
  let connector: FakeConnector | undefined;
  let running: RunningReseau | undefined;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), prefix));
    connector = await startFakeConnector();
    clock.now = start;
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
    await connector?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  return {
    clock,
    get connector() {
      if (!connector) throw new Error('restartableReseau: the connector exists only inside a test');
      return connector;
    },
    async boot() {
      const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env() });
      running = await startReseau(config, { logger: createLogger('silent'), now: () => clock.now });
      return running;
    },
    async stop() {
      await running?.stop();
      running = undefined;
    },
  };
}
