import { erc20Abi, type Address, type PublicClient } from "viem";
import { taskEscrowAbi } from "../chain/taskEscrowAbi.js";
import type { ManagerStanding, StandingPort } from "../worker/admission.js";
import { readThrough } from "../readThrough.js";

/** How long a manager's standing, once read, answers the next announcements of that manager (milliseconds). */
export const STANDING_TTL_MS = 1_000;

/**
 * A manager's standing read on chain, for a worker's admission check: its escrow credit and its
 * token balance and allowance to the escrow; its reputation from `reputation` (e.g. the indexer's
 * proven score) when the worker's policy asks for one.
 *
 * A read answers the same manager's announcements (same token, same reputation question) for
 * `ttlMs` (default {@link STANDING_TTL_MS}), and announcements that arrive while it is in
 * flight share it: a busy manager, or one flooding the board, costs a worker three chain reads per
 * second instead of three per announcement. A read that fails is not kept. A standing at most that
 * old can only mislead the worker into one bid the escrow then refuses to fund.
 *
 * @example const standing = chainStanding({ publicClient, escrow });
 */
export function chainStanding(o: {
  publicClient: PublicClient;
  escrow: Address;
  reputation?: (wallet: Address) => Promise<number>;
  ttlMs?: number;
  now?: () => number;
}): StandingPort {
  const { publicClient, escrow } = o;
  const recent = readThrough<string, ManagerStanding>({ ttlMs: o.ttlMs ?? STANDING_TTL_MS, ...(o.now ? { now: o.now } : {}) });

  async function read(manager: Address, token: Address, withReputation: boolean): Promise<ManagerStanding> {
    const [credit, balance, allowance] = await Promise.all([
      publicClient.readContract({ address: escrow, abi: taskEscrowAbi, functionName: "creditOf", args: [manager, token] }) as Promise<bigint>,
      publicClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [manager] }),
      publicClient.readContract({ address: token, abi: erc20Abi, functionName: "allowance", args: [manager, escrow] }),
    ]);
    // An indexer that cannot answer proves nothing: the manager counts as unknown (reputation 0 for the policy).
    const reputation = withReputation && o.reputation ? await o.reputation(manager).catch(() => undefined) : undefined;
    return { funds: { credit, balance, allowance }, ...(reputation === undefined ? {} : { reputation }) };
  }

  return {
    standing: (manager, token, withReputation) => recent.get(`${manager}|${token}|${withReputation}`, () => read(manager, token, withReputation)),
  };
}
