// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ITaskEscrow
/// @notice One escrow per awarded task. The client funds it with the worker's EIP-712 signed bid;
/// every path ends with the tokens paid to the worker, split, or refunded to the client.
/// @dev DRAFT shared by all components: the Bid struct (mirrored by agents/protocol/eip712.ts) and the
/// event names and fields below are fixed. Functions and errors are added by the implementation work.
interface ITaskEscrow {
    /// @notice The terms a worker signs (EIP-712 type `Bid`, domain name "TaskEscrow", version "1").
    /// @param taskId Manager-chosen id of the task; one escrow per id, ever.
    /// @param specHash keccak256 of the task specification the worker bid on.
    /// @param arbiter Who may rule a dispute; the worker agrees to it by signing.
    /// @param deadline Unix time by which the worker must submit.
    /// @param reviewPeriod Seconds after submission during which the client may release or dispute.
    /// @param expiry Unix time after which the bid can no longer be funded.
    /// @param nonce Per-worker nonce; each is usable once and the worker may cancel it.
    struct Bid {
        bytes32 taskId;
        bytes32 specHash;
        address client;
        address worker;
        address token;
        uint256 amount;
        address arbiter;
        uint64 deadline;
        uint64 reviewPeriod;
        uint64 expiry;
        uint256 nonce;
    }

    /// @notice Lifecycle of one escrow. Values from Released on are terminal.
    enum Status {
        None,
        Funded,
        Submitted,
        Disputed,
        Released,
        AutoReleased,
        Ruled,
        FallbackSettled,
        Refunded,
        Declined,
        Cancelled
    }

    event TaskFunded(
        bytes32 indexed taskId,
        address indexed client,
        address indexed worker,
        address token,
        uint256 amount,
        address arbiter,
        bytes32 specHash,
        uint64 deadline,
        uint64 reviewPeriod,
        uint16 feeBps,
        address referrer,
        uint256 nonce
    );
    event TaskSubmitted(
        bytes32 indexed taskId, address indexed client, address indexed worker, bytes32 resultHash, uint64 reviewDeadline
    );
    event TaskReleased(
        bytes32 indexed taskId, address indexed client, address indexed worker, uint256 workerPayout, uint256 fee
    );
    event TaskAutoReleased(
        bytes32 indexed taskId, address indexed client, address indexed worker, uint256 workerPayout, uint256 fee
    );
    event TaskDisputed(
        bytes32 indexed taskId,
        address indexed client,
        address indexed worker,
        address disputant,
        bytes32 reasonHash,
        uint64 rulingDeadline
    );
    event TaskRuled(
        bytes32 indexed taskId,
        address indexed client,
        address indexed worker,
        uint16 workerBps,
        uint256 workerPayout,
        uint256 clientRefund,
        uint256 fee
    );
    event TaskFallbackSettled(
        bytes32 indexed taskId,
        address indexed client,
        address indexed worker,
        uint16 workerBps,
        uint256 workerPayout,
        uint256 clientRefund,
        uint256 fee
    );
    event TaskRefunded(bytes32 indexed taskId, address indexed client, address indexed worker, uint256 clientRefund);
    event TaskDeclined(bytes32 indexed taskId, address indexed client, address indexed worker, uint256 clientRefund);
    event TaskCancelRequested(bytes32 indexed taskId, address indexed client, address indexed worker, address by);
    event TaskCancelled(bytes32 indexed taskId, address indexed client, address indexed worker, uint256 clientRefund);
    event BidNonceCancelled(address indexed worker, uint256 indexed nonce);
}
