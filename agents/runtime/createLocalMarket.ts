import type { HardhatViemHelpers } from "@nomicfoundation/hardhat-viem/types";
import { getAddress, maxUint256, type Address, type PublicClient, type WalletClient } from "viem";
import { Arbiter } from "../arbiter/Arbiter.js";
import { createMarketPort } from "../manager/createMarketPort.js";
import { Manager, type ManagerOptions } from "../manager/Manager.js";
import type { CapabilityProfile } from "../protocol/task.js";
import { InProcessTransport } from "../transport/InProcessTransport.js";
import type { Transport } from "../transport/Transport.js";
import { Worker } from "../worker/Worker.js";
import { createIndexer, openDb, type Indexer } from "../indexer/index.js";
import type { RegistryMirrorOptions } from "../indexer/registry/registryMirror.js";
import { createEscrowPort } from "./createEscrowPort.js";
import { indexerReviewSink } from "./indexerReviewSink.js";
import { MemoryStore } from "./MemoryStore.js";
import type { AgentStore, Clock, EscrowPort, LlmPort, Logger, ReviewSink } from "./ports.js";
import { walletSigner } from "./walletSigner.js";
import { verifiedHistory } from "./verifiedHistory.js";
import { readEpoch } from "../chain/anchor.js";

export interface LocalWorkerConfig {
  profile: CapabilityProfile;
  llm: LlmPort;
}

export interface LocalMarketConfig {
  viem: HardhatViemHelpers;
  workers: LocalWorkerConfig[];
  /** The manager's (and by default the arbiter's) judge. */
  judge: Pick<LlmPort, "judge">;
  arbiterJudge?: Pick<LlmPort, "judge">;
  arbiterSilent?: boolean;
  feeBps?: number;
  /** Token base units minted to the manager. */
  managerFunds?: bigint;
  transport?: Transport & { drained?: () => Promise<void> };
  /** Where the workers connect (default: `transport`), e.g. an HttpTransport to an HttpBoard. */
  workerTransport?: Transport;
  clock?: Clock;
  reviews?: ReviewSink;
  managerOptions?: Partial<ManagerOptions>;
  /** Every agent re-reads the chain this often (ms); 0 (default) means the caller ticks. */
  pollIntervalMs?: number;
  log?: (name: string) => Logger | undefined;
  /**
   * Also deploy a ReputationAnchor and run the reputation indexer in-process (embedded PGlite),
   * with reviews from every agent posted to it. Epochs last `epochSeconds` of chain time.
   */
  indexer?: { epochSeconds?: number; databaseUrl?: string; registry?: RegistryMirrorOptions };
  /**
   * Contracts already deployed (e.g. by the Ignition modules in deploy/): the token, escrow and
   * anchor are then used as they are instead of being deployed here. The anchor must let
   * account 0 anchor, and the escrow's fee recipient must be account 1.
   */
  contracts?: { token: Address; escrow: Address; anchor?: Address };
  /** Wraps an agent's escrow port (fault injection in tests: lost receipts, slow RPC). */
  wrapEscrow?: (role: "manager" | "worker" | "arbiter", port: EscrowPort) => EscrowPort;
}

/**
 * Deploys a token and a TaskEscrow on a Hardhat network, funds the manager, and starts one
 * manager, the given workers and an arbiter on one board (in-process by default). This is what
 * the embedded demo and the integration tests run.
 *
 * @example
 * const { viem } = await network.create();
 * const market = await createLocalMarket({ viem, workers, judge: new SimulatedLlmClient() });
 * const taskId = await market.manager.announce(spec);
 * await market.settle();
 */
