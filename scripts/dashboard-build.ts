// npm run dashboard:build: builds the dashboard page with Vite into dashboard/dist and prints its
// size (JavaScript gzipped, the figure the README reports). Logic in agents/dashboard/assets.ts.
import { buildDashboardAssets, formatSize } from "../agents/dashboard/assets.js";

const report = await buildDashboardAssets();
console.log(`dashboard built in dashboard/dist: ${formatSize(report)}`);
