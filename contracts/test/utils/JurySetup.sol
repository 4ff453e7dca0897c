// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IJuryArbiter} from "../../interfaces/IJuryArbiter.sol";
import {ITaskEscrow} from "../../interfaces/ITaskEscrow.sol";
import {JuryArbiter} from "../../JuryArbiter.sol";
import {MockAgentRegistry} from "../../mocks/MockAgentRegistry.sol";
import {MockUSDC} from "../../mocks/MockUSDC.sol";
import {TaskEscrow} from "../../TaskEscrow.sol";
import {EscrowSetup} from "./EscrowSetup.sol";
import {TestBase} from "./Vm.sol";

/// @notice A TaskEscrow (1% fee, 3-day ruling window), a registry, a JuryArbiter (panel 5, quorum 3,
/// commit and reveal 1 hour each) and a pool of jurors 0x1001, 0x1002, ... that joined with agents 1, 2, ...
abstract contract JurySetup is TestBase {
    uint256 internal constant WORKER_KEY = 0xA11CE;
    address internal constant OWNER = address(0x0F);
    address internal constant CLIENT = address(0xC1);
    address internal constant FEES = address(0xFE);
    uint256 internal constant AMOUNT = 1_000_000;
    uint32 internal constant COMMIT = 1 hours;
    uint32 internal constant REVEAL = 1 hours;
    uint32 internal constant RULING = 3 days;

    TaskEscrow internal escrow;
    MockUSDC internal usdc;
    MockAgentRegistry internal registry;
    JuryArbiter internal jury;
    address internal worker;
    uint256 internal taskSeq;

    function _deploy(uint256 poolSize) internal {
        vm.warp(1_800_000_000);
        usdc = new MockUSDC();
        escrow = new TaskEscrow(OWNER, FEES, 100);
        registry = new MockAgentRegistry();
        jury = new JuryArbiter(escrow, address(registry), 5, 3, COMMIT, REVEAL);
        worker = vm.addr(WORKER_KEY);
        EscrowSetup.mintAndApprove(usdc, CLIENT, address(escrow), type(uint128).max);
        for (uint256 i; i < poolSize; ++i) _joinNew(_juror(i));
    }

    function _juror(uint256 i) internal pure returns (address) {
        return address(uint160(0x1001 + i));
    }

    function _joinNew(address who) internal returns (uint256 agentId) {
        agentId = registry.register(who);
        vm.prank(who);
        jury.joinPool(agentId);
    }

    /// @dev Funds, submits and disputes a new task arbitrated by `arbiter`.
    function _disputed(address arbiter) internal returns (bytes32 taskId, ITaskEscrow.Terms memory t) {
        ITaskEscrow.Bid memory b = EscrowSetup.bid(
            keccak256(abi.encode("jury task", ++taskSeq)), CLIENT, worker, address(usdc), AMOUNT, arbiter, taskSeq
        );
        t = EscrowSetup.terms(escrow, b, address(0));
        bytes memory sig = EscrowSetup.sign(escrow, b, WORKER_KEY);
        uint64 bound = EscrowSetup.bound(escrow);
        vm.prank(CLIENT);
        escrow.fund(b, sig, address(0), bound);
        vm.prank(worker);
        escrow.submit(b.taskId, EscrowSetup.hot(t), EscrowSetup.coldHash(t), keccak256("result"));
        vm.prank(CLIENT);
        escrow.dispute(b.taskId, t, keccak256("reason"));
        taskId = b.taskId;
    }

    /// @dev A disputed task with an opened case and a drawn panel; returns the panel's jurors.
    function _drawn()
        internal
        returns (bytes32 caseId, bytes32 taskId, ITaskEscrow.Terms memory t, address[] memory panel)
    {
        (taskId, t) = _disputed(address(jury));
        caseId = jury.openCase(taskId, t);
        vm.roll(block.number + 2);
        jury.drawPanel(caseId);
        (, panel) = jury.panelOf(caseId);
    }

    function _salt(address juror) internal pure returns (bytes32) {
        return keccak256(abi.encode("salt", juror));
    }

    function _commit(bytes32 caseId, address juror, uint16 bps) internal {
        bytes32 c = jury.commitmentOf(caseId, juror, bps, _salt(juror));
        vm.prank(juror);
        jury.commit(caseId, c);
    }

    function _reveal(bytes32 caseId, address juror, uint16 bps) internal {
        vm.prank(juror);
        jury.reveal(caseId, bps, _salt(juror));
    }

    function _case(bytes32 caseId) internal view returns (IJuryArbiter.Case memory) {
        return jury.caseOf(caseId);
    }

    /// @dev Worker payout of a ruling of `bps` on AMOUNT at the 1% fee, computed independently of FeeMath.
    function _workerPayout(uint256 bps) internal pure returns (uint256) {
        uint256 gross = AMOUNT * bps / 10_000;
        return gross - gross / 100;
    }

    /// @dev Reference median: selection sort, then the middle (mean of the two middles, rounded down).
    function _refMedian(uint16[] memory v) internal pure returns (uint16) {
        uint16[] memory s = new uint16[](v.length);
        for (uint256 i; i < v.length; ++i) s[i] = v[i];
        for (uint256 i; i < s.length; ++i) {
            uint256 min = i;
            for (uint256 j = i + 1; j < s.length; ++j) {
                if (s[j] < s[min]) min = j;
            }
            (s[i], s[min]) = (s[min], s[i]);
        }
        uint256 n = s.length;
        return n % 2 == 1 ? s[n / 2] : uint16((uint256(s[n / 2 - 1]) + s[n / 2]) / 2);
    }
}
