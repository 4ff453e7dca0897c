import { describe, it } from "mocha";
import { expect } from "chai";
import { getAddress } from "viem";
import { checksumAddress } from "../../agents/indexer/checksumAddress.js";
import { seededRandom } from "../../agents/random.js";

describe("checksumAddress (EIP-55 with the WASM keccak)", () => {
  it("gives what viem's getAddress gives, for lower-case, upper-case and already checksummed input", () => {
    const random = seededRandom(55);
    const digits = "0123456789abcdef";
    for (let n = 0; n < 2_000; n++) {
      const hex = Array.from({ length: 40 }, () => digits[Math.floor(random() * 16)]).join("");
      const want = getAddress(`0x${hex}`);
      for (const input of [`0x${hex}`, `0x${hex.toUpperCase()}`, want]) expect(checksumAddress(input), input).to.equal(want);
    }
    // EIP-55's own examples.
    for (const want of ["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"])
      expect(checksumAddress(want.toLowerCase())).to.equal(want);
  });
});
