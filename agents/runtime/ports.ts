import type { Address, Hex } from "viem";
import type { BidTerms } from "../protocol/eip712.js";
import type { ReviewFields } from "../protocol/review.js";
import type { TaskSpec } from "../protocol/task.js";
import type { EscrowClient } from "../chain/escrow.js";
import type { BidEstimate } from "../protocol/messages.js";

/**
 * What the agents need from the outside world. Each port is injected, so the decision logic
 * runs the same against the in-process Hardhat network, a real chain, or a test double.
 */

export type { EscrowTask, TaskRef, TxResult } from "../chain/escrowTypes.js";

/**
 * One party's handle on the TaskEscrow contract (its wallet signs every write): the part of the
 * escrow client (`createEscrowClient`, agents/chain/escrow.ts) the agents use, so a client is a
 * port as it is, and a test double or a fault wrapper implements just these.
 */
export type EscrowPort = Pick<
  EscrowClient,
  | "address" | "chainId" | "account"
  | "fund" | "submit" | "release" | "autoRelease" | "dispute" | "rule" | "cancel" | "settleFallback" | "refund" | "decline"
  | "getTask" | "tasksWhere" | "now" | "watch"
>;

/** Signs EIP-712 typed data as the agent's address (a viem Account or WalletClient fits); a local key also signs a ready digest. */
export interface TypedDataSigner {
  readonly address: Address;
  signTypedData(args: { domain: object; types: object; primaryType: string; message: object }): Promise<Hex>;
  signDigest?(digest: Hex): Promise<Hex>;
}

/** A bid that passed every check, as the market scores it. */
export interface CandidateBid {
  worker: Address;
  agentId: string;
  terms: BidTerms;
  signature: Hex;
  estimate: BidEstimate;
}

/** Why a bid ranks where it does: the scorer's parts (see market/scorer.ts) and whether it may win. */
export interface BidScore {
  agentId: string;
  /** Reputation in [0, 1] from the tracker's outcomes and the proven indexer history. */
  reputation: number;
  /** Factor applied to the claimed success (EMA of actual / claimed). */
  calibration: number;
  calibratedSuccess: number;
  costScore: number;
  composite: number;
  /** Exploration bonus (UCB) for little-known workers. */
  ucb: number;
  final: number;
  /** Calibrated success reaches the threshold and the price fits the budget. */
  eligible: boolean;
}

/** An agent asked to bid: its ERC-8004 id, the wallet that must sign its bid, its A2A endpoint. */
export interface Candidate {
  agentId: string;
  address: Address;
  url: string;
  /** Its registered skills among the task's required ones (set on a team call, where each holds only some). */
  skills?: string[];
}

/** Whom a task's announcement goes to, and the capable agents it does not go to. */
export interface Solicitation {
  /** At most K (market/candidates.ts). */
  asked: Candidate[];
  /** Wallets of registered capable agents that were not asked (their bids are refused as `not-asked`). */
  notAsked: Address[];
  /** Nobody registered has every required skill: the agents asked hold some of them, for a team. */
  teamCall?: boolean;
}

/**
 * How a manager makes and binds a team (agents/manager/teamAward.ts): a TeamAccount wallet from
 * the factory with fixed shares, and the one bid every member signs (ERC-1271: the team's
 * signature holds only with every member's).
 */
export interface TeamPort {
  /** Where the team wallet for these members (ascending) and shares (basis points) is or will be (CREATE2; the first member takes the dust). */
  predict(members: Address[], sharesBps: number[]): Promise<Address>;
  /** The team wallet, created if new. */
  create(members: Address[], sharesBps: number[]): Promise<Address>;
  /**
   * Every member's signature of the team's bid (`bid.worker` is the team wallet), encoded as
   * TeamAccount reads it. `claimsBps` is each member's own claimed success (its bid's
   * `claimedSuccessBps`), in member order: the team's claim may not exceed what they support.
   */
  signBid(team: { members: Address[]; sharesBps: number[]; claimsBps: number[] }, bid: BidTerms): Promise<Hex>;
}

/**
 * A TeamAccountFactory an agent trusts: where it makes (CREATE2) the wallet of a split, and the
 * calls a member's agent makes on such a wallet (chain/teamFactory.ts).
 */
export interface TeamFactoryPort {
  /** The team wallet for these members (strictly ascending), shares (basis points) and dust member. */
  predict(members: Address[], sharesBps: number[], dustMember: Address): Promise<Address>;
  /** The split a team wallet holds (a restarted member re-derives its team from it); undefined for an address that is no TeamAccount. */
  split(team: Address): Promise<{ members: Address[]; sharesBps: number[]; dustMember: Address } | undefined>;
  /** The nonce the team wallet's next `execute` must be signed with. */
  nonce(team: Address): Promise<bigint>;
  /** Sends `execute(target, data, signatures)` to the team wallet from this agent's own wallet. */
  execute(team: Address, call: { target: Address; data: Hex }, signatures: Hex): Promise<Hex>;
  /** Pays each member its share of the team wallet's `token` balance (anyone may); undefined when the wallet holds none. */
  distribute(team: Address, token: Address): Promise<Hex | undefined>;
}

/** The manager's market logic: discovery and candidate selection, scoring, learning from outcomes. */
export interface MarketPort {
  /** Registered agents with every required skill, of which at most K are asked. */
  solicit(spec: TaskSpec): Promise<Solicitation>;
  /** Best first; throws a typed error when no bid clears the minimum success threshold. */
  rank(spec: TaskSpec, bids: CandidateBid[], chainNow: bigint): CandidateBid[];
  /** Every bid's score and its parts, best first (what `rank` decides on), for an owner who awards by hand. */
  explain?(spec: TaskSpec, bids: CandidateBid[], chainNow: bigint): BidScore[];
  /** The escrow is funded for this bid: it counts as an award (UCB's n). */
  recordAward(bid: CandidateBid): void;
  recordOutcome(bid: CandidateBid, outcome: { success: boolean; score: number; paid: bigint }): void;
  /** Reloads each worker's indexer history, keeping only what verifies against on-chain roots. */
  refreshHistory?(workers: { address: Address; agentId: string }[]): Promise<void>;
}

/** Where signed reviews go (the reputation indexer). */
export interface ReviewSink {
  postReview(review: { fields: ReviewFields; signature: Hex }): Promise<void>;
}

/** Injected time for timers (wall clock, ms); chain time comes from {@link EscrowPort.now}. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** Off-chain memory that survives a restart (specs, results); chain state is always re-read. */
export interface AgentStore {
  get<T>(key: string): T | undefined;
  set<T>(key: string, value: T): void;
  keys(prefix: string): string[];
}

export interface Logger {
  info(msg: string, details?: Record<string, unknown>): void;
  warn(msg: string, details?: Record<string, unknown>): void;
}
