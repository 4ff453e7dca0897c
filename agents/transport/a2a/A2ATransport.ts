import { getAddress, type Address } from "viem";
import { Envelopes, type NetworkSecurity } from "../envelopes.js";
import type { AgentIdentity, Transport } from "../Transport.js";
import { A2AEndpoint } from "./A2AEndpoint.js";
import type { PeerDirectory, RetryOptions } from "./peerClients.js";
import type { PushTokenStore } from "./pushTokens.js";

export { A2AEndpoint } from "./A2AEndpoint.js";
export type { PeerDirectory } from "./peerClients.js";

export interface A2ATransportOptions extends RetryOptions {
  security: NetworkSecurity;
  /** Where peers serve (default: the endpoints this transport connected, newest first, as in one process). */
  directory?: PeerDirectory;
  host?: string;
  /** Port of the (single) agent's server; 0 picks a free one. */
  port?: number;
  /** The host name in the endpoint's URL, its transport card and its push URL (default `host`): what peers dial. */
  advertise?: string;
}

/**
 * The agents' network over A2A (JSON-RPC binding) with @a2a-js/sdk: each connected agent
 * serves its own endpoint (A2AServer) and sends with the SDK's client, one `SendMessage` per
 * contract-net message, the signed envelope in a data part; an award opens an A2A task at the
 * worker whose artifact, pushed to the client only, is the signed result. Delivery is point to
 * point: the recipient's URL comes from the directory. A peer that is not up yet or restarting
 * is retried with backoff, so agents start in any order.
 *
 * @example
 * const net = new A2ATransport({ security, directory });
 * const endpoint = await net.connect(identity); // serving at (endpoint as A2AEndpoint).url
 */
export class A2ATransport implements Transport {
  private readonly endpoints = new Set<A2AEndpoint>();
  private readonly directory: PeerDirectory;
  /** Sends awaiting their receipt plus deliveries not yet handed to their handlers, over this transport's endpoints. */
  private readonly inflight = { n: 0 };

  constructor(private readonly options: A2ATransportOptions) {
    this.directory = options.directory ?? { urlOf: async (w) => [...this.endpoints].reverse().find((e) => e.self.address === getAddress(w))?.url };
  }

  /** `pushTokens`: where this agent keeps its awards' push tokens (default: memory; a manager's store survives its restart). */
  async connect(identity: AgentIdentity, o: { pushTokens?: PushTokenStore } = {}): Promise<A2AEndpoint> {
    const e = await A2AEndpoint.open(new Envelopes(identity, this.options.security), { ...this.options, ...o, directory: this.directory, inflight: this.inflight });
    this.endpoints.add(e);
    return e;
  }

  /** Where the agent with this wallet serves A2A, as this transport finds it. */
  urlOf(wallet: Address): Promise<string | undefined> {
    return this.directory.urlOf(wallet);
  }

  /** Resolves once no message sent or received through this transport's endpoints is in flight (a local market's settle). */
  async drained(): Promise<void> {
    while (this.inflight.n > 0) await new Promise((r) => setTimeout(r, 1));
  }

  async close(): Promise<void> {
    for (const e of this.endpoints) await e.close();
    this.endpoints.clear();
  }
}
