import { decodeEventLog, isAddressEqual } from "viem";
import type { Address, Hex, PublicClient, WalletClient } from "viem";
import { z } from "zod";
import { UserInputError } from "../errors.js";
import type { ReviewLeaf } from "../protocol/reviewLeaf.js";
import { Bytes32 } from "../protocol/codecs.js";
import { AnchorTxError, toAnchorError } from "./anchorErrors.js";
import { reputationAnchorAbi } from "./reputationAnchorAbi.js";

export { reputationAnchorAbi, reputationAnchorBytecode, type ReputationAnchorAbi } from "./reputationAnchorAbi.js";
export { AnchorRevertError, AnchorTxError } from "./anchorErrors.js";

const UINT64_MAX = (1n << 64n) - 1n;
const Uint64 = z
  .union([z.bigint(), z.number().int().nonnegative()])
  .transform((v) => BigInt(v))
  .refine((v) => v >= 0n && v <= UINT64_MAX, "expected a uint64");

/** What an epoch commits: validated before any transaction is sent. */
export const AnchorInput = z.strictObject({
  epoch: Uint64,
  root: Bytes32.refine((h) => BigInt(h) !== 0n, "a zero root means 'not anchored'"),
  leafCount: Uint64.refine((n) => n > 0n, "an epoch without reviews is not anchored"),
  datasetHash: Bytes32,
});
export type AnchorInput = z.input<typeof AnchorInput>;

export interface AnchorClients {
  walletClient: WalletClient;
  publicClient: PublicClient;
  /** The ReputationAnchor contract. */
  address: Address;
}

export interface AnchorResult {
  hash: Hex;
  /** Receipt gasUsed of the anchor transaction. */
  gasUsed: bigint;
  blockNumber: bigint;
  /** 1 for the first anchor, 2 for the second, ... (from the RootAnchored event). */
  sequence: bigint;
}

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
 * Anchors an epoch's review root and waits for the receipt.
 *
 * @throws UserInputError for malformed input (nothing is sent), AnchorRevertError when the contract
 * rejects the call (e.g. `ReputationAnchorEpochNotAfterLatest`, `ReputationAnchorEpochNotStarted`,
 * `ReputationAnchorNotAnchorer`),
 * AnchorTxError for anything else.
 * @example
 * const tree = await buildReviewTree(reviews);
 * const { gasUsed } = await anchorEpoch({ walletClient, publicClient, address },
 *   { epoch: 20_412n, root: tree.root, leafCount: tree.leafCount, datasetHash });
 */
export async function anchorEpoch(clients: AnchorClients, input: AnchorInput): Promise<AnchorResult> {
  const parsed = AnchorInput.safeParse(input);
  if (!parsed.success) {
    throw new UserInputError("invalid anchor input", {
      code: "ANCHOR_BAD_INPUT",
      details: { issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) },
    });
  }
  const { epoch, root, leafCount, datasetHash } = parsed.data;
  const { walletClient, publicClient, address } = clients;
  const account = walletClient.account;
  if (!account) throw new AnchorTxError("anchor", "the wallet client has no account");
  let hash: Hex;
  try {
    hash = await walletClient.writeContract({
      address,
      abi: reputationAnchorAbi,
      functionName: "anchor",
      args: [epoch, root, leafCount, datasetHash],
      account,
      chain: walletClient.chain,
    });
  } catch (err) {
    throw toAnchorError("anchor", err);
  }
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new AnchorTxError("anchor", "transaction reverted", undefined, hash);
  for (const log of receipt.logs) {
    if (!isAddressEqual(log.address, address)) continue;
    const event = decodeEventLog({ abi: reputationAnchorAbi, data: log.data, topics: log.topics, strict: false });
    if (event.eventName === "RootAnchored" && event.args.sequence !== undefined) {
      return { hash, gasUsed: receipt.gasUsed, blockNumber: receipt.blockNumber, sequence: event.args.sequence };
    }
  }
  throw new AnchorTxError("anchor", "no RootAnchored event in the receipt", undefined, hash);
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
