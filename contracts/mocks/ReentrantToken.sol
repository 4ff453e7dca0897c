// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title ReentrantToken
/// @notice Hostile test token: on every transfer it first replays `attackCall` against `target`
/// (e.g. a second release of the same task). With `bubble` set, a failed re-entry makes the
/// transfer revert; otherwise it is recorded in `lastAttackSucceeded` and the transfer proceeds.
contract ReentrantToken is ERC20 {
    address public target;
    bytes public attackCall;
    bool public bubble;
    bool public lastAttackSucceeded;
    uint256 public attacks;

    constructor() ERC20("Reentrant Token", "RNT") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function arm(address target_, bytes calldata attackCall_, bool bubble_) external {
        target = target_;
        attackCall = attackCall_;
        bubble = bubble_;
    }

    function disarm() external {
        target = address(0);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (target != address(0) && from != address(0)) {
            address t = target;
            target = address(0); // one re-entry per transfer, no infinite recursion
            ++attacks;
            (bool ok, bytes memory ret) = t.call(attackCall);
            lastAttackSucceeded = ok;
            target = t;
            if (!ok && bubble) {
                assembly ("memory-safe") {
                    revert(add(ret, 0x20), mload(ret))
                }
            }
        }
        super._update(from, to, value);
    }
}
