import type { Address, PublicClient } from "viem";
import { readAgent } from "../chain/identityRegistry.js";
import { verifyAgentCard } from "../registry/cardSignature.js";
import { fetchDocument } from "../registry/fetchDocument.js";
import { a2aCardUri, parseRegistrationFile } from "../registry/registrationFile.js";

export interface RegisteredMember {
  name: string;
  role: "manager" | "worker" | "arbiter";
  /** ERC-8004 agent id, read back from the registry. */
  agentId: string;
  wallet: Address;
  skills: string[];
}

/**
 * Reads every demo agent back from the identity registry the way any other agent would: agent
 * URI from the chain, registration file, card, and the card's signature checked against the
 * wallet the registry has bound (createLocalMarket registered them).
 */
export async function readDemoAgents(
  publicClient: PublicClient,
  registry: Address,
  members: readonly { name: string; role: RegisteredMember["role"]; agentId: string }[],
): Promise<RegisteredMember[]> {
  const chainId = await publicClient.getChainId();
  const out: RegisteredMember[] = [];
  for (const m of members) {
    const onChain = await readAgent(publicClient, registry, BigInt(m.agentId));
    const file = parseRegistrationFile(await fetchDocument(onChain.agentURI));
    const card = await verifyAgentCard(await fetchDocument(a2aCardUri(file)), { chainId, registry, agentId: BigInt(m.agentId), wallet: onChain.wallet });
    out.push({ name: m.name, role: m.role, agentId: m.agentId, wallet: card.wallet, skills: card.skills });
  }
  return out;
}
