// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {EscrowConfig} from "./EscrowConfig.sol";
import {ITaskEscrow} from "./interfaces/ITaskEscrow.sol";
import {EscrowCredits} from "./EscrowCredits.sol";
import {BidSignature} from "./libraries/BidSignature.sol";
import {EscrowHash} from "./libraries/EscrowHash.sol";
import {EscrowLog} from "./libraries/EscrowLog.sol";
import {FeeMath} from "./libraries/FeeMath.sol";
import {ConfigWord} from "./types/ConfigWord.sol";
import {TaskWord} from "./types/TaskWord.sol";

/// @title TaskEscrow
/// @notice ERC-20 escrow for tasks awarded on a signed bid. See {ITaskEscrow}.
/// @dev One storage word per task (a {TaskWord}); terms travel in calldata and are checked
/// against the commitment. Every external mutating function that calls out is nonReentrant; those
/// that never do (fundFromCredit, whose only call is the ERC-1271 STATICCALL, submit, dispute,
/// collectFees) check the guard without setting it (nonReentrantView), so none of them can run
/// inside another one's token call; releaseCompact sets it only around its token call. All follow
/// checks, writes, events, transfers. Payouts that a token refuses (blocklist, returns false,
/// reentrancy) are credited to the recipient instead, so no other task is ever blocked.
///
/// Storage, in slot order: EIP712 `_nameFallback`, `_versionFallback` (empty: the name and version
/// fit in immutables), Ownable `_owner`, Ownable2Step `_pendingOwner`, {EscrowConfig} `_config`
/// (one packed slot, a {ConfigWord}), {EscrowCredits} `_credits[account][token]` (internal
/// balances: deposits, credited payouts and refunds, fees, referrer shares, refused payouts), then
/// `_tasks[client][taskId]` (one {TaskWord} per task: status, payout flags, feePending, a timestamp
/// and the 208-bit terms root), `_nonceBitmap[worker][nonce >> 8]` (cancelled
/// nonces), `_cancelRequests[client][taskId]` (requester and the status it asked in) and
/// `_referrers[client]`. Tasks are keyed by client and id, so nobody can occupy another client's
/// id; every entry point finds the client in the terms it is passed. The reentrancy guard lives in
/// transient storage.
contract TaskEscrow is ITaskEscrow, EIP712, EscrowConfig, EscrowCredits {
    using SafeERC20 for IERC20;

    /// @dev Amounts are capped so that bps products never overflow.
    uint256 private constant MAX_AMOUNT = type(uint128).max;

    mapping(address client => mapping(bytes32 taskId => TaskWord word)) private _tasks;
    mapping(address worker => mapping(uint256 wordPos => uint256 bits)) private _nonceBitmap;
    /// @dev requester | uint256(status it asked in) << 160. A request stands only while the task is
    /// still in that status, so transitions void it without a write (the hot paths pay nothing).
    mapping(address client => mapping(bytes32 taskId => uint256 request)) private _cancelRequests;
    mapping(address client => address referrer) private _referrers;

    constructor(address initialOwner, address feeRecipient, uint16 feeBps)
        EIP712("TaskEscrow", "1")
        EscrowConfig(initialOwner, feeRecipient, feeBps)
    {}

    // ---------------------------------------------------------------- funding

    /// @inheritdoc ITaskEscrow
    function fund(Bid calldata bid, bytes calldata signature, address referrer, uint64 bound) external nonReentrant {
        _fund(bid, signature, referrer, bound, false);
        _pull(IERC20(bid.token), bid.amount);
    }

    /// @inheritdoc ITaskEscrow
    function fundWithPermit(
        Bid calldata bid,
        bytes calldata signature,
        address referrer,
        uint64 bound,
        Permit calldata permit
    ) external nonReentrant {
        // A front-runner may have used the permit already; the transfer below still checks allowance.
        try IERC20Permit(bid.token).permit(
            msg.sender, address(this), bid.amount, permit.deadline, permit.v, permit.r, permit.s
        ) {} catch {}
        _fund(bid, signature, referrer, bound, false);
        _pull(IERC20(bid.token), bid.amount);
    }

    /// @inheritdoc ITaskEscrow
    function fundFromCredit(Bid calldata bid, bytes calldata signature, address referrer, uint64 bound)
        external
        nonReentrantView
    {
        uint256 slot = _creditSlot(msg.sender, bid.token);
        uint256 credit;
        uint256 amount = bid.amount;
        assembly ("memory-safe") {
            credit := sload(slot) // _credits[msg.sender][bid.token]
        }
        if (credit < amount) revert TaskEscrowInsufficientCredit(msg.sender, bid.token, credit, amount);
        _fund(bid, signature, referrer, bound, true);
        assembly ("memory-safe") {
            sstore(slot, sub(credit, amount)) // credit >= amount was checked above
        }
    }

    /// @dev Checks the bid, the client's bound on the config and that the nonce is not cancelled,
    /// commits the task word and emits TaskFunded. The caller moves the money (pull or credit
    /// debit); nothing here calls out.
    function _fund(
        Bid calldata bid,
        bytes calldata signature,
        address referrer,
        uint64 bound,
        bool fromCredit
    ) private {
        ConfigWord cfg = _configWord();
        bytes32 taskId = bid.taskId;
        address client = bid.client;
        if (cfg.paused()) revert TaskEscrowPaused();
        _checkBound(cfg, bound);
        if (msg.sender != client) revert TaskEscrowNotClient(taskId, msg.sender, client);
        if (block.timestamp > bid.expiry) revert TaskEscrowBidExpired(taskId, bid.expiry, block.timestamp);
        if (bid.deadline <= block.timestamp) revert TaskEscrowDeadlineInPast(taskId, bid.deadline, block.timestamp);
        if (bid.amount == 0 || bid.amount > MAX_AMOUNT) revert TaskEscrowInvalidAmount(taskId, bid.amount);
        _checkClaim(bid);
        uint256 slot = _taskSlot(client, taskId);
        TaskWord word = _word(slot);
        if (TaskWord.unwrap(word) != 0) revert TaskEscrowTaskExists(taskId, word.status());
        _checkNonce(bid.worker, bid.nonce);
        bytes32 digest = _hashTypedDataV4(EscrowHash.hashBid(bid));
        if (!BidSignature.isValid(bid.worker, digest, signature)) {
            revert TaskEscrowInvalidSignature(taskId, bid.worker);
        }
        if (referrer != address(0)) _fixReferrer(client, bid.worker, referrer);
        // The terms are the bid's fields plus the config of this moment, hashed straight from
        // calldata and the packed config word; the signature check above covers every bid byte.
        word = TaskWord.wrap(EscrowHash.commitFunding(bid, cfg, referrer));
        _store(slot, word.setClientCredit(fromCredit).setStatus(Status.Funded).setTime(block.timestamp));
        EscrowLog.emitFunded(bid, cfg, referrer);
    }

    /// @dev Finding 3: the config of this moment must be within what the client accepted (layout of
    /// `bound` in {ITaskEscrow-fund}).
    function _checkBound(ConfigWord cfg, uint64 bound) private pure {
        uint16 feeBps = cfg.feeBps();
        uint16 maxFeeBps = uint16(bound);
        if (feeBps > maxFeeBps) revert TaskEscrowFeeAboveBound(feeBps, maxFeeBps);
        uint16 split = cfg.fallbackWorkerBps();
        uint16 expectedSplit = uint16(bound >> 16);
        if (split != expectedSplit) revert TaskEscrowFallbackSplitChanged(split, expectedSplit);
        uint32 window = cfg.rulingWindow();
        uint32 maxWindow = uint32(bound >> 32);
        if (window > maxWindow) revert TaskEscrowRulingWindowAboveBound(window, maxWindow);
    }

    /// @dev The claim is a probability in basis points. Read as its whole calldata word, so one
    /// comparison also rejects a dirty uint16 (which only a signer of any digest could produce).
    function _checkClaim(Bid calldata bid) private pure {
        uint256 claim;
        assembly ("memory-safe") {
            claim := calldataload(add(bid, 0x160)) // claimedSuccessBps (Bid word 11)
        }
        if (claim > FeeMath.BPS) revert TaskEscrowClaimAboveBps(bid.taskId, claim);
    }

    /// @dev Finding 4: neither party may be the referrer, and a client's first named referrer stays.
    /// Only fundings that name a referrer read this slot, so the no-referrer path pays nothing.
    function _fixReferrer(address client, address worker, address referrer) private {
        if (referrer == client || referrer == worker) revert TaskEscrowInvalidReferrer(referrer, client, worker);
        address fixedReferrer = _referrers[client];
        if (fixedReferrer == address(0)) {
            _referrers[client] = referrer;
            emit ReferrerFixed(client, referrer);
        } else if (fixedReferrer != referrer) {
            revert TaskEscrowReferrerFixed(client, fixedReferrer, referrer);
        }
    }

    /// @dev Pulls `amount` from the caller and rejects tokens that deliver anything else.
    function _pull(IERC20 token, uint256 amount) private {
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != amount) revert TaskEscrowTransferMismatch(address(token), amount, received);
    }

    /// @dev A nonce is a cancellation handle: funding reads the worker's bit and never writes it.
    /// A bid is single-use because its signed (client, taskId) can be funded once (the task word).
    function _checkNonce(address worker, uint256 nonce) private view {
        if (_nonceBitmap[worker][nonce >> 8] & (1 << (nonce & 0xff)) != 0) {
            revert TaskEscrowNonceCancelled(worker, nonce);
        }
    }

    /// @inheritdoc ITaskEscrow
    function cancelNonce(uint256 nonce) external {
        uint256 bit = 1 << (nonce & 0xff);
        uint256 bits = _nonceBitmap[msg.sender][nonce >> 8];
        if (bits & bit != 0) revert TaskEscrowNonceCancelled(msg.sender, nonce);
        _nonceBitmap[msg.sender][nonce >> 8] = bits | bit;
        emit BidNonceCancelled(msg.sender, nonce);
    }

    // ---------------------------------------------------------------- lifecycle

    /// @inheritdoc ITaskEscrow
    function submit(bytes32 taskId, HotTerms calldata hot, bytes32 coldHash, bytes32 resultHash)
        external
        nonReentrantView
    {
        _submit(taskId, hot, coldHash, resultHash, false);
    }

    /// @inheritdoc ITaskEscrow
    function submitForCredit(bytes32 taskId, HotTerms calldata hot, bytes32 coldHash, bytes32 resultHash)
        external
        nonReentrantView
    {
        _submit(taskId, hot, coldHash, resultHash, true);
    }

    function _submit(bytes32 taskId, HotTerms calldata hot, bytes32 coldHash, bytes32 resultHash, bool forCredit)
        private
    {
        (uint256 slot, TaskWord word) = _loadHot(taskId, hot, coldHash);
        Status s = word.status();
        if (s != Status.Funded) revert TaskEscrowWrongStatus(taskId, s);
        if (msg.sender != hot.worker) revert TaskEscrowUnauthorized(taskId, msg.sender);
        if (block.timestamp > hot.deadline) revert TaskEscrowTooLate(taskId, hot.deadline, block.timestamp);
        _store(slot, _next(word, Status.Submitted).setWorkerCredit(forCredit));
        // deadline, reviewPeriod < 2**64 (calldata-validated uint64), so the sum fits a uint64 until 2**63.
        emit TaskSubmitted(taskId, hot.client, hot.worker, resultHash, uint64(block.timestamp + hot.reviewPeriod));
    }

    /// @inheritdoc ITaskEscrow
    function release(bytes32 taskId, Terms calldata t) external nonReentrant {
        _release(taskId, t);
    }

    /// @inheritdoc ITaskEscrow
    /// @dev Guard: paying into credit calls nothing, so checking the guard suffices; a transfer
    /// payout sets it around the token call ({_sendGuarded}).
    function releaseCompact(bytes32 taskId, HotTerms calldata hot, bytes32 coldHash) external nonReentrantView {
        (uint256 slot, TaskWord word) = _loadHot(taskId, hot, coldHash);
        Status s = word.status();
        if (s == Status.None || s > Status.Disputed) revert TaskEscrowWrongStatus(taskId, s);
        if (msg.sender != hot.client) revert TaskEscrowUnauthorized(taskId, msg.sender);
        (uint256 payout, uint256 fee) = FeeMath.feeOnFull(hot.amount, hot.feeBps);
        _store(slot, _next(word, Status.Released).setFeePending(fee != 0));
        emit TaskReleased(taskId, hot.client, hot.worker, payout, fee);
        if (word.workerCredit()) _addCredit(hot.worker, hot.token, payout);
        else _sendGuarded(taskId, hot.token, hot.worker, payout);
    }

    /// @inheritdoc ITaskEscrow
    function releaseBatch(bytes32[] calldata taskIds, Terms[] calldata terms) external nonReentrant {
        if (taskIds.length != terms.length) revert TaskEscrowLengthMismatch(taskIds.length, terms.length);
        for (uint256 i; i < taskIds.length; ++i) {
            _release(taskIds[i], terms[i]);
        }
    }

    function _release(bytes32 taskId, Terms calldata t) private {
        (uint256 slot, TaskWord word) = _loadOpen(taskId, t);
        if (msg.sender != t.client) revert TaskEscrowUnauthorized(taskId, msg.sender);
        (uint256 payout, uint256 fee) = FeeMath.feeOnFull(t.amount, t.feeBps);
        _store(slot, _next(word, Status.Released));
        _creditFee(t, fee);
        emit TaskReleased(taskId, t.client, t.worker, payout, fee);
        _payWorker(taskId, word, t.worker, t.token, payout);
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
        (uint256 slot, TaskWord word) = _load(taskId, t, Status.Submitted);
        uint256 reviewEnd = uint256(word.time()) + t.reviewPeriod;
        if (block.timestamp <= reviewEnd) revert TaskEscrowTooEarly(taskId, reviewEnd, block.timestamp);
        (uint256 payout, uint256 fee) = FeeMath.feeOnFull(t.amount, t.feeBps);
        _store(slot, _next(word, Status.AutoReleased));
        _creditFee(t, fee);
        emit TaskAutoReleased(taskId, t.client, t.worker, payout, fee);
        _payWorker(taskId, word, t.worker, t.token, payout);
    }

    /// @inheritdoc ITaskEscrow
    function dispute(bytes32 taskId, Terms calldata t, bytes32 reasonHash) external nonReentrantView {
        (uint256 slot, TaskWord word) = _load(taskId, t, Status.Submitted);
        if (msg.sender != t.client && msg.sender != t.worker) revert TaskEscrowUnauthorized(taskId, msg.sender);
        uint256 reviewEnd = uint256(word.time()) + t.reviewPeriod;
        if (block.timestamp > reviewEnd) revert TaskEscrowTooLate(taskId, reviewEnd, block.timestamp);
        _store(slot, _next(word, Status.Disputed));
        emit TaskDisputed(
            taskId, t.client, t.worker, msg.sender, reasonHash, uint64(block.timestamp + t.rulingWindow)
        );
    }

    /// @inheritdoc ITaskEscrow
    function rule(bytes32 taskId, Terms calldata t, uint16 workerBps) external nonReentrant {
        (uint256 slot, TaskWord word) = _load(taskId, t, Status.Disputed);
        if (msg.sender != t.arbiter) revert TaskEscrowUnauthorized(taskId, msg.sender);
        if (workerBps > FeeMath.BPS) revert TaskEscrowBpsTooHigh(workerBps, FeeMath.BPS);
        uint256 rulingEnd = uint256(word.time()) + t.rulingWindow;
        if (block.timestamp > rulingEnd) revert TaskEscrowTooLate(taskId, rulingEnd, block.timestamp);
        _store(slot, _next(word, Status.Ruled));
        (uint256 payout, uint256 fee, uint256 refunded) = FeeMath.settle(t.amount, workerBps, t.feeBps);
        _creditFee(t, fee);
        emit TaskRuled(taskId, t.client, t.worker, workerBps, payout, refunded, fee);
        _payWorker(taskId, word, t.worker, t.token, payout);
        _refundClient(taskId, word, t, refunded);
    }

    /// @inheritdoc ITaskEscrow
    function settleFallback(bytes32 taskId, Terms calldata t) external nonReentrant {
        (uint256 slot, TaskWord word) = _load(taskId, t, Status.Disputed);
        uint256 rulingEnd = uint256(word.time()) + t.rulingWindow;
        if (block.timestamp <= rulingEnd) revert TaskEscrowTooEarly(taskId, rulingEnd, block.timestamp);
        _store(slot, _next(word, Status.FallbackSettled));
        (uint256 payout, uint256 fee, uint256 refunded) =
            FeeMath.settle(t.amount, t.fallbackWorkerBps, t.feeBps);
        _creditFee(t, fee);
        emit TaskFallbackSettled(taskId, t.client, t.worker, t.fallbackWorkerBps, payout, refunded, fee);
        _payWorker(taskId, word, t.worker, t.token, payout);
        _refundClient(taskId, word, t, refunded);
    }

    /// @inheritdoc ITaskEscrow
    function refund(bytes32 taskId, Terms calldata t) external nonReentrant {
        (uint256 slot, TaskWord word) = _load(taskId, t, Status.Funded);
        if (block.timestamp <= t.deadline) revert TaskEscrowTooEarly(taskId, t.deadline, block.timestamp);
        _store(slot, _next(word, Status.Refunded));
        emit TaskRefunded(taskId, t.client, t.worker, t.amount);
        _refundClient(taskId, word, t, t.amount);
    }

    /// @inheritdoc ITaskEscrow
    function decline(bytes32 taskId, Terms calldata t) external nonReentrant {
        (uint256 slot, TaskWord word) = _load(taskId, t, Status.Funded);
        if (msg.sender != t.worker) revert TaskEscrowUnauthorized(taskId, msg.sender);
        _store(slot, _next(word, Status.Declined));
        emit TaskDeclined(taskId, t.client, t.worker, t.amount);
        _refundClient(taskId, word, t, t.amount);
    }

    /// @inheritdoc ITaskEscrow
    function cancel(bytes32 taskId, Terms calldata t) external nonReentrant {
        (uint256 slot, TaskWord word) = _loadOpen(taskId, t);
        if (msg.sender != t.client && msg.sender != t.worker) revert TaskEscrowUnauthorized(taskId, msg.sender);
        Status s = word.status();
        uint256 request = _cancelRequests[t.client][taskId];
        address by = address(uint160(request));
        if (by != address(0)) {
            Status requestedIn = Status(request >> 160);
            if (requestedIn == s) {
                if (by == msg.sender) revert TaskEscrowCancelAlreadyRequested(taskId, msg.sender);
                delete _cancelRequests[t.client][taskId];
                _store(slot, _next(word, Status.Cancelled));
                emit TaskCancelled(taskId, t.client, t.worker, t.amount);
                _refundClient(taskId, word, t, t.amount);
                return;
            }
            // Made before the last transition: it cannot complete a cancel (finding 1).
            if (by != msg.sender) revert TaskEscrowCancelRequestStale(taskId, by, requestedIn, s);
        }
        _cancelRequests[t.client][taskId] = uint256(uint160(msg.sender)) | (uint256(s) << 160);
        emit TaskCancelRequested(taskId, t.client, t.worker, msg.sender);
    }

    /// @inheritdoc ITaskEscrow
    function withdrawCancelRequest(bytes32 taskId, Terms calldata t) external nonReentrantView {
        _loadOpen(taskId, t);
        if (address(uint160(_cancelRequests[t.client][taskId])) != msg.sender) {
            revert TaskEscrowNoCancelRequest(taskId, msg.sender);
        }
        delete _cancelRequests[t.client][taskId];
        emit TaskCancelRequestWithdrawn(taskId, t.client, t.worker, msg.sender);
    }

    // ---------------------------------------------------------------- credits

    /// @inheritdoc ITaskEscrow
    function collectFees(bytes32[] calldata taskIds, Terms[] calldata terms) external nonReentrantView {
        if (taskIds.length != terms.length) revert TaskEscrowLengthMismatch(taskIds.length, terms.length);
        for (uint256 i; i < taskIds.length; ++i) {
            bytes32 taskId = taskIds[i];
            Terms calldata t = terms[i];
            uint256 slot = _taskSlot(t.client, taskId);
            TaskWord word = _word(slot);
            if (!word.feePending()) revert TaskEscrowNoFeePending(taskId);
            _checkTerms(taskId, t, word);
            _store(slot, word.setFeePending(false));
            (, uint256 fee) = FeeMath.feeOnFull(t.amount, t.feeBps);
            _creditFee(t, fee);
            emit FeeCollected(taskId, t.token, fee);
        }
    }

    // ---------------------------------------------------------------- state helpers

    /// @dev Storage slot of `_tasks[client][taskId]` (Solidity's nested-mapping layout), computed once
    /// per call for both the read and the write.
    function _taskSlot(address client, bytes32 taskId) private pure returns (uint256 slot) {
        assembly ("memory-safe") {
            mstore(0x00, client)
            mstore(0x20, _tasks.slot)
            mstore(0x20, keccak256(0x00, 0x40))
            mstore(0x00, taskId)
            slot := keccak256(0x00, 0x40)
        }
    }

    function _word(uint256 slot) private view returns (TaskWord word) {
        assembly ("memory-safe") {
            word := sload(slot)
        }
    }

    function _store(uint256 slot, TaskWord word) private {
        assembly ("memory-safe") {
            sstore(slot, word)
        }
    }

    function _load(bytes32 taskId, Terms calldata t, Status expected)
        private
        view
        returns (uint256 slot, TaskWord word)
    {
        slot = _taskSlot(t.client, taskId);
        word = _word(slot);
        Status s = word.status();
        if (s != expected) revert TaskEscrowWrongStatus(taskId, s);
        _checkTerms(taskId, t, word);
    }

    /// @dev Open means Funded, Submitted or Disputed.
    function _loadOpen(bytes32 taskId, Terms calldata t) private view returns (uint256 slot, TaskWord word) {
        slot = _taskSlot(t.client, taskId);
        word = _word(slot);
        Status s = word.status();
        if (s == Status.None || s > Status.Disputed) revert TaskEscrowWrongStatus(taskId, s);
        _checkTerms(taskId, t, word);
    }

    /// @dev Loads the word and checks the hot terms against it; the caller checks the status. An empty
    /// word (no such task) fails the status check of every caller, whatever the hash says.
    function _loadHot(bytes32 taskId, HotTerms calldata hot, bytes32 coldHash)
        private
        view
        returns (uint256 slot, TaskWord word)
    {
        slot = _taskSlot(hot.client, taskId);
        word = _word(slot);
        if (EscrowHash.commitHot(taskId, hot, coldHash) != word.termsRoot()) {
            if (TaskWord.unwrap(word) == 0) revert TaskEscrowWrongStatus(taskId, Status.None);
            revert TaskEscrowTermsMismatch(taskId);
        }
    }

    function _checkTerms(bytes32 taskId, Terms calldata t, TaskWord word) private pure {
        if (EscrowHash.commit(taskId, t) != word.termsRoot()) revert TaskEscrowTermsMismatch(taskId);
    }

    /// @dev The word after a transition: same commitment and payout flags, new status and time.
    function _next(TaskWord word, Status status) private view returns (TaskWord) {
        return word.next(status, block.timestamp);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ITaskEscrow
    function taskState(address client, bytes32 taskId)
        external
        view
        returns (Status status, uint40 since, uint256 termsHash)
    {
        TaskWord word = _tasks[client][taskId];
        return (word.status(), word.time(), word.termsRoot());
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
    function nonceCancelled(address worker, uint256 nonce) external view returns (bool) {
        return _nonceBitmap[worker][nonce >> 8] & (1 << (nonce & 0xff)) != 0;
    }

    /// @inheritdoc ITaskEscrow
    function cancelRequestedBy(address client, bytes32 taskId) external view returns (address) {
        uint256 request = _cancelRequests[client][taskId];
        Status s = _tasks[client][taskId].status();
        if (s == Status.None || s > Status.Disputed || Status(request >> 160) != s) return address(0);
        return address(uint160(request));
    }

    /// @inheritdoc ITaskEscrow
    function referrerOf(address client) external view returns (address) {
        return _referrers[client];
    }

    /// @inheritdoc ITaskEscrow
    function pendingFee(bytes32 taskId, Terms calldata terms) external view returns (uint256) {
        TaskWord word = _tasks[terms.client][taskId];
        if (!word.feePending()) return 0;
        _checkTerms(taskId, terms, word);
        (, uint256 fee) = FeeMath.feeOnFull(terms.amount, terms.feeBps);
        return fee;
    }

    /// @inheritdoc ITaskEscrow
    function payoutsToCredit(address client, bytes32 taskId)
        external
        view
        returns (bool toClientCredit, bool toWorkerCredit)
    {
        TaskWord word = _tasks[client][taskId];
        return (word.clientCredit(), word.workerCredit());
    }
}
