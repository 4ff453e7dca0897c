import type { Hex } from "viem";
import { ReviewTreeFormatError, ReviewTreeInputError } from "./errors.js";

/** A built review tree: root, proofs and leaf hashes served from the stored nodes, no rehashing. */
export interface ReviewMerkleTree {
  readonly root: Hex;
  readonly leafCount: number;
  /** Proof for the i-th input leaf (index in the input order given to build), leaf-to-root. */
  proof(i: number): Hex[];
  /** Leaf hash of the i-th input leaf. */
  leafHash(i: number): Hex;
  /** Serialises the nodes and the leaf positions for storage; {@link loadReviewTree} reads them back. */
  toBytes(): Uint8Array;
  /** Writes the i-th leaf's proof as raw 32-byte siblings into `out` (4-byte aligned, at least 32·depth bytes); returns the depth. */
  proofInto(i: number, out: Uint8Array): number;
  /**
   * Writes the proofs of `count` leaves in tree order (ascending leaf hash) from the `first`-th:
   * proof k as raw 32-byte siblings, leaf to root, at out[k·stride …], its depth in depthOut[k]
   * and its leaf's input index in leafIndexOut[k]. Neighbouring leaves share most siblings, so
   * the nodes are read almost in sequence: how to produce every proof of a big tree (in input
   * order nearly every sibling is a cache miss). stride ≥ 32·depth of the deepest leaf, 4-aligned.
   */
  proofsInTreeOrder(first: number, count: number, out: Uint8Array, stride: number, leafIndexOut: Uint32Array, depthOut: Uint8Array): void;
  /** The 2n-1 nodes, 32 bytes each, in the flat layout (node k's children are 2k+1 and 2k+2): a view, not a copy. */
  nodeBytes(): Uint8Array;
}

const MAGIC = 0x31544d52; // "RMT1" read as a little-endian uint32
const HEADER_BYTES = 8;
// V8 strings hold at most 2^29 - 24 characters; above this many internal nodes, convert one by one.
const MAX_BULK_HEX_NODES = 8_000_000;

/**
 * The tree exactly as StandardMerkleTree stores it: a flat array of 2n-1 nodes (node i has
 * children 2i+1 and 2i+2, the sorted leaves sit at the end in reverse order), kept as one
 * typed array, plus the tree position of every input leaf.
 */
export class FlatReviewTree implements ReviewMerkleTree {
  readonly leafCount: number;
  readonly root: Hex;
  readonly #nodes: Uint8Array;
  readonly #hexView: Buffer;
  readonly #treeIndexOf: Uint32Array;
  // Internal nodes are shared by many proofs: all of them are converted to hex in one native
  // call on the first proof, and each proof slices that string (V8 slices share the parent).
  #internalHex: string | undefined;
  #words: Uint32Array | undefined;
  #inputAt: Uint32Array | undefined;

  /** @param nodes (2n-1)*32 bytes; @param treeIndexOf n tree positions, one per input leaf. */
  constructor(nodes: Uint8Array, treeIndexOf: Uint32Array) {
    this.leafCount = treeIndexOf.length;
    this.#nodes = nodes;
    this.#hexView = Buffer.from(nodes.buffer, nodes.byteOffset, nodes.byteLength);
    this.#treeIndexOf = treeIndexOf;
    this.root = this.#hex(0);
  }

