import { zeroAddress, type Address, type PublicClient } from "viem";
import { identityRegistryAbi } from "./identityRegistryAbi.js";
import { readThrough } from "../readThrough.js";

/**
 * The identity registry as the receivers of envelopes ask it: agent id -> the wallet bound to it
 * (`getAgentWallet`), undefined for an id that does not exist or has no wallet. Answers are
 * cached for `ttlMs` (default 10 s) from when they arrive, so a wallet unbound or moved on chain
 * stops being accepted within that time; asks for an id while its read is under way share that read.
 *
 * @example
 * const resolver = registryResolver(publicClient, registry);
 * await resolver.walletOf(3n); // 0x90F7…b906
 */
export function registryResolver(publicClient: PublicClient, registry: Address, opts: { ttlMs?: number; now?: () => number } = {}) {
  // Envelopes from one sender arrive in bursts (an announcement to every worker, their bids back): one read answers them all.
  const wallets = readThrough<bigint, Address | undefined>({ ttlMs: opts.ttlMs ?? 10_000, ...(opts.now ? { now: opts.now } : {}) });
  async function read(agentId: bigint): Promise<Address | undefined> {
    try {
      const w = await publicClient.readContract({ address: registry, abi: identityRegistryAbi, functionName: "getAgentWallet", args: [agentId] });
      return w === zeroAddress ? undefined : w;
    } catch (err) {
      // A nonexistent id reverts; anything else (RPC down) is not an answer and is not cached.
      if (!/revert|NonexistentToken/i.test(String((err as Error).message))) throw err;
      return undefined;
    }
  }
  return {
    walletOf: (agentId: bigint): Promise<Address | undefined> => wallets.get(agentId, () => read(agentId)),
  };
}
