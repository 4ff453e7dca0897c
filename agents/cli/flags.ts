import type { z } from "zod";
import { UserInputError } from "../errors.js";

export class UsageError extends UserInputError {
  override name = "UsageError";
}

/**
 * Parses `--name value`, `--name=value` and bare boolean flags, then checks them with `schema`;
 * stray words, a missing value or a bad value are a {@link UsageError} naming the flag.
 *
 * @example parseFlags(["--tasks", "3", "--json"], z.object({ tasks: z.coerce.number(), json: z.boolean().default(false) }), ["json"])
 */
export function parseFlags<S extends z.ZodType>(argv: readonly string[], schema: S, booleans: readonly string[] = []): z.output<S> {
  const raw: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--([a-z][a-z-]*)(?:=(.*))?$/.exec(arg);
    if (!m) throw new UsageError(`unexpected argument ${JSON.stringify(arg)}`, { code: "BAD_ARGS", details: { arg } });
    const key = m[1]!;
    const inline = m[2];
    if (booleans.includes(key)) raw[key] = true;
    else if (inline !== undefined) raw[key] = inline;
    else if (i + 1 < argv.length) raw[key] = argv[++i]!;
    else throw new UsageError(`--${key} needs a value`, { code: "BAD_ARGS", details: { flag: key } });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `--${i.path.join(".") || "?"}: ${i.message}`);
    throw new UsageError(`bad arguments: ${issues.join("; ")}`, { code: "BAD_ARGS", details: { issues } });
  }
  return parsed.data;
}
