import type { Address } from "viem";
import type { LocalChain } from "../deploy/deployLocalMarket.js";
import type { Deployment } from "../deploy/deployment.js";
import type { LlmClient } from "../llm/types.js";
import type { RegistryMirrorOptions } from "../indexer/registry/registryMirror.js";
import type { JuryMirrorOptions } from "../indexer/jury/juryMirror.js";
import type { ManagerOptions } from "../manager/Manager.js";
import type { MarketPortOptions } from "../manager/createMarketPort.js";
import type { AgentDirectory } from "../registry/directory.js";
import type { CapabilityProfile } from "../protocol/task.js";
import type { Clock, EscrowPort, Logger, ReviewSink } from "../runtime/ports.js";
import type { Transport } from "../transport/Transport.js";
import type { NetworkSecurity } from "../transport/envelopes.js";
import type { InProcessTransport } from "../transport/InProcessTransport.js";

/** A network a local market runs on; the in-process one also drains, observes and takes raw posts. */
export type LocalTransport = Transport & { drained?: () => Promise<void>; observe?: InProcessTransport["observe"]; post?: InProcessTransport["post"] };

export interface LocalWorkerConfig {
  profile: CapabilityProfile;
  llm: LlmClient;
  /** The TeamAccountFactory this worker trusts when it signs a team bid (default: the market's `teamFactory`). */
  teamFactory?: Address;
}

export interface LocalMarketConfig {
  /** The network connection (`await network.create()`) the market runs on. */
  chain: LocalChain;
  workers: LocalWorkerConfig[];
  /** The manager's (and by default the arbiter's) judge. */
  judge: Pick<LlmClient, "judge">;
  arbiterJudge?: Pick<LlmClient, "judge">;
  arbiterSilent?: boolean;
  /** The escrow's fee when the market is deployed here (default 1%). */
  feeBps?: number;
  /** Token base units minted to the manager. */
  managerFunds?: bigint;
  /** The network the agents talk over, built with the market's security (default: an InProcessTransport). */
  transport?: (security: NetworkSecurity) => Promise<LocalTransport> | LocalTransport;
  /** Where the workers connect (default: `transport`), e.g. a second A2ATransport. */
  workerTransport?: (security: NetworkSecurity) => Transport;
  clock?: Clock;
  reviews?: ReviewSink;
  managerOptions?: Partial<ManagerOptions>;
  /** Every agent re-reads the chain this often (ms); 0 (default) means the caller ticks. */
  pollIntervalMs?: number;
  log?: (name: string) => Logger | undefined;
  /**
   * Also run the reputation indexer in-process (embedded PGlite), anchoring to the deployment's
   * ReputationAnchor, with reviews from every agent posted to it. When the market is deployed here
   * its epochs last `epochSeconds` of chain time (default 60); a given deployment fixes its own.
   */
  indexer?: { epochSeconds?: number; databaseUrl?: string; registry?: RegistryMirrorOptions; jury?: JuryMirrorOptions["jury"]; teamFactory?: JuryMirrorOptions["teamFactory"] };
  /**
   * A market already deployed with deployLocalMarket (e.g. to deploy more contracts against it
   * first); without it createLocalMarket deploys one. Its token must be the mintable demo token.
   */
  deployment?: Deployment;
  /** Where the manager discovers workers (default: straight from the identity registry). */
  directory?: AgentDirectory;
  /** Candidate selection settings (K, exploration rate, seed). */
  marketOptions?: Pick<MarketPortOptions, "maxCandidates" | "explorationRate" | "seed">;
  /**
   * A TeamAccountFactory: the manager then answers a task no single worker can do with a team
   * call and awards a team formed from the bids (agents/manager/teamAward.ts, wiring/networkTeams.ts).
   */
  teamFactory?: Address;
  /** How long a team member has to answer a request to sign the team's bid or its submit call (default 10 s). */
  teamTimeoutMs?: number;
  /** Wraps an agent's escrow port (fault injection in tests: lost receipts, slow RPC). */
  wrapEscrow?: (role: "manager" | "worker" | "arbiter", port: EscrowPort) => EscrowPort;
}

