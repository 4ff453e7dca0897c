// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ITaskEscrow
/// @notice One escrow per awarded task. The client funds it with the worker's EIP-712 signed bid;
/// every path ends with the tokens paid to the worker, split, or refunded to the client.
/// @dev Storage is hash-committed: each task is one slot holding its status, one timestamp and a
/// 208-bit hash of its frozen {Terms}. Every call after funding passes the {Terms} back (the
/// TaskFunded event carries all of them; agents/chain/escrow.ts rebuilds them from the taskId).
interface ITaskEscrow {
    /// @notice The terms a worker signs (EIP-712 type `Bid`, domain name "TaskEscrow", version "1").
    /// @param taskId Manager-chosen id of the task; one escrow per id, ever.
    /// @param specHash keccak256 of the task specification the worker bid on.
    /// @param arbiter Who may rule a dispute; the worker agrees to it by signing.
    /// @param deadline Unix time by which the worker must submit.
    /// @param reviewPeriod Seconds after submission during which the client may release or dispute.
    /// @param expiry Unix time after which the bid can no longer be funded.
    /// @param nonce Per-worker nonce; each is usable once and the worker may cancel it.
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

    /// @notice EIP-2612 permit the client signs for the escrow, value = bid amount.
    struct Permit {
        uint256 deadline;
        uint8 v;
        bytes32 r;
        bytes32 s;
    }

    /// @notice Admin settings applied to escrows funded from now on; packed in one slot.
    struct Config {
        uint16 feeBps;
        uint16 referrerShareBps;
        uint16 fallbackWorkerBps;
        uint32 rulingWindow;
        bool paused;
        address feeRecipient;
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
    /// @dev The trailing four fields were appended to the shared draft so that the full {Terms} can
    /// be rebuilt from this one event.
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
        uint16 feeBps,
        address referrer,
        uint256 nonce,
        uint16 referrerShareBps,
        uint16 fallbackWorkerBps,
        uint32 rulingWindow,
        address feeRecipient
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
    /// @notice One party asked to cancel; the other party's request completes it.
    event TaskCancelRequested(bytes32 indexed taskId, address indexed client, address indexed worker, address by);
    /// @notice Both parties agreed to cancel; the client was refunded.
    event TaskCancelled(bytes32 indexed taskId, address indexed client, address indexed worker, uint256 clientRefund);
    /// @notice The worker cancelled a bid nonce; no bid with it can be funded.
    event BidNonceCancelled(address indexed worker, uint256 indexed nonce);
    /// @notice A payout could not be transferred (e.g. blocklisted recipient) and was credited instead.
    event PayoutCredited(bytes32 indexed taskId, address indexed account, address indexed token, uint256 amount);
    /// @notice A credit (fee, referrer share or failed payout) was withdrawn.
    event CreditWithdrawn(address indexed account, address indexed token, address to, uint256 amount);
    /// @notice The admin settings for future escrows changed.
    event ConfigUpdated(
        uint16 feeBps,
        uint16 referrerShareBps,
        uint16 fallbackWorkerBps,
        uint32 rulingWindow,
        bool paused,
        address feeRecipient
    );

    /// @notice Funding is paused; settlements never are.
    error TaskEscrowPaused();
    /// @notice Only the bid's client may fund it.
    error TaskEscrowNotClient(bytes32 taskId, address caller, address client);
    /// @notice The caller is not the party this transition belongs to.
    error TaskEscrowUnauthorized(bytes32 taskId, address caller);
    /// @notice The bid's expiry has passed.
    error TaskEscrowBidExpired(bytes32 taskId, uint64 expiry, uint256 nowTs);
    /// @notice The bid's completion deadline is not in the future.
    error TaskEscrowDeadlineInPast(bytes32 taskId, uint64 deadline, uint256 nowTs);
    /// @notice Amount is zero or above 2**128 - 1.
    error TaskEscrowInvalidAmount(bytes32 taskId, uint256 amount);
    /// @notice An escrow with this id already exists.
    error TaskEscrowTaskExists(bytes32 taskId, Status status);
    /// @notice The worker's nonce was used or cancelled.
    error TaskEscrowNonceUsed(address worker, uint256 nonce);
    /// @notice The signature does not verify for the worker (EOA or ERC-1271).
    error TaskEscrowInvalidSignature(bytes32 taskId, address worker);
    /// @notice The token moved a different amount than asked (fee-on-transfer tokens are rejected).
    error TaskEscrowTransferMismatch(address token, uint256 expected, uint256 received);
    /// @notice The escrow is not in a state that allows this transition.
    error TaskEscrowWrongStatus(bytes32 taskId, Status status);
    /// @notice The passed terms do not hash to the committed ones.
    error TaskEscrowTermsMismatch(bytes32 taskId);
    /// @notice Too early: the transition opens at `opensAt` (exclusive).
    error TaskEscrowTooEarly(bytes32 taskId, uint256 opensAt, uint256 nowTs);
    /// @notice Too late: the transition closed at `closedAt` (inclusive bound).
    error TaskEscrowTooLate(bytes32 taskId, uint256 closedAt, uint256 nowTs);
    /// @notice Basis points above the allowed maximum.
    error TaskEscrowBpsTooHigh(uint256 bps, uint256 max);
    /// @notice A zero address where one is required.
    error TaskEscrowZeroAddress();
    /// @notice Batch arrays differ in length.
    error TaskEscrowLengthMismatch(uint256 taskIds, uint256 terms);
    /// @notice This party already asked to cancel.
    error TaskEscrowCancelAlreadyRequested(bytes32 taskId, address by);
    /// @notice Nothing to withdraw.
    error TaskEscrowNothingToWithdraw(address account, address token);

