import { erc20Abi, type Address, type PublicClient } from "viem";
import { taskEscrowAbi } from "../chain/taskEscrowAbi.js";
import type { StandingPort } from "../worker/admission.js";

/**
 * A manager's standing read on chain, for a worker's admission check: its escrow credit and its
 * token balance and allowance to the escrow; its reputation from `reputation` (e.g. the indexer's
 * proven score) when the worker's policy asks for one.
 *
 * @example const standing = chainStanding({ publicClient, escrow });
 */
export function chainStanding(o: { publicClient: PublicClient; escrow: Address; reputation?: (wallet: Address) => Promise<number> }): StandingPort {
  const { publicClient, escrow } = o;
  return {
    async standing(manager, token, withReputation) {
      const [credit, balance, allowance] = await Promise.all([
        publicClient.readContract({ address: escrow, abi: taskEscrowAbi, functionName: "creditOf", args: [manager, token] }) as Promise<bigint>,
        publicClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [manager] }),
        publicClient.readContract({ address: token, abi: erc20Abi, functionName: "allowance", args: [manager, escrow] }),
      ]);
      // An indexer that cannot answer proves nothing: the manager counts as unknown (reputation 0 for the policy).
      const reputation = withReputation && o.reputation ? await o.reputation(manager).catch(() => undefined) : undefined;
      return { funds: { credit, balance, allowance }, ...(reputation === undefined ? {} : { reputation }) };
    },
  };
}
