import type { HardhatViemHelpers } from "@nomicfoundation/hardhat-viem/types";
import { getAddress, type Address, type PublicClient, type WalletClient } from "viem";
import { registryResolver } from "../chain/registryResolver.js";
import { registerAgent } from "../registry/registerAgent.js";
import { walletSigner } from "../runtime/walletSigner.js";
import type { NetworkSecurity } from "../transport/envelopes.js";
import type { AgentIdentity } from "../transport/Transport.js";
import type { CapabilityProfile } from "../protocol/task.js";

/** An agent of a local market, as it registers in the identity registry. */
export interface LocalMember {
  name: string;
  role: "manager" | "worker" | "arbiter";
  wallet: WalletClient;
  skills: readonly string[];
  costPerStep: number;
  maxSteps: number;
}

export interface LocalNetwork {
  registry: Address;
  security: NetworkSecurity;
  /** Each member's agent id and signer, by name. */
  identities: Map<string, AgentIdentity>;
  /** Registers one more agent (an outsider joining the market) and returns its identity. */
  register(member: LocalMember): Promise<AgentIdentity>;
}

/**
 * The identity side of a local market: every member registers in the ERC-8004 identity registry
 * (deployed here unless given) with its own wallet and a signed card as data: URIs, and every
 * envelope is checked against the registry's bound wallet (chain/registryResolver.ts), exactly
 * as between processes.
 */
export async function createLocalNetwork(opts: { viem: HardhatViemHelpers; publicClient: PublicClient; escrow: Address; registry?: Address; members: LocalMember[] }): Promise<LocalNetwork> {
  const registry = opts.registry ?? ((await opts.viem.deployContract("IdentityRegistry", [])).address as Address);
  const chainId = await opts.publicClient.getChainId();
  const identities = new Map<string, AgentIdentity>();
  const register = async (m: LocalMember): Promise<AgentIdentity> => {
    const signer = walletSigner(m.wallet);
    const { agentId } = await registerAgent({ walletClient: m.wallet, publicClient: opts.publicClient, address: registry }, signer, {
      name: m.name,
      description: `agent-market ${m.role} ${m.name}`,
      // In one process the agents reach each other through the in-process network, not a URL.
      url: `inproc://agent-market/${m.name}`,
      skills: [...m.skills],
      costPerStep: m.costPerStep,
      maxSteps: m.maxSteps,
    });
    const identity = { agentId: agentId.toString(), signer };
    identities.set(m.name, identity);
    return identity;
  };
  for (const m of opts.members) await register(m);
  return {
    registry: getAddress(registry),
    security: { domain: { chainId, escrow: getAddress(opts.escrow), registry: getAddress(registry) }, resolver: registryResolver(opts.publicClient, registry) },
    identities,
    register,
  };
}

/** A local market's members: its workers by profile name, plus "manager" and "arbiter". */
export function marketMembers(workers: { profile: CapabilityProfile; wallet: WalletClient }[], manager: WalletClient, arbiter: WalletClient): LocalMember[] {
  return [
    ...workers.map((w) => ({ name: w.profile.agentId, role: "worker" as const, wallet: w.wallet, skills: w.profile.skills, costPerStep: w.profile.costPerStep, maxSteps: w.profile.maxSteps })),
    { name: "manager", role: "manager", wallet: manager, skills: ["hire"], costPerStep: 0, maxSteps: 1 },
    { name: "arbiter", role: "arbiter", wallet: arbiter, skills: ["arbitrate"], costPerStep: 0, maxSteps: 1 },
  ];
}