    /// @notice Funds the escrow for `bid`: verifies the worker's signature, consumes the nonce, freezes
    /// the current admin settings and pulls `bid.amount` of `bid.token` from the caller (the client).
    /// @param bid The signed terms; `bid.client` must be the caller.
    /// @param signature The worker's EIP-712 signature (65-byte ECDSA, or anything its ERC-1271 accepts).
    /// @param referrer Optional account that earns `referrerShareBps` of the fee; zero for none.
    function fund(Bid calldata bid, bytes calldata signature, address referrer) external;

    /// @notice {fund} with an EIP-2612 permit for `bid.amount` applied first in the same call. A permit
    /// that fails (e.g. front-run) is ignored if the allowance is already enough.
    function fundWithPermit(Bid calldata bid, bytes calldata signature, address referrer, Permit calldata permit)
        external;

    /// @notice Worker posts the result hash, no later than `terms.deadline`; starts the review period.
    function submit(bytes32 taskId, Terms calldata terms, bytes32 resultHash) external;

    /// @notice Client pays the worker (amount minus fee) at any time while the escrow is open.
    function release(bytes32 taskId, Terms calldata terms) external;

    /// @notice Anyone settles to the worker once the review period after submission has passed
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

    /// @notice Client or worker asks to cancel; once both have asked, the client is refunded.
    function cancel(bytes32 taskId, Terms calldata terms) external;

    /// @notice {release} for many tasks; reverts as a whole if any one fails.
    function releaseBatch(bytes32[] calldata taskIds, Terms[] calldata terms) external;

    /// @notice {autoRelease} for many tasks; reverts as a whole if any one fails.
    function autoReleaseBatch(bytes32[] calldata taskIds, Terms[] calldata terms) external;

    /// @notice Worker cancels one of its outstanding bid nonces.
    function cancelNonce(uint256 nonce) external;

    /// @notice Pays out the caller's credited balance of `token` (fees, referrer shares, failed payouts) to `to`.
    function withdraw(address token, address to) external;

    /// @notice Owner sets the fee for future escrows (at most 1_000 bps).
    function setFeeBps(uint16 feeBps) external;

    /// @notice Owner sets the fee recipient for future escrows.
    function setFeeRecipient(address feeRecipient) external;

    /// @notice Owner sets the referrer's share of the fee for future escrows (at most 10_000 bps).
    function setReferrerShareBps(uint16 referrerShareBps) external;

    /// @notice Owner sets the ruling window and fallback split for future escrows.
    function setDisputeTerms(uint32 rulingWindow, uint16 fallbackWorkerBps) external;

    /// @notice Owner pauses or unpauses new funding. Nothing else can be paused.
    function setPaused(bool paused) external;

    /// @notice Status, the stored timestamp (submittedAt when Submitted, disputedAt when Disputed,
    /// settledAt when terminal, fundedAt when Funded) and the 208-bit terms commitment of a task.
    function taskState(bytes32 taskId) external view returns (Status status, uint40 since, uint256 termsHash);

    /// @notice The commitment {taskState} compares passed terms against.
    function hashTerms(bytes32 taskId, Terms calldata terms) external pure returns (uint256);

    /// @notice EIP-712 digest the worker signs for `bid`.
    function bidDigest(Bid calldata bid) external view returns (bytes32);

    /// @notice Whether `worker`'s `nonce` was used or cancelled.
    function nonceUsed(address worker, uint256 nonce) external view returns (bool);

    /// @notice Who asked to cancel `taskId` (zero if nobody).
    function cancelRequestedBy(bytes32 taskId) external view returns (address);

    /// @notice Withdrawable credit of `account` in `token`.
    function creditOf(address account, address token) external view returns (uint256);

    /// @notice Current admin settings for future escrows.
    function config() external view returns (Config memory);
}
