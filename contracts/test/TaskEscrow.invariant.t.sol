// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ITaskEscrow} from "../interfaces/ITaskEscrow.sol";
import {FeeMath} from "../libraries/FeeMath.sol";
import {MockUSDC} from "../mocks/MockUSDC.sol";
import {TaskEscrow} from "../TaskEscrow.sol";
import {EscrowSetup} from "./utils/EscrowSetup.sol";
import {TestBase} from "./utils/Vm.sol";

/// @notice Drives random sequences against one TaskEscrow for the invariant campaign. Every call
/// is attempted whatever the state; the handler's ghost model says whether it may succeed, and
/// raises a flag when the escrow disagrees (a settlement too early, twice, a replayed bid, a
/// valid settlement that was blocked, or a split that does not add up).
contract EscrowHandler is TestBase {
    struct Ghost {
        ITaskEscrow.Terms terms;
        ITaskEscrow.Status status;
        uint256 since;
        uint256 settlements;
        uint256 nonce;
        bytes signature;
    }

    TaskEscrow public escrow;
    MockUSDC public usdc;
    address public constant OWNER = address(0x0F);
    address public constant ARBITER = address(0xA7);
    address public constant FEES = address(0xFE);
    address public constant REFERRER = address(0x7E);
    uint256 internal constant WORKER_KEY_0 = 0xB0B;
    uint256 internal constant WORKER_KEY_1 = 0xCAFE;

    bytes32[] public taskIds;
    mapping(bytes32 taskId => Ghost) internal _ghost;
    mapping(bytes32 taskId => ITaskEscrow.Bid) internal _bids;
    uint256 public openSum;
    /// @dev Every credit: deposits, credited payouts and refunds, collected fees, referrer shares.
    uint256 public creditSum;
    /// @dev Fees deferred by releaseCompact, not yet collected.
    uint256 public pendingFeeSum;
    uint256 internal _nonce;

    bool public settledEarly;
    bool public paidTwice;
    bool public replayed;
    bool public blocked;
    bool public splitBroken;
    bool internal _compact;

    constructor() {
        usdc = new MockUSDC();
        escrow = new TaskEscrow(OWNER, FEES, 100);
        vm.prank(OWNER);
        escrow.setDisputeTerms(30 minutes, 5_000);
        EscrowSetup.mintAndApprove(usdc, _client(0), address(escrow), 1e30);
        EscrowSetup.mintAndApprove(usdc, _client(1), address(escrow), 1e30);
    }

    function taskCount() external view returns (uint256) {
        return taskIds.length;
    }

    function clientOf(bytes32 taskId) external view returns (address) {
        return _ghost[taskId].terms.client;
    }

    function ghost(bytes32 taskId) external view returns (ITaskEscrow.Status status, uint256 since, uint256 settlements) {
        Ghost storage g = _ghost[taskId];
        return (g.status, g.since, g.settlements);
    }

    // ------------------------------------------------------------------ actions

    function fund(uint256 clientSeed, uint256 workerSeed, uint256 amountSeed, bool withReferrer, bool fromCredit)
        external
    {
        uint256 workerKey = workerSeed % 2 == 0 ? WORKER_KEY_0 : WORKER_KEY_1;
        uint256 amount = 1 + amountSeed % 1e15;
        uint256 nonce = ++_nonce;
        ITaskEscrow.Bid memory b = EscrowSetup.bid(
            keccak256(abi.encode("task", nonce)), _client(clientSeed), vm.addr(workerKey), address(usdc), amount, ARBITER, nonce
        );
        bytes memory sig = EscrowSetup.sign(escrow, b, workerKey);
        address referrer = withReferrer ? REFERRER : address(0);
        ITaskEscrow.Terms memory t = EscrowSetup.terms(escrow, b, referrer);
        fromCredit = fromCredit && escrow.creditOf(b.client, address(usdc)) >= amount;
        uint64 bd = EscrowSetup.bound(escrow);
        vm.prank(b.client);
        if (fromCredit) {
            escrow.fundFromCredit(b, sig, referrer, bd);
            creditSum -= amount;
        } else {
            escrow.fund(b, sig, referrer, bd);
        }
        Ghost storage g = _ghost[b.taskId];
        g.terms = t;
        g.status = ITaskEscrow.Status.Funded;
        g.since = block.timestamp;
        g.nonce = nonce;
        g.signature = sig;
        _bids[b.taskId] = b;
        taskIds.push(b.taskId);
        openSum += amount;
    }

    /// @notice Replays a funded bid (must fail); then the worker cancels the bid's nonce and a bid
    /// re-signed with it for a new task must fail too.
    function replay(uint256 idx) external {
        if (taskIds.length == 0) return;
        bytes32 id = taskIds[idx % taskIds.length];
        ITaskEscrow.Bid memory b = _bids[id];
        bytes memory sig = _ghost[id].signature;
        uint64 bd = EscrowSetup.bound(escrow);
        vm.prank(b.client);
        try escrow.fund(b, sig, address(0), bd) {
            replayed = true;
        } catch {}
        if (!escrow.nonceUsed(b.worker, b.nonce)) {
            vm.prank(b.worker);
            escrow.cancelNonce(b.nonce);
        }
        b.taskId = keccak256(abi.encode("replay", id));
        b.expiry = uint64(block.timestamp + 1);
        b.deadline = uint64(block.timestamp + 2);
        bytes memory resigned = EscrowSetup.sign(escrow, b, b.worker == vm.addr(WORKER_KEY_0) ? WORKER_KEY_0 : WORKER_KEY_1);
        bd = EscrowSetup.bound(escrow);
        vm.prank(b.client);
        try escrow.fund(b, resigned, address(0), bd) {
            replayed = true;
        } catch {}
    }

    function submit(uint256 idx, bool forCredit) external {
        (bytes32 id, Ghost storage g) = _pick(idx);
        if (id == 0) return;
        bool allowed = g.status == ITaskEscrow.Status.Funded && block.timestamp <= g.terms.deadline;
        vm.prank(g.terms.worker);
        bool ok;
        if (forCredit) {
            try escrow.submitForCredit(
                id, EscrowSetup.hot(g.terms), EscrowSetup.coldHash(g.terms), keccak256("result")
            ) {
                ok = true;
            } catch {}
        } else {
            try escrow.submit(id, EscrowSetup.hot(g.terms), EscrowSetup.coldHash(g.terms), keccak256("result")) {ok = true;} catch {}
        }
        if (ok) {
            if (!allowed) settledEarly = true;
            g.status = ITaskEscrow.Status.Submitted;
            g.since = block.timestamp;
        } else if (allowed) {
            blocked = true;
        }
    }

    function dispute(uint256 idx, bool byWorker) external {
        (bytes32 id, Ghost storage g) = _pick(idx);
        if (id == 0) return;
        bool allowed = g.status == ITaskEscrow.Status.Submitted && block.timestamp <= g.since + g.terms.reviewPeriod;
        vm.prank(byWorker ? g.terms.worker : g.terms.client);
        try escrow.dispute(id, g.terms, keccak256("reason")) {
            if (!allowed) settledEarly = true;
            g.status = ITaskEscrow.Status.Disputed;
            g.since = block.timestamp;
        } catch {
            if (allowed) blocked = true;
        }
    }

    function release(uint256 idx, bool compact) external {
        (bytes32 id, Ghost storage g) = _pick(idx);
        if (id == 0) return;
        _compact = compact;
        _settle(id, g, ITaskEscrow.Status.Released, FeeMath.BPS, _open(g.status), g.terms.client);
        _compact = false;
    }

    function autoRelease(uint256 idx) external {
        (bytes32 id, Ghost storage g) = _pick(idx);
        if (id == 0) return;
        bool allowed = g.status == ITaskEscrow.Status.Submitted && block.timestamp > g.since + g.terms.reviewPeriod;
        _settle(id, g, ITaskEscrow.Status.AutoReleased, FeeMath.BPS, allowed, address(this));
    }

    function rule(uint256 idx, uint16 bpsSeed) external {
        (bytes32 id, Ghost storage g) = _pick(idx);
        if (id == 0) return;
        bool allowed = g.status == ITaskEscrow.Status.Disputed && block.timestamp <= g.since + g.terms.rulingWindow;
        _settle(id, g, ITaskEscrow.Status.Ruled, bpsSeed % 10_001, allowed, ARBITER);
    }

    function settleFallback(uint256 idx) external {
        (bytes32 id, Ghost storage g) = _pick(idx);
        if (id == 0) return;
        bool allowed = g.status == ITaskEscrow.Status.Disputed && block.timestamp > g.since + g.terms.rulingWindow;
        _settle(id, g, ITaskEscrow.Status.FallbackSettled, g.terms.fallbackWorkerBps, allowed, address(this));
    }

    function refund(uint256 idx) external {
        (bytes32 id, Ghost storage g) = _pick(idx);
        if (id == 0) return;
        bool allowed = g.status == ITaskEscrow.Status.Funded && block.timestamp > g.terms.deadline;
        _settle(id, g, ITaskEscrow.Status.Refunded, 0, allowed, address(this));
    }

    function decline(uint256 idx) external {
        (bytes32 id, Ghost storage g) = _pick(idx);
        if (id == 0) return;
        _settle(id, g, ITaskEscrow.Status.Declined, 0, g.status == ITaskEscrow.Status.Funded, g.terms.worker);
    }

    /// @notice Both parties ask to cancel in a row (a single request changes no balance).
    function cancel(uint256 idx, bool workerFirst) external {
        (bytes32 id, Ghost storage g) = _pick(idx);
        if (id == 0) return;
        bool open = _open(g.status);
        vm.prank(workerFirst ? g.terms.worker : g.terms.client);
        try escrow.cancel(id, g.terms) {
            if (!open) paidTwice = true;
        } catch {
            if (open && escrow.cancelRequestedBy(g.terms.client, id) == address(0)) blocked = true;
        }
        _settle(id, g, ITaskEscrow.Status.Cancelled, 0, open, workerFirst ? g.terms.client : g.terms.worker);
    }

    /// @notice Mostly short steps so that windows' edges get hit, sometimes long ones.
    function warp(uint256 secondsSeed) external {
        vm.warp(block.timestamp + (secondsSeed % 4 == 0 ? secondsSeed % 2 hours : secondsSeed % 120));
    }

    /// @notice Jumps to within two seconds of one task's next edge (deadline, review end or ruling
    /// end), so that the one-second boundaries are exercised, not just wide windows.
    function warpToEdge(uint256 idx, uint8 offsetSeed) external {
        (bytes32 id, Ghost storage g) = _pick(idx);
        if (id == 0) return;
        uint256 edge;
        if (g.status == ITaskEscrow.Status.Funded) edge = g.terms.deadline;
        else if (g.status == ITaskEscrow.Status.Submitted) edge = g.since + g.terms.reviewPeriod;
        else if (g.status == ITaskEscrow.Status.Disputed) edge = g.since + g.terms.rulingWindow;
        else return;
        uint256 target = edge + (offsetSeed % 5) - 2;
        if (target > block.timestamp) vm.warp(target);
    }

    function setFee(uint16 feeSeed) external {
        vm.prank(OWNER);
        escrow.setFeeBps(feeSeed % 1_001);
    }

    function withdrawFees() external {
        _withdraw(FEES);
    }

    /// @notice A client or worker withdraws its whole credit.
    function withdrawCredit(uint256 seed) external {
        address[4] memory who = [_client(0), _client(1), vm.addr(WORKER_KEY_0), vm.addr(WORKER_KEY_1)];
        _withdraw(who[seed % 4]);
    }

    function _withdraw(address account) internal {
        uint256 amount = escrow.creditOf(account, address(usdc));
        if (amount == 0) return;
        uint256 before = usdc.balanceOf(account);
        vm.prank(account);
        escrow.withdraw(address(usdc), account);
        creditSum -= amount;
        if (usdc.balanceOf(account) - before != amount) splitBroken = true;
    }

    function deposit(uint256 clientSeed, uint256 amountSeed) external {
        uint256 amount = 1 + amountSeed % 1e16;
        vm.prank(_client(clientSeed));
        escrow.deposit(address(usdc), amount);
        creditSum += amount;
    }

    /// @notice Collects a task's deferred fee: succeeds exactly when one is pending, credits exactly it.
    function collectFees(uint256 idx) external {
        (bytes32 id, Ghost storage g) = _pick(idx);
        if (id == 0) return;
        uint256 pending = escrow.pendingFee(id, g.terms);
        bytes32[] memory ids = new bytes32[](1);
        ids[0] = id;
        ITaskEscrow.Terms[] memory ts = new ITaskEscrow.Terms[](1);
        ts[0] = g.terms;
        uint256 before = _feeCredits();
        try escrow.collectFees(ids, ts) {
            if (pending == 0) paidTwice = true;
            if (_feeCredits() - before != pending) splitBroken = true;
            pendingFeeSum -= pending;
            creditSum += pending;
        } catch {
            if (pending != 0) blocked = true;
        }
    }

    // ------------------------------------------------------------------ settlement bookkeeping

    function _settle(bytes32 id, Ghost storage g, ITaskEscrow.Status to, uint256 workerBps, bool allowed, address caller)
        internal
    {
        ITaskEscrow.Terms memory t = g.terms;
        uint256[4] memory before = _snapshot(t);
        bool ok = _call(id, t, to, workerBps, caller);
        if (!ok) {
            if (allowed && to != ITaskEscrow.Status.Cancelled) blocked = true;
            return;
        }
        if (!allowed) settledEarly = true;
        if (g.settlements != 0) paidTwice = true;
        g.settlements += 1;
        g.status = to;
        g.since = block.timestamp;
        openSum -= t.amount;
        _checkSplit(id, t, workerBps, before);
    }

    /// @dev [worker holdings, client holdings, fee credits, all credits]; holdings = tokens + credit.
    function _snapshot(ITaskEscrow.Terms memory t) internal view returns (uint256[4] memory s) {
        s = [_holdings(t.worker), _holdings(t.client), _feeCredits(), _allCredits()];
    }

    /// @dev Each party is paid in tokens or credit, whichever it chose; the fee is credited or pending.
    function _checkSplit(bytes32 id, ITaskEscrow.Terms memory t, uint256 workerBps, uint256[4] memory before)
        internal
    {
        uint256[4] memory after_ = _snapshot(t);
        uint256 pending = escrow.pendingFee(id, t);
        uint256 paid = after_[0] - before[0];
        uint256 refunded = after_[1] - before[1];
        uint256 fee = after_[2] - before[2] + pending;
        creditSum = creditSum + after_[3] - before[3];
        pendingFeeSum += pending;
        (uint256 ePaid, uint256 eFee, uint256 eRefund) = FeeMath.settle(t.amount, workerBps, t.feeBps);
        if (paid + fee + refunded != t.amount || paid != ePaid || fee != eFee || refunded != eRefund) {
            splitBroken = true;
        }
    }

    function _call(bytes32 id, ITaskEscrow.Terms memory t, ITaskEscrow.Status to, uint256 bps, address caller)
        internal
        returns (bool)
    {
        vm.prank(caller);
        if (to == ITaskEscrow.Status.Released && _compact) {
            try escrow.releaseCompact(id, EscrowSetup.hot(t), EscrowSetup.coldHash(t)) {return true;}
            catch {return false;}
        } else if (to == ITaskEscrow.Status.Released) {
            try escrow.release(id, t) {return true;} catch {return false;}
        } else if (to == ITaskEscrow.Status.AutoReleased) {
            try escrow.autoRelease(id, t) {return true;} catch {return false;}
        } else if (to == ITaskEscrow.Status.Ruled) {
            try escrow.rule(id, t, uint16(bps)) {return true;} catch {return false;}
        } else if (to == ITaskEscrow.Status.FallbackSettled) {
            try escrow.settleFallback(id, t) {return true;} catch {return false;}
        } else if (to == ITaskEscrow.Status.Refunded) {
            try escrow.refund(id, t) {return true;} catch {return false;}
        } else if (to == ITaskEscrow.Status.Declined) {
            try escrow.decline(id, t) {return true;} catch {return false;}
        } else {
            try escrow.cancel(id, t) {return true;} catch {return false;}
        }
    }

    function _feeCredits() internal view returns (uint256) {
        return escrow.creditOf(FEES, address(usdc)) + escrow.creditOf(REFERRER, address(usdc));
    }

    function _allCredits() internal view returns (uint256 sum) {
        sum = _feeCredits();
        sum += escrow.creditOf(_client(0), address(usdc)) + escrow.creditOf(_client(1), address(usdc));
        sum += escrow.creditOf(vm.addr(WORKER_KEY_0), address(usdc));
        sum += escrow.creditOf(vm.addr(WORKER_KEY_1), address(usdc));
    }

    /// @dev Token balance plus escrow credit.
    function _holdings(address account) internal view returns (uint256) {
        return usdc.balanceOf(account) + escrow.creditOf(account, address(usdc));
    }

    function _pick(uint256 idx) internal view returns (bytes32 id, Ghost storage g) {
        if (taskIds.length != 0) id = taskIds[idx % taskIds.length];
        g = _ghost[id];
    }

    function _open(ITaskEscrow.Status s) internal pure returns (bool) {
        return s == ITaskEscrow.Status.Funded || s == ITaskEscrow.Status.Submitted || s == ITaskEscrow.Status.Disputed;
    }

    function _client(uint256 seed) internal pure returns (address) {
        return seed % 2 == 0 ? address(0xC1) : address(0xC2);
    }
}

