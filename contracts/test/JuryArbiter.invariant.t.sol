// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IJuryArbiter} from "../interfaces/IJuryArbiter.sol";
import {ITaskEscrow} from "../interfaces/ITaskEscrow.sol";
import {JurySetup} from "./utils/JurySetup.sol";
import {TestBase} from "./utils/Vm.sol";

/// @notice Drives random sequences of jury steps (open, draw, commit, reveal honest or tampered,
/// execute, lapse, the escrow's fallback, time passing) against a real TaskEscrow. Every call is
/// attempted whatever the state; the ghost model raises a flag when the jury disagrees with it.
contract JuryHandler is JurySetup {
    struct Ghost {
        bytes32 taskId;
        ITaskEscrow.Terms terms;
        uint16[] revealed;
        uint256 rulings;
        mapping(address juror => uint16 vote) intended;
        mapping(address juror => bool) committed;
    }

    bytes32[] public caseIds;
    mapping(bytes32 caseId => Ghost) internal _ghost;

    uint256 public rulingsTotal;
    uint256 public lapsesTotal;
    bool public ruledTwice;
    bool public ruledLate;
    bool public medianWrong;
    bool public payoutWrong;
    bool public mismatchCounted;
    bool public unrevealedCounted;

    constructor() {
        _deploy(7);
    }

    function juryAddress() external view returns (address) {
        return address(jury);
    }

    function caseCount() external view returns (uint256) {
        return caseIds.length;
    }

    function ghostOf(bytes32 caseId) external view returns (uint16[] memory revealed, uint256 rulings) {
        return (_ghost[caseId].revealed, _ghost[caseId].rulings);
    }

    // ------------------------------------------------------------------ actions

    function newCase() external {
        if (caseIds.length >= 2) return;
        (bytes32 taskId, ITaskEscrow.Terms memory t) = _disputed(address(jury));
        bytes32 caseId = jury.openCase(taskId, t);
        caseIds.push(caseId);
        Ghost storage g = _ghost[caseId];
        g.taskId = taskId;
        g.terms = t;
    }

    function draw(uint256 caseSeed, uint8 blocks) external {
        if (caseIds.length == 0) return;
        vm.roll(block.number + 1 + blocks % 3);
        try jury.drawPanel(caseIds[caseSeed % caseIds.length]) {} catch {}
    }

    /// @dev Commits for panel seats 0-2 and every other seat in `seatMask` (5 bits), votes derived
    /// from `voteSeed` (always three seats, so the campaign reaches quorums often).
    function commit(uint256 caseSeed, uint8 seatMask, uint256 voteSeed) external {
        for (uint256 seat; seat < 5; ++seat) {
            if ((seatMask | 7) & (1 << seat) == 0) continue;
            (bytes32 caseId, address juror) = _pick(caseSeed, seat);
            if (juror == address(0)) return;
            uint16 vote = uint16(uint256(keccak256(abi.encode(voteSeed, seat))) % 10_001);
            bytes32 c = jury.commitmentOf(caseId, juror, vote, _salt(juror));
            vm.prank(juror);
            try jury.commit(caseId, c) {
                _ghost[caseId].intended[juror] = vote;
                _ghost[caseId].committed[juror] = true;
            } catch {}
        }
    }

    /// @dev Reveals for seats 0-2 and every other seat in `seatMask`; per seat, `tamperSeed` picks honest
    /// (mostly), another vote, or another salt. A seat that never committed tries to reveal too.
    function reveal(uint256 caseSeed, uint8 seatMask, uint256 tamperSeed) external {
        for (uint256 seat; seat < 5; ++seat) {
            if ((seatMask | 7) & (1 << seat) == 0) continue;
            (bytes32 caseId, address juror) = _pick(caseSeed, seat);
            if (juror == address(0)) return;
            _tryReveal(caseId, juror, uint8(tamperSeed >> (seat * 8)) % 6);
        }
    }

    /// @dev mode 1: another vote; 2: another salt; else honest.
    function _tryReveal(bytes32 caseId, address juror, uint8 mode) internal {
        Ghost storage g = _ghost[caseId];
        uint16 vote = g.intended[juror];
        bytes32 salt = _salt(juror);
        if (mode == 1) vote = vote == 10_000 ? 0 : vote + 1;
        if (mode == 2) salt = keccak256(abi.encode(salt));
        vm.prank(juror);
        try jury.reveal(caseId, vote, salt) {
            if (mode == 1 || mode == 2) mismatchCounted = true;
            if (!g.committed[juror]) unrevealedCounted = true;
            g.revealed.push(vote);
        } catch {}
        if (jury.caseOf(caseId).reveals != g.revealed.length) unrevealedCounted = true;
    }

    /// @dev Moves a case on: to the second after its commit window, reveal window or ruling window,
    /// whichever comes next.
    function advance(uint256 caseSeed) external {
        if (caseIds.length == 0) return;
        IJuryArbiter.Case memory c = jury.caseOf(caseIds[caseSeed % caseIds.length]);
        if (block.timestamp <= c.commitEnd) vm.warp(uint256(c.commitEnd) + 1);
        else if (block.timestamp <= c.revealEnd) vm.warp(uint256(c.revealEnd) + 1);
        else if (block.timestamp <= c.rulingEnd) vm.warp(uint256(c.rulingEnd) + 1);
    }

    /// @dev Jumps to one second before, at or after a window edge of a case (only forward).
    function warpToEdge(uint256 caseSeed, uint8 edge, uint8 offset) external {
        if (caseIds.length == 0) return;
        IJuryArbiter.Case memory c = jury.caseOf(caseIds[caseSeed % caseIds.length]);
        uint256 e = edge % 3 == 0 ? c.commitEnd : edge % 3 == 1 ? c.revealEnd : c.rulingEnd;
        uint256 target = e + (offset % 3) - 1;
        if (target > block.timestamp) vm.warp(target);
    }

    function execute(uint256 caseSeed) external {
        if (caseIds.length == 0) return;
        bytes32 caseId = caseIds[caseSeed % caseIds.length];
        Ghost storage g = _ghost[caseId];
        uint256 before = usdc.balanceOf(worker);
        try jury.execute(caseId, g.terms) {
            ++rulingsTotal;
            if (++g.rulings > 1) ruledTwice = true;
            if (block.timestamp > jury.caseOf(caseId).rulingEnd) ruledLate = true;
            uint16 expected = _refMedian(g.revealed);
            if (jury.caseOf(caseId).ruling != expected) medianWrong = true;
            if (usdc.balanceOf(worker) - before != _workerPayout(expected)) payoutWrong = true;
        } catch {}
    }

    function lapse(uint256 caseSeed) external {
        if (caseIds.length == 0) return;
        try jury.lapse(caseIds[caseSeed % caseIds.length]) {
            ++lapsesTotal;
        } catch {}
    }

    function settleFallback(uint256 caseSeed) external {
        if (caseIds.length == 0) return;
        Ghost storage g = _ghost[caseIds[caseSeed % caseIds.length]];
        try escrow.settleFallback(g.taskId, g.terms) {} catch {}
    }

    function warp(uint256 secondsSeed) external {
        vm.warp(block.timestamp + 1 + secondsSeed % 20 minutes);
    }

    /// @dev A case and a panel seat's juror (zero before the draw).
    function _pick(uint256 caseSeed, uint256 seat) internal view returns (bytes32 caseId, address juror) {
        if (caseIds.length == 0) return (bytes32(0), address(0));
        caseId = caseIds[caseSeed % caseIds.length];
        (, address[] memory panel) = jury.panelOf(caseId);
        if (panel.length == 0) return (caseId, address(0));
        juror = panel[seat % panel.length];
    }
}

