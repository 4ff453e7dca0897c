/** Byte-wise comparison of two 32-byte hashes stored in `h` at hash indices a and b. */
function compareHashes(h: Uint8Array, a: number, b: number): number {
  const x = a * 32;
  const y = b * 32;
  for (let j = 0; j < 32; j++) {
    const d = h[x + j]! - h[y + j]!;
    if (d !== 0) return d;
  }
  return 0;
}

// Buckets larger than this are sorted with the (n log n) built-in sort instead of insertion sort,
// so many equal hashes (duplicate reviews) cannot make the sort quadratic.
const INSERTION_MAX = 32;

/**
 * The order in which StandardMerkleTree places leaves when `sortLeaves` is on: ascending by
 * hash, ties kept in input order (Array.prototype.sort is stable). Returns `order` with
 * `order[j]` = input index of the j-th smallest hash.
 *
 * A counting sort on the first two bytes spreads random hashes into 65,536 buckets of a few
 * leaves each, which are then finished by insertion sort: O(n) instead of a comparator sort.
 *
 * @example
 * const order = sortedLeafOrder(hashes, n); // hashes: n*32 bytes
 */
export function sortedLeafOrder(hashes: Uint8Array, n: number): Uint32Array {
  const start = new Uint32Array(65537);
  for (let i = 0; i < n; i++) start[((hashes[i * 32]! << 8) | hashes[i * 32 + 1]!) + 1]!++;
  for (let b = 1; b <= 65536; b++) start[b]! += start[b - 1]!;
  const fill = start.slice(0, 65536);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[fill[(hashes[i * 32]! << 8) | hashes[i * 32 + 1]!]!++] = i;
  for (let b = 0; b < 65536; b++) {
    const lo = start[b]!;
    const hi = start[b + 1]!;
    if (hi - lo < 2) continue;
    if (hi - lo > INSERTION_MAX) {
      const bucket = Array.from(order.subarray(lo, hi)).sort((a, c) => compareHashes(hashes, a, c) || a - c);
      order.set(bucket, lo);
      continue;
    }
    for (let p = lo + 1; p < hi; p++) {
      const v = order[p]!;
      let q = p - 1;
      // Strictly greater only, so equal hashes keep their input order (stable, like OZ).
      while (q >= lo && compareHashes(hashes, order[q]!, v) > 0) {
        order[q + 1] = order[q]!;
        q--;
      }
      order[q + 1] = v;
    }
  }
  return order;
}
