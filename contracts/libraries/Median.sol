// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Median
/// @notice The median of a short list of basis-point votes.
library Median {
    /// @notice The middle value of `votes` once sorted; for an even count, the mean of the two middle
    /// values rounded down. `votes` is sorted in place. Reverts on an empty list (index out of bounds).
    /// @dev Insertion sort: the lists are panels of at most a few dozen votes.
    function compute(uint16[] memory votes) internal pure returns (uint16) {
        uint256 n = votes.length;
        for (uint256 i = 1; i < n; ++i) {
            uint16 v = votes[i];
            uint256 j = i;
            while (j > 0 && votes[j - 1] > v) {
                votes[j] = votes[j - 1];
                --j;
            }
            votes[j] = v;
        }
        uint256 mid = n / 2;
        if (n % 2 == 1) return votes[mid];
        // Both values are at most type(uint16).max, so their sum fits and the mean does too.
        return uint16((uint256(votes[mid - 1]) + votes[mid]) / 2);
    }
}
