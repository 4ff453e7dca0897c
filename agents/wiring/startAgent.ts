import type { Hono } from "hono";
import type { Address, Hex, PublicClient, WalletClient } from "viem";
import { announcedRoute } from "../http/announcedRoute.js";
import { errorJson } from "../http/errorJson.js";
import { Arbiter } from "../arbiter/Arbiter.js";
import { IndexerClient } from "../indexer/index.js";
import { createLlmClient } from "../llm/create.js";
import type { LlmClient } from "../llm/types.js";
import { createMarketPort } from "../manager/createMarketPort.js";
import { Manager } from "../manager/Manager.js";
import { TaskSpec } from "../protocol/task.js";
import { HttpBoard } from "../transport/HttpBoard.js";
import { HttpTransport } from "../transport/HttpTransport.js";
import { Worker } from "../worker/Worker.js";
import type { AgentEnv, RoleFile } from "./agentConfig.js";
import { createEscrowClient } from "../chain/escrow.js";
import { taskFactsReader } from "../chain/taskFacts.js";
import { remoteReviewSink } from "./indexerReviewSink.js";
import type { AgentStore, Logger } from "../runtime/ports.js";
import { walletSigner } from "../runtime/walletSigner.js";
import { provenHistory } from "../runtime/provenHistory.js";
import { readEpoch } from "../chain/anchor.js";
import { registryResolver } from "../chain/registryResolver.js";
import type { NetworkSecurity } from "../transport/envelopes.js";
import { ensureRegistered } from "../registry/ensureRegistered.js";
import { DEFAULT_INDEXER_URL } from "../indexer/client.js";
import { indexerDirectory, type AgentDirectory } from "../registry/directory.js";
import { chainStanding } from "./chainStanding.js";

export interface RunningAgent {
  role: AgentEnv["ROLE"];
  address: Address;
  /** Its ERC-8004 agent id. */
  agentId: bigint;
  agent: Manager | Worker | Arbiter;
  /** The manager's board URL (manager only). */
  boardUrl?: string;
  /** The manager's board itself (manager only): who is subscribed, for a job that waits for its workers. */
  board?: HttpBoard;
  stop(): Promise<void>;
}

/**
 * Starts one agent as its own process would: the manager serves the task board over HTTP
 * (with `POST /tasks` to announce, `GET /tasks/:id` to follow a task and `GET /tasks` to list
 * them) and finds workers in the identity registry through the indexer's mirror; workers and the
 * arbiter connect to it; every agent polls the chain and posts reviews to INDEXER_URL if set.
 *
 * @example
 * const { env, role } = await loadAgentConfig(process.env);
 * const running = await startAgent(env, role, { publicClient, walletClient, escrow });
 */
