import { z } from "zod";
import { parseFlags } from "../cli/flags.js";

export const DemoArgs = z.strictObject({
  /** Tasks to run; at least 6 so that every settlement path can be shown once. */
  tasks: z.coerce.number().int().min(6).max(500).default(24),
  /** Worker agents; Hardhat's 20 accounts leave room for 4 roles + 16 workers. */
  workers: z.coerce.number().int().min(4).max(16).default(5),
  seed: z.coerce.number().int().nonnegative().default(1),
  json: z.boolean().default(false),
  /** Keep the market up after the run and serve chain, indexer and dashboard on loopback. */
  serve: z.boolean().default(false),
  help: z.boolean().default(false),
});
export type DemoArgs = z.infer<typeof DemoArgs>;

export const DEMO_USAGE = `usage: npm run demo -- [--tasks N] [--workers N] [--seed S] [--json] [--serve] [--help]

Runs a whole agent market in one process on Hardhat's in-process chain: deploys the contracts
with the Ignition modules in deploy/, starts a manager, N workers, an arbiter and the reputation
indexer, runs the tasks so that every settlement path happens, anchors the review epochs and
verifies one review's Merkle proof in TypeScript and on-chain.

  --tasks N     tasks to run (default 24, at least 6)
  --workers N   worker agents (default 5, 4 to 16)
  --seed S      seed of the simulated workers and of the task plan (default 1)
  --json        print one JSON summary object on stdout (progress goes to stderr)
  --serve       keep the market up afterwards: the chain's JSON-RPC and the indexer on loopback,
                and the dashboard on DASHBOARD_PORT (8700); prints its URL; Ctrl-C stops
  --help        this text

With ANTHROPIC_API_KEY set, bids, work and judging run on Claude (model: ANTHROPIC_MODEL,
default claude-sonnet-4-6); without it, deterministic simulated agents with hidden skill do.`;

/**
 * Parses the demo's flags; unknown flags and bad values are a {@link UsageError} that names them.
 *
 * @example parseDemoArgs(["--tasks", "30", "--json"]) // { tasks: 30, workers: 5, seed: 1, json: true, serve: false, help: false }
 */
export function parseDemoArgs(argv: readonly string[]): DemoArgs {
  return parseFlags(argv, DemoArgs, ["json", "help", "serve"]);
}
