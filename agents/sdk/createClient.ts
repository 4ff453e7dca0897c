import { erc20Abi, keccak256, maxUint256, toHex } from "viem";
import { UserInputError } from "../errors.js";
import { IndexerClient } from "../indexer/client.js";
import { indexerDirectory, type DirectoryEntry } from "../registry/directory.js";
import { JudgeVerdict, type LlmClient } from "../llm/types.js";
import type { Manager } from "../manager/Manager.js";
import { TaskSpec } from "../protocol/task.js";
import { startAgent } from "../wiring/startAgent.js";
import { a2aBase } from "../transport/a2a/registryPeers.js";
import { connect } from "./connect.js";
import type { ClientOptions, Judge, RunningClient } from "./clientTypes.js";

export type { ClientOptions, Judge, RunningClient, TaskInput } from "./clientTypes.js";

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
