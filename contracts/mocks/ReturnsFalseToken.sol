// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title ReturnsFalseToken
/// @notice Hostile test token: while `failing` is set, transfer and transferFrom move nothing and
/// return false instead of reverting (as some pre-ERC-20-final tokens do).
contract ReturnsFalseToken is ERC20 {
    bool public failing;

    constructor() ERC20("Returns False", "RFT") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setFailing(bool isFailing) external {
        failing = isFailing;
    }

    function transfer(address to, uint256 value) public override returns (bool) {
        if (failing) return false;
        return super.transfer(to, value);
    }

    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        if (failing) return false;
        return super.transferFrom(from, to, value);
    }
}
