// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

/// @title BidSignature
/// @notice Checks a worker's bid signature: ECDSA first, then ERC-1271 (OZ SignatureChecker).
/// @dev OZ's `isValidSignatureNow` reads the signer's code size first, a cold account access
/// (2,600 gas) that nothing else in funding needs. Trying ECDSA first (as Solady's
/// SignatureCheckerLib does) spares EOAs that cost; contracts fall through to ERC-1271. ECDSA
/// still rejects malleable (high-s) and malformed signatures. One difference to OZ's order: an
/// EIP-7702 account whose own key signed is accepted without asking its code.
library BidSignature {
    function isValid(address signer, bytes32 digest, bytes calldata signature) internal view returns (bool) {
        (address recovered, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(digest, signature);
        if (err == ECDSA.RecoverError.NoError && recovered == signer) return true;
        return SignatureChecker.isValidERC1271SignatureNowCalldata(signer, digest, signature);
    }
}
