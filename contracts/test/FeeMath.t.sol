// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {FeeMath} from "../libraries/FeeMath.sol";

contract FeeMathTest {
    function test_split_tenPercentOfOneMillion() external pure {
        (uint256 fee, uint256 rest) = FeeMath.split(1_000_000, 1_000);
        require(fee == 100_000, "fee");
        require(rest == 900_000, "rest");
    }

    function testFuzz_split_partsAddUpAndFeeIsBounded(uint128 amount, uint16 bpsSeed) external pure {
        uint256 bps = uint256(bpsSeed) % (FeeMath.BPS + 1);
        (uint256 part, uint256 rest) = FeeMath.split(amount, bps);
        require(part + rest == amount, "parts must add up to the amount");
        require(part <= amount, "part above amount");
        require(part * FeeMath.BPS <= uint256(amount) * bps, "rounded up");
    }
}
