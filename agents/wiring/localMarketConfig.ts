import type { HardhatViemHelpers } from "@nomicfoundation/hardhat-viem/types";
import type { LlmClient } from "../llm/types.js";
import type { Address } from "viem";
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
}

export interface LocalMarketConfig {
  viem: HardhatViemHelpers;
  workers: LocalWorkerConfig[];
  /** The manager's (and by default the arbiter's) judge. */
  judge: Pick<LlmClient, "judge">;
  arbiterJudge?: Pick<LlmClient, "judge">;
  arbiterSilent?: boolean;
  feeBps?: number;
  /** Token base units minted to the manager. */
  managerFunds?: bigint;
  /** The network the agents talk over, built with the market's security (default: an InProcessTransport). */
  transport?: (security: NetworkSecurity) => Promise<LocalTransport> | LocalTransport;
  /** Where the workers connect (default: `transport`), e.g. an HttpTransport to an HttpBoard. */
  workerTransport?: (security: NetworkSecurity) => Transport;
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
  indexer?: { epochSeconds?: number; databaseUrl?: string; registry?: RegistryMirrorOptions; jury?: JuryMirrorOptions["jury"]; teamFactory?: JuryMirrorOptions["teamFactory"] };
  /**
   * Contracts already deployed (e.g. by the Ignition modules in deploy/): the token, escrow and
   * anchor are then used as they are instead of being deployed here. The anchor must let
   * account 0 anchor, and the escrow's fee recipient must be account 1.
   */
  contracts?: { token: Address; escrow: Address; anchor?: Address; registry?: { address: Address; block: bigint } };
  /** Where the manager discovers workers (default: straight from the identity registry). */
  directory?: AgentDirectory;
  /** Candidate selection settings (K, exploration rate, seed). */
  marketOptions?: Pick<MarketPortOptions, "maxCandidates" | "explorationRate" | "seed">;
  /** Wraps an agent's escrow port (fault injection in tests: lost receipts, slow RPC). */
  wrapEscrow?: (role: "manager" | "worker" | "arbiter", port: EscrowPort) => EscrowPort;
}

