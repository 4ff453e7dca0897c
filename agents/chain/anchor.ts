import { decodeEventLog, isAddressEqual } from "viem";
import type { Address, Hex, PublicClient, WalletClient } from "viem";
import { z } from "zod";
import { UserInputError } from "../errors.js";
import { Bytes32 } from "../protocol/codecs.js";
import { AnchorTxError, toAnchorError } from "./anchorErrors.js";
import { reputationAnchorAbi } from "./reputationAnchorAbi.js";

export { reputationAnchorAbi, reputationAnchorBytecode, type ReputationAnchorAbi } from "./reputationAnchorAbi.js";
export { AnchorRevertError, AnchorTxError } from "./anchorErrors.js";
export { latestEpoch, readEpoch, readEpochSeconds, verifyReviewOnChain, type EpochRecord } from "./anchorReads.js";

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
