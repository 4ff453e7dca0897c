import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import { streamSSE, type SSEStreamingApi } from "hono/streaming";
import type { AddressInfo } from "node:net";
import { getAddress, type Address } from "viem";
import { errorJson } from "../http/errorJson.js";
import { ReplayGuard } from "../protocol/replayGuard.js";
import { verifySubscription } from "../protocol/subscription.js";
import { DEFAULT_RATE_LIMIT, hardenApp } from "../http/hardenApp.js";
import type { RateLimitOptions } from "../http/rateLimit.js";
import { SignedEnvelope } from "../protocol/envelope.js";
import type { Message } from "../protocol/messages.js";
import { Envelopes, type NetworkSecurity } from "./envelopes.js";
import { TransportError } from "./errors.js";
import type { AgentIdentity, Delivery, Endpoint, Sender, Transport } from "./Transport.js";

export interface HttpBoardOptions {
  security: NetworkSecurity;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Largest accepted POST body in bytes. */
  maxBodyBytes?: number;
  /** Per-client rate limit (default {@link DEFAULT_RATE_LIMIT}); `false` turns it off. */
  rateLimit?: RateLimitOptions | false;
  /** Adds routes of the board's owner (e.g. the manager's POST /tasks). */
  routes?: (app: Hono) => void;
}

/**
 * The manager's relay on HTTP, for agents without an endpoint of their own: `GET /events` with a
 * subscription the wallet signed (protocol/subscription.ts: `id`, `expiry`, `nonce`, `sig`) streams
 * the signed envelopes addressed to that wallet as server-sent events; `POST /messages`
 * takes one signed envelope and hands it to its one recipient only. Envelopes for a recipient
 * that is not connected yet wait until it connects or they expire. The board never opens an
 * envelope meant for a remote agent: the recipient checks it. Agents in the board's own process
 * connect through {@link HttpBoard.connect}; a refusal by one of them is answered to the poster.
 *
 * @example
 * const board = await HttpBoard.start({ port: 0, security });
 * const manager = new Manager({ endpoint: await board.connect(identity), ... });
 */
export class HttpBoard implements Transport {
  private readonly streams = new Map<string, SSEStreamingApi>();
  private readonly local = new Map<string, BoardEndpoint>();
  private readonly pending = new Map<string, { wire: string; expiry: number }[]>();
  private readonly closers = new Set<() => void>();
  private readonly subscriptions = new ReplayGuard();
  private server!: ServerType;
  url = "";

  private constructor(private readonly security: NetworkSecurity) {}

  static async start(opts: HttpBoardOptions): Promise<HttpBoard> {
    const board = new HttpBoard(opts.security);
    const app = board.routes(opts.maxBodyBytes ?? 1_000_000, opts.rateLimit ?? DEFAULT_RATE_LIMIT);
    opts.routes?.(app);
    await new Promise<void>((resolve) => {
      board.server = serve({ fetch: app.fetch, hostname: opts.host ?? "127.0.0.1", port: opts.port ?? 0 }, (info: AddressInfo) => {
        board.url = `http://${opts.host ?? "127.0.0.1"}:${info.port}`;
        resolve();
      });
    });
    return board;
  }

  async connect(identity: AgentIdentity): Promise<Endpoint> {
    const e = new BoardEndpoint(new Envelopes(identity, this.security), this);
    this.local.set(e.self.address.toLowerCase(), e);
    return e;
  }

