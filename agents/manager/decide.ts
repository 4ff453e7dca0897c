import { zeroHash, type Hex } from "viem";
import type { Outcome } from "../protocol/taskLifecycle.js";
import { outcomeOf } from "../protocol/taskLifecycle.js";
import type { EscrowTask } from "../runtime/ports.js";

/** What the manager knows off-chain about one awarded task. */
export interface ManagerLocal {
  result?: { output: string; hash: Hex };
  score?: number;
  finalized: boolean;
}

export type ManagerAction =
  | { kind: "wait" }
  | { kind: "refund" }
  | { kind: "judge" }
  | { kind: "dispute"; reason: string }
  | { kind: "settle-fallback" }
  | { kind: "finalize"; outcome: Outcome };

/**
 * The manager's next step for an awarded task, from its off-chain knowledge and the chain.
 * Pure: the caller performs the action and calls again.
 *
 * @example
 * decideManager({ finalized: false }, { ...task, status: "Funded", terms: { ...task.terms, deadline: 100n } }, 101n) // { kind: "refund" }
 */
export function decideManager(local: ManagerLocal, chain: EscrowTask, chainNow: bigint, resultGrace: bigint): ManagerAction {
  if (local.finalized) return { kind: "wait" };
  const outcome = outcomeOf(chain.status);
  if (outcome) return { kind: "finalize", outcome };
  switch (chain.status) {
    case "Funded":
      return chainNow > chain.terms.deadline ? { kind: "refund" } : { kind: "wait" };
    case "Submitted": {
      if (local.result) {
        const submitted = chain.submission?.resultHash ?? zeroHash;
        if (local.result.hash !== submitted)
          return { kind: "dispute", reason: `result hash ${local.result.hash} != submitted ${submitted}` };
        return { kind: "judge" };
      }
      // Nothing to check yet; dispute before the review window lets the worker auto-release unverified work.
      const lastChance = (chain.submission?.reviewDeadline ?? 0n) - resultGrace;
      return chainNow >= lastChance ? { kind: "dispute", reason: "result never delivered off-chain" } : { kind: "wait" };
    }
    case "Disputed":
      return chainNow > (chain.dispute?.rulingDeadline ?? 0n) ? { kind: "settle-fallback" } : { kind: "wait" };
    default:
      return { kind: "wait" };
  }
}

/** Release at or above the acceptance threshold, dispute below it. */
export function verdict(score: number, acceptScore: number): "release" | "dispute" {
  return score >= acceptScore ? "release" : "dispute";
}
