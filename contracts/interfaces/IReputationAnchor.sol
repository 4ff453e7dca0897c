// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IReputationAnchor
/// @notice Append-only log of the reputation indexer's epochs. For each epoch the indexer commits the
/// Merkle root of that epoch's reviews (an OpenZeppelin merkle-tree StandardMerkleTree over
/// `Review` leaves), the number of leaves and the hash of the published dataset. Epochs only go
/// forward and a root once written never changes, so each epoch's record is final the moment it is
/// anchored and can be read (and a review proven against it) on its own.
/// @dev Anyone can prove a review against an anchored root with {verifyReview}, from a transaction,
/// an `eth_call` or another contract.
interface IReputationAnchor {
    /// @notice A review as encoded in a Merkle leaf, in this field order (agents/protocol/reviewLeaf.ts): the
    /// six fields its author signs (EIP-712 type `Review`, agents/protocol/eip712.ts), then three facts of the
    /// reviewed task the indexer copies from TaskEscrow's events, so a worker's calibration is provable.
    /// @param taskId Escrow task the review is about.
    /// @param reviewer Author of the review (one party of the task).
    /// @param subject The other party, who is being rated.
    /// @param rating Stars, 1 to 5.
    /// @param commentHash keccak256 of the free-text comment, which stays off-chain.
    /// @param timestamp Unix time the review was signed.
    /// @param worker The task's worker (TaskFunded `worker`): the subject or the reviewer.
    /// @param claimedSuccessBps The worker's signed success claim (TaskFunded `settings` bits [240, 256)).
    /// @param deliveredBps What the settlement paid the worker, in basis points of the amount: 10,000 for a
    /// release or auto-release, the `workerBps` of a ruling or fallback split, 0 for a refund.
    struct Review {
        bytes32 taskId;
        address reviewer;
        address subject;
        uint8 rating;
        bytes32 commentHash;
        uint64 timestamp;
        address worker;
        uint16 claimedSuccessBps;
        uint16 deliveredBps;
    }

    /// @notice What is stored for one anchored epoch.
    /// @param root Merkle root of the epoch's reviews; zero means the epoch was never anchored.
    /// @param datasetHash Hash of the published dataset the tree was built from.
    /// @param leafCount Number of reviews (leaves) in the tree.
    /// @param prevEpoch Epoch anchored just before this one (0 for the first anchor, see `sequence`).
    /// @param sequence 1 for the first anchor, 2 for the second, ...
    /// @param anchoredAt Block timestamp of the anchor.
    struct EpochRecord {
        bytes32 root;
        bytes32 datasetHash;
        uint64 leafCount;
        uint64 prevEpoch;
        uint64 sequence;
        uint40 anchoredAt;
    }

    /// @notice `epoch` was anchored with these fields; `prevEpoch` and `sequence` as in {EpochRecord}.
    event RootAnchored(
        uint64 indexed epoch, bytes32 root, uint64 leafCount, bytes32 datasetHash, uint64 prevEpoch, uint64 sequence
    );

    /// @notice The owner replaced the account allowed to call {anchor} (zero: nobody).
    event AnchorerChanged(address indexed previousAnchorer, address indexed newAnchorer);

    /// @notice The epoch already has a root, which is never replaced.
    error ReputationAnchorEpochAlreadyAnchored(uint64 epoch, bytes32 root);
    /// @notice Epochs only go forward: `epoch` must be greater than the latest anchored one.
    error ReputationAnchorEpochNotAfterLatest(uint64 epoch, uint64 latestEpoch);
    /// @notice A zero root is reserved for "not anchored".
    error ReputationAnchorZeroRoot(uint64 epoch);
    /// @notice An epoch without reviews has no tree and is not anchored.
    error ReputationAnchorEmptyEpoch(uint64 epoch);
    /// @notice {latestEpoch} was called before any anchor.
    error ReputationAnchorNothingAnchored();
    /// @notice The constructor needs a non-zero admin.
    error ReputationAnchorZeroAdmin();
    /// @notice `epoch` has not started by the chain's clock: it is after `currentEpoch`
    /// (= block.timestamp / EPOCH_SECONDS). Without this bound one far-future anchor would end anchoring for good.
    error ReputationAnchorEpochNotStarted(uint64 epoch, uint64 currentEpoch);
    /// @notice The constructor needs an epoch length of at least one second.
    error ReputationAnchorZeroEpochLength();
    /// @notice Only the current {anchorer} may call {anchor}.
    error ReputationAnchorNotAnchorer(address caller, address anchorer);

    /// @notice The one account allowed to call {anchor} (zero: nobody); the owner replaces it with {setAnchorer}.
    function anchorer() external view returns (address);

    /// @notice Owner only: makes `newAnchorer` the only account allowed to call {anchor}, e.g. to rotate
    /// the indexer's hot key; zero stops anchoring until a new anchorer is set.
    function setAnchorer(address newAnchorer) external;

    /// @notice Length of an epoch in seconds, fixed at deployment: epoch n covers the block timestamps
    /// [n * EPOCH_SECONDS, (n + 1) * EPOCH_SECONDS). An indexer checks it against its own setting at start-up.
    function EPOCH_SECONDS() external view returns (uint64);

    /// @notice The epoch the chain's clock is in: block.timestamp / EPOCH_SECONDS.
    function currentEpoch() external view returns (uint64);

    /// @notice Anchors `epoch`'s review tree. Only {anchorer}.
    /// @param epoch Greater than every epoch anchored before, and not after {currentEpoch}.
    /// @param root StandardMerkleTree root of the epoch's reviews; non-zero.
    /// @param leafCount Number of reviews in the tree; non-zero.
    /// @param datasetHash Hash of the published dataset.
    function anchor(uint64 epoch, bytes32 root, uint64 leafCount, bytes32 datasetHash) external;

    /// @notice Merkle root anchored for `epoch`, or zero if none.
    function rootOf(uint64 epoch) external view returns (bytes32);

    /// @notice Number of leaves anchored for `epoch`, or zero if none.
    function leafCountOf(uint64 epoch) external view returns (uint64);

    /// @notice Dataset hash anchored for `epoch`, or zero if none.
    function datasetHashOf(uint64 epoch) external view returns (bytes32);

    /// @notice Everything stored for `epoch` (all zero if it was never anchored).
    function epochRecord(uint64 epoch) external view returns (EpochRecord memory);

    /// @notice The most recently anchored epoch. Reverts with {ReputationAnchorNothingAnchored} before
    /// the first anchor (epoch 0 is a valid epoch, so 0 cannot mean "none").
    function latestEpoch() external view returns (uint64);

    /// @notice Head of the log: latest epoch and number of anchors so far (0: nothing anchored, and
    /// `latest` is then meaningless).
    function head() external view returns (uint64 latest, uint64 anchorCount);

    /// @notice The Merkle leaf of `review`, exactly as StandardMerkleTree computes it:
    /// keccak256(bytes.concat(keccak256(abi.encode(taskId, reviewer, subject, rating, commentHash, timestamp)))).
    function reviewLeaf(Review calldata review) external pure returns (bytes32);

    /// @notice True iff `review` is a leaf of the tree anchored for `epoch`, proven by `proof`
    /// (the sibling hashes leaf to root, as StandardMerkleTree.getProof returns them). False for an
    /// epoch that was never anchored.
    function verifyReview(uint64 epoch, Review calldata review, bytes32[] calldata proof)
        external
        view
        returns (bool);
}
