import { describe, it } from "mocha";
import { expect } from "chai";
import fc from "fast-check";
import { hashTypedData, isAddressEqual, recoverAddress, recoverTypedDataAddress, toHex, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { reviewTypedData } from "../../agents/protocol/eip712.js";
import type { ReviewFields } from "../../agents/protocol/review.js";
import { reviewDigest } from "../../agents/protocol/eip712.js";
import { signedBy } from "../../agents/protocol/signatureCheck.js";
import { signatureVariants } from "../protocol/fixtures/signatureVariants.js";
import { secp256k1 } from "@noble/curves/secp256k1";

const ESCROW = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as Address;
const alice = privateKeyToAccount(`0x${"11".repeat(32)}`);
const mallory = privateKeyToAccount(`0x${"22".repeat(32)}`);

const fieldsArb = fc.record({
  taskId: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => toHex(b)),
  subject: fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => toHex(b) as Address),
  rating: fc.integer({ min: 0, max: 255 }),
  commentHash: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => toHex(b)),
  timestamp: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
});

/** What the indexer accepted before: viem recovers the signer and compares it with the reviewer. */
async function viemSays(chainId: number, fields: ReviewFields, signature: Hex): Promise<boolean> {
  try {
    return isAddressEqual(await recoverTypedDataAddress({ ...reviewTypedData(chainId, ESCROW, fields), signature }), fields.reviewer);
  } catch {
    return false;
  }
}

describe("indexer review signature check", () => {
  it("computes the EIP-712 digest viem's hashTypedData computes, for any fields", () => {
    fc.assert(
      fc.property(fieldsArb, fc.integer({ min: 1, max: 2 ** 40 }), (f, chainId) => {
        const fields = { ...f, reviewer: alice.address };
        expect(toHex(reviewDigest(chainId, ESCROW, fields))).to.equal(hashTypedData(reviewTypedData(chainId, ESCROW, fields)));
      }),
      { numRuns: 200 },
    );
  });

  it("says yes or no exactly as viem's recovery does, for honest, tampered and foreign signatures", async () => {
    const samples = fc.sample(fieldsArb, { numRuns: 12, seed: 7 });
    let checked = 0;
    for (const [i, f] of samples.entries()) {
      const fields = { ...f, reviewer: alice.address };
      const own = await alice.signTypedData(reviewTypedData(31_337, ESCROW, fields));
      const foreign = await mallory.signTypedData(reviewTypedData(31_337, ESCROW, fields));
      const digest = reviewDigest(31_337, ESCROW, fields);
      for (const sig of [own, foreign].flatMap((s) => [...signatureVariants(s), s.slice(0, 128) as Hex])) {
        expect(signedBy(digest, sig, alice.address), `review ${i} signature ${sig}`).to.equal(await viemSays(31_337, fields, sig));
        checked++;
      }
      // The same signature over other fields (a replay onto another review) is not the reviewer's.
      const other = { ...fields, rating: (fields.rating + 1) % 256 };
      expect(signedBy(reviewDigest(31_337, ESCROW, other), own, alice.address)).to.equal(false);
      expect(signedBy(reviewDigest(31_338, ESCROW, fields), own, alice.address)).to.equal(false);
    }
    expect(checked).to.equal(12 * 2 * 11);
  });

  it("attack: for any 65 bytes over any digest (r, s at and around 0 and n, any v), accepts exactly the address viem recovers and no other", async () => {
    const n = secp256k1.CURVE.n;
    const word = fc.oneof(
      fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }),
      fc.constantFrom(0n, 1n, n - 1n, n, n + 1n, n / 2n, n / 2n + 1n, (1n << 256n) - 1n),
    );
    const cases = fc.sample(fc.tuple(fc.uint8Array({ minLength: 32, maxLength: 32 }), word, word, fc.constantFrom(0, 1, 2, 26, 27, 28, 29, 255)), { numRuns: 300, seed: 5 });
    let recovered = 0;
    for (const [digest, r, s, v] of cases) {
      const signature = `0x${r.toString(16).padStart(64, "0")}${s.toString(16).padStart(64, "0")}${v.toString(16).padStart(2, "0")}` as Hex;
      const viem = await recoverAddress({ hash: toHex(digest), signature }).catch(() => null);
      if (viem) recovered++;
      expect(signedBy(digest, signature, viem ?? alice.address), signature).to.equal(viem !== null);
      expect(signedBy(digest, signature, mallory.address), signature).to.equal(viem !== null && isAddressEqual(viem, mallory.address));
    }
    // Half the v values are valid and about half of all r are a point's x: dozens of cases recover some key.
    expect(recovered).to.be.greaterThan(20);
  });

  it("error: no for a malformed signature or a signer that is not the reviewer", async () => {
    const fields = { taskId: `0x${"ab".repeat(32)}` as Hex, reviewer: alice.address, subject: mallory.address, rating: 5, commentHash: `0x${"cd".repeat(32)}` as Hex, timestamp: 1_800_000_000n };
    const digest = reviewDigest(31_337, ESCROW, fields);
    const own = await alice.signTypedData(reviewTypedData(31_337, ESCROW, fields));
    expect(signedBy(digest, own, alice.address)).to.equal(true);
    expect(signedBy(digest, own, mallory.address)).to.equal(false);
    for (const bad of ["0x", "0xzz", `0x${"00".repeat(65)}`, `0x${"ff".repeat(65)}`, `${own}00`] as Hex[]) expect(signedBy(digest, bad, alice.address), bad).to.equal(false);
    // A digest that is not 32 bytes is nobody's.
    expect(signedBy(digest.subarray(0, 31), own, alice.address)).to.equal(false);
    expect(() => reviewDigest(31_337, ESCROW, { ...fields, rating: 256 })).to.throw(RangeError);
    expect(() => reviewDigest(31_337, ESCROW, { ...fields, timestamp: 1n << 64n })).to.throw(RangeError);
  });
});
