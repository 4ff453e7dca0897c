import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import { createMcpExpressApp } from "@modelcontextprotocol/sdk/server/express.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import type { Request, Response } from "express";
import { createMcpServer } from "./createMcpServer.js";
import type { McpBody } from "./startMcpBody.js";
import { boundPort } from "../http/boundPort.js";

/** Serves the body over standard input/output; resolves when the host closes the connection. */
export async function serveStdio(body: McpBody): Promise<void> {
  const server = createMcpServer(body);
  const closed = new Promise<void>((resolve) => (server.server.onclose = () => resolve()));
  await server.connect(new StdioServerTransport());
  process.stdin.once("end", () => void server.close());
  await closed;
}

/**
 * Serves the body over Streamable HTTP at `POST|GET|DELETE /mcp`, one MCP session per client
 * (`mcp-session-id`), on loopback by default with the SDK's DNS-rebinding protection.
 */
export async function serveHttp(body: McpBody, opts: { host: string; port: number }): Promise<{ url: string; close(): Promise<void> }> {
  const app = createMcpExpressApp({ host: opts.host });
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  app.post("/mcp", async (req: Request, res: Response) => {
    const id = req.headers["mcp-session-id"];
    let transport = typeof id === "string" ? sessions.get(id) : undefined;
    if (!transport) {
      if (id !== undefined || !isInitializeRequest(req.body)) {
        res.status(400).json({ jsonrpc: "2.0", error: { code: -32000, message: "unknown or missing mcp-session-id; initialize first" }, id: null });
        return;
      }
      const t = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID(), onsessioninitialized: (sid) => void sessions.set(sid, t) });
      t.onclose = () => {
        if (t.sessionId) sessions.delete(t.sessionId);
      };
      await createMcpServer(body).connect(t);
      transport = t;
    }
    await transport.handleRequest(req, res, req.body);
  });
  const bySession = async (req: Request, res: Response) => {
    const id = req.headers["mcp-session-id"];
    const t = typeof id === "string" ? sessions.get(id) : undefined;
    if (!t) {
      res.status(400).send("unknown or missing mcp-session-id");
      return;
    }
    await t.handleRequest(req, res);
  };
  app.get("/mcp", bySession);
  app.delete("/mcp", bySession);
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(opts.port, opts.host, () => resolve(s));
    s.once("error", reject);
  });
  const port = boundPort(server);
  return {
    url: `http://${opts.host}:${port}/mcp`,
    close: async () => {
      for (const t of sessions.values()) await t.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
