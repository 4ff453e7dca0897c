// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IEscrowConfig} from "./IEscrowConfig.sol";
import {IEscrowCredits} from "./IEscrowCredits.sol";

/// @title ITaskEscrow
/// @notice One escrow per awarded task. The client funds it with the worker's EIP-712 signed bid;
/// every path ends with the tokens paid to the worker, split, or refunded to the client.
/// @dev Storage is hash-committed: each task, keyed by (client, taskId), is one slot holding its
/// status, payout flags, one timestamp and the 208-bit root of its frozen {Terms} (a hot/cold tree,
/// see {HotTerms}). Every
/// call after funding passes the {Terms} back, or the compact {HotTerms} plus one hash (the
/// TaskFunded event carries all of them; agents/chain/escrow.ts rebuilds them from (client, taskId)).
///
/// The owner's settings are in {IEscrowConfig}, the internal balances in {IEscrowCredits}; errors
/// both of them raise in {IEscrowErrors}. Internal balances are opt-in: {IEscrowCredits-deposit}
/// credits an account, {fundFromCredit} pays a task from it, {submitForCredit} has the worker's
/// payouts credited, {IEscrowCredits-withdraw} pays a credit out. {releaseCompact} defers the fee to
/// {collectFees}. Without opt-in every path moves tokens and credits fees as before: transferFrom at
/// funding, transfers and fee credit at settlement.
interface ITaskEscrow is IEscrowConfig, IEscrowCredits {
    /// @notice The terms a worker signs (EIP-712 type `Bid`, domain name "TaskEscrow", version "1").
    /// @param taskId Client-chosen id of the task; one escrow per (client, taskId), ever. Storage is keyed
    /// by both, so nobody can occupy another client's id.
    /// @param specHash keccak256 of the task specification the worker bid on.
    /// @param arbiter Who may rule a dispute; the worker agrees to it by signing.
    /// @param deadline Unix time by which the worker must submit.
    /// @param reviewPeriod Seconds after submission during which the client may release or dispute.
    /// @param expiry Unix time after which the bid can no longer be funded.
    /// @param nonce Per-worker cancellation handle. Funding never consumes it: a bid is single-use
    /// because its taskId can be funded once, ever. {cancelNonce} burns it, and every unfunded bid
    /// of that worker carrying it can no longer be funded (a worker may give one nonce to many bids
    /// and cancel them together).
    /// @param claimedSuccessBps The worker's own estimate, in basis points, that its work will pass
    /// the task's acceptance criteria, at most 10,000 (funding reverts {TaskEscrowClaimAboveBps}
    /// otherwise). Signed so that anyone can check its calibration: the escrow only emits it in
    /// {TaskFunded} (`settings` bits [240, 256)) and does nothing else with it.
    struct Bid {
        bytes32 taskId;
        bytes32 specHash;
        address client;
        address worker;
        address token;
        uint256 amount;
        address arbiter;
        uint64 deadline;
        uint64 reviewPeriod;
        uint64 expiry;
        uint256 nonce;
        uint16 claimedSuccessBps;
    }

    /// @notice Everything an open escrow needs after funding, frozen at funding and committed by hash.
    /// @dev Fields from the bid plus the admin settings of the moment of funding, so later admin
    /// changes never touch an open escrow. All of them are in the TaskFunded event.
    /// @param feeBps Fee on the worker's gross payout, in basis points (at most 1_000).
    /// @param referrerShareBps Share of the fee credited to `referrer`, in basis points of the fee.
    /// @param fallbackWorkerBps Worker's share of the amount if the arbiter never rules.
    /// @param rulingWindow Seconds the arbiter has to rule after a dispute.
    /// @param feeRecipient Account credited with the fee (minus the referrer's share).
    /// @param referrer Optional account named by the client at funding; zero for none.
    struct Terms {
        address client;
        address worker;
        address token;
        uint256 amount;
        address arbiter;
        uint64 deadline;
        uint64 reviewPeriod;
        uint16 feeBps;
        uint16 referrerShareBps;
        uint16 fallbackWorkerBps;
        uint32 rulingWindow;
        address feeRecipient;
        address referrer;
    }

