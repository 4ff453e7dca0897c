// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ITaskEscrow} from "../interfaces/ITaskEscrow.sol";

/// @title EscrowLog
/// @notice Emits TaskFunded. Its 13 data words are more than the legacy code generator can keep on
/// the stack, so the event is encoded by hand, in the event's field order, from values the caller
/// has already validated (`terms` was built field by field from the bid and the config).
library EscrowLog {
    function emitFunded(ITaskEscrow.Bid calldata bid, ITaskEscrow.Terms memory t) internal {
        bytes32 topic0 = ITaskEscrow.TaskFunded.selector;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, mload(add(t, 0x40))) // token
            mstore(add(m, 0x20), mload(add(t, 0x60))) // amount
            mstore(add(m, 0x40), mload(add(t, 0x80))) // arbiter
            mstore(add(m, 0x60), calldataload(add(bid, 0x20))) // specHash
            mstore(add(m, 0x80), mload(add(t, 0xa0))) // deadline
            mstore(add(m, 0xa0), mload(add(t, 0xc0))) // reviewPeriod
            mstore(add(m, 0xc0), mload(add(t, 0xe0))) // feeBps
            mstore(add(m, 0xe0), mload(add(t, 0x180))) // referrer
            mstore(add(m, 0x100), calldataload(add(bid, 0x140))) // nonce
            mstore(add(m, 0x120), mload(add(t, 0x100))) // referrerShareBps
            mstore(add(m, 0x140), mload(add(t, 0x120))) // fallbackWorkerBps
            mstore(add(m, 0x160), mload(add(t, 0x140))) // rulingWindow
            mstore(add(m, 0x180), mload(add(t, 0x160))) // feeRecipient
            log4(m, 0x1a0, topic0, calldataload(bid), mload(t), mload(add(t, 0x20)))
        }
    }
}
