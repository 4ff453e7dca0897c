import type { EscrowTask } from "../runtime/ports.js";
import { outcomeOf } from "../protocol/taskLifecycle.js";
import type { Outcome } from "../protocol/taskLifecycle.js";
import type { CapabilityProfile, TaskSpec } from "../protocol/task.js";

/**
 * A worker bids only on tasks whose every required skill it has (capability-first filtering),
 * or, on a team call (no single worker has them all), on tasks it holds some of the skills of.
 */
export function isCapable(profile: CapabilityProfile, spec: TaskSpec, teamCall = false): boolean {
  const has = (s: string) => profile.skills.includes(s);
  return teamCall ? spec.requiredSkills.some(has) : spec.requiredSkills.every(has);
}

/** The asking price in token base units: the model's cost estimate with a markup, rounded up; at least 1. */
export function priceFor(estimatedCost: number, markup: number): bigint {
  return BigInt(Math.max(1, Math.ceil(estimatedCost * markup)));
}

/** What the worker knows off-chain about a task it was awarded. */
export interface WorkerLocal {
  hasSpec: boolean;
  executed: boolean;
  failed: boolean;
  finalized: boolean;
}

export type WorkerAction =
  | { kind: "wait" }
  | { kind: "execute" }
  | { kind: "decline"; reason: string }
  | { kind: "submit" }
  | { kind: "auto-release" }
  | { kind: "settle-fallback" }
  | { kind: "finalize"; outcome: Outcome };

/**
 * The worker's next step on an awarded task. Pure.
 *
 * @example
 * decideWorker({ hasSpec: true, executed: false, failed: false, finalized: false }, { ...t, status: "Funded" }, now) // { kind: "execute" }
 */
export function decideWorker(local: WorkerLocal, chain: EscrowTask, chainNow: bigint): WorkerAction {
  if (local.finalized) return { kind: "wait" };
  const outcome = outcomeOf(chain.status);
  if (outcome) return { kind: "finalize", outcome };
  switch (chain.status) {
    case "Funded":
      if (chainNow > chain.terms.deadline) return { kind: "wait" }; // too late to submit; the client will refund
      if (!local.hasSpec) return { kind: "decline", reason: "task spec unknown (lost before restart)" };
      if (local.failed) return { kind: "decline", reason: "execution failed" };
      return local.executed ? { kind: "submit" } : { kind: "execute" };
    case "Submitted":
      return chainNow > (chain.submission?.reviewDeadline ?? 0n) ? { kind: "auto-release" } : { kind: "wait" };
    case "Disputed":
      return chainNow > (chain.dispute?.rulingDeadline ?? 0n) ? { kind: "settle-fallback" } : { kind: "wait" };
    default:
      return { kind: "wait" };
  }
}

const iso = (unixSeconds: bigint): string => new Date(Number(unixSeconds) * 1_000).toISOString();

/**
 * What a worker (or its owner, a host's model) should do next on an awarded task, in words,
 * from the same decision {@link decideWorker} takes.
 *
 * @example nextStepInWords({ ...t, status: "Submitted", reviewDeadline }, true, now) // "wait for the client's release; claim after …"
 */
export function nextStepInWords(chain: EscrowTask, delivered: boolean, chainNow: bigint): string {
  const outcome = outcomeOf(chain.status);
  if (outcome) return `settled (${outcome}); review the client`;
  const a = decideWorker({ hasSpec: true, executed: delivered, failed: false, finalized: false }, chain, chainNow);
  if (a.kind === "execute") return `do the work and deliver before ${iso(chain.terms.deadline)}`;
  if (a.kind === "auto-release" || a.kind === "settle-fallback") return "claim: payment is due";
  if (chain.status === "Submitted") return `wait for the client's release; claim after ${iso(chain.submission?.reviewDeadline ?? 0n)}`;
  if (chain.status === "Disputed") return `wait for the arbiter; claim the fallback split after ${iso(chain.dispute?.rulingDeadline ?? 0n)}`;
  if (chain.status === "Funded" && chainNow > chain.terms.deadline) return "the deadline passed: claim refunds the client";
  return "wait";
}
