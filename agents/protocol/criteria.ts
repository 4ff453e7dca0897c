import { z } from "zod";

/**
 * Acceptance criteria of a task: machine checks anyone can run on an output, and a rubric for
 * model judges. They are part of the spec, so of the spec hash a worker signs in its bid: nobody
 * can move the goalposts after funding. Every field is bounded so that a hostile spec cannot make
 * a worker or a judge burn CPU: sizes are capped, and a regular expression (the criteria's own or
 * a `pattern` inside the JSON Schema) is refused when it can backtrack catastrophically.
 */

/** Largest JSON Schema accepted, as canonical JSON text. */
export const MAX_SCHEMA_CHARS = 8_192;
/** Deepest nesting of a JSON Schema. */
export const MAX_SCHEMA_DEPTH = 12;
/** Longest regular expression source. */
export const MAX_PATTERN_CHARS = 256;

/**
 * Whether a regular expression source is safe to run on untrusted text of up to 200,000
 * characters: short, no back-references or lookarounds, and no quantified group that itself
 * contains a quantifier or an alternation (`(a+)+`, `(a|a)*`), the shapes behind exponential
 * backtracking. Conservative: it refuses some harmless patterns, never a catastrophic one of
 * those shapes.
 *
 * @example
 * isSafePattern("^[A-Z][a-z]+$"); // true
 * isSafePattern("(a+)+$");        // false
 */
export function isSafePattern(source: string): boolean {
  if (source.length > MAX_PATTERN_CHARS) return false;
  if (/\\[1-9kK]|\(\?<?[=!]/.test(source)) return false;
  try {
    new RegExp(source, "u");
  } catch {
    return false;
  }
  // Walk groups: a group that contains a quantifier or `|` must not itself be quantified.
  const stack: { risky: boolean }[] = [];
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === "\\") {
      i++;
      continue;
    }
    if (c === "[") {
      while (i < source.length && source[i] !== "]") i += source[i] === "\\" ? 2 : 1;
      continue;
    }
    if (c === "(") stack.push({ risky: false });
    else if (c === ")") {
      const group = stack.pop();
      const next = source[i + 1];
      const quantified = next === "*" || next === "+" || next === "{" || next === "?";
      if (group?.risky && quantified && next !== "?") return false;
      if (stack.length > 0 && (group?.risky || quantified)) stack[stack.length - 1]!.risky = true;
    } else if ((c === "*" || c === "+" || c === "{" || c === "|") && stack.length > 0) stack[stack.length - 1]!.risky = true;
  }
  return true;
}

function schemaDepth(v: unknown, depth = 0): number {
  if (depth > MAX_SCHEMA_DEPTH) return depth;
  if (v === null || typeof v !== "object") return depth;
  return Math.max(depth, ...Object.values(v as Record<string, unknown>).map((x) => schemaDepth(x, depth + 1)));
}

/** Every `pattern` and `patternProperties` key inside a schema (they run as regular expressions too). */
function schemaPatterns(v: unknown, out: string[] = []): string[] {
  if (v === null || typeof v !== "object") return out;
  const o = v as Record<string, unknown>;
  if (typeof o.pattern === "string") out.push(o.pattern);
  if (o.patternProperties && typeof o.patternProperties === "object") out.push(...Object.keys(o.patternProperties));
  for (const x of Object.values(o)) schemaPatterns(x, out);
  return out;
}

const Term = z.string().min(1).max(200);

/** A JSON Schema (draft 2020-12) the output, parsed as JSON, must satisfy; bounded in size and depth. */
export const OutputJsonSchema = z
  .record(z.string().max(128), z.unknown())
  .refine((s) => JSON.stringify(s).length <= MAX_SCHEMA_CHARS, { message: `JSON Schema longer than ${MAX_SCHEMA_CHARS} characters` })
  .refine((s) => schemaDepth(s) <= MAX_SCHEMA_DEPTH, { message: `JSON Schema nested deeper than ${MAX_SCHEMA_DEPTH}` })
  .refine((s) => schemaPatterns(s).every(isSafePattern), { message: "JSON Schema carries an unsafe regular expression" });

export const AcceptanceCriteria = z
  .strictObject({
    /** The output must parse as JSON and satisfy this schema. */
    jsonSchema: OutputJsonSchema.optional(),
    /** Each must occur in the output (case-insensitive). */
    requiredTerms: z.array(Term).max(32).default([]),
    /** None may occur in the output (case-insensitive). */
    forbiddenTerms: z.array(Term).max(32).default([]),
    /** Bounds on the output's length in characters (UTF-16 code units, as JavaScript counts). */
    minLength: z.number().int().nonnegative().max(200_000).optional(),
    maxLength: z.number().int().positive().max(200_000).optional(),
    /** A regular expression (JavaScript, `u` flag) the output must match somewhere. */
    pattern: z.string().max(MAX_PATTERN_CHARS).refine(isSafePattern, { message: "unsafe or invalid regular expression" }).optional(),
    /** Free text for model judges: what good work looks like beyond the machine checks. */
    rubric: z.string().max(4_000).default(""),
  })
  .refine((c) => c.minLength === undefined || c.maxLength === undefined || c.minLength <= c.maxLength, {
    message: "minLength above maxLength",
  });
export type AcceptanceCriteria = z.output<typeof AcceptanceCriteria>;

/**
 * The criteria the project's own managers announce when a task brings none (demo, multi-process,
 * benches): the output names each required skill and a conclusion, is 80 to 4,000 characters, has
 * no placeholder, and, for `code` and `audit` tasks, is a JSON object with `answer` and `notes`.
 *
 * @example
 * const spec = { ...rest, criteria: starterCriteria(["summarise"]) };
 */
export function starterCriteria(skills: readonly string[]): AcceptanceCriteria {
  const structured = skills.some((s) => s === "code" || s === "audit");
  return AcceptanceCriteria.parse({
    requiredTerms: [...skills, "conclusion"],
    forbiddenTerms: ["TODO", "lorem ipsum"],
    minLength: 80,
    maxLength: 4_000,
    ...(structured
      ? { jsonSchema: { type: "object", required: ["answer", "notes"], properties: { answer: { type: "string", minLength: 20 } } } }
      : { pattern: "^Result for " }),
    rubric: "Does the work do what the description asks, correctly and completely? Is the conclusion supported?",
  });
}
