import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { dropPostgresSchema } from "../indexer/db/postgres.js";
import type { ManagerJobResult } from "./managerJob.js";
import { knownProfiles } from "./roles.js";
import { freePort, HARDHAT_CLI, startChild, stopChild, TSX_CLI, tsxEntry, waitForLine, type Child } from "./processes.js";
import { hostOf, loopbackPlacement, type Placement } from "./placement.js";
import type { Host } from "./netns.js";
import { watchDashboard, type DashboardSeen } from "./watchDashboard.js";
import { createPublicClient, http, type Address } from "viem";
import { readDeployment } from "../deploy/deployment.js";
import { teamPayouts, type TeamPayout } from "./teamPayouts.js";

export interface MultiProcessOptions {
  tasks: number;
  workers: number;
  /** PostgreSQL for the indexer; the embedded database in a temporary folder otherwise. */
  databaseUrl?: string;
  /** Where the processes run (default: all on loopback); see placement.ts and netns.ts. */
  placement?: Placement;
  /** Every line every process prints, prefixed with its name. */
  onLine?: (name: string, line: string) => void;
  /** Also run `./run dashboard` as a process against the same configuration, and report what it served. */
  dashboard?: boolean;
  /** POLL_MS of every agent and the indexer (default 300: quick demo runs). */
  pollMs?: number;
  /** Tasks after `tasks` that each need skills no single worker holds (`./run manager --team-tasks`): only a team can win them. */
  teamTasks?: number;
  /** More flags for `./run manager` (e.g. `--concurrency 20`). */
  managerArgs?: string[];
  /** Hooks of a measurement (networkedBench.ts); none changes what runs. */
  probe?: MultiProcessProbe;
  /** More environment for every process (e.g. RPC_COUNTS_MS). */
  env?: Record<string, string>;
}

/** Where a measurement of the multi-process mode looks in. */
export interface MultiProcessProbe {
  /** The chain is up and the market deployed, no agent started yet. */
  afterDeploy?(ctx: { rpcUrl: string; deploymentsDir: string; databaseUrl?: string; schema: string }): Promise<void>;
  /** The manager found its workers and starts announcing (called from its output line). */
  onJobStart?(children: readonly Child[]): void;
  /** Every task settled and the workers' reviews are in the indexer; the processes still run. */
  afterJob?(ctx: { children: readonly Child[]; job: ManagerJobResult; indexerUrl: string }): Promise<void>;
}

export interface MultiProcessResult extends ManagerJobResult {
  processes: string[];
  /** Reviews the indexer holds about the workers when the run ends. */
  reviewsIndexed: number;
  /** Names on the checked cards the indexer lists at GET /agents: every process registered itself. */
  registered: string[];
  /** Every child process exited after being asked to stop. */
  cleanShutdown: boolean;
  /** The children that had to be SIGKILLed because they did not exit within the grace period of SIGTERM. */
  killed: string[];
  /** With `dashboard`: what the dashboard process served, read through it. */
  dashboard?: DashboardSeen;
  /** With `teamTasks`: every team wallet the deployment's factory made, and what each member was paid from it on chain. */
  teams?: TeamPayout[];
  /** The worker processes' names and wallets. */
  workerAddresses: Record<string, Address>;
}

/** Epoch length of the deployed anchor and of the indexer in this mode: quick epochs. */
const MULTI_EPOCH_SECONDS = "30";

/**
 * `npm run demo:multi`: the multi-process mode end to end. Starts `hardhat node`, deploys with
 * `npm run deploy`'s script, then the indexer, the manager, the arbiter and the workers, each its
 * own OS process serving its own A2A endpoint (found by the others through the identity registry);
 * runs the tasks; stops everything.
 */
