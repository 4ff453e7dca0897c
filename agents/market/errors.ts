import { UserInputError } from "../errors.js";
import type { AgentErrorOptions } from "../errors.js";

/** Why an allocation produced no award. */
export type MarketAllocationCode = "MARKET_ALLOCATION_REJECTED" | "MARKET_WINNER_NOT_MEMBER" | "MARKET_NO_MEMBERS";

/** Machine-readable state of a failed allocation, mirrored in `details.status`. */
export type MarketAllocationStatus = "rejected" | "winner-not-member" | "no-members";

const STATUS: Record<MarketAllocationCode, MarketAllocationStatus> = {
  MARKET_ALLOCATION_REJECTED: "rejected",
  MARKET_WINNER_NOT_MEMBER: "winner-not-member",
  MARKET_NO_MEMBERS: "no-members",
};

export interface MarketAllocationDetails {
  taskId: string;
  /** Every bid the allocator saw, scored where it could be (JSON-friendly). */
  bids: readonly unknown[];
  minSuccessThreshold: number;
  [key: string]: unknown;
}

/**
 * The market could not award a task. It is a {@link UserInputError}: the outcome follows from
 * what the caller asked (skills nobody has, a threshold no bid reaches, a bid from an agent
 * that was never solicited), and asking again unchanged gives the same answer.
 *
 * @example
 * try { allocator.allocate(task, bids, members); }
 * catch (e) { if (e instanceof MarketAllocationError && e.code === "MARKET_ALLOCATION_REJECTED") repost(task); }
 */
export class MarketAllocationError extends UserInputError {
  override name = "MarketAllocationError";
  declare readonly code: MarketAllocationCode;
  readonly status: MarketAllocationStatus;

  constructor(code: MarketAllocationCode, shortMessage: string, details: MarketAllocationDetails, cause?: unknown) {
    super(shortMessage, { code, details: { ...details, status: STATUS[code] }, cause });
    this.status = STATUS[code];
  }
}

/** A market function was called with values outside its domain (weights, counts, rates). */
export class MarketInputError extends UserInputError {
  override name = "MarketInputError";
  constructor(shortMessage: string, options: Omit<AgentErrorOptions, "code"> & { code?: string } = {}) {
    super(shortMessage, { ...options, code: options.code ?? "MARKET_INVALID_INPUT" });
  }
}
