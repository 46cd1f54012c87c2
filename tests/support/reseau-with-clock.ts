/**
 * The real Réseau (as in reseau-under-test.ts) with a clock the test sets: for behaviour that
 * depends on dates (the co-chair rotation, review reminders) seen end to end.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startReseau, type RunningReseau } from '../../src/main';
import { startFakeConnector, type FakeConnector } from './fake-connector';

export interface ReseauWithClock {
  readonly url: string;
  readonly connector: FakeConnector;
  readonly reseau: RunningReseau;
  /** Read by the app on every `now()`; move it forward to let time pass. */
  readonly clock: { now: Date };
  stop(): Promise<void>;
}

export async function startReseauWithClock(start: Date, env: NodeJS.ProcessEnv = {}): Promise<ReseauWithClock> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'reseau-clock-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env });
  const connector = await startFakeConnector();
  const clock = { now: start };
  const reseau = await startReseau(config, { logger: createLogger('silent'), now: () => clock.now });
  return {
    url: reseau.url,
    connector,
    reseau,
    clock,
    async stop() {
      await reseau.stop();
      await connector.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
