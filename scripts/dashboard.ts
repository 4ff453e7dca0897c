// npm run dashboard: serves the browser dashboard on DASHBOARD_PORT (8700, loopback), pointed at
// RPC_URL and INDEXER_URL with the contracts of DEPLOYMENTS_DIR / ESCROW_ADDRESS / ANCHOR_ADDRESS.
// Builds the page first if it is missing or stale. Logic in agents/dashboard.
import { parseDashboardEnv } from "../agents/dashboard/config.js";
import { startDashboard } from "../agents/dashboard/startDashboard.js";

const env = parseDashboardEnv(process.env);
const server = await startDashboard(env, (line) => console.log(line));
const stop = () => void server.close().then(() => process.exit(0));
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
