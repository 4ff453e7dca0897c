import type { Address, PublicClient, WalletClient } from "viem";
import { Arbiter } from "../arbiter/Arbiter.js";
import { createEscrowClient } from "../chain/escrow.js";
import { teamFactoryClient, teamMembersReader } from "../chain/teamFactory.js";
import type { createMarketPort } from "../manager/createMarketPort.js";
import { Manager } from "../manager/Manager.js";
import type { AgentStore, EscrowPort, ReviewSink } from "../runtime/ports.js";
import { walletSigner } from "../runtime/walletSigner.js";
import type { Endpoint, Transport } from "../transport/Transport.js";
import { Worker } from "../worker/Worker.js";
import { chainStanding } from "./chainStanding.js";
import type { LocalAccounts } from "./localAccounts.js";
import type { LocalMarketConfig, LocalTransport } from "./localMarketConfig.js";
import { networkTeams } from "./networkTeams.js";
import type { registerMarketAgents } from "./registerLocalAgents.js";

/** What a local market's agents are built from: the deployed escrow, the registered network and the market port. */
export interface LocalAgentsContext {
  cfg: LocalMarketConfig;
  publicClient: PublicClient;
  escrowAddress: Address;
  wallets: Pick<LocalAccounts, "manager" | "arbiter" | "workers">;
  net: Awaited<ReturnType<typeof registerMarketAgents>>;
  transport: LocalTransport;
  workerTransport?: Transport;
  market: ReturnType<typeof createMarketPort>;
  reviews?: ReviewSink;
}

/**
 * The constructors of a local market's manager, workers and arbiter, each on its own wallet,
 * escrow client and endpoint: createLocalMarket starts one of each and calls them again to
 * restart an agent on the same store, as after a crash.
 *
 * @example
 * const { makeManager, makeWorker, makeArbiter } = localAgents(ctx);
 * const manager = await makeManager(new MemoryStore());
 */
export function localAgents(ctx: LocalAgentsContext) {
  const { cfg, publicClient, escrowAddress, wallets, net, transport, market, reviews } = ctx;
  const identity = (name: string) => net.identities.get(name)!;
  const port = async (wallet: WalletClient, role: "manager" | "worker" | "arbiter" = "worker"): Promise<EscrowPort> => {
    const p = createEscrowClient({ publicClient, walletClient: wallet, address: escrowAddress });
    return cfg.wrapEscrow ? cfg.wrapEscrow(role, p) : p;
  };
  // Members sign a team's bid over the network, each with its own key; workers trust the same factory.
  const teams = (endpoint: Endpoint, chainId: number) => (cfg.teamFactory ? { teams: networkTeams({ publicClient, payer: wallets.manager, factory: cfg.teamFactory, escrow: escrowAddress, chainId, endpoint, ...(cfg.clock ? { clock: cfg.clock } : {}), ...(cfg.teamTimeoutMs ? { timeoutMs: cfg.teamTimeoutMs } : {}) }) } : {});

  const makeManager = async (store: AgentStore) => {
    const [escrow, endpoint] = [await port(wallets.manager, "manager"), await transport.connect(identity("manager"))];
    return new Manager({ escrow, endpoint, llm: cfg.judge, market, signer: walletSigner(wallets.manager), reviews, ...teams(endpoint, escrow.chainId), clock: cfg.clock, store,
      log: cfg.log?.("manager"),
      options: { pollIntervalMs: cfg.pollIntervalMs ?? 0, ...cfg.managerOptions },
    });
  };
  const makeWorker = async (i: number, store: AgentStore) => {
    const worker = cfg.workers[i]!;
    const factory = worker.teamFactory ?? cfg.teamFactory;
    return new Worker({
      escrow: await port(wallets.workers[i]!),
      endpoint: await (ctx.workerTransport ?? transport).connect(identity(worker.profile.agentId)),
      llm: worker.llm,
      // In the market an agent is its registry id; the configured name stays its display name.
      profile: { ...worker.profile, agentId: net.agentIds.workers[i]! },
      signer: walletSigner(wallets.workers[i]!),
      standing: chainStanding({ publicClient, escrow: escrowAddress }),
      ...(factory ? { teamFactory: teamFactoryClient({ publicClient, address: factory, payer: wallets.workers[i]! }) } : {}),
      ...(cfg.teamTimeoutMs ? { teamTimeoutMs: cfg.teamTimeoutMs } : {}),
      reviews,
      clock: cfg.clock,
      store,
      log: cfg.log?.(worker.profile.agentId),
      pollIntervalMs: cfg.pollIntervalMs,
    });
  };
  const makeArbiter = async () =>
    new Arbiter({
      escrow: await port(wallets.arbiter, "arbiter"),
      endpoint: await transport.connect(identity("arbiter")),
      llm: cfg.arbiterJudge ?? cfg.judge,
      silent: cfg.arbiterSilent,
      clock: cfg.clock,
      pollIntervalMs: cfg.pollIntervalMs,
      log: cfg.log?.("arbiter"),
      teamMembers: teamMembersReader(publicClient), // a team task's evidence comes from a member's agent
    });
  return { makeManager, makeWorker, makeArbiter };
}
