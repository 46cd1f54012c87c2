/**
 * A per-process cache of documents every turn reads and almost nobody writes: the agency
 * directory and the co-chair rotation. Each network's last read is kept (with its ETag, as
 * read) for a short time; a write made by this process replaces it at once, and a write made
 * by another instance is seen once the entry expires.
 */

/**
 * How long this process trusts its last read of the directory and the rotation. Several
 * instances may run: a directory or rotation change made on another one reaches this one
 * within this time, and the rights that follow from them (co-chair agencies, ExCom flags, who
 * may appoint whom) follow within it too. Hand-overs are not delayed by it: the rotation's
 * term end is compared with the clock on every read, so a term that ends is handed over on
 * time even from a cached copy. Five seconds costs at most one read of each per instance
 * every five seconds, whatever the traffic, and is shorter than anyone takes to act on a
 * change they have just been told about.
 */
export const ROLE_DOCUMENTS_TTL_MS = 5_000;

interface Entry<T> {
  readonly value: T;
  /** When the read that produced it started (a later write on another instance may follow it). */
  readonly readAt: number;
}

export class SharedReadCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly loading = new Map<string, Promise<T>>();
  /** Bumped by every write and invalidation, so a read that started before it is not kept. */
  private readonly generations = new Map<string, number>();

  /**
   * `clock` is in milliseconds and only compared with itself (a monotonic clock by default).
   * `maxEntries` bounds a cache whose keys keep coming (one per poll shard, say): past it, the
   * entry kept longest is forgotten.
   */
  constructor(
    private readonly ttlMs: number,
    private readonly clock: () => number,
    private readonly maxEntries = Infinity,
  ) {}

  /** The cached value while fresh; otherwise one load, shared by everyone asking meanwhile. */
  read(key: string, load: () => Promise<T>): Promise<T> {
    const entry = this.entries.get(key);
    if (entry && this.clock() - entry.readAt < this.ttlMs) return Promise.resolve(entry.value);
    const inFlight = this.loading.get(key);
    if (inFlight) return inFlight;
    const generation = this.generationOf(key);
    const readAt = this.clock();
    const loading = load().then(
      (value) => {
        if (this.generationOf(key) === generation) this.keep(key, { value, readAt });
        if (this.loading.get(key) === loading) this.loading.delete(key);
        return value;
      },
      (error: unknown) => {
        if (this.loading.get(key) === loading) this.loading.delete(key);
        throw error;
      },
    );
    this.loading.set(key, loading);
    return loading;
  }

  /** What this process just wrote (or read fresh for a write): the value from now on. */
  set(key: string, value: T): void {
    this.bump(key);
    this.keep(key, { value, readAt: this.clock() });
  }

  /** After a write whose outcome is unknown here (an ETag conflict): the next read goes to the store. */
  invalidate(key: string): void {
    this.bump(key);
    this.entries.delete(key);
  }

  private keep(key: string, entry: Entry<T>): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size <= this.maxEntries) return;
    // Maps iterate in insertion order: the first key is the one kept longest.
    const oldest = this.entries.keys().next().value as string;
    this.entries.delete(oldest);
    if (!this.loading.has(oldest)) this.generations.delete(oldest);
  }

  private bump(key: string): void {
    this.generations.set(key, this.generationOf(key) + 1);
    this.loading.delete(key);
  }

  private generationOf(key: string): number {
    return this.generations.get(key) ?? 0;
  }
}
