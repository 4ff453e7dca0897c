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

/** Bits of the counting-sort key for n leaves: about log2(n), so buckets hold a leaf or two. */
export function sortKeyBits(n: number): number {
  return Math.min(24, Math.max(16, Math.ceil(Math.log2(Math.max(2, n)))));
}

/** Where a thread's share of the sort writes: `order` and `treeIndexOf` are shared by all threads (n entries each). */
export interface SortTarget {
  hashes: Uint8Array;
  n: number;
  nodes: Uint8Array;
  order: Uint32Array;
  treeIndexOf: Uint32Array;
}

/**
 * Sorts the leaves whose key (the first {@link sortKeyBits} bits of their hash) lies in
 * [keyLo, keyHi) and lays them out, so threads given disjoint key ranges together do the whole
 * job: the order StandardMerkleTree places leaves in (ascending hash, ties in input order, as its
 * stable sort keeps them), each leaf copied to node 2n − 2 − j for the j-th smallest, and
 * treeIndexOf[input index] = that node.
 *
 * A counting sort on the key spreads random hashes into about n buckets of a leaf or two each,
 * finished by insertion sort: O(n) instead of a comparator sort. Each thread reads every key
 * twice (to count and to place) but sorts and copies only its own range.
 *
 * @example
 * layOutKeyRange(target, 0, 1 << sortKeyBits(n)); // the whole sort on this thread
 */
export function layOutKeyRange(t: SortTarget, keyLo: number, keyHi: number): void {
  const { hashes, n, order } = t;
  const shift = 24 - sortKeyBits(n);
  const key = (i: number) => ((hashes[i * 32]! << 16) | (hashes[i * 32 + 1]! << 8) | hashes[i * 32 + 2]!) >>> shift;
  const start = new Uint32Array(keyHi - keyLo + 1);
  let below = 0;
  for (let i = 0; i < n; i++) {
    const k = key(i);
    if (k < keyLo) below++;
    else if (k < keyHi) start[k - keyLo + 1]!++;
  }
  start[0] = below;
  for (let b = 1; b < start.length; b++) start[b]! += start[b - 1]!;
  const fill = start.slice(0, keyHi - keyLo);
  for (let i = 0; i < n; i++) {
    const k = key(i);
    if (k >= keyLo && k < keyHi) order[fill[k - keyLo]!++] = i;
  }
  for (let b = 0; b < keyHi - keyLo; b++) sortBucket(hashes, order, start[b]!, start[b + 1]!);
  layOut(t, below, start[keyHi - keyLo]!);
}

function sortBucket(hashes: Uint8Array, order: Uint32Array, lo: number, hi: number): void {
  if (hi - lo < 2) return;
  if (hi - lo > INSERTION_MAX) {
    const bucket = Array.from(order.subarray(lo, hi)).sort((a, c) => compareHashes(hashes, a, c) || a - c);
    order.set(bucket, lo);
    return;
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

/** Copies the j-th smallest leaf hash, for j in [from, to), to node 2n − 2 − j and records where it went. */
function layOut({ hashes, n, nodes, order, treeIndexOf }: SortTarget, from: number, to: number): void {
  // Copy 32-byte hashes as eight aligned words rather than via a subarray per leaf.
  const src = new Uint32Array(hashes.buffer, hashes.byteOffset, n * 8);
  const dst = new Uint32Array(nodes.buffer, nodes.byteOffset, nodes.length / 4);
  for (let j = from; j < to; j++) {
    const i = order[j]!;
    const pos = 2 * n - 2 - j;
    const s = i * 8;
    const d = pos * 8;
    for (let w = 0; w < 8; w++) dst[d + w] = src[s + w]!;
    treeIndexOf[i] = pos;
  }
}
