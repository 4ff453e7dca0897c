import { getAddress, maxUint256, type PublicClient, type WalletClient } from "viem";
import { Arbiter } from "../arbiter/Arbiter.js";
import { createMarketPort } from "../manager/createMarketPort.js";
import { Manager } from "../manager/Manager.js";
import { InProcessTransport } from "../transport/InProcessTransport.js";
import { Worker } from "../worker/Worker.js";
import { createEscrowClient } from "../chain/escrow.js";
import { teamFactoryClient, teamMembersReader } from "../chain/teamFactory.js";
import { networkTeams } from "./networkTeams.js";
import { localAccounts } from "./localAccounts.js";
import { startLocalIndexer } from "./localIndexer.js";
import type { LocalMarketConfig, LocalTransport } from "./localMarketConfig.js";
import { MemoryStore } from "../runtime/MemoryStore.js";
import type { AgentStore, EscrowPort } from "../runtime/ports.js";
import type { Endpoint } from "../transport/Transport.js";
import { walletSigner } from "../runtime/walletSigner.js";
import { provenHistory } from "../runtime/provenHistory.js";
import { readEpoch } from "../chain/anchor.js";
import { taskFactsReader } from "../chain/taskFacts.js";
import { chainDirectory } from "../registry/chainDirectory.js";
import { registerMarketAgents } from "./registerLocalAgents.js";
import { chainStanding } from "./chainStanding.js";
import { settleAgents } from "./settleAgents.js";
import { deployLocalMarket } from "../deploy/deployLocalMarket.js";

export type { LocalMarketConfig, LocalWorkerConfig } from "./localMarketConfig.js";

/**
 * Deploys the market with the Ignition modules (deployLocalMarket) unless given a deployment, funds the manager, registers every agent
 * in an ERC-8004 identity registry (the manager finds workers only there) and starts one manager,
 * the given workers and an arbiter on one board (in-process by default). This is what the
 * embedded demo and the integration tests run.
 *
 * @example
 * const chain = await network.create();
 * const market = await createLocalMarket({ chain, workers, judge: new SimulatedLlmClient() });
 * const taskId = await market.manager.announce(spec);
 * await market.settle();
 */
