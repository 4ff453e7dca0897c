// npm run worker -- --profile <ada|bo|cy|dee|eve|w5..> [--seed S]: one worker agent process that
// serves its own A2A endpoint (A2A_HOST, A2A_PORT), registered on its card, and posts reviews to INDEXER_URL.
import { startRole } from "../agents/multi/startRole.js";
import { exitOnSignal } from "../agents/cli/exitOnSignal.js";

const { running, agentId } = await startRole("worker", process.argv.slice(2), process.env);
console.log(JSON.stringify({ role: "worker", address: running.address, agentId: agentId.toString(), a2a: running.a2aUrl }));
exitOnSignal(() => running.stop());
