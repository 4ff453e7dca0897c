// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IEscrowConfig} from "./interfaces/IEscrowConfig.sol";
import {FeeMath} from "./libraries/FeeMath.sol";
import {ConfigWord} from "./types/ConfigWord.sol";

/// @title EscrowConfig
/// @notice The owner's settings for escrows funded from now on, in one packed word (`_config`, a
/// {ConfigWord}); open escrows keep the settings frozen in their terms.
abstract contract EscrowConfig is IEscrowConfig, Ownable2Step {
    /// @notice Hard cap on the fee: 10% of the worker's gross payout.
    uint16 public constant MAX_FEE_BPS = 1_000;
    uint16 public constant DEFAULT_REFERRER_SHARE_BPS = 1_500;
    /// @notice Default time an arbiter has to rule after a dispute.
    uint32 public constant DEFAULT_RULING_WINDOW = 3 days;
    /// @notice Default fallback split if the arbiter never rules: half each.
    uint16 public constant DEFAULT_FALLBACK_WORKER_BPS = 5_000;
    /// @notice Cap on the ruling window: a silent arbiter can hold a dispute for at most 30 days.
    uint32 public constant MAX_RULING_WINDOW = 30 days;

    /// @dev The packed settings (layout in {ConfigWord}; the slot the former `Config` struct had).
    ConfigWord private _config;

    constructor(address initialOwner, address feeRecipient, uint16 feeBps) Ownable(initialOwner) {
        if (feeRecipient == address(0)) revert TaskEscrowZeroAddress();
        if (feeBps > MAX_FEE_BPS) revert TaskEscrowBpsTooHigh(feeBps, MAX_FEE_BPS);
        _setConfig(
            ConfigWord.wrap(0).setFeeBps(feeBps).setReferrerShareBps(DEFAULT_REFERRER_SHARE_BPS).setFallbackWorkerBps(
                DEFAULT_FALLBACK_WORKER_BPS
            ).setRulingWindow(DEFAULT_RULING_WINDOW).setFeeRecipient(feeRecipient)
        );
    }

    /// @inheritdoc IEscrowConfig
    function setFeeBps(uint16 feeBps) external onlyOwner {
        if (feeBps > MAX_FEE_BPS) revert TaskEscrowBpsTooHigh(feeBps, MAX_FEE_BPS);
        _setConfig(_config.setFeeBps(feeBps));
    }

    /// @inheritdoc IEscrowConfig
    function setFeeRecipient(address feeRecipient) external onlyOwner {
        if (feeRecipient == address(0)) revert TaskEscrowZeroAddress();
        _setConfig(_config.setFeeRecipient(feeRecipient));
    }

    /// @inheritdoc IEscrowConfig
    function setReferrerShareBps(uint16 referrerShareBps) external onlyOwner {
        if (referrerShareBps > FeeMath.BPS) revert TaskEscrowBpsTooHigh(referrerShareBps, FeeMath.BPS);
        _setConfig(_config.setReferrerShareBps(referrerShareBps));
    }

    /// @inheritdoc IEscrowConfig
    function setDisputeTerms(uint32 rulingWindow, uint16 fallbackWorkerBps) external onlyOwner {
        if (fallbackWorkerBps > FeeMath.BPS) revert TaskEscrowBpsTooHigh(fallbackWorkerBps, FeeMath.BPS);
        if (rulingWindow > MAX_RULING_WINDOW) revert TaskEscrowRulingWindowTooLong(rulingWindow, MAX_RULING_WINDOW);
        _setConfig(_config.setRulingWindow(rulingWindow).setFallbackWorkerBps(fallbackWorkerBps));
    }

    /// @inheritdoc IEscrowConfig
    function setPaused(bool paused) external onlyOwner {
        _setConfig(_config.setPaused(paused));
    }

    function _setConfig(ConfigWord c) private {
        _config = c;
        emit ConfigUpdated(
            c.feeBps(), c.referrerShareBps(), c.fallbackWorkerBps(), c.rulingWindow(), c.paused(), c.feeRecipient()
        );
    }

    /// @inheritdoc IEscrowConfig
    function config() external view returns (Config memory) {
        ConfigWord c = _config;
        return Config({
            feeBps: c.feeBps(),
            referrerShareBps: c.referrerShareBps(),
            fallbackWorkerBps: c.fallbackWorkerBps(),
            rulingWindow: c.rulingWindow(),
            paused: c.paused(),
            feeRecipient: c.feeRecipient()
        });
    }

    /// @dev The packed settings, read once.
    function _configWord() internal view returns (ConfigWord) {
        return _config;
    }
}
