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
