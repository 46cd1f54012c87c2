/**
 * The two store adapters the product ships, as contract suites need them: a fresh, empty
 * store on demand — its own SQLite file in a temp dir, or its own database on an in-process
 * Cosmos DB server — and a close that removes what was created. Call inside a `describe`: the
 * Cosmos server starts on first use and stops after that describe.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CosmosDocumentStore, type CosmosDocumentStoreOptions } from '../../src/store/cosmos-document-store';
import type { DocumentStore } from '../../src/store/document-store';
import { STORE_NAMES, openDocumentStore } from '../../src/store/open-store';
import { startCosmosServer, type CosmosTestServer } from './cosmos-server';

export interface StoreAdapterUnderTest {
  readonly name: string;
  open(): Promise<DocumentStore>;
  close(store: DocumentStore): Promise<void>;
}

/** Runs `test` on a fresh store of `adapter`, closed (and removed) after it, whatever the test's end. */
export async function withFreshStore(adapter: StoreAdapterUnderTest, test: (store: DocumentStore) => Promise<void>): Promise<void> {
  const store = await adapter.open();
  try {
    await test(store);
  } finally {
    await adapter.close(store);
  }
}

export interface StoreAdapterOptions {
  readonly onRequestCharge?: CosmosDocumentStoreOptions['onRequestCharge'];
}

export function storeAdaptersUnderTest(options: StoreAdapterOptions = {}): readonly StoreAdapterUnderTest[] {
  const dataDirs = new Map<DocumentStore, string>();
  let server: Promise<CosmosTestServer> | undefined;
  after(async () => {
    if (server) await (await server).close();
  });
  return [
    {
      name: 'SQLite',
      async open() {
        const dataDir = await mkdtemp(path.join(os.tmpdir(), 'reseau-contract-'));
        const store = await openDocumentStore({ kind: 'sqlite', dataDir });
        dataDirs.set(store, dataDir);
        return store;
      },
      async close(store) {
        await store.close();
        const dataDir = dataDirs.get(store);
        if (dataDir) await rm(dataDir, { recursive: true, force: true });
      },
    },
    {
      name: 'Cosmos DB (@zeit/cosmosdb-server)',
      async open() {
        server ??= startCosmosServer();
        const { endpoint, key } = await server;
        // A fresh database per opened store: nothing leaks from one suite to the next.
        return CosmosDocumentStore.open({
          endpoint,
          key,
          databaseId: `reseau-test-${randomUUID()}`,
          containerId: STORE_NAMES.container,
          ...(options.onRequestCharge ? { onRequestCharge: options.onRequestCharge } : {}),
        });
      },
      close: (store) => store.close(),
    },
  ];
}
