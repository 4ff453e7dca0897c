// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Create2} from "@openzeppelin/contracts/utils/Create2.sol";
import {ITeamAccountFactory} from "./interfaces/ITeamAccountFactory.sol";
import {TeamAccount} from "./TeamAccount.sol";

/// @title TeamAccountFactory
/// @notice Deploys team wallets at addresses fixed by their members and shares.
contract TeamAccountFactory is ITeamAccountFactory {
    /// @inheritdoc ITeamAccountFactory
    function create(address[] calldata members, uint16[] calldata shares, address dustMember)
        external
        returns (address team)
    {
        team = _predict(members, shares, dustMember);
        if (team.code.length != 0) revert TeamAccountFactoryTeamExists(team);
        new TeamAccount{salt: _salt(members, shares, dustMember)}(members, shares, dustMember);
        emit TeamCreated(team, members, shares, dustMember);
    }

    /// @inheritdoc ITeamAccountFactory
    function predict(address[] calldata members, uint16[] calldata shares, address dustMember)
        external
        view
        returns (address)
    {
        return _predict(members, shares, dustMember);
    }

    function _predict(address[] calldata members, uint16[] calldata shares, address dustMember)
        private
        view
        returns (address)
    {
        bytes32 initCodeHash =
            keccak256(abi.encodePacked(type(TeamAccount).creationCode, abi.encode(members, shares, dustMember)));
        return Create2.computeAddress(_salt(members, shares, dustMember), initCodeHash);
    }

    function _salt(address[] calldata members, uint16[] calldata shares, address dustMember)
        private
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(members, shares, dustMember));
    }
}
