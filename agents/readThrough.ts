/**
 * A cache in front of an async read, for answers that may be a little old: each answer is kept
 * for `ttlMs` from when it arrives; asks for a key whose read is under way share that read; a
 * read that fails is not kept, so the next ask reads again (and neither is an answer `keep`
 * refuses, such as "not there yet"). Expired answers are dropped as new reads start, so the map
 * holds about the keys asked within the last `ttlMs`.
 *
 * @example
 * const walletOf = readThrough<bigint, Address>({ ttlMs: 10_000 });
 * await walletOf.get(3n, () => readWallet(3n));
 */
export function readThrough<K, V>(opts: { ttlMs: number; now?: () => number; keep?: (value: V) => boolean }): { get(key: K, read: () => Promise<V>): Promise<V>; size(): number } {
  const now = opts.now ?? Date.now;
  // Oldest first: a key read again is re-inserted; a read under way never expires.
  const cache = new Map<K, { value: Promise<V>; until: number }>();
  return {
    get(key, read) {
      const at = now();
      const hit = cache.get(key);
      if (hit && hit.until > at) return hit.value;
      for (const [k, e] of cache) {
        if (e.until > at) break;
        cache.delete(k);
      }
      const entry = { value: read(), until: Infinity };
      cache.delete(key);
      cache.set(key, entry);
      const drop = () => cache.get(key) === entry && cache.delete(key);
      entry.value.then((value) => (opts.keep && !opts.keep(value) ? drop() : (entry.until = now() + opts.ttlMs)), drop);
      return entry.value;
    },
    /** Answers kept and reads under way. */
    size: () => cache.size,
  };
}
