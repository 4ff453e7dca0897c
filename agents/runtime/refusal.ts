import { UserInputError } from "../errors.js";

/**
 * Why an agent refuses an action its owner (an MCP host's model) asked for, before any
 * transaction: each mirrors what the contract or the counterpart would refuse, so a mistake
 * costs no gas.
 */
export type RefusalCode =
  | "TASK_UNKNOWN"
  | "TASK_NOT_YOURS"
  | "TASK_WRONG_STATUS"
  | "DEADLINE_PASSED"
  | "BID_EXISTS"
  | "BID_OVER_BUDGET"
  | "BID_WINDOW_CLOSED"
  | "BID_UNKNOWN"
  | "BID_EXPIRED"
  | "BID_PARTIAL"
  | "NO_TEAM"
  | "TEAM_NOT_SIGNED"
  | "NOTHING_DUE"
  | "NOT_SETTLED"
  | "ALREADY_REVIEWED"
  | "FUNDS_SHORT";

/**
 * An action refused with a code and a message that says what to do instead.
 *
 * @example throw new ActionRefusedError("DEADLINE_PASSED", "deadline passed at 2026-…; the client can refund", { deadline });
 */
export class ActionRefusedError extends UserInputError {
  override name = "ActionRefusedError" as const;
  constructor(code: RefusalCode, message: string, details: Record<string, unknown> = {}) {
    super(message, { code, details });
  }
}

/** Unix seconds as an ISO time, for messages a model reads. */
export const isoTime = (unixSeconds: bigint | number): string => new Date(Number(unixSeconds) * 1_000).toISOString();

/** The escrow's status does not allow the action. */
export function wrongStatus(taskId: string, status: string, what: string): ActionRefusedError {
  return new ActionRefusedError("TASK_WRONG_STATUS", `task ${taskId} is ${status}: ${what}`, { status });
}
