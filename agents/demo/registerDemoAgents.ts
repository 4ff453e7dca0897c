import type { Address, PublicClient, WalletClient } from "viem";
import { readAgent } from "../chain/identityRegistry.js";
import { verifyAgentCard } from "../registry/cardSignature.js";
import { fetchDocument } from "../registry/fetchDocument.js";
import { registerAgent } from "../registry/registerAgent.js";
import { a2aCardUri, parseRegistrationFile } from "../registry/registrationFile.js";
import { walletSigner } from "../runtime/walletSigner.js";

export interface DemoMember {
  name: string;
  role: "manager" | "worker" | "arbiter";
  wallet: WalletClient;
  skills: readonly string[];
  costPerStep: number;
  maxSteps: number;
}

export interface RegisteredMember {
  name: string;
  role: DemoMember["role"];
  /** ERC-8004 agent id, read back from the registry. */
  agentId: string;
  wallet: Address;
  skills: string[];
}

/**
 * Registers every demo agent in the identity registry with its own wallet (so no separate
 * wallet proof is needed), its card and registration file as data: URIs, then reads each one
 * back the way any other agent would: agent URI from the chain, registration file, card, and
 * the card's signature checked against the wallet the registry has bound.
 */
export async function registerDemoAgents(publicClient: PublicClient, registry: Address, members: readonly DemoMember[]): Promise<RegisteredMember[]> {
  const chainId = await publicClient.getChainId();
  const out: RegisteredMember[] = [];
  for (const m of members) {
    const signer = walletSigner(m.wallet);
    const { agentId } = await registerAgent({ walletClient: m.wallet, publicClient, address: registry }, signer, {
      name: m.name,
      description: `agent-market demo ${m.role} ${m.name}`,
      // The embedded demo's agents talk over an in-process board; there is no network endpoint.
      url: `inproc://agent-market/${m.name}`,
      skills: m.skills,
      costPerStep: m.costPerStep,
      maxSteps: m.maxSteps,
    });
    const onChain = await readAgent(publicClient, registry, agentId);
    const file = parseRegistrationFile(await fetchDocument(onChain.agentURI));
    const card = await verifyAgentCard(await fetchDocument(a2aCardUri(file)), { chainId, registry, agentId, wallet: onChain.wallet });
    out.push({ name: m.name, role: m.role, agentId: agentId.toString(), wallet: card.wallet, skills: card.skills });
  }
  return out;
}
