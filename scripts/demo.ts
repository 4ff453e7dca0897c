// npm run demo -- [--tasks N] [--workers N] [--seed S] [--json]: the whole market in one process
// on Hardhat's in-process chain. The logic lives in agents/demo/runDemo.ts.
import { network } from "hardhat";
import { DEMO_USAGE, parseDemoArgs } from "../agents/demo/args.js";
import { UsageError } from "../agents/cli/flags.js";
import { renderSummary } from "../agents/demo/render.js";
import { runDemo } from "../agents/demo/runDemo.js";
import { serveDemo, untilInterrupted } from "../agents/dashboard/serveDemo.js";

let args;
try {
  args = parseDemoArgs(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  console.error(`${err.shortMessage}\n\n${DEMO_USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(DEMO_USAGE);
  process.exit(0);
}
const { viem, ignition, networkName, networkHelpers, provider } = await network.create();
const print = (summary: Parameters<typeof renderSummary>[0]) => (args.json ? console.log(JSON.stringify(summary)) : console.error(renderSummary(summary)));
await runDemo(
  { viem, ignition, networkName, increaseTime: (s) => networkHelpers.time.increase(s) },
  args,
  (line) => console.error(line),
  async (summary, live) => {
    print(summary);
    if (!args.serve) return;
    // --serve: the market stays up until Ctrl-C (agents idle, chain and indexer readable).
    const servers = await serveDemo(live, provider, process.env, (line) => console.error(line));
    console.error(`\nDashboard: ${servers.dashboardUrl}   (Ctrl-C stops)`);
    await untilInterrupted();
    await servers.close();
  },
);
