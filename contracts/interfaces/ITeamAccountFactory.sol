// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ITeamAccountFactory
/// @notice Deploys {ITeamAccount} wallets with CREATE2; the salt is keccak256(abi.encode(members,
/// shares, dustMember)), so one set of members and shares has exactly one address, known in advance
/// ({predict}). The TeamCreated event is how an indexer learns team membership.
interface ITeamAccountFactory {
    /// @notice A team wallet was deployed at `team` for these members, shares (basis points) and dust member.
    event TeamCreated(address indexed team, address[] members, uint16[] shares, address dustMember);

    /// @notice The team for these members and shares already exists at `team`.
    error TeamAccountFactoryTeamExists(address team);

    /// @notice Deploys the team wallet (see {ITeamAccount} for the rules on members and shares).
    /// @param members Strictly ascending member addresses (EOAs or contracts).
    /// @param shares Basis points per member, in member order, summing to 10_000, none zero.
    /// @param dustMember The member that receives rounding remainders.
    /// @return team The wallet's address, equal to {predict} for the same arguments.
    function create(address[] calldata members, uint16[] calldata shares, address dustMember)
        external
        returns (address team);

    /// @notice The address {create} deploys (or deployed) the team to.
    function predict(address[] calldata members, uint16[] calldata shares, address dustMember)
        external
        view
        returns (address);
}
