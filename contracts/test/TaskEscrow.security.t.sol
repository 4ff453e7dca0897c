// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IEscrowConfig} from "../interfaces/IEscrowConfig.sol";
import {IEscrowErrors} from "../interfaces/IEscrowErrors.sol";
import {ITaskEscrow} from "../interfaces/ITaskEscrow.sol";
import {MockUSDC} from "../mocks/MockUSDC.sol";
import {TaskEscrow} from "../TaskEscrow.sol";
import {EscrowSetup} from "./utils/EscrowSetup.sol";
import {TestBase} from "./utils/Vm.sol";

/// @notice The security review's exploits (findings 1-4 of issue 11), each run as the attacker
/// would; they must now fail to do harm. Plus the gaps the planted mutations slipped through:
/// cancelling a nonce with a low byte >= 128, and a fallback split other than 50/50.
contract TaskEscrowSecurityTest is TestBase {
    uint256 internal constant WORKER_KEY = 0xA11CE;
    uint256 internal constant ATTACKER_KEY = 0xBAD;
    address internal constant OWNER = address(0x0F);
    address internal constant CLIENT = address(0xC1);
    address internal constant ARBITER = address(0xA7);
    address internal constant FEES = address(0xFE);
    address internal constant REFERRER = address(0x7E);
    uint256 internal constant AMOUNT = 1_000_003;

    MockUSDC internal usdc;
    TaskEscrow internal escrow;
    address internal worker;

    function setUp() public {
        vm.warp(1_800_000_000);
        usdc = new MockUSDC();
        escrow = new TaskEscrow(OWNER, FEES, 100);
        worker = vm.addr(WORKER_KEY);
        EscrowSetup.mintAndApprove(usdc, CLIENT, address(escrow), 1e12);
    }

    function _fund(bytes32 taskId, address referrer)
        internal
        returns (ITaskEscrow.Bid memory b, ITaskEscrow.Terms memory t)
    {
        b = EscrowSetup.bid(taskId, CLIENT, worker, address(usdc), AMOUNT, ARBITER, uint256(taskId));
        t = EscrowSetup.terms(escrow, b, referrer);
        bytes memory sig = EscrowSetup.sign(escrow, b, WORKER_KEY);
        uint64 bd = EscrowSetup.bound(escrow);
        vm.prank(CLIENT);
        escrow.fund(b, sig, referrer, bd);
    }

    function _submit(bytes32 taskId, ITaskEscrow.Terms memory t) internal {
        vm.prank(worker);
        escrow.submit(taskId, EscrowSetup.hot(t), EscrowSetup.coldHash(t), keccak256("result"));
    }

    // ------------------------------------------------------------ finding 1: stale cancel request

    /// @dev The exploit: the worker asks to cancel while Funded, then delivers; the client's cancel
    /// used to complete the "mutual" cancel and take a full refund for delivered work.
    function _staleCancelExploit() internal returns (ITaskEscrow.Bid memory b, ITaskEscrow.Terms memory t) {
        (b, t) = _fund(keccak256("stale"), address(0));
        vm.prank(worker);
        escrow.cancel(b.taskId, t);
        _submit(b.taskId, t);
        assertTrue(escrow.cancelRequestedBy(CLIENT, b.taskId) == address(0), "stale request still shown");
        vm.expectRevert(
            abi.encodeWithSelector(
                ITaskEscrow.TaskEscrowCancelRequestStale.selector,
                b.taskId,
                worker,
                ITaskEscrow.Status.Funded,
                ITaskEscrow.Status.Submitted
            )
        );
        vm.prank(CLIENT);
        escrow.cancel(b.taskId, t);
    }

    function test_cancel_staleRequestCannotRefundDeliveredWork_release() external {
        (ITaskEscrow.Bid memory b, ITaskEscrow.Terms memory t) = _staleCancelExploit();
        vm.prank(CLIENT);
        escrow.release(b.taskId, t);
        assertEq(usdc.balanceOf(worker), AMOUNT - AMOUNT / 100, "worker paid amount minus fee");
    }

    function test_cancel_staleRequestCannotRefundDeliveredWork_autoRelease() external {
        (ITaskEscrow.Bid memory b, ITaskEscrow.Terms memory t) = _staleCancelExploit();
        vm.warp(block.timestamp + t.reviewPeriod + 1);
        escrow.autoRelease(b.taskId, t);
        assertEq(usdc.balanceOf(worker), AMOUNT - AMOUNT / 100, "worker paid amount minus fee");
    }

    function test_cancel_renewedRequestInCurrentStatusCompletes() external {
        (ITaskEscrow.Bid memory b, ITaskEscrow.Terms memory t) = _staleCancelExploit();
        vm.prank(worker);
        escrow.cancel(b.taskId, t); // the worker renews its request in Submitted
        assertTrue(escrow.cancelRequestedBy(CLIENT, b.taskId) == worker, "renewed request");
        uint256 before = usdc.balanceOf(CLIENT);
        vm.prank(CLIENT);
        escrow.cancel(b.taskId, t);
        assertEq(usdc.balanceOf(CLIENT) - before, AMOUNT, "client refunded in full");
        (ITaskEscrow.Status s,,) = escrow.taskState(CLIENT, b.taskId);
        assertEq(uint8(s), uint8(ITaskEscrow.Status.Cancelled), "cancelled");
    }

    function test_withdrawCancelRequest_voidsIt() external {
        (ITaskEscrow.Bid memory b, ITaskEscrow.Terms memory t) = _fund(keccak256("withdraw"), address(0));
        vm.prank(worker);
        escrow.cancel(b.taskId, t);
        vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowNoCancelRequest.selector, b.taskId, CLIENT));
        vm.prank(CLIENT);
        escrow.withdrawCancelRequest(b.taskId, t);
        vm.prank(worker);
        escrow.withdrawCancelRequest(b.taskId, t);
        assertTrue(escrow.cancelRequestedBy(CLIENT, b.taskId) == address(0), "request withdrawn");
        vm.prank(CLIENT);
        escrow.cancel(b.taskId, t); // only records the client's own request now
        (ITaskEscrow.Status s,,) = escrow.taskState(CLIENT, b.taskId);
        assertEq(uint8(s), uint8(ITaskEscrow.Status.Funded), "not cancelled by one party");
    }

    // ------------------------------------------------------------ finding 2: task-id squatting

    function test_fund_squattedIdDoesNotBlockTheVictimsAward() external {
        bytes32 taskId = keccak256("announced-task");
        // The attacker is client, worker and arbiter of a 1-unit task under the victim's id.
        address attacker = vm.addr(ATTACKER_KEY);
        EscrowSetup.mintAndApprove(usdc, attacker, address(escrow), 1);
        ITaskEscrow.Bid memory squat = EscrowSetup.bid(taskId, attacker, attacker, address(usdc), 1, attacker, 7);
        bytes memory sig = EscrowSetup.sign(escrow, squat, ATTACKER_KEY);
        uint64 bd = EscrowSetup.bound(escrow);
        vm.prank(attacker);
        escrow.fund(squat, sig, address(0), bd);

        (ITaskEscrow.Bid memory b, ITaskEscrow.Terms memory t) = _fund(taskId, address(0));
        (ITaskEscrow.Status mine,,) = escrow.taskState(CLIENT, taskId);
        (ITaskEscrow.Status theirs,,) = escrow.taskState(attacker, taskId);
        assertEq(uint8(mine), uint8(ITaskEscrow.Status.Funded), "victim funded");
        assertEq(uint8(theirs), uint8(ITaskEscrow.Status.Funded), "squat is a separate escrow");
        _submit(b.taskId, t);
        vm.prank(CLIENT);
        escrow.release(b.taskId, t);
        assertEq(usdc.balanceOf(worker), AMOUNT - AMOUNT / 100, "victim's worker paid");
    }

    // ------------------------------------------------------------ finding 3: config under the client

    function _fundExpectingRevert(uint64 bd, bytes memory err) internal {
        ITaskEscrow.Bid memory b =
            EscrowSetup.bid(keccak256("bound"), CLIENT, worker, address(usdc), AMOUNT, ARBITER, 1);
        bytes memory sig = EscrowSetup.sign(escrow, b, WORKER_KEY);
        vm.expectRevert(err);
        vm.prank(CLIENT);
        escrow.fund(b, sig, address(0), bd);
    }

    function test_fund_revertsWhenFeeRoseAboveTheClientsBound() external {
        uint64 read = EscrowSetup.bound(escrow);
        vm.prank(OWNER);
        escrow.setFeeBps(1_000);
        _fundExpectingRevert(read, abi.encodeWithSelector(ITaskEscrow.TaskEscrowFeeAboveBound.selector, 1_000, 100));
    }

    function test_fund_revertsWhenDisputeTermsChangedUnderTheClient() external {
        uint64 read = EscrowSetup.bound(escrow);
        vm.prank(OWNER);
        escrow.setDisputeTerms(3 days, 0);
        _fundExpectingRevert(
            read, abi.encodeWithSelector(ITaskEscrow.TaskEscrowFallbackSplitChanged.selector, 0, 5_000)
        );
        vm.prank(OWNER);
        escrow.setDisputeTerms(30 days, 5_000);
        _fundExpectingRevert(
            read, abi.encodeWithSelector(ITaskEscrow.TaskEscrowRulingWindowAboveBound.selector, 30 days, 3 days)
        );
    }

    function test_fund_acceptsALowerFeeThanTheBound() external {
        vm.prank(OWNER);
        escrow.setFeeBps(50);
        ITaskEscrow.Bid memory b = EscrowSetup.bid(keccak256("lower"), CLIENT, worker, address(usdc), AMOUNT, ARBITER, 1);
        bytes memory sig = EscrowSetup.sign(escrow, b, WORKER_KEY);
        vm.prank(CLIENT);
        escrow.fund(b, sig, address(0), EscrowSetup.packBound(100, 5_000, 3 days));
        (ITaskEscrow.Status s,,) = escrow.taskState(CLIENT, b.taskId);
        assertEq(uint8(s), uint8(ITaskEscrow.Status.Funded), "funded at the lower fee");
    }

    function test_setDisputeTerms_revertsOutsideItsBounds() external {
        vm.expectRevert(
            abi.encodeWithSelector(IEscrowConfig.TaskEscrowRulingWindowTooLong.selector, 30 days + 1, 30 days)
        );
        vm.prank(OWNER);
        escrow.setDisputeTerms(30 days + 1, 5_000);
        vm.expectRevert(abi.encodeWithSelector(IEscrowErrors.TaskEscrowBpsTooHigh.selector, 10_001, 10_000));
        vm.prank(OWNER);
        escrow.setDisputeTerms(3 days, 10_001);
        vm.prank(OWNER);
        escrow.setDisputeTerms(30 days, 10_000);
        assertEq(escrow.config().rulingWindow, 30 days, "the cap itself is allowed");
    }

    // ------------------------------------------------------------ finding 4: self-referral

    function _fundWithReferrer(bytes32 taskId, address referrer, bytes memory err) internal {
        ITaskEscrow.Bid memory b = EscrowSetup.bid(taskId, CLIENT, worker, address(usdc), AMOUNT, ARBITER, 1);
        bytes memory sig = EscrowSetup.sign(escrow, b, WORKER_KEY);
        uint64 bd = EscrowSetup.bound(escrow);
        if (err.length != 0) vm.expectRevert(err);
        vm.prank(CLIENT);
        escrow.fund(b, sig, referrer, bd);
    }

    function test_fund_revertsWhenAPartyIsTheReferrer() external {
        bytes4 sel = ITaskEscrow.TaskEscrowInvalidReferrer.selector;
        _fundWithReferrer(keccak256("r1"), CLIENT, abi.encodeWithSelector(sel, CLIENT, CLIENT, worker));
        _fundWithReferrer(keccak256("r1"), worker, abi.encodeWithSelector(sel, worker, CLIENT, worker));
    }

    function test_fund_firstReferrerStaysFixed() external {
        _fundWithReferrer(keccak256("r1"), REFERRER, "");
        assertTrue(escrow.referrerOf(CLIENT) == REFERRER, "fixed by the first funding");
        _fundWithReferrer(
            keccak256("r2"),
            address(0xBEEF),
            abi.encodeWithSelector(ITaskEscrow.TaskEscrowReferrerFixed.selector, CLIENT, REFERRER, address(0xBEEF))
        );
        _fundWithReferrer(keccak256("r3"), REFERRER, "");
        _fundWithReferrer(keccak256("r4"), address(0), ""); // no referral on this task: the fee recipient gets it all
        assertTrue(escrow.referrerOf(CLIENT) == REFERRER, "still the first referrer");
    }

    // ------------------------------------------------------------ mutation gaps

    /// @dev Caught a `nonce & 0x7f` mask: every nonce, including low bytes >= 128, is cancelled exactly.
    function _cancelThenFund(uint256 nonce) internal {
        ITaskEscrow.Bid memory b = EscrowSetup.bid(keccak256("nonce"), CLIENT, worker, address(usdc), AMOUNT, ARBITER, nonce);
        bytes memory sig = EscrowSetup.sign(escrow, b, WORKER_KEY);
        vm.prank(worker);
        escrow.cancelNonce(nonce);
        assertTrue(escrow.nonceCancelled(worker, nonce), "cancelled");
        // The neighbour that differs only in bit 7 of the low byte stays usable.
        assertTrue(!escrow.nonceCancelled(worker, nonce ^ 0x80), "neighbour untouched");
        uint64 bd = EscrowSetup.bound(escrow);
        vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowNonceCancelled.selector, worker, nonce));
        vm.prank(CLIENT);
        escrow.fund(b, sig, address(0), bd);
    }

    function test_cancelNonce_thenFundReverts_highLowByte() external {
        _cancelThenFund(0x1_c3); // low byte 0xc3 >= 128
    }

    function testFuzz_cancelNonce_thenFundReverts(uint256 nonce) external {
        _cancelThenFund(nonce);
    }

    /// @dev Caught `settleFallback` paying BPS - fallbackWorkerBps: only a split other than 50/50 shows it.
    function _fallback(uint16 workerBps) internal {
        vm.prank(OWNER);
        escrow.setDisputeTerms(1 days, workerBps);
        (ITaskEscrow.Bid memory b, ITaskEscrow.Terms memory t) = _fund(keccak256("fallback"), address(0));
        _submit(b.taskId, t);
        vm.prank(CLIENT);
        escrow.dispute(b.taskId, t, keccak256("reason"));
        uint256 clientBefore = usdc.balanceOf(CLIENT);
        vm.warp(block.timestamp + 1 days + 1);
        escrow.settleFallback(b.taskId, t);
        uint256 gross = AMOUNT * workerBps / 10_000;
        uint256 fee = gross / 100;
        assertEq(usdc.balanceOf(worker), gross - fee, "worker gets the configured share minus fee");
        assertEq(usdc.balanceOf(CLIENT) - clientBefore, AMOUNT - gross, "client gets the rest");
    }

    function test_settleFallback_pays70To30() external {
        _fallback(7_000);
    }

    function testFuzz_settleFallback_paysTheFrozenSplit(uint16 seed) external {
        _fallback(uint16(seed % 10_001));
    }
}
