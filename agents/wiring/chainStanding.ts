import { erc20Abi, type Address, type PublicClient } from "viem";
import { taskEscrowAbi } from "../chain/taskEscrowAbi.js";
import type { ManagerStanding, StandingPort } from "../worker/admission.js";

/** How long a manager's standing, once read, answers the next announcements of that manager (milliseconds). */
export const STANDING_MAX_AGE_MS = 1_000;

/**
 * A manager's standing read on chain, for a worker's admission check: its escrow credit and its
 * token balance and allowance to the escrow; its reputation from `reputation` (e.g. the indexer's
 * proven score) when the worker's policy asks for one.
 *
 * A read answers the same manager's announcements (same token, same reputation question) for
 * `maxAgeMs` (default {@link STANDING_MAX_AGE_MS}), and announcements that arrive while it is in
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
  maxAgeMs?: number;
  /** Monotonic milliseconds (default performance.now). */
  now?: () => number;
}): StandingPort {
  const { publicClient, escrow } = o;
  const maxAgeMs = o.maxAgeMs ?? STANDING_MAX_AGE_MS;
  const now = o.now ?? (() => performance.now());
  // Oldest first: entries are re-inserted when read again, so the expired ones are at the front.
  const recent = new Map<string, { at: number; standing: Promise<ManagerStanding> }>();

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
    standing(manager, token, withReputation) {
      const at = now();
      for (const [key, entry] of recent) {
        if (at - entry.at < maxAgeMs) break;
        recent.delete(key);
      }
      const key = `${manager}|${token}|${withReputation}`;
      const known = recent.get(key);
      if (known) return known.standing;
      const standing = read(manager, token, withReputation);
      const entry = { at, standing };
      recent.set(key, entry);
      standing.catch(() => recent.get(key) === entry && recent.delete(key));
      return standing;
    },
  };
}
