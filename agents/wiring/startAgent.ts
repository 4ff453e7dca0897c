import type { Address, PublicClient, WalletClient } from "viem";
import { Arbiter } from "../arbiter/Arbiter.js";
import { IndexerClient } from "../indexer/index.js";
import { createLlmClient } from "../llm/create.js";
import type { LlmClient } from "../llm/types.js";
import { createMarketPort } from "../manager/createMarketPort.js";
import { Manager } from "../manager/Manager.js";
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
import { DEFAULT_INDEXER_URL } from "../indexer/client.js";
import { indexerDirectory, type AgentDirectory } from "../registry/directory.js";
import { chainStanding } from "./chainStanding.js";
import { serveTaskBoard, type TaskBoard } from "./taskBoard.js";
import { joinA2A } from "./joinA2A.js";
import { networkTeams } from "./networkTeams.js";
import { teamFactoryClient, teamMembersReader } from "../chain/teamFactory.js";

export interface RunningAgent {
  role: AgentEnv["ROLE"];
  address: Address;
  /** Its ERC-8004 agent id. */
  agentId: bigint;
  agent: Manager | Worker | Arbiter;
  /** Where the agent serves A2A: the base URL its registered card names (JSON-RPC at `/a2a`). */
  a2aUrl: string;
  /** The manager's task board URL (manager only): POST /tasks, GET /tasks. */
  boardUrl?: string;
  stop(): Promise<void>;
}

/**
 * Starts one agent as its own process would: it serves its own A2A endpoint (A2A_HOST, A2A_PORT),
 * registers in the identity registry with a card naming that endpoint (a restart on another
 * port re-publishes the card), and finds its peers' endpoints through the registry's checked
 * cards: no relay. The manager also serves its task board over HTTP (`POST /tasks` to
 * announce, `GET /tasks/:id`, `GET /tasks`) and finds workers through the indexer's mirror;
 * every agent polls the chain and posts reviews to INDEXER_URL.
 *
 * @example
 * const { env, role } = await loadAgentConfig(process.env);
 * const running = await startAgent(env, role, { publicClient, walletClient, escrow });
 */
export async function startAgent(
  env: Pick<AgentEnv, "ROLE" | "BOARD_PORT" | "POLL_MS" | "START_BLOCK"> &
    Partial<Pick<AgentEnv, "A2A_HOST" | "A2A_PORT" | "A2A_ADVERTISE">> & { INDEXER_URL?: string | undefined; BOARD_HOST?: string },
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
    /**
     * The deployment's TeamAccountFactory: a manager then forms teams for tasks no single worker can do
     * (team wallets from it, each member asked over A2A to sign), and a worker signs team bids only for
     * wallets it makes. Without it no teams form.
     */
    teamFactory?: Address;
  },
): Promise<RunningAgent> {
  const escrow = createEscrowClient({ publicClient: io.publicClient, walletClient: io.walletClient, address: io.escrow, fromBlock: env.START_BLOCK });
  const signer = walletSigner(io.walletClient);
  // Every message this agent sends is signed in an envelope that receivers check against the
  // wallet the registry binds to its agent id; every message it receives is checked the same way.
  const registry = io.registry.address;
  const security: NetworkSecurity = { domain: { chainId: escrow.chainId, escrow: escrow.address, registry }, resolver: registryResolver(io.publicClient, registry) };
  const profile = role.profile;
  const llm = io.llm ?? createLlmClient(role.llm ?? {});
  const reviews = env.INDEXER_URL ? remoteReviewSink(new IndexerClient(env.INDEXER_URL)) : undefined;
  const common = { escrow, signer, reviews, store: io.store, log: io.log };
  // Its own A2A endpoint, named on its registered card; peers are whoever the registry lists.
  const { agentId, a2aUrl, endpoint, transport } = await joinA2A({
    publicClient: io.publicClient,
    walletClient: io.walletClient,
    signer,
    registry: io.registry,
    security,
    card: {
      name: profile?.agentId ?? env.ROLE,
      description: `agent-market ${env.ROLE}`,
      skills: profile?.skills ?? [env.ROLE === "manager" ? "hire" : "arbitrate"],
      costPerStep: profile?.costPerStep ?? 0,
      maxSteps: profile?.maxSteps ?? 1,
    },
    host: env.A2A_HOST,
    port: env.A2A_PORT,
    advertise: env.A2A_ADVERTISE,
    ...(io.store ? { store: io.store } : {}),
  });

  switch (env.ROLE) {
    case "manager": {
      let manager: Manager | undefined;
      const teams = io.teamFactory ? networkTeams({ publicClient: io.publicClient, payer: io.walletClient, factory: io.teamFactory, escrow: escrow.address, chainId: escrow.chainId, endpoint }) : undefined;
      const board: TaskBoard = await serveTaskBoard(() => manager!, { port: env.BOARD_PORT, ...(env.BOARD_HOST ? { host: env.BOARD_HOST } : {}) });
      manager = new Manager({
        ...common,
        endpoint,
        llm,
        ...(teams ? { teams } : {}),
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
                teams: teams !== undefined,
              }
            : { teams: teams !== undefined },
        ),
        options: { pollIntervalMs: env.POLL_MS, bidWindowMs: role.bidWindowMs, acceptScore: role.acceptScore },
      });
      await manager.start();
      return {
        role: env.ROLE,
        agentId,
        address: manager.address,
        agent: manager,
        a2aUrl,
        boardUrl: board.url,
        stop: async () => {
          await manager!.stop();
          await board.close();
          await transport.close();
        },
      };
    }
    case "worker":
    case "arbiter": {
      const agent =
        env.ROLE === "worker"
          ? new Worker({
              ...common,
              endpoint,
              llm,
              // Bids carry the registry's agent id.
              profile: { ...role.profile!, agentId: agentId.toString() },
              pollIntervalMs: env.POLL_MS,
              standing: chainStanding({ publicClient: io.publicClient, escrow: io.escrow }),
              // It pays the gas of its own team calls (execute as lead, distribute).
              ...(io.teamFactory ? { teamFactory: teamFactoryClient({ publicClient: io.publicClient, address: io.teamFactory, payer: io.walletClient }) } : {}),
              ...(io.markup === undefined ? {} : { markup: io.markup }),
            })
          : new Arbiter({ escrow, endpoint, llm, log: io.log, store: io.store, silent: role.silent, pollIntervalMs: env.POLL_MS, teamMembers: teamMembersReader(io.publicClient) });
      await agent.start();
      return {
        role: env.ROLE,
        agentId,
        address: signer.address,
        agent,
        a2aUrl,
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
