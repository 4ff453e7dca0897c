// npm run demo -- [--tasks N] [--workers N] [--seed S] [--json]: the whole market in one process
// on Hardhat's in-process chain. The logic lives in agents/demo/runDemo.ts.
import { network } from "hardhat";
import { DEMO_USAGE, parseDemoArgs } from "../agents/demo/args.js";
import { UsageError } from "../agents/cli/flags.js";
import { renderSummary } from "../agents/demo/render.js";
import { runDemo } from "../agents/demo/runDemo.js";

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
const { viem, ignition, networkName, networkHelpers } = await network.create();
const summary = await runDemo(
  { viem, ignition: ignition as never, networkName, increaseTime: (s) => networkHelpers.time.increase(s) },
  args,
  (line) => console.error(line),
);
if (args.json) console.log(JSON.stringify(summary));
else console.error(renderSummary(summary));
