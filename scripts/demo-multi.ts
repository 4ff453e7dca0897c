// npm run demo:multi -- [--tasks N] [--team-tasks T] [--workers N] [--dashboard]: the multi-process mode end to end:
// hardhat node, deploy, indexer, (the dashboard,) arbiter, workers and manager as separate OS processes on loopback.
// DATABASE_URL puts the indexer on PostgreSQL. Logic: agents/multi/runMultiProcess.ts.
import { z } from "zod";
import { parseFlags } from "../agents/cli/flags.js";
import { runMultiProcess } from "../agents/multi/runMultiProcess.js";

const flags = parseFlags(
  process.argv.slice(2),
  z.strictObject({ tasks: z.coerce.number().int().min(0).max(200).default(6), "team-tasks": z.coerce.number().int().min(0).max(20).default(0), workers: z.coerce.number().int().min(1).max(16).default(4), quiet: z.boolean().default(false), dashboard: z.boolean().default(false) }),
  ["quiet", "dashboard"],
);
const result = await runMultiProcess({
  tasks: flags.tasks,
  teamTasks: flags["team-tasks"],
  workers: flags.workers,
  dashboard: flags.dashboard,
  ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
  // The chain node logs every call; the agents and the indexer say what matters.
  onLine: flags.quiet ? undefined : (name, line) => void (name !== "node" && console.error(`${name.padEnd(8)} | ${line}`)),
});
console.log(JSON.stringify(result));
process.exit(result.settled === result.tasks && result.cleanShutdown ? 0 : 1);