export async function createLocalMarket(cfg: LocalMarketConfig) {
  const { viem } = cfg.chain;
  const { owner, feeRecipient, manager: managerWallet, arbiter: arbiterWallet, workers: workerWallets } = await localAccounts(viem, cfg.workers.length);
  const publicClient = (await viem.getPublicClient()) as unknown as PublicClient;

  const deployment = cfg.deployment ?? (await deployLocalMarket(cfg.chain, { feeBps: cfg.feeBps ?? 100, epochSeconds: cfg.indexer?.epochSeconds ?? 60 }));
  if (!deployment.registry) throw new Error("createLocalMarket: the deployment has no identity registry");
  const token = await viem.getContractAt("MockUSDC", deployment.token.address);
  const escrowAddress = deployment.escrow.address;
  const managerAddress = managerWallet.account!.address;
  await token.write.mint([managerAddress, cfg.managerFunds ?? 1_000_000_000n]);
  const tokenAsManager = await viem.getContractAt("MockUSDC", token.address, { client: { wallet: managerWallet as never } });
  await tokenAsManager.write.approve([escrowAddress, maxUint256]);

  const local = cfg.indexer ? await startLocalIndexer({ ...cfg.indexer, publicClient, anchorer: owner, deployment }) : undefined;
  const indexer = local?.indexer;
  const anchorAddress = local?.anchorAddress;
  const reviews = local?.reviews ?? cfg.reviews;

  const port = async (wallet: WalletClient, role: "manager" | "worker" | "arbiter" = "worker"): Promise<EscrowPort> => {
    const p = createEscrowClient({ publicClient, walletClient: wallet, address: escrowAddress });
    return cfg.wrapEscrow ? cfg.wrapEscrow(role, p) : p;
  };
  const stores = { manager: new MemoryStore() as AgentStore, workers: workerWallets.map(() => new MemoryStore() as AgentStore) };

  // Every agent registers in the identity registry; the manager finds workers only through it.
  const members = { escrow: escrowAddress, workers: cfg.workers.map((w, i) => ({ ...w.profile, wallet: workerWallets[i]! })), manager: managerWallet, arbiter: arbiterWallet };
  const net = await registerMarketAgents(publicClient, members, { address: deployment.registry.address, block: BigInt(deployment.registry.block) });
  const workerIds = net.agentIds.workers;
  const transport: LocalTransport = (await cfg.transport?.(net.security)) ?? new InProcessTransport(net.security);
  const workerTransport = cfg.workerTransport?.(net.security);
  const identity = (name: string) => net.identities.get(name)!;
  const history = indexer && anchorAddress
    ? provenHistory({
        claims: indexer,
        rootOf: async (epoch) => (await readEpoch(publicClient, anchorAddress, epoch))?.root,
        tasks: taskFactsReader(publicClient, { address: escrowAddress }),
        manager: getAddress(managerAddress),
      })
    : undefined;
  const directory = cfg.directory ?? chainDirectory({ publicClient, registry: net.registry, fromBlock: net.fromBlock });
  const market = createMarketPort(directory, { ...cfg.marketOptions, teams: cfg.teamFactory !== undefined, ...(history ? { history, log: cfg.log?.("market") } : {}) });
  // Members sign a team's bid over the network, each with its own key; workers trust the same factory.
  const teams = (endpoint: Endpoint, chainId: number) => (cfg.teamFactory ? { teams: networkTeams({ publicClient, payer: managerWallet, factory: cfg.teamFactory, escrow: escrowAddress, chainId, endpoint, ...(cfg.clock ? { clock: cfg.clock } : {}), ...(cfg.teamTimeoutMs ? { timeoutMs: cfg.teamTimeoutMs } : {}) }) } : {});
  const makeManager = async (store: AgentStore) => {
    const [escrow, endpoint] = [await port(managerWallet, "manager"), await transport.connect(identity("manager"))];
    return new Manager({ escrow, endpoint, llm: cfg.judge, market, signer: walletSigner(managerWallet), reviews, ...teams(endpoint, escrow.chainId), clock: cfg.clock, store,
      log: cfg.log?.("manager"),
      options: { pollIntervalMs: cfg.pollIntervalMs ?? 0, ...cfg.managerOptions },
    });
  };
  const makeWorker = async (i: number, store: AgentStore) =>
    new Worker({
      escrow: await port(workerWallets[i]!),
      endpoint: await (workerTransport ?? transport).connect(identity(cfg.workers[i]!.profile.agentId)),
      llm: cfg.workers[i]!.llm,
      // In the market an agent is its registry id; the configured name stays its display name.
      profile: { ...cfg.workers[i]!.profile, agentId: workerIds[i]! },
      signer: walletSigner(workerWallets[i]!),
      standing: chainStanding({ publicClient, escrow: escrowAddress }),
      ...((cfg.workers[i]!.teamFactory ?? cfg.teamFactory) ? { teamFactory: teamFactoryClient({ publicClient, address: (cfg.workers[i]!.teamFactory ?? cfg.teamFactory)!, payer: workerWallets[i]! }) } : {}),
      ...(cfg.teamTimeoutMs ? { teamTimeoutMs: cfg.teamTimeoutMs } : {}),
      reviews,
      clock: cfg.clock,
      store,
      log: cfg.log?.(cfg.workers[i]!.profile.agentId),
      pollIntervalMs: cfg.pollIntervalMs,
    });

  let manager = await makeManager(stores.manager);
  const workers = await Promise.all(cfg.workers.map((_, i) => makeWorker(i, stores.workers[i]!)));
  const makeArbiter = async () => new Arbiter({
    escrow: await port(arbiterWallet, "arbiter"),
    endpoint: await transport.connect(identity("arbiter")),
    llm: cfg.arbiterJudge ?? cfg.judge,
    silent: cfg.arbiterSilent,
    clock: cfg.clock, pollIntervalMs: cfg.pollIntervalMs, log: cfg.log?.("arbiter"),
    teamMembers: teamMembersReader(publicClient), // a team task's evidence comes from a member's agent
  });
  let arbiter = await makeArbiter();
  for (const agent of [manager, ...workers, arbiter]) await agent.start();
  const settle = () => settleAgents(transport, () => [manager, ...workers, arbiter]);

  return {
    publicClient,
    /** Where the market's contracts are (deployed here unless given). */
    deployment,
    token,
    escrowAddress,
    anchorAddress,
    indexer,
    /** Brings the indexer's clock to the chain's time (before closing epochs or reading scores). */
    async syncIndexerClock(): Promise<void> {
      await local?.syncClock();
    },
    transport,
    network: net, // every member's identity, and what envelopes are sealed and checked with
    market,
    /** The identity registry every agent of this market is registered in. */
    registry: net.registry,
    /** ERC-8004 agent ids, as the market knows the agents (workers in configuration order). */
    agentIds: net.agentIds,
    /** The agent id of the worker configured under `name`. */
    idOf: (name: string): string => workerIds[cfg.workers.findIndex((w) => w.profile.agentId === name)] ?? "",
    accounts: {
      owner: getAddress(owner.account!.address),
      feeRecipient: getAddress(feeRecipient.account!.address),
      manager: getAddress(managerAddress),
      arbiter: getAddress(arbiterWallet.account!.address),
      workers: workerWallets.map((w) => getAddress(w.account!.address)),
    },
    wallets: { manager: managerWallet, arbiter: arbiterWallet, workers: workerWallets },
    get manager() {
      return manager;
    },
    workers,
    get arbiter() {
      return arbiter;
    },
    settle,
    /** Every agent re-reads the chain once (after time moved), then the board settles. */
    async tickAll(): Promise<void> {
      await manager.tick();
      for (const w of workers) await w.tick();
      await arbiter.tick();
      await settle();
    },
    /** Stops the manager and starts a fresh one on the same store, as after a crash. */
    async restartManager(): Promise<Manager> {
      await manager.stop();
      manager = await makeManager(stores.manager);
      await manager.start();
      return manager;
    },
    /** Replaces worker `i` by a fresh process on the same store. */
    async restartWorker(i: number): Promise<Worker> {
      await workers[i]!.stop();
      workers[i] = await makeWorker(i, stores.workers[i]!);
      await workers[i]!.start();
      return workers[i]!;
    },
    /** Stops the arbiter (it stays silent until {@link restartArbiter}) and starts a fresh one. */
    async restartArbiter(): Promise<Arbiter> {
      await arbiter.stop();
      arbiter = await makeArbiter();
      await arbiter.start();
      return arbiter;
    },
    async close(): Promise<void> {
      await manager.stop();
      for (const w of workers) await w.stop();
      await arbiter.stop();
      await transport.close();
      await workerTransport?.close();
      await local?.close();
    },
  };
}

export type LocalMarket = Awaited<ReturnType<typeof createLocalMarket>>;
