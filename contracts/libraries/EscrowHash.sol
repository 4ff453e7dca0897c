// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ITaskEscrow} from "../interfaces/ITaskEscrow.sol";

/// @title EscrowHash
/// @notice EIP-712 struct hash of a bid, the terms commitment of an escrow, and the packing of the
/// one storage word each escrow occupies.
/// @dev Task word layout (low to high bits): [0, 8) status, [8, 48) timestamp, [48, 256) the top
/// 208 bits of keccak256(taskId, terms). A forged terms set would need a 208-bit second preimage
/// (or, for a client grinding its own referrer, a 2**104 birthday search).
library EscrowHash {
    bytes32 internal constant BID_TYPEHASH = keccak256(
        "Bid(bytes32 taskId,bytes32 specHash,address client,address worker,address token,uint256 amount,"
        "address arbiter,uint64 deadline,uint64 reviewPeriod,uint64 expiry,uint256 nonce)"
    );

    uint256 internal constant HASH_MASK = ~uint256(0xffffffffffff);
    uint256 private constant BID_WORDS_SIZE = 11 * 32;
    uint256 private constant TERMS_WORDS_SIZE = 13 * 32;

    /// @notice EIP-712 `hashStruct(bid)`. Bid is a static struct, so its calldata is its encoding.
    /// @dev Dirty high bits in a field change the hash, so such a bid fails signature checks.
    function hashBid(ITaskEscrow.Bid calldata bid) internal pure returns (bytes32 h) {
        bytes32 typehash = BID_TYPEHASH;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, typehash)
            calldatacopy(add(m, 0x20), bid, BID_WORDS_SIZE)
            h := keccak256(m, add(BID_WORDS_SIZE, 0x20))
        }
    }

    /// @notice Commitment of calldata terms, aligned to the high 208 bits of a task word.
    function commit(bytes32 taskId, ITaskEscrow.Terms calldata terms) internal pure returns (uint256 c) {
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, taskId)
            calldatacopy(add(m, 0x20), terms, TERMS_WORDS_SIZE)
            c := keccak256(m, add(TERMS_WORDS_SIZE, 0x20))
        }
        c &= HASH_MASK;
    }

    /// @notice Same commitment as {commit} for terms built in memory at funding.
    function commitMemory(bytes32 taskId, ITaskEscrow.Terms memory terms) internal pure returns (uint256 c) {
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, taskId)
            mcopy(add(m, 0x20), terms, TERMS_WORDS_SIZE)
            c := keccak256(m, add(TERMS_WORDS_SIZE, 0x20))
        }
        c &= HASH_MASK;
    }

    /// @notice Packs a task word; `commitment` must already be masked.
    function pack(uint256 commitment, ITaskEscrow.Status status, uint256 timestamp) internal pure returns (uint256) {
        return commitment | (uint256(uint40(timestamp)) << 8) | uint256(uint8(status));
    }

    function statusOf(uint256 word) internal pure returns (ITaskEscrow.Status) {
        return ITaskEscrow.Status(uint8(word));
    }

    function timeOf(uint256 word) internal pure returns (uint40) {
        return uint40(word >> 8);
    }
}