    /// @notice The {Terms} the hot paths need, in commitment order; the other six travel as one hash.
    /// @dev The task's commitment is keccak256(taskId, the seven HotTerms words, coldHash) with
    /// coldHash = keccak256(abi.encode(arbiter, referrerShareBps, fallbackWorkerBps, rulingWindow,
    /// feeRecipient, referrer)); functions taking full {Terms} compute the same root.
    struct HotTerms {
        address client;
        address worker;
        address token;
        uint256 amount;
        uint64 deadline;
        uint64 reviewPeriod;
        uint16 feeBps;
    }

    /// @notice EIP-2612 permit the client signs for the escrow, value = bid amount.
    struct Permit {
        uint256 deadline;
        uint8 v;
        bytes32 r;
        bytes32 s;
    }

    /// @notice Lifecycle of one escrow. Values from Released on are terminal.
    enum Status {
        None,
        Funded,
        Submitted,
        Disputed,
        Released,
        AutoReleased,
        Ruled,
        FallbackSettled,
        Refunded,
        Declined,
        Cancelled
    }

    /// @notice The client funded the escrow; every frozen term is here, so {Terms} can be rebuilt.
    /// @param settings The five frozen admin settings and the worker's signed claim in one word. Low
    /// to high bits: [0, 16) feeBps, [16, 32) referrerShareBps, [32, 48) fallbackWorkerBps, [48, 80)
    /// rulingWindow (as in the {IEscrowConfig-Config} slot), [80, 240) feeRecipient, [240, 256) the bid's
    /// claimedSuccessBps (layout in {EscrowLog}; agents/chain/escrowTerms.ts unpacks it). One word
    /// instead of six saves 1,280 gas of log data per funding. (The bid's nonce is not logged: it is
    /// no term of the escrow, only the worker's cancellation handle.)
    event TaskFunded(
        bytes32 indexed taskId,
        address indexed client,
        address indexed worker,
        address token,
        uint256 amount,
        address arbiter,
        bytes32 specHash,
        uint64 deadline,
        uint64 reviewPeriod,
        address referrer,
        uint256 settings
    );
    /// @notice The worker posted its result hash; release/dispute is open until `reviewDeadline`.
    event TaskSubmitted(
        bytes32 indexed taskId, address indexed client, address indexed worker, bytes32 resultHash, uint64 reviewDeadline
    );
    /// @notice The client released: the worker got `workerPayout`, `fee` was credited.
    event TaskReleased(
        bytes32 indexed taskId, address indexed client, address indexed worker, uint256 workerPayout, uint256 fee
    );
    /// @notice The review period passed without release or dispute; settled to the worker.
    event TaskAutoReleased(
        bytes32 indexed taskId, address indexed client, address indexed worker, uint256 workerPayout, uint256 fee
    );
    /// @notice A party disputed; the arbiter may rule until `rulingDeadline`, then the fallback applies.
    event TaskDisputed(
        bytes32 indexed taskId,
        address indexed client,
        address indexed worker,
        address disputant,
        bytes32 reasonHash,
        uint64 rulingDeadline
    );
    /// @notice The arbiter split the amount: `workerBps` of it to the worker (minus fee), the rest refunded.
    event TaskRuled(
        bytes32 indexed taskId,
        address indexed client,
        address indexed worker,
        uint16 workerBps,
        uint256 workerPayout,
        uint256 clientRefund,
        uint256 fee
    );
    /// @notice The arbiter stayed silent; the split frozen at funding was applied.
    event TaskFallbackSettled(
        bytes32 indexed taskId,
        address indexed client,
        address indexed worker,
        uint16 workerBps,
        uint256 workerPayout,
        uint256 clientRefund,
        uint256 fee
    );
    /// @notice Nothing was submitted by the deadline; the client was refunded.
    event TaskRefunded(bytes32 indexed taskId, address indexed client, address indexed worker, uint256 clientRefund);
    /// @notice The worker declined before submitting; the client was refunded.
    event TaskDeclined(bytes32 indexed taskId, address indexed client, address indexed worker, uint256 clientRefund);
    /// @notice One party asked to cancel; the other party's request in the same status completes it.
    event TaskCancelRequested(bytes32 indexed taskId, address indexed client, address indexed worker, address by);
    /// @notice The requester withdrew its cancel request.
    event TaskCancelRequestWithdrawn(
        bytes32 indexed taskId, address indexed client, address indexed worker, address by
    );
    /// @notice `client`'s first funding that named a referrer fixed it for all its later fundings.
    event ReferrerFixed(address indexed client, address indexed referrer);
    /// @notice Both parties agreed to cancel; the client was refunded.
    event TaskCancelled(bytes32 indexed taskId, address indexed client, address indexed worker, uint256 clientRefund);
    /// @notice The fee deferred by {releaseCompact} was credited to the task's fee recipient (and referrer).
    event FeeCollected(bytes32 indexed taskId, address indexed token, uint256 fee);
    /// @notice The worker cancelled a bid nonce; no bid with it can be funded.
    event BidNonceCancelled(address indexed worker, uint256 indexed nonce);

