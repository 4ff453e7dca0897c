import { runMachineChecks } from "../protocol/machineChecks.js";
import type { AcceptanceCriteria } from "../protocol/criteria.js";
import type { LlmTask } from "./types.js";

const passes = (c: AcceptanceCriteria | undefined, output: string) => runMachineChecks(c, output).every((r) => r.passed);

/** Plain text that names every required term and reaches the minimum length, free of forbidden terms. */
function text(task: LlmTask, worker: string): string {
  const c = task.criteria;
  const terms = c?.requiredTerms ?? [];
  let body = `Result for ${task.title}: ${terms.length > 0 ? `covers ${terms.join(", ")}.` : "done."} Prepared by ${worker}.`;
  while (c?.minLength !== undefined && body.length < c.minLength) body += " Further detail follows the brief.";
  return c?.maxLength !== undefined ? body.slice(0, c.maxLength) : body;
}

/** The same text as a JSON object with each required top-level property filled (simple object schemas). */
function json(task: LlmTask, body: string): string {
  const required = task.criteria?.jsonSchema?.required;
  const keys = Array.isArray(required) ? required.filter((k): k is string => typeof k === "string") : ["result"];
  return JSON.stringify(Object.fromEntries(keys.map((k) => [k, body])));
}

/**
 * What an honest simulated worker delivers when its hidden draw succeeds: output that meets the
 * task's acceptance criteria, which it checks itself with the same machine checks the judge runs
 * (plain text, or a JSON object for a schema; if neither meets them, the plain text).
 */
export function meetingOutput(task: LlmTask, worker: string): string {
  const body = text(task, worker);
  const candidates = task.criteria?.jsonSchema ? [json(task, body), body] : [body, json(task, body)];
  return candidates.find((o) => passes(task.criteria, o)) ?? body;
}

/**
 * What it delivers when the draw fails: the same work with one flaw (a required term missing, a
 * forbidden term in it, or cut short), chosen by `pick` in [0, 1) among the flaws that make a
 * machine check fail. A task without criteria has nothing to miss, so its flawed work passes.
 */
export function missingOutput(task: LlmTask, worker: string, pick: number): string {
  const good = meetingOutput(task, worker);
  const c = task.criteria;
  const flawed: string[] = [];
  for (const term of c?.requiredTerms ?? []) flawed.push(good.split(new RegExp(escape(term), "gi")).join("—"));
  for (const term of c?.forbiddenTerms ?? []) flawed.push(`${good} ${term}`);
  if (c?.minLength) flawed.push(good.slice(0, Math.max(0, c.minLength - 1)));
  flawed.push("I could not finish this task.");
  const failing = flawed.filter((o) => !passes(c, o));
  return failing[Math.floor(pick * failing.length)] ?? flawed.at(-1)!;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
