// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ITaskEscrow} from "./interfaces/ITaskEscrow.sol";
import {FeeMath} from "./libraries/FeeMath.sol";

/// @title EscrowConfig
/// @notice The owner's settings for escrows funded from now on, in one packed slot (`_config`,
/// layout in {ConfigWord}); open escrows keep the settings frozen in their terms.
abstract contract EscrowConfig is ITaskEscrow, Ownable2Step {
    /// @notice Hard cap on the fee: 10% of the worker's gross payout.
    uint16 public constant MAX_FEE_BPS = 1_000;
    uint16 public constant DEFAULT_REFERRER_SHARE_BPS = 1_500;
    /// @notice Default time an arbiter has to rule after a dispute.
    uint32 public constant DEFAULT_RULING_WINDOW = 3 days;
    /// @notice Default fallback split if the arbiter never rules: half each.
    uint16 public constant DEFAULT_FALLBACK_WORKER_BPS = 5_000;
    /// @notice Cap on the ruling window: a silent arbiter can hold a dispute for at most 30 days.
    uint32 public constant MAX_RULING_WINDOW = 30 days;

    Config private _config;

    constructor(address initialOwner, address feeRecipient, uint16 feeBps) Ownable(initialOwner) {
        if (feeRecipient == address(0)) revert TaskEscrowZeroAddress();
        if (feeBps > MAX_FEE_BPS) revert TaskEscrowBpsTooHigh(feeBps, MAX_FEE_BPS);
        _setConfig(
            Config({
                feeBps: feeBps,
                referrerShareBps: DEFAULT_REFERRER_SHARE_BPS,
                fallbackWorkerBps: DEFAULT_FALLBACK_WORKER_BPS,
                rulingWindow: DEFAULT_RULING_WINDOW,
                paused: false,
                feeRecipient: feeRecipient
            })
        );
    }

    /// @inheritdoc ITaskEscrow
    function setFeeBps(uint16 feeBps) external onlyOwner {
        if (feeBps > MAX_FEE_BPS) revert TaskEscrowBpsTooHigh(feeBps, MAX_FEE_BPS);
        Config memory c = _config;
        c.feeBps = feeBps;
        _setConfig(c);
    }

    /// @inheritdoc ITaskEscrow
    function setFeeRecipient(address feeRecipient) external onlyOwner {
        if (feeRecipient == address(0)) revert TaskEscrowZeroAddress();
        Config memory c = _config;
        c.feeRecipient = feeRecipient;
        _setConfig(c);
    }

    /// @inheritdoc ITaskEscrow
    function setReferrerShareBps(uint16 referrerShareBps) external onlyOwner {
        if (referrerShareBps > FeeMath.BPS) revert TaskEscrowBpsTooHigh(referrerShareBps, FeeMath.BPS);
        Config memory c = _config;
        c.referrerShareBps = referrerShareBps;
        _setConfig(c);
    }

    /// @inheritdoc ITaskEscrow
    function setDisputeTerms(uint32 rulingWindow, uint16 fallbackWorkerBps) external onlyOwner {
        if (fallbackWorkerBps > FeeMath.BPS) revert TaskEscrowBpsTooHigh(fallbackWorkerBps, FeeMath.BPS);
        if (rulingWindow > MAX_RULING_WINDOW) revert TaskEscrowRulingWindowTooLong(rulingWindow, MAX_RULING_WINDOW);
        Config memory c = _config;
        c.rulingWindow = rulingWindow;
        c.fallbackWorkerBps = fallbackWorkerBps;
        _setConfig(c);
    }

    /// @inheritdoc ITaskEscrow
    function setPaused(bool paused) external onlyOwner {
        Config memory c = _config;
        c.paused = paused;
        _setConfig(c);
    }

    function _setConfig(Config memory c) private {
        _config = c;
        emit ConfigUpdated(c.feeBps, c.referrerShareBps, c.fallbackWorkerBps, c.rulingWindow, c.paused, c.feeRecipient);
    }

    /// @inheritdoc ITaskEscrow
    function config() external view returns (Config memory) {
        return _config;
    }

    /// @dev The packed {Config} slot, read once (layout in {ConfigWord}).
    function _configWord() internal view returns (uint256 w) {
        assembly ("memory-safe") {
            w := sload(_config.slot)
        }
    }
}