    /// @notice Funding is paused; settlements never are.
    error TaskEscrowPaused();
    /// @notice Only the bid's client may fund it.
    /// @param taskId The task's id (with the client, its key).
    /// @param caller The account that called.
    /// @param client The bid's client, the only account that may fund it.
    error TaskEscrowNotClient(bytes32 taskId, address caller, address client);
    /// @notice The caller is not the party this transition belongs to.
    /// @param taskId The task's id (with the client, its key).
    /// @param caller The account that called.
    error TaskEscrowUnauthorized(bytes32 taskId, address caller);
    /// @notice The bid's expiry has passed.
    /// @param taskId The task's id (with the client, its key).
    /// @param expiry The bid's expiry (Unix time).
    /// @param nowTs The block timestamp of the call.
    error TaskEscrowBidExpired(bytes32 taskId, uint64 expiry, uint256 nowTs);
    /// @notice The bid's completion deadline is not in the future.
    /// @param taskId The task's id (with the client, its key).
    /// @param deadline The bid's completion deadline (Unix time).
    /// @param nowTs The block timestamp of the call.
    error TaskEscrowDeadlineInPast(bytes32 taskId, uint64 deadline, uint256 nowTs);
    /// @notice Amount is zero or above 2**128 - 1.
    /// @param taskId The task's id (with the client, its key).
    /// @param amount The bid's amount.
    error TaskEscrowInvalidAmount(bytes32 taskId, uint256 amount);
    /// @notice This client already has an escrow with this id.
    /// @param taskId The task's id (with the client, its key).
    /// @param status The existing escrow's current status.
    error TaskEscrowTaskExists(bytes32 taskId, Status status);
    /// @notice The worker cancelled this nonce: no bid carrying it can be funded, and it cannot be
    /// cancelled twice.
    /// @param worker The worker who cancelled the nonce.
    /// @param nonce The cancelled nonce.
    error TaskEscrowNonceCancelled(address worker, uint256 nonce);
    /// @notice The bid's claimedSuccessBps is above 10,000 (a probability above 1).
    /// @param taskId The task's id (with the client, its key).
    /// @param claimedSuccessBps The bid's claim, as its whole calldata word.
    error TaskEscrowClaimAboveBps(bytes32 taskId, uint256 claimedSuccessBps);
    /// @notice The signature does not verify for the worker (EOA or ERC-1271).
    /// @param taskId The task's id (with the client, its key).
    /// @param worker The bid's worker, whose signature did not verify.
    error TaskEscrowInvalidSignature(bytes32 taskId, address worker);
    /// @notice The token moved a different amount than asked (fee-on-transfer tokens are rejected).
    /// @param token The token pulled.
    /// @param expected The amount asked for.
    /// @param received The balance increase the escrow saw.
    error TaskEscrowTransferMismatch(address token, uint256 expected, uint256 received);
    /// @notice The escrow is not in a state that allows this transition.
    /// @param taskId The task's id (with the client, its key).
    /// @param status The task's current status (None if it does not exist).
    error TaskEscrowWrongStatus(bytes32 taskId, Status status);
    /// @notice The passed terms do not hash to the committed ones.
    /// @param taskId The task's id (with the client, its key).
    error TaskEscrowTermsMismatch(bytes32 taskId);
    /// @notice Too early: the transition opens at `opensAt` (exclusive).
    /// @param taskId The task's id (with the client, its key).
    /// @param opensAt The time after which the call is allowed.
    /// @param nowTs The block timestamp of the call.
    error TaskEscrowTooEarly(bytes32 taskId, uint256 opensAt, uint256 nowTs);
    /// @notice Too late: the transition closed at `closedAt` (inclusive bound).
    /// @param taskId The task's id (with the client, its key).
    /// @param closedAt The last time at which the call was allowed.
    /// @param nowTs The block timestamp of the call.
    error TaskEscrowTooLate(bytes32 taskId, uint256 closedAt, uint256 nowTs);
    /// @notice Batch arrays differ in length.
    /// @param taskIds Length of the task id array.
    /// @param terms Length of the terms array.
    error TaskEscrowLengthMismatch(uint256 taskIds, uint256 terms);
    /// @notice This party already asked to cancel in the current status.
    /// @param taskId The task's id (with the client, its key).
    /// @param by The caller, who already asked.
    error TaskEscrowCancelAlreadyRequested(bytes32 taskId, address by);
    /// @notice The other party's cancel request was made in an earlier status (`requestedIn`), so it
    /// no longer stands: it cannot be completed, and it blocks nothing the caller could do alone
    /// (cancel needs both parties). Its requester may renew it or withdraw it.
    /// @param taskId The task's id (with the client, its key).
    /// @param requester The other party, whose request is stale.
    /// @param requestedIn The status in which it asked.
    /// @param status The task's current status.
    error TaskEscrowCancelRequestStale(bytes32 taskId, address requester, Status requestedIn, Status status);
    /// @notice The caller has no cancel request on this task to withdraw.
    /// @param taskId The task's id (with the client, its key).
    /// @param caller The account that called.
    error TaskEscrowNoCancelRequest(bytes32 taskId, address caller);
    /// @notice The current fee is above the bound the client accepted.
    /// @param feeBps The current fee.
    /// @param maxFeeBps The highest fee the client accepted.
    error TaskEscrowFeeAboveBound(uint16 feeBps, uint16 maxFeeBps);
    /// @notice The current fallback split differs from the one the client accepted.
    /// @param fallbackWorkerBps The current fallback split.
    /// @param expected The split the client accepted.
    error TaskEscrowFallbackSplitChanged(uint16 fallbackWorkerBps, uint16 expected);
    /// @notice The current ruling window is longer than the client accepted.
    /// @param rulingWindow The current ruling window, in seconds.
    /// @param maxRulingWindow The longest window the client accepted.
    error TaskEscrowRulingWindowAboveBound(uint32 rulingWindow, uint32 maxRulingWindow);
    /// @notice A referrer may be neither the task's client nor its worker.
    /// @param referrer The referrer named.
    /// @param client The bid's client.
    /// @param worker The bid's worker.
    error TaskEscrowInvalidReferrer(address referrer, address client, address worker);
    /// @notice The client's referrer was fixed by an earlier funding; it cannot be changed.
    /// @param client The funding client.
    /// @param fixedReferrer The referrer its first referral fixed.
    /// @param named The other referrer named now.
    error TaskEscrowReferrerFixed(address client, address fixedReferrer, address named);
    /// @notice The task has no deferred fee to collect (not deferred, fee zero, or already collected).
    /// @param taskId The task's id (with the client, its key).
    error TaskEscrowNoFeePending(bytes32 taskId);

