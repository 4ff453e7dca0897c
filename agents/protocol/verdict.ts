import { keccak256, stringToHex, type Address, type Hex } from "viem";
import { z } from "zod";
import { canonicalJson, resultHash, specHash } from "./hashes.js";
import { CheckResult, FAILED_CHECK_CAP, runMachineChecks } from "./machineChecks.js";
import { ChecksumAddress, Hash32 } from "./codecs.js";
import type { TaskSpec } from "./task.js";

/** One rubric criterion as a model judge scored it. */
export const CriterionScore = z.strictObject({
  /** `r1`, `r2`, …: the criterion's place in the rubric (rubricItems in agents/llm/rubric.ts). */
  id: z.string().regex(/^r[0-9]{1,2}$/),
  criterion: z.string().max(1_000),
  score: z.number().min(0).max(1),
  reason: z.string().max(1_000),
});
export type CriterionScore = z.infer<typeof CriterionScore>;

/** Who judged: the kind of judge, its model, and the agent that asked it (the task's client). */
export const JudgeIdentity = z.strictObject({
  kind: z.enum(["anthropic", "simulated", "own"]),
  model: z.string().min(1).max(200),
  agent: ChecksumAddress,
});
export type JudgeIdentity = z.infer<typeof JudgeIdentity>;

/**
 * A judge's verdict on one delivered output, as a record anyone can check: the spec and output it
 * is about (by hash), every machine check's result, the judge's per-criterion scores and the
 * final score after the cap. Whoever holds the spec and the output can replay it ({@link replayVerdict}).
 */
export const VerdictRecord = z.strictObject({
  version: z.literal(1),
  taskId: Hash32,
  specHash: Hash32,
  /** resultHash(output): the hash the worker submitted on chain. */
  outputHash: Hash32,
  judge: JudgeIdentity,
  /** keccak256 of the exact prompt (system + user) the model judge saw; absent for a judge without a prompt. */
  promptHash: Hash32.optional(),
  checks: z.array(CheckResult).max(80),
  /** The model's per-criterion scores; empty when the judge scores as a whole (the offline judge). */
  criteria: z.array(CriterionScore).max(20),
  /** The judge's own score: the mean of `criteria` when there are any. */
  judgeScore: z.number().min(0).max(1),
  /** The verdict: `judgeScore`, capped at {@link FAILED_CHECK_CAP} when a machine check failed. */
  score: z.number().min(0).max(1),
  reasons: z.array(z.string().max(1_000)).max(20),
});
export type VerdictRecord = z.infer<typeof VerdictRecord>;

/** Mean of the per-criterion scores (the model judge's own score). */
export function meanScore(criteria: readonly Pick<CriterionScore, "score">[]): number {
  return criteria.reduce((s, c) => s + c.score, 0) / criteria.length;
}

/**
 * The verdict's score: the judge's score, capped at {@link FAILED_CHECK_CAP} (below every release
 * threshold) when any machine check failed. No judge, however persuaded, passes a failed check.
 *
 * @example
 * cappedScore(1, [{ check: "requiredTerm", passed: false, detail: "missing \"x\"" }]); // 0.49
 */
export function cappedScore(judgeScore: number, checks: readonly CheckResult[]): number {
  return checks.every((c) => c.passed) ? judgeScore : Math.min(judgeScore, FAILED_CHECK_CAP);
}

/** What a judge said, before it becomes a record. */
export interface JudgedOutput {
  score: number;
  reasons: readonly string[];
  criteria?: readonly CriterionScore[];
  model?: string;
  promptHash?: Hex | string;
}

/**
 * Who judged, from the judge client and its verdict: an Anthropic or simulated client names
 * itself, any other judge (an SDK user's function) is `own`.
 */
export function judgeIdentity(llm: { kind?: string }, judged: Pick<JudgedOutput, "model">, agent: Address): JudgeIdentity {
  const kind = llm.kind === "anthropic" || llm.kind === "simulated" ? llm.kind : "own";
  return { kind, model: judged.model ?? (kind === "simulated" ? "machine-checks" : "unspecified"), agent };
}

/**
 * Builds the record of a verdict. The machine checks are run here, on the output itself, whatever
 * the judge reported, and the cap applies to any judge: a client's own judge cannot release work
 * that fails a check either.
 */
export function verdictRecord(input: { spec: TaskSpec; output: string; judged: JudgedOutput; judge: JudgeIdentity }): VerdictRecord {
  const { spec, output, judged, judge } = input;
  const checks = runMachineChecks(spec.criteria, output);
  const criteria = [...(judged.criteria ?? [])];
  const judgeScore = criteria.length > 0 ? meanScore(criteria) : judged.score;
  return VerdictRecord.parse({
    version: 1,
    taskId: spec.taskId,
    specHash: specHash(spec),
    outputHash: resultHash(output),
    judge,
    ...(judged.promptHash === undefined ? {} : { promptHash: judged.promptHash }),
    checks,
    criteria,
    judgeScore,
    score: cappedScore(judgeScore, checks),
    reasons: judged.reasons.slice(0, 20).map((r) => r.slice(0, 1_000)),
  });
}

/** keccak256 of the record's canonical JSON: what a signature or a reference names. */
export function verdictHash(record: VerdictRecord): Hex {
  return keccak256(stringToHex(canonicalJson(record)));
}

export type ReplayProblem = "task" | "spec-hash" | "output-hash" | "checks" | "judge-score" | "score";

/**
 * Re-checks a stored verdict from its spec and output: same task, same hashes, the same machine
 * check results run again, the judge's score the mean of its criteria and the cap applied. The
 * model's per-criterion scores are the one thing taken on trust (they are the judge's opinion).
 *
 * @example
 * replayVerdict(record, spec, output); // { ok: true } or { ok: false, problem: "checks" }
 */
export function replayVerdict(record: VerdictRecord, spec: TaskSpec, output: string): { ok: true } | { ok: false; problem: ReplayProblem } {
  const fail = (problem: ReplayProblem) => ({ ok: false as const, problem });
  if (record.taskId !== spec.taskId) return fail("task");
  if (record.specHash !== specHash(spec)) return fail("spec-hash");
  if (record.outputHash !== resultHash(output)) return fail("output-hash");
  if (canonicalJson(runMachineChecks(spec.criteria, output)) !== canonicalJson(record.checks)) return fail("checks");
  if (record.criteria.length > 0 && Math.abs(meanScore(record.criteria) - record.judgeScore) > 1e-9) return fail("judge-score");
  if (Math.abs(cappedScore(record.judgeScore, record.checks) - record.score) > 1e-9) return fail("score");
  return { ok: true };
}
