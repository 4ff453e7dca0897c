import type { KeccakWasm } from "./wasm/instance.js";
import { layOutKeyRange, sortKeyBits, type SortTarget } from "./sort.js";

/**
 * Where one build keeps everything, as byte offsets into its shared WebAssembly memory: a ring
 * of `slots` chunks of encoded leaves (reused in turn, so the 288-byte encodings never all exist
 * at once), the n leaf hashes in input order, and the flat node array as StandardMerkleTree lays
 * it out (node i has children 2i+1 and 2i+2, the sorted leaves at the end in reverse order).
 */
export interface BuildLayout {
  n: number;
  /** Bytes of one encoded leaf (LEAF_BYTES; passed in so worker threads need not load the encoding). */
  leafBytes: number;
  chunkLeaves: number;
  slots: number;
  ring: number;
  hashes: number;
  nodes: number;
  bytes: number;
}

export function buildLayout(n: number, leafBytes: number, chunkLeaves: number, slots: number): BuildLayout {
  const align = (x: number) => Math.ceil(x / 64) * 64;
  const ring = 64;
  const hashes = align(ring + slots * chunkLeaves * leafBytes);
  const nodes = align(hashes + n * 32);
  return { n, leafBytes, chunkLeaves, slots, ring, hashes, nodes, bytes: nodes + (2 * n - 1) * 32 };
}

/** Slots of the shared control array of a build (Int32Array over a SharedArrayBuffer). */
export const CTRL = {
  /** Chunks of encoded leaves published by the main thread so far. */
  encoded: 0,
  /** Next leaf chunk to claim. */
  nextChunk: 1,
  /** Next subtree root (offset from the first root) to claim. */
  nextSubtree: 2,
  /** Non-zero: stop (the main thread hit a bad review or gave up). */
  abort: 3,
  /** Leaf chunks hashed so far. */
  hashed: 4,
  /** Subtrees filled so far. */
  subtreesDone: 5,
  /** Next key range of the sort to claim, and key ranges sorted and laid out so far. */
  nextRange: 6,
  rangesDone: 7,
  /** From here, one word per ring slot: how many chunks that slot has had hashed. */
  slotDone: 8,
} as const;

export const chunkCount = (L: BuildLayout): number => Math.ceil(L.n / L.chunkLeaves);

/**
 * Hashes leaf chunk `c`, which sits in ring slot c % slots, into the leaf hashes (one WASM call
 * for the whole chunk, in place), then marks the slot free so chunk c + slots can be encoded into it.
 */
export function hashRingChunk(k: KeccakWasm, L: BuildLayout, ctrl: Int32Array, c: number): void {
  const slot = c % L.slots;
  const from = c * L.chunkLeaves;
  k.leaves(L.ring + slot * L.chunkLeaves * L.leafBytes, Math.min(L.chunkLeaves, L.n - from), L.hashes + from * 32);
  Atomics.store(ctrl, CTRL.slotDone + slot, Math.floor(c / L.slots) + 1);
  Atomics.notify(ctrl, CTRL.slotDone + slot);
  Atomics.add(ctrl, CTRL.hashed, 1);
  Atomics.notify(ctrl, CTRL.hashed);
}

/** Claims subtrees (of `rootCount` from `firstRoot`) until none are left, counting each one filled. */
export function fillSubtrees(k: KeccakWasm, L: BuildLayout, ctrl: Int32Array, firstRoot: number, rootCount: number): void {
  for (let r = Atomics.add(ctrl, CTRL.nextSubtree, 1); r < rootCount; r = Atomics.add(ctrl, CTRL.nextSubtree, 1)) {
    hashSubtree(k, L.nodes, L.n, firstRoot + r);
    Atomics.add(ctrl, CTRL.subtreesDone, 1);
    Atomics.notify(ctrl, CTRL.subtreesDone);
  }
}

/** Claims and hashes one published chunk nobody has claimed yet; false when there is none. */
export function claimEncodedChunk(k: KeccakWasm, L: BuildLayout, ctrl: Int32Array): boolean {
  const c = Atomics.load(ctrl, CTRL.nextChunk);
  if (c >= Atomics.load(ctrl, CTRL.encoded)) return false;
  if (Atomics.compareExchange(ctrl, CTRL.nextChunk, c, c + 1) === c) hashRingChunk(k, L, ctrl, c);
  return true;
}

/**
 * Fills every internal node of the subtree rooted at `root`, deepest level first, one WASM call
 * per level. In the flat layout the descendants of `root` at relative depth j are the contiguous
 * run [(root+1)·2^j − 1, (root+2)·2^j − 2]; internal nodes are those with index ≤ n − 2.
 * Disjoint subtrees touch disjoint nodes, so threads can fill them concurrently.
 */
export function hashSubtree(k: KeccakWasm, nodes: number, n: number, root: number): void {
  let j = 0;
  while ((root + 1) * 2 ** (j + 1) - 1 <= n - 2) j++;
  for (; j >= 0; j--) {
    const lo = (root + 1) * 2 ** j - 1;
    const hi = Math.min((root + 2) * 2 ** j - 2, n - 2);
    if (lo <= hi) k.nodes(nodes, hi, lo);
  }
}

/** Subtree roots for `threads` threads: a level deep enough that uneven subtrees even out, all internal. */
export function subtreeRoots(n: number, threads: number, perThread = 16): { firstRoot: number; rootCount: number } {
  let d = Math.ceil(Math.log2(threads * perThread));
  while (d > 0 && 2 ** (d + 1) - 2 > n - 2) d--;
  return { firstRoot: 2 ** d - 1, rootCount: 2 ** d };
}

/** The sort's view of a build's memory, with its shared order and tree-position arrays. */
export function sortTarget(L: BuildLayout, memory: SharedArrayBuffer, order: SharedArrayBuffer, treeIndexOf: SharedArrayBuffer): SortTarget {
  const mem = new Uint8Array(memory);
  return {
    hashes: mem.subarray(L.hashes, L.hashes + L.n * 32),
    n: L.n,
    nodes: mem.subarray(L.nodes, L.nodes + (2 * L.n - 1) * 32),
    order: new Uint32Array(order),
    treeIndexOf: new Uint32Array(treeIndexOf),
  };
}

/** Claims key ranges of the sort (`ranges` equal slices of the key space) until none are left, counting each one done. */
export function sortRanges(t: SortTarget, ctrl: Int32Array, ranges: number): void {
  const keys = 2 ** sortKeyBits(t.n);
  for (let r = Atomics.add(ctrl, CTRL.nextRange, 1); r < ranges; r = Atomics.add(ctrl, CTRL.nextRange, 1)) {
    layOutKeyRange(t, Math.floor((r * keys) / ranges), Math.floor(((r + 1) * keys) / ranges));
    Atomics.add(ctrl, CTRL.rangesDone, 1);
    Atomics.notify(ctrl, CTRL.rangesDone);
  }
}
