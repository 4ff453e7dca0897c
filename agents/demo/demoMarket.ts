import type { Address, PublicClient } from "viem";
import { deployLocalMarket, type LocalChain } from "../deploy/deployLocalMarket.js";
import type { Deployment } from "../deploy/deployment.js";
import { createLlmClient } from "../llm/create.js";
import { simulatedWorkers, type SimulatedWorker } from "../llm/simulatedWorkers.js";
import { RecordingLogger } from "../runtime/logger.js";
import { createLocalMarket, type LocalMarket } from "../wiring/createLocalMarket.js";
import type { DemoArgs } from "./args.js";
import { crashingEscrow, FaultBoard, faultyLlm } from "./faultyAgents.js";
import { deployJuryAndTeams } from "./juryTeamSection.js";
import { TEAM_SPECIALISTS } from "./teamDemo.js";
import { readDemoAgents, type RegisteredMember } from "./registerDemoAgents.js";

/** Chain-time length of a review epoch in the demo (a UTC day in production). */
export const DEMO_EPOCH_SECONDS = 3_600;

export interface DemoConnection extends LocalChain {
  /** Moves chain time forward (hardhat-network-helpers' time.increase). */
  increaseTime: (seconds: number) => Promise<unknown>;
  /** Skip the jury ruling and the team task after the planned tasks (a view compared with the plan alone). */
  planOnly?: boolean;
}

/** The demo's market once deployed, registered and started, before any task runs. */
export interface DemoMarket {
  m: LocalMarket;
  publicClient: PublicClient;
  deployment: Deployment;
  contracts: { escrow: Address; anchor: Address; token: Address; registry: Address };
  /** The demo's JuryArbiter and TeamAccountFactory. */
  extra: { jury: Address; teamFactory: Address };
  board: FaultBoard;
  team: SimulatedWorker[];
  /** The team task's specialists, registered after the workers (none with more than 13 workers). */
  specialists: SimulatedWorker[];
  registered: RegisteredMember[];
  /** An LLM client for `id`: Claude with a key, else the simulated agent with the given hidden truth. */
  llmFor: (id: string, truth?: object) => ReturnType<typeof createLlmClient>;
  /** The model in use, for the summary: `anthropic:<model>` or `simulated`. */
  llm: string;
  online: boolean;
}

/**
 * Deploys with the Ignition modules (plus the demo's jury), starts a manager,
 * the simulated workers (behind the fault board) and an arbiter with the indexer in-process,
 * and reads every agent's identity back from the registry.
 */
export async function startDemoMarket(conn: DemoConnection, args: DemoArgs, progress: (line: string) => void): Promise<DemoMarket> {
  const publicClient = (await conn.viem.getPublicClient()) as unknown as PublicClient;
  const deployment = await deployLocalMarket(conn, { epochSeconds: DEMO_EPOCH_SECONDS });
  const contracts = {
    escrow: deployment.escrow.address,
    anchor: deployment.anchor.address,
    token: deployment.token.address,
    registry: deployment.registry!.address, // deployMarket always records it
  };
  const extra = await deployJuryAndTeams(conn.viem, { ...contracts, teamFactory: deployment.teamFactory!.address }); // deployMarket always records it
  progress(`deployed with Ignition: TaskEscrow ${contracts.escrow}, ReputationAnchor ${contracts.anchor}, IdentityRegistry ${contracts.registry}, TeamAccountFactory ${extra.teamFactory}, demo token ${contracts.token}`);

  const online = Boolean(process.env.ANTHROPIC_API_KEY?.trim());
  const model = process.env.ANTHROPIC_MODEL;
  const llmFor = (workerId: string, truth: object = {}) =>
    createLlmClient({ ...(model ? { model } : {}), simulated: { workerId, seed: args.seed, ...truth } });
  const board = new FaultBoard();
  const team = simulatedWorkers(args.workers, args.seed);
  const specialists = args.workers <= 13 && !conn.planOnly ? TEAM_SPECIALISTS : []; // 20 development accounts: 4 roles, the workers, 3 specialists
  const workerLlms = team.map((w) => faultyLlm(llmFor(w.profile.agentId, w.truth), board, online ? 0 : 2));
  const m = await createLocalMarket({
    chain: conn,
    deployment,
    // After them, the team task's three specialists (no planned task needs their skills, so they are asked for nothing else).
    workers: [...team.map((w, i) => ({ profile: w.profile, llm: workerLlms[i]! })), ...specialists.map((w) => ({ profile: w.profile, llm: llmFor(w.profile.agentId, w.truth) }))],
    judge: llmFor("judge"),
    managerFunds: 1_000_000_000n,
    // The indexer mirrors the registry too, so GET /agents (and the dashboard) name every agent.
    indexer: { registry: { address: contracts.registry, startBlock: BigInt(deployment.registry!.block) }, jury: { address: extra.jury }, teamFactory: { address: extra.teamFactory } },
    // A task no single worker can do becomes a team call: the manager forms and funds a team.
    teamFactory: extra.teamFactory,
    wrapEscrow: (role, port) => (role === "worker" ? crashingEscrow(port, board) : port),
    log: () => new RecordingLogger(),
  });
  progress(`market: manager ${short(m.accounts.manager)} (funded with 1,000 demo tokens), arbiter ${short(m.accounts.arbiter)}, workers ${team.map((w) => `${w.profile.agentId}[${w.profile.skills.join(",")}]`).join(" ")}${specialists.length ? `, for the team task ${specialists.map((w, i) => `${w.profile.agentId}[${w.profile.skills.join(",")}] #${m.agentIds.workers[team.length + i]}`).join(" ")}` : ""}; LLM: ${online ? `Claude (${model ?? "claude-sonnet-4-6"})` : "offline simulated agents"}`);

  // createLocalMarket registered every agent; the manager asks only whom the registry lists.
  const registered = await readDemoAgents(publicClient, contracts.registry, [
    ...team.map((w, i) => ({ name: w.profile.agentId, role: "worker" as const, agentId: m.agentIds.workers[i]! })),
    { name: "manager", role: "manager", agentId: m.agentIds.manager },
    { name: "arbiter", role: "arbiter", agentId: m.agentIds.arbiter },
  ]);
  progress(`registry (ERC-8004, cards signed by each wallet and checked): ${registered.map((r) => `${r.name} #${r.agentId}`).join(", ")}`);
  const llm = online ? `anthropic:${model ?? "claude-sonnet-4-6"}` : "simulated";
  return { m, publicClient, deployment, contracts, extra, board, team, specialists, registered, llmFor, llm, online };
}

const short = (a: string) => `${a.slice(0, 6)}…${a.slice(-4)}`;
