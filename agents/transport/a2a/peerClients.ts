import { ClientFactory, ClientFactoryOptions, DefaultAgentCardResolver, JsonRpcTransportFactory, type Client } from "@a2a-js/sdk/client";
import { Agent } from "node:http";
import type { Address } from "viem";
import { httpFetch } from "../../http/httpFetch.js";
import { TransportError } from "../errors.js";

/** Where an agent's A2A endpoint is: the identity registry's cards, or a fixed map in tests. */
export interface PeerDirectory {
  urlOf(wallet: Address): Promise<string | undefined>;
  /** The endpoint of `wallet` did not answer: look it up afresh next time. */
  forget?(wallet: Address): void;
}

export interface RetryOptions {
  /** A peer that is not up yet (or restarting) is retried from 200 ms doubling to 5 s, for at most `retryForMs` (30 s). */
  initialDelayMs?: number;
  maxDelayMs?: number;
  retryForMs?: number;
}

/** The SDK clients one endpoint holds to its peers, found through the directory and retried with backoff. */
export class PeerClients {
  private readonly clients = new Map<string, Promise<Client>>();
  /** The SDK's client on its JSON-RPC transport, over one keep-alive node:http agent per endpoint (../../http/httpFetch.ts). */
  private readonly factory: ClientFactory;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64, timeout: 50_000 });

  constructor(
    private readonly directory: PeerDirectory,
    private readonly options: RetryOptions,
    private readonly closed: () => boolean,
  ) {
    const fetchImpl = httpFetch(this.agent);
    this.factory = new ClientFactory(ClientFactoryOptions.createFrom(ClientFactoryOptions.default, { transports: [new JsonRpcTransportFactory({ fetchImpl })], cardResolver: new DefaultAgentCardResolver({ fetchImpl }) }));
  }

  /** Resolves the peer and calls it; a peer unknown or unreachable is retried with backoff until `retryForMs`. */
  async call<T>(to: Address, call: (client: Client) => Promise<T>): Promise<T> {
    const until = Date.now() + (this.options.retryForMs ?? 30_000);
    let delay = this.options.initialDelayMs ?? 200;
    for (;;) {
      let reason: string;
      const url = await this.directory.urlOf(to);
      if (url) {
        try {
          return await call(await this.client(url));
        } catch (err) {
          this.clients.delete(url); // the card may have moved (a restart on another port)
          this.directory.forget?.(to);
          reason = err instanceof Error ? err.message : String(err);
        }
      } else reason = "no A2A endpoint known for this wallet";
      if (this.closed() || Date.now() + delay > until) throw new TransportError(`cannot reach ${to}`, { code: "TRANSPORT_UNREACHABLE", details: { to, url, reason } });
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, this.options.maxDelayMs ?? 5_000);
    }
  }

  /** Closes the kept-alive sockets to every peer. */
  close(): void {
    this.agent.destroy();
  }

  private client(url: string): Promise<Client> {
    let c = this.clients.get(url);
    if (!c) {
      c = this.factory.createFromUrl(url);
      c.catch(() => this.clients.delete(url));
      this.clients.set(url, c);
    }
    return c;
  }
}
