import { keccak256, parseEventLogs, stringToHex } from "viem";
import type { TaskRef } from "../chain/escrowTypes.js";
import { taskEscrowAbi } from "../chain/taskEscrowAbi.js";
import { addr, escrowGasSetup } from "./escrowGasSetup.js";
import type { EscrowGasFigures, MeasureEscrowGasDeps } from "./escrowGasTypes.js";

/**
 * Deploys a fresh MockUSDC and TaskEscrow and measures each settlement path from receipts.
 * Balances are warm before measuring (one warm-up task leaves the escrow, worker, fee credit
 * and the worker's nonce word nonzero) and the client has approved the escrow for max, as an
 * agent that funds many tasks would. `happyPath` = fund + submit + release in the cheapest
 * supported configuration: the client funds from its escrow credit (one `deposit` beforehand), the
 * worker submits for credit (one `withdraw` later) and the client releases with the compact terms;
 * the fee is deferred to `collectFees` (`collectFeesPerTask`, paid by whoever collects, e.g. the
 * platform, batched). `happyPathWithTransfers` is the default
 * path (transferFrom in, transfer out). The settlement figures are the single settling
 * transaction (rule, settleFallback, ...) on the default path.
 *
 * @example
 * const figures = await measureEscrowGas({ publicClient, wallets, increaseTime: (s) => time.increase(s) });
 */
export async function measureEscrowGas(deps: MeasureEscrowGasDeps): Promise<EscrowGasFigures> {
  const { publicClient, wallets, increaseTime } = deps;
  const { token, asClient, asWorker, asArbiter, fundTask, result } = await escrowGasSetup(deps);

  // Warm-up: leaves nonzero balances, fee credit and nonce word, as in steady state.
  const warm = await fundTask();
  await asWorker.submit({ ...warm.task, resultHash: result });
  await asClient.release(warm.task);

  const withTransfers = await fundTask();
  const submittedT = await asWorker.submit({ ...withTransfers.task, resultHash: result });
  const releasedT = await asClient.release(withTransfers.task);

  // Credit path: one deposit, then a warm-up task that leaves the worker's credit nonzero.
  const deposited = await asClient.deposit({ token: token, amount: 10n ** 12n });
  const warmCredit = await fundTask(true);
  await asWorker.submit({ ...warmCredit.task, resultHash: result, toCredit: true });
  await asClient.release({ ...warmCredit.task, compact: true });

  const credited = await fundTask(true);
  const submittedC = await asWorker.submit({ ...credited.task, resultHash: result, toCredit: true });
  const releasedC = await asClient.release(credited.task);

  const happy = await fundTask(true);
  const submitted = await asWorker.submit({ ...happy.task, resultHash: result, toCredit: true });
  const released = await asClient.release({ ...happy.task, compact: true });

  const auto = await fundTask();
  await asWorker.submit({ ...auto.task, resultHash: result });
  await increaseTime(601);
  const autoReleased = await asClient.autoRelease(auto.task);

  const ruled = await fundTask();
  await asWorker.submit({ ...ruled.task, resultHash: result });
  await asClient.dispute({ ...ruled.task, reasonHash: keccak256(stringToHex("reason")) });
  const ruling = await asArbiter.rule({ ...ruled.task, workerBps: 6_000 });

  const fb = await fundTask();
  await asWorker.submit({ ...fb.task, resultHash: result });
  await asWorker.dispute({ ...fb.task, reasonHash: keccak256(stringToHex("reason")) });
  const window = (await asClient.getTerms(fb.task)).rulingWindow;
  await increaseTime(window + 1);
  const fallback = await asClient.settleFallback(fb.task);

  const late = await fundTask();
  await increaseTime(3_601);
  const refunded = await asClient.refund(late.task);

  const declined = await fundTask();
  const declineTx = await asWorker.decline(declined.task);

  const batchSize = deps.batchSize ?? 10;
  const batchIds: TaskRef[] = [];
  for (let i = 0; i < batchSize; i++) {
    const t = await fundTask();
    await asWorker.submit({ ...t.task, resultHash: result });
    batchIds.push(t.task);
  }
  const batch = await asClient.releaseBatch({ tasks: batchIds });
  const withdrawn = await asWorker.withdraw({ token: token, to: addr(wallets.worker) });
  // The platform collects deferred fees in batches; measured over the compact releases of this run.
  const creditTaskIds: TaskRef[] = [warmCredit.task, happy.task];
  for (let i = 0; i < batchSize; i++) {
    const t = await fundTask(true);
    await asWorker.submit({ ...t.task, resultHash: result, toCredit: true });
    await asClient.release({ ...t.task, compact: true });
    creditTaskIds.push(t.task);
  }
  const collected = await asClient.collectFees({ tasks: creditTaskIds });
  const receipt = await publicClient.getTransactionReceipt({ hash: batch.hash });
  const releasedEvents = parseEventLogs({ abi: taskEscrowAbi, eventName: "TaskReleased", logs: receipt.logs });
  if (releasedEvents.length !== batchSize) throw new Error(`batch released ${releasedEvents.length} of ${batchSize}`);

  const n = (g: bigint) => Number(g);
  return {
    fund: n(happy.funded.gasUsed),
    submit: n(submitted.gasUsed),
    release: n(released.gasUsed),
    happyPath: n(happy.funded.gasUsed + submitted.gasUsed + released.gasUsed),
    fundWithTransfer: n(withTransfers.funded.gasUsed),
    submitWithTransfer: n(submittedT.gasUsed),
    releaseWithTransfer: n(releasedT.gasUsed),
    happyPathWithTransfers: n(withTransfers.funded.gasUsed + submittedT.gasUsed + releasedT.gasUsed),
    releaseFeeCredited: n(releasedC.gasUsed),
    happyPathFeeCredited: n(credited.funded.gasUsed + submittedC.gasUsed + releasedC.gasUsed),
    deposit: n(deposited.gasUsed),
    withdraw: n(withdrawn.gasUsed),
    collectFeesPerTask: Math.round(Number(collected.gasUsed) / creditTaskIds.length),
    autoRelease: n(autoReleased.gasUsed),
    disputeRuling: n(ruling.gasUsed),
    disputeFallback: n(fallback.gasUsed),
    refund: n(refunded.gasUsed),
    decline: n(declineTx.gasUsed),
    batchReleasePerTask: Math.round(Number(batch.gasUsed) / batchSize),
  };
}
