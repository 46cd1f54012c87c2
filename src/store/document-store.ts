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
  /**
   * Time to live, in whole seconds after the document's last write: past it the store deletes
   * the document, and no read (get, query, count) returns it even before it is gone. Absent =
   * kept until deleted. Any type may use it; each write sets it anew (a write without it keeps
   * the document for good). Cosmos DB's own per-item `ttl` (the container has `defaultTtl: -1`);
   * SQLite keeps an expiry column that reads honour and `purgeExpired` clears.
   */
  readonly ttl?: number;
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
 *
 * Semantics both adapters share (Cosmos DB's): comparisons only match values of the same JSON
 * type (`3 < "5"` matches nothing), `!=` matches any present value other than the given one, a
 * missing field matches no comparison. Without `orderBy` the order is unspecified. Order only by
 * a field every document of the type has: Cosmos sorts missing values first (and the test server
 * drops them).
 */
export interface DocumentQuery {
  readonly type: string;
  readonly where?: readonly QueryCondition[];
  readonly orderBy?: { readonly path: string; readonly direction?: 'asc' | 'desc' };
  readonly limit?: number;
  /**
   * Top-level fields to return: each document then holds `id`, `networkId`, `type` and those
   * of the fields it has (an absent one stays absent), with its usual ETag. For lists that need
   * a few small fields of large documents (a delivery status, not the cards themselves); type
   * the result accordingly, e.g. `query<Pick<Item, 'id' | 'networkId' | 'type' | 'status'>>`.
   */
  readonly fields?: readonly string[];
}

/**
 * Field paths become part of query text (a JSON path, a property accessor), so they are limited
 * to plain identifiers joined by dots; values never need this because they are always bound.
 */
export const FIELD_PATH_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** What `count` takes: a query's type and conditions (no order, limit or projection). */
export type CountQuery = Pick<DocumentQuery, 'type' | 'where'>;

/** A top-level field name, as `fields` lists them. */
export const FIELD_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The fields a projected query returns: the listed ones and the three every document has, once each. */
export function projectedFields(fields: readonly string[]): string[] {
  return [...new Set(['id', 'networkId', 'type', ...fields])];
}

/**
 * One secondary index: the documents of one `type` it covers and the field paths it orders
 * them by (`{ type: 'outbox', paths: ['status', 'dueAt'] }`). An adapter given a list of them
 * serves equality (and, on the last path, range) conditions on those paths within one
 * partition and that type from an index, so such a lookup costs the same however many
 * documents of the type the partition holds — and a write of a document of another type does
 * not touch the index at all. Queries stay correct without any: an index is a cost promise,
 * never a change of results. Declared once, in open-store.ts.
 */
export interface DeclaredIndex {
  readonly type: string;
  readonly paths: readonly string[];
}

/** Document types an index may name: they are written into SQL text as literals. */
export const INDEXED_TYPE_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** Rejects an index declaration whose type or paths could not be used in query text. */
export function assertValidIndex(index: DeclaredIndex): void {
  if (!INDEXED_TYPE_PATTERN.test(index.type)) {
    throw new TypeError(`Invalid indexed type ${JSON.stringify(index.type)}: letters, digits, "_" and "-", starting with a letter.`);
  }
  if (index.paths.length === 0) throw new TypeError('An index needs at least one field path.');
  for (const path of index.paths) {
    if (!FIELD_PATH_PATTERN.test(path)) {
      throw new TypeError(`Invalid indexed path ${JSON.stringify(path)}: use identifiers joined by dots, like "meeting.start".`);
    }
  }
}

/**
 * Cosmos DB limits an id to 1,023 bytes; ids are escaped there (see the Cosmos adapter), which
 * costs at most 3 bytes per UTF-16 unit, so 341 units always fit. Enforced by both adapters.
 */
export const MAX_ID_LENGTH = 341;

/** Cosmos DB's largest `ttl` (a signed 32-bit count of seconds, about 68 years). */
export const MAX_TTL_SECONDS = 2_147_483_647;

/** Cosmos DB refuses items over 2 MB; the embedded store enforces the same so local runs fail alike. */
export const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;

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
  /**
   * How many documents `query` would return, in one round trip and one row whatever the count:
   * a card that shows "12 comments" and the latest few need not read them all.
   */
  count(networkId: string, query: CountQuery): Promise<number>;
  /**
   * Removes up to `limit` documents of the partition whose `ttl` has run out; resolves how many.
   * Reads already ignore them, so this only reclaims space: SQLite runs it from a periodic task,
   * Cosmos DB deletes expired items itself in the background (0 here, no request).
   */
  purgeExpired(networkId: string, limit: number): Promise<number>;
  /** Resolves when the store answers; rejects otherwise (used by /healthz). */
  ping(): Promise<void>;
  /** Releases connections and files; the store is unusable afterwards. */
  close(): Promise<void>;
}

/**
 * Rejects a document the port cannot store, whatever the adapter, so a feature that gets it
 * wrong fails the same way on a laptop as in Azure. Programming errors, hence TypeError.
 */
export function assertStorableDocument(document: StoredDocument): void {
  for (const key of ['id', 'networkId', 'type'] as const) {
    const value: unknown = document[key];
    if (typeof value !== 'string' || value === '') {
      throw new TypeError(`A stored document needs a non-empty string "${key}" (got ${JSON.stringify(value)}).`);
    }
  }
  const { ttl } = document;
  if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TTL_SECONDS)) {
    throw new TypeError(`Document "${document.id}" has ttl ${JSON.stringify(ttl)}: use a whole number of seconds from 1 to ${MAX_TTL_SECONDS}, or none.`);
  }
  if (document.id.length > MAX_ID_LENGTH) {
    throw new TypeError(`Document id "${document.id.slice(0, 40)}…" is ${document.id.length} characters; at most ${MAX_ID_LENGTH} are allowed.`);
  }
}

/** Rejects a query whose paths could escape into query text or whose limit is not a count. */
export function assertValidQuery(query: DocumentQuery): void {
  if (typeof query.type !== 'string' || query.type === '') {
    throw new TypeError('A document query needs a non-empty "type".');
  }
  const paths = [...(query.where ?? []).map((condition) => condition.path), ...(query.orderBy ? [query.orderBy.path] : [])];
  for (const path of paths) {
    if (!FIELD_PATH_PATTERN.test(path)) {
      throw new TypeError(`Invalid field path ${JSON.stringify(path)}: use identifiers joined by dots, like "meeting.start".`);
    }
  }
  for (const condition of query.where ?? []) {
    const values = condition.op === 'in' ? condition.values : 'value' in condition ? [condition.value] : [];
    for (const value of values) {
      // NaN and Infinity have no JSON form, so no stored document can hold them.
      if (typeof value === 'number' && !Number.isFinite(value)) {
        throw new TypeError(`Invalid value ${value} for "${condition.path}": only finite numbers can be compared.`);
      }
    }
  }
  for (const field of query.fields ?? []) {
    if (!FIELD_NAME_PATTERN.test(field)) {
      throw new TypeError(`Invalid field ${JSON.stringify(field)} to return: use a top-level field name, like "status".`);
    }
  }
  if (query.limit !== undefined && (!Number.isInteger(query.limit) || query.limit < 1)) {
    throw new TypeError(`Invalid query limit ${query.limit}: it must be a positive integer.`);
  }
}
