/**
 * A DocumentStore that prices every operation the app makes in Cosmos DB request units
 * (./request-units.ts) and files it under a category, so `npm run estimate:cost` can say what a
 * year of a network costs and where it goes.
 *
 * Write costs depend on the document before and after (size, index terms), which a write does
 * not carry: the meter keeps a shadow of every document as it last went through (bytes, terms,
 * ttl), which is exact when every operation of the store's life goes through the meter — open it
 * on an empty store.
 *
 * Category: what the caller set with `during(category, fn)` for the work it starts, except
 * background work recognised by its call stack (the outbox dispatcher and the sending lease:
 * `delivery`; schedulers: `schedulers`) wherever it runs.
 */
import type { CountQuery, DocumentQuery, DocumentStore, StoredDocument, Versioned } from '../../src/store/document-store';
import { createRu, deleteRu, indexTerms, pointReadRu, queryRu, replaceRu, termChanges, termCount, type QueryAssumption } from './request-units';

export type OperationKind = 'read' | 'query' | 'create' | 'replace' | 'delete';

export interface Tally {
  operations: number;
  ru: number;
}

export interface MeterReport {
  /** By category, then by operation kind. */
  readonly byCategory: Readonly<Record<string, Readonly<Record<OperationKind, Readonly<Tally>>>>>;
  /** By category: operations and RU. */
  readonly totals: Readonly<Record<string, Readonly<Tally>>>;
  readonly ru: number;
  readonly operations: number;
  /** By category, then `<kind> <document type>`: where a category's request units go. */
  readonly byType: Readonly<Record<string, Readonly<Record<string, Readonly<Tally>>>>>;
}

interface Shadow {
  readonly bytes: number;
  readonly terms: Map<string, number>;
  readonly ttl?: number;
}

const BACKGROUND: readonly (readonly [RegExp, string])[] = [
  [/\b(Dispatcher|SendingLease|DeliveryTally)\./, 'delivery'],
  [/Scheduler\./, 'schedulers'],
];

const bytesOf = (document: unknown) => Buffer.byteLength(JSON.stringify(document) ?? '', 'utf8');
const emptyKinds = (): Record<OperationKind, Tally> => ({
  read: { operations: 0, ru: 0 },
  query: { operations: 0, ru: 0 },
  create: { operations: 0, ru: 0 },
  replace: { operations: 0, ru: 0 },
  delete: { operations: 0, ru: 0 },
});

export interface MeteredStore extends DocumentStore {
  /** Runs `fn`, filing what it starts under `category` (background work keeps its own). */
  during<T>(category: string, fn: () => Promise<T>): Promise<T>;
  /** Since creation or the last reset. */
  report(): MeterReport;
  reset(): void;
  /** Documents alive now (not deleted), with their ttl: storage and the deletions TTL will make. */
  liveDocuments(): { readonly bytes: number; readonly ttl?: number; readonly terms: number }[];
}