    /// @notice Funds the escrow for `bid`: verifies the worker's signature, checks the nonce was not cancelled, freezes
    /// the current admin settings and pulls `bid.amount` of `bid.token` from the caller (the client).
    /// @param bid The signed terms; `bid.client` must be the caller.
    /// @param signature The worker's EIP-712 signature (65-byte ECDSA, or anything its ERC-1271 accepts).
    /// @param referrer Optional account that earns `referrerShareBps` of the fee; zero for none (this task
    /// then pays its whole fee to the fee recipient). Neither the client nor the worker. The first funding
    /// of a client that names one fixes it ({referrerOf}); naming another one later reverts.
    /// @param bound The settings the client accepts (finding 3 of the security review), packed in one
    /// word to keep calldata small: `maxFeeBps | fallbackWorkerBps << 16 | maxRulingWindow << 32`. The
    /// current {IEscrowConfig-Config} must have `feeBps <= maxFeeBps`, exactly `fallbackWorkerBps` and
    /// `rulingWindow <= maxRulingWindow`, else funding reverts with an error naming both values. A
    /// client passes what it read from {IEscrowConfig-config} (agents/chain/escrow.ts does), so an owner change
    /// landing first is never frozen into its escrow. Fee recipient and referrer share are not
    /// bounded: they move no money of client or worker.
    function fund(Bid calldata bid, bytes calldata signature, address referrer, uint64 bound) external;

