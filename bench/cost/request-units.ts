/**
 * What an operation costs on Azure Cosmos DB (API for NoSQL), in request units, from Microsoft's
 * published figures — so `npm run estimate:cost` can price what the app really does without a
 * real account (the in-process Cosmos protocol server reports 1 RU for everything).
 *
 * Source: "Understand request units consumption in Azure Cosmos DB" (learn.microsoft.com,
 * articles/cosmos-db/understand-request-unit-consumption.md, dated 21 April 2026):
 *   - reads and writes by document size (the table below, session/eventual consistency, one region);
 *   - a create = the size-based write + 0.2 RU per indexed term;
 *   - a replace = deleting the old document + inserting the new one (each the size-based write)
 *     + 0.2 RU per indexed term removed and per term added;
 *   - a delete = the size-based write + 0.2 RU per indexed term;
 *   - a point read depends on the size only;
 *   - feed reads cost about what reading their documents one by one costs.
 * Queries are "variable" there (index lookups, documents loaded, pages): modelled as a base
 * charge per query plus each returned document's read cost — an ASSUMPTION, stated in the
 * output; real accounts report `x-ms-request-charge` through the store's `onRequestCharge` hook
 * (src/store/open-store.ts), which is what to compare against.
 *
 * Pure: no store, no clock.
 */
import { UNINDEXED_PATHS } from '../../src/store/open-store';

/** Document sizes of the published table, in KB (1 KB = 1,024 bytes). */
const SIZES_KB = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048] as const;
/** RU of a point read of a document of that size. */
const READ_RU = [1.0, 1.04, 1.14, 1.33, 1.67, 2.19, 4.76, 9.95, 20.28, 40.95, 145.9, 291.8] as const;
/** RU of the size-based part of a write of a document of that size. */
const WRITE_RU = [4.95, 6.29, 6.67, 7.04, 9.52, 11.23, 22.67, 48.19, 98.29, 184.57, 625.0, 1250.0] as const;

/** RU per indexed term written or removed (the container indexes every path: infra/modules/cosmos.bicep). */
export const RU_PER_INDEXED_TERM = 0.2;

/**
 * Bytes Cosmos DB adds to every stored item (`_rid`, `_self`, `_etag`, `_attachments`, `_ts`):
 * about 150 bytes as the service returns them. Counted in the size of every operation.
 */
export const SYSTEM_PROPERTY_BYTES = 150;

export interface QueryAssumption {
  /** RU a query costs whatever it returns (index lookup, compilation, one page). */
  readonly baseRu: number;
}

/** The query model's default: ~2.3 RU for an indexed single-partition query returning little. */
export const DEFAULT_QUERY_ASSUMPTION: QueryAssumption = { baseRu: 2.3 };

/** Linear interpolation in the published table; below 1 KB costs what 1 KB does, above 2 MB extrapolates the last slope. */
function fromTable(table: readonly number[], bytes: number): number {
  const kb = Math.max(bytes, 0) / 1024;
  if (kb <= SIZES_KB[0]) return table[0]!;
  for (let index = 1; index < SIZES_KB.length; index += 1) {
    const upper = SIZES_KB[index]!;
    if (kb <= upper) {
      const lower = SIZES_KB[index - 1]!;
      const share = (kb - lower) / (upper - lower);
      return table[index - 1]! + share * (table[index]! - table[index - 1]!);
    }
  }
  const last = SIZES_KB.length - 1;
  const slope = (table[last]! - table[last - 1]!) / (SIZES_KB[last]! - SIZES_KB[last - 1]!);
  return table[last]! + (kb - SIZES_KB[last]!) * slope;
}

/** RU of a point read of a stored document of `bytes` (JSON, without system properties). */
export const pointReadRu = (bytes: number) => fromTable(READ_RU, bytes + SYSTEM_PROPERTY_BYTES);

/** RU of the size-based part of writing (or deleting) a stored document of `bytes`. */
const sizeWriteRu = (bytes: number) => fromTable(WRITE_RU, bytes + SYSTEM_PROPERTY_BYTES);

export const createRu = (bytes: number, terms: number) => sizeWriteRu(bytes) + RU_PER_INDEXED_TERM * terms;

export const deleteRu = (bytes: number, terms: number) => sizeWriteRu(bytes) + RU_PER_INDEXED_TERM * terms;

/** A replace: the old document out, the new one in, and the index terms that changed both ways. */
export const replaceRu = (oldBytes: number, newBytes: number, termsRemoved: number, termsAdded: number) =>
  sizeWriteRu(oldBytes) + sizeWriteRu(newBytes) + RU_PER_INDEXED_TERM * (termsRemoved + termsAdded);

/** A query returning documents of these sizes (a count returns none). */
export const queryRu = (returnedBytes: readonly number[], assumption: QueryAssumption = DEFAULT_QUERY_ASSUMPTION) =>
  assumption.baseRu + returnedBytes.reduce((total, bytes) => total + pointReadRu(bytes), 0);

/**
 * The index terms of a document as the container's consistent indexing of every path makes them:
 * one per leaf value, keyed by its path (array elements under `[]`) and value. `_etag` and the
 * paths the container leaves out (`unindexed`, Cosmos syntax `/activity/*`; UNINDEXED_PATHS by
 * default) have none. A multiset, as "path=value" → count.
 */
export function indexTerms(document: unknown, unindexed: readonly string[] = UNINDEXED_PATHS): Map<string, number> {
  const terms = new Map<string, number>();
  const skipped = new Set(unindexed.map((path) => path.replace(/\/\*$/, '')));
  const walk = (value: unknown, path: string) => {
    if (skipped.has(path)) return;
    if (Array.isArray(value)) {
      for (const element of value) walk(element, `${path}/[]`);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) if (key !== '_etag') walk(child, `${path}/${key}`);
    } else if (value !== undefined) {
      const term = `${path}=${JSON.stringify(value)}`;
      terms.set(term, (terms.get(term) ?? 0) + 1);
    }
  };
  walk(document, '');
  return terms;
}

export const termCount = (terms: ReadonlyMap<string, number>) => [...terms.values()].reduce((total, count) => total + count, 0);

/** Terms in `before` and not in `after` (removed), and the other way round (added). */
export function termChanges(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>): { readonly removed: number; readonly added: number } {
  let removed = 0;
  let added = 0;
  for (const [term, count] of before) removed += Math.max(0, count - (after.get(term) ?? 0));
  for (const [term, count] of after) added += Math.max(0, count - (before.get(term) ?? 0));
  return { removed, added };
}

/** Serverless prices: inputs of the estimate, never facts of this code (they change by region and over time). */
export interface ServerlessPrices {
  /** Currency units per million request units. */
  readonly perMillionRu: number;
  /** Currency units per GB of transactional storage per month. */
  readonly perGbMonth: number;
  readonly currency: string;
}

/** A month as billing counts it on average: 365.25 / 12 days. */
export const SECONDS_PER_MONTH = (365.25 / 12) * 24 * 3600;

export function monthlyPrice(ruPerMonth: number, storageBytes: number, prices: ServerlessPrices): { readonly requests: number; readonly storage: number; readonly total: number } {
  const requests = (ruPerMonth / 1e6) * prices.perMillionRu;
  const storage = (storageBytes / 1024 ** 3) * prices.perGbMonth;
  return { requests, storage, total: requests + storage };
}
