// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ITaskEscrow} from "./interfaces/ITaskEscrow.sol";
import {BidSignature} from "./libraries/BidSignature.sol";
import {EscrowHash} from "./libraries/EscrowHash.sol";
import {EscrowLog} from "./libraries/EscrowLog.sol";
import {FeeMath} from "./libraries/FeeMath.sol";

/// @title TaskEscrow
/// @notice ERC-20 escrow for tasks awarded on a signed bid. See {ITaskEscrow}.
/// @dev One storage word per task (see {EscrowHash}); terms travel in calldata and are checked
/// against the commitment. Every external mutating function is nonReentrant and follows
/// checks, writes, events, transfers. Payouts that a token refuses (blocklist, returns false,
/// reentrancy) are credited to the recipient instead, so no other task is ever blocked.
contract TaskEscrow is ITaskEscrow, EIP712, Ownable2Step, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice Hard cap on the fee: 10% of the worker's gross payout.
    uint16 public constant MAX_FEE_BPS = 1_000;
    uint16 public constant DEFAULT_REFERRER_SHARE_BPS = 1_500;
    /// @notice Default time an arbiter has to rule after a dispute.
    uint32 public constant DEFAULT_RULING_WINDOW = 3 days;
    /// @notice Default fallback split if the arbiter never rules: half each.
    uint16 public constant DEFAULT_FALLBACK_WORKER_BPS = 5_000;
    /// @dev Amounts are capped so that bps products never overflow.
    uint256 private constant MAX_AMOUNT = type(uint128).max;

    Config private _config;
    mapping(bytes32 taskId => uint256 word) private _tasks;
    mapping(address worker => mapping(uint256 wordPos => uint256 bits)) private _nonceBitmap;
    mapping(address account => mapping(address token => uint256 amount)) private _credits;
    mapping(bytes32 taskId => address party) private _cancelRequests;

    constructor(address initialOwner, address feeRecipient, uint16 feeBps)
        EIP712("TaskEscrow", "1")
        Ownable(initialOwner)
    {
        if (feeRecipient == address(0)) revert TaskEscrowZeroAddress();
        if (feeBps > MAX_FEE_BPS) revert TaskEscrowBpsTooHigh(feeBps, MAX_FEE_BPS);
        _setConfig(
            Config({
                feeBps: feeBps,
                referrerShareBps: DEFAULT_REFERRER_SHARE_BPS,
                fallbackWorkerBps: DEFAULT_FALLBACK_WORKER_BPS,
                rulingWindow: DEFAULT_RULING_WINDOW,
                paused: false,
                feeRecipient: feeRecipient
            })
        );
    }

    // ---------------------------------------------------------------- funding

    /// @inheritdoc ITaskEscrow
    function fund(Bid calldata bid, bytes calldata signature, address referrer) external nonReentrant {
        _fund(bid, signature, referrer);
    }

    /// @inheritdoc ITaskEscrow
    function fundWithPermit(Bid calldata bid, bytes calldata signature, address referrer, Permit calldata permit)
        external
        nonReentrant
    {
        // A front-runner may have used the permit already; the transfer below still checks allowance.
        try IERC20Permit(bid.token).permit(
            msg.sender, address(this), bid.amount, permit.deadline, permit.v, permit.r, permit.s
        ) {} catch {}
        _fund(bid, signature, referrer);
    }

    function _fund(Bid calldata bid, bytes calldata signature, address referrer) private {
        Config memory c = _config;
        bytes32 taskId = bid.taskId;
        if (c.paused) revert TaskEscrowPaused();
        if (msg.sender != bid.client) revert TaskEscrowNotClient(taskId, msg.sender, bid.client);
        if (block.timestamp > bid.expiry) revert TaskEscrowBidExpired(taskId, bid.expiry, block.timestamp);
        if (bid.deadline <= block.timestamp) revert TaskEscrowDeadlineInPast(taskId, bid.deadline, block.timestamp);
        if (bid.amount == 0 || bid.amount > MAX_AMOUNT) revert TaskEscrowInvalidAmount(taskId, bid.amount);
        uint256 word = _tasks[taskId];
        if (word != 0) revert TaskEscrowTaskExists(taskId, EscrowHash.statusOf(word));
        _useNonce(bid.worker, bid.nonce);
        bytes32 digest = _hashTypedDataV4(EscrowHash.hashBid(bid));
        if (!BidSignature.isValid(bid.worker, digest, signature)) {
            revert TaskEscrowInvalidSignature(taskId, bid.worker);
        }

        Terms memory t;
        t.client = bid.client;
        t.worker = bid.worker;
        t.token = bid.token;
        t.amount = bid.amount;
        t.arbiter = bid.arbiter;
        t.deadline = bid.deadline;
        t.reviewPeriod = bid.reviewPeriod;
        t.feeBps = c.feeBps;
        t.referrerShareBps = c.referrerShareBps;
        t.fallbackWorkerBps = c.fallbackWorkerBps;
        t.rulingWindow = c.rulingWindow;
        t.feeRecipient = c.feeRecipient;
        t.referrer = referrer;
        _tasks[taskId] = EscrowHash.pack(EscrowHash.commitMemory(taskId, t), Status.Funded, block.timestamp);
        EscrowLog.emitFunded(bid, t);

        IERC20 token = IERC20(t.token);
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), t.amount);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != t.amount) revert TaskEscrowTransferMismatch(t.token, t.amount, received);
    }

    function _useNonce(address worker, uint256 nonce) private {
        uint256 bit = 1 << (nonce & 0xff);
        uint256 bits = _nonceBitmap[worker][nonce >> 8];
        if (bits & bit != 0) revert TaskEscrowNonceUsed(worker, nonce);
        _nonceBitmap[worker][nonce >> 8] = bits | bit;
    }

    /// @inheritdoc ITaskEscrow
    function cancelNonce(uint256 nonce) external {
        _useNonce(msg.sender, nonce);
        emit BidNonceCancelled(msg.sender, nonce);
    }

    // ---------------------------------------------------------------- lifecycle

    /// @inheritdoc ITaskEscrow
    function submit(bytes32 taskId, Terms calldata t, bytes32 resultHash) external nonReentrant {
        uint256 word = _load(taskId, t, Status.Funded);
        if (msg.sender != t.worker) revert TaskEscrowUnauthorized(taskId, msg.sender);
        if (block.timestamp > t.deadline) revert TaskEscrowTooLate(taskId, t.deadline, block.timestamp);
        _tasks[taskId] = _next(word, Status.Submitted);
        emit TaskSubmitted(taskId, t.client, t.worker, resultHash, uint64(block.timestamp + t.reviewPeriod));
    }

    /// @inheritdoc ITaskEscrow
    function release(bytes32 taskId, Terms calldata t) external nonReentrant {
        _release(taskId, t);
    }

    /// @inheritdoc ITaskEscrow
    function releaseBatch(bytes32[] calldata taskIds, Terms[] calldata terms) external nonReentrant {
        if (taskIds.length != terms.length) revert TaskEscrowLengthMismatch(taskIds.length, terms.length);
        for (uint256 i; i < taskIds.length; ++i) {
            _release(taskIds[i], terms[i]);
        }
    }

    function _release(bytes32 taskId, Terms calldata t) private {
        uint256 word = _loadOpen(taskId, t);
        if (msg.sender != t.client) revert TaskEscrowUnauthorized(taskId, msg.sender);
        _tasks[taskId] = _next(word, Status.Released);
        (uint256 payout, uint256 fee,) = FeeMath.settle(t.amount, FeeMath.BPS, t.feeBps);
        _creditFee(t, fee);
        emit TaskReleased(taskId, t.client, t.worker, payout, fee);
        _send(taskId, t.token, t.worker, payout);
    }

    /// @inheritdoc ITaskEscrow
    function autoRelease(bytes32 taskId, Terms calldata t) external nonReentrant {
        _autoRelease(taskId, t);
    }

    /// @inheritdoc ITaskEscrow
    function autoReleaseBatch(bytes32[] calldata taskIds, Terms[] calldata terms) external nonReentrant {
        if (taskIds.length != terms.length) revert TaskEscrowLengthMismatch(taskIds.length, terms.length);
        for (uint256 i; i < taskIds.length; ++i) {
            _autoRelease(taskIds[i], terms[i]);
        }
    }

    function _autoRelease(bytes32 taskId, Terms calldata t) private {
        uint256 word = _load(taskId, t, Status.Submitted);
        uint256 reviewEnd = uint256(EscrowHash.timeOf(word)) + t.reviewPeriod;
        if (block.timestamp <= reviewEnd) revert TaskEscrowTooEarly(taskId, reviewEnd, block.timestamp);
        _tasks[taskId] = _next(word, Status.AutoReleased);
        (uint256 payout, uint256 fee,) = FeeMath.settle(t.amount, FeeMath.BPS, t.feeBps);
        _creditFee(t, fee);
        emit TaskAutoReleased(taskId, t.client, t.worker, payout, fee);
        _send(taskId, t.token, t.worker, payout);
    }

    /// @inheritdoc ITaskEscrow
    function dispute(bytes32 taskId, Terms calldata t, bytes32 reasonHash) external nonReentrant {
        uint256 word = _load(taskId, t, Status.Submitted);
        if (msg.sender != t.client && msg.sender != t.worker) revert TaskEscrowUnauthorized(taskId, msg.sender);
        uint256 reviewEnd = uint256(EscrowHash.timeOf(word)) + t.reviewPeriod;
        if (block.timestamp > reviewEnd) revert TaskEscrowTooLate(taskId, reviewEnd, block.timestamp);
        _tasks[taskId] = _next(word, Status.Disputed);
        emit TaskDisputed(
            taskId, t.client, t.worker, msg.sender, reasonHash, uint64(block.timestamp + t.rulingWindow)
        );
    }

    /// @inheritdoc ITaskEscrow
    function rule(bytes32 taskId, Terms calldata t, uint16 workerBps) external nonReentrant {
        uint256 word = _load(taskId, t, Status.Disputed);
        if (msg.sender != t.arbiter) revert TaskEscrowUnauthorized(taskId, msg.sender);
        if (workerBps > FeeMath.BPS) revert TaskEscrowBpsTooHigh(workerBps, FeeMath.BPS);
        uint256 rulingEnd = uint256(EscrowHash.timeOf(word)) + t.rulingWindow;
        if (block.timestamp > rulingEnd) revert TaskEscrowTooLate(taskId, rulingEnd, block.timestamp);
        _tasks[taskId] = _next(word, Status.Ruled);
        (uint256 payout, uint256 fee, uint256 refunded) = FeeMath.settle(t.amount, workerBps, t.feeBps);
        _creditFee(t, fee);
        emit TaskRuled(taskId, t.client, t.worker, workerBps, payout, refunded, fee);
        _send(taskId, t.token, t.worker, payout);
        _send(taskId, t.token, t.client, refunded);
    }

    /// @inheritdoc ITaskEscrow
    function settleFallback(bytes32 taskId, Terms calldata t) external nonReentrant {
        uint256 word = _load(taskId, t, Status.Disputed);
        uint256 rulingEnd = uint256(EscrowHash.timeOf(word)) + t.rulingWindow;
        if (block.timestamp <= rulingEnd) revert TaskEscrowTooEarly(taskId, rulingEnd, block.timestamp);
        _tasks[taskId] = _next(word, Status.FallbackSettled);
        (uint256 payout, uint256 fee, uint256 refunded) =
            FeeMath.settle(t.amount, t.fallbackWorkerBps, t.feeBps);
        _creditFee(t, fee);
        emit TaskFallbackSettled(taskId, t.client, t.worker, t.fallbackWorkerBps, payout, refunded, fee);
        _send(taskId, t.token, t.worker, payout);
        _send(taskId, t.token, t.client, refunded);
    }

    /// @inheritdoc ITaskEscrow
    function refund(bytes32 taskId, Terms calldata t) external nonReentrant {
        uint256 word = _load(taskId, t, Status.Funded);
        if (block.timestamp <= t.deadline) revert TaskEscrowTooEarly(taskId, t.deadline, block.timestamp);
        _tasks[taskId] = _next(word, Status.Refunded);
        emit TaskRefunded(taskId, t.client, t.worker, t.amount);
        _send(taskId, t.token, t.client, t.amount);
    }

    /// @inheritdoc ITaskEscrow
    function decline(bytes32 taskId, Terms calldata t) external nonReentrant {
        uint256 word = _load(taskId, t, Status.Funded);
        if (msg.sender != t.worker) revert TaskEscrowUnauthorized(taskId, msg.sender);
        _tasks[taskId] = _next(word, Status.Declined);
        emit TaskDeclined(taskId, t.client, t.worker, t.amount);
        _send(taskId, t.token, t.client, t.amount);
    }

    /// @inheritdoc ITaskEscrow
    function cancel(bytes32 taskId, Terms calldata t) external nonReentrant {
        uint256 word = _loadOpen(taskId, t);
        if (msg.sender != t.client && msg.sender != t.worker) revert TaskEscrowUnauthorized(taskId, msg.sender);
        address requested = _cancelRequests[taskId];
        if (requested == msg.sender) revert TaskEscrowCancelAlreadyRequested(taskId, msg.sender);
        if (requested == address(0)) {
            _cancelRequests[taskId] = msg.sender;
            emit TaskCancelRequested(taskId, t.client, t.worker, msg.sender);
            return;
        }
        delete _cancelRequests[taskId];
        _tasks[taskId] = _next(word, Status.Cancelled);
        emit TaskCancelled(taskId, t.client, t.worker, t.amount);
        _send(taskId, t.token, t.client, t.amount);
    }

    // ---------------------------------------------------------------- credits

    /// @inheritdoc ITaskEscrow
    function withdraw(address token, address to) external nonReentrant {
        uint256 amount = _credits[msg.sender][token];
        if (amount == 0) revert TaskEscrowNothingToWithdraw(msg.sender, token);
        if (to == address(0)) revert TaskEscrowZeroAddress();
        delete _credits[msg.sender][token];
        emit CreditWithdrawn(msg.sender, token, to, amount);
        IERC20(token).safeTransfer(to, amount);
    }

    function _creditFee(Terms calldata t, uint256 fee) private {
        if (fee == 0) return;
        uint256 referrerCut;
        if (t.referrer != address(0)) {
            referrerCut = FeeMath.bpsOf(fee, t.referrerShareBps);
            _credits[t.referrer][t.token] += referrerCut;
        }
        // referrerCut <= fee because referrerShareBps <= BPS.
        unchecked {
            _credits[t.feeRecipient][t.token] += fee - referrerCut;
        }
    }

    /// @dev Last step of every payout. A refused transfer is credited, never reverted, so a
    /// blocklisted or hostile recipient cannot lock the task (or anyone else's).
    function _send(bytes32 taskId, address token, address to, uint256 amount) private {
        if (amount == 0) return;
        if (!IERC20(token).trySafeTransfer(to, amount)) {
            _credits[to][token] += amount;
            emit PayoutCredited(taskId, to, token, amount);
        }
    }

    // ---------------------------------------------------------------- state helpers

    function _load(bytes32 taskId, Terms calldata t, Status expected) private view returns (uint256 word) {
        word = _tasks[taskId];
        Status s = EscrowHash.statusOf(word);
        if (s != expected) revert TaskEscrowWrongStatus(taskId, s);
        _checkTerms(taskId, t, word);
    }

    /// @dev Open means Funded, Submitted or Disputed.
    function _loadOpen(bytes32 taskId, Terms calldata t) private view returns (uint256 word) {
        word = _tasks[taskId];
        Status s = EscrowHash.statusOf(word);
        if (s == Status.None || s > Status.Disputed) revert TaskEscrowWrongStatus(taskId, s);
        _checkTerms(taskId, t, word);
    }

    function _checkTerms(bytes32 taskId, Terms calldata t, uint256 word) private pure {
        if (EscrowHash.commit(taskId, t) != word & EscrowHash.HASH_MASK) revert TaskEscrowTermsMismatch(taskId);
    }

    function _next(uint256 word, Status status) private view returns (uint256) {
        return EscrowHash.pack(word & EscrowHash.HASH_MASK, status, block.timestamp);
    }

    // ---------------------------------------------------------------- admin

    /// @inheritdoc ITaskEscrow
    function setFeeBps(uint16 feeBps) external onlyOwner {
        if (feeBps > MAX_FEE_BPS) revert TaskEscrowBpsTooHigh(feeBps, MAX_FEE_BPS);
        Config memory c = _config;
        c.feeBps = feeBps;
        _setConfig(c);
    }

    /// @inheritdoc ITaskEscrow
    function setFeeRecipient(address feeRecipient) external onlyOwner {
        if (feeRecipient == address(0)) revert TaskEscrowZeroAddress();
        Config memory c = _config;
        c.feeRecipient = feeRecipient;
        _setConfig(c);
    }

    /// @inheritdoc ITaskEscrow
    function setReferrerShareBps(uint16 referrerShareBps) external onlyOwner {
        if (referrerShareBps > FeeMath.BPS) revert TaskEscrowBpsTooHigh(referrerShareBps, FeeMath.BPS);
        Config memory c = _config;
        c.referrerShareBps = referrerShareBps;
        _setConfig(c);
    }

    /// @inheritdoc ITaskEscrow
    function setDisputeTerms(uint32 rulingWindow, uint16 fallbackWorkerBps) external onlyOwner {
        if (fallbackWorkerBps > FeeMath.BPS) revert TaskEscrowBpsTooHigh(fallbackWorkerBps, FeeMath.BPS);
        Config memory c = _config;
        c.rulingWindow = rulingWindow;
        c.fallbackWorkerBps = fallbackWorkerBps;
        _setConfig(c);
    }

    /// @inheritdoc ITaskEscrow
    function setPaused(bool paused) external onlyOwner {
        Config memory c = _config;
        c.paused = paused;
        _setConfig(c);
    }

    function _setConfig(Config memory c) private {
        _config = c;
        emit ConfigUpdated(c.feeBps, c.referrerShareBps, c.fallbackWorkerBps, c.rulingWindow, c.paused, c.feeRecipient);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ITaskEscrow
    function taskState(bytes32 taskId) external view returns (Status status, uint40 since, uint256 termsHash) {
        uint256 word = _tasks[taskId];
        return (EscrowHash.statusOf(word), EscrowHash.timeOf(word), word & EscrowHash.HASH_MASK);
    }

    /// @inheritdoc ITaskEscrow
    function hashTerms(bytes32 taskId, Terms calldata terms) external pure returns (uint256) {
        return EscrowHash.commit(taskId, terms);
    }

    /// @inheritdoc ITaskEscrow
    function bidDigest(Bid calldata bid) external view returns (bytes32) {
        return _hashTypedDataV4(EscrowHash.hashBid(bid));
    }

    /// @inheritdoc ITaskEscrow
    function nonceUsed(address worker, uint256 nonce) external view returns (bool) {
        return _nonceBitmap[worker][nonce >> 8] & (1 << (nonce & 0xff)) != 0;
    }

    /// @inheritdoc ITaskEscrow
    function cancelRequestedBy(bytes32 taskId) external view returns (address) {
        return _cancelRequests[taskId];
    }

    /// @inheritdoc ITaskEscrow
    function creditOf(address account, address token) external view returns (uint256) {
        return _credits[account][token];
    }

    /// @inheritdoc ITaskEscrow
    function config() external view returns (Config memory) {
        return _config;
    }
}
