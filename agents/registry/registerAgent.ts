import { getAddress, isAddressEqual } from "viem";
import type { Address } from "viem";
import { bindAgentWallet, registerIdentity, RegistryTxError, setAgentUri, signWalletProof } from "../chain/identityRegistry.js";
import type { RegistryClients, WalletProofSigner } from "../chain/identityRegistry.js";
import { buildAgentCard, type AgentCard, type AgentCardInput } from "./agentCard.js";
import { signAgentCard } from "./cardSignature.js";
import { toDataUri } from "./fetchDocument.js";
import { buildRegistrationFile, type RegistrationFile } from "./registrationFile.js";

/** The card's own fields (`url` is the agent's A2A endpoint), plus how to publish. */
export interface RegisterAgentInput extends Pick<AgentCardInput, "name" | "description" | "url" | "skills" | "costPerStep" | "maxSteps"> {
  /** Seconds the wallet proof stays valid (the registry allows at most 300; default 240). */
  proofSeconds?: number;
  /**
   * Where the card and the registration file are published; returns their URI. Default: data:
   * URIs, so nothing needs serving (the embedded demo). An agent with a host passes an upload.
   */
  publish?: (kind: "card" | "registration", doc: AgentCard | RegistrationFile) => Promise<string>;
}

export interface RegisteredAgentResult {
  agentId: bigint;
  wallet: Address;
  agentURI: string;
  card: AgentCard;
  registration: RegistrationFile;
}

/**
 * Registers an agent in the ERC-8004 identity registry, end to end: mints its id (owned by
 * `clients.walletClient`), binds `wallet` with its proof unless the owner is the wallet already,
 * signs its Agent Card with `wallet`, publishes card and registration file and points the
 * agent URI at the file.
 *
 * @example
 * const { agentId } = await registerAgent(clients, walletSigner(workerWallet),
 *   { name: "ada", description: "...", url: "http://127.0.0.1:9001/a2a", skills: ["summarise"], costPerStep: 1000, maxSteps: 20 });
 */
export async function registerAgent(clients: RegistryClients, wallet: WalletProofSigner, input: RegisterAgentInput): Promise<RegisteredAgentResult> {
  const owner = clients.walletClient.account?.address;
  if (!owner) throw new RegistryTxError("register", "the wallet client has no account");
  const chainId = await clients.publicClient.getChainId();
  const registry = getAddress(clients.address);
  const walletAddress = getAddress(wallet.address);
  const { agentId } = await registerIdentity(clients, "");

  if (!isAddressEqual(owner, walletAddress)) {
    const block = await clients.publicClient.getBlock();
    const deadline = block.timestamp + BigInt(input.proofSeconds ?? 240);
    const signature = await signWalletProof(wallet, { chainId, registry, agentId, owner: getAddress(owner), deadline });
    await bindAgentWallet(clients, { agentId, wallet: walletAddress, deadline, signature });
  }

  return { agentId, wallet: walletAddress, ...(await publishAgentCard(clients, wallet, agentId, input)) };
}

/**
 * Signs the agent's card with its wallet, publishes card and registration file and points the
 * agent URI at the file: a registration's first card, or a new one (an endpoint that moved).
 */
export async function publishAgentCard(
  clients: RegistryClients,
  wallet: WalletProofSigner,
  agentId: bigint,
  input: RegisterAgentInput,
): Promise<Pick<RegisteredAgentResult, "agentURI" | "card" | "registration">> {
  const publish = input.publish ?? (async (_kind: string, doc: unknown) => toDataUri(doc));
  const chainId = await clients.publicClient.getChainId();
  const registry = getAddress(clients.address);
  const card = await signAgentCard(buildAgentCard({ ...input, chainId, registry, agentId, wallet: getAddress(wallet.address) }), wallet);
  const cardUri = await publish("card", card);
  const registration = buildRegistrationFile({ name: input.name, description: input.description, cardUri, chainId, registry, agentId });
  const agentURI = await publish("registration", registration);
  await setAgentUri(clients, agentId, agentURI);
  return { agentURI, card, registration };
}
