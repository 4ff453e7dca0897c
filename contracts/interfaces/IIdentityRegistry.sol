// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IIdentityRegistry
/// @notice The ERC-8004 ("Trustless Agents") Identity Registry: every agent is an ERC-721 token whose
/// id is its agent id and whose token URI (the agent URI) points to its registration file. The
/// file lists the agent's services (its A2A endpoint and Agent Card). The owner of the token
/// manages the agent; the agent's wallet, which signs its bids, reviews and Agent Card, is bound
/// separately with a signature by that wallet, so nobody can claim a key they do not control.
/// @dev Function names, signatures, events and the `AgentWalletSet` typed data follow the
/// canonical deployment (github.com/erc-8004/erc-8004-contracts, IdentityRegistryUpgradeable 1.1.0),
/// so agents written against either work against both. Differences: custom errors instead of
/// revert strings, and a wallet proof is single-use (the canonical one may be replayed until its
/// deadline).
interface IIdentityRegistry {
    /// @notice One on-chain metadata entry of an agent.
    /// @param metadataKey Free-form key; `agentWallet` is reserved for the bound wallet.
    /// @param metadataValue Raw bytes.
    struct MetadataEntry {
        string metadataKey;
        bytes metadataValue;
    }

    /// @notice An agent was registered: token `agentId` was minted to `owner` with `agentURI`.
    event Registered(uint256 indexed agentId, string agentURI, address indexed owner);
    /// @notice The agent URI of `agentId` was changed to `newURI` by `updatedBy`.
    event URIUpdated(uint256 indexed agentId, string newURI, address indexed updatedBy);
    /// @notice A metadata entry was written. The bound wallet is reported under key `agentWallet`
    /// (20 bytes, or empty when the binding was cleared by a transfer).
    event MetadataSet(
        uint256 indexed agentId, string indexed indexedMetadataKey, string metadataKey, bytes metadataValue
    );

    /// @notice `caller` is neither the owner of `agentId` nor approved for it.
    error IdentityRegistryNotAuthorized(uint256 agentId, address caller);
    /// @notice `agentWallet` can only be written through {setAgentWallet}.
    error IdentityRegistryReservedKey(uint256 agentId, string metadataKey);
    /// @notice The wallet to bind is the zero address.
    error IdentityRegistryZeroWallet(uint256 agentId);
    /// @notice The wallet proof's deadline has passed.
    error IdentityRegistryProofExpired(uint256 agentId, uint256 deadline, uint256 timestamp);
    /// @notice The wallet proof's deadline is more than {MAX_DEADLINE_DELAY} ahead.
    error IdentityRegistryDeadlineTooFar(uint256 agentId, uint256 deadline, uint256 latestAllowed);
    /// @notice The signature is not `wallet`'s (ECDSA for an EOA, ERC-1271 for a contract).
    error IdentityRegistryInvalidWalletProof(uint256 agentId, address wallet);
    /// @notice This exact wallet proof was already used.
    error IdentityRegistryProofReused(uint256 agentId, bytes32 digest);

    /// @notice Registers an agent without URI (set it later with {setAgentURI}). The caller owns the
    /// new token and is its initial wallet.
    /// @return agentId The new agent id (ids count up from 0).
    function register() external returns (uint256 agentId);

    /// @notice Registers an agent whose registration file is at `agentURI` (https://, ipfs:// or data:).
    /// The caller owns the new token and is its initial wallet.
    /// @return agentId The new agent id.
    function register(string calldata agentURI) external returns (uint256 agentId);

    /// @notice Same as {register(string)} and writes `metadata` (no `agentWallet` key).
    /// @return agentId The new agent id.
    function register(string calldata agentURI, MetadataEntry[] calldata metadata) external returns (uint256 agentId);

    /// @notice Changes the agent URI. Owner or approved operator only.
    function setAgentURI(uint256 agentId, string calldata newURI) external;

    /// @notice Writes one metadata entry. Owner or approved operator only.
    function setMetadata(uint256 agentId, string calldata metadataKey, bytes calldata metadataValue) external;

    /// @notice Binds `newWallet` to `agentId`. Owner or approved operator only, with `signature` by
    /// `newWallet` over the EIP-712 typed data `AgentWalletSet(uint256 agentId,address newWallet,
    /// address owner,uint256 deadline)` in domain ("ERC8004IdentityRegistry", "1", chain id, this
    /// registry). A contract wallet is checked with ERC-1271. Each proof is accepted once, and only
    /// until `deadline`, which may be at most {MAX_DEADLINE_DELAY} ahead.
    function setAgentWallet(uint256 agentId, address newWallet, uint256 deadline, bytes calldata signature) external;

    /// @notice The bound wallet: the registrant until a wallet is set, zero after a transfer until
    /// the new owner binds one. Reverts for an unknown agent (ERC721NonexistentToken).
    function getAgentWallet(uint256 agentId) external view returns (address wallet);

    /// @notice One metadata entry (empty when unset).
    function getMetadata(uint256 agentId, string calldata metadataKey) external view returns (bytes memory);

    /// @notice Whether a wallet proof with this EIP-712 digest was already used.
    function walletProofUsed(bytes32 digest) external view returns (bool);

    /// @notice How far ahead a wallet proof's deadline may be: 5 minutes, as in the canonical registry.
    function MAX_DEADLINE_DELAY() external view returns (uint256);

    /// @notice The number of agents registered so far (the next agent id).
    function totalAgents() external view returns (uint256);
}
