// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {TransientSlot} from "@openzeppelin/contracts/utils/TransientSlot.sol";
import {IEscrowCredits} from "./interfaces/IEscrowCredits.sol";
import {ITaskEscrow} from "./interfaces/ITaskEscrow.sol";
import {FeeMath} from "./libraries/FeeMath.sol";
import {TaskWord} from "./types/TaskWord.sol";

/// @title EscrowCredits
/// @notice Internal balances (`_credits[account][token]`): deposits, payouts and refunds credited by
/// choice, fees, referrer shares and payouts a token refused; and every outgoing payment, which
/// goes either into a credit or out by transfer.
abstract contract EscrowCredits is IEscrowCredits, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using TransientSlot for bytes32;
    using TransientSlot for TransientSlot.BooleanSlot;

    mapping(address account => mapping(address token => uint256 amount)) private _credits;

    /// @inheritdoc IEscrowCredits
    function deposit(address token, uint256 amount) external nonReentrant {
        if (amount == 0) revert TaskEscrowInvalidDeposit(token, amount);
        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        // Accounted by what arrived, so a token that takes a cut on transfer cannot overdraw others.
        uint256 received = IERC20(token).balanceOf(address(this)) - before;
        if (received == 0) revert TaskEscrowInvalidDeposit(token, received);
        _credits[msg.sender][token] += received;
        emit CreditDeposited(msg.sender, token, received);
    }

    /// @inheritdoc IEscrowCredits
    function withdraw(address token, address to) external nonReentrant {
        uint256 amount = _credits[msg.sender][token];
        if (amount == 0) revert TaskEscrowNothingToWithdraw(msg.sender, token);
        if (to == address(0)) revert TaskEscrowZeroAddress();
        delete _credits[msg.sender][token];
        emit CreditWithdrawn(msg.sender, token, to, amount);
        IERC20(token).safeTransfer(to, amount);
    }

    function _creditFee(ITaskEscrow.Terms calldata t, uint256 fee) internal {
        if (fee == 0) return;
        uint256 referrerCut;
        if (t.referrer != address(0)) {
            referrerCut = FeeMath.bpsOf(fee, t.referrerShareBps);
            _credits[t.referrer][t.token] += referrerCut;
        }
        // referrerCut <= fee because referrerShareBps <= BPS.
        unchecked {
            _credits[t.feeRecipient][t.token] += fee - referrerCut;
        }
    }

    /// @dev Pays the worker's share: into its credit if it chose so when submitting, else by transfer.
    function _payWorker(bytes32 taskId, TaskWord word, address worker, address token, uint256 amount) internal {
        if (word.workerCredit()) _credits[worker][token] += amount;
        else _send(taskId, token, worker, amount);
    }

    /// @dev Refunds the client: back into its credit if it funded from credit, else by transfer.
    function _refundClient(bytes32 taskId, TaskWord word, ITaskEscrow.Terms calldata t, uint256 amount) internal {
        if (word.clientCredit()) _credits[t.client][t.token] += amount;
        else _send(taskId, t.token, t.client, amount);
    }

    /// @dev {_send} from a function that only checked the guard: sets it around the token call (all
    /// writes are done by then), so nothing can re-enter the escrow during it.
    function _sendGuarded(bytes32 taskId, address token, address to, uint256 amount) internal {
        TransientSlot.BooleanSlot guard = _reentrancyGuardStorageSlot().asBoolean();
        guard.tstore(true);
        _send(taskId, token, to, amount);
        guard.tstore(false);
    }

    /// @dev Storage slot of `_credits[account][token]` (Solidity's nested-mapping layout), so that
    /// a read-modify-write hashes once.
    function _creditSlot(address account, address token) internal pure returns (uint256 slot) {
        assembly ("memory-safe") {
            mstore(0x00, account)
            mstore(0x20, _credits.slot)
            mstore(0x20, keccak256(0x00, 0x40))
            mstore(0x00, token)
            slot := keccak256(0x00, 0x40)
        }
    }

    /// @dev Last step of every payout. A refused transfer is credited, never reverted, so a
    /// blocklisted or hostile recipient cannot lock the task (or anyone else's).
    function _send(bytes32 taskId, address token, address to, uint256 amount) internal {
        if (amount == 0) return;
        if (!IERC20(token).trySafeTransfer(to, amount)) {
            _credits[to][token] += amount;
            emit PayoutCredited(taskId, to, token, amount);
        }
    }

    function _addCredit(address account, address token, uint256 amount) internal {
        _credits[account][token] += amount;
    }

    /// @inheritdoc IEscrowCredits
    function creditOf(address account, address token) external view returns (uint256) {
        return _credits[account][token];
    }
}
