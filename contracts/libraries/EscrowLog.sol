// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ITaskEscrow} from "../interfaces/ITaskEscrow.sol";
import {ConfigWord, ConfigWordLibrary} from "../types/ConfigWord.sol";

/// @title EscrowLog
/// @notice Emits TaskFunded. Its eight data words are more than the legacy code generator can keep on
/// the stack, so the event is encoded by hand, in the event's field order, straight from the bid's
/// calldata and the {ConfigWord}; the caller has validated the bid.
/// @dev The `settings` word is the config word with the (always zero at funding) paused byte cut out
/// and the bid's claimedSuccessBps on top: [0, 80) feeBps, referrerShareBps, fallbackWorkerBps and
/// rulingWindow as in {ConfigWord}, [80, 240) feeRecipient, [240, 256) claimedSuccessBps.
library EscrowLog {
    uint8 internal constant SETTINGS_FEE_RECIPIENT_OFFSET = ConfigWordLibrary.PAUSED_OFFSET;
    uint8 internal constant SETTINGS_CLAIM_OFFSET = 240;

    function emitFunded(ITaskEscrow.Bid calldata bid, ConfigWord config, address referrer) internal {
        bytes32 topic0 = ITaskEscrow.TaskFunded.selector;
        uint256 raw = ConfigWord.unwrap(config);
        // feeRecipient is the config word's highest field, so the shift alone isolates it.
        uint256 settings = (raw & ConfigWordLibrary.BELOW_PAUSED_MASK)
            | ((raw >> ConfigWordLibrary.FEE_RECIPIENT_OFFSET) << SETTINGS_FEE_RECIPIENT_OFFSET);
        assembly ("memory-safe") {
            let m := mload(0x40)
            calldatacopy(m, add(bid, 0x80), 0x60) // token, amount, arbiter
            mstore(add(m, 0x60), calldataload(add(bid, 0x20))) // specHash
            calldatacopy(add(m, 0x80), add(bid, 0xe0), 0x40) // deadline, reviewPeriod
            mstore(add(m, 0xc0), referrer) // referrer
            // settings, with the claim (Bid word 11, at most 10,000: TaskEscrow._fund checked it, so
            // the word is clean) on top.
            mstore(add(m, 0xe0), or(settings, shl(SETTINGS_CLAIM_OFFSET, calldataload(add(bid, 0x160)))))
            // topics: taskId, client, worker (Bid words 0, 2, 3)
            log4(m, 0x100, topic0, calldataload(bid), calldataload(add(bid, 0x40)), calldataload(add(bid, 0x60)))
        }
    }
}
