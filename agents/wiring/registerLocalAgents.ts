import type { HardhatViemHelpers } from "@nomicfoundation/hardhat-viem/types";
import { getAddress, type Address, type PublicClient, type WalletClient } from "viem";
import { registerAgent } from "../registry/registerAgent.js";
import type { CapabilityProfile } from "../protocol/task.js";
import { walletSigner } from "../runtime/walletSigner.js";

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
 * Registers each member of a local market in an ERC-8004 identity registry (deployed here unless
 * `registry` is given), in order, each with its own wallet and a signed card: afterwards the
 * members are discoverable like any other agent, and only through the registry.
 *
 * @returns the registry, its deployment block, and each member's agent id (decimal), in order.
 */
export async function registerLocalAgents(
  viem: HardhatViemHelpers,
  publicClient: PublicClient,
  members: readonly LocalMember[],
  registry?: { address: Address; block: bigint },
): Promise<{ registry: Address; fromBlock: bigint; agentIds: string[] }> {
  let address = registry?.address;
  let fromBlock = registry?.block ?? 0n;
  if (!address) {
    fromBlock = await publicClient.getBlockNumber();
    address = (await viem.deployContract("IdentityRegistry")).address as Address;
  }
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

/**
 * A local market's members in the registry: the workers in order (each under its configured
 * name, with its skills and price), then the manager (`hire`) and the arbiter (`arbitrate`).
 */
export async function registerMarketAgents(
  viem: HardhatViemHelpers,
  publicClient: PublicClient,
  m: { workers: (CapabilityProfile & { wallet: WalletClient })[]; manager: WalletClient; arbiter: WalletClient },
  registry?: { address: Address; block: bigint },
): Promise<{ registry: Address; fromBlock: bigint; workers: string[]; manager: string; arbiter: string }> {
  const r = await registerLocalAgents(
    viem,
    publicClient,
    [
      ...m.workers.map((w) => ({ name: w.agentId, wallet: w.wallet, skills: w.skills, costPerStep: w.costPerStep, maxSteps: w.maxSteps })),
      { name: "manager", wallet: m.manager, skills: ["hire"], costPerStep: 0, maxSteps: 1 },
      { name: "arbiter", wallet: m.arbiter, skills: ["arbitrate"], costPerStep: 0, maxSteps: 1 },
    ],
    registry,
  );
  const n = m.workers.length;
  return { registry: r.registry, fromBlock: r.fromBlock, workers: r.agentIds.slice(0, n), manager: r.agentIds[n]!, arbiter: r.agentIds[n + 1]! };
}
