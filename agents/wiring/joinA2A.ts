import type { Address, PublicClient, WalletClient } from "viem";
import { freePort } from "../http/freePort.js";
import { chainDirectory } from "../registry/chainDirectory.js";
import { ensureRegistered } from "../registry/ensureRegistered.js";
import type { RegisterAgentInput } from "../registry/registerAgent.js";
import type { AgentStore, TypedDataSigner } from "../runtime/ports.js";
import { storedPushTokens } from "../runtime/storedPushTokens.js";
import { A2ATransport, type A2AEndpoint } from "../transport/a2a/A2ATransport.js";
import { registryPeers } from "../transport/a2a/registryPeers.js";
import type { NetworkSecurity } from "../transport/envelopes.js";

export interface JoinA2AOptions {
  publicClient: PublicClient;
  walletClient: WalletClient;
  signer: TypedDataSigner;
  registry: { address: Address; block?: bigint };
  security: NetworkSecurity;
  /** The card's fields but its URL, which is the endpoint served here. */
  card: Omit<RegisterAgentInput, "url">;
  /** Address the endpoint binds (default 127.0.0.1), its port (default 0: a free one), the host name peers dial (default `host`). */
  host?: string;
  port?: number;
  advertise?: string;
  /** The agent's store: its awards' push tokens are kept there, so a result pushed after a restart is still taken. */
  store?: AgentStore;
}

/**
 * Puts one agent on the A2A network: picks its port, registers it in the ERC-8004 registry with
 * a signed card naming its A2A base URL `http://<advertise>:<port>` (once; a restart keeps the agent id and
 * re-publishes the card when the URL changed), then serves its endpoint there. Its peers are
 * found the same way: the registry's checked cards (registryPeers over chainDirectory).
 *
 * @example const { agentId, endpoint, transport } = await joinA2A({ publicClient, walletClient, signer, registry, security, card });
 */
export async function joinA2A(o: JoinA2AOptions): Promise<{ agentId: bigint; a2aUrl: string; endpoint: A2AEndpoint; transport: A2ATransport }> {
  const host = o.host ?? "127.0.0.1";
  const port = o.port || (await freePort(host));
  // The card names the A2A base URL: JSON-RPC at <base>/a2a, results pushed to <base>/a2a/push.
  const a2aUrl = `http://${o.advertise ?? host}:${port}`;
  const clients = { publicClient: o.publicClient, walletClient: o.walletClient, address: o.registry.address };
  const { agentId } = await ensureRegistered(clients, o.signer, { ...o.card, url: a2aUrl }, o.registry.block ?? 0n);
  const peers = registryPeers(chainDirectory({ publicClient: o.publicClient, registry: o.registry.address, fromBlock: o.registry.block ?? 0n }));
  const transport = new A2ATransport({ security: o.security, directory: peers, host, port, ...(o.advertise ? { advertise: o.advertise } : {}) });
  const endpoint = await transport.connect({ agentId: agentId.toString(), signer: o.signer }, o.store ? { pushTokens: storedPushTokens(o.store) } : {});
  return { agentId, a2aUrl, endpoint, transport };
}