export async function createLocalMarket(cfg: LocalMarketConfig) {
  const { viem } = cfg;
  const wallets = (await viem.getWalletClients()) as unknown as WalletClient[];
  const need = 4 + cfg.workers.length;
  if (wallets.length < need) throw new Error(`createLocalMarket: need ${need} accounts, have ${wallets.length}`);
  const [owner, feeRecipient, managerWallet, arbiterWallet, ...rest] = wallets as [WalletClient, WalletClient, WalletClient, WalletClient, ...WalletClient[]];
  const workerWallets = rest.slice(0, cfg.workers.length);
  const publicClient = (await viem.getPublicClient()) as unknown as PublicClient;

  const token = cfg.contracts
    ? await viem.getContractAt("MockUSDC", cfg.contracts.token)
    : await viem.deployContract("MockUSDC");
  const escrowAddress = cfg.contracts
    ? cfg.contracts.escrow
    : ((await viem.deployContract("TaskEscrow", [owner.account!.address, feeRecipient.account!.address, cfg.feeBps ?? 100])).address as Address);
  const managerAddress = managerWallet.account!.address;
  await token.write.mint([managerAddress, cfg.managerFunds ?? 1_000_000_000n]);
  const tokenAsManager = await viem.getContractAt("MockUSDC", token.address, { client: { wallet: managerWallet as never } });
  await tokenAsManager.write.approve([escrowAddress, maxUint256]);

  let reviews = cfg.reviews;
  let indexer: Indexer | undefined;
  let indexerDb: Awaited<ReturnType<typeof openDb>> | undefined;
  let anchorAddress: Address | undefined;
  let chainSeconds = Number((await publicClient.getBlock()).timestamp);
  if (cfg.indexer) {
    const epochSeconds = cfg.indexer.epochSeconds ?? 60;
    anchorAddress =
      cfg.contracts?.anchor ??
      ((await viem.deployContract("ReputationAnchor", [owner.account!.address, owner.account!.address, BigInt(epochSeconds)])).address as Address);
    indexer = await createIndexer({
      db: (indexerDb = await openDb({ databaseUrl: cfg.indexer.databaseUrl })),
      publicClient,
      walletClient: owner,
      escrow: escrowAddress,
      anchor: anchorAddress,
      epochSeconds,
      confirmations: 0,
      // Reviews carry chain time, and tests move chain time ahead of the wall clock.
      clock: () => chainSeconds,
      ...(cfg.indexer.registry ? { registry: cfg.indexer.registry } : {}),
    });
    reviews = indexerReviewSink(indexer, async () => {
      chainSeconds = Number((await publicClient.getBlock()).timestamp);
    });
  }

  const port = async (wallet: WalletClient, role: "manager" | "worker" | "arbiter" = "worker"): Promise<EscrowPort> => {
    const p = await createEscrowPort({ publicClient, walletClient: wallet, address: escrowAddress });
    return cfg.wrapEscrow ? cfg.wrapEscrow(role, p) : p;
  };
  const transport = cfg.transport ?? new InProcessTransport();
  const stores = { manager: new MemoryStore() as AgentStore, workers: workerWallets.map(() => new MemoryStore() as AgentStore) };

  const market = createMarketPort(
    cfg.workers.map((w, i) => ({ profile: w.profile, address: workerWallets[i]!.account!.address })),
    indexer && anchorAddress
      ? {
          history: verifiedHistory({
            claims: indexer,
            rootOf: async (epoch) => (await readEpoch(publicClient, anchorAddress!, epoch))?.root,
            manager: getAddress(managerAddress),
          }),
          log: cfg.log?.("market"),
        }
      : {},
  );
  const makeManager = async (store: AgentStore) =>
    new Manager({
      escrow: await port(managerWallet, "manager"),
      endpoint: await transport.connect("manager"),
      llm: cfg.judge,
      market,
      signer: walletSigner(managerWallet),
      reviews,
      clock: cfg.clock,
      store,
      log: cfg.log?.("manager"),
      options: { pollIntervalMs: cfg.pollIntervalMs ?? 0, ...cfg.managerOptions },
    });
  const makeWorker = async (i: number, store: AgentStore) =>
    new Worker({
      escrow: await port(workerWallets[i]!),
      endpoint: await (cfg.workerTransport ?? transport).connect(cfg.workers[i]!.profile.agentId),
      llm: cfg.workers[i]!.llm,
      profile: cfg.workers[i]!.profile,
      signer: walletSigner(workerWallets[i]!),
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
    endpoint: await transport.connect("arbiter"),
    llm: cfg.arbiterJudge ?? cfg.judge,
    silent: cfg.arbiterSilent,
    clock: cfg.clock,
    pollIntervalMs: cfg.pollIntervalMs,
    log: cfg.log?.("arbiter"),
  });
  let arbiter = await makeArbiter();
  await manager.start();
  for (const w of workers) await w.start();
  await arbiter.start();

  /** Waits until no message is in flight and no agent has work queued. */
  async function settle(): Promise<void> {
    for (let quiet = 0; quiet < 2; ) {
      await transport.drained?.();
      await new Promise((r) => setImmediate(r));
      const agents = [manager, ...workers, arbiter];
      const busy = agents.some((a) => a.busy);
      await Promise.all(agents.map((a) => a.idle()));
      quiet = busy ? 0 : quiet + 1;
    }
  }

  return {
    publicClient,
    token,
    escrowAddress,
    anchorAddress,
    indexer,
    /** Brings the indexer's clock to the chain's time (before closing epochs or reading scores). */
    async syncIndexerClock(): Promise<void> {
      chainSeconds = Number((await publicClient.getBlock()).timestamp);
    },
    transport,
    market,
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
      await cfg.workerTransport?.close();
      await indexerDb?.close();
    },
  };
}

export type LocalMarket = Awaited<ReturnType<typeof createLocalMarket>>;
