// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ITeamAccount} from "./interfaces/ITeamAccount.sol";

/// @title TeamAccount
/// @notice A team's wallet: bound only by all members' signatures, paid out by fixed shares.
contract TeamAccount is ITeamAccount, EIP712, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice Most members a team may have (bounds the loops of both entry points).
    uint256 public constant MAX_MEMBERS = 32;
    uint256 internal constant BPS = 10_000;
    bytes4 internal constant INVALID = 0xffffffff;
    bytes32 internal constant CALL_TYPEHASH = keccak256("Call(address target,bytes data,uint256 nonce)");

    address[] private _members;
    uint16[] private _shares;
    address private immutable _dustMember;
    uint256 private _nonce;

    constructor(address[] memory members_, uint16[] memory shares_, address dustMember_) EIP712("TeamAccount", "1") {
        uint256 n = members_.length;
        if (n == 0 || n > MAX_MEMBERS) revert TeamAccountMemberCount(n, MAX_MEMBERS);
        if (shares_.length != n) revert TeamAccountLengthMismatch(n, shares_.length);
        uint256 sum;
        bool dustIsMember;
        address previous;
        for (uint256 i; i < n; ++i) {
            address m = members_[i];
            // Strictly ascending from zero: distinct, and never the zero address.
            if (m <= previous) revert TeamAccountMembersNotSorted(i, m);
            if (shares_[i] == 0) revert TeamAccountZeroShare(m);
            sum += shares_[i];
            if (m == dustMember_) dustIsMember = true;
            previous = m;
        }
        if (sum != BPS) revert TeamAccountSharesNotWhole(sum);
        if (!dustIsMember) revert TeamAccountDustMemberNotMember(dustMember_);
        _members = members_;
        _shares = shares_;
        _dustMember = dustMember_;
    }

    /// @inheritdoc ITeamAccount
    function distribute(address token) external nonReentrant {
        uint256 balance = IERC20(token).balanceOf(address(this));
        if (balance == 0) revert TeamAccountNothingToDistribute(token);
        uint256 n = _members.length;
        uint256[] memory amounts = new uint256[](n);
        uint256 paid;
        uint256 dustIndex;
        for (uint256 i; i < n; ++i) {
            // balance * 10_000 cannot overflow for any real token supply (< 2**242).
            amounts[i] = balance * _shares[i] / BPS;
            paid += amounts[i];
            if (_members[i] == _dustMember) dustIndex = i;
        }
        uint256 dust = balance - paid;
        amounts[dustIndex] += dust;
        emit TeamDistributed(token, balance, dust);
        for (uint256 i; i < n; ++i) {
            if (amounts[i] == 0) continue;
            emit TeamMemberPaid(token, _members[i], amounts[i]);
            IERC20(token).safeTransfer(_members[i], amounts[i]);
        }
    }

    /// @inheritdoc ITeamAccount
    function execute(address target, bytes calldata data, bytes calldata signatures)
        external
        nonReentrant
        returns (bytes memory result)
    {
        uint256 current = _nonce;
        bytes32 digest = _callDigest(target, data, current);
        if (!_allSigned(digest, signatures)) revert TeamAccountUnauthorizedCall(digest);
        _nonce = current + 1;
        emit TeamCallExecuted(current, target, data);
        bool ok;
        (ok, result) = target.call(data);
        if (!ok) revert TeamAccountCallFailed(target, result);
    }

    /// @inheritdoc ITeamAccount
    function callDigest(address target, bytes calldata data, uint256 nonce_) external view returns (bytes32) {
        return _callDigest(target, data, nonce_);
    }

    /// @inheritdoc ITeamAccount
    function nonce() external view returns (uint256) {
        return _nonce;
    }

    /// @inheritdoc ITeamAccount
    function isValidSignature(bytes32 hash, bytes calldata signature)
        external
        view
        override(ITeamAccount)
        returns (bytes4)
    {
        return _allSigned(hash, signature) ? this.isValidSignature.selector : INVALID;
    }

    function _callDigest(address target, bytes calldata data, uint256 nonce_) private view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(CALL_TYPEHASH, target, keccak256(data), nonce_)));
    }

    /// @dev Walks the length-prefixed parts in member order; false on any bad or missing part.
    function _allSigned(bytes32 hash, bytes calldata signature) private view returns (bool) {
        uint256 n = _members.length;
        uint256 offset;
        uint256 end = signature.length;
        for (uint256 i; i < n; ++i) {
            if (offset + 2 > end) return false;
            uint256 len = uint16(bytes2(signature[offset:offset + 2]));
            offset += 2;
            if (offset + len > end) return false;
            if (!SignatureChecker.isValidSignatureNowCalldata(_members[i], hash, signature[offset:offset + len])) {
                return false;
            }
            offset += len;
        }
        return offset == end;
    }

    /// @inheritdoc ITeamAccount
    function members() external view returns (address[] memory) {
        return _members;
    }

    /// @inheritdoc ITeamAccount
    function shares() external view returns (uint16[] memory) {
        return _shares;
    }

    /// @inheritdoc ITeamAccount
    function dustMember() external view returns (address) {
        return _dustMember;
    }
}
