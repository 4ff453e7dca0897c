import { SystemFaultError } from "../errors.js";

/** The recipient could not be found or reached, or its transport refused the request. */
export class TransportError extends SystemFaultError {
  override name = "TransportError" as const;
}
