// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IReputationAnchor} from "../interfaces/IReputationAnchor.sol";

/// @title ReviewLeaf
/// @notice The Merkle leaf of a review as the OpenZeppelin merkle-tree StandardMerkleTree (JS) builds it for
/// the leaf types [bytes32, address, address, uint8, bytes32, uint64, address, uint16, uint16]
/// (agents/protocol/reviewLeaf.ts).
/// @dev The leaf is hashed twice: a leaf is then never the 64-byte preimage of an internal node, so an
/// internal node cannot be passed off as a leaf (second-preimage attack on Merkle trees).
library ReviewLeaf {
    function hash(IReputationAnchor.Review calldata r) internal pure returns (bytes32) {
        return keccak256(
            bytes.concat(
                keccak256(
                    abi.encode(
                        r.taskId,
                        r.reviewer,
                        r.subject,
                        r.rating,
                        r.commentHash,
                        r.timestamp,
                        r.worker,
                        r.claimedSuccessBps,
                        r.deliveredBps
                    )
                )
            )
        );
    }
}
