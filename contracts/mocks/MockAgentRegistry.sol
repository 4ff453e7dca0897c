// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

/// @title MockAgentRegistry
/// @notice Minimal ERC-721 agent registry for tests: anyone registers an agent id (1, 2, ...) to any
/// address. JuryArbiter uses only `ownerOf`, like it would of the project's or the canonical registry.
contract MockAgentRegistry is ERC721 {
    uint256 private _last;

    constructor() ERC721("Mock Agent Registry", "AGENT") {}

    /// @notice Registers the next agent id to `owner`.
    function register(address owner) external returns (uint256 agentId) {
        agentId = ++_last;
        _mint(owner, agentId);
    }

    /// @notice Removes `agentId` (so `ownerOf` reverts), as a deregistration would.
    function burn(uint256 agentId) external {
        _burn(agentId);
    }
}
