import type { HardhatViemHelpers } from "@nomicfoundation/hardhat-viem/types";
import { getAddress, type Address, type Hex, type PublicClient } from "viem";
import { createEscrowClient } from "../chain/escrow.js";
import { deployMarket, type IgnitionConnection } from "../deploy/deployMarket.js";
import { deployParamsFromEnv } from "../deploy/deployConfig.js";
import { createLlmClient } from "../llm/create.js";
import type { SettledOutcome } from "../protocol/taskLifecycle.js";
import { createLocalMarket, type LocalMarket } from "../wiring/createLocalMarket.js";
import { RecordingLogger } from "../runtime/logger.js";
import type { DemoArgs } from "./args.js";
import { readChainReport } from "./chainReport.js";
import { crashingEscrow, FaultBoard, faultyLlm } from "./faultyAgents.js";
import { DEMO_OUTCOMES, swarmMetrics, type DemoOutcome, type SwarmMetrics } from "./metrics.js";
import { simulatedWorkers } from "../llm/simulatedWorkers.js";
import { checkOneProof } from "./checkOneProof.js";
import { runTask, specFor } from "./runTask.js";
import { planTasks } from "./scenario.js";
import { readDemoAgents, type RegisteredMember } from "./registerDemoAgents.js";
import { deployJuryAndTeams, runJuryAndTeam, type JuryTeamSummary } from "./juryTeamSection.js";

/** Chain-time length of a review epoch in the demo (a UTC day in production). */
export const DEMO_EPOCH_SECONDS = 3_600;

export interface DemoConnection {
  viem: HardhatViemHelpers;
  ignition: IgnitionConnection["ignition"];
  networkName: string;
  /** Moves chain time forward (hardhat-network-helpers' time.increase). */
  increaseTime: (seconds: number) => Promise<unknown>;
  /** Skip the jury ruling and the team task after the planned tasks (a view compared with the plan alone). */
  planOnly?: boolean;
}

/** The market still running when the demo's tasks are done: what `--serve` keeps up. */
export interface LiveDemo {
  market: LocalMarket;
  chainId: number;
  contracts: { escrow: Address; anchor: Address; token: Address };
  /** Deployment blocks, where event scans start. */
  blocks: { escrow: bigint; anchor: bigint };
}

/** `jury` and `team`: the jury ruling and the team task run after the planned tasks (not counted in `tasks`). */
export interface DemoSummary extends Partial<JuryTeamSummary> {
  tasks: { total: number } & Record<DemoOutcome, number> & { unawarded: number };
  epochs: { epoch: string; root: Hex; leafCount: number }[];
  proofCheck: { review: Hex; offchain: boolean; onchain: boolean };
  metrics: SwarmMetrics;
  amounts: { paid: string; refunded: string; fees: string; decimals: 6 };
  gasPerPath: Partial<Record<SettledOutcome, number>>;
  /** name: the configured name; agentId: the ERC-8004 id the market knows it by. */
  workers: { name: string; agentId: string; address: Address; score: number; calibration: number; successRate: number; earnings: string }[];
  contracts: { escrow: Address; anchor: Address; token: Address; registry: Address };
  /** Every agent's ERC-8004 identity, read back from the registry with its checked card. */
  registry: RegisteredMember[];
  llm: string;
  wallMs: number;
}

/**
 * The embedded demo: deploys with the Ignition modules, starts a manager, workers, an arbiter
 * and the indexer in one process, runs the planned tasks (each forced fault once, so every
 * settlement path happens), anchors the review epochs and verifies one review's proof.
 * `progress` receives one line per event worth showing.
 */
