import type { LiveDemo } from "../demo/summary.js";
import { startIndexerServer } from "../indexer/server.js";
import { parseDashboardEnv } from "./config.js";
import { serveChain, type Eip1193Provider } from "./serveChain.js";
import { startDashboard } from "./startDashboard.js";

export interface DemoServers {
  chainUrl: string;
  indexerUrl: string;
  dashboardUrl: string;
  close(): Promise<void>;
}

/**
 * Keeps the embedded demo's market visible: its chain over HTTP JSON-RPC and its indexer's API,
 * both on loopback (free ports), and the dashboard pointed at them (DASHBOARD_PORT, default 8700),
 * with the in-process manager as the source of announced tasks (the demo's board has no HTTP).
 * `relayIndexer` lets a test put its own proxy between dashboard and indexer.
 *
 * @example
 * await runDemo(conn, args, log, async (_s, live) => { const s = await serveDemo(live, provider, process.env, log); await untilInterrupted(); await s.close(); });
 */
export async function serveDemo(
  live: LiveDemo,
  provider: Eip1193Provider,
  env: Record<string, string | undefined>,
  log: (line: string) => void,
  relayIndexer?: (indexerUrl: string) => Promise<{ url: string; close(): Promise<void> }>,
): Promise<DemoServers> {
  // The registrations happened before the tasks: bring the indexer's copy of the registry up to date.
  await live.market.indexer!.syncRegistry();
  const chain = await serveChain(provider);
  const indexer = await startIndexerServer(live.market.indexer!, { port: 0 });
  const relay = relayIndexer ? await relayIndexer(indexer.url) : undefined;
  const indexerUrl = relay?.url ?? indexer.url;
  const dashEnv = parseDashboardEnv({ ...env, RPC_URL: chain.url, INDEXER_URL: indexerUrl });
  const dashboard = await startDashboard(dashEnv, log, {
    chainId: live.chainId,
    escrow: live.contracts.escrow,
    escrowBlock: live.blocks.escrow.toString(),
    anchor: live.contracts.anchor,
    anchorBlock: live.blocks.anchor.toString(),
    rpcPath: "/rpc",
    indexerPath: "/indexer",
    managerPath: "/manager",
    upstream: { rpcUrl: chain.url, indexerUrl, boardUrl: "in-process (the demo's manager)" },
  }, () => ({ manager: live.market.manager.address, tasks: live.market.manager.announced() }));
  log(`chain JSON-RPC: ${chain.url}  indexer: ${indexer.url}`);
  return {
    chainUrl: chain.url,
    indexerUrl,
    dashboardUrl: dashboard.url,
    async close() {
      await dashboard.close();
      await relay?.close();
      await indexer.close();
      await chain.close();
    },
  };
}

/** Resolves on the first SIGINT or SIGTERM (Ctrl-C). */
export function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
}
