import { getAddress, maxUint256, type PublicClient } from "viem";
import { createMarketPort } from "../manager/createMarketPort.js";
import type { Manager } from "../manager/Manager.js";
import type { Arbiter } from "../arbiter/Arbiter.js";
import type { Worker } from "../worker/Worker.js";
import { localAgents } from "./localAgents.js";
import { InProcessTransport } from "../transport/InProcessTransport.js";
import { localAccounts } from "./localAccounts.js";
import { startLocalIndexer } from "./localIndexer.js";
import type { LocalMarketConfig, LocalTransport } from "./localMarketConfig.js";
import { MemoryStore } from "../runtime/MemoryStore.js";
import type { AgentStore } from "../runtime/ports.js";
import { provenHistory } from "../runtime/provenHistory.js";
import { readEpoch } from "../chain/anchor.js";
import { taskFactsReader } from "../chain/taskFacts.js";
import { chainDirectory } from "../registry/chainDirectory.js";
import { registerMarketAgents } from "./registerLocalAgents.js";
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

  const stores = { manager: new MemoryStore() as AgentStore, workers: workerWallets.map(() => new MemoryStore() as AgentStore) };

  // Every agent registers in the identity registry; the manager finds workers only through it.
  const members = { escrow: escrowAddress, workers: cfg.workers.map((w, i) => ({ ...w.profile, wallet: workerWallets[i]! })), manager: managerWallet, arbiter: arbiterWallet };
  const net = await registerMarketAgents(publicClient, members, { address: deployment.registry.address, block: BigInt(deployment.registry.block) });
  const workerIds = net.agentIds.workers;
  const transport: LocalTransport = (await cfg.transport?.(net.security)) ?? new InProcessTransport(net.security);
  const workerTransport = cfg.workerTransport?.(net.security);
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
  const { makeManager, makeWorker, makeArbiter } = localAgents({
    cfg, publicClient, escrowAddress, market, reviews, transport, net,
    wallets: { manager: managerWallet, arbiter: arbiterWallet, workers: workerWallets },
    ...(workerTransport ? { workerTransport } : {}),
  });

  let manager = await makeManager(stores.manager);
  const workers = await Promise.all(cfg.workers.map((_, i) => makeWorker(i, stores.workers[i]!)));
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
