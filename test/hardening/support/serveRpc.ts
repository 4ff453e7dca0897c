import { createServer } from "node:http";
import { boundPort } from "../../../agents/http/boundPort.js";

interface Eip1193 {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}

/**
 * Serves an in-process Hardhat network (an EIP-1193 provider) as JSON-RPC over HTTP on
 * loopback, so that child processes (an indexer started as `tsx scripts/indexer.ts`) can use
 * the very chain a test drives, as they would use `hardhat node`.
 *
 * @example
 * const rpc = await serveRpc(connection.provider); // rpc.url → RPC_URL of a child
 */
export async function serveRpc(provider: Eip1193): Promise<{ url: string; close(): Promise<void>; httpRequests(): number }> {
  let httpRequests = 0;
  const one = async (call: { id?: unknown; method?: unknown; params?: unknown }) => {
    try {
      const result = await provider.request({ method: String(call.method), params: (call.params as unknown[]) ?? [] });
      return { jsonrpc: "2.0", id: call.id ?? null, result };
    } catch (err) {
      const e = err as { code?: number; message?: string; data?: unknown };
      return { jsonrpc: "2.0", id: call.id ?? null, error: { code: typeof e.code === "number" ? e.code : -32603, message: e.message ?? "error", data: e.data } };
    }
  };
  const server = createServer((req, res) => {
    httpRequests++;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        let body: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        } catch {
          res.writeHead(400).end();
          return;
        }
        const out = Array.isArray(body) ? await Promise.all(body.map(one)) : await one(body as object);
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(out, (_k, v: unknown) => (typeof v === "bigint" ? `0x${v.toString(16)}` : v)));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = boundPort(server);
  return {
    url: `http://127.0.0.1:${port}`,
    /** HTTP requests served so far (a JSON-RPC batch is one). */
    httpRequests: () => httpRequests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
