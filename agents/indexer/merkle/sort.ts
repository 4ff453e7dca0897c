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
 * A counting sort on the first log2(n) bits (16 to 24) spreads random hashes into about n
 * buckets of a leaf or two each, which are then finished by insertion sort: O(n) instead of a
 * comparator sort.
 *
 * @example
 * const order = sortedLeafOrder(hashes, n); // hashes: n*32 bytes
 */
export function sortedLeafOrder(hashes: Uint8Array, n: number): Uint32Array {
  const bits = Math.min(24, Math.max(16, Math.ceil(Math.log2(Math.max(2, n)))));
  const shift = 24 - bits;
  const buckets = 1 << bits;
  const key = (i: number) => ((hashes[i * 32]! << 16) | (hashes[i * 32 + 1]! << 8) | hashes[i * 32 + 2]!) >>> shift;
  const start = new Uint32Array(buckets + 1);
  for (let i = 0; i < n; i++) start[key(i) + 1]!++;
  for (let b = 1; b <= buckets; b++) start[b]! += start[b - 1]!;
  const fill = start.slice(0, buckets);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[fill[key(i)]!++] = i;
  for (let b = 0; b < buckets; b++) {
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

/**
 * Lays the leaf hashes (input order) out as StandardMerkleTree does: sorted, at the end of the
 * flat node array in reverse order. Returns every input leaf's tree position.
 */
export function layOutSortedLeaves(hashes: Uint8Array, n: number, nodes: Uint8Array): Uint32Array {
  const order = sortedLeafOrder(hashes, n);
  const treeIndexOf = new Uint32Array(n);
  // Copy 32-byte hashes as eight aligned words rather than via a subarray per leaf.
  const from = new Uint32Array(hashes.buffer, hashes.byteOffset, n * 8);
  const to = new Uint32Array(nodes.buffer, nodes.byteOffset, nodes.length / 4);
  for (let j = 0; j < n; j++) {
    const src = order[j]!;
    const pos = 2 * n - 2 - j;
    const s = src * 8;
    const d = pos * 8;
    for (let w = 0; w < 8; w++) to[d + w] = from[s + w]!;
    treeIndexOf[src] = pos;
  }
  return treeIndexOf;
}
