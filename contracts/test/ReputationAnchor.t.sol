// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IReputationAnchor} from "../interfaces/IReputationAnchor.sol";
import {ReputationAnchor} from "../ReputationAnchor.sol";
import {TestBase} from "./utils/Vm.sol";

/// @dev An account that is not the anchorer (and not the owner).
contract AnchorStranger {
    function tryAnchor(ReputationAnchor target, uint64 epoch) external returns (bytes memory revertData) {
        try target.anchor(epoch, bytes32(uint256(1)), 1, bytes32(0)) {
            return "";
        } catch (bytes memory data) {
            return data;
        }
    }

    function trySetAnchorer(ReputationAnchor target, address next) external returns (bytes memory revertData) {
        try target.setAnchorer(next) {
            return "";
        } catch (bytes memory data) {
            return data;
        }
    }
}

contract ReputationAnchorTest is TestBase {
    uint64 internal constant DAY = 86_400;
    /// @dev 2026-11-30 00:00 UTC: epoch 20,422 of a UTC-day anchor.
    uint256 internal constant NOW = 1_764_460_800;

    ReputationAnchor internal anchorContract;

    function setUp() public {
        vm.warp(NOW);
        anchorContract = new ReputationAnchor(address(this), address(this), DAY);
    }

    function _current() internal view returns (uint64) {
        return uint64(block.timestamp / DAY);
    }

    function _root(uint256 seed) internal pure returns (bytes32) {
        return keccak256(abi.encode("root", seed));
    }

    function _tryAnchor(uint64 epoch, bytes32 root) internal returns (bytes memory revertData) {
        try anchorContract.anchor(epoch, root, 1, bytes32(0)) {
            return "";
        } catch (bytes memory data) {
            return data;
        }
    }

    function test_anchor_revertsWhenEpochGoesBack() external {
        anchorContract.anchor(10, _root(1), 1, bytes32(0));
        bytes memory data = _tryAnchor(9, _root(2));
        bytes4 selector = IReputationAnchor.ReputationAnchorEpochNotAfterLatest.selector;
        require(keccak256(data) == keccak256(abi.encodeWithSelector(selector, 9, 10)), "expected NotAfterLatest");
    }

    function testFuzz_anchor_epochsOnlyGoForward(uint64 first, uint64 second) external {
        first = first % (_current() + 1);
        second = second % (_current() + 1);
        anchorContract.anchor(first, _root(1), 1, bytes32(0));
        bytes memory data = _tryAnchor(second, _root(2));
        if (second > first) {
            require(data.length == 0, "a later epoch must be accepted");
            require(anchorContract.latestEpoch() == second, "latest epoch must move forward");
        } else if (second == first) {
            require(
                keccak256(data)
                    == keccak256(
                        abi.encodeWithSelector(
                            IReputationAnchor.ReputationAnchorEpochAlreadyAnchored.selector, second, _root(1)
                        )
                    ),
                "expected EpochAlreadyAnchored"
            );
        } else {
            require(
                keccak256(data)
                    == keccak256(
                        abi.encodeWithSelector(
                            IReputationAnchor.ReputationAnchorEpochNotAfterLatest.selector, second, first
                        )
                    ),
                "expected EpochNotAfterLatest"
            );
            require(anchorContract.rootOf(second) == bytes32(0), "an earlier epoch must stay empty");
        }
        require(anchorContract.rootOf(first) == _root(1), "the first root never changes");
    }

    function _notStarted(uint64 epoch) internal view returns (bytes memory) {
        return abi.encodeWithSelector(IReputationAnchor.ReputationAnchorEpochNotStarted.selector, epoch, _current());
    }

    /// @dev Finding 5: a leaked anchorer key anchoring type(uint64).max used to end anchoring for good.
    function test_anchor_revertsForFarFutureEpochAndNextRealEpochStillAnchors() external {
        anchorContract.anchor(_current() - 1, _root(1), 1, bytes32(0));
        bytes memory data = _tryAnchor(type(uint64).max, _root(2));
        require(keccak256(data) == keccak256(_notStarted(type(uint64).max)), "expected EpochNotStarted(max, current)");
        require(anchorContract.rootOf(type(uint64).max) == bytes32(0), "the future epoch must stay empty");
        (uint64 latest, uint64 count) = anchorContract.head();
        require(latest == _current() - 1 && count == 1, "head must not move");
        anchorContract.anchor(_current(), _root(3), 1, bytes32(0));
        require(anchorContract.latestEpoch() == _current(), "the next real epoch anchors");
    }

    function testFuzz_anchor_revertsForEveryEpochNotStarted(uint64 ahead) external {
        vm.assume(ahead != 0 && ahead <= type(uint64).max - _current());
        uint64 epoch = _current() + ahead;
        require(keccak256(_tryAnchor(epoch, _root(2))) == keccak256(_notStarted(epoch)), "expected EpochNotStarted");
        anchorContract.anchor(_current(), _root(3), 1, bytes32(0));
        require(anchorContract.latestEpoch() == _current(), "the current epoch still anchors");
    }

    function test_anchor_revertsForEveryEpochNotStarted() external {
        this.testFuzz_anchor_revertsForEveryEpochNotStarted(1);
    }

    function test_anchor_acceptsTheEpochThatJustStarted() external {
        vm.warp(uint256(_current() + 1) * DAY - 1);
        require(keccak256(_tryAnchor(_current() + 1, _root(1))) == keccak256(_notStarted(_current() + 1)), "one second early");
        vm.warp(uint256(_current() + 1) * DAY);
        anchorContract.anchor(_current(), _root(1), 1, bytes32(0));
        require(anchorContract.currentEpoch() == _current(), "currentEpoch getter");
    }

    function test_constructor_fixesTheEpochLength() external {
        require(anchorContract.EPOCH_SECONDS() == DAY, "EPOCH_SECONDS getter");
        try new ReputationAnchor(address(this), address(this), 0) {
            revert("a zero epoch length must revert");
        } catch (bytes memory data) {
            bytes4 selector = IReputationAnchor.ReputationAnchorZeroEpochLength.selector;
            require(keccak256(data) == keccak256(abi.encodeWithSelector(selector)), "expected ZeroEpochLength");
        }
    }

    function test_anchor_rootNeverChanges() external {
        anchorContract.anchor(5, _root(1), 3, keccak256("data"));
        require(_tryAnchor(5, _root(2)).length != 0, "overwrite must revert");
        require(anchorContract.rootOf(5) == _root(1), "root changed");
        require(anchorContract.leafCountOf(5) == 3, "count changed");
        require(anchorContract.datasetHashOf(5) == keccak256("data"), "dataset hash changed");
    }

    function test_anchor_revertsForAnyoneButTheAnchorer() external {
        AnchorStranger stranger = new AnchorStranger();
        bytes memory data = stranger.tryAnchor(anchorContract, 1);
        bytes4 selector = IReputationAnchor.ReputationAnchorNotAnchorer.selector;
        require(
            keccak256(data) == keccak256(abi.encodeWithSelector(selector, address(stranger), address(this))),
            "expected NotAnchorer"
        );
        require(anchorContract.rootOf(1) == bytes32(0), "nothing anchored");
    }

    function test_setAnchorer_rotatesTheKeyAndOnlyTheOwnerMayCallIt() external {
        AnchorStranger next = new AnchorStranger();
        bytes memory denied = next.trySetAnchorer(anchorContract, address(next));
        require(
            keccak256(denied)
                == keccak256(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(next))),
            "expected OwnableUnauthorizedAccount"
        );
        anchorContract.setAnchorer(address(next));
        require(anchorContract.anchorer() == address(next), "anchorer getter");
        require(next.tryAnchor(anchorContract, 1).length == 0, "the new anchorer anchors");
        bytes memory data = _tryAnchor(2, _root(2));
        bytes4 selector = IReputationAnchor.ReputationAnchorNotAnchorer.selector;
        require(
            keccak256(data) == keccak256(abi.encodeWithSelector(selector, address(this), address(next))),
            "the old anchorer is refused"
        );
        anchorContract.setAnchorer(address(0));
        require(next.tryAnchor(anchorContract, 3).length != 0, "a zero anchorer stops anchoring");
    }

    function test_constructor_revertsForZeroAdmin() external {
        try new ReputationAnchor(address(0), address(this), DAY) {
            revert("a zero admin must revert");
        } catch (bytes memory data) {
            bytes4 selector = IReputationAnchor.ReputationAnchorZeroAdmin.selector;
            require(keccak256(data) == keccak256(abi.encodeWithSelector(selector)), "expected ZeroAdmin");
        }
    }

    function test_anchor_linksEpochsInTheRecords() external {
        anchorContract.anchor(1, _root(1), 2, keccak256("d1"));
        anchorContract.anchor(4, _root(2), 3, keccak256("d2"));
        IReputationAnchor.EpochRecord memory r = anchorContract.epochRecord(4);
        require(r.prevEpoch == 1 && r.sequence == 2 && r.leafCount == 3, "record links");
        require(r.anchoredAt == block.timestamp && r.datasetHash == keccak256("d2"), "record fields");
        (uint64 latest, uint64 count) = anchorContract.head();
        require(latest == 4 && count == 2, "head");
    }

    function _review(bytes32 taskId, address reviewer, uint8 rating, uint64 timestamp)
        internal
        pure
        returns (IReputationAnchor.Review memory)
    {
        return IReputationAnchor.Review({
            taskId: taskId,
            reviewer: reviewer,
            subject: address(uint160(reviewer) ^ 1),
            rating: rating,
            commentHash: keccak256(abi.encode(taskId)),
            timestamp: timestamp,
            worker: address(uint160(reviewer) ^ 1),
            claimedSuccessBps: 9_000,
            deliveredBps: 10_000
        });
    }

    function testFuzz_verifyReview_twoLeafTree(bytes32 taskId, address reviewer, uint8 rating, uint64 timestamp)
        external
    {
        IReputationAnchor.Review memory a = _review(taskId, reviewer, rating, timestamp);
        IReputationAnchor.Review memory b = _review(keccak256(abi.encode(taskId)), reviewer, rating, timestamp);
        bytes32 la = anchorContract.reviewLeaf(a);
        bytes32 lb = anchorContract.reviewLeaf(b);
        bytes32 root = la < lb ? keccak256(abi.encode(la, lb)) : keccak256(abi.encode(lb, la));
        anchorContract.anchor(1, root, 2, bytes32(0));

        bytes32[] memory proof = new bytes32[](1);
        proof[0] = lb;
        require(anchorContract.verifyReview(1, a, proof), "a must verify");
        proof[0] = la;
        require(anchorContract.verifyReview(1, b, proof), "b must verify");
        require(!anchorContract.verifyReview(2, b, proof), "unanchored epoch must not verify");
        b.rating = rating ^ 1;
        require(!anchorContract.verifyReview(1, b, proof), "changed review must not verify");
        b.rating = rating;
        b.claimedSuccessBps = 5_000; // a worker's claim cannot be rewritten after anchoring
        require(!anchorContract.verifyReview(1, b, proof), "changed claim must not verify");
        b.claimedSuccessBps = 9_000;
        b.deliveredBps = 0;
        require(!anchorContract.verifyReview(1, b, proof), "changed delivery must not verify");
    }

    function test_verifyReview_twoLeafTree() external {
        this.testFuzz_verifyReview_twoLeafTree(keccak256("task"), address(0xBEEF), 5, 1_700_000_000);
    }
}
