// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ITaskEscrow} from "../interfaces/ITaskEscrow.sol";
import {TaskWord, TaskWordLibrary} from "../types/TaskWord.sol";
import {TestBase} from "./utils/Vm.sol";

/// @notice Every {TaskWord} field round-trips through its setter and getter, whatever the order of
/// the setters and whatever the other fields hold.
contract TaskWordTest is TestBase {
    struct Fields {
        ITaskEscrow.Status status;
        bool clientCredit;
        bool workerCredit;
        bool feePending;
        uint40 time;
        uint256 root;
    }

    function test_constants_matchTheirOffsets() external pure {
        assertEq(TaskWordLibrary.CLIENT_CREDIT, 1 << TaskWordLibrary.CLIENT_CREDIT_OFFSET, "client credit bit");
        assertEq(TaskWordLibrary.WORKER_CREDIT, 1 << TaskWordLibrary.WORKER_CREDIT_OFFSET, "worker credit bit");
        assertEq(TaskWordLibrary.FEE_PENDING, 1 << TaskWordLibrary.FEE_PENDING_OFFSET, "fee pending bit");
        assertEq(TaskWordLibrary.MASK_40_BITS, type(uint40).max, "time mask");
        assertEq(TaskWordLibrary.STATUS_MASK + 1, 1 << TaskWordLibrary.CLIENT_CREDIT_OFFSET, "status below the flags");
        assertEq(
            TaskWordLibrary.TERMS_ROOT_MASK, type(uint256).max << TaskWordLibrary.TERMS_ROOT_OFFSET, "terms root mask"
        );
        assertEq(TaskWordLibrary.TIME_OFFSET + 40, TaskWordLibrary.TERMS_ROOT_OFFSET, "time ends at the root");
        assertEq(
            TaskWordLibrary.KEEP_MASK,
            TaskWordLibrary.TERMS_ROOT_MASK | TaskWordLibrary.CLIENT_CREDIT | TaskWordLibrary.WORKER_CREDIT,
            "keep mask"
        );
    }

    function _fields(uint8 statusSeed, uint8 flags, uint40 time, uint256 rootSeed)
        internal
        pure
        returns (Fields memory f)
    {
        f.status = ITaskEscrow.Status(statusSeed % 11);
        f.clientCredit = flags & 1 != 0;
        f.workerCredit = flags & 2 != 0;
        f.feePending = flags & 4 != 0;
        f.time = time;
        f.root = rootSeed & TaskWordLibrary.TERMS_ROOT_MASK;
    }

    function _check(TaskWord w, Fields memory f) internal pure {
        assertTrue(w.status() == f.status, "status");
        assertTrue(w.clientCredit() == f.clientCredit, "clientCredit");
        assertTrue(w.workerCredit() == f.workerCredit, "workerCredit");
        assertTrue(w.feePending() == f.feePending, "feePending");
        assertEq(w.time(), f.time, "time");
        assertEq(w.termsRoot(), f.root, "termsRoot");
        assertEq(TaskWord.unwrap(w) & 0x80, 0, "bit 7 stays zero");
    }

    function _lowFirst(TaskWord w, Fields memory f) internal pure returns (TaskWord) {
        return w.setStatus(f.status).setClientCredit(f.clientCredit).setWorkerCredit(f.workerCredit).setFeePending(
            f.feePending
        ).setTime(f.time).setTermsRoot(f.root);
    }

    function _highFirst(TaskWord w, Fields memory f) internal pure returns (TaskWord) {
        return w.setTermsRoot(f.root).setTime(f.time).setFeePending(f.feePending).setWorkerCredit(f.workerCredit)
            .setClientCredit(f.clientCredit).setStatus(f.status);
    }

    function testFuzz_packUnpack_bothOrders(uint8 statusSeed, uint8 flags, uint40 time, uint256 rootSeed) public pure {
        Fields memory f = _fields(statusSeed, flags, time, rootSeed);
        _check(_lowFirst(TaskWord.wrap(0), f), f);
        _check(_highFirst(TaskWord.wrap(0), f), f);
    }

    /// @dev Setters overwrite: starting from any other valid word gives the same word.
    function testFuzz_settersOverwriteAnyPreviousValue(
        uint8 statusSeed,
        uint8 flags,
        uint40 time,
        uint256 rootSeed,
        uint8 oldStatusSeed,
        uint8 oldFlags,
        uint40 oldTime,
        uint256 oldRootSeed
    ) public pure {
        Fields memory f = _fields(statusSeed, flags, time, rootSeed);
        TaskWord old = _lowFirst(TaskWord.wrap(0), _fields(oldStatusSeed, oldFlags, oldTime, oldRootSeed));
        TaskWord w = _highFirst(old, f);
        _check(w, f);
        assertEq(TaskWord.unwrap(w), TaskWord.unwrap(_lowFirst(TaskWord.wrap(0), f)), "same word from any start");
    }

    /// @dev Wider inputs are cut to their field: a timestamp keeps its low 40 bits, a root its top 208.
    function testFuzz_widerInputsAreCutToTheirField(uint256 at, uint256 root) public pure {
        TaskWord w = TaskWord.wrap(0).setTime(at).setTermsRoot(root);
        assertEq(w.time(), uint40(at), "time cut to 40 bits");
        assertEq(w.termsRoot(), root & TaskWordLibrary.TERMS_ROOT_MASK, "root cut to its top 208 bits");
        assertTrue(w.status() == ITaskEscrow.Status.None && !w.clientCredit() && !w.feePending(), "low bits zero");
    }

    /// @dev A transition keeps the root and both credit flags, clears feePending, sets status and time.
    function testFuzz_next_keepsRootAndCreditFlags(
        uint8 statusSeed,
        uint8 flags,
        uint40 time,
        uint256 rootSeed,
        uint8 nextStatusSeed,
        uint40 nextTime
    ) public pure {
        Fields memory f = _fields(statusSeed, flags, time, rootSeed);
        TaskWord w = _lowFirst(TaskWord.wrap(0), f).next(ITaskEscrow.Status(nextStatusSeed % 11), nextTime);
        f.status = ITaskEscrow.Status(nextStatusSeed % 11);
        f.time = nextTime;
        f.feePending = false;
        _check(w, f);
    }
}
