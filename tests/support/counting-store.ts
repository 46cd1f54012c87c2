/**
 * A DocumentStore that counts what goes through it: per operation kind the calls, the documents
 * a read returned (rows) and the bytes read and written (JSON length of the documents, what
 * Cosmos DB bills by), failures apart. Benchmarks print these per card action and budget tests
 * assert on them, on either adapter (it wraps any DocumentStore, SQLite or Cosmos).
 *
 *   const store = countingStore(await openDocumentStore(...));
 *   const { result, counts } = await store.during(() => post(invoke));
 *   counts.gets, counts.queries, counts.rows, counts.writes, counts.bytesRead
 *
 * `during` counts every operation between its start and its end, whoever makes it: run it when
 * nothing else uses the store, or tell the turn's operations from background work by their call
 * stack: `include` (e.g. /\bApplication\.run\b/, only what runs inside a teams-ai turn) or
 * `exclude` (e.g. /Dispatcher\./); the others are still counted under `excluded`. An operation a method of the port does not name (a method added to the port
 * later) is forwarded and counted under its own name in `other`.
 */
import type { CountQuery, DocumentQuery, DocumentStore, StoredDocument, Versioned } from '../../src/store/document-store';

export const COUNTED_OPERATIONS = ['get', 'create', 'replace', 'upsert', 'delete', 'query', 'ping'] as const;
export type CountedOperation = (typeof COUNTED_OPERATIONS)[number];

export interface OperationCounts {
  /** Calls made, successful or not. */
  calls: number;
  /** Calls that threw (an ETag conflict, a missing document, an adapter error). */
  failures: number;
  /** Documents returned: 1 for a get that found one, each row of a query. */
  rows: number;
  /** JSON length (UTF-8 bytes) of the documents returned. */
  bytesRead: number;
  /** JSON length (UTF-8 bytes) of the documents sent (create, replace, upsert). */
  bytesWritten: number;
}

export interface StoreCounts {
  readonly byOperation: Readonly<Record<CountedOperation, Readonly<OperationCounts>>>;
  /** Methods the port gained after this wrapper was written, by name. */
  readonly other: Readonly<Record<string, Readonly<OperationCounts>>>;
  /** Queries by document type: which collection a turn reads, and how many rows it pulls. */
  readonly queriesByType: Readonly<Record<string, { readonly calls: number; readonly rows: number }>>;
  /** Point reads by document id prefix (the part before the first ':'), e.g. `member`. */
  readonly getsByPrefix: Readonly<Record<string, number>>;
  readonly gets: number;
  readonly queries: number;
  /** create + replace + upsert + delete calls. */
  readonly writes: number;
  /** Every call except ping: what a Cosmos DB deployment pays one round trip for. */
  readonly operations: number;
  /** Documents returned by gets and queries. */
  readonly rows: number;
  readonly bytesRead: number;
  readonly bytesWritten: number;
  readonly failures: number;
  /** Operations set aside by `exclude` (background work), with the same totals. */
  readonly excluded: { readonly operations: number; readonly rows: number; readonly writes: number };
}

export interface CountingStoreOptions {
  /**
   * Operations whose call stack matches are counted under `excluded` only (e.g. /Dispatcher\./).
   * Capturing a stack costs a few microseconds: leave unset when measuring CPU.
   */
  exclude?: RegExp;
  /**
   * Only operations whose call stack matches are counted; the others go under `excluded`. The
   * stack is captured 60 frames deep, so the async chain of a bot turn (teams-ai's
   * `Application.run`, /\bApplication\.run\b/) is visible: work a turn hands to setImmediate or a
   * timer (a background card refresh) does not carry it. Same cost note as `exclude`.
   */
  include?: RegExp;
  /** Off: forward only, count nothing (CPU measurements without the counting's own cost). */
  enabled?: boolean;
}