export async function runMultiProcess(opts: MultiProcessOptions): Promise<MultiProcessResult> {
  const at = opts.placement ?? (await loopbackPlacement());
  const { rpc: rpcPort, board: boardPort, indexer: indexerPort } = at.ports;
  const work = await mkdtemp(path.join(tmpdir(), "agent-market-multi-"));
  const schema = `multi_${process.pid}_${Date.now()}`;
  // What a process on `host` is told: where the chain, the indexer and the manager's task board
  // are, from where it runs, and how to serve its own A2A endpoint: bound on its host, its card
  // naming the address the other agents' host dials (manager <-> workers). Each run keeps its own
  // deployment record, never the project's deployments/.
  const peerOf = (host: Host): Host => (host === "manager" ? "workers" : "manager");
  const envOn = (host: Host) => ({
    DEPLOYMENTS_DIR: path.join(work, "deployments"),
    RPC_URL: `http://${at.address(host, "chain")}:${rpcPort}`,
    BOARD_URL: `http://${at.address(host, "manager")}:${boardPort}`,
    BOARD_PORT: String(boardPort),
    BOARD_HOST: at.bindHost,
    INDEXER_URL: `http://${at.address(host, "chain")}:${indexerPort}`,
    A2A_HOST: at.bindHost,
    A2A_ADVERTISE: at.address(peerOf(host), host),
    POLL_MS: String(opts.pollMs ?? 300),
    ...opts.env,
  });
  const indexerUrl = envOn("chain").INDEXER_URL;
  const children: Child[] = [];
  const start = (name: string, args: string[], env: Record<string, string> = {}, onLine?: (line: string) => void) => {
    const host = hostOf(name);
    const lines = onLine || opts.onLine ? (n: string, line: string) => (onLine?.(line), opts.onLine?.(n, line)) : undefined;
    const c = startChild(name, args, { ...envOn(host), ...env }, lines, at.wrap(host));
    children.push(c);
    return c;
  };
  let result: Omit<MultiProcessResult, "cleanShutdown" | "killed">;
  try {
    const node = start("node", [HARDHAT_CLI, "node", "--port", String(rpcPort), "--hostname", at.bindHost]);
    await waitForLine(node, /Started HTTP and WebSocket JSON-RPC server/, 60_000);

    // Quick epochs; the contract's epoch length is fixed at deployment and the indexer checks it matches.
    const deploy = start("deploy", [HARDHAT_CLI, "run", "scripts/deploy.ts", "--network", "localhost"], { EPOCH_SECONDS: MULTI_EPOCH_SECONDS });
    if ((await deploy.exited) !== 0) throw new Error(`deploy failed:\n${deploy.lines.slice(-20).join("\n")}`);
    const base = envOn("chain");
    await opts.probe?.afterDeploy?.({ rpcUrl: base.RPC_URL, deploymentsDir: base.DEPLOYMENTS_DIR, schema, ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}) });

    const indexer = start("indexer", [TSX_CLI, "scripts/indexer.ts"], {
      PORT: String(indexerPort),
      HOST: at.bindHost,
      EPOCH_SECONDS: MULTI_EPOCH_SECONDS,
      // A dev node mines only when there are transactions: waiting for confirmations would stall.
      CONFIRMATIONS: "0",
      // A fresh schema per run: a dev chain restarts from block 0, so an old cursor would not fit it.
      ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl, DB_SCHEMA: schema } : { DATA_DIR: path.join(work, "indexer") }),
    });
    await waitForLine(indexer, /indexer listening/, 60_000);
    // The dashboard reads the same variables as the agents (it builds the page first if it is stale).
    const dashboardUrl = opts.dashboard
      ? (await waitForLine(start("dashboard", [TSX_CLI, "scripts/dashboard.ts"], { DASHBOARD_PORT: String(await freePort()) }), /^dashboard: http/, 240_000)).split(/\s+/)[1]!
      : undefined;

    // In the README's order, and none waits for another: each agent serves its own A2A endpoint
    // and finds the others in the registry when it first sends to them.
    // AGENT_CPU_PROF_DIR: each agent process writes a V8 CPU profile there when it stops.
    const prof = process.env.AGENT_CPU_PROF_DIR;
    start("arbiter", tsxEntry("scripts/arbiter.ts", [], prof));
    const profiles = knownProfiles(1).slice(0, opts.workers);
    for (const p of profiles) start(p.profile.agentId, tsxEntry("scripts/worker.ts", ["--profile", p.profile.agentId], prof));
    const onJobStart = opts.probe?.onJobStart;
    const manager = start("manager", tsxEntry("scripts/manager.ts", ["--tasks", String(opts.tasks), "--workers", String(opts.workers), ...(opts.teamTasks ? ["--team-tasks", String(opts.teamTasks)] : []), ...(opts.managerArgs ?? [])], prof), {}, onJobStart && ((line) => void (line.startsWith("workers in the registry") && onJobStart(children))));

    const watching = dashboardUrl ? watchDashboard(dashboardUrl, manager.exited) : undefined;
    const code = await manager.exited;
    const dashboard = await watching;
    const last = [...manager.lines].reverse().find((l) => l.startsWith("{"));
    if (!last) throw new Error(`manager printed no result (exit ${code}):\n${manager.lines.slice(-20).join("\n")}`);
    const job = JSON.parse(last) as ManagerJobResult;

    // Reviews travel after settlement and are retried while the indexer has not yet ingested the
    // settlement (UNKNOWN_TASK / TASK_NOT_SETTLED, backoff to 4 s): wait up to 60 s, leaving early.
    let reviewsIndexed = 0;
    for (let i = 0; i < 240; i++) {
      reviewsIndexed = 0;
      for (const p of profiles) {
        const rep = (await at.getJson("chain", `${indexerUrl}/agents/${p.address}/reputation`)) as { count?: number } | undefined;
        reviewsIndexed += rep?.count ?? 0;
      }
      if (reviewsIndexed >= job.settled) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    await opts.probe?.afterJob?.({ children, job, indexerUrl });
    // Each process registered in the identity registry at start-up; the indexer mirrors it.
    let registered: string[] = [];
    for (let i = 0; i < 40 && registered.length < profiles.length + 2; i++) {
      const list = (await at.getJson("chain", `${indexerUrl}/agents`)) as { agents?: { name: string | null }[] } | undefined;
      if (list?.agents) registered = list.agents.map((a) => a.name ?? "");
      if (registered.length < profiles.length + 2) await new Promise((r) => setTimeout(r, 250));
    }
    // What each team's members were paid, read from the chain's events (the lead distributes after the release).
    let teams: TeamPayout[] | undefined;
    if (opts.teamTasks) {
      const publicClient = createPublicClient({ transport: http(base.RPC_URL) });
      const d = await readDeployment(await publicClient.getChainId(), base.DEPLOYMENTS_DIR);
      if (d.teamFactory) teams = await teamPayouts(publicClient, { factory: d.teamFactory.address, token: d.token.address, fromBlock: BigInt(d.teamFactory.block), timeoutMs: 30_000 });
    }
    const workerAddresses = Object.fromEntries(profiles.map((p) => [p.profile.agentId, p.address]));
    result = { ...job, processes: children.map((c) => c.name), reviewsIndexed, registered, workerAddresses, ...(dashboard ? { dashboard } : {}), ...(teams ? { teams } : {}) };
  } finally {
    for (const c of [...children].reverse()) await stopChild(c);
    await rm(work, { recursive: true, force: true });
    if (opts.databaseUrl) await dropPostgresSchema(opts.databaseUrl, schema);
  }
  const killed = children.filter((c) => c.proc.signalCode === "SIGKILL").map((c) => c.name);
  return { ...result, cleanShutdown: killed.length === 0, killed };
}
