// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {IReputationAnchor} from "./interfaces/IReputationAnchor.sol";
import {EpochCommitment} from "./libraries/EpochCommitment.sol";
import {ReviewLeaf} from "./libraries/ReviewLeaf.sol";

/// @title ReputationAnchor
/// @notice Append-only, hash-chained log of the reputation indexer's epoch roots.
/// @dev Access: OpenZeppelin AccessControl. The admin (DEFAULT_ADMIN_ROLE) grants and revokes
/// ANCHORER_ROLE, so the indexer's hot key can be rotated without redeploying and without the
/// admin key ever signing anchors.
contract ReputationAnchor is IReputationAnchor, AccessControl {
    /// @inheritdoc IReputationAnchor
    bytes32 public constant ANCHORER_ROLE = keccak256("ANCHORER_ROLE");

    /// @inheritdoc IReputationAnchor
    uint64 public immutable EPOCH_SECONDS;

    /// @dev Per epoch, three slots: root | datasetHash | leafCount(64) prevEpoch(64) sequence(64) anchoredAt(40).
    mapping(uint64 epoch => EpochRecord) private _records;

    /// @dev One slot: latest epoch (64) | number of anchors (64). `_anchorCount == 0` means none yet.
    uint64 private _latestEpoch;
    uint64 private _anchorCount;

    /// @dev Head of the commitment chain; zero before the first anchor.
    bytes32 private _commitment;

    /// @param admin Receives DEFAULT_ADMIN_ROLE (manages anchorers).
    /// @param anchorer Receives ANCHORER_ROLE; may be zero to grant it later.
    /// @param epochSeconds Epoch length, fixed for the contract's life (86,400: a UTC day).
    constructor(address admin, address anchorer, uint64 epochSeconds) {
        if (admin == address(0)) revert ReputationAnchorZeroAdmin();
        if (epochSeconds == 0) revert ReputationAnchorZeroEpochLength();
        EPOCH_SECONDS = epochSeconds;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        if (anchorer != address(0)) _grantRole(ANCHORER_ROLE, anchorer);
    }

    /// @inheritdoc IReputationAnchor
    function anchor(uint64 epoch, bytes32 root, uint64 leafCount, bytes32 datasetHash)
        external
        onlyRole(ANCHORER_ROLE)
        returns (bytes32 commitment)
    {
        EpochRecord storage record = _records[epoch];
        bytes32 existing = record.root;
        if (existing != bytes32(0)) revert ReputationAnchorEpochAlreadyAnchored(epoch, existing);
        if (root == bytes32(0)) revert ReputationAnchorZeroRoot(epoch);
        if (leafCount == 0) revert ReputationAnchorEmptyEpoch(epoch);
        uint64 latest = _latestEpoch;
        uint64 count = _anchorCount;
        if (count != 0 && epoch <= latest) revert ReputationAnchorEpochNotAfterLatest(epoch, latest);
        uint64 current = _currentEpoch();
        if (epoch > current) revert ReputationAnchorEpochNotStarted(epoch, current);

        bytes32 prev = _commitment;
        commitment = EpochCommitment.chain(prev, epoch, root, leafCount, datasetHash);
        unchecked {
            // count < 2^64 - 1: each anchor needs a strictly greater uint64 epoch, so at most 2^64 anchors.
            ++count;
        }
        record.root = root;
        record.datasetHash = datasetHash;
        record.leafCount = leafCount;
        record.prevEpoch = latest;
        record.sequence = count;
        record.anchoredAt = uint40(block.timestamp);
        _latestEpoch = epoch;
        _anchorCount = count;
        _commitment = commitment;

        emit RootAnchored(epoch, root, leafCount, datasetHash, prev, commitment);
    }

    /// @inheritdoc IReputationAnchor
    function currentEpoch() external view returns (uint64) {
        return _currentEpoch();
    }

    function _currentEpoch() private view returns (uint64) {
        // block.timestamp / EPOCH_SECONDS < 2^64 for any timestamp below 2^64 seconds.
        return uint64(block.timestamp / EPOCH_SECONDS);
    }

    /// @inheritdoc IReputationAnchor
    function rootOf(uint64 epoch) external view returns (bytes32) {
        return _records[epoch].root;
    }

    /// @inheritdoc IReputationAnchor
    function leafCountOf(uint64 epoch) external view returns (uint64) {
        return _records[epoch].leafCount;
    }

    /// @inheritdoc IReputationAnchor
    function datasetHashOf(uint64 epoch) external view returns (bytes32) {
        return _records[epoch].datasetHash;
    }

    /// @inheritdoc IReputationAnchor
    function epochRecord(uint64 epoch) external view returns (EpochRecord memory) {
        return _records[epoch];
    }

    /// @inheritdoc IReputationAnchor
    function latestEpoch() external view returns (uint64) {
        if (_anchorCount == 0) revert ReputationAnchorNothingAnchored();
        return _latestEpoch;
    }

    /// @inheritdoc IReputationAnchor
    function head() external view returns (uint64 latest, uint64 anchorCount, bytes32 commitment) {
        return (_latestEpoch, _anchorCount, _commitment);
    }

    /// @inheritdoc IReputationAnchor
    function reviewLeaf(Review calldata review) external pure returns (bytes32) {
        return ReviewLeaf.hash(review);
    }

    /// @inheritdoc IReputationAnchor
    function verifyReview(uint64 epoch, Review calldata review, bytes32[] calldata proof)
        external
        view
        returns (bool)
    {
        bytes32 root = _records[epoch].root;
        if (root == bytes32(0)) return false;
        return MerkleProof.verifyCalldata(proof, root, ReviewLeaf.hash(review));
    }
}
