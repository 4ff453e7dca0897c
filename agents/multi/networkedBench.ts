import os from "node:os";
import pg from "pg";
import { getAddress } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { z } from "zod";
import { warmChainOnlyLifecycles, type ChainOnlyRates } from "../chain/chainOnlyLifecycles.js";
import { DEV_CHAIN_ID, DEV_MNEMONIC, DEV_ROLES } from "../deploy/devAccounts.js";
import { readDeployment } from "../deploy/deployment.js";
import { agentClients } from "./clients.js";
import { topUpDemoToken } from "./demoFunds.js";
import { processCpuMs, type Child } from "./processes.js";
import { runMultiProcess } from "./runMultiProcess.js";
import { pgBackendSampler } from "../cli/pgBackendSampler.js";
import { cpuComponent } from "./cpuSampling.js";
import { profileWindow } from "./profileWindow.js";
import { rpcCountsBy, rpcMethods, rpcSnapshot } from "./rpcCounts.js";
import { addressKey } from "../protocol/codecs.js";

/** `endToEnd.networked`: the multi-process mode's throughput against the bare chain's, in one run. */
export const NetworkedEndToEnd = z.object({
  tasks: z.number().int(),
  settled: z.number().int(),
  workers: z.number().int(),
  /** Tasks the manager keeps open at once. */
  concurrency: z.number().int(),
  /** How often every agent and the indexer poll the chain (POLL_MS). */
  pollMs: z.number().int(),
  database: z.enum(["postgres", "pglite"]),
  /** From the first announcement until every settled task's two reviews are in the indexer. */
  seconds: z.number(),
  tasksPerSecond: z.number(),
  /** Chain-only lifecycles per second of the warm node (a second pass of `tasks`). */
  chainOnlyLifecyclesPerSecond: z.number(),
  /** The first pass, which warmed the node up: not the baseline. */
  chainOnlyWarmUpLifecyclesPerSecond: z.number(),
  ratio: z.number(),
  /** CPU (user + system, /proc) per settled task of each component during `seconds`. */
  cpuMsPerTask: z.record(z.string(), z.number()),
  /** The component that spent the most CPU per task. */
  limitedBy: z.string(),
  /**
   * CPU per second of each component still running after the tasks, with nothing to do (measured
   * for `idleSeconds` once every review is in): the price of polling the chain, paid whatever the
   * task rate. The manager has exited by then and is not in it.
   */
  idleCpuMsPerSecond: z.record(z.string(), z.number()),
  /** JSON-RPC calls the hardhat node logged per settled task during `seconds`, by method, and per second while idle. */
  rpcCallsPerTask: z.record(z.string(), z.number()),
  idleRpcCallsPerSecond: z.record(z.string(), z.number()),
  /** The same, as each agent process counted its own calls (RPC_COUNTS_MS), by component; an eth_call by contract. The rest of the node's calls are the indexer's. */
  rpcCallsPerTaskBy: z.record(z.string(), z.record(z.string(), z.number())),
  idleRpcCallsPerSecondBy: z.record(z.string(), z.record(z.string(), z.number())),
  /** 1-minute load average of the machine when the tasks started and when they ended. */
  loadAverage: z.tuple([z.number(), z.number()]),
  cores: z.number().int(),
});
export type NetworkedEndToEnd = z.infer<typeof NetworkedEndToEnd>;

// Development accounts the agents of runMultiProcess never use (workers take 4 onwards, at most 14 here).
const CHAIN_ONLY_CLIENT = 18;
const CHAIN_ONLY_WORKER = 19;
const IDLE_SECONDS = 5;
// How often each agent process reports its JSON-RPC calls: the per-component counts are exact to this interval.
const RPC_COUNTS_MS = 250;
const round = (x: number, digits = 2): number => Number(x.toFixed(digits));
const load1 = (): number => round(os.loadavg()[0]!);

/**
 * Runs the multi-process mode (`hardhat node`, deploy, indexer, arbiter, `workers` workers and the
 * manager, each its own OS process, agents on A2A) and measures it: first `tasks` chain-only
 * lifecycles (fund + submit + release through viem, no agents) against the same node right after
 * the deployment, timed after as many untimed ones that warm the node up; then `tasks` tasks end
 * to end, `concurrency` open at a time. CPU per component is read from /proc for every process
 * (and every PostgreSQL backend of the indexer) from the moment the manager starts announcing
 * until both reviews of every settled task are indexed.
 *
 * @example
 * const row = await benchNetworked({ tasks: 100, workers: 5, concurrency: 20, databaseUrl: process.env.DATABASE_URL });
 */