export async function startAgent(
  env: Pick<AgentEnv, "ROLE" | "BOARD_URL" | "BOARD_PORT" | "POLL_MS" | "START_BLOCK"> & { INDEXER_URL?: string | undefined; BOARD_HOST?: string },
  role: RoleFile,
  io: {
    publicClient: PublicClient;
    walletClient: WalletClient;
    escrow: Address;
    anchor?: Address;
    store?: AgentStore;
    log?: Logger;
    /** The agent's own model or functions instead of the role file's `llm` (the SDK's createWorker / createClient). */
    llm?: LlmClient;
    /** worker: price = estimated cost × markup (default 1.2). */
    markup?: number;
    /** manager: where it finds workers (default: the indexer's registry mirror at INDEXER_URL). */
    directory?: AgentDirectory;
    /** The identity registry (and its deployment block): the agent registers there once, keeping its id across restarts. */
    registry: { address: Address; block?: bigint };
  },
): Promise<RunningAgent> {
  const escrow = createEscrowClient({ publicClient: io.publicClient, walletClient: io.walletClient, address: io.escrow, fromBlock: env.START_BLOCK });
  const signer = walletSigner(io.walletClient);
  // Every message this agent sends is signed in an envelope that receivers check against the
  // wallet the registry binds to its agent id; every message it receives is checked the same way.
  const registry = io.registry.address;
  const security: NetworkSecurity = { domain: { chainId: escrow.chainId, escrow: escrow.address, registry }, resolver: registryResolver(io.publicClient, registry) };
  const profile = role.profile;
  const { agentId } = await ensureRegistered(
    { publicClient: io.publicClient, walletClient: io.walletClient, address: registry },
    signer,
    {
      name: profile?.agentId ?? env.ROLE,
      description: `agent-market ${env.ROLE}`,
      url: env.BOARD_URL,
      skills: profile?.skills ?? [env.ROLE === "manager" ? "hire" : "arbitrate"],
      costPerStep: profile?.costPerStep ?? 0,
      maxSteps: profile?.maxSteps ?? 1,
    },
    io.registry.block ?? 0n,
  );
  const identity = { agentId: agentId.toString(), signer };
  const llm = io.llm ?? createLlmClient(role.llm ?? {});
  const reviews = env.INDEXER_URL ? remoteReviewSink(new IndexerClient(env.INDEXER_URL)) : undefined;
  const common = { escrow, signer, reviews, store: io.store, log: io.log };

  switch (env.ROLE) {
    case "manager": {
      let manager: Manager | undefined;
      const board = await HttpBoard.start({ security, port: env.BOARD_PORT, ...(env.BOARD_HOST ? { host: env.BOARD_HOST } : {}), routes: (app) => taskRoutes(app, () => manager!) });
      manager = new Manager({
        ...common,
        endpoint: await board.connect(identity),
        llm,
        market: createMarketPort(
          io.directory ?? indexerDirectory(new IndexerClient(env.INDEXER_URL ?? DEFAULT_INDEXER_URL)),
          env.INDEXER_URL && io.anchor
            ? {
                history: provenHistory({
                  claims: new IndexerClient(env.INDEXER_URL),
                  rootOf: async (epoch) => (await readEpoch(io.publicClient, io.anchor!, epoch))?.root,
                  tasks: taskFactsReader(io.publicClient, { address: io.escrow, fromBlock: env.START_BLOCK }),
                  manager: signer.address,
                }),
                ...(io.log ? { log: io.log } : {}),
              }
            : {},
        ),
        options: { pollIntervalMs: env.POLL_MS, bidWindowMs: role.bidWindowMs, acceptScore: role.acceptScore },
      });
      await manager.start();
      return {
        role: env.ROLE,
        agentId,
        address: manager.address,
        agent: manager,
        boardUrl: board.url,
        board,
        stop: async () => {
          await manager!.stop();
          await board.close();
        },
      };
    }
    case "worker":
    case "arbiter": {
      // Started before the manager, or across its restarts: wait for the board and reconnect with backoff.
      const transport = new HttpTransport(env.BOARD_URL, security, { onRetry: (r) => io.log?.info("waiting for the board", { url: env.BOARD_URL, ...r }) });
      const endpoint = await transport.connect(identity);
      const agent =
        env.ROLE === "worker"
          ? new Worker({
              ...common,
              endpoint,
              llm,
              profile: role.profile!,
              pollIntervalMs: env.POLL_MS,
              standing: chainStanding({ publicClient: io.publicClient, escrow: io.escrow }),
              ...(io.markup === undefined ? {} : { markup: io.markup }),
            })
          : new Arbiter({ escrow, endpoint, llm, log: io.log, store: io.store, silent: role.silent, pollIntervalMs: env.POLL_MS });
      await agent.start();
      return {
        role: env.ROLE,
        agentId,
        address: signer.address,
        agent,
        stop: async () => {
          await agent.stop();
          await transport.close();
        },
      };
    }
    default: {
      const never: never = env.ROLE;
      throw new Error(`unknown role ${String(never)}`);
    }
  }
}

/**
 * `POST /tasks` announces a TaskSpec (400 TASK_INVALID with zod's issues otherwise; 409 TASK_EXISTS
 * for a task id already announced, so a replayed request cannot reset a task in flight);
 * `GET /tasks/:id` reports on it; `GET /tasks` lists every announced task with its public steps
 * (announcedTasks.ts: the number of bids, never their contents). Errors use the shared
 * `{ error: { code, message } }` body.
 */
function taskRoutes(app: Hono, manager: () => Manager): void {
  app.post("/tasks", async (c) => {
    const body: unknown = await c.req.json().catch(() => undefined);
    const spec = TaskSpec.safeParse(body);
    if (!spec.success)
      return errorJson(c, 400, "TASK_INVALID", "body is not a TaskSpec", { issues: spec.error.issues.map((i) => ({ path: i.path, message: i.message })) });
    if (manager().task(spec.data.taskId as Hex)) return errorJson(c, 409, "TASK_EXISTS", `task ${spec.data.taskId} was already announced`);
    const taskId = await manager().announce(spec.data);
    return c.json({ taskId }, 202);
  });
  announcedRoute(app, "/tasks", () => ({ manager: manager().address, tasks: manager().announced() }));
  app.get("/tasks/:id", (c) => {
    const id = c.req.param("id");
    if (!/^0x[0-9a-fA-F]{64}$/.test(id)) return errorJson(c, 400, "TASK_ID_INVALID", "expected a 32-byte hex task id");
    const r = manager().task(id as Hex);
    if (!r) return errorJson(c, 404, "TASK_NOT_FOUND", `no task ${id}`);
    return c.json({ taskId: id, phase: r.phase, outcome: r.outcome ?? null, worker: r.winner?.worker ?? null, score: r.score ?? null });
  });
}
