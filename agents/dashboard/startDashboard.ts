import type { AnnouncedSource } from "../http/announcedRoute.js";
import { ensureDashboardAssets, formatSize } from "./assets.js";
import { resolveDashboardConfig, type DashboardConfig, type DashboardEnv } from "./config.js";
import { startDashboardServer } from "./server.js";
import { DIST_DIR } from "./viteConfig.js";

/**
 * Builds the page if it is missing or stale, resolves the contracts, and serves the dashboard.
 * `config` skips the resolution (the embedded demo knows its contracts); `announced` replaces
 * the board at BOARD_URL as the source of announced tasks (the demo's manager is in-process).
 *
 * @example
 * const { url, close } = await startDashboard(parseDashboardEnv(process.env), console.log);
 */
export async function startDashboard(
  env: DashboardEnv,
  log: (line: string) => void,
  config?: DashboardConfig,
  announced?: AnnouncedSource,
): Promise<{ url: string; config: DashboardConfig; close(): Promise<void> }> {
  const { report, built } = await ensureDashboardAssets();
  log(`${built ? "built the page" : "page is up to date"}: ${formatSize(report)}`);
  const resolved = config ?? (await resolveDashboardConfig(env));
  const server = await startDashboardServer({ config: resolved, distDir: DIST_DIR, host: env.DASHBOARD_HOST, port: env.DASHBOARD_PORT, ...(announced ? { announced } : {}) });
  log(`dashboard: ${server.url}  (chain ${resolved.chainId} at ${env.RPC_URL}, indexer at ${env.INDEXER_URL}, manager at ${resolved.upstream.boardUrl}, all relayed read-only)`);
  return { ...server, config: resolved };
}