    /// @notice {fund} with an EIP-2612 permit for `bid.amount` applied first in the same call. A permit
    /// that fails (e.g. front-run) is ignored if the allowance is already enough.
    function fundWithPermit(
        Bid calldata bid,
        bytes calldata signature,
        address referrer,
        uint64 bound,
        Permit calldata permit
    ) external;

    /// @notice {fund}, paid from the caller's credit (see {IEscrowCredits-deposit}) instead of a token transfer: no
    /// call to the token at all. Refunds of this task (refund, decline, cancel, the client's share
    /// of a ruling or fallback) go back into the client's credit. Emits the same TaskFunded.
    function fundFromCredit(Bid calldata bid, bytes calldata signature, address referrer, uint64 bound) external;

    /// @notice Worker posts the result hash, no later than `hot.deadline`; starts the review period.
    /// Payouts of the task are transferred to the worker. Takes the compact terms (see {HotTerms}).
    function submit(bytes32 taskId, HotTerms calldata hot, bytes32 coldHash, bytes32 resultHash) external;

    /// @notice {submit}, and the worker's payouts of this task (release, auto-release, its share of a
    /// ruling or fallback) are added to its credit instead of transferred; withdraw them with
    /// {IEscrowCredits-withdraw} or fund own tasks with {fundFromCredit}. Emits the same TaskSubmitted; the choice is
    /// readable through {payoutsToCredit}. Takes the compact terms (see {HotTerms}).
    function submitForCredit(bytes32 taskId, HotTerms calldata hot, bytes32 coldHash, bytes32 resultHash)
        external;

    /// @notice Client pays the worker (amount minus fee) at any time while the escrow is open; the fee
    /// is credited to the frozen fee recipient (and referrer) at once.
    function release(bytes32 taskId, Terms calldata terms) external;

    /// @notice {release} with the compact terms (see {HotTerms}). Without the cold terms the fee
    /// recipient is not at hand, so the fee is always deferred to {collectFees}; the worker is paid
    /// as with {release} (credit if it submitted for credit, else a transfer).
    function releaseCompact(bytes32 taskId, HotTerms calldata hot, bytes32 coldHash) external;

    /// @notice Anyone settles to the worker (fee credited as in {release}) once the review
    /// period after submission has passed
    /// (`block.timestamp > submittedAt + reviewPeriod`) without a release or dispute.
    function autoRelease(bytes32 taskId, Terms calldata terms) external;

