// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ITaskEscrow} from "./ITaskEscrow.sol";

/// @title IJuryArbiter
/// @notice An arbiter made of a panel of jurors, usable as the `arbiter` of any task of one TaskEscrow.
///
/// Pool: a juror joins with an agent id it owns in the identity registry (ERC-721 `ownerOf`). The
/// `arbitrate` skill is attested off-chain by the agent's card; on chain, pool membership means owning
/// a registered agent id and having joined with it. An entry whose agent id changed owner (or was
/// burned) since it joined is skipped at the draw.
///
/// A case, once its task is disputed:
/// 1. {openCase} (anyone) checks the task's {ITaskEscrow.Terms} against the escrow, fixes the windows
///    and names a future block, `drawBlock = block.number + 1`.
/// 2. {drawPanel} (anyone, after `drawBlock`) draws `panelSize` distinct jurors from the pool with the
///    seed keccak256(caseId, client, worker, blockhash(drawBlock)). Neither party can pick the panel by
///    choosing when to dispute or to open: the hash of a block not yet produced decides it. Residual
///    risk: the proposer of `drawBlock` can withhold its block (one re-roll, at the cost of its reward),
///    and if nobody draws within 256 blocks the draw is rescheduled, so a party that sees an unwelcome
///    panel can delay it only if nobody else (the other party, any juror) calls {drawPanel} meanwhile.
///    A juror who is the task's client or worker, or whose owner already holds a seat, is skipped.
/// 3. Commit window `(disputedAt, disputedAt + commitWindow]`: each panel juror commits
///    {commitmentOf}(caseId, juror, workerBps, salt); the juror and case in the hash stop copying.
/// 4. Reveal window `(commitEnd, commitEnd + revealWindow]`: jurors reveal; a reveal that does not
///    match the commitment reverts and never counts.
/// 5. {execute} (anyone) once every juror revealed, or after the reveal window with at least `quorum`
///    reveals, and no later than the escrow's ruling deadline: the median of the revealed votes is
///    passed to the escrow's `rule`. Jurors who did not reveal are recorded ({missedReveals}).
/// Without a quorum, {lapse} records the missing jurors and the escrow's fallback split applies after
/// its ruling window, as for any silent arbiter. commitWindow + revealWindow must be shorter than the
/// task's ruling window, so execution always has at least one second inside it.
interface IJuryArbiter {
    /// @notice Lifecycle of a case.
    enum CaseStatus {
        None,
        Opened,
        Drawn,
        Ruled,
        Lapsed
    }

    /// @notice One case; `caseId` = keccak256(abi.encode(client, taskId)).
    /// @param termsHash keccak256(abi.encode(terms)) of the task's terms, checked again at {execute}.
    /// @param drawBlock The block whose hash seeds the panel.
    /// @param commitEnd Last second of the commit window (disputedAt + commitWindow).
    /// @param revealEnd Last second of the reveal window (commitEnd + revealWindow).
    /// @param rulingEnd The escrow's ruling deadline (disputedAt + terms.rulingWindow).
    /// @param ruling The median passed to the escrow (meaningful once Ruled).
    struct Case {
        bytes32 taskId;
        bytes32 termsHash;
        address client;
        address worker;
        uint64 drawBlock;
        uint40 commitEnd;
        uint40 revealEnd;
        uint40 rulingEnd;
        CaseStatus status;
        uint8 commits;
        uint8 reveals;
        uint16 ruling;
    }

