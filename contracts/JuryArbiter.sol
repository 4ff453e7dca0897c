// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IJuryArbiter} from "./interfaces/IJuryArbiter.sol";
import {ITaskEscrow} from "./interfaces/ITaskEscrow.sol";
import {Median} from "./libraries/Median.sol";

/// @title JuryArbiter
/// @notice A TaskEscrow arbiter made of a panel of registered jurors voting by commit and reveal.
contract JuryArbiter is IJuryArbiter {
    /// @notice Largest panel (bounds every loop over a panel).
    uint256 public constant MAX_PANEL = 32;
    uint256 internal constant BPS = 10_000;

    /// @dev One seat of a panel. `commitment` zero means not committed.
    struct Seat {
        uint256 agentId;
        address juror;
        bool revealed;
        bytes32 commitment;
    }

    ITaskEscrow private immutable _escrow;
    IERC721 private immutable _registry;
    uint8 private immutable _panelSize;
    uint8 private immutable _quorum;
    uint32 private immutable _commitWindow;
    uint32 private immutable _revealWindow;

    uint256[] private _pool;
    mapping(uint256 agentId => uint256 indexPlusOne) private _poolIndex;
    mapping(uint256 agentId => address juror) private _joinedBy;
    mapping(uint256 agentId => uint256 count) private _missed;
    mapping(bytes32 caseId => Case) private _cases;
    mapping(bytes32 caseId => Seat[]) private _panels;
    mapping(bytes32 caseId => mapping(address juror => uint256 seatPlusOne)) private _seatOf;
    mapping(bytes32 caseId => uint16[]) private _votes;

    constructor(
        ITaskEscrow escrow_,
        address registry_,
        uint8 panelSize_,
        uint8 quorum_,
        uint32 commitWindow_,
        uint32 revealWindow_
    ) {
        if (address(escrow_) == address(0) || registry_ == address(0)) revert JuryArbiterZeroAddress();
        if (
            panelSize_ == 0 || panelSize_ > MAX_PANEL || quorum_ == 0 || quorum_ > panelSize_ || commitWindow_ == 0
                || revealWindow_ == 0
        ) revert JuryArbiterInvalidConfig(panelSize_, quorum_, commitWindow_, revealWindow_);
        _escrow = escrow_;
        _registry = IERC721(registry_);
        _panelSize = panelSize_;
        _quorum = quorum_;
        _commitWindow = commitWindow_;
        _revealWindow = revealWindow_;
    }

    // ------------------------------------------------------------------ pool

    /// @inheritdoc IJuryArbiter
    function joinPool(uint256 agentId) external {
        address owner = _ownerOf(agentId);
        if (owner != msg.sender) revert JuryArbiterNotAgentOwner(agentId, msg.sender, owner);
        if (_poolIndex[agentId] != 0) revert JuryArbiterAlreadyJoined(agentId);
        _pool.push(agentId);
        _poolIndex[agentId] = _pool.length;
        _joinedBy[agentId] = msg.sender;
        emit JurorJoined(agentId, msg.sender);
    }

    /// @inheritdoc IJuryArbiter
    function leavePool(uint256 agentId) external {
        uint256 indexPlusOne = _poolIndex[agentId];
        if (indexPlusOne == 0) revert JuryArbiterNotJoined(agentId);
        address owner = _ownerOf(agentId);
        if (msg.sender != owner && msg.sender != _joinedBy[agentId]) {
            revert JuryArbiterNotAgentOwner(agentId, msg.sender, owner);
        }
        uint256 last = _pool[_pool.length - 1];
        _pool[indexPlusOne - 1] = last;
        _poolIndex[last] = indexPlusOne;
        _pool.pop();
        delete _poolIndex[agentId];
        delete _joinedBy[agentId];
        emit JurorLeft(agentId, msg.sender);
    }

    // ------------------------------------------------------------------ case

    /// @inheritdoc IJuryArbiter
    function openCase(bytes32 taskId, ITaskEscrow.Terms calldata terms) external returns (bytes32 caseId) {
        if (terms.arbiter != address(this)) revert JuryArbiterNotTaskArbiter(taskId, terms.arbiter);
        uint256 disputedAt = _disputedAt(taskId, terms);
        uint256 windows = uint256(_commitWindow) + _revealWindow;
        if (windows >= terms.rulingWindow) revert JuryArbiterWindowsTooLong(taskId, windows, terms.rulingWindow);
        caseId = _caseId(terms.client, taskId);
        Case storage c = _cases[caseId];
        if (c.status != CaseStatus.None) revert JuryArbiterWrongCaseStatus(caseId, c.status);
        uint256 commitEnd = disputedAt + _commitWindow;
        if (block.timestamp > commitEnd) revert JuryArbiterTooLate(caseId, commitEnd, block.timestamp);
        c.taskId = taskId;
        c.termsHash = keccak256(abi.encode(terms));
        c.client = terms.client;
        c.worker = terms.worker;
        c.drawBlock = uint64(block.number + 1);
        c.commitEnd = uint40(commitEnd);
        c.revealEnd = uint40(commitEnd + _revealWindow);
        c.rulingEnd = uint40(disputedAt + terms.rulingWindow);
        c.status = CaseStatus.Opened;
        emit CaseOpened(caseId, taskId, terms.client, c.drawBlock, c.commitEnd, c.revealEnd, c.rulingEnd);
    }

    /// @inheritdoc IJuryArbiter
    function drawPanel(bytes32 caseId) external {
        Case storage c = _cases[caseId];
        if (c.status != CaseStatus.Opened) revert JuryArbiterWrongCaseStatus(caseId, c.status);
        if (block.number <= c.drawBlock) revert JuryArbiterDrawNotReady(caseId, c.drawBlock, block.number);
        if (block.timestamp > c.commitEnd) revert JuryArbiterTooLate(caseId, c.commitEnd, block.timestamp);
        bytes32 hash = blockhash(c.drawBlock);
        if (hash == bytes32(0)) {
            c.drawBlock = uint64(block.number + 1);
            emit DrawRescheduled(caseId, c.drawBlock);
            return;
        }
        (uint256[] memory agentIds, address[] memory jurors) =
            _draw(caseId, keccak256(abi.encode(caseId, c.client, c.worker, hash)), c.client, c.worker);
        Seat[] storage seats = _panels[caseId];
        for (uint256 i; i < agentIds.length; ++i) {
            seats.push(Seat({agentId: agentIds[i], juror: jurors[i], revealed: false, commitment: bytes32(0)}));
            _seatOf[caseId][jurors[i]] = i + 1;
        }
        c.status = CaseStatus.Drawn;
        emit PanelDrawn(caseId, agentIds, jurors);
    }

    /// @inheritdoc IJuryArbiter
    function commit(bytes32 caseId, bytes32 commitment) external {
        Case storage c = _cases[caseId];
        Seat storage seat = _seat(caseId, c);
        if (block.timestamp > c.commitEnd) revert JuryArbiterTooLate(caseId, c.commitEnd, block.timestamp);
        if (commitment == bytes32(0)) revert JuryArbiterZeroCommitment(caseId, msg.sender);
        if (seat.commitment != bytes32(0)) revert JuryArbiterAlreadyCommitted(caseId, msg.sender);
        seat.commitment = commitment;
        ++c.commits;
        emit VoteCommitted(caseId, msg.sender, commitment);
    }

    /// @inheritdoc IJuryArbiter
    function reveal(bytes32 caseId, uint16 workerBps, bytes32 salt) external {
        Case storage c = _cases[caseId];
        Seat storage seat = _seat(caseId, c);
        if (block.timestamp <= c.commitEnd) revert JuryArbiterTooEarly(caseId, c.commitEnd, block.timestamp);
        if (block.timestamp > c.revealEnd) revert JuryArbiterTooLate(caseId, c.revealEnd, block.timestamp);
        if (seat.commitment == bytes32(0)) revert JuryArbiterNotCommitted(caseId, msg.sender);
        if (seat.revealed) revert JuryArbiterAlreadyRevealed(caseId, msg.sender);
        if (workerBps > BPS) revert JuryArbiterBpsTooHigh(workerBps, BPS);
        if (_commitment(caseId, msg.sender, workerBps, salt) != seat.commitment) {
            revert JuryArbiterRevealMismatch(caseId, msg.sender);
        }
        seat.revealed = true;
        ++c.reveals;
        _votes[caseId].push(workerBps);
        emit VoteRevealed(caseId, msg.sender, workerBps);
    }

    /// @inheritdoc IJuryArbiter
    function execute(bytes32 caseId, ITaskEscrow.Terms calldata terms) external {
        Case storage c = _cases[caseId];
        if (c.status != CaseStatus.Drawn) revert JuryArbiterWrongCaseStatus(caseId, c.status);
        if (keccak256(abi.encode(terms)) != c.termsHash) revert JuryArbiterTermsMismatch(c.taskId);
        if (block.timestamp > c.rulingEnd) revert JuryArbiterTooLate(caseId, c.rulingEnd, block.timestamp);
        if (c.reveals < _panelSize) {
            if (block.timestamp <= c.revealEnd) revert JuryArbiterTooEarly(caseId, c.revealEnd, block.timestamp);
            if (c.reveals < _quorum) revert JuryArbiterNoQuorum(caseId, c.reveals, _quorum);
        }
        uint16 ruling = Median.compute(_votes[caseId]);
        c.status = CaseStatus.Ruled;
        c.ruling = ruling;
        _recordMissed(caseId);
        emit CaseRuled(caseId, c.taskId, ruling, c.reveals);
        _escrow.rule(c.taskId, terms, ruling);
    }

    /// @inheritdoc IJuryArbiter
    function lapse(bytes32 caseId) external {
        Case storage c = _cases[caseId];
        if (c.status == CaseStatus.Opened) {
            if (block.timestamp <= c.commitEnd) revert JuryArbiterTooEarly(caseId, c.commitEnd, block.timestamp);
        } else if (c.status == CaseStatus.Drawn) {
            if (block.timestamp <= c.revealEnd) revert JuryArbiterTooEarly(caseId, c.revealEnd, block.timestamp);
            // With a quorum the case can still be ruled until the escrow's ruling deadline.
            if (c.reveals >= _quorum && block.timestamp <= c.rulingEnd) {
                revert JuryArbiterTooEarly(caseId, c.rulingEnd, block.timestamp);
            }
        } else {
            revert JuryArbiterWrongCaseStatus(caseId, c.status);
        }
        c.status = CaseStatus.Lapsed;
        _recordMissed(caseId);
        emit CaseLapsed(caseId, c.taskId, c.reveals);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IJuryArbiter
    function commitmentOf(bytes32 caseId, address juror, uint16 workerBps, bytes32 salt)
        external
        pure
        returns (bytes32)
    {
        return _commitment(caseId, juror, workerBps, salt);
    }

    /// @inheritdoc IJuryArbiter
    function caseIdOf(address client, bytes32 taskId) external pure returns (bytes32) {
        return _caseId(client, taskId);
    }

    /// @inheritdoc IJuryArbiter
    function caseOf(bytes32 caseId) external view returns (Case memory) {
        return _cases[caseId];
    }

    /// @inheritdoc IJuryArbiter
    function panelOf(bytes32 caseId) external view returns (uint256[] memory agentIds, address[] memory jurors) {
        Seat[] storage seats = _panels[caseId];
        agentIds = new uint256[](seats.length);
        jurors = new address[](seats.length);
        for (uint256 i; i < seats.length; ++i) {
            (agentIds[i], jurors[i]) = (seats[i].agentId, seats[i].juror);
        }
    }

    /// @inheritdoc IJuryArbiter
    function votesOf(bytes32 caseId) external view returns (uint16[] memory) {
        return _votes[caseId];
    }

    /// @inheritdoc IJuryArbiter
    function missedReveals(uint256 agentId) external view returns (uint256) {
        return _missed[agentId];
    }

    /// @inheritdoc IJuryArbiter
    function pool() external view returns (uint256[] memory) {
        return _pool;
    }

    /// @inheritdoc IJuryArbiter
    function escrow() external view returns (ITaskEscrow) {
        return _escrow;
    }

    /// @inheritdoc IJuryArbiter
    function registry() external view returns (address) {
        return address(_registry);
    }

    /// @inheritdoc IJuryArbiter
    function settings() external view returns (uint8, uint8, uint32, uint32) {
        return (_panelSize, _quorum, _commitWindow, _revealWindow);
    }

    // ------------------------------------------------------------------ internals

    /// @dev The dispute time of a Disputed task whose terms match the escrow's commitment.
    function _disputedAt(bytes32 taskId, ITaskEscrow.Terms calldata terms) private view returns (uint256) {
        // The escrow keys tasks by (client, taskId); the terms name the client.
        (ITaskEscrow.Status status, uint40 since, uint256 termsHash) = _escrow.taskState(terms.client, taskId);
        if (status != ITaskEscrow.Status.Disputed) revert JuryArbiterNotDisputed(taskId, status);
        if (_escrow.hashTerms(taskId, terms) != termsHash) revert JuryArbiterTermsMismatch(taskId);
        return since;
    }

    /// @dev The caller's seat on a drawn case's panel.
    function _seat(bytes32 caseId, Case storage c) private view returns (Seat storage) {
        if (c.status != CaseStatus.Drawn) revert JuryArbiterWrongCaseStatus(caseId, c.status);
        uint256 seatPlusOne = _seatOf[caseId][msg.sender];
        if (seatPlusOne == 0) revert JuryArbiterNotOnPanel(caseId, msg.sender);
        return _panels[caseId][seatPlusOne - 1];
    }

    /// @dev Partial Fisher-Yates shuffle of the pool, done virtually (only touched positions are kept
    /// in memory): each step picks uniformly among the entries not yet picked; an ineligible entry
    /// (owner changed, burned, a party of the task, or an account already seated) is passed over.
    function _draw(bytes32 caseId, bytes32 seed, address client, address worker)
        private
        view
        returns (uint256[] memory agentIds, address[] memory jurors)
    {
        uint256 n = _pool.length;
        uint256 size = _panelSize;
        agentIds = new uint256[](size);
        jurors = new address[](size);
        uint256[] memory movedFrom = new uint256[](n);
        uint256[] memory movedValue = new uint256[](n);
        uint256 moves;
        uint256 seated;
        for (uint256 k; k < n && seated < size; ++k) {
            uint256 j = k + uint256(keccak256(abi.encode(seed, k))) % (n - k);
            uint256 picked = _at(j, movedFrom, movedValue, moves);
            if (j != k) {
                // Position j now holds what position k held; k is never read again.
                movedFrom[moves] = j;
                movedValue[moves] = _at(k, movedFrom, movedValue, moves);
                ++moves;
            }
            address juror = _eligible(picked, client, worker, jurors, seated);
            if (juror == address(0)) continue;
            (agentIds[seated], jurors[seated]) = (picked, juror);
            ++seated;
        }
        if (seated < size) revert JuryArbiterPoolTooSmall(caseId, seated, size);
    }

    /// @dev The pool entry at position `i` after the recorded moves (latest move wins).
    function _at(uint256 i, uint256[] memory from, uint256[] memory value, uint256 moves)
        private
        view
        returns (uint256)
    {
        for (uint256 m = moves; m > 0; --m) {
            if (from[m - 1] == i) return value[m - 1];
        }
        return _pool[i];
    }

    /// @dev The account that sits for `agentId`, or zero if it may not sit on this panel.
    function _eligible(uint256 agentId, address client, address worker, address[] memory seated, uint256 count)
        private
        view
        returns (address juror)
    {
        juror = _joinedBy[agentId];
        if (_ownerOf(agentId) != juror || juror == client || juror == worker) return address(0);
        for (uint256 i; i < count; ++i) {
            if (seated[i] == juror) return address(0);
        }
    }

    /// @dev Counts a missed reveal for every seat that did not reveal.
    function _recordMissed(bytes32 caseId) private {
        Seat[] storage seats = _panels[caseId];
        for (uint256 i; i < seats.length; ++i) {
            if (seats[i].revealed) continue;
            uint256 total = ++_missed[seats[i].agentId];
            emit JurorMissedReveal(caseId, seats[i].agentId, seats[i].juror, total);
        }
    }

    /// @dev The registry owner of `agentId`, or zero if it has none (burned or never registered).
    function _ownerOf(uint256 agentId) private view returns (address) {
        try _registry.ownerOf(agentId) returns (address owner) {
            return owner;
        } catch {
            return address(0);
        }
    }

    function _commitment(bytes32 caseId, address juror, uint16 workerBps, bytes32 salt)
        private
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(workerBps, salt, juror, caseId));
    }

    function _caseId(address client, bytes32 taskId) private pure returns (bytes32) {
        return keccak256(abi.encode(client, taskId));
    }
}
