// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ITaskEscrow} from "../interfaces/ITaskEscrow.sol";
import {MockUSDC} from "../mocks/MockUSDC.sol";
import {TaskEscrow} from "../TaskEscrow.sol";
import {EscrowSetup} from "./utils/EscrowSetup.sol";
import {TestBase} from "./utils/Vm.sol";

/// @notice Fuzz tests of the payout maths through the contract, each with a concrete twin.
contract TaskEscrowFuzzTest is TestBase {
    uint256 internal constant WORKER_KEY = 0xA11CE;
    address internal constant OWNER = address(0x0F);
    address internal constant CLIENT = address(0xC1);
    address internal constant ARBITER = address(0xA7);
    address internal constant FEES = address(0xFE);
    address internal constant REFERRER = address(0x7E);

    MockUSDC internal usdc;
    address internal worker;

    function setUp() public {
        vm.warp(1_800_000_000);
        usdc = new MockUSDC();
        worker = vm.addr(WORKER_KEY);
    }

    function _open(uint16 feeBps, uint256 amount, address referrer)
        internal
        returns (TaskEscrow escrow, ITaskEscrow.Bid memory b, ITaskEscrow.Terms memory t)
    {
        escrow = new TaskEscrow(OWNER, FEES, feeBps);
        EscrowSetup.mintAndApprove(usdc, CLIENT, address(escrow), amount);
        b = EscrowSetup.bid(keccak256("task"), CLIENT, worker, address(usdc), amount, ARBITER, 1);
        t = EscrowSetup.terms(escrow, b, referrer);
        bytes memory sig = EscrowSetup.sign(escrow, b, WORKER_KEY);
        uint64 bd = EscrowSetup.bound(escrow);
        vm.prank(CLIENT);
        escrow.fund(b, sig, referrer, bd);
    }

    function _release(uint128 amount, uint16 feeBps) internal {
        (TaskEscrow escrow, ITaskEscrow.Bid memory b, ITaskEscrow.Terms memory t) = _open(feeBps, amount, address(0));
        vm.prank(CLIENT);
        escrow.release(b.taskId, t);
        uint256 fee = uint256(amount) * feeBps / 10_000;
        assertEq(usdc.balanceOf(worker), amount - fee, "worker payout");
        assertEq(escrow.creditOf(FEES, address(usdc)), fee, "fee credit");
        assertEq(usdc.balanceOf(address(escrow)), fee, "escrow keeps only the fee");
    }

    function test_release_paysExactlyAmountMinusFee() external {
        _release(1_000_000, 100);
    }

    function testFuzz_release_paysExactlyAmountMinusFee(uint128 amount, uint16 feeSeed) external {
        vm.assume(amount > 0);
        _release(amount, uint16(feeSeed % 1_001));
    }

    function _rule(uint128 amount, uint16 feeBps, uint16 workerBps, bool withReferrer) internal {
        address referrer = withReferrer ? REFERRER : address(0);
        (TaskEscrow escrow, ITaskEscrow.Bid memory b, ITaskEscrow.Terms memory t) = _open(feeBps, amount, referrer);
        vm.prank(worker);
        escrow.submit(b.taskId, EscrowSetup.hot(t), EscrowSetup.coldHash(t), keccak256("result"));
        vm.prank(CLIENT);
        escrow.dispute(b.taskId, t, keccak256("reason"));
        vm.prank(ARBITER);
        escrow.rule(b.taskId, t, workerBps);
        _checkSplit(escrow, amount, feeBps, workerBps, withReferrer);
    }

    function _checkSplit(TaskEscrow escrow, uint256 amount, uint256 feeBps, uint256 workerBps, bool withReferrer)
        internal
        view
    {
        uint256 gross = amount * workerBps / 10_000;
        uint256 fee = gross * feeBps / 10_000;
        assertEq(usdc.balanceOf(worker), gross - fee, "worker payout");
        assertEq(usdc.balanceOf(CLIENT), amount - gross, "client refund");
        assertEq(
            escrow.creditOf(REFERRER, address(usdc)), withReferrer ? fee * 1_500 / 10_000 : 0, "referrer share"
        );
        uint256 credited = escrow.creditOf(FEES, address(usdc)) + escrow.creditOf(REFERRER, address(usdc));
        assertEq(credited, fee, "credits != fee");
        assertEq(usdc.balanceOf(worker) + usdc.balanceOf(CLIENT) + credited, amount, "payout + refund + fee != amount");
        assertEq(usdc.balanceOf(address(escrow)), credited, "escrow keeps only the credits");
    }

    function test_rule_splitsExactly() external {
        _rule(1_000_000, 100, 6_000, true);
    }

    function testFuzz_rule_splitsExactly(uint128 amount, uint16 feeSeed, uint16 workerSeed, bool withReferrer)
        external
    {
        vm.assume(amount > 0);
        _rule(amount, uint16(feeSeed % 1_001), uint16(workerSeed % 10_001), withReferrer);
    }

    /// @dev The cheapest path: deposit, fundFromCredit, submitForCredit, releaseCompact, collectFees.
    function _creditPath(uint128 amount, uint16 feeBps, bool withReferrer) internal {
        address referrer = withReferrer ? REFERRER : address(0);
        TaskEscrow escrow = new TaskEscrow(OWNER, FEES, feeBps);
        EscrowSetup.mintAndApprove(usdc, CLIENT, address(escrow), amount);
        vm.prank(CLIENT);
        escrow.deposit(address(usdc), amount);
        ITaskEscrow.Bid memory b =
            EscrowSetup.bid(keccak256("task"), CLIENT, worker, address(usdc), amount, ARBITER, 1);
        ITaskEscrow.Terms memory t = EscrowSetup.terms(escrow, b, referrer);
        bytes memory sig = EscrowSetup.sign(escrow, b, WORKER_KEY);
        uint64 bd = EscrowSetup.bound(escrow);
        vm.prank(CLIENT);
        escrow.fundFromCredit(b, sig, referrer, bd);
        assertEq(escrow.creditOf(CLIENT, address(usdc)), 0, "client credit spent");
        vm.prank(worker);
        escrow.submitForCredit(b.taskId, EscrowSetup.hot(t), EscrowSetup.coldHash(t), keccak256("result"));
        vm.prank(CLIENT);
        escrow.releaseCompact(b.taskId, EscrowSetup.hot(t), EscrowSetup.coldHash(t));
        uint256 fee = uint256(amount) * feeBps / 10_000;
        assertEq(escrow.creditOf(worker, address(usdc)), amount - fee, "worker credit");
        assertEq(escrow.pendingFee(b.taskId, t), fee, "fee pending");
        assertEq(usdc.balanceOf(worker), 0, "no token moved to the worker");
        assertEq(usdc.balanceOf(address(escrow)), amount, "escrow holds credit + pending fee");
        if (fee != 0) {
            bytes32[] memory ids = new bytes32[](1);
            ids[0] = b.taskId;
            ITaskEscrow.Terms[] memory ts = new ITaskEscrow.Terms[](1);
            ts[0] = t;
            escrow.collectFees(ids, ts);
        }
        uint256 credited = escrow.creditOf(FEES, address(usdc)) + escrow.creditOf(REFERRER, address(usdc));
        assertEq(credited, fee, "collected fee");
        assertEq(escrow.creditOf(REFERRER, address(usdc)), withReferrer ? fee * 1_500 / 10_000 : 0, "referrer");
        assertEq(escrow.pendingFee(b.taskId, t), 0, "nothing left pending");
    }

    function test_creditPath_paysAmountMinusFeeAndCollectsFee() external {
        _creditPath(1_000_000, 100, true);
    }

    function testFuzz_creditPath_paysAmountMinusFeeAndCollectsFee(uint128 amount, uint16 feeSeed, bool withReferrer)
        external
    {
        vm.assume(amount > 0);
        _creditPath(amount, uint16(feeSeed % 1_001), withReferrer);
    }

    function test_fund_revertsWhenBidExpired() external {
        TaskEscrow escrow = new TaskEscrow(OWNER, FEES, 100);
        EscrowSetup.mintAndApprove(usdc, CLIENT, address(escrow), 1e6);
        ITaskEscrow.Bid memory b = EscrowSetup.bid(keccak256("t"), CLIENT, worker, address(usdc), 1e6, ARBITER, 1);
        bytes memory sig = EscrowSetup.sign(escrow, b, WORKER_KEY);
        uint64 bd = EscrowSetup.bound(escrow);
        vm.warp(b.expiry + 1);
        vm.expectRevert(
            abi.encodeWithSelector(ITaskEscrow.TaskEscrowBidExpired.selector, b.taskId, b.expiry, b.expiry + 1)
        );
        vm.prank(CLIENT);
        escrow.fund(b, sig, address(0), bd);
    }

    /// @dev A claim is a probability in basis points: 10,000 funds and is emitted, anything above
    /// reverts naming the claim (the TypeScript side bounds it too, the chain no longer trusts that).
    function _fundWithClaim(uint16 claim) internal returns (TaskEscrow escrow, ITaskEscrow.Bid memory b) {
        escrow = new TaskEscrow(OWNER, FEES, 100);
        EscrowSetup.mintAndApprove(usdc, CLIENT, address(escrow), 1e6);
        b = EscrowSetup.bid(keccak256("claim"), CLIENT, worker, address(usdc), 1e6, ARBITER, 1);
        b.claimedSuccessBps = claim;
        bytes memory sig = EscrowSetup.sign(escrow, b, WORKER_KEY);
        uint64 bd = EscrowSetup.bound(escrow);
        if (claim > 10_000) {
            vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowClaimAboveBps.selector, b.taskId, claim));
        }
        vm.prank(CLIENT);
        escrow.fund(b, sig, address(0), bd);
    }

    function test_fund_acceptsClaimOf10000AndRejects10001() external {
        (TaskEscrow escrow, ITaskEscrow.Bid memory b) = _fundWithClaim(10_000);
        (ITaskEscrow.Status status,,) = escrow.taskState(CLIENT, b.taskId);
        assertTrue(status == ITaskEscrow.Status.Funded, "a claim of exactly 10,000 funds");
        (escrow, b) = _fundWithClaim(10_001);
        (status,,) = escrow.taskState(CLIENT, b.taskId);
        assertTrue(status == ITaskEscrow.Status.None, "a claim of 10,001 funds nothing");
        assertEq(usdc.balanceOf(address(escrow)), 0, "and moves no token");
    }

    function testFuzz_fund_rejectsEveryClaimAbove10000(uint16 seed) external {
        _fundWithClaim(uint16(10_001 + uint256(seed) % (65_536 - 10_001)));
    }
}
