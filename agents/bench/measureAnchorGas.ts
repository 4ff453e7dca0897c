import { keccak256, toHex } from "viem";
import type { PublicClient, WalletClient } from "viem";
import { anchorEpoch } from "../chain/anchor.js";
import { reputationAnchorAbi, reputationAnchorBytecode } from "../chain/reputationAnchorAbi.js";

export interface AnchorGasFigures {
  /** Receipt gasUsed of the very first anchor (the head slot already holds the anchorer, so it costs about what later ones do). */
  firstAnchor: number;
  /** Receipt gasUsed of a later anchor: what every daily anchor costs. */
  anchor: number;
}

/**
 * Deploys a fresh ReputationAnchor (UTC-day epochs) with `wallet` as admin and anchorer and
 * anchors the two UTC-day epochs before the chain's current one with realistic values (random
 * root and dataset hash, a 1M leaf count), returning both receipts' gasUsed.
 *
 * @example
 * const { anchor } = await measureAnchorGas({ publicClient, wallet });
 */
export async function measureAnchorGas({ publicClient, wallet }: { publicClient: PublicClient; wallet: WalletClient }): Promise<AnchorGasFigures> {
  const account = wallet.account;
  if (!account) throw new Error("wallet client without account");
  const deployHash = await wallet.deployContract({
    abi: reputationAnchorAbi,
    bytecode: reputationAnchorBytecode,
    args: [account.address, account.address, 86_400n],
    account,
    chain: wallet.chain,
  });
  const { contractAddress } = await publicClient.waitForTransactionReceipt({ hash: deployHash });
  if (!contractAddress) throw new Error("ReputationAnchor deployment returned no address");
  const clients = { walletClient: wallet, publicClient, address: contractAddress };
  const day = (await publicClient.getBlock()).timestamp / 86_400n - 2n;
  const gas: number[] = [];
  for (const epoch of [day, day + 1n]) {
    const { gasUsed } = await anchorEpoch(clients, {
      epoch,
      root: keccak256(toHex(`root-${epoch}`)),
      leafCount: 1_000_000n + epoch,
      datasetHash: keccak256(toHex(`dataset-${epoch}`)),
    });
    gas.push(Number(gasUsed));
  }
  return { firstAnchor: gas[0]!, anchor: gas[1]! };
}
