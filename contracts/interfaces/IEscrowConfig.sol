// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IEscrowErrors} from "./IEscrowErrors.sol";

/// @title IEscrowConfig
/// @notice The owner's settings for escrows funded from now on. An open escrow never sees a change:
/// funding freezes the settings of the moment into the task's terms (see {ITaskEscrow-Terms}), and a
/// client bounds the settings it accepts (see {ITaskEscrow-fund}).
interface IEscrowConfig is IEscrowErrors {
    /// @notice Admin settings applied to escrows funded from now on; packed in one slot.
    struct Config {
        uint16 feeBps;
        uint16 referrerShareBps;
        uint16 fallbackWorkerBps;
        uint32 rulingWindow;
        bool paused;
        address feeRecipient;
    }

    /// @notice The admin settings for future escrows changed.
    event ConfigUpdated(
        uint16 feeBps,
        uint16 referrerShareBps,
        uint16 fallbackWorkerBps,
        uint32 rulingWindow,
        bool paused,
        address feeRecipient
    );

    /// @notice The owner set a ruling window above the cap.
    /// @param rulingWindow The window the owner asked for, in seconds.
    /// @param max The cap, 30 days.
    error TaskEscrowRulingWindowTooLong(uint32 rulingWindow, uint32 max);

    /// @notice Owner sets the fee for future escrows (at most 1_000 bps).
    function setFeeBps(uint16 feeBps) external;

    /// @notice Owner sets the fee recipient for future escrows.
    function setFeeRecipient(address feeRecipient) external;

    /// @notice Owner sets the referrer's share of the fee for future escrows (at most 10_000 bps).
    function setReferrerShareBps(uint16 referrerShareBps) external;

    /// @notice Owner sets the ruling window (at most 30 days) and fallback split (at most 10_000 bps)
    /// for future escrows.
    function setDisputeTerms(uint32 rulingWindow, uint16 fallbackWorkerBps) external;

    /// @notice Owner pauses or unpauses new funding. Nothing else can be paused.
    function setPaused(bool paused) external;

    /// @notice Current admin settings for future escrows.
    function config() external view returns (Config memory);
}
