import { isAddressEqual } from "viem";
import type { BidTerms } from "../protocol/eip712.js";
import type { EscrowTask } from "./ports.js";

/**
 * Whether an escrow holds exactly the bid that was awarded: every signed term the escrow commits
 * (client, worker, token, amount, arbiter, deadline, review period, spec hash) matches; the nonce is
 * only the worker's cancellation handle, no term.
 * An agent treats a task as its award only then; a worker field alone proves nothing (issue 11,
 * finding 2: anyone can fund their own 1-wei task under an announced id).
 *
 * @example
 * if (!matchesBid(await escrow.getTask(bid), bid)) log.warn("not our award");
 */
export function matchesBid(task: EscrowTask, bid: BidTerms): boolean {
  return (
    task.taskId === bid.taskId && // both lower case: read from the chain, decoded from the bid
    isAddressEqual(task.terms.client, bid.client) &&
    isAddressEqual(task.terms.worker, bid.worker) &&
    isAddressEqual(task.terms.token, bid.token) &&
    isAddressEqual(task.terms.arbiter, bid.arbiter) &&
    task.terms.amount === bid.amount &&
    task.terms.deadline === bid.deadline &&
    task.terms.reviewPeriod === bid.reviewPeriod &&
    task.specHash === bid.specHash
  );
}
