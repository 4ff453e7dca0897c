// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @dev The owner's settings for escrows funded from now on, in one storage word (`EscrowConfig._config`,
/// the layout Solidity gave the former `Config` struct), fields from the least significant bit:
///
///   [0, 16)     feeBps
///   [16, 32)    referrerShareBps
///   [32, 48)    fallbackWorkerBps
///   [48, 80)    rulingWindow
///   [80, 88)    paused (0 or 1)
///   [88, 248)   feeRecipient
///   [248, 256)  (zero)
///
/// TaskFunded's `settings` word is this word with the paused byte cut out and the bid's claim on
/// top (EscrowLog; agents/chain/escrowTerms.ts unpacks it). Tests pin the layout: fund.test.ts
/// compares the terms in TaskFunded with the settings, ConfigWord.t.sol round-trips every field.
type ConfigWord is uint256;

using ConfigWordLibrary for ConfigWord global;

/// @title ConfigWordLibrary
/// @notice Getters and setters of the {ConfigWord} fields. Setters return a new word and leave
/// every other field as it was; values wider than their field are cut to it.
library ConfigWordLibrary {
    uint8 internal constant FEE_BPS_OFFSET = 0;
    uint8 internal constant REFERRER_SHARE_BPS_OFFSET = 16;
    uint8 internal constant FALLBACK_WORKER_BPS_OFFSET = 32;
    uint8 internal constant RULING_WINDOW_OFFSET = 48;
    uint8 internal constant PAUSED_OFFSET = 80;
    uint8 internal constant FEE_RECIPIENT_OFFSET = 88;

    uint256 internal constant MASK_8_BITS = 0xff;
    uint256 internal constant MASK_16_BITS = 0xffff;
    uint256 internal constant MASK_32_BITS = 0xffffffff;
    uint256 internal constant MASK_160_BITS = type(uint160).max;
    /// @dev feeBps, referrerShareBps, fallbackWorkerBps and rulingWindow: the fields below paused.
    uint256 internal constant BELOW_PAUSED_MASK = (uint256(1) << PAUSED_OFFSET) - 1;

    // ---------------------------------------------------------------- getters

    function feeBps(ConfigWord config) internal pure returns (uint16) {
        return uint16(ConfigWord.unwrap(config) >> FEE_BPS_OFFSET);
    }

    function referrerShareBps(ConfigWord config) internal pure returns (uint16) {
        return uint16(ConfigWord.unwrap(config) >> REFERRER_SHARE_BPS_OFFSET);
    }

    function fallbackWorkerBps(ConfigWord config) internal pure returns (uint16) {
        return uint16(ConfigWord.unwrap(config) >> FALLBACK_WORKER_BPS_OFFSET);
    }

    function rulingWindow(ConfigWord config) internal pure returns (uint32) {
        return uint32(ConfigWord.unwrap(config) >> RULING_WINDOW_OFFSET);
    }

    function paused(ConfigWord config) internal pure returns (bool) {
        return (ConfigWord.unwrap(config) >> PAUSED_OFFSET) & MASK_8_BITS != 0;
    }

    function feeRecipient(ConfigWord config) internal pure returns (address) {
        return address(uint160(ConfigWord.unwrap(config) >> FEE_RECIPIENT_OFFSET));
    }

    // ---------------------------------------------------------------- setters

    function setFeeBps(ConfigWord config, uint16 value) internal pure returns (ConfigWord) {
        return _set(config, FEE_BPS_OFFSET, MASK_16_BITS, value);
    }

    function setReferrerShareBps(ConfigWord config, uint16 value) internal pure returns (ConfigWord) {
        return _set(config, REFERRER_SHARE_BPS_OFFSET, MASK_16_BITS, value);
    }

    function setFallbackWorkerBps(ConfigWord config, uint16 value) internal pure returns (ConfigWord) {
        return _set(config, FALLBACK_WORKER_BPS_OFFSET, MASK_16_BITS, value);
    }

    function setRulingWindow(ConfigWord config, uint32 value) internal pure returns (ConfigWord) {
        return _set(config, RULING_WINDOW_OFFSET, MASK_32_BITS, value);
    }

    function setPaused(ConfigWord config, bool value) internal pure returns (ConfigWord) {
        return _set(config, PAUSED_OFFSET, MASK_8_BITS, value ? 1 : 0);
    }

    function setFeeRecipient(ConfigWord config, address value) internal pure returns (ConfigWord) {
        return _set(config, FEE_RECIPIENT_OFFSET, MASK_160_BITS, uint160(value));
    }

    function _set(ConfigWord config, uint8 offset, uint256 mask, uint256 value) private pure returns (ConfigWord) {
        return ConfigWord.wrap((ConfigWord.unwrap(config) & ~(mask << offset)) | ((value & mask) << offset));
    }
}
