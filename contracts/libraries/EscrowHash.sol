// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ITaskEscrow} from "../interfaces/ITaskEscrow.sol";

/// @title EscrowHash
/// @notice EIP-712 struct hash of a bid, the terms commitment of an escrow, and the packing of the
/// one storage word each escrow occupies.
/// @dev Task word layout (low to high bits): [0, 4) status, bit 4 {CLIENT_CREDIT} (funded from the
/// client's credit: client refunds go back to it), bit 5 {WORKER_CREDIT} (the worker chose, when
/// submitting, to be paid into its credit), bit 6 {FEE_PENDING} (released by releaseCompact with a
/// fee that {ITaskEscrow-collectFees} has not credited yet), bit 7 zero, [8, 48) timestamp, [48, 256)
/// the top 208 bits of the terms root (see {commit}). The two payout flags are set once and
/// survive every transition; FEE_PENDING is set at settlement and cleared once, by collection.
/// A forged terms set would need a 208-bit second preimage
/// (or, for a client grinding its own referrer, a 2**104 birthday search).
library EscrowHash {
    bytes32 internal constant BID_TYPEHASH = keccak256(
        "Bid(bytes32 taskId,bytes32 specHash,address client,address worker,address token,uint256 amount,"
        "address arbiter,uint64 deadline,uint64 reviewPeriod,uint64 expiry,uint256 nonce,uint16 claimedSuccessBps)"
    );

    uint256 internal constant HASH_MASK = ~uint256(0xffffffffffff);
    uint256 internal constant STATUS_MASK = 0x0f;
    uint256 internal constant CLIENT_CREDIT = 0x10;
    uint256 internal constant WORKER_CREDIT = 0x20;
    uint256 internal constant FEE_PENDING = 0x40;
    /// @dev What a transition keeps of a word: the commitment and both payout flags.
    uint256 internal constant KEEP_MASK = HASH_MASK | CLIENT_CREDIT | WORKER_CREDIT;
    uint256 private constant BID_WORDS_SIZE = 12 * 32;

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

    /// @notice Commitment of calldata terms, aligned to the high 208 bits of a task word: the root of
    /// a two-leaf tree, keccak256(taskId, client, worker, token, amount, deadline, reviewPeriod, feeBps,
    /// coldHash), so that the hot paths can pass the seven {ITaskEscrow.HotTerms} and one hash.
    function commit(bytes32 taskId, ITaskEscrow.Terms calldata terms) internal pure returns (uint256 c) {
        bytes32 cold = coldHash(terms);
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, taskId)
            calldatacopy(add(m, 0x20), terms, 0x80) // client, worker, token, amount (Terms words 0..3)
            calldatacopy(add(m, 0xa0), add(terms, 0xa0), 0x60) // deadline, reviewPeriod, feeBps (words 5..7)
            mstore(add(m, 0x100), cold)
            c := keccak256(m, 0x120)
        }
        c &= HASH_MASK;
    }

    /// @notice keccak256 of the cold terms as ABI words: arbiter, referrerShareBps, fallbackWorkerBps,
    /// rulingWindow, feeRecipient, referrer (agents/chain/escrowTerms.ts computes the same).
    function coldHash(ITaskEscrow.Terms calldata terms) internal pure returns (bytes32 h) {
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, calldataload(add(terms, 0x80))) // arbiter (word 4)
            calldatacopy(add(m, 0x20), add(terms, 0x100), 0xa0) // words 8..12
            h := keccak256(m, 0xc0)
        }
    }

    /// @notice Same root as {commit} from the hot terms and the cold hash.
    function commitHot(bytes32 taskId, ITaskEscrow.HotTerms calldata hot, bytes32 cold)
        internal
        pure
        returns (uint256 c)
    {
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, taskId)
            calldatacopy(add(m, 0x20), hot, 0xe0) // the seven hot words, in root order
            mstore(add(m, 0x100), cold)
            c := keccak256(m, 0x120)
        }
        c &= HASH_MASK;
    }

    /// @notice Same root as {commit} for the terms a funding creates: bid fields, the config fields
    /// of this moment and the referrer.
    /// @dev `config` is the packed {ITaskEscrow.Config} slot; {ConfigWord} documents its layout.
    function commitFunding(ITaskEscrow.Bid calldata bid, uint256 config, address referrer)
        internal
        pure
        returns (uint256 c)
    {
        assembly ("memory-safe") {
            // Solidity's own reads in TaskEscrow._fund reject dirty client, worker, token, deadline
            // and expiry words; arbiter and reviewPeriod are only used raw, so reject them here.
            if or(shr(160, calldataload(add(bid, 0xc0))), shr(64, calldataload(add(bid, 0x100)))) { revert(0, 0) }
            let m := mload(0x40)
            // Cold leaf first, in the same scratch memory.
            mstore(m, calldataload(add(bid, 0xc0))) // arbiter (Bid word 6)
            mstore(add(m, 0x20), and(shr(16, config), 0xffff)) // referrerShareBps
            mstore(add(m, 0x40), and(shr(32, config), 0xffff)) // fallbackWorkerBps
            mstore(add(m, 0x60), and(shr(48, config), 0xffffffff)) // rulingWindow
            mstore(add(m, 0x80), and(shr(88, config), 0xffffffffffffffffffffffffffffffffffffffff)) // feeRecipient
            mstore(add(m, 0xa0), referrer)
            let cold := keccak256(m, 0xc0)
            mstore(m, calldataload(bid)) // taskId
            calldatacopy(add(m, 0x20), add(bid, 0x40), 0x80) // client, worker, token, amount (Bid words 2..5)
            calldatacopy(add(m, 0xa0), add(bid, 0xe0), 0x40) // deadline, reviewPeriod (Bid words 7, 8)
            mstore(add(m, 0xe0), and(config, 0xffff)) // feeBps
            mstore(add(m, 0x100), cold)
            c := keccak256(m, 0x120)
        }
        c &= HASH_MASK;
    }

    /// @notice Packs a task word; `kept` is a masked commitment, optionally with payout flags.
    function pack(uint256 kept, ITaskEscrow.Status status, uint256 timestamp) internal pure returns (uint256) {
        return kept | (uint256(uint40(timestamp)) << 8) | uint256(uint8(status));
    }

    function statusOf(uint256 word) internal pure returns (ITaskEscrow.Status) {
        return ITaskEscrow.Status(word & STATUS_MASK);
    }

    function timeOf(uint256 word) internal pure returns (uint40) {
        return uint40(word >> 8);
    }
}
