import type { Hex } from "viem";
import type { LocalMarket } from "../wiring/createLocalMarket.js";

/** The criteria result behind one verdict of the demo's manager (its VerdictRecord, abridged). */
export interface DemoVerdict {
  taskId: Hex;
  /** `simulated machine-checks`, or the model judge's kind and model. */
  judge: string;
  checksPassed: number;
  checks: number;
  /** Each failed machine check as `check: detail`. */
  failed: string[];
  /** The model judge's per-criterion scores (empty offline). */
  criteria: { id: string; score: number }[];
  judgeScore: number;
  /** After the cap (at most 0.49 when a check failed). */
  score: number;
}

/** The manager's verdict record on a task, abridged for the demo's output; undefined when nothing was judged. */
export function demoVerdict(m: LocalMarket, taskId: Hex): DemoVerdict | undefined {
  const v = m.manager.task(taskId)?.verdict;
  if (!v) return undefined;
  const failed = v.checks.filter((c) => !c.passed);
  return {
    taskId,
    judge: `${v.judge.kind} ${v.judge.model}`,
    checksPassed: v.checks.length - failed.length,
    checks: v.checks.length,
    failed: failed.map((c) => `${c.check}: ${c.detail}`),
    criteria: v.criteria.map((c) => ({ id: c.id, score: c.score })),
    judgeScore: v.judgeScore,
    score: v.score,
  };
}

/**
 * One line on a verdict for the task's progress line.
 *
 * @example
 * verdictNote(v); // "criteria 6/7 (requiredTerm) → 0.42"
 */
export function verdictNote(v: DemoVerdict | undefined): string {
  if (!v) return "";
  const failed = v.failed.length === 0 ? "" : ` (${[...new Set(v.failed.map((f) => f.split(":")[0]))].join(", ")})`;
  const rubric = v.criteria.length === 0 ? "" : ` rubric ${v.criteria.map((c) => c.score.toFixed(2)).join("/")}`;
  return `criteria ${v.checksPassed}/${v.checks}${failed}${rubric} → ${v.score.toFixed(2)}`;
}