    /// @notice Client or worker disputes a submitted task during its review period (inclusive end).
    function dispute(bytes32 taskId, Terms calldata terms, bytes32 reasonHash) external;

    /// @notice The arbiter rules a split within the ruling window: worker gets `workerBps` of the
    /// amount minus the fee on it; the client gets the rest.
    function rule(bytes32 taskId, Terms calldata terms, uint16 workerBps) external;

    /// @notice Anyone settles a dispute with the frozen fallback split once the ruling window passed.
    function settleFallback(bytes32 taskId, Terms calldata terms) external;

    /// @notice Anyone refunds the client if nothing was submitted by the deadline (`now > deadline`).
    function refund(bytes32 taskId, Terms calldata terms) external;

    /// @notice Worker declines before submitting; the client is refunded at once.
    function decline(bytes32 taskId, Terms calldata terms) external;

    /// @notice Client or worker asks to cancel; once both have asked in the same status, the client is
    /// refunded. A request is good only for the status in which it was made: any transition voids it
    /// (its requester may renew it), and a stale request of the other party reverts
    /// {TaskEscrowCancelRequestStale} instead of completing.
    function cancel(bytes32 taskId, Terms calldata terms) external;

    /// @notice The requester withdraws its cancel request (current or stale).
    function withdrawCancelRequest(bytes32 taskId, Terms calldata terms) external;

    /// @notice {release} for many tasks; reverts as a whole if any one fails.
    function releaseBatch(bytes32[] calldata taskIds, Terms[] calldata terms) external;

    /// @notice {autoRelease} for many tasks; reverts as a whole if any one fails.
    function autoReleaseBatch(bytes32[] calldata taskIds, Terms[] calldata terms) external;

    /// @notice Worker cancels a bid nonce: no bid of its carrying it can be funded afterwards. Funding
    /// does not consume nonces, so this is the only way a nonce becomes cancelled.
    function cancelNonce(uint256 nonce) external;

    /// @notice Anyone credits the fees deferred by {releaseCompact} to each task's frozen
    /// fee recipient (minus the referrer's share, credited to the referrer). Reverts as a whole if a
    /// task has no fee pending or its terms do not match.
    function collectFees(bytes32[] calldata taskIds, Terms[] calldata terms) external;

    /// @notice Status, the stored timestamp (submittedAt when Submitted, disputedAt when Disputed,
    /// settledAt when terminal, fundedAt when Funded) and the 208-bit terms commitment of a task.
    function taskState(address client, bytes32 taskId)
        external
        view
        returns (Status status, uint40 since, uint256 termsHash);

    /// @notice The commitment {taskState} compares passed terms against (root of the hot/cold tree).
    function hashTerms(bytes32 taskId, Terms calldata terms) external pure returns (uint256);

    /// @notice EIP-712 digest the worker signs for `bid`.
    function bidDigest(Bid calldata bid) external view returns (bytes32);

    /// @notice Whether `worker` cancelled `nonce` (funding leaves nonces untouched).
    function nonceCancelled(address worker, uint256 nonce) external view returns (bool);

    /// @notice Who asked to cancel the task in its current status (zero if nobody, if the request is
    /// stale, or if the task is not open).
    function cancelRequestedBy(address client, bytes32 taskId) external view returns (address);

    /// @notice The referrer fixed for `client` by its first funding that named one (zero if none yet).
    function referrerOf(address client) external view returns (address);

    /// @notice The fee a task released with {releaseCompact} still holds for collection (0 if none).
    function pendingFee(bytes32 taskId, Terms calldata terms) external view returns (uint256);

    /// @notice Where a task's payouts go: `client` if refunds return to the client's credit (funded with
    /// {fundFromCredit}), `worker` if the worker's payouts go to its credit (submitted with {submitForCredit}).
    function payoutsToCredit(address client, bytes32 taskId)
        external
        view
        returns (bool toClientCredit, bool toWorkerCredit);
}
