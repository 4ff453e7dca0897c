import { getAddress, type Address, type PublicClient, type WalletClient } from "viem";
import { registerAgent } from "../registry/registerAgent.js";
import type { CapabilityProfile } from "../protocol/task.js";
import { walletSigner } from "../runtime/walletSigner.js";
import { registryResolver } from "../chain/registryResolver.js";
import type { NetworkSecurity } from "../transport/envelopes.js";
import type { AgentIdentity } from "../transport/Transport.js";

export interface LocalMember {
  /** Display name (the card's name); the market knows the agent by the id the registry mints. */
  name: string;
  wallet: WalletClient;
  skills: readonly string[];
  costPerStep: number;
  maxSteps: number;
}

/** The in-process endpoint an agent of a local market puts on its card. */
export const localEndpoint = (wallet: Address) => `inproc://agent-market/${getAddress(wallet)}`;

/**
 * Registers each member of a local market in the given ERC-8004 identity registry, in order, each with its own wallet and a signed card: afterwards the
 * members are discoverable like any other agent, and only through the registry.
 *
 * @returns the registry, its deployment block, and each member's agent id (decimal), in order.
 */
export async function registerLocalAgents(
  publicClient: PublicClient,
  members: readonly LocalMember[],
  registry: { address: Address; block: bigint },
): Promise<{ registry: Address; fromBlock: bigint; agentIds: string[] }> {
  const { address, block: fromBlock } = registry;
  const agentIds: string[] = [];
  for (const m of members) {
    const { agentId } = await registerAgent({ walletClient: m.wallet, publicClient, address }, walletSigner(m.wallet), {
      name: m.name,
      description: `agent-market local agent ${m.name}`,
      url: localEndpoint(m.wallet.account!.address),
      skills: m.skills,
      costPerStep: m.costPerStep,
      maxSteps: m.maxSteps,
    });
    agentIds.push(agentId.toString());
  }
  return { registry: address, fromBlock, agentIds };
}

/** A local market's members as the network knows them (see {@link registerMarketAgents}). */
export interface LocalNetwork {
  registry: Address;
  fromBlock: bigint;
  /** Agent ids (decimal), the workers in configured order. */
  agentIds: { workers: string[]; manager: string; arbiter: string };
  /** What every envelope is sealed and checked with: the domain, and the registry's bound wallets. */
  security: NetworkSecurity;
  /** Each member's agent id and signer, by name (workers by their configured name, "manager", "arbiter"). */
  identities: Map<string, AgentIdentity>;
  /** The member whose wallet this is. */
  identityOf(wallet: Address): AgentIdentity | undefined;
  /** Registers one more agent (an outsider joining the market) and returns its identity. */
  register(member: LocalMember): Promise<AgentIdentity>;
}

/**
 * Registers a local market's members in the given registry: the
 * workers in order (each under its configured name, with its skills and price), then the manager
 * (`hire`) and the arbiter (`arbitrate`). Returns the network they form: each member's identity
 * and the security every envelope is sealed and checked with, against the registry's bound
 * wallets (chain/registryResolver.ts), exactly as between processes.
 */
export async function registerMarketAgents(
  publicClient: PublicClient,
  m: { escrow: Address; workers: (CapabilityProfile & { wallet: WalletClient })[]; manager: WalletClient; arbiter: WalletClient },
  registry: { address: Address; block: bigint },
): Promise<LocalNetwork> {
  const members: LocalMember[] = [
    ...m.workers.map((w) => ({ name: w.agentId, wallet: w.wallet, skills: w.skills, costPerStep: w.costPerStep, maxSteps: w.maxSteps })),
    { name: "manager", wallet: m.manager, skills: ["hire"], costPerStep: 0, maxSteps: 1 },
    { name: "arbiter", wallet: m.arbiter, skills: ["arbitrate"], costPerStep: 0, maxSteps: 1 },
  ];
  const r = await registerLocalAgents(publicClient, members, registry);
  const at = { address: r.registry, block: r.fromBlock };
  const identities = new Map<string, AgentIdentity>(members.map((x, i) => [x.name, { agentId: r.agentIds[i]!, signer: walletSigner(x.wallet) }]));
  const n = m.workers.length;
  return {
    registry: getAddress(r.registry),
    fromBlock: r.fromBlock,
    agentIds: { workers: r.agentIds.slice(0, n), manager: r.agentIds[n]!, arbiter: r.agentIds[n + 1]! },
    security: {
      domain: { chainId: await publicClient.getChainId(), escrow: getAddress(m.escrow), registry: getAddress(r.registry) },
      resolver: registryResolver(publicClient, r.registry),
    },
    identities,
    identityOf: (wallet) => [...identities.values()].find((i) => getAddress(i.signer.address) === getAddress(wallet)),
    async register(member) {
      const { agentIds } = await registerLocalAgents(publicClient, [member], at);
      const identity = { agentId: agentIds[0]!, signer: walletSigner(member.wallet) };
      identities.set(member.name, identity);
      return identity;
    },
  };
}
