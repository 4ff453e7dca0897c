// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IEscrowErrors} from "./IEscrowErrors.sol";

/// @title IEscrowCredits
/// @notice Internal balances (opt-in), and where every payout lands. {deposit} credits an account,
/// {ITaskEscrow-fundFromCredit} pays a task from it, {ITaskEscrow-submitForCredit} has the worker's
/// payouts credited, {withdraw} pays a credit out. Fees, referrer shares and payouts a token refused
/// are credits too.
interface IEscrowCredits is IEscrowErrors {
    /// @notice A payout could not be transferred (e.g. blocklisted recipient) and was credited instead.
    event PayoutCredited(bytes32 indexed taskId, address indexed account, address indexed token, uint256 amount);
    /// @notice `account` deposited `amount` of `token` (what actually arrived) into its credit.
    event CreditDeposited(address indexed account, address indexed token, uint256 amount);
    /// @notice A credit (deposit, credited payout or refund, fee, referrer share or failed payout) was withdrawn.
    event CreditWithdrawn(address indexed account, address indexed token, address to, uint256 amount);

    /// @notice Nothing to withdraw.
    /// @param account The caller.
    /// @param token The token asked for.
    error TaskEscrowNothingToWithdraw(address account, address token);
    /// @notice The caller's credit in `token` is below the bid amount.
    /// @param account The caller.
    /// @param token The bid's token.
    /// @param credit The caller's credit in it.
    /// @param needed The bid's amount.
    error TaskEscrowInsufficientCredit(address account, address token, uint256 credit, uint256 needed);
    /// @notice A deposit of zero, or one whose token delivered nothing.
    /// @param token The token deposited.
    /// @param amount The amount asked for (zero) or the amount that arrived (zero).
    error TaskEscrowInvalidDeposit(address token, uint256 amount);

    /// @notice Adds tokens to the caller's credit, pulled with transferFrom; credited by the amount that
    /// actually arrived (balance difference), so fee-on-transfer tokens are accounted correctly.
    function deposit(address token, uint256 amount) external;

    /// @notice Pays out the caller's whole credit in `token` to `to`: deposits, payouts and refunds
    /// credited by choice, fees, referrer shares and payouts a token refused.
    function withdraw(address token, address to) external;

    /// @notice Withdrawable credit of `account` in `token`.
    function creditOf(address account, address token) external view returns (uint256);
}
