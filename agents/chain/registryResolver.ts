import { zeroAddress, type Address, type PublicClient } from "viem";
import { identityRegistryAbi } from "./identityRegistryAbi.js";

/**
 * The identity registry as the receivers of envelopes ask it: agent id -> the wallet bound to it
 * (`getAgentWallet`), undefined for an id that does not exist or has no wallet. Answers are
 * cached for `ttlMs` (default 10 s), so a wallet unbound or moved on chain stops being accepted
 * within that time.
 *
 * @example
 * const resolver = registryResolver(publicClient, registry);
 * await resolver.walletOf(3n); // 0x90F7…b906
 */
export function registryResolver(publicClient: PublicClient, registry: Address, opts: { ttlMs?: number; now?: () => number } = {}) {
  const ttl = opts.ttlMs ?? 10_000;
  const now = opts.now ?? Date.now;
  const cache = new Map<bigint, { wallet: Address | undefined; until: number }>();
  return {
    async walletOf(agentId: bigint): Promise<Address | undefined> {
      const hit = cache.get(agentId);
      if (hit && hit.until > now()) return hit.wallet;
      let wallet: Address | undefined;
      try {
        const w = (await publicClient.readContract({ address: registry, abi: identityRegistryAbi, functionName: "getAgentWallet", args: [agentId] }));
        wallet = w === zeroAddress ? undefined : w;
      } catch (err) {
        // A nonexistent id reverts; anything else (RPC down) is not an answer and is not cached.
        if (!/revert|NonexistentToken/i.test(String((err as Error).message))) throw err;
        wallet = undefined;
      }
      cache.set(agentId, { wallet, until: now() + ttl });
      return wallet;
    },
  };
}
