import { getAddress, zeroAddress } from "viem";
import type { Address, Hex, PublicClient, WalletClient } from "viem";
import type { BidTerms } from "../protocol/eip712.js";
import { EscrowTaskNotFoundError, EscrowTxError, toEscrowError } from "./escrowErrors.js";
import { claimedSuccessBpsOf, coldTermsHash, hotTerms, packConfigBound, termsFromFundedEvent } from "./escrowTerms.js";
import type { ConfigBound, EscrowTerms, PermitSignature, TaskRef, TaskView, TxResult } from "./escrowTypes.js";
import { settlingEvent, TASK_STATUSES, type TaskStatus } from "../protocol/taskLifecycle.js";
import { readEscrowEvents } from "./escrowEvents.js";
import { taskEscrowAbi } from "./taskEscrowAbi.js";

export { signBid } from "./signBid.js";
export { signPermit } from "./signPermit.js";
export { taskEscrowAbi, taskEscrowBytecode } from "./taskEscrowAbi.js";
export { EscrowRevertError, EscrowTaskNotFoundError, EscrowTxError } from "./escrowErrors.js";
export type { ConfigBound, EscrowTerms, PermitSignature, TaskRef, TaskView, TxResult } from "./escrowTypes.js";
export { packConfigBound } from "./escrowTerms.js";

export interface TaskEscrowClients {
  publicClient: PublicClient;
  walletClient: WalletClient;
  address: Address;
  /** First block to scan for a task's events (the escrow's deployment block on a real chain). */
  fromBlock?: bigint;
}

type WriteName =
  | "fund"
  | "fundWithPermit"
  | "fundFromCredit"
  | "submitForCredit"
  | "deposit"
  | "collectFees"
  | "releaseCompact"
  | "submit"
  | "release"
  | "autoRelease"
  | "dispute"
  | "rule"
  | "settleFallback"
  | "refund"
  | "decline"
  | "cancel"
  | "withdrawCancelRequest"
  | "releaseBatch"
  | "autoReleaseBatch"
  | "cancelNonce"
  | "withdraw";

/** Cache key of a task: the contract keys tasks by (client, taskId). */
const keyOf = (t: TaskRef): string => `${getAddress(t.client)}:${t.taskId.toLowerCase()}`;

/**
 * viem binding of TaskEscrow. Callers name a task by {@link TaskRef} (client and id; a `BidTerms`
 * is one): the frozen terms each call needs are rebuilt from that task's TaskFunded event (and
 * cached). Every write waits for its receipt and
 * returns `{ hash, gasUsed }`; a revert throws {@link EscrowRevertError} with the decoded
 * custom error, an unknown task id {@link EscrowTaskNotFoundError}, anything else {@link EscrowTxError}.
 *
 * @example
 * const escrow = createTaskEscrow({ publicClient, walletClient: manager, address });
 * await escrow.fund(bid, await signBid(worker, chainId, address, bid));
 * await escrow.release(bid); // { client, taskId }
 */
