import { zeroAddress } from "viem";
import type { Address, Hex, PublicClient, WalletClient } from "viem";
import type { BidTerms } from "../protocol/eip712.js";
import { EscrowTaskNotFoundError, EscrowTxError, toEscrowError } from "./escrowErrors.js";
import { coldTermsHash, hotTerms, termsFromFundedEvent } from "./escrowTerms.js";
import type { EscrowTerms, PermitSignature, TaskView, TxResult } from "./escrowTypes.js";
import { settlingEvent, TASK_STATUSES, type TaskStatus } from "../protocol/taskLifecycle.js";
import { readEscrowEvents } from "./escrowEvents.js";
import { taskEscrowAbi } from "./taskEscrowAbi.js";

export { signBid } from "./signBid.js";
export { signPermit } from "./signPermit.js";
export { taskEscrowAbi, taskEscrowBytecode } from "./taskEscrowAbi.js";
export { EscrowRevertError, EscrowTaskNotFoundError, EscrowTxError } from "./escrowErrors.js";
export type { EscrowTerms, PermitSignature, TaskView, TxResult } from "./escrowTypes.js";

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
  | "releaseBatch"
  | "autoReleaseBatch"
  | "cancelNonce"
  | "withdraw";

/**
 * viem binding of TaskEscrow. Callers pass only task ids: the frozen terms each call needs are
 * rebuilt from the task's TaskFunded event (and cached). Every write waits for its receipt and
 * returns `{ hash, gasUsed }`; a revert throws {@link EscrowRevertError} with the decoded
 * custom error, an unknown task id {@link EscrowTaskNotFoundError}, anything else {@link EscrowTxError}.
 *
 * @example
 * const escrow = createTaskEscrow({ publicClient, walletClient: manager, address });
 * await escrow.fund(bid, await signBid(worker, chainId, address, bid));
 * await escrow.release(bid.taskId);
 */