export interface CountingDocumentStore extends DocumentStore {
  /** The wrapped store. */
  readonly inner: DocumentStore;
  /** Mutable: see CountingStoreOptions. */
  readonly options: CountingStoreOptions;
  /** Counts since creation or the last reset. */
  snapshot(): StoreCounts;
  reset(): void;
  /** Runs `fn` and returns the operations made while it ran (see the header about concurrency). */
  during<T>(fn: () => Promise<T> | T): Promise<{ readonly result: T; readonly counts: StoreCounts }>;
  /** Milliseconds (performance.now()) of the last operation started: lets a caller wait for quiet. */
  lastOperationAt(): number;
}

const empty = (): OperationCounts => ({ calls: 0, failures: 0, rows: 0, bytesRead: 0, bytesWritten: 0 });
const bytesOf = (document: unknown) => Buffer.byteLength(JSON.stringify(document) ?? '', 'utf8');

interface Tally {
  byOperation: Record<CountedOperation, OperationCounts>;
  other: Record<string, OperationCounts>;
  queriesByType: Record<string, { calls: number; rows: number }>;
  getsByPrefix: Record<string, number>;
  excluded: { operations: number; rows: number; writes: number };
}

const freshTally = (): Tally => ({
  byOperation: Object.fromEntries(COUNTED_OPERATIONS.map((operation) => [operation, empty()])) as Record<CountedOperation, OperationCounts>,
  other: {},
  queriesByType: {},
  getsByPrefix: {},
  excluded: { operations: 0, rows: 0, writes: 0 },
});

const WRITES: readonly CountedOperation[] = ['create', 'replace', 'upsert', 'delete'];

function summarise(tally: Tally): StoreCounts {
  const byOperation = Object.fromEntries(Object.entries(tally.byOperation).map(([key, value]) => [key, { ...value }])) as Record<CountedOperation, OperationCounts>;
  const all = [...Object.values(byOperation), ...Object.values(tally.other)];
  const sum = (field: keyof OperationCounts) => all.reduce((total, counts) => total + counts[field], 0);
  return {
    byOperation,
    other: Object.fromEntries(Object.entries(tally.other).map(([key, value]) => [key, { ...value }])),
    queriesByType: Object.fromEntries(Object.entries(tally.queriesByType).map(([key, value]) => [key, { ...value }])),
    getsByPrefix: { ...tally.getsByPrefix },
    gets: byOperation.get.calls,
    queries: byOperation.query.calls,
    writes: WRITES.reduce((total, operation) => total + byOperation[operation].calls, 0),
    operations: sum('calls') - byOperation.ping.calls,
    rows: sum('rows'),
    bytesRead: sum('bytesRead'),
    bytesWritten: sum('bytesWritten'),
    failures: sum('failures'),
    excluded: { ...tally.excluded },
  };
}

/** The counts of `after` minus those of `before` (two snapshots of one store). */
export function diffCounts(after: StoreCounts, before: StoreCounts): StoreCounts {
  const minus = (a: OperationCounts, b: OperationCounts | undefined): OperationCounts => ({
    calls: a.calls - (b?.calls ?? 0),
    failures: a.failures - (b?.failures ?? 0),
    rows: a.rows - (b?.rows ?? 0),
    bytesRead: a.bytesRead - (b?.bytesRead ?? 0),
    bytesWritten: a.bytesWritten - (b?.bytesWritten ?? 0),
  });
  const tally: Tally = {
    byOperation: Object.fromEntries(COUNTED_OPERATIONS.map((operation) => [operation, minus(after.byOperation[operation], before.byOperation[operation])])) as Record<CountedOperation, OperationCounts>,
    other: Object.fromEntries(Object.entries(after.other).map(([key, value]) => [key, minus(value, before.other[key])])),
    queriesByType: Object.fromEntries(
      Object.entries(after.queriesByType)
        .map(([key, value]) => [key, { calls: value.calls - (before.queriesByType[key]?.calls ?? 0), rows: value.rows - (before.queriesByType[key]?.rows ?? 0) }] as const)
        .filter(([, value]) => value.calls > 0),
    ),
    getsByPrefix: Object.fromEntries(
      Object.entries(after.getsByPrefix)
        .map(([key, value]) => [key, value - (before.getsByPrefix[key] ?? 0)] as const)
        .filter(([, value]) => value > 0),
    ),
    excluded: {
      operations: after.excluded.operations - before.excluded.operations,
      rows: after.excluded.rows - before.excluded.rows,
      writes: after.excluded.writes - before.excluded.writes,
    },
  };
  return summarise(tally);
}

