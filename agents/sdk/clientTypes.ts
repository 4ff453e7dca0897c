import type { Address, Hex } from "viem";
import type { JudgeVerdict } from "../llm/types.js";
import type { Manager } from "../manager/Manager.js";
import type { ReportMessage } from "../protocol/messages.js";
import type { TaskSpec } from "../protocol/task.js";
import type { Logger } from "../runtime/ports.js";
import type { WalletInput } from "./connect.js";

/** The types of the SDK's client ({@link createClient} in createClient.ts): its options, a task as posted, the running client. */

/**
 * Your judge: a score in [0, 1] (or a verdict with reasons) for a delivered output.
 *
 * @example
 * const judge: Judge = (task, output) => (output.includes("summary") ? 1 : 0.2);
 */
export type Judge = (task: TaskSpec, output: string) => number | JudgeVerdict | Promise<number | JudgeVerdict>;

/**
 * What {@link createClient} needs: the wallet and chain, the escrow and payment token, the
 * registry and indexer where workers are found, and your judge.
 *
 * @example
 * const options: ClientOptions = { wallet: key, rpcUrl, escrow, registry, indexerUrl, judge: (task, output) => (output.length > 0 ? 1 : 0) };
 */
export interface ClientOptions {
  wallet: WalletInput;
  rpcUrl: string;
  escrow: Address;
  /**
   * The ERC-8004 identity registry: the client registers there once (a restart keeps its agent
   * id), so workers can check that its signed announcements come from its registered wallet.
   */
  registry: Address;
  /** First block to search for an earlier registration (the registry's deployment block; default 0). */
  registryBlock?: bigint;
  judge: Judge;
  /** Score at or above which the result is released; below it the client disputes (default 0.7). */
  acceptScore?: number;
  /** How long bids are collected (ms, default 2,000; closes early once every asked worker bid). */
  bidWindowMs?: number;
  /** Port of the client's task board, `POST /tasks` (default 0: a free port; see `boardUrl`). Workers talk to the client's own A2A endpoint. */
  boardPort?: number;
  /**
   * The reputation indexer: workers are found in its mirror of the identity registry (every
   * registered agent whose checked card has the task's skills is asked), reviews go there, and
   * with `anchor` each worker's proven history counts in ranking.
   */
  indexerUrl: string;
  anchor?: Address;
  pollMs?: number;
  log?: Logger;
}

/**
 * What a client posts; the SDK fills in the task id, deadline and review period.
 *
 * @example
 * const task: TaskInput = { title: "Summarise", description: "Summarise the text.", skills: ["summarise"], budget: 5_000_000n, token, arbiter };
 * const id = await client.post(task);
 */
export interface TaskInput {
  title: string;
  description: string;
  skills: string[];
  /** Most the client pays, in token base units; the escrow locks the winning bid's price. */
  budget: bigint | number | string;
  token: Address;
  /** Who rules a dispute. */
  arbiter: Address;
  /** Seconds of chain time the worker has to submit (default 3,600). */
  deadlineSeconds?: number;
  /** Seconds the client has after submission to release or dispute (default 600). */
  reviewPeriodSeconds?: number;
  taskId?: Hex;
}

/**
 * A started client: post tasks, wait for workers and outcomes, `stop()` to leave.
 *
 * @example
 * const client: RunningClient = await createClient(options);
 * const report = await client.outcome(await client.post(task)); // { outcome: "released", … }
 */
export interface RunningClient {
  address: Address;
  /** The client's task board (`POST /tasks`, `GET /tasks/:id`); agents reach the client over A2A. */
  boardUrl: string;
  /** Announces a task (approving the escrow for the token first if needed); resolves with its id. */
  post(task: TaskInput): Promise<Hex>;
  /**
   * Waits until there is a registered worker with `skills` and every such worker's A2A endpoint
   * answers (an announcement to one that is down is retried for 30 s), or `timeoutMs` (default
   * 15 s) passed; returns the agent ids online.
   */
  workersOnline(skills: string[], timeoutMs?: number): Promise<string[]>;
  /** Resolves with the task's final report: released, disputed then ruled, refunded, declined... */
  outcome(taskId: Hex): Promise<ReportMessage>;
  /** The manager agent itself (its task records, `tick()` to re-read the chain now). */
  manager: Manager;
  stop(): Promise<void>;
}