export function createTaskEscrow({ publicClient, walletClient, address, fromBlock = 0n }: TaskEscrowClients) {
  const termsCache = new Map<string, EscrowTerms>();
  const eventCache = new Map<
    string,
    {
      funded?: ReturnType<typeof fundedEvent>;
      submitted?: ReturnType<typeof submittedEvent>;
      disputed?: ReturnType<typeof disputedEvent>;
      settled?: ReturnType<typeof settlement>;
    }
  >();
  /** Keeps a lookup's promise as the cached answer only once it found something (or failed: forget it too). */
  const nonEmpty = <T>(p: Promise<T | undefined>, forget: () => void): Promise<T | undefined> =>
    p.then(
      (v) => {
        if (v === undefined) forget();
        return v;
      },
      (err: unknown) => {
        forget();
        throw err;
      },
    );

  async function send(functionName: WriteName, args: readonly unknown[]): Promise<TxResult> {
    const account = walletClient.account;
    if (!account) throw new EscrowTxError(functionName, "the wallet client has no account");
    let hash: Hex;
    try {
      hash = await walletClient.writeContract({
        address,
        abi: taskEscrowAbi,
        functionName,
        args,
        account,
        chain: walletClient.chain,
      } as unknown as Parameters<WalletClient["writeContract"]>[0]);
    } catch (err) {
      throw toEscrowError(functionName, err);
    }
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new EscrowTxError(functionName, "transaction reverted", undefined, hash);
    return { hash, gasUsed: receipt.gasUsed };
  }

  // Every task event indexes taskId and client, which together name one escrow, ever.
  async function fundedEvent(ref: TaskRef) {
    const logs = await readEscrowEvents(publicClient, { address, eventName: "TaskFunded", taskId: ref.taskId, args: { client: ref.client }, fromBlock });
    const log = logs[0];
    if (!log) throw new EscrowTaskNotFoundError(ref.taskId, ref.client);
    return log.args;
  }

  async function terms(ref: TaskRef): Promise<EscrowTerms> {
    const cached = termsCache.get(keyOf(ref));
    if (cached) return cached;
    const t = termsFromFundedEvent(await fundedEvent(ref));
    termsCache.set(keyOf(ref), t);
    return t;
  }

  async function submittedEvent(ref: TaskRef) {
    const logs = await readEscrowEvents(publicClient, { address, eventName: "TaskSubmitted", taskId: ref.taskId, args: { client: ref.client }, fromBlock });
    return logs.at(-1)?.args;
  }

  async function disputedEvent(ref: TaskRef) {
    const logs = await readEscrowEvents(publicClient, { address, eventName: "TaskDisputed", taskId: ref.taskId, args: { client: ref.client }, fromBlock });
    return logs.at(-1)?.args;
  }

  /** The terminal event of a settled task names how the amount was split. */
  async function settlement(ref: TaskRef, status: TaskStatus): Promise<TaskView["settlement"]> {
    const eventName = settlingEvent(status);
    if (!eventName) return undefined;
    const logs = await readEscrowEvents(publicClient, { address, eventName, taskId: ref.taskId, args: { client: ref.client }, fromBlock });
    const a = logs.at(-1)?.args as { workerPayout?: bigint; fee?: bigint; clientRefund?: bigint } | undefined;
    if (!a) return undefined;
    return { workerPayout: a.workerPayout ?? 0n, fee: a.fee ?? 0n, clientRefund: a.clientRefund ?? 0n };
  }

  const withTerms = async (name: WriteName, ref: TaskRef, extra: readonly unknown[] = []) =>
    send(name, [ref.taskId, await terms(ref), ...extra]);

  /** Compact entry points pass the hot terms and one hash of the rest (less calldata). */
  const withHotTerms = async (name: WriteName, ref: TaskRef, extra: readonly unknown[] = []) => {
    const t = await terms(ref);
    return send(name, [ref.taskId, hotTerms(t), coldTermsHash(t), ...extra]);
  };

  const batch = async (name: "releaseBatch" | "autoReleaseBatch" | "collectFees", refs: readonly TaskRef[]) =>
    send(name, [refs.map((r) => r.taskId), await Promise.all(refs.map(terms))]);

  /** The bound that accepts exactly the escrow's current settings (what a client "read"). */
  async function currentBound(): Promise<ConfigBound> {
    const c = await publicClient.readContract({ address, abi: taskEscrowAbi, functionName: "config" });
    return { maxFeeBps: c.feeBps, fallbackWorkerBps: c.fallbackWorkerBps, maxRulingWindow: c.rulingWindow };
  }

  return {
    address,
    /**
     * Funds `bid`. By default the client's tokens are pulled (transferFrom, or a permit first);
     * `fromCredit: true` debits the client's escrow credit instead (see `deposit`), and refunds of
     * the task then return to that credit. `bound` is the settings the client accepts (fee at most,
     * fallback split exactly, ruling window at most); by default the binding reads the current
     * config and accepts exactly it, so an owner change landing in between reverts the funding
     * with `TaskEscrowFeeAboveBound` / `...FallbackSplitChanged` / `...RulingWindowAboveBound`.
     */
    async fund(
      bid: BidTerms,
      signature: Hex,
      opts: { referrer?: Address; permit?: PermitSignature; fromCredit?: boolean; bound?: ConfigBound } = {},
    ) {
      const referrer = opts.referrer ?? zeroAddress;
      if (opts.fromCredit && opts.permit) throw new EscrowTxError("fund", "a permit cannot be combined with fromCredit");
      const bound = packConfigBound(opts.bound ?? (await currentBound()));
      if (opts.fromCredit) return send("fundFromCredit", [bid, signature, referrer, bound]);
      return opts.permit
        ? send("fundWithPermit", [bid, signature, referrer, bound, opts.permit])
        : send("fund", [bid, signature, referrer, bound]);
    },
    /** The bound that accepts exactly the current settings (what `fund` passes by default). */
    currentBound,
    /** Posts the result; `toCredit: true` has the worker's payouts of this task credited, not transferred. */
    submit: (task: TaskRef, resultHash: Hex, opts: { toCredit?: boolean } = {}) =>
      withHotTerms(opts.toCredit ? "submitForCredit" : "submit", task, [resultHash]),
    /** Adds `amount` of `token` to the caller's escrow credit (pulled with transferFrom; approve first). */
    deposit: (token: Address, amount: bigint) => send("deposit", [token, amount]),
    /**
     * Pays the worker. `compact: true` sends only the hot terms (releaseCompact, less gas); the fee
     * is then deferred to `collectFees` (the full-terms release credits it at once).
     */
    release: (task: TaskRef, opts: { compact?: boolean } = {}) =>
      opts.compact ? withHotTerms("releaseCompact", task) : withTerms("release", task),
    autoRelease: (task: TaskRef) => withTerms("autoRelease", task),
    dispute: (task: TaskRef, reasonHash: Hex) => withTerms("dispute", task, [reasonHash]),
    rule: (task: TaskRef, workerBps: number) => withTerms("rule", task, [workerBps]),
    settleFallback: (task: TaskRef) => withTerms("settleFallback", task),
    refund: (task: TaskRef) => withTerms("refund", task),
    decline: (task: TaskRef) => withTerms("decline", task),
    /** Asks to cancel; completes when the other party asked in the task's current status. */
    cancel: (task: TaskRef) => withTerms("cancel", task),
    withdrawCancelRequest: (task: TaskRef) => withTerms("withdrawCancelRequest", task),
    releaseBatch: (tasks: readonly TaskRef[]) => batch("releaseBatch", tasks),
    autoReleaseBatch: (tasks: readonly TaskRef[]) => batch("autoReleaseBatch", tasks),
    /** Credits the fees deferred by compact releases to their fee recipients (anyone may call). */
    collectFees: (tasks: readonly TaskRef[]) => batch("collectFees", tasks),
    /** The fee a compact-released task still holds for its fee recipient (0n if none or collected). */
    pendingFee: async (task: TaskRef) =>
      publicClient.readContract({ address, abi: taskEscrowAbi, functionName: "pendingFee", args: [task.taskId, await terms(task)] }),
    cancelNonce: (nonce: bigint) => send("cancelNonce", [nonce]),
    withdraw: (token: Address, to: Address) => send("withdraw", [token, to]),
    /** The frozen terms of a funded task (from its TaskFunded event). */
    terms,
    /** Withdrawable credit (fees, referrer shares, payouts a token refused) of `account` in `token`. */
    creditOf: (account: Address, token: Address) =>
      publicClient.readContract({ address, abi: taskEscrowAbi, functionName: "creditOf", args: [account, token] }),
    /** Whether the task's client refunds / worker payouts go to escrow credit instead of a transfer. */
    async payoutsToCredit(task: TaskRef): Promise<{ client: boolean; worker: boolean }> {
      const [client, worker] = await publicClient.readContract({
        address,
        abi: taskEscrowAbi,
        functionName: "payoutsToCredit",
        args: [task.client, task.taskId],
      });
      return { client, worker };
    },

    /** A readable view of one escrow; throws EscrowTaskNotFoundError if the task was never funded. */
    async getTask(task: TaskRef): Promise<TaskView> {
      const { taskId, client } = task;
      const [code, since] = await publicClient.readContract({
        address,
        abi: taskEscrowAbi,
        functionName: "taskState",
        args: [client, taskId],
      });
      const status = TASK_STATUSES[code];
      if (!status || status === "None") throw new EscrowTaskNotFoundError(taskId, client);
      // Each event is emitted at most once per task and never changes once seen, so it is
      // looked up once; a task still Funded (or Submitted) cannot have a later event yet, so no
      // log scan is spent on it. Agents poll getTask, and every scan walks the chain's logs.
      const seen = eventCache.get(keyOf(task)) ?? {};
      eventCache.set(keyOf(task), seen);
      const fresh = status !== "Funded";
      const [funded, submitted, disputed, cancelRequestedBy, settled, toCredit] = await Promise.all([
        (seen.funded ??= fundedEvent(task).catch((err: unknown) => {
          delete seen.funded;
          throw err;
        })),
        fresh ? (seen.submitted ??= nonEmpty(submittedEvent(task), () => delete seen.submitted)) : undefined,
        fresh && status !== "Submitted" ? (seen.disputed ??= nonEmpty(disputedEvent(task), () => delete seen.disputed)) : undefined,
        publicClient.readContract({ address, abi: taskEscrowAbi, functionName: "cancelRequestedBy", args: [client, taskId] }),
        (seen.settled ??= nonEmpty(settlement(task, status), () => delete seen.settled)),
        publicClient.readContract({ address, abi: taskEscrowAbi, functionName: "payoutsToCredit", args: [client, taskId] }),
      ]);
      const view: TaskView = {
        taskId,
        status,
        since: Number(since),
        terms: termsFromFundedEvent(funded),
        specHash: funded.specHash ?? "0x",
        claimedSuccessBps: claimedSuccessBpsOf(funded.settings ?? 0n),
        payoutsToCredit: { client: toCredit[0], worker: toCredit[1] },
      };
      if (submitted?.resultHash && submitted.reviewDeadline !== undefined) {
        view.submission = { resultHash: submitted.resultHash, reviewDeadline: submitted.reviewDeadline };
      }
      if (disputed?.disputant && disputed.reasonHash && disputed.rulingDeadline !== undefined) {
        view.dispute = {
          disputant: disputed.disputant,
          reasonHash: disputed.reasonHash,
          rulingDeadline: disputed.rulingDeadline,
        };
      }
      // The contract reports only a request made in the current status of an open task.
      if (cancelRequestedBy !== zeroAddress) view.cancelRequestedBy = cancelRequestedBy;
      if (settled) view.settlement = settled;
      return view;
    },
  };
}

export type TaskEscrowClient = ReturnType<typeof createTaskEscrow>;