export async function benchNetworked(o: {
  tasks: number;
  workers: number;
  concurrency: number;
  pollMs?: number;
  databaseUrl?: string;
  log?: (line: string) => void;
}): Promise<NetworkedEndToEnd> {
  const log = o.log ?? (() => {});
  // The agents' own default (AgentEnv POLL_MS): polling is most of what an idle agent costs.
  const pollMs = o.pollMs ?? 1_000;
  if (o.workers > CHAIN_ONLY_CLIENT - DEV_ROLES.firstWorker) throw new RangeError(`at most ${CHAIN_ONLY_CLIENT - DEV_ROLES.firstWorker} workers beside the chain-only accounts`);
  // The indexer's PostgreSQL sessions carry this name, so their backends can be found and timed.
  const appName = `e2e_networked_${process.pid}`;
  const databaseUrl = o.databaseUrl ? `${o.databaseUrl}${o.databaseUrl.includes("?") ? "&" : "?"}application_name=${appName}` : undefined;
  const manager = getAddress(mnemonicToAccount(DEV_MNEMONIC, { addressIndex: DEV_ROLES.manager }).address);
  let chainOnly: ChainOnlyRates = { lifecyclesPerSecond: 0, warmUpLifecyclesPerSecond: 0 };
  const before = new Map<string, number>();
  const spent = new Map<string, number>();
  const idle = new Map<string, number>();
  const rpc = { jobStart: 0, jobEnd: 0, idleEnd: 0, lines: [] as readonly string[] };
  // Each agent process's own count of its calls, at the start and end of the tasks and of the idle window.
  const agentRpc = { start: new Map(), end: new Map(), idleEnd: new Map(), names: {} as Record<string, string> };
  const pgBackends = o.databaseUrl ? pgBackendSampler(new pg.Client({ connectionString: o.databaseUrl }), appName) : undefined;
  let loadStart = 0;
  let endedAt = 0;
  const window = profileWindow();
  const cpuOf = (children: readonly Child[]) => children.filter((c) => c.proc.exitCode === null).map((c) => [c.name, processCpuMs(c.proc.pid)] as const);
  try {
    const r = await runMultiProcess({
      tasks: o.tasks,
      workers: o.workers,
      pollMs,
      ...(databaseUrl ? { databaseUrl } : {}),
      managerArgs: ["--concurrency", String(o.concurrency), "--timeout-ms", "600000", "--bid-window-ms", "10000"],
      env: { RPC_COUNTS_MS: String(RPC_COUNTS_MS) },
      probe: {
        async afterDeploy({ rpcUrl, deploymentsDir }) {
          const d = await readDeployment(DEV_CHAIN_ID, deploymentsDir);
          agentRpc.names = Object.fromEntries(
            (["escrow", "anchor", "token", "registry"] as const).flatMap((k) => (d[k] ? [[addressKey(d[k].address), k]] : [])),
          );
          const client = await agentClients({ RPC_URL: rpcUrl }, CHAIN_ONLY_CLIENT);
          const worker = await agentClients({ RPC_URL: rpcUrl }, CHAIN_ONLY_WORKER);
          await topUpDemoToken(client, d.token.address, d.escrow.address, 10n ** 12n);
          log(`networked: chain-only, ${o.tasks} lifecycles to warm the hardhat node up, then ${o.tasks} timed`);
          chainOnly = await warmChainOnlyLifecycles({ ...client, client: client.walletClient, worker: worker.walletClient, arbiter: d.arbiter, escrow: d.escrow.address, token: d.token.address, tasks: o.tasks });
          log(`networked: ${round(chainOnly.lifecyclesPerSecond)} chain-only lifecycles/s (warm-up pass ${round(chainOnly.warmUpLifecyclesPerSecond)}/s); starting the agents`);
        },
        onJobStart(children) {
          loadStart = load1();
          window.start();
          rpc.lines = children.find((c) => c.name === "node")?.lines ?? [];
          rpc.jobStart = rpc.lines.length;
          agentRpc.start = rpcSnapshot(children);
          for (const [name, ms] of cpuOf(children)) if (ms !== null) before.set(name, ms);
          pgBackends?.start();
        },
        async afterJob({ children, job, indexerUrl }) {
          // runMultiProcess waited for the clients' reviews of the workers; wait for the workers' reviews of the manager too.
          for (let i = 0; i < 240; i++) {
            const rep = (await fetch(`${indexerUrl}/agents/${manager}/reputation`).then((res) => res.json(), () => ({}))) as { count?: number };
            if ((rep.count ?? 0) >= job.settled) break;
            await new Promise((res) => setTimeout(res, 250));
          }
          endedAt = Date.now();
          window.end();
          const atEnd = cpuOf(children);
          rpc.jobEnd = rpc.lines.length;
          agentRpc.end = rpcSnapshot(children);
          for (const [name, ms] of atEnd) if (ms !== null && before.has(name)) spent.set(name, ms - before.get(name)!);
          const pgAtEnd = pgBackends?.cpuMs() ?? 0;
          await new Promise((res) => setTimeout(res, IDLE_SECONDS * 1_000));
          const after = new Map(cpuOf(children));
          rpc.idleEnd = rpc.lines.length;
          agentRpc.idleEnd = rpcSnapshot(children);
          for (const [name, ms] of atEnd) if (ms !== null && after.get(name) != null) idle.set(name, after.get(name)! - ms);
          await pgBackends?.stop();
          if (pgBackends) idle.set("postgres", pgBackends.cpuMs() - pgAtEnd);
          spent.set("postgres", pgAtEnd);
        },
      },
      onLine: (name, line) => void (name === "manager" && log(`manager | ${line}`)),
    });
    if (!endedAt) throw new Error("networked: the run ended before its tasks were measured");
    await window.save(process.env.AGENT_CPU_PROF_DIR, r.settled);
    const seconds = (endedAt - r.startedAt) / 1000;
    const tasksPerSecond = r.settled / seconds;
    const cpu: Record<string, number> = {};
    const idleCpu: Record<string, number> = {};
    for (const [name, ms] of spent) if (name !== "postgres" || pgBackends) cpu[cpuComponent(name)] = (cpu[cpuComponent(name)] ?? 0) + ms;
    for (const [name, ms] of idle) idleCpu[cpuComponent(name)] = round((idleCpu[cpuComponent(name)] ?? 0) + ms / IDLE_SECONDS, 1);
    if (r.cpuMs !== undefined) cpu.manager = r.cpuMs;
    const cpuMsPerTask = Object.fromEntries(Object.entries(cpu).map(([k, ms]) => [k, round(ms / Math.max(1, r.settled), 1)]));
    const limitedBy = Object.entries(cpuMsPerTask).sort((a, b) => b[1] - a[1])[0]?.[0] ?? "unknown";
    return NetworkedEndToEnd.parse({
      tasks: o.tasks,
      settled: r.settled,
      workers: o.workers,
      concurrency: o.concurrency,
      pollMs,
      database: o.databaseUrl ? "postgres" : "pglite",
      seconds: round(seconds),
      tasksPerSecond: round(tasksPerSecond),
      chainOnlyLifecyclesPerSecond: round(chainOnly.lifecyclesPerSecond),
      chainOnlyWarmUpLifecyclesPerSecond: round(chainOnly.warmUpLifecyclesPerSecond),
      ratio: round(tasksPerSecond / chainOnly.lifecyclesPerSecond, 3),
      cpuMsPerTask,
      limitedBy,
      idleCpuMsPerSecond: idleCpu,
      rpcCallsPerTask: rpcMethods(rpc.lines.slice(rpc.jobStart, rpc.jobEnd), Math.max(1, r.settled)),
      idleRpcCallsPerSecond: rpcMethods(rpc.lines.slice(rpc.jobEnd, rpc.idleEnd), IDLE_SECONDS),
      rpcCallsPerTaskBy: rpcCountsBy(agentRpc.start, agentRpc.end, Math.max(1, r.settled), agentRpc.names),
      idleRpcCallsPerSecondBy: rpcCountsBy(agentRpc.end, agentRpc.idleEnd, IDLE_SECONDS, agentRpc.names),
      loadAverage: [loadStart, load1()],
      cores: os.cpus().length,
    });
  } finally {
    await pgBackends?.stop();
  }
}
