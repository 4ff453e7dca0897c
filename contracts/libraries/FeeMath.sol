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
}
