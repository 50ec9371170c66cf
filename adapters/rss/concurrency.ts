// A bounded pool (adapters/rss/README.md §5.2: a bounded number of feeds at once): at most `limit`
// tasks run together; once `signal` is aborted no new task starts and the running ones are awaited.

export async function forEachLimited<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length && signal?.aborted !== true) {
      const item = items[next++] as T;
      results.push(await task(item));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}
