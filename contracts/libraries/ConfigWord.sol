// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ConfigWord
/// @notice Reads fields of the packed {ITaskEscrow.Config} storage slot without unpacking it into
/// memory. Solidity packs the struct from the low bits up: [0, 16) feeBps, [16, 32)
/// referrerShareBps, [32, 48) fallbackWorkerBps, [48, 80) rulingWindow, [80, 88) paused,
/// [88, 248) feeRecipient. Tests pin it: fund.test.ts compares the terms in TaskFunded with the
/// settings, and the invariant handler settles with terms rebuilt from `config()` after fee changes.
library ConfigWord {
    function paused(uint256 config) internal pure returns (bool) {
        return (config >> 80) & 0xff != 0;
    }
}
