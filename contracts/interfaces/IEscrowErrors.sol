// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IEscrowErrors
/// @notice The errors both halves of the escrow raise: the owner's settings ({IEscrowConfig}) and the
/// internal balances ({IEscrowCredits}). Declared once here because solc refuses the same error
/// declared in two parents of {ITaskEscrow}.
interface IEscrowErrors {
    /// @notice Basis points above the allowed maximum.
    /// @param bps The basis points passed.
    /// @param max The largest value allowed.
    error TaskEscrowBpsTooHigh(uint256 bps, uint256 max);
    /// @notice A zero address where one is required (a fee recipient, a withdrawal's destination).
    error TaskEscrowZeroAddress();
}
