import type { Address, Hex } from "viem";
import type { LlmClient } from "../llm/types.js";
import type { BidMessage, BidTermsWire, Message, ReportMessage } from "../protocol/messages.js";
import type { TaskSpec } from "../protocol/task.js";
import type { VerdictRecord } from "../protocol/verdict.js";
import type { Outcome } from "../protocol/taskLifecycle.js";
import type { AgentStore, Candidate, CandidateBid, Clock, EscrowPort, Logger, MarketPort, ReviewSink, TeamPort, TypedDataSigner } from "../runtime/ports.js";
import type { TaskStore } from "../runtime/TaskStore.js";
import type { Endpoint } from "../transport/Transport.js";
import type { ManagerLocal } from "./decide.js";
import type { TaskFollower } from "../runtime/TaskFollower.js";

export interface ManagerOptions {
  /** How long bids are collected; closes early once every capable worker has bid. */
  bidWindowMs: number;
  /** Judge score at or above which the result is released. */
  acceptScore: number;
  /** A bid must stay fundable this long after it arrives. */
  minBidValiditySeconds: bigint;
  /** Seconds before the review deadline at which an undelivered result is disputed. */
  resultGraceSeconds: bigint;
  /** Re-read the chain this often (ms) to catch deadlines; 0 leaves ticking to the caller. */
  pollIntervalMs: number;
  /**
   * The manager's owner decides (an MCP host's model): no bid window closes by itself, results
   * are kept but not judged, nothing is disputed or reviewed on its own. Deadlines still act:
   * refunds and fallback settlements happen as they fall due.
   */
  hostDecides: boolean;
}

export interface ManagerDeps {
  escrow: EscrowPort;
  endpoint: Endpoint;
  /** The judge; its `kind`, when it has one, names it in each verdict record. */
  llm: Pick<LlmClient, "judge"> & Partial<Pick<LlmClient, "kind">>;
  market: MarketPort;
  signer: TypedDataSigner;
  reviews?: ReviewSink;
  /** Makes and binds teams; without it a task no single worker can do stays unawarded. */
  teams?: TeamPort;
  clock?: Clock;
  store?: AgentStore;
  log?: Logger;
  options?: Partial<ManagerOptions>;
}

/** Persisted per task: what the manager cannot read back from the chain. */
export interface TaskRecord extends ManagerLocal {
  spec: TaskSpec;
  specHash: Hex;
  phase: "bidding" | "awarded" | "unawarded";
  /** The agents asked to bid (at most K, chosen from the registry at announcement). */
  asked?: Candidate[];
  /** Chain time (unix seconds) of the announcement (announcedTasks.ts). */
  announcedAt?: number;
  /** How many bids passed the checks while bidding was open: a count only, the bids are not kept. */
  bidsReceived?: number;
  /** The worker's EIP-712 Result signature over the delivered result (evidence for the arbiter). */
  resultSignature?: Hex;
  /** The agents asked hold only some of the skills each: the award goes to a team formed from their bids. */
  teamCall?: boolean;
  winner?: { worker: Address; agentId: string; terms: BidTermsWire; signature: Hex; estimate: BidMessage["estimate"]; fundTx?: Hex; team?: TeamRecord };
  outcome?: Outcome;
  /** The judge's verdict on the delivered result, as a replayable record (protocol/verdict.ts). */
  verdict?: VerdictRecord;
}

/** A team the manager formed and funded: its members (ascending), their Shapley shares, and what each bid for its part. */
export interface TeamRecord {
  members: { address: Address; agentId: string; shareBps: number; price: string; claimedSuccess: number }[];
  /** The team's success probability as formTeams valued it, and its expected value at what it asks: budget × success − amount. */
  success: number;
  expectedValue: number;
}

/**
 * What the manager's parts (award loop, result intake, settlement, recovery) share: the
 * injected dependencies, the options, the task records and two ways back into the manager.
 */
export interface ManagerCore {
  readonly address: Address;
  readonly deps: ManagerDeps;
  readonly options: ManagerOptions;
  readonly log: Logger;
  readonly clock: Clock;
  readonly tasks: TaskStore<TaskRecord>;
  /** Bids received per open task (lost on restart by design: bidding is then withdrawn). */
  readonly bids: Map<Hex, CandidateBid[]>;
  /** Wallets of capable agents not asked, per open task: their bids are refused as `not-asked`. */
  readonly notAsked: Map<Hex, Address[]>;
  /** The bid window timer per open task. */
  readonly windows: Map<Hex, unknown>;
  /** Sends a message to each recipient, point to point; failures are logged (runtime/tell.ts). */
  tell(to: Address | readonly Address[], m: Message): Promise<number>;
  /** Sends a report to the task's worker and resolves whoever awaits the task's outcome. */
  report(taskId: Hex, report: Omit<ReportMessage, "type" | "taskId" | "reporter">): Promise<void>;
  /** Runs work that only waits on others (a review waiting for the indexer) beside the queue, so the manager's other tasks go on (AgentLoop.aside). */
  aside(job: () => Promise<void>): void;
  /** Which of its escrows the manager follows on chain; each read of one is recorded there. */
  readonly follower?: TaskFollower;
}
