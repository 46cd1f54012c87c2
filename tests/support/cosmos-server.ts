/**
 * An in-process Cosmos DB server (@zeit/cosmosdb-server) for contract tests: no emulator, no
 * Docker, no network. It speaks plain HTTP and accepts any key; the key below is the public,
 * well-known Cosmos emulator key, so nothing secret is involved.
 */
import type { AddressInfo } from 'node:net';
import { createHttpServer } from '@zeit/cosmosdb-server';

export const COSMOS_EMULATOR_KEY = 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

export interface CosmosTestServer {
  /** `http://127.0.0.1:PORT`: the store adapter turns endpoint discovery off for http. */
  readonly endpoint: string;
  readonly key: string;
  close(): Promise<void>;
}

export async function startCosmosServer(): Promise<CosmosTestServer> {
  const server = createHttpServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    key: COSMOS_EMULATOR_KEY,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // The server answers `connection: close`, but a request still in flight would hold close().
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