/** One line for a report: `7 gets / 2 queries (200 rows) / 1 write, 103.2 KB read / 0.3 KB written`. */
export function describeCounts(counts: StoreCounts): string {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  return `${counts.gets} gets / ${counts.queries} queries (${counts.rows - counts.byOperation.get.rows} rows) / ${counts.writes} writes, ${kb(counts.bytesRead)} read / ${kb(counts.bytesWritten)} written`;
}

const idPrefix = (id: string) => {
  const colon = id.indexOf(':');
  return colon > 0 ? id.slice(0, colon) : id;
};

/** Wraps `inner`; every method of the port goes through, counted. */
export function countingStore(inner: DocumentStore, options: CountingStoreOptions = {}): CountingDocumentStore {
  let tally = freshTally();
  let lastAt = 0;
  const settings: CountingStoreOptions = { enabled: true, ...options };

  /** Where an operation's numbers go, or undefined when not counting. */
  const countsFor = (operation: string): { counts: OperationCounts; excluded: boolean } | undefined => {
    lastAt = performance.now();
    if (settings.enabled === false) return undefined;
    if (settings.exclude || settings.include) {
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 60;
      const stack = new Error().stack ?? '';
      Error.stackTraceLimit = limit;
      if ((settings.exclude && settings.exclude.test(stack)) || (settings.include && !settings.include.test(stack))) return { counts: empty(), excluded: true };
    }
    const known = (COUNTED_OPERATIONS as readonly string[]).includes(operation);
    const counts = known ? tally.byOperation[operation as CountedOperation] : (tally.other[operation] ??= empty());
    return { counts, excluded: false };
  };

  // Not async itself: switched off, an operation costs what the wrapped store's does (no extra
  // promise per operation in the benchmarks' CPU measurements).
  const counted = <T>(operation: string, run: () => Promise<T>, account: (result: T, counts: OperationCounts) => void, written?: unknown): Promise<T> => {
    const target = countsFor(operation);
    return target ? countedRun(operation, target, run, account, written) : run();
  };

  const countedRun = async <T>(
    operation: string,
    { counts, excluded }: { counts: OperationCounts; excluded: boolean },
    run: () => Promise<T>,
    account: (result: T, counts: OperationCounts) => void,
    written?: unknown,
  ): Promise<T> => {
    counts.calls += 1;
    if (written !== undefined) counts.bytesWritten += bytesOf(written);
    try {
      const result = await run();
      account(result, counts);
      return result;
    } catch (error) {
      counts.failures += 1;
      throw error;
    } finally {
      if (excluded) {
        tally.excluded.operations += operation === 'ping' ? 0 : 1;
        tally.excluded.rows += counts.rows;
        tally.excluded.writes += (WRITES as readonly string[]).includes(operation) ? 1 : 0;
      }
    }
  };

  const none = () => undefined;
  const wrapper: Omit<CountingDocumentStore, 'kind'> & { readonly kind: DocumentStore['kind'] } = {
    get kind() {
      return inner.kind;
    },
    inner,
    options: settings,
    get: <T extends StoredDocument>(networkId: string, id: string) =>
      counted('get', () => inner.get<T>(networkId, id), (found, counts) => {
        // Only for counted (not excluded) reads of the current tally.
        if (tally.byOperation.get === counts) tally.getsByPrefix[idPrefix(id)] = (tally.getsByPrefix[idPrefix(id)] ?? 0) + 1;
        if (found) {
          counts.rows += 1;
          counts.bytesRead += bytesOf(found.document);
        }
      }),
    create: <T extends StoredDocument>(document: T) => counted('create', () => inner.create(document), none, document),
    replace: <T extends StoredDocument>(document: T, ifMatch: string) => counted('replace', () => inner.replace(document, ifMatch), none, document),
    upsert: <T extends StoredDocument>(document: T) => counted('upsert', () => inner.upsert(document), none, document),
    delete: (networkId: string, id: string, ifMatch?: string) => counted('delete', () => inner.delete(networkId, id, ifMatch), none),
    query: <T extends StoredDocument>(networkId: string, query: DocumentQuery) =>
      counted('query', () => inner.query<T>(networkId, query), (rows: Versioned<T>[], counts) => {
        counts.rows += rows.length;
        for (const row of rows) counts.bytesRead += bytesOf(row.document);
        if (tally.byOperation.query === counts) {
          const byType = (tally.queriesByType[query.type] ??= { calls: 0, rows: 0 });
          byType.calls += 1;
          byType.rows += rows.length;
        }
      }),
    // A count is a query to the store (one round trip) that returns no document: no rows.
    count: (networkId: string, query: CountQuery) =>
      counted('query', () => inner.count(networkId, query), (_count: number, counts) => {
        if (tally.byOperation.query === counts) (tally.queriesByType[`${query.type} (count)`] ??= { calls: 0, rows: 0 }).calls += 1;
      }),
    // Housekeeping, not a turn's work: counted under `other`.
    purgeExpired: (networkId: string, limit: number) => counted('purgeExpired', () => inner.purgeExpired(networkId, limit), none),
    ping: () => counted('ping', () => inner.ping(), none),
    close: () => inner.close(),
    snapshot: () => summarise(tally),
    reset() {
      tally = freshTally();
    },
    async during(fn) {
      const before = summarise(tally);
      const result = await fn();
      return { result, counts: diffCounts(summarise(tally), before) };
    },
    lastOperationAt: () => lastAt,
  };

  // A method the port gains later is forwarded and counted under its name rather than lost.
  return new Proxy(wrapper as CountingDocumentStore, {
    get(target, property, receiver) {
      if (property in target) return Reflect.get(target, property, receiver) as unknown;
      const value = Reflect.get(inner, property) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        counted(String(property), () => Promise.resolve((value as (...a: unknown[]) => unknown).apply(inner, args)), (result, counts) => {
          if (Array.isArray(result)) counts.rows += result.length;
        });
    },
  });
}

/**
 * Documents every turn reads through a per-process cache (the agency directory and the co-chair
 * rotation, src/network/shared-read-cache.ts): read again at most once each per 5 s of wall-clock
 * time, which a loaded machine lets pass between two counted turns.
 */
const CACHED_ROLE_DOCUMENTS = /^(directory|cochair-rotation)$/;

/** Gets, rows and gets by prefix without those cached reads (at most one of each, checked). */
export function withoutCachedRoleReads(counts: StoreCounts): { readonly gets: number; readonly rows: number; readonly getsByPrefix: Readonly<Record<string, number>> } {
  const cached = Object.entries(counts.getsByPrefix).filter(([prefix]) => CACHED_ROLE_DOCUMENTS.test(prefix));
  if (cached.some(([, reads]) => reads > 1)) throw new Error(`a cached role document read more than once in one window: ${JSON.stringify(counts.getsByPrefix)}`);
  const reads = cached.reduce((sum, [, count]) => sum + count, 0);
  return {
    gets: counts.gets - reads,
    rows: counts.rows - reads,
    getsByPrefix: Object.fromEntries(Object.entries(counts.getsByPrefix).filter(([prefix]) => !CACHED_ROLE_DOCUMENTS.test(prefix))),
  };
}
