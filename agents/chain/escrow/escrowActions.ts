import type { EscrowBaseClient } from "./baseClient.js";
import { autoRelease } from "./actions/autoRelease.js";
import { autoReleaseBatch } from "./actions/autoReleaseBatch.js";
import { cancel } from "./actions/cancel.js";
import { cancelNonce } from "./actions/cancelNonce.js";
import { collectFees } from "./actions/collectFees.js";
import { creditOf } from "./actions/creditOf.js";
import { decline } from "./actions/decline.js";
import { deposit } from "./actions/deposit.js";
import { dispute } from "./actions/dispute.js";
import { fund } from "./actions/fund.js";
import { getConfigBound } from "./actions/getConfigBound.js";
import { getTask } from "./actions/getTask.js";
import { getTerms } from "./actions/getTerms.js";
import { now } from "./actions/now.js";
import { payoutsToCredit } from "./actions/payoutsToCredit.js";
import { pendingFee } from "./actions/pendingFee.js";
import { refund } from "./actions/refund.js";
import { release } from "./actions/release.js";
import { releaseBatch } from "./actions/releaseBatch.js";
import { rule } from "./actions/rule.js";
import { settleFallback } from "./actions/settleFallback.js";
import { submit } from "./actions/submit.js";
import { tasksWhere } from "./actions/tasksWhere.js";
import { withdraw } from "./actions/withdraw.js";
import { withdrawCancelRequest } from "./actions/withdrawCancelRequest.js";

/** Binds a free action to a client, keeping its parameters: `bind(fund, c)(args)` is `fund(c, args)`. */
const bind =
  <P extends unknown[], R>(action: (client: EscrowBaseClient, ...args: P) => R, client: EscrowBaseClient) =>
  (...args: P): R =>
    action(client, ...args);

/**
 * Every escrow action bound to `client` (viem's `publicActions` decorator, for TaskEscrow): the
 * methods take the same parameters as the free functions, without the client.
 */
export function escrowActions(client: EscrowBaseClient) {
  return {
    fund: bind(fund, client),
    submit: bind(submit, client),
    release: bind(release, client),
    autoRelease: bind(autoRelease, client),
    dispute: bind(dispute, client),
    rule: bind(rule, client),
    settleFallback: bind(settleFallback, client),
    refund: bind(refund, client),
    decline: bind(decline, client),
    cancel: bind(cancel, client),
    withdrawCancelRequest: bind(withdrawCancelRequest, client),
    releaseBatch: bind(releaseBatch, client),
    autoReleaseBatch: bind(autoReleaseBatch, client),
    collectFees: bind(collectFees, client),
    deposit: bind(deposit, client),
    withdraw: bind(withdraw, client),
    cancelNonce: bind(cancelNonce, client),
    getConfigBound: bind(getConfigBound, client),
    getTerms: bind(getTerms, client),
    getTask: bind(getTask, client),
    pendingFee: bind(pendingFee, client),
    creditOf: bind(creditOf, client),
    payoutsToCredit: bind(payoutsToCredit, client),
    tasksWhere: bind(tasksWhere, client),
    now: bind(now, client),
  };
}
export type EscrowActions = ReturnType<typeof escrowActions>;
