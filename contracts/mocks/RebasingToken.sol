// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title RebasingToken
/// @notice Hostile test token in the manner of share-based rebasing tokens: balances are shares
/// times an index that anyone can move (positive or negative rebase). Transfers move the shares
/// worth `value` at the current index, so at index 1e18 they are exact.
contract RebasingToken {
    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    error RebasingTokenInsufficient(address from, uint256 shares, uint256 needed);

    uint256 public index = 1e18;
    mapping(address account => uint256) public sharesOf;
    mapping(address owner => mapping(address spender => uint256)) public allowance;

    function decimals() external pure returns (uint8) {
        return 6;
    }

    function balanceOf(address account) external view returns (uint256) {
        return sharesOf[account] * index / 1e18;
    }

    function mint(address to, uint256 value) external {
        sharesOf[to] += value * 1e18 / index;
    }

    function rebase(uint256 newIndex) external {
        index = newIndex;
    }

    function approve(address spender, uint256 value) external returns (bool) {
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    function transfer(address to, uint256 value) external returns (bool) {
        _move(msg.sender, to, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        allowance[from][msg.sender] -= value;
        _move(from, to, value);
        return true;
    }

    function _move(address from, address to, uint256 value) private {
        uint256 shares = value * 1e18 / index;
        if (sharesOf[from] < shares) revert RebasingTokenInsufficient(from, sharesOf[from], shares);
        sharesOf[from] -= shares;
        sharesOf[to] += shares;
        emit Transfer(from, to, value);
    }
}