/// @notice Invariant campaign: random sequences of every escrow action (see EscrowHandler).
contract TaskEscrowInvariantTest is TestBase {
    EscrowHandler internal handler;
    mapping(bytes32 taskId => uint256 word) internal _terminal;

    function setUp() public {
        vm.warp(1_800_000_000);
        handler = new EscrowHandler();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice Credits include deposits and credited payouts; pending fees are those deferred by releaseCompact.
    function invariant_balanceCoversOpenEscrows() external view {
        uint256 balance = handler.usdc().balanceOf(address(handler.escrow()));
        uint256 owed = handler.openSum() + handler.creditSum() + handler.pendingFeeSum();
        assertTrue(balance >= owed, "balance below open escrows + credits + pending fees");
        assertEq(balance, owed, "balance != open escrows + credits + pending fees");
    }

    function invariant_noTaskPaidTwice() external view {
        assertTrue(!handler.paidTwice(), "a task settled twice");
        uint256 n = handler.taskCount();
        for (uint256 i; i < n; ++i) {
            (,, uint256 settlements) = handler.ghost(handler.taskIds(i));
            assertTrue(settlements <= 1, "more than one settlement");
        }
    }

    function invariant_settledSplitsAddUpToAmount() external view {
        assertTrue(!handler.splitBroken(), "worker payout + fee + client refund != amount");
    }

    function invariant_terminalStatesNeverChange() external view {
        uint256 n = handler.taskCount();
        for (uint256 i; i < n; ++i) {
            bytes32 id = handler.taskIds(i);
            (ITaskEscrow.Status model, uint256 since,) = handler.ghost(id);
            (ITaskEscrow.Status status, uint40 stamped,) = handler.escrow().taskState(handler.clientOf(id), id);
            assertEq(uint8(status), uint8(model), "status differs from the model");
            if (model >= ITaskEscrow.Status.Released) assertEq(stamped, since, "terminal task changed after settling");
        }
    }

    function invariant_nothingSettlesBeforeItsTime() external view {
        assertTrue(!handler.settledEarly(), "a transition succeeded outside its window");
        assertTrue(!handler.blocked(), "an allowed settlement was blocked");
    }

    function invariant_signatureNeverUsedTwice() external view {
        assertTrue(!handler.replayed(), "a bid or its nonce was used twice");
    }
}
