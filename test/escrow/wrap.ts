import { toEscrowError } from "../../agents/chain/escrowErrors.js";

/** Decodes a revert of a direct contract call the same way the binding does. */
export const toEscrowErrorForTest = (err: unknown) => toEscrowError("direct", err);
