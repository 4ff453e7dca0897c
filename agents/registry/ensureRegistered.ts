import { getAddress, isAddressEqual, type Address } from "viem";
import { readAgent, type RegistryClients } from "../chain/identityRegistry.js";
import { identityRegistryAbi } from "../chain/identityRegistryAbi.js";
import { publishAgentCard, registerAgent, type RegisterAgentInput } from "./registerAgent.js";
import { fetchDocument } from "./fetchDocument.js";
import { a2aCardUri, parseRegistrationFile } from "./registrationFile.js";
import { parseAgentCard } from "./agentCard.js";

/** The A2A URL the agent's current card names, or undefined when it cannot be read. */
async function currentCardUrl(clients: Pick<RegistryClients, "publicClient" | "address">, agentId: bigint): Promise<string | undefined> {
  try {
    const { agentURI } = await readAgent(clients.publicClient, clients.address, agentId);
    return parseAgentCard(await fetchDocument(a2aCardUri(parseRegistrationFile(await fetchDocument(agentURI))))).url;
  } catch {
    return undefined;
  }
}

/**
 * The agent id `owner` registered earlier whose wallet is still `owner`, or null: looked up
 * from the registry's `Registered` events (owner is indexed), newest first.
 */
export async function findOwnAgent(clients: Pick<RegistryClients, "publicClient" | "address">, owner: Address, fromBlock = 0n): Promise<bigint | null> {
  const logs = await clients.publicClient.getContractEvents({ address: clients.address, abi: identityRegistryAbi, eventName: "Registered", args: { owner }, fromBlock, strict: true });
  for (const log of logs.reverse()) {
    const agent = await readAgent(clients.publicClient, clients.address, log.args.agentId).catch(() => null);
    if (agent && isAddressEqual(agent.owner, owner) && isAddressEqual(agent.wallet, owner)) return log.args.agentId;
  }
  return null;
}

/**
 * Registers the wallet client's account as an agent (its own wallet, data: URIs) unless it
 * already holds an identity in this registry: a restarted process keeps its agent id.
 *
 * @example const { agentId, fresh } = await ensureRegistered(clients, input, BigInt(deployment.registry.block));
 */
export async function ensureRegistered(
  clients: RegistryClients & { walletClient: { account?: { address: Address } } },
  signer: Parameters<typeof registerAgent>[1],
  input: RegisterAgentInput,
  fromBlock = 0n,
): Promise<{ agentId: bigint; fresh: boolean }> {
  const owner = getAddress(signer.address);
  const existing = await findOwnAgent(clients, owner, fromBlock);
  if (existing !== null) {
    // A restart may serve A2A somewhere else: the card must name where the agent is now.
    if ((await currentCardUrl(clients, existing)) !== input.url) await publishAgentCard(clients, signer, existing, input);
    return { agentId: existing, fresh: false };
  }
  const { agentId } = await registerAgent(clients, signer, input);
  return { agentId, fresh: true };
}