    /// @notice `juror` joined the pool with `agentId`.
    event JurorJoined(uint256 indexed agentId, address indexed juror);
    /// @notice `agentId` left the pool.
    event JurorLeft(uint256 indexed agentId, address indexed juror);
    /// @notice A case was opened for a disputed task; the panel is drawn from `drawBlock`'s hash.
    event CaseOpened(
        bytes32 indexed caseId,
        bytes32 indexed taskId,
        address indexed client,
        uint64 drawBlock,
        uint40 commitEnd,
        uint40 revealEnd,
        uint40 rulingEnd
    );
    /// @notice The draw block's hash was no longer available (256 blocks passed); a new block was named.
    event DrawRescheduled(bytes32 indexed caseId, uint64 drawBlock);
    /// @notice The panel was drawn: `jurors[i]` sits for `agentIds[i]`.
    event PanelDrawn(bytes32 indexed caseId, uint256[] agentIds, address[] jurors);
    /// @notice A panel juror committed its hidden vote.
    event VoteCommitted(bytes32 indexed caseId, address indexed juror, bytes32 commitment);
    /// @notice A panel juror revealed `workerBps`, matching its commitment.
    event VoteRevealed(bytes32 indexed caseId, address indexed juror, uint16 workerBps);
    /// @notice The median `workerBps` of `reveals` revealed votes was ruled on the escrow.
    event CaseRuled(bytes32 indexed caseId, bytes32 indexed taskId, uint16 workerBps, uint8 reveals);
    /// @notice The case ended without a ruling (`reveals` below quorum, or the ruling window passed).
    event CaseLapsed(bytes32 indexed caseId, bytes32 indexed taskId, uint8 reveals);
    /// @notice A panel juror did not reveal; `missedTotal` is its agent's count so far.
    event JurorMissedReveal(
        bytes32 indexed caseId, uint256 indexed agentId, address indexed juror, uint256 missedTotal
    );

    /// @notice Constructor arguments out of range (panel 1..32, quorum 1..panel, windows non-zero).
    error JuryArbiterInvalidConfig(uint256 panelSize, uint256 quorum, uint256 commitWindow, uint256 revealWindow);
    /// @notice A zero address where one is required.
    error JuryArbiterZeroAddress();
    /// @notice `caller` does not own `agentId` in the registry (owner `owner`).
    error JuryArbiterNotAgentOwner(uint256 agentId, address caller, address owner);
    /// @notice `agentId` is already in the pool.
    error JuryArbiterAlreadyJoined(uint256 agentId);
    /// @notice `agentId` is not in the pool.
    error JuryArbiterNotJoined(uint256 agentId);
    /// @notice The task names `arbiter`, not this contract.
    error JuryArbiterNotTaskArbiter(bytes32 taskId, address arbiter);
    /// @notice The task is in escrow status `status`, not Disputed.
    error JuryArbiterNotDisputed(bytes32 taskId, ITaskEscrow.Status status);
    /// @notice The terms passed do not match the escrow's (or the case's) commitment.
    error JuryArbiterTermsMismatch(bytes32 taskId);
    /// @notice commitWindow + revealWindow (`windows`) is not shorter than the task's `rulingWindow`.
    error JuryArbiterWindowsTooLong(bytes32 taskId, uint256 windows, uint256 rulingWindow);
    /// @notice The case is in `status`, which does not allow this step.
    error JuryArbiterWrongCaseStatus(bytes32 caseId, CaseStatus status);
    /// @notice The draw block `drawBlock` is not yet in the past (current block `blockNumber`).
    error JuryArbiterDrawNotReady(bytes32 caseId, uint256 drawBlock, uint256 blockNumber);
    /// @notice Only `eligible` jurors could be drawn; the panel needs `panelSize`.
    error JuryArbiterPoolTooSmall(bytes32 caseId, uint256 eligible, uint256 panelSize);
    /// @notice `caller` does not sit on the case's panel.
    error JuryArbiterNotOnPanel(bytes32 caseId, address caller);
    /// @notice Too early: this step opens after `opensAt` (exclusive).
    error JuryArbiterTooEarly(bytes32 caseId, uint256 opensAt, uint256 nowTs);
    /// @notice Too late: this step closed at `closedAt` (inclusive bound).
    error JuryArbiterTooLate(bytes32 caseId, uint256 closedAt, uint256 nowTs);
    /// @notice The zero hash cannot be a commitment.
    error JuryArbiterZeroCommitment(bytes32 caseId, address juror);
    /// @notice `juror` already committed.
    error JuryArbiterAlreadyCommitted(bytes32 caseId, address juror);
    /// @notice `juror` has no commitment to reveal.
    error JuryArbiterNotCommitted(bytes32 caseId, address juror);
    /// @notice `juror` already revealed.
    error JuryArbiterAlreadyRevealed(bytes32 caseId, address juror);
    /// @notice The revealed vote and salt do not hash to `juror`'s commitment.
    error JuryArbiterRevealMismatch(bytes32 caseId, address juror);
    /// @notice A vote above 10_000 basis points.
    error JuryArbiterBpsTooHigh(uint256 workerBps, uint256 max);
    /// @notice Only `reveals` of the required `quorum` votes were revealed.
    error JuryArbiterNoQuorum(bytes32 caseId, uint256 reveals, uint256 quorum);

