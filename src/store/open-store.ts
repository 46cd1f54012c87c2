/**
 * Picks and opens the document-store adapter the configuration asks for. Store names live here
 * and nowhere else in code (the Bicep templates must use the same ones).
 */
import type { TokenCredential } from '@azure/identity';
import { CosmosDocumentStore, type CosmosOperation } from './cosmos-document-store';
import type { DocumentStore } from './document-store';
import { SqliteDocumentStore } from './sqlite-document-store';

export const STORE_NAMES = {
  /** Cosmos DB database. */
  database: 'reseau',
  /** Cosmos DB container, partitioned on /networkId. */
  container: 'documents',
  /** SQLite file under the data directory. */
  sqliteFile: 'reseau.sqlite',
} as const;

export type StoreOptions =
  | { readonly kind: 'sqlite'; readonly dataDir: string; readonly fileName?: string }
  | {
      readonly kind: 'cosmos';
      readonly endpoint: string;
      readonly key?: string;
      readonly credential?: TokenCredential;
      readonly databaseId?: string;
      readonly containerId?: string;
      readonly onRequestCharge?: (operation: CosmosOperation, requestUnits: number) => void;
      readonly enableEndpointDiscovery?: boolean;
    };

export async function openDocumentStore(options: StoreOptions): Promise<DocumentStore> {
  if (options.kind === 'sqlite') {
    return new SqliteDocumentStore({ dataDir: options.dataDir, fileName: options.fileName ?? STORE_NAMES.sqliteFile });
  }
  return CosmosDocumentStore.open({
    ...options,
    databaseId: options.databaseId ?? STORE_NAMES.database,
    containerId: options.containerId ?? STORE_NAMES.container,
  });
}
