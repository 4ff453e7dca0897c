import type { HardhatViemHelpers } from "@nomicfoundation/hardhat-viem/types";
import { getAddress, type Address, type PublicClient, type WalletClient } from "viem";
import { registryResolver } from "../chain/registryResolver.js";
import { walletSigner } from "../runtime/walletSigner.js";
import type { NetworkSecurity } from "../transport/envelopes.js";
import type { AgentIdentity } from "../transport/Transport.js";
import { registerLocalAgents, type LocalMember } from "./registerLocalAgents.js";

export interface LocalNetwork {
  registry: Address;
  security: NetworkSecurity;
  /** Each member's agent id and signer, by name (workers by their configured name, "manager", "arbiter"). */
  identities: Map<string, AgentIdentity>;
  /** Registers one more agent (an outsider joining the market) and returns its identity. */
  register(member: LocalMember): Promise<AgentIdentity>;
}

/**
 * The network side of a local market whose members are registered (registerLocalAgents.ts):
 * each member's identity (registry id and wallet) and the security every envelope is sealed and
 * checked with, against the registry's bound wallets (chain/registryResolver.ts), exactly as
 * between processes.
 */
export async function localNetwork(o: {
  viem: HardhatViemHelpers;
  publicClient: PublicClient;
  escrow: Address;
  registry: { address: Address; block: bigint };
  members: { name: string; agentId: string; wallet: WalletClient }[];
}): Promise<LocalNetwork> {
  const chainId = await o.publicClient.getChainId();
  const identities = new Map<string, AgentIdentity>(o.members.map((m) => [m.name, { agentId: m.agentId, signer: walletSigner(m.wallet) }]));
  return {
    registry: getAddress(o.registry.address),
    security: {
      domain: { chainId, escrow: getAddress(o.escrow), registry: getAddress(o.registry.address) },
      resolver: registryResolver(o.publicClient, o.registry.address),
    },
    identities,
    async register(member) {
      const { agentIds } = await registerLocalAgents(o.viem, o.publicClient, [member], o.registry);
      const identity = { agentId: agentIds[0]!, signer: walletSigner(member.wallet) };
      identities.set(member.name, identity);
      return identity;
    },
  };
}
