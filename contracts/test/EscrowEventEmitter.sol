// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ITaskEscrow} from "../interfaces/ITaskEscrow.sol";

/// @notice Test-only: emits TaskEscrow's events on demand, so the indexer's ingestion can be
/// tested on edge cases (replays, batches, unknown tasks) without driving a real escrow.
contract EscrowEventEmitter {
    function funded(bytes32 taskId, address client, address worker, address token, uint256 amount) external {
        emit ITaskEscrow.TaskFunded(
            taskId, client, worker, token, amount, address(0), bytes32(0), 0, 0, 0, address(0), 0
        );
    }

    function submitted(bytes32 taskId, address client, address worker) external {
        emit ITaskEscrow.TaskSubmitted(taskId, client, worker, keccak256("result"), uint64(block.timestamp + 1 days));
    }

    function released(bytes32 taskId, address client, address worker) external {
        emit ITaskEscrow.TaskReleased(taskId, client, worker, 99, 1);
    }

    function autoReleased(bytes32 taskId, address client, address worker) external {
        emit ITaskEscrow.TaskAutoReleased(taskId, client, worker, 99, 1);
    }

    function disputed(bytes32 taskId, address client, address worker) external {
        emit ITaskEscrow.TaskDisputed(
            taskId, client, worker, client, keccak256("bad"), uint64(block.timestamp + 1 days)
        );
    }

    function ruled(bytes32 taskId, address client, address worker, uint16 workerBps) external {
        emit ITaskEscrow.TaskRuled(taskId, client, worker, workerBps, 50, 49, 1);
    }

    function fallbackSettled(bytes32 taskId, address client, address worker) external {
        emit ITaskEscrow.TaskFallbackSettled(taskId, client, worker, 5000, 50, 49, 1);
    }

    function refunded(bytes32 taskId, address client, address worker) external {
        emit ITaskEscrow.TaskRefunded(taskId, client, worker, 100);
    }

    function declined(bytes32 taskId, address client, address worker) external {
        emit ITaskEscrow.TaskDeclined(taskId, client, worker, 100);
    }

    function cancelRequested(bytes32 taskId, address client, address worker) external {
        emit ITaskEscrow.TaskCancelRequested(taskId, client, worker, client);
    }

    function cancelled(bytes32 taskId, address client, address worker) external {
        emit ITaskEscrow.TaskCancelled(taskId, client, worker, 100);
    }
}
