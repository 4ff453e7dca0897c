/**
 * The viem binding of TaskEscrow, viem-style: free actions that take an escrow client first
 * (`fund(client, { bid, signature })`, `getTask(client, task)`, ...), and `createEscrowClient`,
 * which binds them all to one party's wallet (`escrow.fund({ bid, signature })`). Callers name a
 * task by {@link TaskRef} (client and id; a `BidTerms` is one): the frozen terms each call needs
 * are rebuilt from that task's TaskFunded event, once. Every write waits for its receipt and
 * returns `{ hash, gasUsed }`; a revert throws {@link EscrowRevertError} with the decoded custom
 * error, an unknown task {@link EscrowTaskNotFoundError}, anything else {@link EscrowTxError}.
 */
export { createEscrowClient, type EscrowClient } from "./escrow/escrowClient.js";
export type { EscrowBaseClient, EscrowClientParameters } from "./escrow/baseClient.js";
export { escrowActions, type EscrowActions } from "./escrow/escrowActions.js";
export type { EscrowWriteErrorType } from "./escrow/writeEscrow.js";
export * from "./escrow/actions/autoRelease.js";
export * from "./escrow/actions/autoReleaseBatch.js";
export * from "./escrow/actions/cancel.js";
export * from "./escrow/actions/cancelNonce.js";
export * from "./escrow/actions/collectFees.js";
export * from "./escrow/actions/creditOf.js";
export * from "./escrow/actions/decline.js";
export * from "./escrow/actions/deposit.js";
export * from "./escrow/actions/dispute.js";
export * from "./escrow/actions/fund.js";
export * from "./escrow/actions/getConfigBound.js";
export * from "./escrow/actions/getTask.js";
export { getTerms, type GetTermsErrorType, type GetTermsParameters, type GetTermsReturnType } from "./escrow/actions/getTerms.js";
export * from "./escrow/actions/now.js";
export * from "./escrow/actions/payoutsToCredit.js";
export * from "./escrow/actions/pendingFee.js";
export * from "./escrow/actions/refund.js";
export * from "./escrow/actions/release.js";
export * from "./escrow/actions/releaseBatch.js";
export * from "./escrow/actions/rule.js";
export * from "./escrow/actions/settleFallback.js";
export * from "./escrow/actions/submit.js";
export * from "./escrow/actions/tasksWhere.js";
export * from "./escrow/actions/withdraw.js";
export * from "./escrow/actions/withdrawCancelRequest.js";
export { signBid } from "./signBid.js";
export { signPermit } from "./signPermit.js";
export { taskEscrowAbi, taskEscrowBytecode } from "./taskEscrowAbi.js";
export { EscrowRevertError, EscrowTaskNotFoundError, EscrowTxError } from "./escrowErrors.js";
export type { ConfigBound, EscrowTask, EscrowTerms, PermitSignature, TaskRef, TxResult } from "./escrowTypes.js";
export { packConfigBound } from "./escrowTerms.js";
