import { parseAbi } from "viem";

/**
 * The TaskEscrow events the indexer reads, exactly as declared in
 * contracts/interfaces/ITaskEscrow.sol (the shared, fixed event surface).
 */
export const escrowEventsAbi = parseAbi([
  "event TaskFunded(bytes32 indexed taskId, address indexed client, address indexed worker, address token, uint256 amount, address arbiter, bytes32 specHash, uint64 deadline, uint64 reviewPeriod, uint16 feeBps, address referrer, uint256 nonce)",
  "event TaskSubmitted(bytes32 indexed taskId, address indexed client, address indexed worker, bytes32 resultHash, uint64 reviewDeadline)",
  "event TaskReleased(bytes32 indexed taskId, address indexed client, address indexed worker, uint256 workerPayout, uint256 fee)",
  "event TaskAutoReleased(bytes32 indexed taskId, address indexed client, address indexed worker, uint256 workerPayout, uint256 fee)",
  "event TaskDisputed(bytes32 indexed taskId, address indexed client, address indexed worker, address disputant, bytes32 reasonHash, uint64 rulingDeadline)",
  "event TaskRuled(bytes32 indexed taskId, address indexed client, address indexed worker, uint16 workerBps, uint256 workerPayout, uint256 clientRefund, uint256 fee)",
  "event TaskFallbackSettled(bytes32 indexed taskId, address indexed client, address indexed worker, uint16 workerBps, uint256 workerPayout, uint256 clientRefund, uint256 fee)",
  "event TaskRefunded(bytes32 indexed taskId, address indexed client, address indexed worker, uint256 clientRefund)",
  "event TaskDeclined(bytes32 indexed taskId, address indexed client, address indexed worker, uint256 clientRefund)",
  "event TaskCancelRequested(bytes32 indexed taskId, address indexed client, address indexed worker, address by)",
  "event TaskCancelled(bytes32 indexed taskId, address indexed client, address indexed worker, uint256 clientRefund)",
]);

export type EscrowEventName =
  | "TaskFunded"
  | "TaskSubmitted"
  | "TaskReleased"
  | "TaskAutoReleased"
  | "TaskDisputed"
  | "TaskRuled"
  | "TaskFallbackSettled"
  | "TaskRefunded"
  | "TaskDeclined"
  | "TaskCancelRequested"
  | "TaskCancelled";

/** How a task ended for the purpose of reviews: what the money did after the work. */
export type Outcome = "released" | "auto-released" | "split" | "refunded";

export type TaskStatus =
  | "funded"
  | "submitted"
  | "disputed"
  | "released"
  | "auto-released"
  | "ruled"
  | "fallback-settled"
  | "refunded"
  | "declined"
  | "cancelled";

/**
 * What one event does to its task's status (null: leaves it as it is), and the review outcome
 * if the event settles the task.
 */
export function statusAfter(event: EscrowEventName): { status: TaskStatus | null; outcome: Outcome | null } {
  switch (event) {
    case "TaskFunded":
      return { status: "funded", outcome: null };
    case "TaskSubmitted":
      return { status: "submitted", outcome: null };
    case "TaskDisputed":
      return { status: "disputed", outcome: null };
    case "TaskCancelRequested":
      return { status: null, outcome: null };
    case "TaskReleased":
      return { status: "released", outcome: "released" };
    case "TaskAutoReleased":
      return { status: "auto-released", outcome: "auto-released" };
    case "TaskRuled":
      return { status: "ruled", outcome: "split" };
    case "TaskFallbackSettled":
      return { status: "fallback-settled", outcome: "split" };
    case "TaskRefunded":
      return { status: "refunded", outcome: "refunded" };
    // Declined and cancelled tasks never had work done: they end, but nothing is there to review.
    case "TaskDeclined":
      return { status: "declined", outcome: null };
    case "TaskCancelled":
      return { status: "cancelled", outcome: null };
    default: {
      const never: never = event;
      throw new Error(`unknown escrow event ${String(never)}`);
    }
  }
}
