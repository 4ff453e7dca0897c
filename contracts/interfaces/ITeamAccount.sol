// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";

/// @title ITeamAccount
/// @notice A contract wallet that bids and is paid as one worker on behalf of a fixed team. It is
/// bound by a signature only when every member signed, and it pays out by shares fixed at creation.
/// @dev Made by {ITeamAccountFactory} with CREATE2 from (members, shares, dustMember), so its address
/// is known before it exists. Members are sorted ascending and distinct; shares are basis points
/// summing to 10_000.
///
/// Signature encoding for {isValidSignature}: for each member in member order (ascending address),
/// a 2-byte big-endian length `len` followed by that member's `len`-byte signature of the digest
/// (65-byte `r ‖ s ‖ v` for an EOA, anything its ERC-1271 accepts for a contract member). The parts
/// are concatenated with nothing before, between or after them.
interface ITeamAccount is IERC1271 {
    /// @notice `distribute` paid `amount` of `token` to `member` (its share, plus the dust if it is the dust member).
    event TeamMemberPaid(address indexed token, address indexed member, uint256 amount);
    /// @notice `distribute` paid out the whole balance `amount` of `token`; `dust` of it went to the dust member.
    event TeamDistributed(address indexed token, uint256 amount, uint256 dust);

    /// @notice Every member signed call number `nonce` and the team made it: `target` was called with `data`.
    event TeamCallExecuted(uint256 indexed nonce, address indexed target, bytes data);

    /// @notice No member given, or more than `max`.
    error TeamAccountMemberCount(uint256 count, uint256 max);
    /// @notice `members` and `shares` differ in length.
    error TeamAccountLengthMismatch(uint256 members, uint256 shares);
    /// @notice Members must be strictly ascending (so distinct and non-zero); `member` at `index` is not.
    error TeamAccountMembersNotSorted(uint256 index, address member);
    /// @notice Every member needs a non-zero share.
    error TeamAccountZeroShare(address member);
    /// @notice Shares sum to `sum` basis points instead of 10_000.
    error TeamAccountSharesNotWhole(uint256 sum);
    /// @notice The dust member is not one of the members.
    error TeamAccountDustMemberNotMember(address dustMember);
    /// @notice The team holds none of `token`.
    error TeamAccountNothingToDistribute(address token);
    /// @notice Not every member signed the call digest `digest` (see {callDigest}).
    error TeamAccountUnauthorizedCall(bytes32 digest);
    /// @notice The team's call to `target` reverted with `reason`.
    error TeamAccountCallFailed(address target, bytes reason);

    /// @notice Pays the team's whole balance of `token` out: member i gets `balance * shares[i] / 10_000`
    /// (rounded down), the dust member also gets the remainder, so nothing stays behind. Anyone may call.
    /// @dev Reverts as a whole if the token refuses any one transfer (e.g. a blocklisted member).
    function distribute(address token) external;

    /// @notice Makes the team call `target` with `data` (e.g. TaskEscrow.submit, dispute or decline: the
    /// worker's own transitions), if every member signed {callDigest} of it, encoded as for
    /// {isValidSignature}. Each call consumes the next nonce, so a signed call runs at most once.
    /// @return result What the call returned.
    function execute(address target, bytes calldata data, bytes calldata signatures)
        external
        returns (bytes memory result);

    /// @notice The EIP-712 digest (domain "TeamAccount", version "1", this team) of
    /// `Call(address target,bytes data,uint256 nonce)` that every member signs for {execute}.
    function callDigest(address target, bytes calldata data, uint256 nonce) external view returns (bytes32);

    /// @notice The nonce the next {execute} consumes.
    function nonce() external view returns (uint256);

    /// @notice ERC-1271: the magic value iff `signature` holds a valid signature of `hash` by every member
    /// (see the encoding above); `0xffffffff` otherwise (never reverts on a malformed signature).
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4);

    /// @notice The members, ascending.
    function members() external view returns (address[] memory);

    /// @notice Each member's share in basis points, in member order.
    function shares() external view returns (uint16[] memory);

    /// @notice The member that receives the rounding remainder of every distribution.
    function dustMember() external view returns (address);
}
