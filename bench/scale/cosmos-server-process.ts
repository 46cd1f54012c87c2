/**
 * The Cosmos DB protocol server (tests/support/cosmos-server.ts) as a process of its own, for
 * bench:scale: a real account is elsewhere, so its work must not queue behind the bench's own
 * (the fake connector's bookkeeping, the enqueue of thousands of items) on one event loop.
 * Prints one JSON line `{"endpoint": …, "key": …}` once it listens; ends with its parent.
 *
 *   node --import tsx bench/scale/cosmos-server-process.ts
 */
import { startCosmosServer } from '../../tests/support/cosmos-server';

startCosmosServer()
  .then((server) => {
    process.stdout.write(`${JSON.stringify({ endpoint: server.endpoint, key: server.key })}\n`);
    // The parent closes our stdin when it ends, however it ends.
    process.stdin.on('end', () => void server.close().finally(() => process.exit(0)));
    process.stdin.resume();
  })
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