export async function runDemo(
  conn: DemoConnection,
  args: DemoArgs,
  progress: (line: string) => void = () => {},
  /** Called with the summary while the market is still up (e.g. to serve it); the market closes when it returns. */
  onDone?: (summary: DemoSummary, live: LiveDemo) => Promise<void>,
  /** Called once the market is up, before the first task (e.g. a test that joins it as an outsider). */
  onMarket?: (m: LocalMarket) => Promise<void>,
): Promise<DemoSummary> {
  const started = performance.now();
  const publicClient = (await conn.viem.getPublicClient()) as unknown as PublicClient;
  const accounts = (await conn.viem.getWalletClients()).map((w) => getAddress(w.account.address));
  // Account roles (DEV_ROLES) match createLocalMarket: 0 anchorer, 1 fee recipient, 2 manager, 3 arbiter, 4.. workers.
  const deployment = await deployMarket({ networkName: conn.networkName, ignition: conn.ignition, publicClient }, deployParamsFromEnv({ EPOCH_SECONDS: String(DEMO_EPOCH_SECONDS) }, accounts));
  const contracts = {
    escrow: deployment.escrow.address as Address,
    anchor: deployment.anchor.address as Address,
    token: deployment.token.address as Address,
    registry: deployment.registry!.address as Address, // deployMarket always records it
  };
  const extra = await deployJuryAndTeams(conn.viem, contracts);
  progress(`deployed with Ignition: TaskEscrow ${contracts.escrow}, ReputationAnchor ${contracts.anchor}, IdentityRegistry ${contracts.registry}, demo token ${contracts.token}`);

  const online = Boolean(process.env.ANTHROPIC_API_KEY?.trim());
  const model = process.env.ANTHROPIC_MODEL;
  const llmFor = (workerId: string, truth: object = {}) =>
    createLlmClient({ ...(model ? { model } : {}), simulated: { workerId, seed: args.seed, ...truth } });
  const board = new FaultBoard();
  const team = simulatedWorkers(args.workers, args.seed);
  const logs = new Map<string, RecordingLogger>();
  const m = await createLocalMarket({
    viem: conn.viem,
    contracts: { ...contracts, registry: { address: contracts.registry, block: BigInt(deployment.registry!.block) } },
    workers: team.map((w) => ({ profile: w.profile, llm: faultyLlm(llmFor(w.profile.agentId, w.truth), board, online ? 0 : 2) })),
    judge: llmFor("judge"),
    managerFunds: 1_000_000_000n,
    // The indexer mirrors the registry too, so GET /agents (and the dashboard) name every agent.
    indexer: { epochSeconds: DEMO_EPOCH_SECONDS, registry: { address: contracts.registry, startBlock: BigInt(deployment.registry!.block) }, jury: { address: extra.jury }, teamFactory: { address: extra.teamFactory } },
    wrapEscrow: (role, port) => (role === "worker" ? crashingEscrow(port, board) : port),
    log: (name) => {
      const l = new RecordingLogger();
      logs.set(name, l);
      return l;
    },
  });
  progress(`market: manager ${short(m.accounts.manager)} (funded with 1,000 demo tokens), arbiter ${short(m.accounts.arbiter)}, workers ${team.map((w) => `${w.profile.agentId}[${w.profile.skills.join(",")}]`).join(" ")}; LLM: ${online ? `Claude (${model ?? "claude-sonnet-4-6"})` : "offline simulated agents"}`);

  // createLocalMarket registered every agent; the manager asks only whom the registry lists.
  const registered = await readDemoAgents(publicClient, contracts.registry, [
    ...team.map((w, i) => ({ name: w.profile.agentId, role: "worker" as const, agentId: m.agentIds.workers[i]! })),
    { name: "manager", role: "manager", agentId: m.agentIds.manager },
    { name: "arbiter", role: "arbiter", agentId: m.agentIds.arbiter },
  ]);
  progress(`registry (ERC-8004, cards signed by each wallet and checked): ${registered.map((r) => `${r.name} #${r.agentId}`).join(", ")}`);

  await onMarket?.(m);
  const reader = createEscrowClient({ publicClient, walletClient: m.wallets.manager as never, address: contracts.escrow, fromBlock: BigInt(deployment.escrow.block) });
  const plan = planTasks(args.tasks, args.seed, team);
  const epochs: DemoSummary["epochs"] = [];
  const closeEpochs = async () => {
    await m.syncIndexerClock();
    await m.indexer!.ingestOnce();
    for (const e of await m.indexer!.closeDueEpochs()) {
      epochs.push({ epoch: e.epoch.toString(), root: e.root, leafCount: e.leafCount });
      progress(`epoch ${e.epoch} closed: ${e.leafCount} reviews, root ${e.root.slice(0, 18)}… anchored on-chain`);
    }
  };
  let taskMs = 0;
  try {
    for (const [i, task] of plan.entries()) {
      const t0 = performance.now();
      const spec = await specFor(m, task);
      board.set(spec.taskId as Hex, task.fault);
      await runTask(m, conn, spec, task, board);
      taskMs += performance.now() - t0;
      const view = await reader.getTask({ client: m.accounts.manager, taskId: spec.taskId as Hex }).catch(() => undefined);
      const w = m.accounts.workers.findIndex((a) => view && a === getAddress(view.terms.worker));
      const winner = w < 0 ? "-" : `${team[w]!.profile.agentId} #${m.agentIds.workers[w]}`;
      const note = task.fault === "none" ? "" : `  (fault: ${task.fault})`;
      progress(`[${String(i + 1).padStart(3)}/${plan.length}] ${task.requiredSkills.join(",").padEnd(10)} → ${winner.padEnd(8)} ${(view?.status ?? "unawarded").padEnd(16)}${note}`);
      // The "day" ends halfway through and at the end, so at least two epochs are anchored.
      if (i === Math.floor(plan.length / 2) - 1) {
        await conn.increaseTime(DEMO_EPOCH_SECONDS);
        await closeEpochs();
      }
    }
    await m.tickAll();
    await conn.increaseTime(DEMO_EPOCH_SECONDS);
    await closeEpochs();

    const proofCheck = await checkOneProof(m, publicClient, contracts.anchor, epochs);
    progress(`review ${proofCheck.review.slice(0, 18)}… proof: TypeScript ${proofCheck.offchain ? "ok" : "FAILED"}, on-chain ${proofCheck.onchain ? "ok" : "FAILED"}`);

    const chain = await readChainReport(publicClient, contracts.escrow, BigInt(deployment.escrow.block));
    const tasks = { total: plan.length, unawarded: plan.length - chain.outcomes.size } as DemoSummary["tasks"];
    for (const o of DEMO_OUTCOMES) tasks[o] = [...chain.outcomes.values()].filter((x) => x === o).length;
    await m.syncIndexerClock();
    const workers = await Promise.all(
      team.map(async (w, i) => {
        const address = m.accounts.workers[i]!;
        const stats = m.market.tracker.stats(m.agentIds.workers[i]!);
        const rep = await m.indexer!.reputation(address);
        return {
          name: w.profile.agentId,
          agentId: m.agentIds.workers[i]!,
          address,
          score: round(rep.score),
          calibration: round(stats.calibration),
          successRate: round(stats.successRate),
          earnings: (chain.earnings.get(address) ?? 0n).toString(),
        };
      }),
    );
    const workMs = board.workMs;
    const extras = conn.planOnly ? {} : await runJuryAndTeam(m, { viem: conn.viem, increaseTime: conn.increaseTime, contracts: { ...extra, registry: contracts.registry }, seed: args.seed, workers: team }, board, (id) => llmFor(id), online, progress);
    const summary: DemoSummary = {
      tasks,
      epochs,
      proofCheck,
      metrics: roundAll(
        swarmMetrics({
          outcomes: [...chain.outcomes.values()],
          earningsByWorker: workers.map((w) => BigInt(w.earnings)),
          coordinationMs: Math.max(0, taskMs - workMs),
          workMs,
        }),
      ),
      amounts: { paid: chain.paid.toString(), refunded: chain.refunded.toString(), fees: chain.fees.toString(), decimals: 6 },
      gasPerPath: chain.gasPerPath,
      workers,
      contracts,
      registry: registered,
      ...extras,
      llm: online ? `anthropic:${model ?? "claude-sonnet-4-6"}` : "simulated",
      wallMs: Math.round(performance.now() - started),
    };
    await onDone?.(summary, {
      market: m,
      chainId: await publicClient.getChainId(),
      contracts,
      blocks: { escrow: BigInt(deployment.escrow.block), anchor: BigInt(deployment.anchor.block) },
    });
    return summary;
  } finally {
    await m.close();
  }
}

const short = (a: string) => `${a.slice(0, 6)}…${a.slice(-4)}`;
const round = (x: number) => Math.round(x * 1000) / 1000;
function roundAll<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === "number" ? round(v) : v])) as T;
}
