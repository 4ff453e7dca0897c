import type { ReviewLeaf } from "../../protocol/reviewLeaf.js";
import { encodeReviewLeaves, LEAF_BYTES } from "./encode.js";
import { ReviewTreeInputError } from "./errors.js";
import { hashInternalNodes, hashLeaves } from "./hashing.js";
import { createKeccak256, type Keccak256 } from "./keccak.js";
import { sortedLeafOrder } from "./sort.js";
import { FlatReviewTree } from "./tree.js";

// Leaves are encoded and hashed in chunks so the 192-byte encodings never all exist at once.
const CHUNK_LEAVES = 4096;

let keccak: Promise<Keccak256> | undefined;
/** One WASM keccak per thread; every use is synchronous, so concurrent builds can share it. */
export function sharedKeccak(): Promise<Keccak256> {
  return (keccak ??= createKeccak256());
}

export function assertLeafCount(n: number): void {
  if (n === 0) {
    throw new ReviewTreeInputError("a review tree needs at least one leaf", { code: "REVIEW_TREE_EMPTY" });
  }
}

/** Hashes every leaf on this thread into `out` (n*32 bytes). */
export function hashReviewLeaves(k: Keccak256, leaves: readonly ReviewLeaf[], out: Uint8Array): void {
  const chunk = Buffer.alloc(Math.min(CHUNK_LEAVES, leaves.length) * LEAF_BYTES);
  for (let from = 0; from < leaves.length; from += CHUNK_LEAVES) {
    const to = Math.min(from + CHUNK_LEAVES, leaves.length);
    encodeReviewLeaves(leaves, from, to, chunk);
    hashLeaves(k, chunk, to - from, out, from * 32);
  }
}

/**
 * Lays the leaf hashes out as StandardMerkleTree does (sorted, at the end of the flat array in
 * reverse order) and returns the node array and every input leaf's tree position; internal
 * nodes are left for the caller to hash.
 */
export function layOutLeaves(
  hashes: Uint8Array,
  n: number,
  nodes: Uint8Array = new Uint8Array((2 * n - 1) * 32),
): { nodes: Uint8Array; treeIndexOf: Uint32Array } {
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
  return { nodes, treeIndexOf };
}

/** Builds the whole tree on the calling thread. */
export async function buildOnThisThread(leaves: readonly ReviewLeaf[]): Promise<FlatReviewTree> {
  const n = leaves.length;
  assertLeafCount(n);
  const k = await sharedKeccak();
  const hashes = new Uint8Array(n * 32);
  hashReviewLeaves(k, leaves, hashes);
  const { nodes, treeIndexOf } = layOutLeaves(hashes, n);
  hashInternalNodes(k, nodes, n - 2, 0, new Uint8Array(64));
  return new FlatReviewTree(nodes, treeIndexOf);
}
