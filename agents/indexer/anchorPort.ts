import { TransactionNotFoundError, TransactionReceiptNotFoundError, type Address, type Hex, type PublicClient, type WalletClient } from "viem";
import { readEpoch } from "../chain/anchor.js";
import { toAnchorError } from "../chain/anchorErrors.js";
import { reputationAnchorAbi } from "../chain/reputationAnchorAbi.js";
import type { AnchorPort } from "./closeEpoch.js";

/**
 * The closer's view of a deployed ReputationAnchor through viem. `send` returns as soon as the
 * transaction is broadcast, so the closer can record its hash before waiting for it.
 *
 * @example
 * const port = viemAnchorPort({ publicClient, walletClient, address: anchorAddress });
 */
export function viemAnchorPort(opts: { publicClient: PublicClient; walletClient: WalletClient; address: Address }): AnchorPort {
  const { publicClient, walletClient, address } = opts;
  return {
    async readEpoch(epoch) {
      const r = await readEpoch(publicClient, address, epoch);
      return r ? { root: r.root, leafCount: Number(r.leafCount), datasetHash: r.datasetHash } : null;
    },

    async send({ epoch, root, leafCount, datasetHash }) {
      const account = walletClient.account;
      if (!account) throw toAnchorError("anchor", new Error("the anchoring wallet client has no account"));
      try {
        return await walletClient.writeContract({
          address,
          abi: reputationAnchorAbi,
          functionName: "anchor",
          args: [epoch, root, BigInt(leafCount), datasetHash],
          account,
          chain: walletClient.chain,
        });
      } catch (err) {
        throw toAnchorError("anchor", err);
      }
    },

    async receipt(hash: Hex) {
      try {
        const r = await publicClient.getTransactionReceipt({ hash });
        return { status: r.status, blockNumber: r.blockNumber };
      } catch (err) {
        if (!(err instanceof TransactionReceiptNotFoundError)) throw err;
      }
      // Not mined yet: wait only if the node still knows the transaction.
      try {
        await publicClient.getTransaction({ hash });
      } catch (err) {
        if (err instanceof TransactionNotFoundError) return null;
        throw err;
      }
      const r = await publicClient.waitForTransactionReceipt({ hash });
      return { status: r.status, blockNumber: r.blockNumber };
    },
  };
}
