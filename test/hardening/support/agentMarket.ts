// The agents suite's local market fixture, re-exported for the hardening scenarios.
export { balances, fee, makeSpec, onFirst, startMarket } from "../../agents/fixtures/localMarket.js";

/** makeSpec sets the deadline an hour after the chain's now. */
export const DEADLINE_IN_SECONDS = 3_600;
