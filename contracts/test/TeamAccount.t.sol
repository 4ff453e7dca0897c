// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ITeamAccount} from "../interfaces/ITeamAccount.sol";
import {ITeamAccountFactory} from "../interfaces/ITeamAccountFactory.sol";
import {ERC1271Wallet} from "../mocks/ERC1271Wallet.sol";
import {MockUSDC} from "../mocks/MockUSDC.sol";
import {TeamAccount} from "../TeamAccount.sol";
import {TeamAccountFactory} from "../TeamAccountFactory.sol";
import {TestBase} from "./utils/Vm.sol";

/// @notice TeamAccount and its factory: construction rules, all-member signatures, exact payouts.
contract TeamAccountTest is TestBase {
    bytes4 internal constant MAGIC = 0x1626ba7e;
    TeamAccountFactory internal factory;
    MockUSDC internal usdc;

    function setUp() public {
        factory = new TeamAccountFactory();
        usdc = new MockUSDC();
    }

    // ------------------------------------------------------------------ helpers

    /// @dev `n` member keys whose addresses come out ascending (keys sorted by their address).
    function _keys(uint256 n, uint256 seed) internal pure returns (uint256[] memory keys, address[] memory members) {
        keys = new uint256[](n);
        members = new address[](n);
        for (uint256 i; i < n; ++i) {
            keys[i] = uint256(keccak256(abi.encode(seed, i))) % (2 ** 200) + 1;
            members[i] = vm.addr(keys[i]);
        }
        for (uint256 i = 1; i < n; ++i) {
            for (uint256 j = i; j > 0 && members[j - 1] > members[j]; --j) {
                (members[j - 1], members[j]) = (members[j], members[j - 1]);
                (keys[j - 1], keys[j]) = (keys[j], keys[j - 1]);
            }
        }
    }

    /// @dev Shares in bps from seeds: each at least 1, summing to 10_000.
    function _shares(uint256 n, uint256 seed) internal pure returns (uint16[] memory s) {
        s = new uint16[](n);
        uint256 left = 10_000 - n;
        for (uint256 i; i + 1 < n; ++i) {
            uint256 extra = uint256(keccak256(abi.encode(seed, "share", i))) % (left + 1);
            s[i] = uint16(1 + extra);
            left -= extra;
        }
        s[n - 1] = uint16(1 + left);
    }

    function _part(bytes memory sig) internal pure returns (bytes memory) {
        return abi.encodePacked(uint16(sig.length), sig);
    }

    function _sig(uint256 key, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    function _teamSig(uint256[] memory keys, bytes32 digest) internal pure returns (bytes memory out) {
        for (uint256 i; i < keys.length; ++i) out = bytes.concat(out, _part(_sig(keys[i], digest)));
    }

    function _halves() internal pure returns (uint16[] memory s) {
        s = new uint16[](2);
        s[0] = 5_000;
        s[1] = 5_000;
    }

    // ------------------------------------------------------------------ factory

    function test_create_deploysAtPredictedAddressWithFixedTerms() external {
        (, address[] memory m) = _keys(3, 1);
        uint16[] memory s = _shares(3, 1);
        address predicted = factory.predict(m, s, m[1]);
        address team = factory.create(m, s, m[1]);
        assertEq(uint160(team), uint160(predicted), "create2 address");
        TeamAccount t = TeamAccount(team);
        assertEq(t.members().length, 3, "members");
        assertEq(uint160(t.members()[2]), uint160(m[2]), "member order");
        assertEq(t.shares()[0], s[0], "share 0");
        assertEq(uint160(t.dustMember()), uint160(m[1]), "dust member");
    }

    function test_create_revertsWhenTeamExists() external {
        (, address[] memory m) = _keys(2, 2);
        address team = factory.create(m, _halves(), m[0]);
        vm.expectRevert(abi.encodeWithSelector(ITeamAccountFactory.TeamAccountFactoryTeamExists.selector, team));
        factory.create(m, _halves(), m[0]);
    }

    function test_create_revertsOnBadMembersOrShares() external {
        (, address[] memory m) = _keys(2, 3);
        address[] memory none = new address[](0);
        vm.expectRevert(abi.encodeWithSelector(ITeamAccount.TeamAccountMemberCount.selector, 0, 32));
        factory.create(none, new uint16[](0), address(0));
        (, address[] memory many) = _keys(33, 4);
        vm.expectRevert(abi.encodeWithSelector(ITeamAccount.TeamAccountMemberCount.selector, 33, 32));
        factory.create(many, _shares(33, 4), many[0]);
        vm.expectRevert(abi.encodeWithSelector(ITeamAccount.TeamAccountLengthMismatch.selector, 2, 3));
        factory.create(m, _shares(3, 3), m[0]);
        address[] memory unsorted = new address[](2);
        (unsorted[0], unsorted[1]) = (m[1], m[0]);
        vm.expectRevert(abi.encodeWithSelector(ITeamAccount.TeamAccountMembersNotSorted.selector, 1, m[0]));
        factory.create(unsorted, _halves(), m[0]);
        address[] memory dup = new address[](2);
        (dup[0], dup[1]) = (m[0], m[0]);
        vm.expectRevert(abi.encodeWithSelector(ITeamAccount.TeamAccountMembersNotSorted.selector, 1, m[0]));
        factory.create(dup, _halves(), m[0]);
        address[] memory zero = new address[](1);
        uint16[] memory whole = new uint16[](1);
        whole[0] = 10_000;
        vm.expectRevert(abi.encodeWithSelector(ITeamAccount.TeamAccountMembersNotSorted.selector, 0, address(0)));
        factory.create(zero, whole, address(0));
        uint16[] memory s = new uint16[](2);
        s[1] = 10_000;
        vm.expectRevert(abi.encodeWithSelector(ITeamAccount.TeamAccountZeroShare.selector, m[0]));
        factory.create(m, s, m[0]);
        s[0] = 1;
        vm.expectRevert(abi.encodeWithSelector(ITeamAccount.TeamAccountSharesNotWhole.selector, 10_001));
        factory.create(m, s, m[0]);
        vm.expectRevert(abi.encodeWithSelector(ITeamAccount.TeamAccountDustMemberNotMember.selector, address(0xD)));
        factory.create(m, _halves(), address(0xD));
    }

    // ------------------------------------------------------------------ distribute

    function _distribute(uint256 n, uint256 seed, uint256 balance) internal {
        (, address[] memory m) = _keys(n, seed);
        uint16[] memory s = _shares(n, seed);
        address dust = m[seed % n];
        address team = factory.create(m, s, dust);
        usdc.mint(team, balance);
        TeamAccount(team).distribute(address(usdc));
        uint256 total;
        for (uint256 i; i < n; ++i) {
            uint256 expected = balance * s[i] / 10_000;
            if (m[i] == dust) expected += balance - _sumShares(balance, s);
            assertEq(usdc.balanceOf(m[i]), expected, "member paid exactly its share (+ dust)");
            total += usdc.balanceOf(m[i]);
        }
        assertEq(total, balance, "nothing lost");
        assertEq(usdc.balanceOf(team), 0, "nothing stays behind");
    }

    function _sumShares(uint256 balance, uint16[] memory s) internal pure returns (uint256 sum) {
        for (uint256 i; i < s.length; ++i) sum += balance * s[i] / 10_000;
    }

    function test_distribute_paysExactlyTheShares() external {
        _distribute(3, 7, 1_000_003);
    }

    function testFuzz_distribute_paysExactlyTheShares(uint8 nSeed, uint256 seed, uint128 balance) external {
        vm.assume(balance > 0);
        _distribute(1 + nSeed % 32, seed, balance);
    }

    function test_distribute_revertsWhenNothingToPay() external {
        (, address[] memory m) = _keys(2, 8);
        address team = factory.create(m, _halves(), m[0]);
        vm.expectRevert(abi.encodeWithSelector(ITeamAccount.TeamAccountNothingToDistribute.selector, address(usdc)));
        TeamAccount(team).distribute(address(usdc));
    }

    // ------------------------------------------------------------------ signatures

    function test_isValidSignature_holdsOnlyWithEveryMember() external {
        (uint256[] memory keys, address[] memory m) = _keys(3, 9);
        TeamAccount team = TeamAccount(factory.create(m, _shares(3, 9), m[0]));
        bytes32 digest = keccak256("bid");
        assertTrue(team.isValidSignature(digest, _teamSig(keys, digest)) == MAGIC, "all members signed");
        _missingOne(keys, m, 1, 9);
    }

    /// @dev Every way of leaving member `skip` out: dropped, replaced by another member's signature,
    /// signed by a stranger, signed over another digest, or all parts with trailing bytes.
    function _missingOne(uint256[] memory keys, address[] memory m, uint256 skip, uint256 seed) internal view {
        TeamAccount team = TeamAccount(factory.predict(m, _shares(m.length, seed), m[0]));
        bytes32 digest = keccak256(abi.encode("bid", seed));
        bytes memory dropped;
        bytes memory copied;
        bytes memory stranger;
        bytes memory otherDigest;
        for (uint256 i; i < keys.length; ++i) {
            bytes memory own = _part(_sig(keys[i], digest));
            if (i != skip) {
                dropped = bytes.concat(dropped, own);
                copied = bytes.concat(copied, own);
                stranger = bytes.concat(stranger, own);
                otherDigest = bytes.concat(otherDigest, own);
            } else {
                copied = bytes.concat(copied, _part(_sig(keys[(i + 1) % keys.length], digest)));
                stranger = bytes.concat(stranger, _part(_sig(0x5757, digest)));
                otherDigest = bytes.concat(otherDigest, _part(_sig(keys[i], keccak256("other"))));
            }
        }
        assertTrue(team.isValidSignature(digest, dropped) != MAGIC, "a member left out");
        if (keys.length > 1) assertTrue(team.isValidSignature(digest, copied) != MAGIC, "a member's part copied");
        assertTrue(team.isValidSignature(digest, stranger) != MAGIC, "a stranger in a member's place");
        assertTrue(team.isValidSignature(digest, otherDigest) != MAGIC, "a member signed another digest");
        bytes memory trailing = bytes.concat(_teamSig(keys, digest), hex"00");
        assertTrue(team.isValidSignature(digest, trailing) != MAGIC, "trailing bytes");
        assertTrue(team.isValidSignature(digest, hex"ffff") != MAGIC, "length beyond the end");
    }

    function testFuzz_isValidSignature_rejectsAnySignatureMissingOneMember(uint8 nSeed, uint256 seed, uint8 skipSeed)
        external
    {
        uint256 n = 1 + nSeed % 8;
        (uint256[] memory keys, address[] memory m) = _keys(n, seed);
        factory.create(m, _shares(n, seed), m[0]);
        _missingOne(keys, m, skipSeed % n, seed);
    }

    function test_isValidSignature_acceptsContractMembers() external {
        (uint256[] memory keys, address[] memory m) = _keys(2, 11);
        ERC1271Wallet wallet = new ERC1271Wallet(m[0]);
        address[] memory members = new address[](2);
        uint256[] memory signers = new uint256[](2);
        (members[0], members[1], signers[0], signers[1]) = address(wallet) < m[1]
            ? (address(wallet), m[1], keys[0], keys[1])
            : (m[1], address(wallet), keys[1], keys[0]);
        TeamAccount team = TeamAccount(factory.create(members, _halves(), members[0]));
        bytes32 digest = keccak256("bid");
        assertTrue(team.isValidSignature(digest, _teamSig(signers, digest)) == MAGIC, "wallet owner signs for it");
        for (uint256 i; i < 2; ++i) {
            if (signers[i] == keys[0]) signers[i] = 0xBAD;
        }
        assertTrue(team.isValidSignature(digest, _teamSig(signers, digest)) != MAGIC, "wrong key for the wallet");
    }

    // ------------------------------------------------------------------ execute

    function test_execute_runsACallEveryMemberSignedOnce() external {
        (uint256[] memory keys, address[] memory m) = _keys(3, 12);
        TeamAccount team = TeamAccount(factory.create(m, _shares(3, 12), m[0]));
        usdc.mint(address(team), 100);
        bytes memory data = abi.encodeCall(usdc.transfer, (address(0xCAFE), 40));
        bytes memory sigs = _teamSig(keys, team.callDigest(address(usdc), data, 0));
        team.execute(address(usdc), data, sigs);
        assertEq(usdc.balanceOf(address(0xCAFE)), 40, "call made");
        assertEq(team.nonce(), 1, "nonce consumed");
        bytes32 next = team.callDigest(address(usdc), data, 1);
        vm.expectRevert(abi.encodeWithSelector(ITeamAccount.TeamAccountUnauthorizedCall.selector, next));
        team.execute(address(usdc), data, sigs);
    }

    function test_execute_revertsWithoutEveryMember() external {
        (uint256[] memory keys, address[] memory m) = _keys(2, 13);
        TeamAccount team = TeamAccount(factory.create(m, _halves(), m[0]));
        bytes memory data = abi.encodeCall(usdc.transfer, (address(0xCAFE), 1));
        bytes32 digest = team.callDigest(address(usdc), data, 0);
        bytes memory one = _part(_sig(keys[0], digest));
        vm.expectRevert(abi.encodeWithSelector(ITeamAccount.TeamAccountUnauthorizedCall.selector, digest));
        team.execute(address(usdc), data, one);
    }

    function test_execute_revertsWhenTheCallFails() external {
        (uint256[] memory keys, address[] memory m) = _keys(2, 14);
        TeamAccount team = TeamAccount(factory.create(m, _halves(), m[0]));
        bytes memory data = abi.encodeCall(usdc.transfer, (address(0xCAFE), 1));
        bytes memory sigs = _teamSig(keys, team.callDigest(address(usdc), data, 0));
        bytes memory reason =
            abi.encodeWithSignature("ERC20InsufficientBalance(address,uint256,uint256)", address(team), 0, 1);
        vm.expectRevert(
            abi.encodeWithSelector(ITeamAccount.TeamAccountCallFailed.selector, address(usdc), reason)
        );
        team.execute(address(usdc), data, sigs);
    }
}
