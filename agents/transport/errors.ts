import { SystemFaultError, UserInputError } from "../errors.js";

/**
 * The recipient could not be found or reached, or its transport refused the request.
 *
 * @example
 * catch (e) { if (e instanceof TransportError) console.warn("board unreachable", e.code); }
 */
export class TransportError extends SystemFaultError {
  override name = "TransportError" as const;
}

/**
 * A peer sent a message the A2A binding does not take that way: a `result` as a plain
 * SendMessage (code `RESULT_NOT_AN_ARTIFACT`). A result is taken only as the artifact of the
 * award's A2A task, pushed to the client's `<base>/a2a/push` with the award's token. The sender's
 * fault; it travels back in the receipt.
 *
 * @example
 * new A2ARouteError("a result travels as the award task's artifact", { code: "RESULT_NOT_AN_ARTIFACT" })
 */
export class A2ARouteError extends UserInputError {
  override name = "A2ARouteError" as const;
}
