import { erc20Abi, keccak256, maxUint256, toHex, type Address, type Hex } from "viem";
import { UserInputError } from "../errors.js";
import { IndexerClient } from "../indexer/client.js";
import { indexerDirectory, type DirectoryEntry } from "../registry/directory.js";
import { JudgeVerdict, type LlmClient } from "../llm/types.js";
import type { Manager } from "../manager/Manager.js";
import type { ReportMessage } from "../protocol/messages.js";
import { TaskSpec } from "../protocol/task.js";
import type { Logger } from "../runtime/ports.js";
import { startAgent } from "../wiring/startAgent.js";
import { a2aBase } from "../transport/a2a/registryPeers.js";
import { connect, type WalletInput } from "./connect.js";

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
const id = await client.post(task);
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

/** The client's model port: your judge (a client neither bids nor executes). */
function ownJudge(judge: Judge): LlmClient {
  const not = (what: string) => async () => {
    throw new UserInputError(`a client does not ${what}`, { code: "CLIENT_CANNOT_WORK" });
  };
  return {
    kind: "own",
    estimateBid: not("bid"),
    execute: not("execute"),
    async judge(task, output) {
      const v = await judge(task as TaskSpec, output);
      return JudgeVerdict.parse(typeof v === "number" ? { score: v, reasons: [] } : v);
    },
  };
}

/**
 * Starts a client (the manager agent) with your judge: it serves a task board, announces each
 * posted task to the registered workers with every required skill, checks and ranks their signed bids
 * (calibrated success, reputation, price, exploration), awards by funding the escrow with the
 * winning bid, checks the delivered result against the hash submitted on chain, judges it with
 * `judge`, releases at `acceptScore` or more and disputes below, and reviews the worker.
 *
 * @example
 * const client = await createClient({ wallet, rpcUrl, escrow, registry, indexerUrl: "http://127.0.0.1:8787",
 *   judge: (task, output) => (output.length > 0 ? 1 : 0) });
 * await client.workersOnline(["summarise"]);
 * const taskId = await client.post({ title: "Shout", description: "hello", skills: ["summarise"], budget: 5_000_000n, token, arbiter });
 * console.log((await client.outcome(taskId)).outcome); // "released"
 */
export async function createClient(o: ClientOptions): Promise<RunningClient> {
  const { publicClient, walletClient, account } = await connect(o);
  const running = await startAgent(
    { ROLE: "manager", BOARD_PORT: o.boardPort ?? 0, POLL_MS: o.pollMs ?? 1_000, START_BLOCK: 0n, INDEXER_URL: o.indexerUrl },
    { bidWindowMs: o.bidWindowMs, acceptScore: o.acceptScore },
    { publicClient, walletClient, escrow: o.escrow, registry: { address: o.registry, block: o.registryBlock ?? 0n }, llm: ownJudge(o.judge), ...(o.anchor ? { anchor: o.anchor } : {}), ...(o.log ? { log: o.log } : {}) },
  );
  const manager = running.agent as Manager;
  return {
    address: running.address,
    boardUrl: running.boardUrl!,
    manager,
    async post(t) {
      const budget = BigInt(t.budget);
      const allowance = await publicClient.readContract({ address: t.token, abi: erc20Abi, functionName: "allowance", args: [account.address, o.escrow] });
      if (allowance < budget) {
        const hash = await walletClient.writeContract({ address: t.token, abi: erc20Abi, functionName: "approve", args: [o.escrow, maxUint256], account, chain: walletClient.chain });
        await publicClient.waitForTransactionReceipt({ hash });
      }
      const now = Number((await publicClient.getBlock()).timestamp);
      const spec = TaskSpec.parse({
        taskId: t.taskId ?? keccak256(toHex(crypto.getRandomValues(new Uint8Array(32)))),
        title: t.title,
        description: t.description,
        requiredSkills: t.skills,
        budget: budget.toString(),
        token: t.token,
        deadline: now + (t.deadlineSeconds ?? 3_600),
        reviewPeriod: t.reviewPeriodSeconds ?? 600,
        arbiter: t.arbiter,
      });
      return manager.announce(spec);
    },
    async workersOnline(skills, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const workers = await discoverWorkers(o.indexerUrl, skills);
        const up = await Promise.all(workers.map((w) => fetch(`${a2aBase(w.url)}/.well-known/agent-card.json`).then((r) => r.ok, () => false)));
        const online = workers.filter((_, i) => up[i]).map((w) => w.agentId);
        if ((workers.length > 0 && online.length === workers.length) || Date.now() >= until) return online;
        await new Promise((r) => setTimeout(r, 250));
      }
    },
    outcome: (taskId) => manager.outcome(taskId),
    stop: () => running.stop(),
  };
}

/**
 * The registered agents whose checked Agent Card has every skill in `skills` (the indexer's
 * mirror of the identity registry, `GET /agents`): the workers a client's tasks go to.
 *
 * @example
 * const workers = await discoverWorkers("http://127.0.0.1:8787", ["summarise"]); // [{ agentId: "0", wallet, name, skills, ... }]
 */
export function discoverWorkers(indexerUrl: string, skills: string[] = []): Promise<DirectoryEntry[]> {
  return indexerDirectory(new IndexerClient(indexerUrl)).capable(skills);
}
