// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IEscrowConfig} from "../interfaces/IEscrowConfig.sol";
import {ConfigWord, ConfigWordLibrary} from "../types/ConfigWord.sol";
import {TestBase} from "./utils/Vm.sol";

/// @notice Every {ConfigWord} field round-trips through its setter and getter, whatever the order
/// of the setters and whatever the other fields hold; and the word is the slot layout Solidity
/// gave the `Config` struct (the storage of deployed escrows keeps its meaning).
contract ConfigWordTest is TestBase {
    /// @dev Solidity's own packing of the struct, as it was stored before the value type.
    IEscrowConfig.Config internal _packedByCompiler;

    function _fromFields(IEscrowConfig.Config memory c) internal pure returns (ConfigWord) {
        return ConfigWord.wrap(0).setFeeBps(c.feeBps).setReferrerShareBps(c.referrerShareBps).setFallbackWorkerBps(
            c.fallbackWorkerBps
        ).setRulingWindow(c.rulingWindow).setPaused(c.paused).setFeeRecipient(c.feeRecipient);
    }

    function _fromFieldsHighFirst(ConfigWord w, IEscrowConfig.Config memory c) internal pure returns (ConfigWord) {
        w = w.setFeeRecipient(c.feeRecipient).setPaused(c.paused).setRulingWindow(c.rulingWindow);
        return w.setFallbackWorkerBps(c.fallbackWorkerBps).setReferrerShareBps(c.referrerShareBps).setFeeBps(c.feeBps);
    }

    function _check(ConfigWord w, IEscrowConfig.Config memory c) internal pure {
        assertEq(w.feeBps(), c.feeBps, "feeBps");
        assertEq(w.referrerShareBps(), c.referrerShareBps, "referrerShareBps");
        assertEq(w.fallbackWorkerBps(), c.fallbackWorkerBps, "fallbackWorkerBps");
        assertEq(w.rulingWindow(), c.rulingWindow, "rulingWindow");
        assertTrue(w.paused() == c.paused, "paused");
        assertTrue(w.feeRecipient() == c.feeRecipient, "feeRecipient");
        assertEq(ConfigWord.unwrap(w) >> 248, 0, "top byte stays zero");
    }

    function test_constants_matchTheFieldWidths() external pure {
        assertEq(ConfigWordLibrary.REFERRER_SHARE_BPS_OFFSET, ConfigWordLibrary.FEE_BPS_OFFSET + 16, "referrer share");
        uint256 split = ConfigWordLibrary.FALLBACK_WORKER_BPS_OFFSET;
        assertEq(split, ConfigWordLibrary.REFERRER_SHARE_BPS_OFFSET + 16, "split");
        assertEq(ConfigWordLibrary.RULING_WINDOW_OFFSET, ConfigWordLibrary.FALLBACK_WORKER_BPS_OFFSET + 16, "window");
        assertEq(ConfigWordLibrary.PAUSED_OFFSET, ConfigWordLibrary.RULING_WINDOW_OFFSET + 32, "paused");
        assertEq(ConfigWordLibrary.FEE_RECIPIENT_OFFSET, ConfigWordLibrary.PAUSED_OFFSET + 8, "fee recipient");
        assertEq(ConfigWordLibrary.BELOW_PAUSED_MASK, type(uint80).max, "the four numbers");
    }

    function testFuzz_packUnpack_bothOrders(IEscrowConfig.Config memory c) public pure {
        _check(_fromFields(c), c);
        _check(_fromFieldsHighFirst(ConfigWord.wrap(0), c), c);
    }

    function testFuzz_settersOverwriteAnyPreviousValue(IEscrowConfig.Config memory c, IEscrowConfig.Config memory old)
        public
        pure
    {
        ConfigWord w = _fromFieldsHighFirst(_fromFields(old), c);
        _check(w, c);
        assertEq(ConfigWord.unwrap(w), ConfigWord.unwrap(_fromFields(c)), "same word from any start");
    }

    /// @dev The word equals the storage slot Solidity packs for the `Config` struct.
    function testFuzz_layoutIsTheStructsStorageSlot(IEscrowConfig.Config memory c) public {
        _packedByCompiler = c;
        uint256 slotValue;
        assembly ("memory-safe") {
            slotValue := sload(_packedByCompiler.slot)
        }
        assertEq(ConfigWord.unwrap(_fromFields(c)), slotValue, "same bits as the struct's slot");
    }
}
