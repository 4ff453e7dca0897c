// npm run arbiter -- [--silent]: the arbiter agent process; --silent never rules, so the
// escrow's fallback split applies after the ruling window.
import { startRole } from "../agents/multi/startRole.js";
import { exitOnSignal } from "../agents/cli/exitOnSignal.js";

const { running, agentId } = await startRole("arbiter", process.argv.slice(2), process.env);
console.log(JSON.stringify({ role: "arbiter", address: running.address, agentId: agentId.toString(), a2a: running.a2aUrl }));
exitOnSignal(() => running.stop());