/// @notice Invariant campaign over JuryHandler: a ruling happens at most once, only from revealed
/// votes, equals their median, never after the escrow's ruling window; a tampered or absent reveal
/// never counts.
contract JuryArbiterInvariantTest is TestBase {
    JuryHandler internal handler;

    function setUp() public {
        handler = new JuryHandler();
    }

    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @dev Only the actions: the handler's public views would dilute the campaign.
    function targetSelectors() public view returns (FuzzSelector[] memory targets) {
        bytes4[] memory s = new bytes4[](10);
        s[0] = JuryHandler.newCase.selector;
        s[1] = JuryHandler.draw.selector;
        s[2] = JuryHandler.commit.selector;
        s[3] = JuryHandler.reveal.selector;
        s[4] = JuryHandler.warpToEdge.selector;
        s[5] = JuryHandler.execute.selector;
        s[6] = JuryHandler.lapse.selector;
        s[7] = JuryHandler.settleFallback.selector;
        s[8] = JuryHandler.warp.selector;
        s[9] = JuryHandler.advance.selector;
        targets = new FuzzSelector[](1);
        targets[0] = FuzzSelector(address(handler), s);
    }

    /// @dev The handler can reach every step (guards the campaign against silently doing nothing).
    function test_handler_reachesARulingAndALapse() external {
        handler.newCase();
        handler.newCase();
        handler.draw(0, 1);
        handler.draw(1, 1);
        handler.commit(0, 31, 7);
        handler.commit(1, 3, 7);
        handler.warpToEdge(0, 0, 2);
        handler.reveal(0, 31, 0);
        handler.reveal(1, 3, 0);
        handler.execute(0);
        assertEq(handler.rulingsTotal(), 1, "ruled");
        handler.warpToEdge(1, 2, 2);
        handler.lapse(1);
        assertEq(handler.lapsesTotal(), 1, "lapsed");
    }

    function invariant_rulesAtMostOnce() external view {
        assertTrue(!handler.ruledTwice(), "a case ruled twice");
        for (uint256 i; i < handler.caseCount(); ++i) {
            (, uint256 rulings) = handler.ghostOf(handler.caseIds(i));
            assertTrue(rulings <= 1, "more than one ruling");
        }
    }

    function invariant_rulingIsTheMedianOfRevealedVotes() external view {
        assertTrue(!handler.medianWrong(), "ruling differs from the median of the revealed votes");
        assertTrue(!handler.payoutWrong(), "escrow paid another split than the ruling");
        IJuryArbiterView jury = IJuryArbiterView(address(handler.juryAddress()));
        for (uint256 i; i < handler.caseCount(); ++i) {
            bytes32 caseId = handler.caseIds(i);
            (uint16[] memory ghost,) = handler.ghostOf(caseId);
            uint16[] memory votes = jury.votesOf(caseId);
            assertEq(votes.length, ghost.length, "recorded votes = revealed votes");
            for (uint256 k; k < votes.length; ++k) assertEq(votes[k], ghost[k], "recorded vote = revealed vote");
        }
    }

    function invariant_neverRulesAfterTheRulingWindow() external view {
        assertTrue(!handler.ruledLate(), "ruled after the escrow's ruling window");
    }

    function invariant_tamperedOrAbsentRevealsNeverCount() external view {
        assertTrue(!handler.mismatchCounted(), "a mismatched reveal counted");
        assertTrue(!handler.unrevealedCounted(), "an uncommitted or unrevealed vote counted");
    }
}

/// @dev The two views the invariant reads.
interface IJuryArbiterView {
    function votesOf(bytes32 caseId) external view returns (uint16[] memory);
    function caseOf(bytes32 caseId) external view returns (IJuryArbiter.Case memory);
}
