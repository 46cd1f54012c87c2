/**
 * The document-store port. Every feature persists plain JSON documents through it; two
 * adapters implement it (SQLite embedded, Cosmos DB) and one contract suite runs against both.
 *
 * Everything lives in a partition named by `networkId` (the Cosmos partition key `/networkId`),
 * so one deployment can serve several country networks and no query ever crosses networks.
 */

/** Every stored document carries its partition, its id and a discriminating type. */
export interface StoredDocument {
  readonly id: string;
  readonly networkId: string;
  readonly type: string;
}

/** A document as read from the store, with the ETag to pass back for a conditional write. */
export interface Versioned<T extends StoredDocument> {
  readonly document: T;
  readonly etag: string;
}

export type ScalarValue = string | number | boolean | null;

/**
 * One condition on a top-level or dotted field path (`status`, `meeting.start`).
 * `contains` tests that an array field holds the value; `in` that the field equals one of values.
 */
export type QueryCondition =
  | { readonly path: string; readonly op: '=' | '!=' | '<' | '<=' | '>' | '>='; readonly value: ScalarValue }
  | { readonly path: string; readonly op: 'in'; readonly values: readonly ScalarValue[] }
  | { readonly path: string; readonly op: 'contains'; readonly value: ScalarValue }
  | { readonly path: string; readonly op: 'startsWith'; readonly value: string }
  | { readonly path: string; readonly op: 'exists' | 'missing' };

/**
 * A query within one partition, portable across adapters: no SQL dialect leaks to features,
 * and every value is bound as a parameter (never spliced into query text).
 */
export interface DocumentQuery {
  readonly type: string;
  readonly where?: readonly QueryCondition[];
  readonly orderBy?: { readonly path: string; readonly direction?: 'asc' | 'desc' };
  readonly limit?: number;
}

export interface DocumentStore {
  /** Which adapter this is, for logs and health output. */
  readonly kind: 'sqlite' | 'cosmos';
  /** The document, or undefined when there is none with that id in that partition. */
  get<T extends StoredDocument>(networkId: string, id: string): Promise<Versioned<T> | undefined>;
  /** Creates the document; throws StoreConflictError('already_exists') when the id is taken. */
  create<T extends StoredDocument>(document: T): Promise<Versioned<T>>;
  /**
   * Replaces the document only if its current ETag is `ifMatch`; throws
   * StoreConflictError('etag_mismatch') when someone else wrote first, StoreNotFoundError when gone.
   */
  replace<T extends StoredDocument>(document: T, ifMatch: string): Promise<Versioned<T>>;
  /** Creates or overwrites without a condition: only for documents a single writer owns. */
  upsert<T extends StoredDocument>(document: T): Promise<Versioned<T>>;
  /** Deletes; with `ifMatch`, only if unchanged. Deleting a missing document throws StoreNotFoundError. */
  delete(networkId: string, id: string, ifMatch?: string): Promise<void>;
  /** Documents of one type within one partition matching every condition. */
  query<T extends StoredDocument>(networkId: string, query: DocumentQuery): Promise<Versioned<T>[]>;
  /** Resolves when the store answers; rejects otherwise (used by /healthz). */
  ping(): Promise<void>;
  /** Releases connections and files; the store is unusable afterwards. */
  close(): Promise<void>;
}
