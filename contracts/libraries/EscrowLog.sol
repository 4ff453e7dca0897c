// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ITaskEscrow} from "../interfaces/ITaskEscrow.sol";

/// @title EscrowLog
/// @notice Emits TaskFunded. Its eight data words are more than the legacy code generator can keep on
/// the stack, so the event is encoded by hand, in the event's field order, straight from the bid's
/// calldata and the packed config word (layout in {ConfigWord}); the caller has validated the bid.
library EscrowLog {
    function emitFunded(ITaskEscrow.Bid calldata bid, uint256 config, address referrer) internal {
        bytes32 topic0 = ITaskEscrow.TaskFunded.selector;
        assembly ("memory-safe") {
            let m := mload(0x40)
            calldatacopy(m, add(bid, 0x80), 0x60) // token, amount, arbiter
            mstore(add(m, 0x60), calldataload(add(bid, 0x20))) // specHash
            calldatacopy(add(m, 0x80), add(bid, 0xe0), 0x40) // deadline, reviewPeriod
            mstore(add(m, 0xc0), referrer) // referrer
            mstore(add(m, 0xe0), config) // settings: the config word (funding requires paused == 0)
            // topics: taskId, client, worker (Bid words 0, 2, 3)
            log4(m, 0x100, topic0, calldataload(bid), calldataload(add(bid, 0x40)), calldataload(add(bid, 0x60)))
        }
    }
}
