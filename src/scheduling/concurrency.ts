/**
 * Bounded concurrency: work through `items` with at most `concurrency` calls in flight, so a
 * fan-out of hundreds of store writes or card updates neither runs one by one nor opens them all
 * at once. Rejects with the first failure (the others already started still run to their end).
 */
export async function forEachConcurrently<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
