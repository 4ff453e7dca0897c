import { LEAF_BYTES } from "./encode.js";
import type { Keccak256 } from "./keccak.js";

/**
 * Leaf hashes of `count` encoded leaves: keccak256(keccak256(abi.encode(...))), the double hash
 * StandardMerkleTree uses so that no 64-byte internal node can pass for a leaf.
 */
export function hashLeaves(k: Keccak256, encoded: Uint8Array, count: number, out: Uint8Array, outAt: number): void {
  for (let i = 0; i < count; i++) {
    const dst = outAt + i * 32;
    k.hashInto(encoded, i * LEAF_BYTES, LEAF_BYTES, out, dst);
    k.hashInto(out, dst, 32, out, dst);
  }
}

/**
 * Fills internal nodes `hi` down to `lo` of a flat tree laid out as StandardMerkleTree lays
 * it (node i has children 2i+1 and 2i+2), each as keccak256 of its children sorted byte-wise
 * (OpenZeppelin's commutative hashPair). Children of every node in the range must be final.
 */
export function hashInternalNodes(k: Keccak256, nodes: Uint8Array, hi: number, lo: number, scratch: Uint8Array): void {
  for (let i = hi; i >= lo; i--) {
    const left = (2 * i + 1) * 32;
    const right = left + 32;
    let j = 0;
    while (j < 32 && nodes[left + j] === nodes[right + j]) j++;
    if (j === 32 || nodes[left + j]! < nodes[right + j]!) {
      // The two children are adjacent and already in order: hash them where they lie.
      k.hashInto(nodes, left, 64, nodes, i * 32);
    } else {
      scratch.set(nodes.subarray(right, right + 32), 0);
      scratch.set(nodes.subarray(left, left + 32), 32);
      k.hashInto(scratch, 0, 64, nodes, i * 32);
    }
  }
}

/**
 * Fills every internal node of the subtree rooted at `root`, deepest level first. In the flat
 * layout the descendants of `root` at relative depth j are the contiguous run
 * [(root+1)·2^j − 1, (root+2)·2^j − 2]; internal nodes are those with index ≤ n − 2. Disjoint
 * subtrees touch disjoint nodes, so threads can fill them concurrently.
 */
export function hashSubtree(k: Keccak256, nodes: Uint8Array, n: number, root: number, scratch: Uint8Array): void {
  let j = 0;
  while ((root + 1) * 2 ** (j + 1) - 1 <= n - 2) j++;
  for (; j >= 0; j--) {
    const lo = (root + 1) * 2 ** j - 1;
    const hi = Math.min((root + 2) * 2 ** j - 2, n - 2);
    if (lo <= hi) hashInternalNodes(k, nodes, hi, lo, scratch);
  }
}

/** Slots of the shared control array used by the parallel build (Int32Array over a SharedArrayBuffer). */
export const CTRL = {
  /** Chunks of encoded leaves published by the main thread so far. */
  encoded: 0,
  /** Next leaf chunk to claim. */
  nextChunk: 1,
  /** Next subtree root (offset from the first root) to claim. */
  nextSubtree: 2,
  /** Non-zero: stop (the main thread hit a bad review). */
  abort: 3,
  /** From here, one word per ring slot: how many chunks that slot has had hashed. */
  slotDone: 4,
} as const;

/** Where the parallel build keeps encoded leaves: `slots` chunks of `chunkLeaves` leaves, reused in turn. */
export interface LeafRing {
  ring: Uint8Array;
  hashes: Uint8Array;
  ctrl: Int32Array;
  n: number;
  chunkLeaves: number;
  slots: number;
}

/**
 * Hashes leaf chunk `c`, which sits in ring slot c % slots, then marks the slot free so the
 * main thread can encode chunk c + slots into it.
 */
export function hashRingChunk(k: Keccak256, r: LeafRing, c: number): void {
  const slot = c % r.slots;
  const from = c * r.chunkLeaves;
  const count = Math.min(r.chunkLeaves, r.n - from);
  const at = slot * r.chunkLeaves * LEAF_BYTES;
  hashLeaves(k, r.ring.subarray(at, at + count * LEAF_BYTES), count, r.hashes, from * 32);
  Atomics.store(r.ctrl, CTRL.slotDone + slot, Math.floor(c / r.slots) + 1);
  Atomics.notify(r.ctrl, CTRL.slotDone + slot);
}
