import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import { z } from "zod";
import { hardenApp } from "../http/hardenApp.js";
import { boundPort } from "../http/boundPort.js";

/** What an EIP-1193 provider offers (Hardhat's in-process network connection.provider is one). */
export interface Eip1193Provider {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}

const Call = z.object({ jsonrpc: z.literal("2.0"), id: z.union([z.number(), z.string(), z.null()]).optional(), method: z.string(), params: z.array(z.unknown()).optional() });

async function answer(provider: Eip1193Provider, raw: unknown): Promise<object> {
  const call = Call.safeParse(raw);
  if (!call.success) return { jsonrpc: "2.0", id: null, error: { code: -32600, message: "invalid request" } };
  const { id = null, method, params } = call.data;
  try {
    return { jsonrpc: "2.0", id, result: (await provider.request({ method, ...(params ? { params } : {}) })) ?? null };
  } catch (err) {
    const e = err as { code?: unknown; message?: unknown; data?: unknown };
    return { jsonrpc: "2.0", id, error: { code: typeof e.code === "number" ? e.code : -32603, message: String(e.message ?? err), ...(e.data === undefined ? {} : { data: e.data }) } };
  }
}

/**
 * Serves an in-process chain over HTTP JSON-RPC (single and batch requests), like `hardhat node`
 * does, so the browser, `./run verify-review` or any wallet can read the embedded demo's chain.
 * Loopback only by default.
 *
 * @example
 * const chain = await serveChain(connection.provider); // chain.url: http://127.0.0.1:<port>
 */
export async function serveChain(provider: Eip1193Provider, opts: { host?: string; port?: number } = {}): Promise<{ url: string; close(): Promise<void> }> {
  const app = new Hono();
  hardenApp(app, { maxBodyBytes: 5_000_000, rateLimit: false });
  app.post("/", async (c) => {
    const body: unknown = await c.req.json().catch(() => undefined);
    if (Array.isArray(body)) return c.json(await Promise.all(body.map((b) => answer(provider, b))));
    return c.json(await answer(provider, body));
  });
  const hostname = opts.host ?? "127.0.0.1";
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname, port: opts.port ?? 0 }, () => resolve(s));
    s.once("error", reject);
  });
  return {
    url: `http://${hostname}:${boundPort(server)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