  async close(): Promise<void> {
    for (const close of this.closers) close();
    this.closers.clear();
    this.streams.clear();
    this.local.clear();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      (this.server as { closeAllConnections?: () => void }).closeAllConnections?.();
    });
  }

  /** Wallets whose agents are currently streaming. */
  get subscribers(): Address[] {
    return [...this.streams.keys()].map((k) => getAddress(k));
  }

  /** @internal Hands one sealed envelope (JSON text) to its recipient; throws the recipient's refusal. */
  async route(wire: string, to: string, expiry: number): Promise<void> {
    const key = to.toLowerCase();
    const local = this.local.get(key);
    if (local) return local.receive(JSON.parse(wire));
    const stream = this.streams.get(key);
    if (stream) return void (await stream.writeSSE({ event: "message", data: wire }));
    const now = Date.now() / 1000;
    const queue = (this.pending.get(key) ?? []).filter((p) => p.expiry > now);
    this.pending.set(key, [...queue, { wire, expiry }].slice(-100));
  }

  /** @internal */
  drop(e: BoardEndpoint): void {
    const key = e.self.address.toLowerCase();
    if (this.local.get(key) === e) this.local.delete(key);
  }

  private routes(maxBodyBytes: number, limit: RateLimitOptions | false): Hono {
    const app = new Hono();
    hardenApp(app, { maxBodyBytes, rateLimit: limit });
    app.get("/events", async (c) => {
      const at = this.security.nowSeconds?.() ?? BigInt(Math.floor(Date.now() / 1000));
      const v = await verifySubscription(this.security.domain, c.req.query(), at, this.subscriptions);
      if (!v.ok) return errorJson(c, v.code === "SUBSCRIBER_INVALID" ? 400 : 401, v.code, v.reason);
      const id = v.wallet.toLowerCase();
      return streamSSE(c, async (stream) => {
        this.streams.get(id)?.abort();
        this.streams.set(id, stream);
        stream.onAbort(() => {
          if (this.streams.get(id) === stream) this.streams.delete(id);
        });
        await stream.writeSSE({ event: "ready", data: id });
        const now = Date.now() / 1000;
        for (const p of this.pending.get(id) ?? []) if (p.expiry > now) await stream.writeSSE({ event: "message", data: p.wire });
        this.pending.delete(id);
        // Heartbeats keep idle connections from being cut by proxies.
        const ping = setInterval(() => void stream.writeSSE({ event: "ping", data: "" }), 15_000).unref();
        await new Promise<void>((resolve) => {
          stream.onAbort(resolve);
          this.closers.add(resolve);
        });
        clearInterval(ping);
      });
    });
    app.post("/messages", async (c) => {
      let raw: unknown;
      try {
        raw = await c.req.json();
      } catch {
        return errorJson(c, 400, "MESSAGE_NOT_JSON", "body is not JSON");
      }
      const env = SignedEnvelope.safeParse(raw);
      if (!env.success) return errorJson(c, 400, "ENVELOPE_INVALID", "body is not a signed envelope");
      try {
        await this.route(JSON.stringify(env.data), env.data.to, Number(env.data.expiry));
      } catch (err) {
        const e = err as { toJSON?: () => unknown };
        return c.json({ error: e.toJSON ? e.toJSON() : { code: "REFUSED", message: String(err) } }, 400);
      }
      return c.json({ ok: true }, 202);
    });
    return app;
  }
}

class BoardEndpoint implements Endpoint {
  readonly self: Sender;
  private readonly handlers = new Set<(d: Delivery) => void>();

  constructor(
    private readonly envelopes: Envelopes,
    private readonly board: HttpBoard,
  ) {
    this.self = { agentId: envelopes.identity.agentId, address: getAddress(envelopes.identity.signer.address) };
  }

  async send(to: Address, message: Message): Promise<void> {
    const env = await this.envelopes.seal(to, message);
    await this.board.route(JSON.stringify(env), to, Number(env.expiry));
  }

  /** Opens an envelope addressed to this in-process agent; a refusal is thrown to the poster. */
  async receive(raw: unknown): Promise<void> {
    const r = await this.envelopes.open(raw);
    if (!r.ok) throw r.error;
    const d: Delivery = { from: r.from, message: r.message };
    setImmediate(() => {
      for (const h of this.handlers) {
        try {
          h(d);
        } catch (err) {
          console.error(`[${this.self.agentId}] message handler threw`, err);
        }
      }
    });
  }

  onMessage(handler: (d: Delivery) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async close(): Promise<void> {
    this.handlers.clear();
    this.board.drop(this);
  }
}

export { TransportError };
