// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ITaskEscrow} from "../interfaces/ITaskEscrow.sol";

/// @dev The one storage word of a task (`TaskEscrow._tasks[client][taskId]`), fields from the
/// least significant bit:
///
///   [0, 4)     status        {ITaskEscrow.Status}
///   4          clientCredit  funded from the client's credit: client refunds go back to it
///   5          workerCredit  the worker chose, when submitting, to be paid into its credit
///   6          feePending    released by releaseCompact with a fee collectFees has not credited yet
///   7          (zero)
///   [8, 48)    time          fundedAt, submittedAt, disputedAt or settledAt (see {ITaskEscrow-taskState})
///   [48, 256)  termsRoot     the top 208 bits of the terms root (EscrowHash.commit), kept in place
///
/// The two credit flags are set once and survive every transition; feePending is set at settlement
/// and cleared once, by collection. The zero word is "no such task" (status None). A forged terms
/// set would need a 208-bit second preimage (or, for a client grinding its own referrer, a 2**104
/// birthday search).
type TaskWord is uint256;

using TaskWordLibrary for TaskWord global;

/// @title TaskWordLibrary
/// @notice Getters and setters of the {TaskWord} fields. Setters return a new word and leave every
/// other field as it was; values wider than their field are cut to it.
library TaskWordLibrary {
    uint256 internal constant STATUS_MASK = 0x0f;
    uint8 internal constant CLIENT_CREDIT_OFFSET = 4;
    uint8 internal constant WORKER_CREDIT_OFFSET = 5;
    uint8 internal constant FEE_PENDING_OFFSET = 6;
    uint8 internal constant TIME_OFFSET = 8;
    uint8 internal constant TERMS_ROOT_OFFSET = 48;

    uint256 internal constant CLIENT_CREDIT = 0x10; // 1 << CLIENT_CREDIT_OFFSET
    uint256 internal constant WORKER_CREDIT = 0x20; // 1 << WORKER_CREDIT_OFFSET
    uint256 internal constant FEE_PENDING = 0x40; // 1 << FEE_PENDING_OFFSET
    uint256 internal constant MASK_40_BITS = 0xffffffffff;
    /// @dev The terms root in place (bits [TERMS_ROOT_OFFSET, 256)): a commitment is a keccak256
    /// with its low 48 bits cleared. Literal, so that assembly can use it.
    uint256 internal constant TERMS_ROOT_MASK = 0xffffffffffffffffffffffffffffffffffffffffffffffffffff000000000000;
    /// @dev What a transition keeps of a word: the terms root and both credit flags
    /// (TERMS_ROOT_MASK | CLIENT_CREDIT | WORKER_CREDIT).
    uint256 internal constant KEEP_MASK = 0xffffffffffffffffffffffffffffffffffffffffffffffffffff000000000030;

    // ---------------------------------------------------------------- getters

    /// @dev No range check: only this library writes the field, always a {ITaskEscrow.Status}.
    function status(TaskWord word) internal pure returns (ITaskEscrow.Status s) {
        assembly ("memory-safe") {
            s := and(word, STATUS_MASK)
        }
    }

    function clientCredit(TaskWord word) internal pure returns (bool on) {
        assembly ("memory-safe") {
            on := iszero(iszero(and(word, CLIENT_CREDIT)))
        }
    }

    function workerCredit(TaskWord word) internal pure returns (bool on) {
        assembly ("memory-safe") {
            on := iszero(iszero(and(word, WORKER_CREDIT)))
        }
    }

    function feePending(TaskWord word) internal pure returns (bool on) {
        assembly ("memory-safe") {
            on := iszero(iszero(and(word, FEE_PENDING)))
        }
    }

    function time(TaskWord word) internal pure returns (uint40 t) {
        assembly ("memory-safe") {
            t := and(shr(TIME_OFFSET, word), MASK_40_BITS)
        }
    }

    /// @notice The committed terms root, in place (low 48 bits zero), as {EscrowHash} computes it.
    function termsRoot(TaskWord word) internal pure returns (uint256 root) {
        assembly ("memory-safe") {
            root := and(word, TERMS_ROOT_MASK)
        }
    }

    // ---------------------------------------------------------------- setters

    function setStatus(TaskWord word, ITaskEscrow.Status s) internal pure returns (TaskWord result) {
        assembly ("memory-safe") {
            result := or(and(word, not(STATUS_MASK)), and(s, STATUS_MASK))
        }
    }

    function setClientCredit(TaskWord word, bool on) internal pure returns (TaskWord) {
        return _setFlag(word, CLIENT_CREDIT_OFFSET, on);
    }

    function setWorkerCredit(TaskWord word, bool on) internal pure returns (TaskWord) {
        return _setFlag(word, WORKER_CREDIT_OFFSET, on);
    }

    function setFeePending(TaskWord word, bool on) internal pure returns (TaskWord) {
        return _setFlag(word, FEE_PENDING_OFFSET, on);
    }

    function setTime(TaskWord word, uint256 at) internal pure returns (TaskWord result) {
        assembly ("memory-safe") {
            result := or(and(word, not(shl(TIME_OFFSET, MASK_40_BITS))), shl(TIME_OFFSET, and(at, MASK_40_BITS)))
        }
    }

    /// @param root A commitment in place (its low 48 bits are ignored).
    function setTermsRoot(TaskWord word, uint256 root) internal pure returns (TaskWord result) {
        assembly ("memory-safe") {
            result := or(and(word, not(TERMS_ROOT_MASK)), and(root, TERMS_ROOT_MASK))
        }
    }

    // ---------------------------------------------------------------- transitions

    /// @notice The word after a transition: same terms root and credit flags, new status and time
    /// (feePending cleared; no open task has it). One mask instead of {setStatus} then {setTime}.
    function next(TaskWord word, ITaskEscrow.Status s, uint256 at) internal pure returns (TaskWord result) {
        assembly ("memory-safe") {
            result := or(or(and(word, KEEP_MASK), shl(TIME_OFFSET, and(at, MASK_40_BITS))), s)
        }
    }

    function _setFlag(TaskWord word, uint8 offset, bool on) private pure returns (TaskWord result) {
        assembly ("memory-safe") {
            result := or(and(word, not(shl(offset, 1))), shl(offset, on))
        }
    }
}
