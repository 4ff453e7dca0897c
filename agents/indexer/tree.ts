import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { encodeAbiParameters, keccak256, parseAbiParameters, type Hex } from "viem";
import { REVIEW_LEAF_TYPES, reviewLeaf, type ReviewFields } from "../protocol/eip712.js";

// Interim adapter with the API of agents/indexer/merkle (branch `anchor`), built on
// @openzeppelin/merkle-tree, until that module lands.

export interface ReviewMerkleTree {
  readonly root: Hex;
  readonly leafCount: number;
  proof(i: number): Hex[];
  leafHash(i: number): Hex;
  toBytes(): Uint8Array;
}

type Leaf = ReturnType<typeof reviewLeaf>;

function wrap(tree: StandardMerkleTree<Leaf>, count: number): ReviewMerkleTree {
  return {
    root: tree.root as Hex,
    leafCount: count,
    proof: (i) => tree.getProof(i) as Hex[],
    leafHash: (i) => tree.leafHash(tree.at(i)!) as Hex,
    toBytes: () => new TextEncoder().encode(JSON.stringify(tree.dump(), (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))),
  };
}

export async function buildReviewTree(leaves: ReviewFields[], _opts?: { threads?: number }): Promise<ReviewMerkleTree> {
  return wrap(StandardMerkleTree.of(leaves.map(reviewLeaf), [...REVIEW_LEAF_TYPES]), leaves.length);
}

export function loadReviewTree(bytes: Uint8Array): ReviewMerkleTree {
  const dump = JSON.parse(new TextDecoder().decode(bytes)) as Parameters<typeof StandardMerkleTree.load<Leaf>>[0];
  const tree = StandardMerkleTree.load<Leaf>(dump);
  return wrap(tree, dump.values.length);
}

export function verifyReviewProof(root: Hex, review: ReviewFields, proof: Hex[]): boolean {
  return StandardMerkleTree.verify(root, [...REVIEW_LEAF_TYPES], reviewLeaf(review), proof);
}

const leafParams = parseAbiParameters(REVIEW_LEAF_TYPES.join(","));

/** StandardMerkleTree's leaf: keccak256(bytes.concat(keccak256(abi.encode(values)))). */
export function reviewLeafHash(review: ReviewFields): Hex {
  return keccak256(keccak256(encodeAbiParameters(leafParams, reviewLeaf(review))));
}
