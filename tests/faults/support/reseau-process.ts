/**
 * Réseau as its own process, for fault tests that kill it (SIGKILL) or scale it in (SIGTERM):
 * the production composition root and signal handling (`startReseau`, `stopOnSignals`), with
 * two timings shortened from the environment so a crash is recovered from in seconds:
 * FAULTS_ITEM_LEASE_MS (an outbox item's claim) and FAULTS_SENDING_LEASE_RENEW_MS (the sending
 * lease's renewal). Prints one JSON line `{"ready": url, "instanceId": …}` once it listens.
 *
 *   node --import tsx tests/faults/support/reseau-process.ts
 */
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/logger';
import { startReseau, stopOnSignals } from '../../../src/main';

async function run(): Promise<void> {
  const config = loadConfig(process.env);
  const itemLeaseMs = Number(process.env.FAULTS_ITEM_LEASE_MS ?? 0);
  const renewMs = Number(process.env.FAULTS_SENDING_LEASE_RENEW_MS ?? 0);
  const logger = createLogger(config.logLevel);
  const reseau = await startReseau(itemLeaseMs > 0 ? { ...config, delivery: { ...config.delivery, leaseMs: itemLeaseMs } } : config, {
    logger,
    ...(renewMs > 0 ? { sendingLeaseRenewMs: renewMs } : {}),
  });
  stopOnSignals(reseau, logger);
  process.stdout.write(`${JSON.stringify({ ready: reseau.url, instanceId: reseau.instanceId })}\n`);
}

run().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
