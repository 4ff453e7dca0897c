import type { Address } from "viem";
import { UserInputError } from "../errors.js";
import { ExecutionResult, type LlmClient, type LlmTask } from "../llm/types.js";
import type { TaskSpec } from "../protocol/task.js";
import type { Logger } from "../runtime/ports.js";
import { startAgent } from "../wiring/startAgent.js";
import { connect, type WalletInput } from "./connect.js";

/**
 * How the worker prices a task: a fixed price or a function of the task, and what it claims.
 *
 * @example
 * const pricing: Pricing = { price: (task) => BigInt(task.budget) / 2n, successProbability: 0.9, steps: 3 };
 */
export interface Pricing {
  /** Asking price in token base units; a bid above the task's budget is not sent. */
  price: bigint | number | ((task: LlmTask) => bigint | number);
  /** The success probability the bid claims, in [0, 1]; managers calibrate it against outcomes. */
  successProbability: number;
  /** Steps the work takes, for the bid's estimate (default 1). */
  steps?: number;
}

/**
 * What {@link createWorker} needs: the wallet and chain, where clients are found and reached,
 * the worker's card (name, skills, price) and its own work, `execute`.
 *
 * @example
 * const options: WorkerOptions = { wallet: key, rpcUrl, escrow, registry, name: "shouter", skills: ["summarise"],
 *   pricing: { price: 2_000_000n, successProbability: 0.9 }, execute: async (task) => task.description.toUpperCase() };
 */
export interface WorkerOptions {
  wallet: WalletInput;
  rpcUrl: string;
  /** The TaskEscrow address (docs/protocol/abi/TaskEscrow.json). */
  escrow: Address;
  /**
   * The ERC-8004 identity registry: the worker registers there once (a restart keeps its agent
   * id) with a signed Agent Card of its name, skills and price, which is how clients find it.
   */
  registry: Address;
  /** First block to search for an earlier registration (the registry's deployment block; default 0). */
  registryBlock?: bigint;
  /** What the card says the worker does. */
  description?: string;
  /**
   * The worker's own A2A endpoint, where clients' announcements and awards arrive (it sends its
   * bids and results to theirs): bound to `a2aHost` (default 127.0.0.1) on `a2aPort` (default a
   * free one); its registered card names `a2aAdvertise` (default `a2aHost`) as the host to dial.
   */
  a2aHost?: string;
  a2aPort?: number;
  a2aAdvertise?: string;
  /** Where the worker posts its signed review of the client (the reputation indexer). */
  indexerUrl?: string;
  /** The worker's name on its Agent Card. */
  name: string;
  skills: string[];
  pricing: Pricing;
  /** Your own work: any model, program or none. Its return value is the delivered output. */
  execute: (task: TaskSpec) => string | Promise<string>;
  /** How often the chain is re-read (ms, default 1,000): awards, auto-release claims. */
  pollMs?: number;
  log?: Logger;
}

/**
 * A started worker: its address and agent id, and `stop()` to leave the market.
 *
 * @example
 * const worker: RunningWorker = await createWorker(options);
 * console.log(worker.agentId); await worker.stop();
 */
export interface RunningWorker {
  address: Address;
  /** Its ERC-8004 agent id: its name in the market (bids carry it). */
  agentId: bigint;
  stop(): Promise<void>;
}

/**
 * Your `execute` returned something that is not an output string (or one over 200,000 characters).
 *
 * @example
 * try { await createWorker({ ...options, execute: async () => 42 as never }); } catch (e) { if (e instanceof WorkerOutputError) console.error(e.code); }
 */
export class WorkerOutputError extends UserInputError {
  override name = "WorkerOutputError" as const;
}

/** The worker's model port, made of your pricing and your `execute` (a worker never judges). */
function ownFunctions(o: Pick<WorkerOptions, "pricing" | "execute">): LlmClient {
  const steps = o.pricing.steps ?? 1;
  return {
    kind: "own",
    async estimateBid(task) {
      const price = typeof o.pricing.price === "function" ? o.pricing.price(task) : o.pricing.price;
      return { estimatedCost: Number(price), estimatedSteps: steps, successProbability: o.pricing.successProbability, rationale: "own pricing" };
    },
    async execute(task) {
      const output: unknown = await o.execute(task as TaskSpec);
      const r = ExecutionResult.safeParse({ output, stepsUsed: steps });
      if (!r.success) throw new WorkerOutputError("execute must return the output as a string of at most 200,000 characters", { code: "WORKER_OUTPUT_INVALID", details: { type: typeof output } });
      return r.data;
    },
    async judge() {
      throw new UserInputError("a worker does not judge", { code: "WORKER_CANNOT_JUDGE" });
    },
  };
}

/**
 * Starts a worker agent whose work is your own function: it registers in the ERC-8004 identity
 * registry once (signed Agent Card: name, skills, price), listens on the client's board, bids
 * (EIP-712 signed, at your price) on tasks whose required skills it has, runs `execute` once the
 * escrow is funded for its bid, submits the result hash on chain, delivers the signed result,
 * claims the auto-release if the client stays silent, and reviews the client. It is the same
 * Worker the market's own agents run; a restart re-reads its tasks from the chain.
 *
 * @example
 * const worker = await createWorker({
 *   wallet: privateKeyToAccount(key), rpcUrl: "http://127.0.0.1:8545", escrow, registry,
 *   name: "shouter", skills: ["summarise"], pricing: { price: 1_000_000n, successProbability: 0.9 },
 *   execute: async (task) => task.description.toUpperCase(),
 * });
 * // ... later
 * await worker.stop();
 */
export async function createWorker(o: WorkerOptions): Promise<RunningWorker> {
  const { publicClient, walletClient } = await connect(o);
  const price = typeof o.pricing.price === "function" ? 0 : Number(o.pricing.price);
  const steps = Math.max(1, o.pricing.steps ?? 1);
  const costPerStep = Math.ceil(price / steps);
  // startAgent registers the worker once (a restart keeps its agent id) with a card naming its A2A endpoint.
  const running = await startAgent(
    { ROLE: "worker", BOARD_PORT: 0, POLL_MS: o.pollMs ?? 1_000, START_BLOCK: 0n, INDEXER_URL: o.indexerUrl, A2A_HOST: o.a2aHost, A2A_PORT: o.a2aPort, A2A_ADVERTISE: o.a2aAdvertise },
    { profile: { agentId: o.name, skills: o.skills, costPerStep, maxSteps: steps } },
    { publicClient, walletClient, escrow: o.escrow, registry: { address: o.registry, block: o.registryBlock ?? 0n }, llm: ownFunctions(o), markup: 1, ...(o.log ? { log: o.log } : {}) },
  );
  return { address: running.address, agentId: running.agentId, stop: () => running.stop() };
}
