// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {IdentityRegistry} from "../IdentityRegistry.sol";
import {ERC1271Wallet} from "../mocks/ERC1271Wallet.sol";
import {TestBase} from "./utils/Vm.sol";

contract IdentityRegistryTest is TestBase {
    IdentityRegistry internal registry;

    address internal constant OWNER = address(0xA11CE);
    address internal constant STRANGER = address(0xBAD);
    uint256 internal constant WALLET_KEY = 0xA6E17;
    uint256 internal constant OTHER_KEY = 0x07E2;

    bytes32 private constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 private constant WALLET_TYPEHASH =
        keccak256("AgentWalletSet(uint256 agentId,address newWallet,address owner,uint256 deadline)");

    function setUp() public {
        registry = new IdentityRegistry();
        vm.warp(1_800_000_000);
    }

    function _register() internal returns (uint256 agentId) {
        vm.prank(OWNER);
        agentId = registry.register("https://agent.example/registration.json");
    }

    function _digest(uint256 agentId, address wallet, address owner, uint256 deadline) internal view returns (bytes32) {
        bytes32 domain = keccak256(
            abi.encode(
                DOMAIN_TYPEHASH,
                keccak256("ERC8004IdentityRegistry"),
                keccak256("1"),
                block.chainid,
                address(registry)
            )
        );
        bytes32 structHash = keccak256(abi.encode(WALLET_TYPEHASH, agentId, wallet, owner, deadline));
        return keccak256(abi.encodePacked("\x19\x01", domain, structHash));
    }

    function _proof(uint256 key, uint256 agentId, address wallet, uint256 deadline) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, _digest(agentId, wallet, OWNER, deadline));
        return abi.encodePacked(r, s, v);
    }

    function _trySetWallet(uint256 agentId, address wallet, uint256 deadline, bytes memory sig, address caller)
        internal
        returns (bytes memory revertData)
    {
        vm.prank(caller);
        try registry.setAgentWallet(agentId, wallet, deadline, sig) {
            return "";
        } catch (bytes memory data) {
            return data;
        }
    }

    function _same(bytes memory a, bytes memory b, string memory what) internal pure {
        assertTrue(keccak256(a) == keccak256(b), what);
    }

    function test_register_mintsToCallerWithUriAndCallerAsWallet() external {
        uint256 first = _register();
        uint256 second = _register();
        assertEq(first, 0, "ids start at 0");
        assertEq(second, 1, "ids count up");
        assertEq(registry.totalAgents(), 2, "total");
        assertTrue(registry.ownerOf(first) == OWNER, "owner");
        assertTrue(registry.getAgentWallet(first) == OWNER, "initial wallet is the registrant");
        _same(bytes(registry.tokenURI(first)), "https://agent.example/registration.json", "uri");
    }

    function test_register_withMetadata_revertsOnReservedKey() external {
        IIdentityRegistry.MetadataEntry[] memory entries = new IIdentityRegistry.MetadataEntry[](1);
        entries[0] = IIdentityRegistry.MetadataEntry("agentWallet", abi.encodePacked(STRANGER));
        vm.prank(OWNER);
        try registry.register("ipfs://x", entries) {
            revert("a reserved key must be refused");
        } catch (bytes memory data) {
            _same(data, abi.encodeWithSelector(IIdentityRegistry.IdentityRegistryReservedKey.selector, 0, "agentWallet"), "reserved");
        }
    }

    function test_register_writesMetadataAndAllowsNoUri() external {
        IIdentityRegistry.MetadataEntry[] memory entries = new IIdentityRegistry.MetadataEntry[](2);
        entries[0] = IIdentityRegistry.MetadataEntry("price", abi.encode(uint256(1500)));
        entries[1] = IIdentityRegistry.MetadataEntry("region", bytes("eu"));
        vm.prank(OWNER);
        uint256 id = registry.register("ipfs://file", entries);
        _same(registry.getMetadata(id, "price"), abi.encode(uint256(1500)), "price");
        _same(registry.getMetadata(id, "region"), bytes("eu"), "region");
        vm.prank(STRANGER);
        uint256 bare = registry.register();
        assertEq(bytes(registry.tokenURI(bare)).length, 0, "no URI yet");
        assertTrue(registry.getAgentWallet(bare) == STRANGER, "registrant is the wallet");
    }

    function test_setAgentURI_byApprovedOperator() external {
        uint256 id = _register();
        vm.prank(OWNER);
        registry.approve(STRANGER, id);
        vm.prank(STRANGER);
        registry.setAgentURI(id, "ipfs://moved");
        _same(bytes(registry.tokenURI(id)), "ipfs://moved", "an approved operator may update the URI");
    }

    function test_setAgentURI_revertsForStranger() external {
        uint256 id = _register();
        vm.prank(STRANGER);
        try registry.setAgentURI(id, "https://evil.example") {
            revert("a stranger must not change the URI");
        } catch (bytes memory data) {
            _same(data, abi.encodeWithSelector(IIdentityRegistry.IdentityRegistryNotAuthorized.selector, id, STRANGER), "auth");
        }
    }

    function test_setAgentWallet_bindsTheSigningWallet() external {
        uint256 id = _register();
        address wallet = vm.addr(WALLET_KEY);
        uint256 deadline = block.timestamp + 60;
        bytes memory data = _trySetWallet(id, wallet, deadline, _proof(WALLET_KEY, id, wallet, deadline), OWNER);
        assertEq(data.length, 0, "bind must succeed");
        assertTrue(registry.getAgentWallet(id) == wallet, "wallet bound");
        _same(registry.getMetadata(id, "agentWallet"), abi.encodePacked(wallet), "metadata mirrors the wallet");
    }

    function testFuzz_setAgentWallet_bindsOnlyTheSigner(uint256 key, uint256 signerKey) external {
        key = 1 + (key % 0xffffffffffffffffffffffff);
        signerKey = 1 + (signerKey % 0xffffffffffffffffffffffff);
        uint256 id = _register();
        address wallet = vm.addr(key);
        uint256 deadline = block.timestamp + 300;
        bytes memory data = _trySetWallet(id, wallet, deadline, _proof(signerKey, id, wallet, deadline), OWNER);
        if (key == signerKey) {
            assertEq(data.length, 0, "the wallet's own proof binds it");
            assertTrue(registry.getAgentWallet(id) == wallet, "bound");
        } else {
            bytes memory expected =
                abi.encodeWithSelector(IIdentityRegistry.IdentityRegistryInvalidWalletProof.selector, id, wallet);
            _same(data, expected, "another key's proof is refused");
            assertTrue(registry.getAgentWallet(id) == OWNER, "unchanged");
        }
    }

    function test_setAgentWallet_revertsForWrongSigner() external {
        uint256 id = _register();
        address wallet = vm.addr(WALLET_KEY);
        uint256 deadline = block.timestamp + 60;
        bytes memory data = _trySetWallet(id, wallet, deadline, _proof(OTHER_KEY, id, wallet, deadline), OWNER);
        _same(data, abi.encodeWithSelector(IIdentityRegistry.IdentityRegistryInvalidWalletProof.selector, id, wallet), "wrong signer");
    }

    function test_setAgentWallet_revertsOnReplay() external {
        uint256 id = _register();
        address wallet = vm.addr(WALLET_KEY);
        uint256 deadline = block.timestamp + 60;
        bytes memory sig = _proof(WALLET_KEY, id, wallet, deadline);
        assertEq(_trySetWallet(id, wallet, deadline, sig, OWNER).length, 0, "first use");
        bytes32 digest = _digest(id, wallet, OWNER, deadline);
        assertTrue(registry.walletProofUsed(digest), "marked used");
        _same(
            _trySetWallet(id, wallet, deadline, sig, OWNER),
            abi.encodeWithSelector(IIdentityRegistry.IdentityRegistryProofReused.selector, id, digest),
            "replay"
        );
    }

    function testFuzz_setAgentWallet_deadlineWindow(uint256 offset) external {
        offset = offset % 1_000;
        uint256 id = _register();
        address wallet = vm.addr(WALLET_KEY);
        uint256 deadline = block.timestamp + offset;
        bytes memory data = _trySetWallet(id, wallet, deadline, _proof(WALLET_KEY, id, wallet, deadline), OWNER);
        if (offset <= 300) {
            assertEq(data.length, 0, "within 5 minutes");
        } else {
            bytes memory expected = abi.encodeWithSelector(
                IIdentityRegistry.IdentityRegistryDeadlineTooFar.selector, id, deadline, block.timestamp + 300
            );
            _same(data, expected, "too far");
        }
    }

    function test_setAgentWallet_revertsWhenExpired() external {
        uint256 id = _register();
        address wallet = vm.addr(WALLET_KEY);
        uint256 deadline = block.timestamp + 60;
        bytes memory sig = _proof(WALLET_KEY, id, wallet, deadline);
        vm.warp(deadline + 1);
        _same(
            _trySetWallet(id, wallet, deadline, sig, OWNER),
            abi.encodeWithSelector(IIdentityRegistry.IdentityRegistryProofExpired.selector, id, deadline, deadline + 1),
            "expired"
        );
    }

    function test_setAgentWallet_revertsForStrangerEvenWithValidProof() external {
        uint256 id = _register();
        address wallet = vm.addr(WALLET_KEY);
        uint256 deadline = block.timestamp + 60;
        bytes memory data = _trySetWallet(id, wallet, deadline, _proof(WALLET_KEY, id, wallet, deadline), STRANGER);
        _same(data, abi.encodeWithSelector(IIdentityRegistry.IdentityRegistryNotAuthorized.selector, id, STRANGER), "auth");
    }

    function test_setAgentWallet_acceptsAnErc1271Wallet() external {
        uint256 id = _register();
        ERC1271Wallet smart = new ERC1271Wallet(vm.addr(WALLET_KEY));
        uint256 deadline = block.timestamp + 60;
        bytes memory data = _trySetWallet(id, address(smart), deadline, _proof(WALLET_KEY, id, address(smart), deadline), OWNER);
        assertEq(data.length, 0, "ERC-1271 proof binds");
        assertTrue(registry.getAgentWallet(id) == address(smart), "bound");
    }

    function test_transfer_clearsTheWallet() external {
        uint256 id = _register();
        vm.prank(OWNER);
        registry.transferFrom(OWNER, STRANGER, id);
        assertTrue(registry.getAgentWallet(id) == address(0), "the new owner must prove its own wallet");
        assertEq(registry.getMetadata(id, "agentWallet").length, 0, "metadata cleared");
    }
}
