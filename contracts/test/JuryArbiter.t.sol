// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IJuryArbiter} from "../interfaces/IJuryArbiter.sol";
import {ITaskEscrow} from "../interfaces/ITaskEscrow.sol";
import {JuryArbiter} from "../JuryArbiter.sol";
import {JurySetup} from "./utils/JurySetup.sol";

/// @notice JuryArbiter unit and fuzz tests: pool, case opening, draw, every window edge, median ruling.
contract JuryArbiterTest is JurySetup {
    function setUp() public {
        _deploy(8);
    }

    function _wrongStatus(bytes32 caseId, IJuryArbiter.CaseStatus status) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IJuryArbiter.JuryArbiterWrongCaseStatus.selector, caseId, status);
    }

    function _tooLate(bytes32 caseId, uint256 closedAt, uint256 nowTs) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IJuryArbiter.JuryArbiterTooLate.selector, caseId, closedAt, nowTs);
    }

    function _tooEarly(bytes32 caseId, uint256 opensAt, uint256 nowTs) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IJuryArbiter.JuryArbiterTooEarly.selector, caseId, opensAt, nowTs);
    }

    // ------------------------------------------------------------------ constructor and pool

    function test_constructor_revertsOnInvalidConfig() external {
        vm.expectRevert(abi.encodeWithSelector(IJuryArbiter.JuryArbiterZeroAddress.selector));
        new JuryArbiter(escrow, address(0), 5, 3, 1, 1);
        vm.expectRevert(abi.encodeWithSelector(IJuryArbiter.JuryArbiterInvalidConfig.selector, 0, 0, 1, 1));
        new JuryArbiter(escrow, address(registry), 0, 0, 1, 1);
        vm.expectRevert(abi.encodeWithSelector(IJuryArbiter.JuryArbiterInvalidConfig.selector, 33, 3, 1, 1));
        new JuryArbiter(escrow, address(registry), 33, 3, 1, 1);
        vm.expectRevert(abi.encodeWithSelector(IJuryArbiter.JuryArbiterInvalidConfig.selector, 5, 6, 1, 1));
        new JuryArbiter(escrow, address(registry), 5, 6, 1, 1);
        vm.expectRevert(abi.encodeWithSelector(IJuryArbiter.JuryArbiterInvalidConfig.selector, 5, 3, 0, 1));
        new JuryArbiter(escrow, address(registry), 5, 3, 0, 1);
        vm.expectRevert(abi.encodeWithSelector(IJuryArbiter.JuryArbiterInvalidConfig.selector, 5, 3, 1, 0));
        new JuryArbiter(escrow, address(registry), 5, 3, 1, 0);
    }

    function test_join_addsAnOwnedAgentOnce() external {
        assertEq(jury.pool().length, 8, "pool");
        uint256 id = registry.register(address(0xBEEF));
        vm.expectRevert(
            abi.encodeWithSelector(IJuryArbiter.JuryArbiterNotAgentOwner.selector, id, address(this), address(0xBEEF))
        );
        jury.joinPool(id);
        vm.expectRevert(
            abi.encodeWithSelector(IJuryArbiter.JuryArbiterNotAgentOwner.selector, 999, address(this), address(0))
        );
        jury.joinPool(999);
        vm.prank(address(0xBEEF));
        jury.joinPool(id);
        vm.prank(address(0xBEEF));
        vm.expectRevert(abi.encodeWithSelector(IJuryArbiter.JuryArbiterAlreadyJoined.selector, id));
        jury.joinPool(id);
    }

    function test_leave_removesTheAgentAndKeepsTheRest() external {
        vm.expectRevert(abi.encodeWithSelector(IJuryArbiter.JuryArbiterNotJoined.selector, 999));
        jury.leavePool(999);
        vm.expectRevert(
            abi.encodeWithSelector(IJuryArbiter.JuryArbiterNotAgentOwner.selector, 2, address(this), _juror(1))
        );
        jury.leavePool(2);
        vm.prank(_juror(1));
        jury.leavePool(2);
        uint256[] memory p = jury.pool();
        assertEq(p.length, 7, "one left");
        for (uint256 i; i < p.length; ++i) assertTrue(p[i] != 2, "agent 2 gone");
        vm.prank(_juror(7));
        jury.leavePool(8);
        vm.prank(_juror(1));
        jury.joinPool(2);
        assertEq(jury.pool().length, 7, "rejoined");
    }

    // ------------------------------------------------------------------ openCase

    function test_openCase_fixesTheWindowsFromTheDispute() external {
        (bytes32 taskId, ITaskEscrow.Terms memory t) = _disputed(address(jury));
        uint256 disputedAt = block.timestamp;
        vm.warp(disputedAt + COMMIT);
        bytes32 caseId = jury.openCase(taskId, t);
        assertTrue(caseId == jury.caseIdOf(CLIENT, taskId), "case id");
        IJuryArbiter.Case memory c = _case(caseId);
        assertEq(c.commitEnd, disputedAt + COMMIT, "commit end");
        assertEq(c.revealEnd, disputedAt + COMMIT + REVEAL, "reveal end");
        assertEq(c.rulingEnd, disputedAt + RULING, "ruling end");
        assertEq(c.drawBlock, block.number + 1, "draw block");
        assertEq(uint8(c.status), uint8(IJuryArbiter.CaseStatus.Opened), "status");
        vm.expectRevert(
            _wrongStatus(caseId, IJuryArbiter.CaseStatus.Opened)
        );
        jury.openCase(taskId, t);
    }

    function test_openCase_revertsAfterTheCommitWindow() external {
        (bytes32 taskId, ITaskEscrow.Terms memory t) = _disputed(address(jury));
        uint256 end = block.timestamp + COMMIT;
        vm.warp(end + 1);
        bytes32 caseId = jury.caseIdOf(CLIENT, taskId);
        vm.expectRevert(_tooLate(caseId, end, end + 1));
        jury.openCase(taskId, t);
    }

    function test_openCase_revertsForOtherArbitersStatusesOrTerms() external {
        (bytes32 other, ITaskEscrow.Terms memory ot) = _disputed(address(0xA7));
        vm.expectRevert(abi.encodeWithSelector(IJuryArbiter.JuryArbiterNotTaskArbiter.selector, other, address(0xA7)));
        jury.openCase(other, ot);
        (bytes32 taskId, ITaskEscrow.Terms memory t) = _disputed(address(jury));
        t.amount += 1;
        vm.expectRevert(abi.encodeWithSelector(IJuryArbiter.JuryArbiterTermsMismatch.selector, taskId));
        jury.openCase(taskId, t);
        bytes32 unknown = keccak256("unknown");
        t.amount -= 1;
        vm.expectRevert(
            abi.encodeWithSelector(IJuryArbiter.JuryArbiterNotDisputed.selector, unknown, ITaskEscrow.Status.None)
        );
        jury.openCase(unknown, t);
    }

    function test_openCase_needsWindowsShorterThanTheRulingWindow() external {
        vm.prank(OWNER);
        escrow.setDisputeTerms(COMMIT + REVEAL, 5_000);
        (bytes32 taskId, ITaskEscrow.Terms memory t) = _disputed(address(jury));
        vm.expectRevert(
            abi.encodeWithSelector(
                IJuryArbiter.JuryArbiterWindowsTooLong.selector, taskId, COMMIT + REVEAL, COMMIT + REVEAL
            )
        );
        jury.openCase(taskId, t);
        vm.prank(OWNER);
        escrow.setDisputeTerms(COMMIT + REVEAL + 1, 5_000);
        (taskId, t) = _disputed(address(jury));
        jury.openCase(taskId, t);
    }

    // ------------------------------------------------------------------ drawPanel

    function test_drawPanel_waitsForTheDrawBlock() external {
        (bytes32 taskId, ITaskEscrow.Terms memory t) = _disputed(address(jury));
        bytes32 id = jury.caseIdOf(CLIENT, taskId);
        vm.expectRevert(
            _wrongStatus(id, IJuryArbiter.CaseStatus.None)
        );
        jury.drawPanel(id);
        bytes32 caseId = jury.openCase(taskId, t);
        uint256 drawBlock = block.number + 1;
        vm.roll(drawBlock);
        vm.expectRevert(
            abi.encodeWithSelector(IJuryArbiter.JuryArbiterDrawNotReady.selector, caseId, drawBlock, drawBlock)
        );
        jury.drawPanel(caseId);
        vm.roll(drawBlock + 1);
        jury.drawPanel(caseId);
        (uint256[] memory ids, address[] memory jurors) = jury.panelOf(caseId);
        assertEq(ids.length, 5, "panel size");
        for (uint256 i; i < 5; ++i) {
            assertEq(uint160(jurors[i]), uint160(_juror(ids[i] - 1)), "seat holder owns the agent");
            for (uint256 j; j < i; ++j) assertTrue(jurors[i] != jurors[j], "distinct jurors");
        }
    }

    function test_drawPanel_revertsAfterTheCommitWindow() external {
        (bytes32 taskId, ITaskEscrow.Terms memory t) = _disputed(address(jury));
        uint256 end = block.timestamp + COMMIT;
        bytes32 caseId = jury.openCase(taskId, t);
        vm.roll(block.number + 2);
        vm.warp(end + 1);
        vm.expectRevert(_tooLate(caseId, end, end + 1));
        jury.drawPanel(caseId);
        vm.warp(end);
        jury.drawPanel(caseId);
    }

    function test_drawPanel_reschedulesWhenTheBlockHashIsGone() external {
        (bytes32 taskId, ITaskEscrow.Terms memory t) = _disputed(address(jury));
        bytes32 caseId = jury.openCase(taskId, t);
        vm.roll(block.number + 300);
        jury.drawPanel(caseId);
        assertEq(_case(caseId).drawBlock, block.number + 1, "new draw block");
        assertEq(uint8(_case(caseId).status), uint8(IJuryArbiter.CaseStatus.Opened), "still opened");
        vm.roll(block.number + 2);
        jury.drawPanel(caseId);
        assertEq(uint8(_case(caseId).status), uint8(IJuryArbiter.CaseStatus.Drawn), "drawn");
    }

    /// @dev A plain Fisher-Yates over a memory copy of the pool (every entry eligible), as a reference
    /// for the contract's virtual shuffle.
    function _referenceDraw(bytes32 seed) internal view returns (uint256[] memory panel) {
        uint256[] memory arr = jury.pool();
        panel = new uint256[](5);
        for (uint256 k; k < 5; ++k) {
            uint256 j = k + uint256(keccak256(abi.encode(seed, k))) % (arr.length - k);
            (arr[k], arr[j]) = (arr[j], arr[k]);
            panel[k] = arr[k];
        }
    }

    function _drawWithHash(bytes32 hash) internal {
        (bytes32 taskId, ITaskEscrow.Terms memory t) = _disputed(address(jury));
        bytes32 caseId = jury.openCase(taskId, t);
        uint256 drawBlock = block.number + 1;
        vm.roll(drawBlock + 1);
        vm.setBlockhash(drawBlock, hash);
        jury.drawPanel(caseId);
        (uint256[] memory ids,) = jury.panelOf(caseId);
        uint256[] memory expected = _referenceDraw(keccak256(abi.encode(caseId, CLIENT, worker, hash)));
        for (uint256 i; i < 5; ++i) assertEq(ids[i], expected[i], "panel = Fisher-Yates from the draw block hash");
    }

    function test_drawPanel_isAFisherYatesDrawFromTheDrawBlockHash() external {
        _drawWithHash(keccak256("block"));
    }

    function testFuzz_drawPanel_isAFisherYatesDrawFromTheDrawBlockHash(bytes32 hash) external {
        vm.assume(hash != bytes32(0));
        _drawWithHash(hash);
    }

    function test_drawPanel_skipsPartiesMovedAgentsAndSecondSeats() external {
        _deploy(0);
        _joinNew(CLIENT);
        _joinNew(worker);
        uint256 moved = _joinNew(_juror(0));
        vm.prank(_juror(0));
        registry.transferFrom(_juror(0), address(0xD00D), moved);
        uint256 burned = _joinNew(_juror(1));
        registry.burn(burned);
        _joinNew(_juror(2));
        _joinNew(_juror(2));
        for (uint256 i = 3; i < 7; ++i) _joinNew(_juror(i));
        (bytes32 taskId, ITaskEscrow.Terms memory t) = _disputed(address(jury));
        bytes32 caseId = jury.openCase(taskId, t);
        vm.roll(block.number + 2);
        jury.drawPanel(caseId);
        (, address[] memory jurors) = jury.panelOf(caseId);
        for (uint256 i; i < jurors.length; ++i) {
            assertTrue(jurors[i] >= _juror(2) && jurors[i] <= _juror(6), "only eligible jurors sit");
        }
    }

    function test_drawPanel_revertsWhenThePoolIsTooSmall() external {
        _deploy(4);
        _joinNew(CLIENT);
        (bytes32 taskId, ITaskEscrow.Terms memory t) = _disputed(address(jury));
        bytes32 caseId = jury.openCase(taskId, t);
        vm.roll(block.number + 2);
        vm.expectRevert(abi.encodeWithSelector(IJuryArbiter.JuryArbiterPoolTooSmall.selector, caseId, 4, 5));
        jury.drawPanel(caseId);
    }

    // ------------------------------------------------------------------ commit and reveal

    function test_commit_isOpenToPanelJurorsUntilTheCommitEnd() external {
        (bytes32 caseId,,, address[] memory panel) = _drawn();
        uint256 end = _case(caseId).commitEnd;
        address outsider = address(0x5757);
        vm.prank(outsider);
        vm.expectRevert(abi.encodeWithSelector(IJuryArbiter.JuryArbiterNotOnPanel.selector, caseId, outsider));
        jury.commit(caseId, keccak256("c"));
        vm.prank(panel[0]);
        vm.expectRevert(abi.encodeWithSelector(IJuryArbiter.JuryArbiterZeroCommitment.selector, caseId, panel[0]));
        jury.commit(caseId, bytes32(0));
        vm.warp(end);
        _commit(caseId, panel[0], 5_000);
        vm.prank(panel[0]);
        vm.expectRevert(abi.encodeWithSelector(IJuryArbiter.JuryArbiterAlreadyCommitted.selector, caseId, panel[0]));
        jury.commit(caseId, keccak256("again"));
        vm.warp(end + 1);
        vm.prank(panel[1]);
        vm.expectRevert(_tooLate(caseId, end, end + 1));
        jury.commit(caseId, keccak256("late"));
        assertEq(_case(caseId).commits, 1, "one commitment");
    }

    function test_commit_revertsBeforeTheDraw() external {
        (bytes32 taskId, ITaskEscrow.Terms memory t) = _disputed(address(jury));
        bytes32 caseId = jury.openCase(taskId, t);
        vm.prank(_juror(0));
        vm.expectRevert(
            _wrongStatus(caseId, IJuryArbiter.CaseStatus.Opened)
        );
        jury.commit(caseId, keccak256("c"));
    }

    function test_reveal_isOpenOnlyInTheRevealWindow() external {
        (bytes32 caseId,,, address[] memory panel) = _drawn();
        IJuryArbiter.Case memory c = _case(caseId);
        _commit(caseId, panel[0], 7_000);
        _commit(caseId, panel[1], 3_000);
        vm.warp(c.commitEnd);
        vm.prank(panel[0]);
        vm.expectRevert(
            _tooEarly(caseId, c.commitEnd, c.commitEnd)
        );
        jury.reveal(caseId, 7_000, _salt(panel[0]));
        vm.warp(uint256(c.commitEnd) + 1);
        _reveal(caseId, panel[0], 7_000);
        vm.warp(c.revealEnd);
        _reveal(caseId, panel[1], 3_000);
        vm.warp(uint256(c.revealEnd) + 1);
        vm.prank(panel[2]);
        vm.expectRevert(
            _tooLate(caseId, c.revealEnd, uint256(c.revealEnd) + 1)
        );
        jury.reveal(caseId, 1, bytes32(0));
        assertEq(_case(caseId).reveals, 2, "two reveals");
    }

    function test_reveal_revertsWithoutCommitmentTwiceOrOutOfRange() external {
        (bytes32 caseId,,, address[] memory panel) = _drawn();
        _commit(caseId, panel[0], 10_001);
        vm.warp(uint256(_case(caseId).commitEnd) + 1);
        vm.prank(panel[1]);
        vm.expectRevert(abi.encodeWithSelector(IJuryArbiter.JuryArbiterNotCommitted.selector, caseId, panel[1]));
        jury.reveal(caseId, 5_000, _salt(panel[1]));
        vm.prank(panel[0]);
        vm.expectRevert(abi.encodeWithSelector(IJuryArbiter.JuryArbiterBpsTooHigh.selector, 10_001, 10_000));
        jury.reveal(caseId, 10_001, _salt(panel[0]));
        (bytes32 other,,, address[] memory p2) = _drawn();
        _commit(other, p2[0], 10_000);
        vm.warp(uint256(_case(other).commitEnd) + 1);
        _reveal(other, p2[0], 10_000);
        vm.prank(p2[0]);
        vm.expectRevert(abi.encodeWithSelector(IJuryArbiter.JuryArbiterAlreadyRevealed.selector, other, p2[0]));
        jury.reveal(other, 10_000, _salt(p2[0]));
    }

    function _mismatch(uint16 bps, bytes32 salt, uint16 otherBps, bytes32 otherSalt) internal {
        vm.assume(bps <= 10_000 && otherBps <= 10_000 && (bps != otherBps || salt != otherSalt));
        (bytes32 caseId,,, address[] memory panel) = _drawn();
        bytes32 c = jury.commitmentOf(caseId, panel[0], bps, salt);
        vm.prank(panel[0]);
        jury.commit(caseId, c);
        // panel[1] copies panel[0]'s commitment: the juror in the hash makes it useless.
        vm.prank(panel[1]);
        jury.commit(caseId, c);
        vm.warp(uint256(_case(caseId).commitEnd) + 1);
        vm.prank(panel[0]);
        vm.expectRevert(abi.encodeWithSelector(IJuryArbiter.JuryArbiterRevealMismatch.selector, caseId, panel[0]));
        jury.reveal(caseId, otherBps, otherSalt);
        vm.prank(panel[1]);
        vm.expectRevert(abi.encodeWithSelector(IJuryArbiter.JuryArbiterRevealMismatch.selector, caseId, panel[1]));
        jury.reveal(caseId, bps, salt);
        assertEq(_case(caseId).reveals, 0, "no mismatched reveal counts");
        vm.prank(panel[0]);
        jury.reveal(caseId, bps, salt);
        assertEq(jury.votesOf(caseId)[0], bps, "the matching reveal counts");
    }

    function test_reveal_rejectsAMismatchOrACopiedCommitment() external {
        _mismatch(6_000, keccak256("salt"), 6_000, keccak256("other salt"));
        _mismatch(6_000, keccak256("salt"), 6_001, keccak256("salt"));
    }

    function testFuzz_reveal_rejectsAMismatchOrACopiedCommitment(
        uint16 bps,
        bytes32 salt,
        uint16 otherBps,
        bytes32 otherSalt
    ) external {
        _mismatch(bps % 10_001, salt, otherBps % 10_001, otherSalt);
    }

    // ------------------------------------------------------------------ execute

    /// @dev Commits `votes` for the panel, reveals those whose bit is set in `mask`, executes when allowed.
    function _rule(uint16[5] memory votes, uint8 mask) internal {
        (bytes32 caseId, bytes32 taskId, ITaskEscrow.Terms memory t, address[] memory panel) = _drawn();
        (uint256[] memory ids,) = jury.panelOf(caseId);
        uint256[] memory missedBefore = new uint256[](5);
        for (uint256 i; i < 5; ++i) missedBefore[i] = jury.missedReveals(ids[i]);
        for (uint256 i; i < 5; ++i) _commit(caseId, panel[i], votes[i]);
        IJuryArbiter.Case memory c = _case(caseId);
        vm.warp(uint256(c.commitEnd) + 1);
        uint256 count;
        for (uint256 i; i < 5; ++i) {
            if (mask & (1 << i) != 0) ++count;
        }
        uint16[] memory revealed = new uint16[](count);
        count = 0;
        for (uint256 i; i < 5; ++i) {
            if (mask & (1 << i) == 0) continue;
            _reveal(caseId, panel[i], votes[i]);
            revealed[count++] = votes[i];
        }
        if (count < 5) vm.warp(uint256(c.revealEnd) + 1);
        if (count < 3) {
            vm.expectRevert(abi.encodeWithSelector(IJuryArbiter.JuryArbiterNoQuorum.selector, caseId, count, 3));
            jury.execute(caseId, t);
            return;
        }
        uint256 before = usdc.balanceOf(worker);
        jury.execute(caseId, t);
        uint16 expected = _refMedian(revealed);
        assertEq(_case(caseId).ruling, expected, "ruling is the median of the revealed votes");
        (ITaskEscrow.Status status,,) = escrow.taskState(CLIENT, taskId);
        assertEq(uint8(status), uint8(ITaskEscrow.Status.Ruled), "escrow ruled");
        assertEq(usdc.balanceOf(worker) - before, _workerPayout(expected), "worker paid the median split");
        for (uint256 i; i < 5; ++i) {
            uint256 missed = mask & (1 << i) == 0 ? 1 : 0;
            assertEq(jury.missedReveals(ids[i]) - missedBefore[i], missed, "missed reveals recorded");
        }
    }

    function test_execute_rulesTheMedianOfAllFiveAtOnce() external {
        _rule([uint16(9_000), 1_000, 4_000, 6_500, 5_000], 31);
    }

    function test_execute_rulesTheMedianOfAQuorumAfterTheRevealWindow() external {
        _rule([uint16(9_000), 1_000, 4_000, 6_500, 5_000], 0x0B);
        _rule([uint16(9_000), 1_000, 4_000, 6_500, 5_000], 0x0F);
    }

    function test_execute_revertsWithoutAQuorum() external {
        _rule([uint16(9_000), 1_000, 4_000, 6_500, 5_000], 0x11);
    }

    function testFuzz_execute_rulesTheMedianOfTheRevealedVotes(uint16[5] memory seeds, uint8 mask) external {
        uint16[5] memory votes;
        for (uint256 i; i < 5; ++i) votes[i] = seeds[i] % 10_001;
        _rule(votes, mask & 31);
    }

    function test_execute_waitsForTheRevealEndUnlessAllRevealed() external {
        (bytes32 caseId,, ITaskEscrow.Terms memory t, address[] memory panel) = _drawn();
        IJuryArbiter.Case memory c = _case(caseId);
        for (uint256 i; i < 4; ++i) _commit(caseId, panel[i], uint16(1_000 * i));
        vm.warp(uint256(c.commitEnd) + 1);
        for (uint256 i; i < 4; ++i) _reveal(caseId, panel[i], uint16(1_000 * i));
        vm.warp(c.revealEnd);
        vm.expectRevert(
            _tooEarly(caseId, c.revealEnd, c.revealEnd)
        );
        jury.execute(caseId, t);
        vm.warp(uint256(c.revealEnd) + 1);
        jury.execute(caseId, t);
        assertEq(_case(caseId).ruling, 1_500, "even count: mean of the two middle votes");
        vm.expectRevert(
            _wrongStatus(caseId, IJuryArbiter.CaseStatus.Ruled)
        );
        jury.execute(caseId, t);
    }

    function test_execute_revertsAfterTheRulingDeadlineOrWithOtherTerms() external {
        (bytes32 caseId, bytes32 taskId, ITaskEscrow.Terms memory t, address[] memory panel) = _drawn();
        IJuryArbiter.Case memory c = _case(caseId);
        for (uint256 i; i < 3; ++i) _commit(caseId, panel[i], 2_000);
        vm.warp(uint256(c.commitEnd) + 1);
        for (uint256 i; i < 3; ++i) _reveal(caseId, panel[i], 2_000);
        vm.warp(uint256(c.rulingEnd) + 1);
        vm.expectRevert(
            _tooLate(caseId, c.rulingEnd, uint256(c.rulingEnd) + 1)
        );
        jury.execute(caseId, t);
        vm.warp(c.rulingEnd);
        t.feeBps += 1;
        vm.expectRevert(abi.encodeWithSelector(IJuryArbiter.JuryArbiterTermsMismatch.selector, taskId));
        jury.execute(caseId, t);
        t.feeBps -= 1;
        jury.execute(caseId, t);
        assertEq(_case(caseId).ruling, 2_000, "ruled at the last second of the ruling window");
    }

    // ------------------------------------------------------------------ lapse

    function test_lapse_undrawnCaseAfterTheCommitWindow() external {
        (bytes32 taskId, ITaskEscrow.Terms memory t) = _disputed(address(jury));
        bytes32 caseId = jury.openCase(taskId, t);
        uint256 end = _case(caseId).commitEnd;
        vm.warp(end);
        vm.expectRevert(_tooEarly(caseId, end, end));
        jury.lapse(caseId);
        vm.warp(end + 1);
        jury.lapse(caseId);
        assertEq(uint8(_case(caseId).status), uint8(IJuryArbiter.CaseStatus.Lapsed), "lapsed");
        vm.expectRevert(
            _wrongStatus(caseId, IJuryArbiter.CaseStatus.Lapsed)
        );
        jury.lapse(caseId);
    }

    function test_lapse_recordsNoShowsAndLeavesTheFallbackToTheEscrow() external {
        (bytes32 caseId, bytes32 taskId, ITaskEscrow.Terms memory t, address[] memory panel) = _drawn();
        IJuryArbiter.Case memory c = _case(caseId);
        _commit(caseId, panel[0], 8_000);
        _commit(caseId, panel[1], 8_000);
        vm.warp(uint256(c.commitEnd) + 1);
        _reveal(caseId, panel[0], 8_000);
        vm.warp(c.revealEnd);
        vm.expectRevert(_tooEarly(caseId, c.revealEnd, c.revealEnd));
        jury.lapse(caseId);
        vm.warp(uint256(c.revealEnd) + 1);
        jury.lapse(caseId);
        (uint256[] memory ids,) = jury.panelOf(caseId);
        assertEq(jury.missedReveals(ids[0]), 0, "revealed juror not counted");
        for (uint256 i = 1; i < 5; ++i) assertEq(jury.missedReveals(ids[i]), 1, "no-show counted");
        vm.warp(uint256(c.rulingEnd) + 1);
        escrow.settleFallback(taskId, t);
        assertEq(usdc.balanceOf(worker), _workerPayout(5_000), "fallback split");
    }

    function test_lapse_withAQuorumOnlyAfterTheRulingDeadline() external {
        (bytes32 caseId,,, address[] memory panel) = _drawn();
        IJuryArbiter.Case memory c = _case(caseId);
        for (uint256 i; i < 3; ++i) _commit(caseId, panel[i], 4_000);
        vm.warp(uint256(c.commitEnd) + 1);
        for (uint256 i; i < 3; ++i) _reveal(caseId, panel[i], 4_000);
        vm.warp(c.rulingEnd);
        vm.expectRevert(_tooEarly(caseId, c.rulingEnd, c.rulingEnd));
        jury.lapse(caseId);
        vm.warp(uint256(c.rulingEnd) + 1);
        jury.lapse(caseId);
        assertEq(uint8(_case(caseId).status), uint8(IJuryArbiter.CaseStatus.Lapsed), "lapsed");
    }

    // ------------------------------------------------------------------ median

    function testFuzz_median_matchesTheReference(uint16[] memory seeds) external pure {
        vm.assume(seeds.length > 0 && seeds.length <= 32);
        uint16[] memory v = new uint16[](seeds.length);
        for (uint256 i; i < v.length; ++i) v[i] = seeds[i] % 10_001;
        uint16 expected = _refMedian(v);
        assertEq(MedianProbe.compute(v), expected, "median");
    }

    function test_median_matchesTheReference() external pure {
        uint16[] memory v = new uint16[](6);
        (v[0], v[1], v[2], v[3], v[4], v[5]) = (10_000, 0, 7, 7, 9_999, 3);
        assertEq(MedianProbe.compute(v), 7, "even count");
        assertEq(_refMedian(v), 7, "reference");
    }
}

import {Median} from "../libraries/Median.sol";

/// @dev The library under test, reachable from pure test functions.
library MedianProbe {
    function compute(uint16[] memory v) internal pure returns (uint16) {
        return Median.compute(v);
    }
}
