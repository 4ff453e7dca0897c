// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IEscrowConfig} from "../../interfaces/IEscrowConfig.sol";
import {ITaskEscrow} from "../../interfaces/ITaskEscrow.sol";
import {MockUSDC} from "../../mocks/MockUSDC.sol";
import {TaskEscrow} from "../../TaskEscrow.sol";
import {Vm} from "./Vm.sol";

/// @notice Builds, signs and funds bids for Solidity tests; shared by fuzz tests and the handler.
library EscrowSetup {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    function bid(
        bytes32 taskId,
        address client,
        address worker,
        address token,
        uint256 amount,
        address arbiter,
        uint256 nonce
    ) internal view returns (ITaskEscrow.Bid memory b) {
        b.taskId = taskId;
        b.specHash = keccak256(abi.encode("spec", taskId));
        b.client = client;
        b.worker = worker;
        b.token = token;
        b.amount = amount;
        b.arbiter = arbiter;
        b.deadline = uint64(block.timestamp + 1 hours);
        b.reviewPeriod = 10 minutes;
        b.expiry = uint64(block.timestamp + 5 minutes);
        b.nonce = nonce;
        b.claimedSuccessBps = 8_000;
    }

    function sign(TaskEscrow escrow, ITaskEscrow.Bid memory b, uint256 workerKey) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(workerKey, escrow.bidDigest(b));
        return abi.encodePacked(r, s, v);
    }

    /// @notice The terms the escrow commits for `b` under its current config.
    function terms(TaskEscrow escrow, ITaskEscrow.Bid memory b, address referrer)
        internal
        view
        returns (ITaskEscrow.Terms memory t)
    {
        IEscrowConfig.Config memory c = escrow.config();
        t.client = b.client;
        t.worker = b.worker;
        t.token = b.token;
        t.amount = b.amount;
        t.arbiter = b.arbiter;
        t.deadline = b.deadline;
        t.reviewPeriod = b.reviewPeriod;
        t.feeBps = c.feeBps;
        t.referrerShareBps = c.referrerShareBps;
        t.fallbackWorkerBps = c.fallbackWorkerBps;
        t.rulingWindow = c.rulingWindow;
        t.feeRecipient = c.feeRecipient;
        t.referrer = referrer;
    }

    /// @notice The config bound a client passes when it accepts the escrow's current config exactly.
    function bound(TaskEscrow escrow) internal view returns (uint64) {
        IEscrowConfig.Config memory c = escrow.config();
        return packBound(c.feeBps, c.fallbackWorkerBps, c.rulingWindow);
    }

    /// @notice The `bound` word of fund: maxFeeBps | fallbackWorkerBps << 16 | maxRulingWindow << 32.
    function packBound(uint16 maxFeeBps, uint16 fallbackWorkerBps, uint32 maxRulingWindow)
        internal
        pure
        returns (uint64)
    {
        return uint64(maxFeeBps) | (uint64(fallbackWorkerBps) << 16) | (uint64(maxRulingWindow) << 32);
    }

    /// @notice The hot half of `t`, for the compact entry points.
    function hot(ITaskEscrow.Terms memory t) internal pure returns (ITaskEscrow.HotTerms memory h) {
        h.client = t.client;
        h.worker = t.worker;
        h.token = t.token;
        h.amount = t.amount;
        h.deadline = t.deadline;
        h.reviewPeriod = t.reviewPeriod;
        h.feeBps = t.feeBps;
    }

    /// @notice The cold hash of `t`, written with abi.encode as an independent check of EscrowHash.
    function coldHash(ITaskEscrow.Terms memory t) internal pure returns (bytes32) {
        return keccak256(
            abi.encode(t.arbiter, t.referrerShareBps, t.fallbackWorkerBps, t.rulingWindow, t.feeRecipient, t.referrer)
        );
    }

    function mintAndApprove(MockUSDC token, address who, address spender, uint256 amount) internal {
        token.mint(who, amount);
        vm.prank(who);
        token.approve(spender, type(uint256).max);
    }
}
