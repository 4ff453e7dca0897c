// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {IReputationAnchor} from "./interfaces/IReputationAnchor.sol";
import {ReviewLeaf} from "./libraries/ReviewLeaf.sol";

/// @title ReputationAnchor
/// @notice Append-only log of the reputation indexer's epoch roots.
/// @dev Access: one rotatable anchorer, set by an OpenZeppelin Ownable2Step owner, so the indexer's
/// hot key can be rotated without redeploying and without the owner key ever signing anchors. The
/// anchorer shares its slot with the latest epoch and the anchor count, so the auth check in
/// {anchor} reads a slot {anchor} reads and writes anyway (gas goal: <= 100,000 per epoch).
contract ReputationAnchor is IReputationAnchor, Ownable2Step {
    /// @inheritdoc IReputationAnchor
    uint64 public immutable EPOCH_SECONDS;

    /// @dev Per epoch, three slots: root | datasetHash | leafCount(64) prevEpoch(64) sequence(64) anchoredAt(40).
    mapping(uint64 epoch => EpochRecord) private _records;

    /// @dev One slot: anchorer (160) | latest epoch (64) | number of anchors (32). `_anchorCount == 0`
    /// means none yet. 2^32 - 1 anchors take over 4 billion transactions; the checked increment
    /// reverts (panic) rather than wrap if it were ever reached.
    address private _anchorer;
    uint64 private _latestEpoch;
    uint32 private _anchorCount;

    /// @param admin Owner (Ownable2Step): sets the anchorer; transfers ownership in two steps.
    /// @param initialAnchorer The account allowed to anchor; may be zero to set it later.
    /// @param epochSeconds Epoch length, fixed for the contract's life (86,400: a UTC day).
    constructor(address admin, address initialAnchorer, uint64 epochSeconds) Ownable(_nonZeroAdmin(admin)) {
        if (epochSeconds == 0) revert ReputationAnchorZeroEpochLength();
        EPOCH_SECONDS = epochSeconds;
        if (initialAnchorer != address(0)) _setAnchorer(initialAnchorer);
    }

    function _nonZeroAdmin(address admin) private pure returns (address) {
        if (admin == address(0)) revert ReputationAnchorZeroAdmin();
        return admin;
    }

    /// @inheritdoc IReputationAnchor
    function anchorer() external view returns (address) {
        return _anchorer;
    }

    /// @inheritdoc IReputationAnchor
    function setAnchorer(address newAnchorer) external onlyOwner {
        _setAnchorer(newAnchorer);
    }

    function _setAnchorer(address newAnchorer) private {
        emit AnchorerChanged(_anchorer, newAnchorer);
        _anchorer = newAnchorer;
    }

    /// @inheritdoc IReputationAnchor
    function anchor(uint64 epoch, bytes32 root, uint64 leafCount, bytes32 datasetHash) external {
        address allowed = _anchorer;
        if (msg.sender != allowed) revert ReputationAnchorNotAnchorer(msg.sender, allowed);
        EpochRecord storage record = _records[epoch];
        bytes32 existing = record.root;
        if (existing != bytes32(0)) revert ReputationAnchorEpochAlreadyAnchored(epoch, existing);
        if (root == bytes32(0)) revert ReputationAnchorZeroRoot(epoch);
        if (leafCount == 0) revert ReputationAnchorEmptyEpoch(epoch);
        uint64 latest = _latestEpoch;
        uint32 count = _anchorCount;
        if (count != 0 && epoch <= latest) revert ReputationAnchorEpochNotAfterLatest(epoch, latest);
        uint64 current = _currentEpoch();
        if (epoch > current) revert ReputationAnchorEpochNotStarted(epoch, current);

        ++count;
        record.root = root;
        record.datasetHash = datasetHash;
        record.leafCount = leafCount;
        record.prevEpoch = latest;
        record.sequence = count;
        record.anchoredAt = uint40(block.timestamp);
        _latestEpoch = epoch;
        _anchorCount = count;

        emit RootAnchored(epoch, root, leafCount, datasetHash, latest, count);
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
    function head() external view returns (uint64 latest, uint64 anchorCount) {
        return (_latestEpoch, _anchorCount);
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
