/**
 * A real store that can be made unreachable on demand, as a database whose connection drops:
 * at once, or after a number of further writes (to cut a turn half-way through). Every call
 * then fails as an outage (StoreError 'unavailable') until `restore()`.
 */
import type { DocumentStore } from '../../src/store/document-store';
import { StoreError } from '../../src/store/errors';

const WRITES = new Set<PropertyKey>(['create', 'replace', 'upsert', 'delete']);

export interface FaultyStore {
  readonly store: DocumentStore;
  /** Cuts the store now. */
  cut(): void;
  /** Lets `writes` more writes through, then cuts the store (reads keep working until then). */
  cutAfterWrites(writes: number): void;
  restore(): void;
  readonly isCut: boolean;
  /** Pings that reached the real store. */
  readonly pings: number;
  /** Calls refused as an outage, since the start. */
  readonly refused: number;
}

export function faultyStore(inner: DocumentStore): FaultyStore {
  let cut = false;
  let writesLeft: number | undefined;
  let pings = 0;
  let refused = 0;
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'close') return value;
      return (...args: unknown[]) => {
        if (!cut && writesLeft !== undefined && WRITES.has(property)) {
          if (writesLeft === 0) cut = true;
          else writesLeft -= 1;
        }
        if (cut) {
          refused += 1;
          return Promise.reject(new StoreError('unavailable', 'connect ECONNREFUSED 10.0.0.4:443'));
        }
        if (property === 'ping') pings += 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return {
    store,
    cut: () => {
      cut = true;
    },
    cutAfterWrites: (writes) => {
      writesLeft = writes;
    },
    restore: () => {
      cut = false;
      writesLeft = undefined;
    },
    get isCut() {
      return cut;
    },
    get pings() {
      return pings;
    },
    get refused() {
      return refused;
    },
  };
}
