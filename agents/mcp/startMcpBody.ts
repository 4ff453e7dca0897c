import type { Address, PublicClient, WalletClient } from "viem";
import { registryResolver } from "../chain/registryResolver.js";
import type { NetworkSecurity } from "../transport/envelopes.js";
import { readEpoch } from "../chain/anchor.js";
import { taskFactsReader } from "../chain/taskFacts.js";
import { readDeployment, type Deployment } from "../deploy/deployment.js";
import { DEV_ROLES } from "../deploy/devAccounts.js";
import { IndexerClient } from "../indexer/index.js";
import { createMarketPort } from "../manager/createMarketPort.js";
import { HostedManager } from "../manager/HostedManager.js";
import { agentClients } from "../multi/clients.js";
import { ProcessSettings, ProfileError, workerRole } from "../multi/roles.js";
import { indexerDirectory } from "../registry/directory.js";
import { ensureRegistered } from "../registry/ensureRegistered.js";
import type { EscrowPort, Logger } from "../runtime/ports.js";
import { provenHistory, type HistoryCheck } from "../runtime/provenHistory.js";
import { walletSigner } from "../runtime/walletSigner.js";
import { HttpBoard } from "../transport/HttpBoard.js";
import { HttpTransport } from "../transport/HttpTransport.js";
import { createEscrowClient } from "../chain/escrow.js";
import { remoteReviewSink } from "../wiring/indexerReviewSink.js";
import { HostedWorker } from "../worker/HostedWorker.js";
import type { McpFlags } from "./mcpArgs.js";
import { loadAgentKey } from "./wallet.js";

/** The agent an MCP server is the body of: its wallet, its identity, its endpoint and its role's core. */
export interface McpBody {
  role: McpFlags["role"];
  address: Address;
  agentId: bigint | null;
  chainId: number;
  deployment: Deployment;
  publicClient: PublicClient;
  walletClient: WalletClient;
  escrow: EscrowPort;
  indexer: IndexerClient;
  /** An address's indexer history reduced to what the anchored roots prove. */
  history(address: Address): Promise<HistoryCheck>;
  worker?: HostedWorker;
  client?: HostedManager;
  /** Client: where workers connect to receive its announcements. */
  boardUrl?: string;
  stop(): Promise<void>;
}

/**
 * Starts the agent behind an MCP server: the key (PRIVATE_KEY or KEYSTORE_FILE; a development
 * account on chain 31337), the deployment record, an ERC-8004 identity (registered once), and
 * the role's hosted core on the market's transport: a worker connects to the manager's board
 * (BOARD_URL); a client serves its own board (BOARD_PORT) for workers to connect to.
 */
export async function startMcpBody(flags: McpFlags, env: Record<string, string | undefined>, log: Logger): Promise<McpBody> {
  const settings = ProcessSettings.parse(Object.fromEntries(Object.entries(env).filter(([, v]) => v)));
  const key = await loadAgentKey(env);
  const worker = flags.role === "worker" ? workerRole(flags.profile, settings.SEED) : undefined;
  const devIndex = worker?.devIndex ?? DEV_ROLES.manager;
  const { publicClient, walletClient, chainId } = await agentClients({ RPC_URL: env.RPC_URL, ...(key ? { PRIVATE_KEY: key } : {}) }, devIndex);
  const deployment = await readDeployment(chainId);
  const signer = walletSigner(walletClient);
  let profile = worker?.role.profile;
  let agentId: bigint | null = null;
  if (deployment.registry) {
    const registry = { publicClient, walletClient, address: deployment.registry.address as Address };
    const card = {
      name: profile?.agentId ?? "mcp-client",
      description: `agent-market ${flags.role} driven over MCP`,
      url: settings.BOARD_URL,
      skills: profile?.skills ?? ["hire"],
      costPerStep: profile?.costPerStep ?? 0,
      maxSteps: profile?.maxSteps ?? 1,
    };
    agentId = (await ensureRegistered(registry, signer, card, BigInt(deployment.registry.block))).agentId;
  }
  // Managers find workers only in the registry, and a worker bids under its registered id.
  if (profile) {
    if (agentId === null) throw new ProfileError("a worker needs an identity registry in the deployment record to be found", { code: "REGISTRY_MISSING" });
    profile = { ...profile, agentId: agentId.toString() };
  }
  const escrow = createEscrowClient({ publicClient, walletClient, address: deployment.escrow.address as Address, fromBlock: BigInt(deployment.escrow.block) });
  const indexer = new IndexerClient(settings.INDEXER_URL);
  const reviews = remoteReviewSink(indexer, { maxWaitMs: 20_000 });
  const rootOf = async (epoch: bigint) => (await readEpoch(publicClient, deployment.anchor.address as Address, epoch))?.root;
  const tasks = taskFactsReader(publicClient, { address: deployment.escrow.address as Address, fromBlock: BigInt(deployment.escrow.block) });
  const history = provenHistory({ claims: indexer, rootOf, tasks });
  const base = { role: flags.role, address: signer.address, agentId, chainId, deployment, publicClient, walletClient, escrow, indexer, history };

  // Messages travel in envelopes signed with this agent's registered wallet and checked against the registry.
  if (agentId === null || !deployment.registry) throw new ProfileError("the agent needs an identity registry in the deployment record to send signed messages", { code: "REGISTRY_MISSING" });
  const registryAddress = deployment.registry.address as Address;
  const security: NetworkSecurity = { domain: { chainId, escrow: escrow.address, registry: registryAddress }, resolver: registryResolver(publicClient, registryAddress) };
  const identity = { agentId: agentId.toString(), signer };
  if (worker) {
    const transport = new HttpTransport(settings.BOARD_URL, security, { onRetry: (r) => log.info("waiting for the board", { url: settings.BOARD_URL, ...r }) });
    const endpoint = await transport.connect(identity);
    const hosted = new HostedWorker({ escrow, endpoint, profile: profile!, signer, reviews, log });
    await hosted.start();
    return { ...base, worker: hosted, stop: async () => (await hosted.stop(), await transport.close()) };
  }
  const board = await HttpBoard.start({ security, port: settings.BOARD_PORT });
  const market = createMarketPort(indexerDirectory(indexer), { history: provenHistory({ claims: indexer, rootOf, tasks, manager: signer.address }), log });
  const client = new HostedManager({
    escrow,
    endpoint: await board.connect(identity),
    // Never called: a hosted manager leaves judging to its host (hostDecides).
    llm: { judge: () => Promise.reject(new Error("the MCP host judges results")) },
    market,
    signer,
    reviews,
    log,
    options: { pollIntervalMs: settings.POLL_MS, bidWindowMs: flags["bid-window-seconds"] * 1_000 },
  });
  await client.start();
  return { ...base, client, boardUrl: board.url, stop: async () => (await client.stop(), await board.close()) };
}
