// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ConfigWord
/// @notice Reads fields of the packed {ITaskEscrow.Config} storage slot without unpacking it into
/// memory. Solidity packs the struct from the low bits up: [0, 16) feeBps, [16, 32)
/// referrerShareBps, [32, 48) fallbackWorkerBps, [48, 80) rulingWindow, [80, 88) paused,
/// [88, 248) feeRecipient. TaskFunded carries these fields and the bid's claim as `settings` (layout
/// in {EscrowLog}; agents/chain/escrowTerms.ts unpacks it). Tests pin it: fund.test.ts compares the terms in TaskFunded with the settings, and
/// the invariant handler settles with terms rebuilt from `config()` after every owner change.
library ConfigWord {
    function feeBps(uint256 config) internal pure returns (uint16) {
        return uint16(config);
    }

    function referrerShareBps(uint256 config) internal pure returns (uint16) {
        return uint16(config >> 16);
    }

    function fallbackWorkerBps(uint256 config) internal pure returns (uint16) {
        return uint16(config >> 32);
    }

    function rulingWindow(uint256 config) internal pure returns (uint32) {
        return uint32(config >> 48);
    }

    function paused(uint256 config) internal pure returns (bool) {
        return (config >> 80) & 0xff != 0;
    }

    function feeRecipient(uint256 config) internal pure returns (address) {
        return address(uint160(config >> 88));
    }
}
