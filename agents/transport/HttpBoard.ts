import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import { streamSSE, type SSEStreamingApi } from "hono/streaming";
import type { AddressInfo } from "node:net";
import { errorJson } from "../http/errorJson.js";
import { DEFAULT_RATE_LIMIT, hardenApp } from "../http/hardenApp.js";
import type { RateLimitOptions } from "../http/rateLimit.js";
import { parseMessage } from "../protocol/parseMessage.js";
import type { Message } from "../protocol/messages.js";
import { InProcessTransport } from "./InProcessTransport.js";
import type { Endpoint, Transport } from "./Transport.js";

export interface HttpBoardOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Largest accepted POST body in bytes. */
  maxBodyBytes?: number;
  /** Per-client rate limit (default {@link DEFAULT_RATE_LIMIT}); `false` turns it off. */
  rateLimit?: RateLimitOptions | false;
  /** Wall clock in ms, for deciding which announcements are still open (default Date.now). */
  now?: () => number;
  /** Adds routes of the board's owner (e.g. the manager's POST /tasks). */
  routes?: (app: Hono) => void;
}

/**
 * The manager's task board on HTTP: `GET /events?id=<name>` streams every message as
 * server-sent events; `POST /messages` (header `x-endpoint-id: <name>`) publishes one. Posted
 * bodies are schema-checked before anyone sees them (400 with the typed error otherwise).
 * Agents in the board's own process connect through {@link HttpBoard.connect} without HTTP.
 *
 * @example
 * const board = await HttpBoard.start({ port: 0 });
 * const manager = new Manager({ endpoint: await board.connect("manager"), ... });
 * const remote = new HttpTransport(board.url); // in another process
 */
export class HttpBoard implements Transport {
  private readonly local = new InProcessTransport();
  private readonly streams = new Map<string, SSEStreamingApi>();
  private readonly closers = new Set<() => void>();
  /** Announcements whose bid window is still open, replayed to late subscribers. */
  private readonly open = new Map<string, Message & { type: "announce" }>();
  private now: () => number = Date.now;
  private bridge!: Endpoint;
  private server!: ServerType;
  url = "";

  private constructor() {}

  static async start(opts: HttpBoardOptions = {}): Promise<HttpBoard> {
    const board = new HttpBoard();
    if (opts.now) board.now = opts.now;
    board.bridge = await board.local.connect("http-bridge");
    board.bridge.onMessage((raw) => board.fanOut(raw, undefined));
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

  connect(name: string): Promise<Endpoint> {
    return this.local.connect(name);
  }

  async close(): Promise<void> {
    for (const close of this.closers) close();
    this.closers.clear();
    this.streams.clear();
    await this.local.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      (this.server as { closeAllConnections?: () => void }).closeAllConnections?.();
    });
  }

  /** Subscribers currently streaming. */
  get subscribers(): string[] {
    return [...this.streams.keys()];
  }

  private fanOut(message: unknown, exceptId: string | undefined): void {
    this.remember(message);
    const data = JSON.stringify(message);
    for (const [id, s] of this.streams) if (id !== exceptId) void s.writeSSE({ data, event: "message" });
  }

  /** Tracks open announcements so a worker that connects mid-window can still bid. */
  private remember(message: unknown): void {
    const parsed = parseMessage(message);
    if (!parsed.ok) return;
    const m = parsed.message;
    if (m.type === "announce") this.open.set(m.spec.taskId.toLowerCase(), m);
    else if (m.type === "cancel" || m.type === "award") this.open.delete(m.taskId.toLowerCase());
    for (const [id, a] of this.open) if (a.bidWindowEndsAt <= this.now()) this.open.delete(id);
  }

  private routes(maxBodyBytes: number, limit: RateLimitOptions | false): Hono {
    const app = new Hono();
    hardenApp(app, { maxBodyBytes, rateLimit: limit });
    app.get("/events", (c) => {
      const id = c.req.query("id") ?? crypto.randomUUID();
      return streamSSE(c, async (stream) => {
        this.streams.get(id)?.abort();
        this.streams.set(id, stream);
        stream.onAbort(() => {
          if (this.streams.get(id) === stream) this.streams.delete(id);
        });
        await stream.writeSSE({ event: "ready", data: id });
        for (const a of this.open.values())
          if (a.bidWindowEndsAt > this.now()) await stream.writeSSE({ event: "message", data: JSON.stringify(a) });
        // Keep the stream open until the client goes away or the board closes; heartbeats keep
        // idle connections from being cut by proxies.
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
      const parsed = parseMessage(raw);
      // The typed error as JSON: code, message, plus name and kind for the sender's logs.
      if (!parsed.ok) return c.json({ error: parsed.error.toJSON() }, 400);
      const message: Message = parsed.message;
      await this.bridge.send(message);
      this.fanOut(message, c.req.header("x-endpoint-id"));
      return c.json({ ok: true }, 202);
    });
    return app;
  }
}
