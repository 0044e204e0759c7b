/**
 * @module scan/pool
 * Runs `worker` over a (possibly huge, lazily generated) iterable with at most `limit` in
 * flight. Items are pulled only when a slot frees, so memory does not grow with the input.
 */
export async function forEachLimit<T>(
  items: Iterable<T>,
  limit: number,
  worker: (item: T) => Promise<void>,
): Promise<void> {
  const it = items[Symbol.iterator]();
  const lanes = Array.from({ length: Math.max(1, limit) }, async () => {
    for (let next = it.next(); !next.done; next = it.next()) await worker(next.value);
  });
  await Promise.all(lanes);
}
