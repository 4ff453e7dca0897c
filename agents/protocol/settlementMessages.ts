import { z } from "zod";
import { ChecksumAddress, Hash32, Signature65 } from "./codecs.js";
import { TaskSpec } from "./task.js";
import { Outcome } from "./taskLifecycle.js";
import { VerdictRecord } from "./verdict.js";

/*
 * The messages after an award, about how a task settles: a report of its outcome, and the
 * evidence a party of a disputed task gives its arbiter. Members of messages.ts's Message union.
 */

/**
 * A party -> the other parties of the task (and the arbiter's ruling -> client and worker): how a task ended, or that it entered a dispute.
 *
 * @example
 * const report = ReportMessage.parse(raw); if (report.outcome === "disputed") console.log(report.verdict);
 */
export const ReportMessage = z.strictObject({
  type: z.literal("report"),
  taskId: Hash32,
  reporter: ChecksumAddress,
  worker: ChecksumAddress.optional(),
  outcome: Outcome,
  /** Judge score in [0, 1] when the outcome followed a judgement. */
  score: z.number().min(0).max(1).optional(),
  txHash: Hash32.optional(),
  detail: z.string().max(1_000).optional(),
  /** The client's verdict record behind a `disputed` report: evidence for the arbiter and jurors (protocol/verdict.ts). */
  verdict: VerdictRecord.optional(),
});
export type ReportMessage = z.infer<typeof ReportMessage>;

/**
 * A party of a disputed task -> its arbiter only: what the arbiter needs to rule. The arbiter
 * trusts neither part blindly: the spec must hash to the escrow's `specHash`, the output to its
 * `resultHash`, and the result carries the worker's EIP-712 `Result` signature.
 */
export const EvidenceMessage = z.strictObject({
  type: z.literal("evidence"),
  taskId: Hash32,
  /** The task's client (the escrow keys tasks by client and id). */
  client: ChecksumAddress,
  spec: TaskSpec,
  result: z
    .strictObject({
      worker: ChecksumAddress,
      output: z.string().max(200_000),
      resultHash: Hash32,
      signature: Signature65,
    })
    .optional(),
  reason: z.string().max(1_000),
});
export type EvidenceMessage = z.infer<typeof EvidenceMessage>;