    /// @notice Joins the pool with `agentId`, which the caller must own in the registry.
    function joinPool(uint256 agentId) external;

    /// @notice Leaves the pool; the agent's current owner calls. Seats already drawn are kept.
    function leavePool(uint256 agentId) external;

    /// @notice Opens the case of a disputed task whose arbiter is this contract (anyone may call).
    /// @return caseId keccak256(abi.encode(terms.client, taskId)).
    function openCase(bytes32 taskId, ITaskEscrow.Terms calldata terms) external returns (bytes32 caseId);

    /// @notice Draws the panel from the draw block's hash (anyone, once that block is past and before
    /// the commit window ends); reschedules the draw if that hash is no longer available.
    function drawPanel(bytes32 caseId) external;

    /// @notice A panel juror commits {commitmentOf}(caseId, juror, workerBps, salt) in the commit window.
    function commit(bytes32 caseId, bytes32 commitment) external;

    /// @notice A panel juror reveals its vote in the reveal window; it must match its commitment.
    function reveal(bytes32 caseId, uint16 workerBps, bytes32 salt) external;

    /// @notice Rules the median of the revealed votes on the escrow (anyone; see the steps above).
    function execute(bytes32 caseId, ITaskEscrow.Terms calldata terms) external;

    /// @notice Ends a case that can no longer be ruled (reveal window over without quorum, or the
    /// escrow's ruling deadline passed) and records the jurors who did not reveal. Anyone may call.
    function lapse(bytes32 caseId) external;

    /// @notice The hash a juror commits: keccak256(abi.encode(workerBps, salt, juror, caseId)).
    function commitmentOf(bytes32 caseId, address juror, uint16 workerBps, bytes32 salt)
        external
        pure
        returns (bytes32);

    /// @notice keccak256(abi.encode(client, taskId)): one case per task of a client.
    function caseIdOf(address client, bytes32 taskId) external pure returns (bytes32);

    /// @notice The case record.
    function caseOf(bytes32 caseId) external view returns (Case memory);

    /// @notice The panel: agent ids and the accounts that sit for them, in draw order.
    function panelOf(bytes32 caseId) external view returns (uint256[] memory agentIds, address[] memory jurors);

    /// @notice The revealed votes, in reveal order.
    function votesOf(bytes32 caseId) external view returns (uint16[] memory);

    /// @notice How many times `agentId` sat on a panel and did not reveal.
    function missedReveals(uint256 agentId) external view returns (uint256);

    /// @notice The pool's agent ids (including entries whose owner changed since joining).
    function pool() external view returns (uint256[] memory);

    /// @notice The escrow this arbiter serves.
    function escrow() external view returns (ITaskEscrow);

    /// @notice The identity registry (ERC-721) whose agent ids form the pool.
    function registry() external view returns (address);

    /// @notice Panel size, quorum of reveals, commit window and reveal window (seconds).
    function settings() external view returns (uint8 panelSize, uint8 quorum, uint32 commitWindow, uint32 revealWindow);
}
