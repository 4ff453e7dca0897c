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

    function test_settle_sixtyFortyWithOnePercentFee() external pure {
        (uint256 payout, uint256 fee, uint256 refund) = FeeMath.settle(1_000_000, 6_000, 100);
        require(payout == 594_000, "payout");
        require(fee == 6_000, "fee");
        require(refund == 400_000, "refund");
    }

    function test_settle_roundsDustToTheClientAndWorker() external pure {
        // 7 * 3333 / 10000 = 2 (gross), fee 2 * 1000 / 10000 = 0: fee never rounds up.
        (uint256 payout, uint256 fee, uint256 refund) = FeeMath.settle(7, 3_333, 1_000);
        require(payout == 2 && fee == 0 && refund == 5, "dust");
    }

    /// @dev The payout maths of every settlement: nothing created, nothing lost, fee capped.
    function testFuzz_settle_conservesAmountAndCapsFee(uint128 amount, uint16 workerSeed, uint16 feeSeed)
        external
        pure
    {
        uint256 workerBps = uint256(workerSeed) % (FeeMath.BPS + 1);
        uint256 feeBps = uint256(feeSeed) % 1_001;
        (uint256 payout, uint256 fee, uint256 refund) = FeeMath.settle(amount, workerBps, feeBps);
        require(payout + fee + refund == amount, "payout + fee + refund != amount");
        uint256 gross = payout + fee;
        require(gross * FeeMath.BPS <= uint256(amount) * workerBps, "worker share rounded up");
        require(fee * 10 <= gross, "fee above 10% of the worker's share");
        require(fee * FeeMath.BPS <= gross * feeBps, "fee rounded up");
        if (workerBps == FeeMath.BPS) require(refund == 0, "full release refunds nothing");
        if (workerBps == 0) require(payout == 0 && fee == 0, "zero split pays nothing");
    }
}
