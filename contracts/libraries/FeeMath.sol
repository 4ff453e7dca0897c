// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title FeeMath
/// @notice Basis-point arithmetic for escrow payouts. Every split returns parts that add up to
/// the input exactly, so no wei is created or stranded by rounding.
library FeeMath {
    uint256 internal constant BPS = 10_000;

    /// @notice `amount * bps / 10_000`, rounded down. Reverts (panic) if bps > 10_000 would overflow
    /// a uint256, which cannot happen for amounts below 2**242.
    function bpsOf(uint256 amount, uint256 bps) internal pure returns (uint256) {
        return (amount * bps) / BPS;
    }

    /// @notice Splits `amount` into (part, rest) with `part = bpsOf(amount, bps)`; part + rest == amount.
    function split(uint256 amount, uint256 bps) internal pure returns (uint256 part, uint256 rest) {
        part = bpsOf(amount, bps);
        // part <= amount because bps <= BPS is required by callers; see FeeMath.t.sol.
        unchecked {
            rest = amount - part;
        }
    }

    /// @notice Settles `amount`: the worker's gross share is `workerBps` of it, the fee is `feeBps` of
    /// that gross share, and the client gets the remainder. workerPayout + fee + clientRefund == amount.
    /// @dev Callers guarantee workerBps <= BPS and feeBps <= BPS; the escrow caps amount at 2**128 - 1.
    function settle(uint256 amount, uint256 workerBps, uint256 feeBps)
        internal
        pure
        returns (uint256 workerPayout, uint256 fee, uint256 clientRefund)
    {
        uint256 gross;
        (gross, clientRefund) = split(amount, workerBps);
        (fee, workerPayout) = split(gross, feeBps);
    }
}
