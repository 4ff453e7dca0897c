import { z } from "zod";
import { UserInputError } from "../errors.js";

export const DemoArgs = z.strictObject({
  /** Tasks to run; at least 6 so that every settlement path can be shown once. */
  tasks: z.coerce.number().int().min(6).max(500).default(24),
  /** Worker agents; Hardhat's 20 accounts leave room for 4 roles + 16 workers. */
  workers: z.coerce.number().int().min(4).max(16).default(5),
  seed: z.coerce.number().int().nonnegative().default(1),
  json: z.boolean().default(false),
  help: z.boolean().default(false),
});
export type DemoArgs = z.infer<typeof DemoArgs>;

export class DemoUsageError extends UserInputError {
  override name = "DemoUsageError";
}

export const DEMO_USAGE = `usage: npm run demo -- [--tasks N] [--workers N] [--seed S] [--json] [--help]

Runs a whole agent market in one process on Hardhat's in-process chain: deploys the contracts
with the Ignition modules in deploy/, starts a manager, N workers, an arbiter and the reputation
indexer, runs the tasks so that every settlement path happens, anchors the review epochs and
verifies one review's Merkle proof in TypeScript and on-chain.

  --tasks N     tasks to run (default 24, at least 6)
  --workers N   worker agents (default 5, 4 to 16)
  --seed S      seed of the simulated workers and of the task plan (default 1)
  --json        print one JSON summary object on stdout (progress goes to stderr)
  --help        this text

With ANTHROPIC_API_KEY set, bids, work and judging run on Claude (model: ANTHROPIC_MODEL,
default claude-sonnet-4-6); without it, deterministic simulated agents with hidden skill do.`;

/**
 * Parses `--tasks 30 --seed=2 --json` style flags; unknown flags and bad values are a
 * {@link DemoUsageError} that names them.
 *
 * @example parseDemoArgs(["--tasks", "30", "--json"]) // { tasks: 30, workers: 5, seed: 1, json: true, help: false }
 */
export function parseDemoArgs(argv: readonly string[]): DemoArgs {
  const raw: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--([a-z]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new DemoUsageError(`unexpected argument ${JSON.stringify(arg)}`, { code: "DEMO_BAD_ARGS", details: { arg } });
    const [, key, inline] = m as unknown as [string, string, string | undefined];
    if (key === "json" || key === "help") raw[key] = true;
    else if (inline !== undefined) raw[key] = inline;
    else if (i + 1 < argv.length) raw[key] = argv[++i]!;
    else throw new DemoUsageError(`--${key} needs a value`, { code: "DEMO_BAD_ARGS", details: { flag: key } });
  }
  const parsed = DemoArgs.safeParse(raw);
  if (!parsed.success) {
    throw new DemoUsageError(`bad demo arguments: ${parsed.error.issues.map((i) => `--${i.path.join(".") || "?"}: ${i.message}`).join("; ")}`, {
      code: "DEMO_BAD_ARGS",
      details: { issues: z.prettifyError(parsed.error) },
    });
  }
  return parsed.data;
}
