import { serve, type ServerType } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { relative } from "node:path";
import { DEFAULT_RATE_LIMIT, hardenApp } from "../http/hardenApp.js";
import { announcedRoute, type AnnouncedSource } from "../http/announcedRoute.js";
import { boardSource } from "./boardSource.js";
import type { DashboardConfig } from "./config.js";
import { relayIndexer, relayRpc } from "./relay.js";
import { boundPort } from "../http/boundPort.js";

export interface DashboardServerOptions {
  config: DashboardConfig;
  /** The built page (index.html and assets/), see {@link ensureDashboardAssets}. */
  distDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The manager's announced tasks (default: `GET /tasks` on the board at config.upstream.boardUrl); the embedded demo injects its in-process manager. */
  announced?: AnnouncedSource;
}

/**
 * The dashboard's app: the built page, `GET /config.json`, a read-only relay of the chain's
 * JSON-RPC at `POST /rpc` and of the indexer's API at `GET /indexer/*`, and the manager's
 * announced tasks at `GET /manager/tasks` (checked with their public schema), so the page needs no CORS.
 *
 * @example
 * const app = createDashboardApp({ config, distDir: "dashboard/dist" });
 */
export function createDashboardApp(opts: Pick<DashboardServerOptions, "config" | "distDir" | "announced">): Hono {
  const { config } = opts;
  const app = new Hono();
  // The page polls a few dozen requests every few seconds; the limit only stops a runaway client.
  hardenApp(app, { maxBodyBytes: 64_000, rateLimit: { perSecond: DEFAULT_RATE_LIMIT.perSecond * 2, burst: DEFAULT_RATE_LIMIT.burst * 2 } });
  app.get("/config.json", (c) => c.json(config, 200, { "cache-control": "no-store" }));
  app.post(config.rpcPath, (c) => relayRpc(c, config.upstream.rpcUrl));
  app.get(`${config.indexerPath}/*`, (c) => relayIndexer(c, config.upstream.indexerUrl, config.indexerPath));
  announcedRoute(app, `${config.managerPath}/tasks`, opts.announced ?? boardSource(config.upstream.boardUrl));
  // serveStatic resolves `root` against the working directory.
  app.use("/*", serveStatic({ root: relative(process.cwd(), opts.distDir) || "." }));
  return app;
}

/**
 * Serves {@link createDashboardApp} (loopback by default).
 *
 * @example
 * const { url, close } = await startDashboardServer({ config, distDir, port: 8700 });
 */
export async function startDashboardServer(opts: DashboardServerOptions): Promise<{ url: string; close(): Promise<void> }> {
  const app = createDashboardApp(opts);
  const hostname = opts.host ?? "127.0.0.1";
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname, port: opts.port ?? 8700 }, () => resolve(s));
    s.once("error", reject);
  });
  const port = boundPort(server);
  return {
    url: `http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
