import { SystemFaultError } from "../errors.js";

/**
 * The recipient could not be found or reached, or its transport refused the request.
 *
 * @example
 * catch (e) { if (e instanceof TransportError) console.warn("board unreachable", e.code); }
 */
export class TransportError extends SystemFaultError {
  override name = "TransportError" as const;
}
