import type { Address, Hex, PublicClient } from "viem";
import type { ReviewLeaf } from "../protocol/reviewLeaf.js";
import { toAnchorError } from "./anchorErrors.js";
import { reputationAnchorAbi } from "./reputationAnchorAbi.js";

/** What ReputationAnchor stores for an anchored epoch (`epochRecord`); {@link readEpoch} reads it. */
export interface EpochRecord {
  epoch: bigint;
  root: Hex;
  leafCount: bigint;
  datasetHash: Hex;
  /** Epoch anchored just before this one (meaningless for sequence 1). */
  prevEpoch: bigint;
  /** 1 for the first anchor, 2 for the second, ... */
  sequence: bigint;
  /** Block timestamp of the anchor. */
  anchoredAt: bigint;
}

/**
 * Everything stored for `epoch`, or null if it was never anchored.
 *
 * @example
 * const rec = await readEpoch(publicClient, anchorAddress, 20_412n);
 * if (rec) isReviewProven(rec.root, review, proof);
 */
export async function readEpoch(publicClient: PublicClient, address: Address, epoch: bigint): Promise<EpochRecord | null> {
  const r = await publicClient.readContract({ address, abi: reputationAnchorAbi, functionName: "epochRecord", args: [epoch] });
  if (BigInt(r.root) === 0n) return null;
  return {
    epoch,
    root: r.root,
    leafCount: r.leafCount,
    datasetHash: r.datasetHash,
    prevEpoch: r.prevEpoch,
    sequence: r.sequence,
    anchoredAt: BigInt(r.anchoredAt),
  };
}

/**
 * The contract's epoch length in seconds (`EPOCH_SECONDS()`, fixed at deployment): epoch n covers
 * block timestamps [n·len, (n+1)·len), and an epoch that has not started cannot be anchored.
 *
 * @example
 * if ((await readEpochSeconds(publicClient, anchorAddress)) !== env.EPOCH_SECONDS) throw new ConfigError("...");
 */
export async function readEpochSeconds(publicClient: PublicClient, address: Address): Promise<number> {
  return Number(await publicClient.readContract({ address, abi: reputationAnchorAbi, functionName: "EPOCH_SECONDS" }));
}

/**
 * The latest anchored epoch, or null before the first anchor.
 *
 * @example
 * const next = ((await latestEpoch(publicClient, anchorAddress)) ?? -1n) + 1n;
 */
export async function latestEpoch(publicClient: PublicClient, address: Address): Promise<bigint | null> {
  const [latest, anchorCount] = await publicClient.readContract({ address, abi: reputationAnchorAbi, functionName: "head" });
  return anchorCount === 0n ? null : latest;
}

/**
 * Asks the contract whether `review` is in the tree anchored for `epoch` (an eth_call of
 * `verifyReview`, so the check runs in the EVM with OpenZeppelin's MerkleProof).
 *
 * @example
 * await verifyReviewOnChain(publicClient, anchorAddress, epoch, review, tree.proof(i)); // true
 */
export async function verifyReviewOnChain(
  publicClient: PublicClient,
  address: Address,
  epoch: bigint,
  review: ReviewLeaf,
  proof: Hex[],
): Promise<boolean> {
  try {
    return await publicClient.readContract({
      address,
      abi: reputationAnchorAbi,
      functionName: "verifyReview",
      args: [epoch, review, proof],
    });
  } catch (err) {
    throw toAnchorError("verifyReview", err);
  }
}
