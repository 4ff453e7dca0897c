// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ITaskEscrow} from "../interfaces/ITaskEscrow.sol";
import {FeeMath} from "../libraries/FeeMath.sol";
import {BlocklistToken} from "../mocks/BlocklistToken.sol";
import {ERC1271Wallet} from "../mocks/ERC1271Wallet.sol";
import {MockUSDC} from "../mocks/MockUSDC.sol";
import {TaskEscrow} from "../TaskEscrow.sol";
import {EscrowSetup} from "./utils/EscrowSetup.sol";
import {TestBase} from "./utils/Vm.sol";

/// @notice Drives random sequences against one TaskEscrow for the invariant campaign. Every call is
/// attempted whatever the state, often by the wrong caller or with one term tampered; the handler's
/// ghost model says whether it may succeed and raises a flag when the escrow disagrees.
/// The world: two tokens (MockUSDC with permit, and a hostile BlocklistToken that can block any
/// party or the escrow itself), three workers (two EOAs and an ERC-1271 wallet), three clients (one
/// funds only through permits), and an owner who changes every setting and pauses mid-campaign.
contract EscrowHandler is TestBase {
    struct Ghost {
        ITaskEscrow.Terms terms;
        ITaskEscrow.Bid bid;
        ITaskEscrow.Status status;
        uint256 since;
        uint256 settlements;
        bytes signature;
        address cancelBy; // the model of the escrow's cancel request
        ITaskEscrow.Status cancelIn;
    }

    TaskEscrow public escrow;
    MockUSDC public usdc;
    BlocklistToken public blk;
    ERC1271Wallet public wallet;
    address public constant OWNER = address(0x0F);
    address public constant ARBITER = address(0xA7);
    address public constant FEES = address(0xFE);
    address public constant FEES_2 = address(0xFF);
    address public constant REFERRER = address(0x7E);
    address public constant REFERRER_2 = address(0x7F);
    address public constant STRANGER = address(0x5A);
    uint256 internal constant WORKER_KEY_0 = 0xB0B;
    uint256 internal constant WORKER_KEY_1 = 0xCAFE;
    uint256 internal constant PERMIT_CLIENT_KEY = 0xC0FFEE;
    bytes32 internal constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    bytes32[] public taskIds;
    mapping(bytes32 taskId => Ghost) internal _ghost;
    mapping(address token => uint256) public openSum;
    /// @dev Every credit: deposits, credited payouts and refunds, collected fees, referrer shares.
    mapping(address token => uint256) public creditSum;
    /// @dev Fees deferred by releaseCompact, not yet collected.
    mapping(address token => uint256) public pendingFeeSum;
    mapping(address client => address) internal _fixedReferrer;
    uint256 internal _nonce;
    bool internal _compact;

    bool public settledEarly;
    bool public paidTwice;
    bool public replayed;
    bool public blocked;
    bool public splitBroken;
    bool public staleCancelHonored;
    bool public forgedAccepted;
    bool public pauseBroken;
    bool public referrerBroken;
    bool public settingsUnbounded;
    bool public claimUnbounded;

    constructor() {
        usdc = new MockUSDC();
        blk = new BlocklistToken();
        escrow = new TaskEscrow(OWNER, FEES, 100);
        wallet = new ERC1271Wallet(vm.addr(WORKER_KEY_1));
        vm.prank(OWNER);
        escrow.setDisputeTerms(10 minutes, 7_000); // not 50/50, so an inverted fallback split shows
        for (uint256 i; i < 2; ++i) {
            EscrowSetup.mintAndApprove(usdc, _client(i), address(escrow), 1e30);
            blk.mint(_client(i), 1e30);
            vm.prank(_client(i));
            blk.approve(address(escrow), type(uint256).max);
        }
        usdc.mint(vm.addr(PERMIT_CLIENT_KEY), 1e30); // no approval: it funds with permits only
    }

    function taskCount() external view returns (uint256) {
        return taskIds.length;
    }

    function ghost(bytes32 taskId)
        external
        view
        returns (ITaskEscrow.Status status, uint256 since, uint256 settlements)
    {
        Ghost storage g = _ghost[taskId];
        return (g.status, g.since, g.settlements);
    }

    function termsOf(bytes32 taskId) external view returns (ITaskEscrow.Terms memory) {
        return _ghost[taskId].terms;
    }

    // ------------------------------------------------------------------ funding

    /// @param mode 0: fund, 1: fundFromCredit (when the credit covers it), 2: fundWithPermit (permit client).
    function fund(uint256 clientSeed, uint256 workerSeed, uint256 amountSeed, uint8 refSeed, uint8 mode, bool hostile)
        external
    {
        _fund(_newBid(clientSeed, workerSeed, amountSeed, mode % 3 == 2, hostile), refSeed, mode);
    }

    function _fund(ITaskEscrow.Bid memory b, uint8 refSeed, uint8 mode) internal {
        bytes memory sig = _sign(b);
        address referrer = _referrerFor(b, refSeed);
        bool fromCredit = mode % 3 == 1 && escrow.creditOf(b.client, b.token) >= b.amount;
        bool expectOk = _fundAllowed(b, referrer);
        ITaskEscrow.Terms memory t = EscrowSetup.terms(escrow, b, referrer);
        uint64 bound = EscrowSetup.bound(escrow);
        bool ok = _callFund(b, sig, referrer, bound, mode % 3 == 2 ? 2 : fromCredit ? 1 : 0);
        if (!ok) {
            if (expectOk) blocked = true;
            return;
        }
        if (ConfigPaused.paused(escrow)) pauseBroken = true;
        if (b.claimedSuccessBps > 10_000) claimUnbounded = true;
        if (referrer != address(0) && (referrer == b.client || referrer == b.worker)) referrerBroken = true;
        if (referrer != address(0) && _fixedReferrer[b.client] != address(0) && _fixedReferrer[b.client] != referrer) {
            referrerBroken = true;
        }
        if (referrer != address(0) && _fixedReferrer[b.client] == address(0)) _fixedReferrer[b.client] = referrer;
        if (fromCredit) creditSum[b.token] -= b.amount;
        Ghost storage g = _ghost[b.taskId];
        g.terms = t;
        g.bid = b;
        g.status = ITaskEscrow.Status.Funded;
        g.since = block.timestamp;
        g.signature = sig;
        taskIds.push(b.taskId);
        openSum[b.token] += b.amount;
    }

    function _newBid(uint256 clientSeed, uint256 workerSeed, uint256 amountSeed, bool permit, bool hostile)
        internal
        returns (ITaskEscrow.Bid memory b)
    {
        // Unique per funding, with a random low byte (so cancelled nonces >= 128 are exercised).
        uint256 nonce = (++_nonce << 8) | (amountSeed & 0xff);
        address client = permit ? vm.addr(PERMIT_CLIENT_KEY) : _client(clientSeed);
        address token = permit || !hostile ? address(usdc) : address(blk);
        b = EscrowSetup.bid(
            keccak256(abi.encode("task", nonce)), client, _worker(workerSeed), token, 1 + amountSeed % 1e15, ARBITER, nonce
        );
        // Any claim up to 10,000 (the escrow only emits it); one funding in sixteen tries one above,
        // which must revert.
        uint256 claimSeed = amountSeed >> 64;
        b.claimedSuccessBps = claimSeed % 16 == 0
            ? uint16(10_001 + (claimSeed >> 4) % 55_535)
            : uint16((claimSeed >> 4) % 10_001);

    }

    function _referrerFor(ITaskEscrow.Bid memory b, uint8 seed) internal pure returns (address) {
        uint8 k = seed % 6;
        if (k == 0 || k == 1) return address(0);
        if (k == 2) return REFERRER;
        if (k == 3) return REFERRER_2;
        return k == 4 ? b.client : b.worker; // self-referral attempts: must revert
    }

    function _fundAllowed(ITaskEscrow.Bid memory b, address referrer) internal view returns (bool) {
        if (ConfigPaused.paused(escrow)) return false;
        if (b.claimedSuccessBps > 10_000) return false;
        if (referrer != address(0)) {
            if (referrer == b.client || referrer == b.worker) return false;
            address fixedRef = _fixedReferrer[b.client];
            if (fixedRef != address(0) && fixedRef != referrer) return false;
        }
        if (b.token == address(blk) && (blk.blocked(b.client) || blk.blocked(address(escrow)))) return false;
        return true;
    }

    function _callFund(ITaskEscrow.Bid memory b, bytes memory sig, address referrer, uint64 bound, uint8 how)
        internal
        returns (bool)
    {
        if (how == 2) {
            ITaskEscrow.Permit memory p = _permit(b.client, b.amount);
            vm.prank(b.client);
            try escrow.fundWithPermit(b, sig, referrer, bound, p) {return true;} catch {return false;}
        }
        vm.prank(b.client);
        if (how == 1) {
            try escrow.fundFromCredit(b, sig, referrer, bound) {return true;} catch {return false;}
        }
        try escrow.fund(b, sig, referrer, bound) {return true;} catch {return false;}
    }

    function _permit(address owner, uint256 value) internal view returns (ITaskEscrow.Permit memory p) {
        p.deadline = block.timestamp + 1 hours;
        bytes32 structHash = keccak256(abi.encode(PERMIT_TYPEHASH, owner, address(escrow), value, usdc.nonces(owner), p.deadline));
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", usdc.DOMAIN_SEPARATOR(), structHash));
        (p.v, p.r, p.s) = vm.sign(PERMIT_CLIENT_KEY, digest);
    }

    /// @notice Replays a funded bid (must fail); then the worker cancels the bid's nonce and a bid
    /// re-signed with it for a new task must fail too.
    function replay(uint256 idx) external {
        (bytes32 id, Ghost storage g) = _pick(idx);
        if (id == 0) return;
        ITaskEscrow.Bid memory b = g.bid;
        uint64 bound = EscrowSetup.bound(escrow);
        vm.prank(b.client);
        try escrow.fund(b, g.signature, address(0), bound) {
            replayed = true;
        } catch {}
        if (!escrow.nonceCancelled(b.worker, b.nonce)) {
            vm.prank(b.worker);
            escrow.cancelNonce(b.nonce);
        }
        b.taskId = keccak256(abi.encode("replay", id));
        b.expiry = uint64(block.timestamp + 1);
        b.deadline = uint64(block.timestamp + 2);
        bytes memory resigned = _sign(b);
        vm.prank(b.client);
        try escrow.fund(b, resigned, address(0), bound) {
            replayed = true;
        } catch {}
    }

    // ------------------------------------------------------------------ lifecycle

    /// @param callerSeed One in four calls comes from a stranger and must fail.
    function submit(uint256 idx, bool forCredit, uint8 callerSeed) external {
        (bytes32 id, Ghost storage g) = _pick(idx);
        if (id == 0) return;
        address caller = callerSeed % 4 == 0 ? STRANGER : g.terms.worker;
        bool allowed = g.status == ITaskEscrow.Status.Funded && block.timestamp <= g.terms.deadline;
        vm.prank(caller);
        bool ok;
        if (forCredit) {
            try escrow.submitForCredit(id, EscrowSetup.hot(g.terms), EscrowSetup.coldHash(g.terms), keccak256("r")) {
                ok = true;
            } catch {}
        } else {
            try escrow.submit(id, EscrowSetup.hot(g.terms), EscrowSetup.coldHash(g.terms), keccak256("r")) {
                ok = true;
            } catch {}
        }
        if (ok && caller == STRANGER) forgedAccepted = true;
        if (ok) {
            if (!allowed) settledEarly = true;
            g.status = ITaskEscrow.Status.Submitted;
            g.since = block.timestamp;
        } else if (allowed && caller != STRANGER) {
            blocked = true;
        }
    }

    function dispute(uint256 idx, uint8 whoSeed) external {
        (bytes32 id, Ghost storage g) = _pick(idx);
        if (id == 0) return;
        address caller = _party(g, whoSeed);
        bool allowed = g.status == ITaskEscrow.Status.Submitted && block.timestamp <= g.since + g.terms.reviewPeriod;
        vm.prank(caller);
        try escrow.dispute(id, g.terms, keccak256("reason")) {
            if (caller == STRANGER) forgedAccepted = true;
            if (!allowed) settledEarly = true;
            g.status = ITaskEscrow.Status.Disputed;
            g.since = block.timestamp;
        } catch {
            if (allowed && caller != STRANGER) blocked = true;
        }
    }

    function release(uint256 idx, bool compact, uint8 callerSeed) external {
        (bytes32 id, Ghost storage g) = _pick(idx);
        if (id == 0) return;
        _compact = compact;
        address caller = callerSeed % 4 == 0 ? STRANGER : g.terms.client;
        _settle(id, g, ITaskEscrow.Status.Released, FeeMath.BPS, _open(g.status), caller);
        _compact = false;
    }

    function autoRelease(uint256 idx) external {
        (bytes32 id, Ghost storage g) = _pick(idx);
        if (id == 0) return;
        bool allowed = g.status == ITaskEscrow.Status.Submitted && block.timestamp > g.since + g.terms.reviewPeriod;
        _settle(id, g, ITaskEscrow.Status.AutoReleased, FeeMath.BPS, allowed, STRANGER);
    }

    function rule(uint256 idx, uint16 bpsSeed, uint8 callerSeed) external {
        (bytes32 id, Ghost storage g) = _pick(idx);
        if (id == 0) return;
        bool allowed = g.status == ITaskEscrow.Status.Disputed && block.timestamp <= g.since + g.terms.rulingWindow;
        address caller = callerSeed % 4 == 0 ? g.terms.client : ARBITER;
        _settle(id, g, ITaskEscrow.Status.Ruled, bpsSeed % 10_001, allowed, caller);
    }

    function settleFallback(uint256 idx) external {
        (bytes32 id, Ghost storage g) = _pick(idx);
        if (id == 0) return;
        bool allowed = g.status == ITaskEscrow.Status.Disputed && block.timestamp > g.since + g.terms.rulingWindow;
        _settle(id, g, ITaskEscrow.Status.FallbackSettled, g.terms.fallbackWorkerBps, allowed, STRANGER);
    }

    function refund(uint256 idx) external {
        (bytes32 id, Ghost storage g) = _pick(idx);
        if (id == 0) return;
        bool allowed = g.status == ITaskEscrow.Status.Funded && block.timestamp > g.terms.deadline;
        _settle(id, g, ITaskEscrow.Status.Refunded, 0, allowed, STRANGER);
    }

    function decline(uint256 idx, uint8 callerSeed) external {
        (bytes32 id, Ghost storage g) = _pick(idx);
        if (id == 0) return;
        address caller = callerSeed % 4 == 0 ? g.terms.client : g.terms.worker;
        _settle(id, g, ITaskEscrow.Status.Declined, 0, g.status == ITaskEscrow.Status.Funded, caller);
    }

    /// @notice One party (or a stranger) asks to cancel. The model: a request stands only in the
    /// status it was made in; the other party's request in that status completes the cancel.
    function cancel(uint256 idx, uint8 whoSeed) external {
        (bytes32 id, Ghost storage g) = _pick(idx);
        if (id == 0) return;
        address caller = _party(g, whoSeed);
        bool current = g.cancelBy != address(0) && g.cancelIn == g.status;
        bool completes = _open(g.status) && caller != STRANGER && current && g.cancelBy != caller;
        if (completes) {
            _settle(id, g, ITaskEscrow.Status.Cancelled, 0, true, caller);
            if (g.status == ITaskEscrow.Status.Cancelled) g.cancelBy = address(0);
            return;
        }
        bool records = _open(g.status) && caller != STRANGER && (g.cancelBy == address(0) || g.cancelBy == caller)
            && !(current && g.cancelBy == caller);
        uint256 before = escrow.creditOf(g.terms.client, g.terms.token) + IERC20(g.terms.token).balanceOf(g.terms.client);
        vm.prank(caller);
        try escrow.cancel(id, g.terms) {
            (ITaskEscrow.Status s,,) = escrow.taskState(g.terms.client, id);
            if (s == ITaskEscrow.Status.Cancelled) {
                staleCancelHonored = true; // completed on a stale, own or missing request
                return;
            }
            if (!records) forgedAccepted = true;
            g.cancelBy = caller;
            g.cancelIn = g.status;
        } catch {
            if (records) blocked = true;
        }
        uint256 after_ = escrow.creditOf(g.terms.client, g.terms.token) + IERC20(g.terms.token).balanceOf(g.terms.client);
        if (after_ != before) splitBroken = true; // a request alone moves no money
    }

    function withdrawCancel(uint256 idx, uint8 whoSeed) external {
        (bytes32 id, Ghost storage g) = _pick(idx);
        if (id == 0) return;
        address caller = _party(g, whoSeed);
        bool allowed = _open(g.status) && g.cancelBy == caller && caller != address(0);
        vm.prank(caller);
        try escrow.withdrawCancelRequest(id, g.terms) {
            if (!allowed) forgedAccepted = true;
            g.cancelBy = address(0);
        } catch {
            if (allowed) blocked = true;
        }
    }

    /// @notice releaseBatch (by the first task's client) or autoReleaseBatch (by anyone) over up to three tasks.
    function batch(uint256 seed, uint8 n, bool isAuto) external {
        if (taskIds.length == 0) return;
        n = 1 + n % 3;
        bytes32[] memory ids = new bytes32[](n);
        ITaskEscrow.Terms[] memory ts = new ITaskEscrow.Terms[](n);
        bool allowed = true;
        for (uint256 i; i < n; ++i) {
            ids[i] = taskIds[uint256(keccak256(abi.encode(seed, i))) % taskIds.length];
            Ghost storage g = _ghost[ids[i]];
            ts[i] = g.terms;
            allowed = allowed && (isAuto ? _autoReleasable(g) : _open(g.status) && g.terms.client == ts[0].client);
            for (uint256 j; j < i; ++j) if (ids[j] == ids[i]) allowed = false;
        }
        _runBatch(ids, ts, isAuto, allowed);
    }

    function _runBatch(bytes32[] memory ids, ITaskEscrow.Terms[] memory ts, bool isAuto, bool allowed) internal {
        uint256[3][2] memory before = [_roles(address(usdc)), _roles(address(blk))];
        uint256[2] memory creditsBefore = [_allCredits(address(usdc)), _allCredits(address(blk))];
        vm.prank(isAuto ? STRANGER : ts[0].client);
        bool ok;
        if (isAuto) {
            try escrow.autoReleaseBatch(ids, ts) {ok = true;} catch {}
        } else {
            try escrow.releaseBatch(ids, ts) {ok = true;} catch {}
        }
        if (!ok) {
            if (allowed) blocked = true;
            return;
        }
        if (!allowed) settledEarly = true;
        _bookBatch(ids, isAuto, before, creditsBefore);
    }

    /// @dev The batch's payouts checked in aggregate per token: workers gain Σ(amount − fee), fee
    /// accounts Σ fee, clients nothing.
    function _bookBatch(bytes32[] memory ids, bool isAuto, uint256[3][2] memory before, uint256[2] memory creditsBefore)
        internal
    {
        uint256[3][2] memory expected;
        for (uint256 i; i < ids.length; ++i) {
            Ghost storage g = _ghost[ids[i]];
            if (g.settlements != 0) paidTwice = true;
            g.settlements += 1;
            g.status = isAuto ? ITaskEscrow.Status.AutoReleased : ITaskEscrow.Status.Released;
            g.since = block.timestamp;
            openSum[g.terms.token] -= g.terms.amount;
            (uint256 paid, uint256 fee) = FeeMath.feeOnFull(g.terms.amount, g.terms.feeBps);
            uint256 k = g.terms.token == address(usdc) ? 0 : 1;
            expected[k][0] += paid;
            expected[k][2] += fee;
        }
        for (uint256 k; k < 2; ++k) {
            address token = k == 0 ? address(usdc) : address(blk);
            uint256[3] memory after_ = _roles(token);
            if (after_[0] - before[k][0] != expected[k][0] || after_[1] != before[k][1]) splitBroken = true;
            if (after_[2] - before[k][2] != expected[k][2]) splitBroken = true;
            creditSum[token] = creditSum[token] + _allCredits(token) - creditsBefore[k];
        }
    }

    /// @notice One term of a task tampered (every field in turn), then a lifecycle call with it by
    /// the party it belongs to: every such call must revert.
    function tamper(uint256 idx, uint8 field, uint8 action) external {
        (bytes32 id, Ghost storage g) = _pick(idx);
        if (id == 0) return;
        ITaskEscrow.Terms memory t = _tampered(g.terms, field % 13);
        bytes memory call = _tamperedCall(id, t, action % 10);
        vm.prank(_rightCaller(g.terms, action % 10));
        (bool ok,) = address(escrow).call(call);
        if (ok) forgedAccepted = true;
    }

    function _tampered(ITaskEscrow.Terms memory src, uint8 field) internal pure returns (ITaskEscrow.Terms memory t) {
        t = src;
        if (field == 0) t.client = address(uint160(t.client) ^ 1);
        else if (field == 1) t.worker = address(uint160(t.worker) ^ 1);
        else if (field == 2) t.token = address(uint160(t.token) ^ 1);
        else if (field == 3) t.amount ^= 1;
        else if (field == 4) t.arbiter = address(uint160(t.arbiter) ^ 1);
        else if (field == 5) t.deadline ^= 1;
        else if (field == 6) t.reviewPeriod ^= 1;
        else if (field == 7) t.feeBps ^= 1;
        else if (field == 8) t.referrerShareBps ^= 1;
        else if (field == 9) t.fallbackWorkerBps ^= 1;
        else if (field == 10) t.rulingWindow ^= 1;
        else if (field == 11) t.feeRecipient = address(uint160(t.feeRecipient) ^ 1);
        else t.referrer = address(uint160(t.referrer) ^ 1);
    }

    function _tamperedCall(bytes32 id, ITaskEscrow.Terms memory t, uint8 action) internal pure returns (bytes memory) {
        ITaskEscrow.HotTerms memory h = EscrowSetup.hot(t);
        bytes32 cold = EscrowSetup.coldHash(t);
        if (action == 0) return abi.encodeCall(ITaskEscrow.release, (id, t));
        if (action == 1) return abi.encodeCall(ITaskEscrow.releaseCompact, (id, h, cold));
        if (action == 2) return abi.encodeCall(ITaskEscrow.autoRelease, (id, t));
        if (action == 3) return abi.encodeCall(ITaskEscrow.dispute, (id, t, bytes32(0)));
        if (action == 4) return abi.encodeCall(ITaskEscrow.rule, (id, t, uint16(5_000)));
        if (action == 5) return abi.encodeCall(ITaskEscrow.settleFallback, (id, t));
        if (action == 6) return abi.encodeCall(ITaskEscrow.refund, (id, t));
        if (action == 7) return abi.encodeCall(ITaskEscrow.decline, (id, t));
        if (action == 8) return abi.encodeCall(ITaskEscrow.cancel, (id, t));
        return abi.encodeCall(ITaskEscrow.submit, (id, h, cold, bytes32(0)));
    }

    function _rightCaller(ITaskEscrow.Terms memory t, uint8 action) internal pure returns (address) {
        if (action == 4) return t.arbiter;
        if (action == 3 || action == 7 || action == 8 || action == 9) return t.worker;
        return t.client;
    }

    // ------------------------------------------------------------------ time, owner, tokens, credits

    /// @notice Mostly short steps so that windows' edges get hit, sometimes long ones.
    function warp(uint256 secondsSeed) external {
        vm.warp(block.timestamp + (secondsSeed % 4 == 0 ? secondsSeed % 2 hours : secondsSeed % 120));
    }

    /// @notice Jumps to within two seconds of one task's next edge (deadline, review end or ruling end).
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

    /// @notice The owner changes one setting (or pauses) while escrows are open; out-of-range values must revert.
    function setting(uint8 which, uint256 seed) external {
        which %= 6;
        vm.prank(OWNER);
        if (which == 0) {
            escrow.setFeeBps(uint16(seed % 1_001));
        } else if (which == 1) {
            escrow.setFeeRecipient(seed % 2 == 0 ? FEES : FEES_2);
        } else if (which == 2) {
            escrow.setReferrerShareBps(uint16(seed % 10_001));
        } else if (which == 3) {
            escrow.setDisputeTerms(uint32(1 + seed % 1 hours), uint16((seed >> 32) % 10_001));
        } else if (which == 4) {
            escrow.setPaused(seed % 3 == 0); // paused a third of the time
        } else {
            // Out of bounds: a ruling window above 30 days or a split above 100%.
            bool window = seed % 2 == 0;
            try escrow.setDisputeTerms(window ? uint32(30 days + 1 + seed % 1e6) : 1 hours, window ? 5_000 : 10_001) {
                settingsUnbounded = true;
            } catch {}
        }
    }

    /// @notice The hostile token blocks or unblocks a party, or the escrow itself.
    function toggleBlock(uint8 who) external {
        address[7] memory accounts = [
            _client(0), _client(1), vm.addr(WORKER_KEY_0), vm.addr(WORKER_KEY_1), address(wallet), FEES, address(escrow)
        ];
        address a = accounts[who % 7];
        blk.setBlocked(a, !blk.blocked(a));
    }

    function withdrawCredit(uint256 seed, bool hostile) external {
        address[9] memory who = [
            _client(0), _client(1), vm.addr(PERMIT_CLIENT_KEY), vm.addr(WORKER_KEY_0), vm.addr(WORKER_KEY_1),
            address(wallet), FEES, FEES_2, REFERRER
        ];
        address token = hostile ? address(blk) : address(usdc);
        address account = seed % 10 == 9 ? REFERRER_2 : who[seed % 9];
        uint256 amount = escrow.creditOf(account, token);
        if (amount == 0) return;
        uint256 before = IERC20(token).balanceOf(account);
        vm.prank(account);
        try escrow.withdraw(token, account) {
            creditSum[token] -= amount;
            if (IERC20(token).balanceOf(account) - before != amount) splitBroken = true;
        } catch {
            // Only the hostile token may refuse; a usdc withdrawal always works.
            if (token == address(usdc)) blocked = true;
        }
    }

    function deposit(uint256 clientSeed, uint256 amountSeed, bool hostile) external {
        uint256 amount = 1 + amountSeed % 1e16;
        address token = hostile ? address(blk) : address(usdc);
        vm.prank(_client(clientSeed));
        try escrow.deposit(token, amount) {
            creditSum[token] += amount;
        } catch {
            if (token == address(usdc)) blocked = true;
        }
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
        address token = g.terms.token;
        uint256 before = _feeCredits(token);
        try escrow.collectFees(ids, ts) {
            if (pending == 0) paidTwice = true;
            if (_feeCredits(token) - before != pending) splitBroken = true;
            pendingFeeSum[token] -= pending;
            creditSum[token] += pending;
        } catch {
            if (pending != 0) blocked = true;
        }
    }

    // ------------------------------------------------------------------ settlement bookkeeping

    function _settle(bytes32 id, Ghost storage g, ITaskEscrow.Status to, uint256 workerBps, bool allowed, address caller)
        internal
    {
        ITaskEscrow.Terms memory t = g.terms;
        bool rightCaller = _authorized(t, to, caller);
        uint256[4] memory before = _snapshot(t);
        bool ok = _call(id, t, to, workerBps, caller);
        if (!ok) {
            if (allowed && rightCaller) blocked = true;
            return;
        }
        if (!rightCaller) forgedAccepted = true;
        if (!allowed) settledEarly = true;
        if (g.settlements != 0) paidTwice = true;
        g.settlements += 1;
        g.status = to;
        g.since = block.timestamp;
        openSum[t.token] -= t.amount;
        _checkSplit(id, t, workerBps, before);
    }

    function _authorized(ITaskEscrow.Terms memory t, ITaskEscrow.Status to, address caller)
        internal
        pure
        returns (bool)
    {
        if (to == ITaskEscrow.Status.Released) return caller == t.client;
        if (to == ITaskEscrow.Status.Ruled) return caller == t.arbiter;
        if (to == ITaskEscrow.Status.Declined) return caller == t.worker;
        if (to == ITaskEscrow.Status.Cancelled) return caller == t.client || caller == t.worker;
        return true; // autoRelease, settleFallback and refund are anyone's
    }

    /// @dev [worker holdings, client holdings, fee credits, all credits] in the task's token; holdings = tokens + credit.
    function _snapshot(ITaskEscrow.Terms memory t) internal view returns (uint256[4] memory s) {
        s = [_holdings(t.worker, t.token), _holdings(t.client, t.token), _feeCredits(t.token), _allCredits(t.token)];
    }

    /// @dev Each party is paid in tokens or credit; the fee is credited or pending. All against the
    /// terms frozen at funding, whatever the owner changed since.
    function _checkSplit(bytes32 id, ITaskEscrow.Terms memory t, uint256 workerBps, uint256[4] memory before)
        internal
    {
        uint256[4] memory after_ = _snapshot(t);
        uint256 pending = escrow.pendingFee(id, t);
        uint256 paid = after_[0] - before[0];
        uint256 refunded = after_[1] - before[1];
        uint256 fee = after_[2] - before[2] + pending;
        creditSum[t.token] = creditSum[t.token] + after_[3] - before[3];
        pendingFeeSum[t.token] += pending;
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

    // ------------------------------------------------------------------ accounting helpers

    function _feeCredits(address token) internal view returns (uint256) {
        return escrow.creditOf(FEES, token) + escrow.creditOf(FEES_2, token) + escrow.creditOf(REFERRER, token)
            + escrow.creditOf(REFERRER_2, token);
    }

    function _partyCredits(address token) internal view returns (uint256 sum) {
        sum = escrow.creditOf(_client(0), token) + escrow.creditOf(_client(1), token);
        sum += escrow.creditOf(vm.addr(PERMIT_CLIENT_KEY), token);
        sum += escrow.creditOf(vm.addr(WORKER_KEY_0), token) + escrow.creditOf(vm.addr(WORKER_KEY_1), token);
        sum += escrow.creditOf(address(wallet), token);
    }

    function _allCredits(address token) internal view returns (uint256) {
        return _feeCredits(token) + _partyCredits(token);
    }

    /// @dev [all workers' holdings, all clients' holdings, fee credits] in `token`.
    function _roles(address token) internal view returns (uint256[3] memory r) {
        r[0] = _holdings(vm.addr(WORKER_KEY_0), token) + _holdings(vm.addr(WORKER_KEY_1), token)
            + _holdings(address(wallet), token);
        r[1] = _holdings(_client(0), token) + _holdings(_client(1), token) + _holdings(vm.addr(PERMIT_CLIENT_KEY), token);
        r[2] = _feeCredits(token);
    }

    /// @dev Token balance plus escrow credit.
    function _holdings(address account, address token) internal view returns (uint256) {
        return IERC20(token).balanceOf(account) + escrow.creditOf(account, token);
    }

    function _autoReleasable(Ghost storage g) internal view returns (bool) {
        return g.status == ITaskEscrow.Status.Submitted && block.timestamp > g.since + g.terms.reviewPeriod;
    }

    /// @dev One of the three newest tasks: actions concentrate on few escrows, so multi-step
    /// sequences (request, submit, stale request; dispute, silence, fallback) happen often.
    function _pick(uint256 idx) internal view returns (bytes32 id, Ghost storage g) {
        uint256 n = taskIds.length;
        if (n != 0) id = taskIds[n - 1 - idx % (n < 3 ? n : 3)];
        g = _ghost[id];
    }

    function _party(Ghost storage g, uint8 seed) internal view returns (address) {
        uint8 k = seed % 5;
        if (k == 0) return STRANGER;
        return k % 2 == 0 ? g.terms.client : g.terms.worker;
    }

    function _open(ITaskEscrow.Status s) internal pure returns (bool) {
        return s == ITaskEscrow.Status.Funded || s == ITaskEscrow.Status.Submitted || s == ITaskEscrow.Status.Disputed;
    }

    function _client(uint256 seed) internal pure returns (address) {
        return seed % 2 == 0 ? address(0xC1) : address(0xC2);
    }

    function _worker(uint256 seed) internal view returns (address) {
        uint256 k = seed % 3;
        return k == 0 ? vm.addr(WORKER_KEY_0) : k == 1 ? vm.addr(WORKER_KEY_1) : address(wallet);
    }

    /// @dev The ERC-1271 wallet accepts what its owner (worker key 1) signs over the digest itself.
    function _sign(ITaskEscrow.Bid memory b) internal view returns (bytes memory) {
        return EscrowSetup.sign(escrow, b, b.worker == vm.addr(WORKER_KEY_0) ? WORKER_KEY_0 : WORKER_KEY_1);
    }
}

/// @dev Reads the paused flag through the public config getter.
library ConfigPaused {
    function paused(TaskEscrow escrow) internal view returns (bool) {
        return escrow.config().paused;
    }
}

/// @notice Invariant campaign: random sequences of every escrow action (see EscrowHandler).
contract TaskEscrowInvariantTest is TestBase {
    EscrowHandler internal handler;

    function setUp() public {
        vm.warp(1_800_000_000);
        handler = new EscrowHandler();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice Per token: balance = open escrows + credits + pending fees, so the hostile token's
    /// blocks, refusals and credited payouts never move the other token's accounting.
    function invariant_balanceCoversOpenEscrows() external view {
        address[2] memory tokens = [address(handler.usdc()), address(handler.blk())];
        for (uint256 k; k < 2; ++k) {
            uint256 balance = IERC20(tokens[k]).balanceOf(address(handler.escrow()));
            uint256 owed = handler.openSum(tokens[k]) + handler.creditSum(tokens[k]) + handler.pendingFeeSum(tokens[k]);
            assertEq(balance, owed, "balance != open escrows + credits + pending fees");
        }
    }

    function invariant_noTaskPaidTwice() external view {
        assertTrue(!handler.paidTwice(), "a task settled twice");
        uint256 n = handler.taskCount();
        for (uint256 i; i < n; ++i) {
            (,, uint256 settlements) = handler.ghost(handler.taskIds(i));
            assertTrue(settlements <= 1, "more than one settlement");
        }
    }

    /// @notice Every payout equals the split of the terms frozen at funding, whatever the owner
    /// changed since (fee, recipient, referrer share, ruling window, fallback split).
    function invariant_settledSplitsAddUpToAmount() external view {
        assertTrue(!handler.splitBroken(), "payout, fee or refund differs from the frozen terms");
    }

    function invariant_terminalStatesNeverChange() external view {
        uint256 n = handler.taskCount();
        for (uint256 i; i < n; ++i) {
            bytes32 id = handler.taskIds(i);
            (ITaskEscrow.Status model, uint256 since,) = handler.ghost(id);
            (ITaskEscrow.Status status, uint40 stamped,) =
                handler.escrow().taskState(handler.termsOf(id).client, id);
            assertEq(uint8(status), uint8(model), "status differs from the model");
            if (model >= ITaskEscrow.Status.Released) assertEq(stamped, since, "terminal task changed after settling");
        }
    }

    /// @notice No open escrow's committed terms change, however the settings move.
    function invariant_openEscrowTermsNeverChange() external view {
        uint256 n = handler.taskCount();
        for (uint256 i; i < n; ++i) {
            bytes32 id = handler.taskIds(i);
            ITaskEscrow.Terms memory t = handler.termsOf(id);
            (,, uint256 committed) = handler.escrow().taskState(t.client, id);
            assertEq(committed, handler.escrow().hashTerms(id, t), "an escrow's terms changed");
        }
    }

    function invariant_nothingSettlesBeforeItsTime() external view {
        assertTrue(!handler.settledEarly(), "a transition succeeded outside its window");
        assertTrue(!handler.blocked(), "an allowed call was blocked");
    }

    function invariant_signatureNeverUsedTwice() external view {
        assertTrue(!handler.replayed(), "a bid or its nonce was used twice");
    }

    function invariant_staleCancelRequestNeverCompletes() external view {
        assertTrue(!handler.staleCancelHonored(), "a cancel completed without both requests in the current status");
    }

    function invariant_wrongCallersAndTamperedTermsAlwaysRevert() external view {
        assertTrue(!handler.forgedAccepted(), "a wrong caller or tampered terms were accepted");
    }

    function invariant_settingsAndPauseKeepTheirRules() external view {
        assertTrue(!handler.pauseBroken(), "funded while paused");
        assertTrue(!handler.referrerBroken(), "self-referral or a changed referrer was accepted");
        assertTrue(!handler.settingsUnbounded(), "a setting outside its bounds was accepted");
        assertTrue(!handler.claimUnbounded(), "a bid claiming more than 10,000 bps was funded");
    }
}


