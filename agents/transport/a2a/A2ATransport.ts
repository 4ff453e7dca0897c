import { ClientFactory, type Client } from "@a2a-js/sdk/client";
import { getAddress, type Address } from "viem";
import { EnvelopeError, type EnvelopeErrorCode } from "../../protocol/envelope.js";
import type { Message } from "../../protocol/messages.js";
import { Envelopes, type NetworkSecurity } from "../envelopes.js";
import { TransportError } from "../errors.js";
import type { AgentIdentity, Delivery, Endpoint, Sender, Transport } from "../Transport.js";
import { A2AServer, type Receipt } from "./A2AServer.js";
import { a2aMessage, dataOf, Role } from "./a2aWire.js";

/** Where an agent's A2A endpoint is: the identity registry's cards, or a fixed map in tests. */
export interface PeerDirectory {
  urlOf(wallet: Address): Promise<string | undefined>;
}

export interface A2ATransportOptions {
  security: NetworkSecurity;
  /** Where peers serve (default: the endpoints this transport connected, newest first, as in one process). */
  directory?: PeerDirectory;
  host?: string;
  /** Port of the (single) agent's server; 0 picks a free one. */
  port?: number;
  /** A peer that is not up yet (or restarting) is retried from 200 ms doubling to 5 s, for at most `retryForMs` (30 s). */
  initialDelayMs?: number;
  maxDelayMs?: number;
  retryForMs?: number;
}

/**
 * The agents' network over A2A (JSON-RPC binding) with @a2a-js/sdk: each connected agent
 * serves its own endpoint (A2AServer) and sends with the SDK's client, one `SendMessage` per
 * contract-net message, the signed envelope in a data part. Delivery is point to point: the
 * recipient's URL comes from the directory. A peer that is not up yet or restarting is retried
 * with backoff, so agents start in any order.
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

  async connect(identity: AgentIdentity): Promise<A2AEndpoint> {
    const e = await A2AEndpoint.open(new Envelopes(identity, this.options.security), { ...this.options, directory: this.directory, inflight: this.inflight });
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

type EndpointOptions = A2ATransportOptions & { directory: PeerDirectory; inflight: { n: number } };

export class A2AEndpoint implements Endpoint {
  readonly self: Sender;
  private readonly handlers = new Set<(d: Delivery) => void>();
  private readonly clients = new Map<string, Promise<Client>>();
  private server!: A2AServer;
  private closed = false;

  private constructor(
    private readonly envelopes: Envelopes,
    private readonly options: EndpointOptions,
  ) {
    this.self = { agentId: envelopes.identity.agentId, address: getAddress(envelopes.identity.signer.address) };
  }

  static async open(envelopes: Envelopes, options: EndpointOptions): Promise<A2AEndpoint> {
    const e = new A2AEndpoint(envelopes, options);
    e.server = await A2AServer.start({ name: `agent-${e.self.agentId}`, host: options.host, port: options.port, intake: (raw) => e.intake(raw) });
    return e;
  }

  /** The base URL this agent serves A2A at (what its registration's card advertises). */
  get url(): string {
    return this.server.url;
  }

  async send(to: Address, message: Message): Promise<void> {
    if (this.closed) throw new TransportError("endpoint closed", { code: "TRANSPORT_CLOSED" });
    const envelope = await this.envelopes.seal(to, message);
    this.options.inflight.n++;
    const reply = await this.withRetry(to, async (client) =>
      client.sendMessage({ tenant: "", message: a2aMessage(Role.ROLE_USER, envelope, { messageId: crypto.randomUUID(), contextId: envelope.taskId }), configuration: undefined, metadata: undefined }),
    ).finally(() => this.options.inflight.n--);
    const receipt = dataOf("parts" in reply ? reply : undefined) as Receipt | undefined;
    if (receipt?.accepted === true) return;
    const err = receipt?.accepted === false ? receipt.error : undefined;
    if (err && /^(ENVELOPE_|MESSAGE_INVALID)/.test(err.code)) throw new EnvelopeError(err.code as EnvelopeErrorCode, err.message, err.details);
    throw new TransportError("the recipient did not accept the message", { code: "TRANSPORT_REFUSED", details: { to, receipt } });
  }

  onMessage(handler: (d: Delivery) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.handlers.clear();
    await this.server.close();
  }

  private async intake(raw: unknown) {
    const r = await this.envelopes.open(raw);
    if (r.ok && !this.closed) {
      const d: Delivery = { from: r.from, message: r.message };
      this.options.inflight.n++;
      setImmediate(() => {
        this.options.inflight.n--;
        for (const h of this.handlers) {
          try {
            h(d);
          } catch (err) {
            console.error(`[${this.self.agentId}] message handler threw`, err);
          }
        }
      });
    }
    return r;
  }

  /** Resolves the peer and calls it; a peer unknown or unreachable is retried with backoff until `retryForMs`. */
  private async withRetry<T>(to: Address, call: (client: Client) => Promise<T>): Promise<T> {
    const until = Date.now() + (this.options.retryForMs ?? 30_000);
    let delay = this.options.initialDelayMs ?? 200;
    for (;;) {
      let reason: string;
      const url = await this.options.directory.urlOf(to);
      if (url) {
        try {
          return await call(await this.client(url));
        } catch (err) {
          this.clients.delete(url); // the card may have moved (a restart on another port)
          reason = err instanceof Error ? err.message : String(err);
        }
      } else reason = "no A2A endpoint known for this wallet";
      if (this.closed || Date.now() + delay > until)
        throw new TransportError(`cannot reach ${to}`, { code: "TRANSPORT_UNREACHABLE", details: { to, url, reason } });
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, this.options.maxDelayMs ?? 5_000);
    }
  }

  private client(url: string): Promise<Client> {
    let c = this.clients.get(url);
    if (!c) {
      c = new ClientFactory().createFromUrl(url);
      c.catch(() => this.clients.delete(url));
      this.clients.set(url, c);
    }
    return c;
  }
}
