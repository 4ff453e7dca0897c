import type { Address } from "viem";
import { registerAgent as registerInRegistry, type RegisteredAgentResult, type RegisterAgentInput } from "../registry/registerAgent.js";
import { walletSigner } from "../runtime/walletSigner.js";
import { connect, type WalletInput } from "./connect.js";

/**
 * What {@link registerAgent} needs: the wallet and chain, the registry, and the card's fields.
 *
 * @example
 * const options: RegisterOptions = { wallet: key, rpcUrl, registry, name: "shouter", description: "Shouts text back",
 *   url: "http://127.0.0.1:9001/a2a", skills: ["summarise"], costPerStep: 1_000_000, maxSteps: 1 };
 */
export interface RegisterOptions extends RegisterAgentInput {
  wallet: WalletInput;
  rpcUrl: string;
  /** The ERC-8004 identity registry (ours, or the canonical one on a public chain). */
  registry: Address;
}

/**
 * Registers an agent in the ERC-8004 identity registry: mints its agent id (owned and signed for
 * by `wallet`), signs its A2A Agent Card (skills, cost per step, maximum steps, endpoint) and
 * publishes card and registration file (data: URIs unless `publish` uploads them). The indexer
 * then lists it at `GET /agents`, which is where {@link discoverWorkers} finds it.
 *
 * @example
 * const { agentId } = await registerAgent({ wallet: key, rpcUrl, registry, name: "shouter", description: "Shouts text back",
 *   url: "http://127.0.0.1:9001/a2a", skills: ["summarise"], costPerStep: 1_000_000, maxSteps: 1 });
 */
export async function registerAgent(o: RegisterOptions): Promise<RegisteredAgentResult> {
  const { publicClient, walletClient } = await connect(o);
  const { wallet: _w, rpcUrl: _r, registry, ...input } = o;
  return registerInRegistry({ publicClient, walletClient, address: registry }, walletSigner(walletClient), input);
}
