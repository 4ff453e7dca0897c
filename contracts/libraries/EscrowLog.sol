// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ITaskEscrow} from "../interfaces/ITaskEscrow.sol";

/// @title EscrowLog
/// @notice Emits TaskFunded. Its eight data words are more than the legacy code generator can keep on
/// the stack, so the event is encoded by hand, in the event's field order, straight from the bid's
/// calldata and the packed config word (layout in {ConfigWord}); the caller has validated the bid.
/// @dev The `settings` word is the config slot with the (always zero at funding) paused byte cut out
/// and the bid's claimedSuccessBps on top: [0, 80) feeBps, referrerShareBps, fallbackWorkerBps and
/// rulingWindow as in {ConfigWord}, [80, 240) feeRecipient, [240, 256) claimedSuccessBps.
library EscrowLog {
    function emitFunded(ITaskEscrow.Bid calldata bid, uint256 config, address referrer) internal {
        bytes32 topic0 = ITaskEscrow.TaskFunded.selector;
        assembly ("memory-safe") {
            let m := mload(0x40)
            calldatacopy(m, add(bid, 0x80), 0x60) // token, amount, arbiter
            mstore(add(m, 0x60), calldataload(add(bid, 0x20))) // specHash
            calldatacopy(add(m, 0x80), add(bid, 0xe0), 0x40) // deadline, reviewPeriod
            mstore(add(m, 0xc0), referrer) // referrer
            // settings: config bits [0, 80), feeRecipient (config [88, 248)) at 80, the claim (Bid word 11,
            // at most 10,000: TaskEscrow._fund checked it, so the word is clean) at 240.
            mstore(
                add(m, 0xe0),
                or(
                    or(and(config, 0xffffffffffffffffffff), shl(80, shr(88, config))),
                    shl(240, calldataload(add(bid, 0x160)))
                )
            )
            // topics: taskId, client, worker (Bid words 0, 2, 3)
            log4(m, 0x100, topic0, calldataload(bid), calldataload(add(bid, 0x40)), calldataload(add(bid, 0x60)))
        }
    }
}
