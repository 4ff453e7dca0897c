import type { Address } from "viem";
import type { LlmClient } from "../llm/types.js";
import type { ReputationTracker } from "../market/reputation.js";
import type { BidTermsWire, Message, RejectCode } from "../protocol/messages.js";
import type { CapabilityProfile, TaskSpec } from "../protocol/task.js";
import type { Outcome } from "../protocol/taskLifecycle.js";
import type { AgentStore, Clock, EscrowPort, Logger, ReviewSink, TeamFactoryPort, TypedDataSigner } from "../runtime/ports.js";
import type { TaskStore } from "../runtime/TaskStore.js";
import type { TaskFollower } from "../runtime/TaskFollower.js";
import type { Endpoint } from "../transport/Transport.js";
import type { AdmissionPolicy, AnnouncementRefusal, StandingPort } from "./admission.js";

export interface WorkerDeps {
  escrow: EscrowPort;
  endpoint: Endpoint;
  llm: LlmClient;
  profile: CapabilityProfile;
  signer: TypedDataSigner;
  /** Reads the announcing manager's standing on chain (wiring/chainStanding.ts) before any model call. */
  standing?: StandingPort;
  /** What else a manager must show before this worker spends a model call (a minimum reputation). */
  admission?: AdmissionPolicy;
  reviews?: ReviewSink;
  clock?: Clock;
  store?: AgentStore;
  log?: Logger;
  /** Seconds a signed bid stays fundable (default 600). */
  bidTtlSeconds?: bigint;
  /** Price = estimated cost x markup, rounded up (default 1.2). */
  markup?: number;
  /** Wall-clock seconds one step takes, for the bid's time estimate (default 10). */
  secondsPerStep?: number;
  /** Re-read the chain this often (ms) to claim auto-releases; 0 (default) leaves ticking to the caller. */
  pollIntervalMs?: number;
  /**
   * Learns this worker's cost accuracy (actual cost / the model's estimate, per executed task) and
   * scales its price by it; a fresh tracker when omitted.
   */
  costTracker?: ReputationTracker;
  /** The TeamAccountFactory this worker trusts: it signs a team bid only for a wallet this factory makes for the split (teamSigning.ts). */
  teamFactory?: TeamFactoryPort;
  /** How long a fellow team member has to answer a request to sign the team's submit call (default 10 s). */
  teamTimeoutMs?: number;
}

/** Persisted per task the worker bid on. */
export interface WorkerRecord {
  /** Absent when the task became ours on-chain but its spec was never seen (e.g. lost store). */
  spec?: TaskSpec;
  /** The terms we signed: an escrow is our award only if it holds exactly these (see matchesBid). */
  bid?: BidTermsWire;
  output?: string;
  /** The model's cost estimate behind our bid, and the steps execution took (payment-token base units / steps). */
  estimatedCost?: number;
  stepsUsed?: number;
  /** The manager refused or did not pick our bid, and told us why. */
  rejected?: { code: RejectCode; reason: string };
  failed?: boolean;
  /** The team whose bid we signed for this task (its wallet and split). */
  team?: { address: Address; members: Address[]; sharesBps: number[] };
  /** As the team's lead: why the team's submit call was not signed by every member (a TeamSigningError code). */
  teamSubmitFailed?: string;
  /** As the team's lead: the team's task settled (and what the escrow paid the wallet was distributed). */
  teamSettled?: Outcome;
  /** Our evidence went to the arbiter of the dispute. */
  evidenceSent?: boolean;
  finalized?: boolean;
  outcome?: Outcome;
}

/** What the worker's parts (bidding, doing the task) share. */
export interface WorkerCore {
  readonly address: Address;
  readonly deps: WorkerDeps;
  readonly log: Logger;
  readonly clock: Clock;
  /** The agent's whole store (the nonce counter lives beside the task records). */
  readonly store: AgentStore;
  readonly tasks: TaskStore<WorkerRecord>;
  /** Sends a message to each recipient, point to point; failures are logged (runtime/tell.ts). */
  tell(to: Address | readonly Address[], m: Message): Promise<number>;
  /** Runs work that only waits on others (a review waiting for the indexer) beside the queue, so the worker's other tasks go on (AgentLoop.aside). */
  aside(job: () => Promise<void>): void;
  /** Announcements refused without a model call, by reason. */
  readonly refusals: Partial<Record<AnnouncementRefusal, number>>;
  /** This worker's own track record of cost: actual against estimated, per executed task. */
  readonly costs: ReputationTracker;
  /** Which of its tasks the worker follows on chain; each read of one is recorded there. */
  readonly follower?: TaskFollower;
}

/** A worker's core whose decisions come from elsewhere (an MCP host's model): everything but the LLM. */
export type HostedWorkerCore = Omit<WorkerCore, "deps" | "costs" | "aside"> & { readonly deps: Omit<WorkerDeps, "llm"> };

/** A worker's own estimate, as its owner (an MCP host's model) states it when bidding. */
export interface HostBid {
  price: bigint;
  successProbability: number;
  estimatedSteps: number;
  rationale: string;
}
