/**
 * The one error base class of the off-chain agents (in the manner of viem's `BaseError`).
 *
 * Every error carries a short human message, a machine `code`, structured `details` and an
 * optional `cause`. Three subclasses say *whose* fault it is, because callers react
 * differently to each:
 *
 * - {@link UserInputError}: the caller asked for something invalid or impossible (bad config,
 *   a task nobody can do). Retrying the same request will fail the same way.
 * - {@link ModelOutputError}: a language model answered with something unusable (malformed
 *   JSON, out-of-range fields, a refusal). Drop that answer; the round carries on.
 * - {@link SystemFaultError}: the environment failed (timeouts, HTTP 5xx, rate limits left
 *   after retries, a broken invariant). Possibly transient.
 *
 * Component errors extend one of the three and pin a literal `name` and their own codes.
 *
 * @example
 * export class EscrowRevertError extends SystemFaultError { override name = "EscrowRevertError"; }
 * try { ... } catch (e) { if (e instanceof AgentError && e.kind === "model") dropBid(); else throw e; }
 */

/** Whose fault an error is; lets a caller branch without knowing every subclass. */
export type ErrorKind = "user" | "model" | "system";

export interface AgentErrorOptions {
  /** Stable machine-readable code, e.g. `MARKET_NO_MEMBERS`. */
  code: string;
  /** Values that explain the failure (ids, offending inputs). Kept JSON-friendly. */
  details?: Record<string, unknown>;
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * The base of every error the agents and the SDK throw: `kind` says whose fault it is (user,
 * model, system), `code` is stable and machine-readable, `details` names the values.
 *
 * @example
 * try { await client.post(task); } catch (e) { if (e instanceof AgentError) console.error(e.kind, e.code, e.details); else throw e; }
 */
export abstract class AgentError extends Error {
  override name = "AgentError";
  abstract readonly kind: ErrorKind;
  /** The message without cause or details appended. */
  readonly shortMessage: string;
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(shortMessage: string, options: AgentErrorOptions) {
    super(composeMessage(shortMessage, options), options.cause === undefined ? undefined : { cause: options.cause });
    this.shortMessage = shortMessage;
    this.code = options.code;
    this.details = Object.freeze({ ...(options.details ?? {}) });
  }

  /**
   * Walks the cause chain and returns the first error matching `predicate` (or the deepest
   * cause when no predicate is given), like viem's `BaseError.walk`.
   *
   * @example
   * const timeout = err.walk((e) => e instanceof LlmTimeoutError);
   */
  walk(predicate?: (err: unknown) => boolean): unknown {
    let current: unknown = this;
    for (let depth = 0; depth < 32; depth++) {
      if (predicate?.(current)) return current;
      const next = (current as { cause?: unknown } | null)?.cause;
      if (next === undefined || next === null) return predicate ? undefined : current;
      current = next;
    }
    return predicate ? undefined : current;
  }

  /** A plain object for logs and HTTP error bodies (bigint-safe). */
  toJSON(): { name: string; kind: ErrorKind; code: string; message: string; details: Record<string, unknown> } {
    return {
      name: this.name,
      kind: this.kind,
      code: this.code,
      message: this.shortMessage,
      details: JSON.parse(safeStringify(this.details)) as Record<string, unknown>,
    };
  }
}

/**
 * The caller asked for something invalid or impossible; retrying unchanged will not help.
 *
 * @example
 * throw new UserInputError("budget must be positive", { code: "TASK_BAD_BUDGET", details: { budget } });
 */
export class UserInputError extends AgentError {
  override name = "UserInputError";
  readonly kind = "user" as const;
}

/**
 * A model's answer could not be used (malformed, truncated, out of range, refused).
 *
 * @example
 * if (!parsed.success) throw new ModelOutputError("judge answer is not JSON", { code: "LLM_BAD_JSON", details: { text } });
 */
export class ModelOutputError extends AgentError {
  override name = "ModelOutputError";
  readonly kind = "model" as const;
}

/**
 * The environment failed: network, timeouts, upstream 5xx/429 after retries, broken invariants.
 *
 * @example
 * throw new SystemFaultError("RPC timed out", { code: "RPC_TIMEOUT", cause: err });
 */
export class SystemFaultError extends AgentError {
  override name = "SystemFaultError";
  readonly kind = "system" as const;
}

/**
 * A bad environment variable or config file (the value itself is never echoed).
 *
 * @example
 * throw new ConfigError("RPC_URL is not a URL", { code: "CONFIG_INVALID", details: { RPC_URL } });
 */
export class ConfigError extends UserInputError {
  override name = "ConfigError" as const;
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, { code: "CONFIG_INVALID", details });
  }
}

/**
 * True when `err` is one of ours (any kind).
 *
 * @example
 * catch (e) { if (isAgentError(e) && e.kind === "system") retryLater(); else throw e; }
 */
export function isAgentError(err: unknown): err is AgentError {
  return err instanceof AgentError;
}

function composeMessage(shortMessage: string, options: AgentErrorOptions): string {
  const parts = [shortMessage];
  if (options.details && Object.keys(options.details).length > 0) {
    const text = safeStringify(options.details);
    parts.push(`Details: ${text.length > 500 ? `${text.slice(0, 500)}…` : text}`);
  }
  if (options.cause instanceof Error && options.cause.message) parts.push(`Cause: ${options.cause.message}`);
  return parts.join("\n");
}

/** JSON.stringify that renders bigints as decimal strings and survives cycles. */
export function safeStringify(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "bigint") return v.toString();
    if (v instanceof Error) return { name: v.name, message: v.message };
    if (typeof v === "object" && v !== null) {
      if (seen.has(v)) return "[Circular]";
      seen.add(v);
    }
    return v;
  });
}
