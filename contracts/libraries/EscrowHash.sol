// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ITaskEscrow} from "../interfaces/ITaskEscrow.sol";
import {ConfigWord} from "../types/ConfigWord.sol";
import {TaskWordLibrary} from "../types/TaskWord.sol";

/// @title EscrowHash
/// @notice EIP-712 struct hash of a bid and the terms commitment of an escrow: the root that each
/// task's {TaskWord} keeps in its top 208 bits (`termsRoot`).
library EscrowHash {
    bytes32 internal constant BID_TYPEHASH = keccak256(
        "Bid(bytes32 taskId,bytes32 specHash,address client,address worker,address token,uint256 amount,"
        "address arbiter,uint64 deadline,uint64 reviewPeriod,uint64 expiry,uint256 nonce,uint16 claimedSuccessBps)"
    );

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
        c &= TaskWordLibrary.TERMS_ROOT_MASK;
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
        c &= TaskWordLibrary.TERMS_ROOT_MASK;
    }

    /// @notice Same root as {commit} for the terms a funding creates: bid fields, the config fields
    /// of this moment and the referrer.
    function commitFunding(ITaskEscrow.Bid calldata bid, ConfigWord config, address referrer)
        internal
        pure
        returns (uint256 c)
    {
        uint256 referrerShareBps = config.referrerShareBps();
        uint256 fallbackWorkerBps = config.fallbackWorkerBps();
        uint256 rulingWindow = config.rulingWindow();
        address feeRecipient = config.feeRecipient();
        uint256 feeBps = config.feeBps();
        assembly ("memory-safe") {
            // Solidity's own reads in TaskEscrow._fund reject dirty client, worker, token, deadline
            // and expiry words; arbiter and reviewPeriod are only used raw, so reject them here.
            if or(shr(160, calldataload(add(bid, 0xc0))), shr(64, calldataload(add(bid, 0x100)))) { revert(0, 0) }
            let m := mload(0x40)
            // Cold leaf first, in the same scratch memory.
            mstore(m, calldataload(add(bid, 0xc0))) // arbiter (Bid word 6)
            mstore(add(m, 0x20), referrerShareBps)
            mstore(add(m, 0x40), fallbackWorkerBps)
            mstore(add(m, 0x60), rulingWindow)
            mstore(add(m, 0x80), feeRecipient)
            mstore(add(m, 0xa0), referrer)
            let cold := keccak256(m, 0xc0)
            mstore(m, calldataload(bid)) // taskId
            calldatacopy(add(m, 0x20), add(bid, 0x40), 0x80) // client, worker, token, amount (Bid words 2..5)
            calldatacopy(add(m, 0xa0), add(bid, 0xe0), 0x40) // deadline, reviewPeriod (Bid words 7, 8)
            mstore(add(m, 0xe0), feeBps)
            mstore(add(m, 0x100), cold)
            c := keccak256(m, 0x120)
        }
        c &= TaskWordLibrary.TERMS_ROOT_MASK;
    }
}