export function createTaskEscrow({ publicClient, walletClient, address, fromBlock = 0n }: TaskEscrowClients) {
  const termsCache = new Map<Hex, EscrowTerms>();
  const eventCache = new Map<
    Hex,
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

  async function fundedEvent(taskId: Hex) {
    const logs = await readEscrowEvents(publicClient, { address, eventName: "TaskFunded", taskId, fromBlock });
    const log = logs[0];
    if (!log) throw new EscrowTaskNotFoundError(taskId);
    return log.args;
  }

  async function terms(taskId: Hex): Promise<EscrowTerms> {
    const cached = termsCache.get(taskId);
    if (cached) return cached;
    const t = termsFromFundedEvent(await fundedEvent(taskId));
    termsCache.set(taskId, t);
    return t;
  }

  async function submittedEvent(taskId: Hex) {
    const logs = await readEscrowEvents(publicClient, { address, eventName: "TaskSubmitted", taskId, fromBlock });
    return logs.at(-1)?.args;
  }

  async function disputedEvent(taskId: Hex) {
    const logs = await readEscrowEvents(publicClient, { address, eventName: "TaskDisputed", taskId, fromBlock });
    return logs.at(-1)?.args;
  }

  /** The terminal event of a settled task names how the amount was split. */
  async function settlement(taskId: Hex, status: TaskStatus): Promise<TaskView["settlement"]> {
    const eventName = settlingEvent(status);
    if (!eventName) return undefined;
    const logs = await readEscrowEvents(publicClient, { address, eventName, taskId, fromBlock });
    const a = logs.at(-1)?.args as { workerPayout?: bigint; fee?: bigint; clientRefund?: bigint } | undefined;
    if (!a) return undefined;
    return { workerPayout: a.workerPayout ?? 0n, fee: a.fee ?? 0n, clientRefund: a.clientRefund ?? 0n };
  }

  const withTerms = async (name: WriteName, taskId: Hex, extra: readonly unknown[] = []) =>
    send(name, [taskId, await terms(taskId), ...extra]);

  /** Compact entry points pass the hot terms and one hash of the rest (less calldata). */
  const withHotTerms = async (name: WriteName, taskId: Hex, extra: readonly unknown[] = []) => {
    const t = await terms(taskId);
    return send(name, [taskId, hotTerms(t), coldTermsHash(t), ...extra]);
  };

  const batch = async (name: "releaseBatch" | "autoReleaseBatch" | "collectFees", taskIds: readonly Hex[]) =>
    send(name, [taskIds, await Promise.all(taskIds.map(terms))]);

  return {
    address,
    /**
     * Funds `bid`. By default the client's tokens are pulled (transferFrom, or a permit first);
     * `fromCredit: true` debits the client's escrow credit instead (see `deposit`), and refunds of
     * the task then return to that credit.
     */
    async fund(bid: BidTerms, signature: Hex, opts: { referrer?: Address; permit?: PermitSignature; fromCredit?: boolean } = {}) {
      const referrer = opts.referrer ?? zeroAddress;
      if (opts.fromCredit && opts.permit) throw new EscrowTxError("fund", "a permit cannot be combined with fromCredit");
      if (opts.fromCredit) return send("fundFromCredit", [bid, signature, referrer]);
      return opts.permit
        ? send("fundWithPermit", [bid, signature, referrer, opts.permit])
        : send("fund", [bid, signature, referrer]);
    },
    /** Posts the result; `toCredit: true` has the worker's payouts of this task credited, not transferred. */
    submit: (taskId: Hex, resultHash: Hex, opts: { toCredit?: boolean } = {}) =>
      opts.toCredit ? withHotTerms("submitForCredit", taskId, [resultHash]) : withTerms("submit", taskId, [resultHash]),
    /** Adds `amount` of `token` to the caller's escrow credit (pulled with transferFrom; approve first). */
    deposit: (token: Address, amount: bigint) => send("deposit", [token, amount]),
    /**
     * Pays the worker. `compact: true` sends only the hot terms (releaseCompact, less gas); the fee
     * is then deferred to `collectFees` (the full-terms release credits it at once).
     */
    release: (taskId: Hex, opts: { compact?: boolean } = {}) =>
      opts.compact ? withHotTerms("releaseCompact", taskId) : withTerms("release", taskId),
    autoRelease: (taskId: Hex) => withTerms("autoRelease", taskId),
    dispute: (taskId: Hex, reasonHash: Hex) => withTerms("dispute", taskId, [reasonHash]),
    rule: (taskId: Hex, workerBps: number) => withTerms("rule", taskId, [workerBps]),
    settleFallback: (taskId: Hex) => withTerms("settleFallback", taskId),
    refund: (taskId: Hex) => withTerms("refund", taskId),
    decline: (taskId: Hex) => withTerms("decline", taskId),
    cancel: (taskId: Hex) => withTerms("cancel", taskId),
    releaseBatch: (taskIds: readonly Hex[]) => batch("releaseBatch", taskIds),
    autoReleaseBatch: (taskIds: readonly Hex[]) => batch("autoReleaseBatch", taskIds),
    /** Credits the fees deferred by compact releases to their fee recipients (anyone may call). */
    collectFees: (taskIds: readonly Hex[]) => batch("collectFees", taskIds),
    /** The fee a compact-released task still holds for its fee recipient (0n if none or collected). */
    pendingFee: async (taskId: Hex) =>
      publicClient.readContract({ address, abi: taskEscrowAbi, functionName: "pendingFee", args: [taskId, await terms(taskId)] }),
    cancelNonce: (nonce: bigint) => send("cancelNonce", [nonce]),
    withdraw: (token: Address, to: Address) => send("withdraw", [token, to]),
    /** The frozen terms of a funded task (from its TaskFunded event). */
    terms,
    /** Withdrawable credit (fees, referrer shares, payouts a token refused) of `account` in `token`. */
    creditOf: (account: Address, token: Address) =>
      publicClient.readContract({ address, abi: taskEscrowAbi, functionName: "creditOf", args: [account, token] }),
    /** Whether the task's client refunds / worker payouts go to escrow credit instead of a transfer. */
    async payoutsToCredit(taskId: Hex): Promise<{ client: boolean; worker: boolean }> {
      const [client, worker] = await publicClient.readContract({
        address,
        abi: taskEscrowAbi,
        functionName: "payoutsToCredit",
        args: [taskId],
      });
      return { client, worker };
    },

    /** A readable view of one escrow; throws EscrowTxError if the task was never funded. */
    async getTask(taskId: Hex): Promise<TaskView> {
      const [code, since] = await publicClient.readContract({
        address,
        abi: taskEscrowAbi,
        functionName: "taskState",
        args: [taskId],
      });
      const status = TASK_STATUSES[code];
      if (!status || status === "None") throw new EscrowTaskNotFoundError(taskId);
      // Each event is emitted at most once per task and never changes once seen, so it is
      // looked up once; a task still Funded (or Submitted) cannot have a later event yet, so no
      // log scan is spent on it. Agents poll getTask, and every scan walks the chain's logs.
      const seen = eventCache.get(taskId) ?? {};
      eventCache.set(taskId, seen);
      const fresh = status !== "Funded";
      const [funded, submitted, disputed, cancelRequestedBy, settled, toCredit] = await Promise.all([
        (seen.funded ??= fundedEvent(taskId).catch((err: unknown) => {
          delete seen.funded;
          throw err;
        })),
        fresh ? (seen.submitted ??= nonEmpty(submittedEvent(taskId), () => delete seen.submitted)) : undefined,
        fresh && status !== "Submitted" ? (seen.disputed ??= nonEmpty(disputedEvent(taskId), () => delete seen.disputed)) : undefined,
        publicClient.readContract({ address, abi: taskEscrowAbi, functionName: "cancelRequestedBy", args: [taskId] }),
        (seen.settled ??= nonEmpty(settlement(taskId, status), () => delete seen.settled)),
        publicClient.readContract({ address, abi: taskEscrowAbi, functionName: "payoutsToCredit", args: [taskId] }),
      ]);
      const view: TaskView = {
        taskId,
        status,
        since: Number(since),
        terms: termsFromFundedEvent(funded),
        specHash: funded.specHash ?? "0x",
        nonce: funded.nonce ?? 0n,
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
      // A request left over from a task that then settled another way is no longer pending.
      const open = status === "Funded" || status === "Submitted" || status === "Disputed";
      if (open && cancelRequestedBy !== zeroAddress) view.cancelRequestedBy = cancelRequestedBy;
      if (settled) view.settlement = settled;
      return view;
    },
  };
}

export type TaskEscrowClient = ReturnType<typeof createTaskEscrow>;
