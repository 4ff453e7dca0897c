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
import type { EscrowPort, Logger } from "../runtime/ports.js";
import { provenHistory, type HistoryCheck } from "../runtime/provenHistory.js";
import { walletSigner } from "../runtime/walletSigner.js";
import { createEscrowClient } from "../chain/escrow.js";
import { remoteReviewSink } from "../wiring/indexerReviewSink.js";
import { HostedWorker } from "../worker/HostedWorker.js";
import type { McpFlags } from "./mcpArgs.js";
import { loadAgentKey } from "./wallet.js";
import { joinA2A } from "../wiring/joinA2A.js";
import { networkTeams } from "../wiring/networkTeams.js";
import { teamFactoryClient } from "../chain/teamFactory.js";

/** The agent an MCP server is the body of: its wallet, its identity, its endpoint and its role's core. */
export interface McpBody {
  role: McpFlags["role"];
  address: Address;
  agentId: bigint;
  /** Where the body serves A2A: the base URL its registered card names (JSON-RPC at `/a2a`). */
  a2aUrl: string;
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
  stop(): Promise<void>;
}

/**
 * Starts the agent behind an MCP server: the key (PRIVATE_KEY or KEYSTORE_FILE; a development
 * account on chain 31337), the deployment record, an ERC-8004 identity (registered once), and
 * the role's hosted core on its own A2A endpoint, where peers found through the registry send to
 * it and whose signed envelopes they check against the registry.
 */
export async function startMcpBody(flags: McpFlags, env: Record<string, string | undefined>, log: Logger): Promise<McpBody> {
  const settings = ProcessSettings.parse(Object.fromEntries(Object.entries(env).filter(([, v]) => v)));
  const key = await loadAgentKey(env);
  const worker = flags.role === "worker" ? workerRole(flags.profile, settings.SEED) : undefined;
  const devIndex = worker?.devIndex ?? DEV_ROLES.manager;
  const { publicClient, walletClient, chainId } = await agentClients({ RPC_URL: env.RPC_URL, ...(key ? { PRIVATE_KEY: key } : {}) }, devIndex);
  const deployment = await readDeployment(chainId);
  const signer = walletSigner(walletClient);
  // Messages travel in envelopes signed with this agent's registered wallet and checked against the registry.
  if (!deployment.registry) throw new ProfileError("the agent needs an identity registry in the deployment record to be found and to send signed messages", { code: "REGISTRY_MISSING" });
  const registry = { address: deployment.registry.address, block: BigInt(deployment.registry.block) };
  const security: NetworkSecurity = { domain: { chainId, escrow: deployment.escrow.address, registry: registry.address }, resolver: registryResolver(publicClient, registry.address) };
  const own = worker?.role.profile;
  // The body serves its own A2A endpoint, named on its registered card (A2A_HOST, A2A_PORT, A2A_ADVERTISE).
  const { agentId, a2aUrl, endpoint, transport } = await joinA2A({
    publicClient,
    walletClient,
    signer,
    registry,
    security,
    card: {
      name: own?.agentId ?? "mcp-client",
      description: `agent-market ${flags.role} driven over MCP`,
      skills: own?.skills ?? ["hire"],
      costPerStep: own?.costPerStep ?? 0,
      maxSteps: own?.maxSteps ?? 1,
    },
    host: settings.A2A_HOST,
    port: settings.A2A_PORT,
    advertise: settings.A2A_ADVERTISE,
  });
  // A worker bids under its registered id.
  const profile = own && { ...own, agentId: agentId.toString() };
  const escrow = createEscrowClient({ publicClient, walletClient, address: deployment.escrow.address, fromBlock: BigInt(deployment.escrow.block) });
  const indexer = new IndexerClient(settings.INDEXER_URL);
  const reviews = remoteReviewSink(indexer, { maxWaitMs: 20_000 });
  const rootOf = async (epoch: bigint) => (await readEpoch(publicClient, deployment.anchor.address, epoch))?.root;
  const tasks = taskFactsReader(publicClient, { address: deployment.escrow.address, fromBlock: BigInt(deployment.escrow.block) });
  const history = provenHistory({ claims: indexer, rootOf, tasks });
  const base = { role: flags.role, address: signer.address, agentId, a2aUrl, chainId, deployment, publicClient, walletClient, escrow, indexer, history };

  if (worker) {
    // It signs team bids only for wallets the deployment's TeamAccountFactory makes, and pays the gas of its own team calls.
    const teamFactory = deployment.teamFactory && teamFactoryClient({ publicClient, address: deployment.teamFactory.address, payer: walletClient });
    const hosted = new HostedWorker({ escrow, endpoint, profile: profile!, signer, reviews, log, ...(teamFactory ? { teamFactory } : {}) });
    await hosted.start();
    return { ...base, worker: hosted, stop: async () => (await hosted.stop(), await transport.close()) };
  }
  // With the deployment's TeamAccountFactory a multi-skill task is a team call, and list_bids proposes the team its bids make.
  const teams = deployment.teamFactory && networkTeams({ publicClient, payer: walletClient, factory: deployment.teamFactory.address, escrow: escrow.address, chainId, endpoint });
  const market = createMarketPort(indexerDirectory(indexer), { history: provenHistory({ claims: indexer, rootOf, tasks, manager: signer.address }), log, teams: teams !== undefined });
  const client = new HostedManager({
    escrow,
    endpoint,
    // Never called: a hosted manager leaves judging to its host (hostDecides).
    llm: { judge: () => Promise.reject(new Error("the MCP host judges results")) },
    market,
    ...(teams ? { teams } : {}),
    signer,
    reviews,
    log,
    options: { pollIntervalMs: settings.POLL_MS, bidWindowMs: flags["bid-window-seconds"] * 1_000 },
  });
  await client.start();
  return { ...base, client, stop: async () => (await client.stop(), await transport.close()) };
}
