import { describe, it } from "mocha";
import { expect } from "chai";
import fc from "fast-check";
import { hashTypedData, isAddressEqual, recoverTypedDataAddress, toHex, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { reviewTypedData } from "../../agents/protocol/eip712.js";
import type { ReviewFields } from "../../agents/protocol/review.js";
import { reviewDigest } from "../../agents/protocol/eip712.js";
import { createSignatureCheck } from "../../agents/protocol/signatureCheck.js";
import { signatureVariants } from "../protocol/fixtures/signatureVariants.js";
import { batchHolds, invN, N, Point, pointOfR, split } from "../../agents/protocol/secpBatch.js";
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

  it("says yes or no exactly as viem's recovery does, for honest, tampered and foreign signatures, before and after the reviewer's key gets tables", async () => {
    const signer = createSignatureCheck({ tableAfter: 3 });
    const samples = fc.sample(fieldsArb, { numRuns: 12, seed: 7 });
    let checked = 0;
    for (const [i, f] of samples.entries()) {
      const fields = { ...f, reviewer: alice.address };
      const own = await alice.signTypedData(reviewTypedData(31_337, ESCROW, fields));
      const foreign = await mallory.signTypedData(reviewTypedData(31_337, ESCROW, fields));
      const digest = reviewDigest(31_337, ESCROW, fields);
      for (const sig of [own, foreign].flatMap((s) => [...signatureVariants(s), s.slice(0, 128) as Hex])) {
        expect(signer.signedBy(digest, sig, alice.address), `review ${i} signature ${sig}`).to.equal(await viemSays(31_337, fields, sig));
        checked++;
      }
      // The same signature over other fields (a replay onto another review) is not the reviewer's.
      const other = { ...fields, rating: (fields.rating + 1) % 256 };
      expect(signer.signedBy(reviewDigest(31_337, ESCROW, other), own, alice.address)).to.equal(false);
      expect(signer.signedBy(reviewDigest(31_338, ESCROW, fields), own, alice.address)).to.equal(false);
    }
    expect(checked).to.equal(12 * 2 * 11);
  });

  it("error: no for a malformed signature or a signer that is not the reviewer, whatever the key cache holds", async () => {
    const signer = createSignatureCheck({ tableAfter: 1, maxKeys: 1 });
    const fields = { taskId: `0x${"ab".repeat(32)}` as Hex, reviewer: alice.address, subject: mallory.address, rating: 5, commentHash: `0x${"cd".repeat(32)}` as Hex, timestamp: 1_800_000_000n };
    const digest = reviewDigest(31_337, ESCROW, fields);
    const own = await alice.signTypedData(reviewTypedData(31_337, ESCROW, fields));
    expect(signer.signedBy(digest, own, alice.address)).to.equal(true);
    expect(signer.signedBy(digest, own, alice.address)).to.equal(true); // from the tables now
    expect(signer.signedBy(digest, own, mallory.address)).to.equal(false);
    for (const bad of ["0x", "0xzz", `0x${"00".repeat(65)}`, `0x${"ff".repeat(65)}`, `${own}00`] as Hex[]) expect(signer.signedBy(digest, bad, alice.address), bad).to.equal(false);
    expect(() => reviewDigest(31_337, ESCROW, { ...fields, rating: 256 })).to.throw(RangeError);
    expect(() => reviewDigest(31_337, ESCROW, { ...fields, timestamp: 1n << 64n })).to.throw(RangeError);
  });

  it("answers a batch exactly as viem's recovery does one by one: honest, tampered, foreign and malformed signatures, of keys with and without tables, in any mix", async () => {
    const carol = privateKeyToAccount(`0x${"33".repeat(32)}`);
    const signer = createSignatureCheck({ tableAfter: 2 });
    const items: { digest: Uint8Array | null; signature: Hex; signer: Address; expected: boolean }[] = [];
    for (const [i, f] of fc.sample(fieldsArb, { numRuns: 8, seed: 11 }).entries()) {
      for (const who of [alice, mallory, carol]) {
        const fields = { ...f, reviewer: who.address };
        const own = await who.signTypedData(reviewTypedData(31_337, ESCROW, fields));
        const digest = reviewDigest(31_337, ESCROW, fields);
        // Alice and Mallory get tables from their first two reviews; Carol's key is never learned before.
        if (i < 2 && who !== carol) expect(signer.signedBy(digest, own, who.address)).to.equal(true);
        const sigs = i % 3 === 0 ? [...signatureVariants(own), own.slice(0, 128) as Hex] : [own];
        for (const sig of sigs) items.push({ digest, signature: sig, signer: who.address, expected: await viemSays(31_337, fields, sig) });
        items.push({ digest, signature: own, signer: who === alice ? mallory.address : alice.address, expected: false });
      }
      items.push({ digest: null, signature: `0x${"00".repeat(65)}`, signer: alice.address, expected: false });
    }
    expect(items.filter((x) => x.expected).length).to.be.greaterThan(20);
    const honest = items.filter((x) => x.expected);
    expect(signer.signedByAll(honest)).to.deep.equal(honest.map(() => true));
    for (const order of fc.sample(fc.shuffledSubarray(items, { minLength: 1 }), { numRuns: 25, seed: 3 })) {
      expect(signer.signedByAll(order)).to.deep.equal(order.map((x) => x.expected));
    }
  });

  it("error: the batch equation fails when one signature's R or scalars are off, and holds for honest ones", () => {
    const key = secp256k1.utils.randomPrivateKey();
    const P = split(Point.fromHex(secp256k1.getPublicKey(key, false)));
    const items = Array.from({ length: 6 }, (_, i) => {
      const h = secp256k1.utils.randomPrivateKey();
      const sig = secp256k1.sign(h, key);
      const si = invN(sig.s);
      return { R: pointOfR(sig.r, sig.recovery!)!, u1: ((BigInt(toHex(h)) % N) * si) % N, u2: (sig.r * si) % N, key: P, i };
    });
    expect(batchHolds(items)).to.equal(true);
    expect(batchHolds(items.map((x) => (x.i === 3 ? { ...x, u1: (x.u1 + 1n) % N } : x)))).to.equal(false);
    expect(batchHolds(items.map((x) => (x.i === 0 ? { ...x, R: { x: x.R.x, y: secp256k1.CURVE.Fp.ORDER - x.R.y } } : x)))).to.equal(false);
    expect(batchHolds(items.map((x) => (x.i === 5 ? { ...x, u2: (x.u2 + 1n) % N } : x)))).to.equal(false);
  });
});