  #hex(node: number): Hex {
    return `0x${this.#hexView.toString("hex", node * 32, node * 32 + 32)}`;
  }

  #position(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.leafCount) {
      throw new ReviewTreeInputError(`leaf index ${i} is outside the tree`, {
        code: "REVIEW_TREE_INDEX_OUT_OF_RANGE",
        details: { index: i, leafCount: this.leafCount },
      });
    }
    return this.#treeIndexOf[i]!;
  }

  proof(i: number): Hex[] {
    let node = this.#position(i);
    const internalCount = this.leafCount - 1;
    const hex = (this.#internalHex ??= internalCount <= MAX_BULK_HEX_NODES ? this.#hexView.toString("hex", 0, internalCount * 32) : "");
    // Node k sits at depth floor(log2(k + 1)): that many siblings up to the root.
    const depth = 31 - Math.clz32(node + 1);
    const proof = new Array<Hex>(depth);
    for (let k = 0; k < depth; k++) {
      // Sibling of an odd (left) child is the next node, of an even (right) child the previous one.
      const sibling = node & 1 ? node + 1 : node - 1;
      proof[k] = sibling < internalCount && hex !== "" ? `0x${hex.slice(sibling * 64, sibling * 64 + 64)}` : this.#hex(sibling);
      node = (node - 1) >> 1;
    }
    return proof;
  }

  proofInto(i: number, out: Uint8Array): number {
    let node = this.#position(i);
    const depth = 31 - Math.clz32(node + 1);
    // Eight aligned 32-bit words per node: no subarray object per sibling.
    const from = (this.#words ??= new Uint32Array(this.#nodes.buffer, this.#nodes.byteOffset, this.#nodes.byteLength / 4));
    const to = new Uint32Array(out.buffer, out.byteOffset, depth * 8);
    for (let k = 0; k < depth; k++) {
      const s = (node & 1 ? node + 1 : node - 1) * 8;
      for (let w = 0; w < 8; w++) to[k * 8 + w] = from[s + w]!;
      node = (node - 1) >> 1;
    }
    return depth;
  }

  proofsInTreeOrder(first: number, count: number, out: Uint8Array, stride: number, leafIndexOut: Uint32Array, depthOut: Uint8Array): void {
    const n = this.leafCount;
    if (!Number.isInteger(first) || !Number.isInteger(count) || first < 0 || count < 0 || first + count > n) {
      throw new ReviewTreeInputError(`leaves ${first} to ${first + count - 1} are outside the tree`, {
        code: "REVIEW_TREE_INDEX_OUT_OF_RANGE",
        details: { first, count, leafCount: n },
      });
    }
    const inputAt = (this.#inputAt ??= (() => {
      const a = new Uint32Array(n);
      for (let i = 0; i < n; i++) a[this.#treeIndexOf[i]! - (n - 1)] = i;
      return a;
    })());
    const from = (this.#words ??= new Uint32Array(this.#nodes.buffer, this.#nodes.byteOffset, this.#nodes.byteLength / 4));
    const to = new Uint32Array(out.buffer, out.byteOffset, Math.floor(out.byteLength / 4));
    const strideWords = stride / 4;
    for (let k = 0; k < count; k++) {
      // The j-th smallest leaf sits at node 2n − 2 − j.
      let node = 2 * n - 2 - (first + k);
      const depth = 31 - Math.clz32(node + 1);
      leafIndexOut[k] = inputAt[node - (n - 1)]!;
      depthOut[k] = depth;
      for (let d = 0, w0 = k * strideWords; d < depth; d++, w0 += 8) {
        const s = (node & 1 ? node + 1 : node - 1) * 8;
        for (let w = 0; w < 8; w++) to[w0 + w] = from[s + w]!;
        node = (node - 1) >> 1;
      }
    }
  }

  leafHash(i: number): Hex {
    return this.#hex(this.#position(i));
  }

  nodeBytes(): Uint8Array {
    return this.#nodes;
  }

  toBytes(): Uint8Array {
    const n = this.leafCount;
    const out = new Uint8Array(HEADER_BYTES + this.#nodes.length + 4 * n);
    const view = new DataView(out.buffer);
    view.setUint32(0, MAGIC, true);
    view.setUint32(4, n, true);
    out.set(this.#nodes, HEADER_BYTES);
    const at = HEADER_BYTES + this.#nodes.length;
    for (let i = 0; i < n; i++) view.setUint32(at + 4 * i, this.#treeIndexOf[i]!, true);
    return out;
  }

  /** Reads bytes written by {@link toBytes}; checks the framing, not the hashes. */
  static fromBytes(bytes: Uint8Array): FlatReviewTree {
    const fail = (reason: string, details: Record<string, unknown> = {}): never => {
      throw new ReviewTreeFormatError(`not a serialised review tree: ${reason}`, {
        code: "REVIEW_TREE_BAD_BYTES",
        details: { byteLength: bytes.length, ...details },
      });
    };
    if (!(bytes instanceof Uint8Array) || bytes.length < HEADER_BYTES) fail("too short");
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (view.getUint32(0, true) !== MAGIC) fail("bad magic");
    const n = view.getUint32(4, true);
    const nodeBytes = (2 * n - 1) * 32;
    if (n === 0 || bytes.length !== HEADER_BYTES + nodeBytes + 4 * n) fail("length does not match leaf count", { leafCount: n });
    const nodes = bytes.slice(HEADER_BYTES, HEADER_BYTES + nodeBytes);
    const treeIndexOf = new Uint32Array(n);
    const at = HEADER_BYTES + nodeBytes;
    for (let i = 0; i < n; i++) {
      const pos = view.getUint32(at + 4 * i, true);
      if (pos < n - 1 || pos > 2 * n - 2) fail("leaf position is not a leaf", { index: i, position: pos });
      treeIndexOf[i] = pos;
    }
    return new FlatReviewTree(nodes, treeIndexOf);
  }
}
