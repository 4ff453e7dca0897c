// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {ERC721URIStorage} from "@openzeppelin/contracts/token/ERC721/extensions/ERC721URIStorage.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IIdentityRegistry} from "./interfaces/IIdentityRegistry.sol";

/// @title IdentityRegistry
/// @notice ERC-8004 Identity Registry: agent ids are ERC-721 tokens, the token URI is the agent URI,
/// and each agent has one wallet bound with a proof of control.
/// @dev Not upgradeable and ownerless: nobody but an agent's owner can change anything about it.
contract IdentityRegistry is IIdentityRegistry, ERC721URIStorage, EIP712 {
    /// @inheritdoc IIdentityRegistry
    uint256 public constant MAX_DEADLINE_DELAY = 5 minutes;

    bytes32 private constant AGENT_WALLET_SET_TYPEHASH =
        keccak256("AgentWalletSet(uint256 agentId,address newWallet,address owner,uint256 deadline)");
    string private constant WALLET_KEY = "agentWallet";
    bytes32 private constant WALLET_KEY_HASH = keccak256(bytes(WALLET_KEY));

    uint256 private _nextId;
    mapping(uint256 agentId => address wallet) private _wallets;
    mapping(uint256 agentId => mapping(string metadataKey => bytes metadataValue)) private _metadata;
    mapping(bytes32 digest => bool used) private _usedProofs;

    constructor() ERC721("AgentIdentity", "AGENT") EIP712("ERC8004IdentityRegistry", "1") {}

    /// @inheritdoc IIdentityRegistry
    function register() external returns (uint256 agentId) {
        agentId = _register("");
        _safeMint(msg.sender, agentId);
    }

    /// @inheritdoc IIdentityRegistry
    function register(string calldata agentURI) external returns (uint256 agentId) {
        agentId = _register(agentURI);
        _safeMint(msg.sender, agentId);
    }

    /// @inheritdoc IIdentityRegistry
    function register(string calldata agentURI, MetadataEntry[] calldata metadata) external returns (uint256 agentId) {
        agentId = _register(agentURI);
        for (uint256 i; i < metadata.length; ++i) {
            _writeMetadata(agentId, metadata[i].metadataKey, metadata[i].metadataValue);
        }
        _safeMint(msg.sender, agentId);
    }

    /// @inheritdoc IIdentityRegistry
    function setAgentURI(uint256 agentId, string calldata newURI) external {
        _checkAuthorized(agentId);
        _setTokenURI(agentId, newURI);
        emit URIUpdated(agentId, newURI, msg.sender);
    }

    /// @inheritdoc IIdentityRegistry
    function setMetadata(uint256 agentId, string calldata metadataKey, bytes calldata metadataValue) external {
        _checkAuthorized(agentId);
        _writeMetadata(agentId, metadataKey, metadataValue);
    }

    /// @inheritdoc IIdentityRegistry
    function setAgentWallet(uint256 agentId, address newWallet, uint256 deadline, bytes calldata signature) external {
        if (newWallet == address(0)) revert IdentityRegistryZeroWallet(agentId);
        if (block.timestamp > deadline) revert IdentityRegistryProofExpired(agentId, deadline, block.timestamp);
        uint256 latest = block.timestamp + MAX_DEADLINE_DELAY;
        if (deadline > latest) revert IdentityRegistryDeadlineTooFar(agentId, deadline, latest);
        address owner = _checkAuthorized(agentId);

        bytes32 digest =
            _hashTypedDataV4(keccak256(abi.encode(AGENT_WALLET_SET_TYPEHASH, agentId, newWallet, owner, deadline)));
        if (_usedProofs[digest]) revert IdentityRegistryProofReused(agentId, digest);
        if (!SignatureChecker.isValidSignatureNow(newWallet, digest, signature)) {
            revert IdentityRegistryInvalidWalletProof(agentId, newWallet);
        }

        _usedProofs[digest] = true;
        _bindWallet(agentId, newWallet);
    }

    /// @inheritdoc IIdentityRegistry
    function getAgentWallet(uint256 agentId) external view returns (address) {
        _requireOwned(agentId);
        return _wallets[agentId];
    }

    /// @inheritdoc IIdentityRegistry
    function getMetadata(uint256 agentId, string calldata metadataKey) external view returns (bytes memory) {
        return _metadata[agentId][metadataKey];
    }

    /// @inheritdoc IIdentityRegistry
    function walletProofUsed(bytes32 digest) external view returns (bool) {
        return _usedProofs[digest];
    }

    /// @inheritdoc IIdentityRegistry
    function totalAgents() external view returns (uint256) {
        return _nextId;
    }

    /// @dev Assigns the id, URI and initial wallet (the registrant) and emits {Registered}; the caller mints.
    function _register(string memory agentURI) private returns (uint256 agentId) {
        agentId = _nextId;
        unchecked {
            // agentId < 2^256 - 1: one id per transaction, so the counter cannot reach the maximum.
            _nextId = agentId + 1;
        }
        _wallets[agentId] = msg.sender;
        _setTokenURI(agentId, agentURI);
        emit Registered(agentId, agentURI, msg.sender);
    }

    function _writeMetadata(uint256 agentId, string calldata key, bytes calldata value) private {
        if (keccak256(bytes(key)) == WALLET_KEY_HASH) revert IdentityRegistryReservedKey(agentId, key);
        _metadata[agentId][key] = value;
        emit MetadataSet(agentId, key, key, value);
    }

    function _bindWallet(uint256 agentId, address wallet) private {
        _wallets[agentId] = wallet;
        bytes memory value = wallet == address(0) ? bytes("") : abi.encodePacked(wallet);
        _metadata[agentId][WALLET_KEY] = value;
        emit MetadataSet(agentId, WALLET_KEY, WALLET_KEY, value);
    }

    /// @dev Reverts unless the caller is the owner of `agentId`, approved for it, or an operator of
    /// its owner; an unknown id reverts with ERC721NonexistentToken. Returns the owner.
    function _checkAuthorized(uint256 agentId) private view returns (address owner) {
        owner = _requireOwned(agentId);
        if (!_isAuthorized(owner, msg.sender, agentId)) revert IdentityRegistryNotAuthorized(agentId, msg.sender);
    }

    /// @dev A transfer to another owner clears the wallet binding: the new owner must prove its own.
    function _update(address to, uint256 tokenId, address auth) internal override returns (address from) {
        from = super._update(to, tokenId, auth);
        if (from != address(0) && to != address(0) && from != to) _bindWallet(tokenId, address(0));
    }
}
