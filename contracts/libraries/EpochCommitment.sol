// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title EpochCommitment
/// @notice Hash chain over anchored epochs: each commitment covers the previous one and every field
/// anchored for the epoch, so the head alone commits to the whole history.
library EpochCommitment {
    /// @return keccak256(abi.encode(prev, epoch, root, leafCount, datasetHash))
    function chain(bytes32 prev, uint64 epoch, bytes32 root, uint64 leafCount, bytes32 datasetHash)
        internal
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(prev, epoch, root, leafCount, datasetHash));
    }
}
