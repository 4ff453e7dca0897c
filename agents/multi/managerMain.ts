import { getAddress, type Hex } from "viem";
import { z } from "zod";
import { parseFlags } from "../cli/flags.js";
import { createEscrowClient } from "../chain/escrow.js";
import { readDeployment } from "../deploy/deployment.js";
import type { Manager } from "../manager/Manager.js";
import { runManagerJob, type ManagerJobResult } from "./managerJob.js";
import { IndexerClient } from "../indexer/client.js";
import { indexerDirectory } from "../registry/directory.js";
import { waitForWorkers, workerSkills } from "./waitForWorkers.js";
import { MAX_PROFILES } from "./roles.js";
import { startRole } from "./startRole.js";
import { topUpDemoToken } from "./demoFunds.js";
import { teamSkillSets } from "../market/teamSkillSets.js";
import { UserInputError } from "../errors.js";

export const ManagerFlags = z.strictObject({
  tasks: z.coerce.number().int().min(0).max(1_000).default(5),
  /** More tasks after those, each needing skills no single registered worker holds: only a team can do them. */
  "team-tasks": z.coerce.number().int().min(0).max(100).default(0),
  workers: z.coerce.number().int().min(1).max(MAX_PROFILES).default(5),
  /** Tasks open at once (announced and not yet settled). */
  concurrency: z.coerce.number().int().min(1).max(1_000).default(1),
  /** How long a task takes bids (it closes earlier once every worker asked has bid); the manager's default otherwise. */
  "bid-window-ms": z.coerce.number().int().positive().max(600_000).optional(),
  "timeout-ms": z.coerce.number().int().positive().default(60_000),
  /** How long to wait for `--workers` registered workers before starting with those there are. */
  "wait-ms": z.coerce.number().int().positive().default(180_000),
});

/**
 * `npm run manager -- --tasks N`: starts the manager and its HTTP board, tops itself up with the
 * local demo token if that is the payment token, runs N tasks to settlement, then stops.
 */
export async function managerMain(argv: readonly string[], env: Record<string, string | undefined>, log: (line: string) => void): Promise<ManagerJobResult> {
  const flags = parseFlags(argv, ManagerFlags);
  const { running, clients, chainId, settings, agentId } = await startRole("manager", [], env, flags["bid-window-ms"] ? { bidWindowMs: flags["bid-window-ms"] } : {});
  try {
    const d = await readDeployment(chainId);
    const { publicClient, walletClient } = clients;
    const me = walletClient.account!.address;
    if (d.demoToken) await topUpDemoToken(clients, d.token.address, d.escrow.address, 1_000_000_000n);
    log(`manager ${me} on chain ${chainId}, agent #${agentId}, A2A ${running.a2aUrl}, task board ${running.boardUrl}`);
    // No roster: wait until the registry, as the indexer mirrors it, lists `--workers` workers.
    // A message to a worker whose endpoint is not up yet (or restarting) is retried with backoff.
    const workers = await waitForWorkers(indexerDirectory(new IndexerClient(settings.INDEXER_URL)), { count: flags.workers, timeoutMs: flags["wait-ms"] });
    log(`workers in the registry: ${workers.map((w) => `${w.name} #${w.agentId}`).join(", ")}`);
    const escrow = createEscrowClient({ publicClient, walletClient, address: d.escrow.address, fromBlock: BigInt(d.escrow.block) });
    const skills = workerSkills(workers);
    // Three skills (else two) that no registered worker holds in full but the workers do together.
    const held = workers.map((w) => w.skills.filter((x) => skills.includes(x)));
    const teamSkills = flags["team-tasks"] === 0 ? [] : teamSkillSets(held, 3).length > 0 ? teamSkillSets(held, 3) : teamSkillSets(held, 2);
    if (flags["team-tasks"] > 0 && (!d.teamFactory || teamSkills.length === 0))
      throw new UserInputError(d.teamFactory ? "no skill set needs a team: some worker holds every combination of the registered skills" : "the deployment has no TeamAccountFactory: redeploy", {
        code: "NO_TEAM_TASK",
        details: { workers: workers.map((w) => ({ name: w.name, skills: w.skills })) },
      });
    const cpu0 = process.cpuUsage();
    const job = await runManagerJob(
      {
        manager: running.agent as Manager,
        // The manager process is every task's client.
        getTask: (id: Hex) => escrow.getTask({ client: getAddress(walletClient.account!.address), taskId: id }),
        now: async () => (await publicClient.getBlock()).timestamp,
        token: d.token.address,
        arbiter: d.arbiter,
        skills,
        teamSkills,
        log,
      },
      { tasks: flags.tasks, teamTasks: flags["team-tasks"], seed: settings.SEED, concurrency: flags.concurrency, timeoutMs: flags["timeout-ms"] },
    );
    const cpu = process.cpuUsage(cpu0);
    return { ...job, cpuMs: Math.round((cpu.user + cpu.system) / 1_000) };
  } finally {
    await running.stop();
  }
}