export function meteredStore(inner: DocumentStore, assumption?: QueryAssumption): MeteredStore {
  const shadows = new Map<string, Shadow>();
  let byCategory: Record<string, Record<OperationKind, Tally>> = {};
  let byType: Record<string, Record<string, Tally>> = {};
  // The category of the work in progress: one at a time (the estimate runs its scenes one by one).
  let current = 'other';
  const key = (networkId: string, id: string) => `${networkId}\u0000${id}`;

  const categoryNow = () => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 40;
    const stack = new Error().stack ?? '';
    Error.stackTraceLimit = limit;
    for (const [pattern, category] of BACKGROUND) if (pattern.test(stack)) return category;
    return current;
  };
  const add = (category: string, kind: OperationKind, ru: number, type: string) => {
    for (const tally of [(byCategory[category] ??= emptyKinds())[kind], ((byType[category] ??= {})[`${kind} ${type}`] ??= { operations: 0, ru: 0 })]) {
      tally.operations += 1;
      tally.ru += ru;
    }
  };
  const remember = (document: StoredDocument) => {
    const shadow: Shadow = { bytes: bytesOf(document), terms: indexTerms(document), ...(document.ttl !== undefined ? { ttl: document.ttl } : {}) };
    shadows.set(key(document.networkId, document.id), shadow);
    return shadow;
  };
  const written = (category: string, document: StoredDocument) => {
    const before = shadows.get(key(document.networkId, document.id));
    const after = remember(document);
    if (!before) {
      add(category, 'create', createRu(after.bytes, termCount(after.terms)), document.type);
      return;
    }
    const { removed, added } = termChanges(before.terms, after.terms);
    add(category, 'replace', replaceRu(before.bytes, after.bytes, removed, added), document.type);
  };

  /** A write is priced once it succeeded. A refused one (an ETag conflict) is not counted, though Cosmos DB charges for it too: conflicts make the estimate low. */
  const writeThrough = async <T>(document: StoredDocument, write: () => Promise<T>): Promise<T> => {
    const category = categoryNow();
    const result = await write();
    written(category, document);
    return result;
  };

  const store: MeteredStore = {
    get kind() {
      return inner.kind;
    },
    async get<T extends StoredDocument>(networkId: string, id: string) {
      const category = categoryNow();
      const found = await inner.get<T>(networkId, id);
      add(category, 'read', found ? pointReadRu(bytesOf(found.document)) : pointReadRu(0), found?.document.type ?? `${id.split(':')[0]} (missing)`);
      return found;
    },
    create: <T extends StoredDocument>(document: T) => writeThrough(document, () => inner.create(document)),
    replace: <T extends StoredDocument>(document: T, ifMatch: string) => writeThrough(document, () => inner.replace(document, ifMatch)),
    upsert: <T extends StoredDocument>(document: T) => writeThrough(document, () => inner.upsert(document)),
    async delete(networkId: string, id: string, ifMatch?: string) {
      const category = categoryNow();
      await inner.delete(networkId, id, ifMatch);
      const before = shadows.get(key(networkId, id));
      shadows.delete(key(networkId, id));
      add(category, 'delete', deleteRu(before?.bytes ?? 0, before ? termCount(before.terms) : 0), id.split(':')[0] ?? id);
    },
    async query<T extends StoredDocument>(networkId: string, query: DocumentQuery): Promise<Versioned<T>[]> {
      const category = categoryNow();
      const rows = await inner.query<T>(networkId, query);
      add(category, 'query', queryRu(rows.map((row) => bytesOf(row.document)), assumption), query.type);
      return rows;
    },
    async count(networkId: string, query: CountQuery) {
      const category = categoryNow();
      const counted = await inner.count(networkId, query);
      add(category, 'query', queryRu([], assumption), `${query.type} (count)`);
      return counted;
    },
    // Cosmos DB expires items itself; the TTL deletions are priced from liveDocuments() instead.
    purgeExpired: (networkId: string, limit: number) => inner.purgeExpired(networkId, limit),
    ping: () => inner.ping(),
    close: () => inner.close(),
    async during<T>(category: string, fn: () => Promise<T>) {
      const previous = current;
      current = category;
      try {
        return await fn();
      } finally {
        current = previous;
      }
    },
    report() {
      const totals: Record<string, Tally> = {};
      let ru = 0;
      let operations = 0;
      for (const [category, kinds] of Object.entries(byCategory)) {
        const total = { operations: 0, ru: 0 };
        for (const tally of Object.values(kinds)) {
          total.operations += tally.operations;
          total.ru += tally.ru;
        }
        totals[category] = total;
        ru += total.ru;
        operations += total.operations;
      }
      return { byCategory: structuredClone(byCategory), totals, ru, operations, byType: structuredClone(byType) };
    },
    reset() {
      byCategory = {};
      byType = {};
    },
    liveDocuments: () => [...shadows.values()].map((shadow) => ({ bytes: shadow.bytes, terms: termCount(shadow.terms), ...(shadow.ttl !== undefined ? { ttl: shadow.ttl } : {}) })),
  };
  return store;
}
