import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { z } from "zod";
import type { AcceptanceCriteria } from "./criteria.js";

/** One machine check of the acceptance criteria and what it found. */
export const CheckResult = z.strictObject({
  check: z.enum(["jsonSchema", "requiredTerm", "forbiddenTerm", "minLength", "maxLength", "pattern"]),
  passed: z.boolean(),
  /** What was checked and, on failure, why (e.g. the missing term, the schema error). */
  detail: z.string().max(500),
});
export type CheckResult = z.infer<typeof CheckResult>;

/** A judge's score when any machine check failed is at most this, below every release threshold used here (0.7). */
export const FAILED_CHECK_CAP = 0.49;

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const newAjv = () => addFormats(new Ajv2020({ allErrors: false, strict: false }));

/** Compiled validators by schema text; compiling is the slow part, and specs repeat their schema. */
let ajv = newAjv();
const compiled = new Map<string, ReturnType<Ajv2020["compile"]>>();
function validatorFor(schema: Record<string, unknown>) {
  const key = JSON.stringify(schema);
  let v = compiled.get(key);
  if (!v) {
    if (compiled.size >= 128) {
      compiled.clear();
      ajv = newAjv(); // drops the old instance's own cache too
    }
    v = ajv.compile(schema);
    compiled.set(key, v);
  }
  return v;
}

function schemaCheck(schema: Record<string, unknown>, output: string): CheckResult {
  let value: unknown;
  try {
    value = JSON.parse(output);
  } catch {
    return { check: "jsonSchema", passed: false, detail: "output is not JSON" };
  }
  try {
    const validate = validatorFor(schema);
    if (validate(value)) return { check: "jsonSchema", passed: true, detail: "output satisfies the JSON Schema" };
    const e = validate.errors?.[0];
    return { check: "jsonSchema", passed: false, detail: `${e?.instancePath || "/"} ${e?.message ?? "invalid"}`.slice(0, 500) };
  } catch (err) {
    return { check: "jsonSchema", passed: false, detail: `schema does not compile: ${(err as Error).message}`.slice(0, 500) };
  }
}

/**
 * Runs every machine check of `criteria` on `output`, in a fixed order (JSON Schema, required
 * terms, forbidden terms, length bounds, pattern). Pure and deterministic: anyone holding the
 * output and the spec gets the same results, which is what makes a verdict replayable.
 *
 * @example
 * runMachineChecks(spec.criteria, output).every((r) => r.passed); // the offline judge's verdict
 */
export function runMachineChecks(criteria: AcceptanceCriteria | undefined, output: string): CheckResult[] {
  if (!criteria) return [];
  const results: CheckResult[] = [];
  if (criteria.jsonSchema) results.push(schemaCheck(criteria.jsonSchema, output));
  // Terms are text, matched in any case.
  const lower = output.toLowerCase();
  const contains = (term: string) => lower.includes(term.toLowerCase());
  for (const term of criteria.requiredTerms) {
    const found = contains(term);
    results.push({ check: "requiredTerm", passed: found, detail: `${found ? "contains" : "missing"} "${term}"` });
  }
  for (const term of criteria.forbiddenTerms) {
    const found = contains(term);
    results.push({ check: "forbiddenTerm", passed: !found, detail: `${found ? "contains" : "free of"} "${term}"` });
  }
  if (criteria.minLength !== undefined)
    results.push({ check: "minLength", passed: output.length >= criteria.minLength, detail: `length ${output.length} >= ${criteria.minLength}` });
  if (criteria.maxLength !== undefined)
    results.push({ check: "maxLength", passed: output.length <= criteria.maxLength, detail: `length ${output.length} <= ${criteria.maxLength}` });
  if (criteria.pattern !== undefined) {
    const matched = new RegExp(criteria.pattern, "u").test(output);
    results.push({ check: "pattern", passed: matched, detail: `${matched ? "matches" : "does not match"} /${criteria.pattern}/` });
  }
  return results;
}

/**
 * The offline judge's score from the machine checks alone: 1 when all pass (or there are none),
 * else the passed share scaled under {@link FAILED_CHECK_CAP}, so one failed check never releases.
 */
export function scoreFromChecks(results: readonly CheckResult[]): number {
  if (results.every((r) => r.passed)) return 1;
  const passed = results.filter((r) => r.passed).length;
  return FAILED_CHECK_CAP * (passed / results.length);
}
