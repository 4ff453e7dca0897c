import { hashTypedData, isAddressEqual, recoverTypedDataAddress, toHex, type Address, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { reviewTypedData } from "../protocol/eip712.js";
import type { ReviewFields } from "../protocol/review.js";
import { reviewDigest } from "../protocol/eip712.js";
import { signedBy } from "../protocol/signatureCheck.js";

/** Milliseconds of one review signature check, each way, measured interleaved in one process. */
export interface ReviewSignatureRow {
  reviews: number;
  reviewers: number;
  /** viem: hashTypedData + recoverPublicKey + address compare (what prepareReview did before). */
  viemRecoverMs: number;
  /** reviewDigest (cached domain separator) + signatureCheck.ts (libsecp256k1 recovery). */
  indexerCheckMs: number;
  /** The digest alone: viem's hashTypedData against reviewDigest. */
  viemDigestMs: number;
  indexerDigestMs: number;
}

/**
 * Signs `reviews` reviews spread over `reviewers` keys, then times both checks on each review
 * in turn (so machine load hits both alike); every check must say yes.
 *
 * @example
 * const row = await benchReviewSignature(2_000, 2);
 */
export async function benchReviewSignature(reviews: number, reviewers: number): Promise<ReviewSignatureRow> {
  const escrow: Address = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
  const accounts = Array.from({ length: reviewers }, () => privateKeyToAccount(generatePrivateKey()));
  const signed: { fields: ReviewFields; signature: Hex }[] = [];
  for (let i = 0; i < reviews; i++) {
    const who = accounts[i % reviewers]!;
    const fields = { taskId: toHex(i, { size: 32 }), reviewer: who.address, subject: escrow, rating: 1 + (i % 5), commentHash: toHex(i * 7 + 1, { size: 32 }), timestamp: 1_800_000_000n + BigInt(i) };
    signed.push({ fields, signature: await who.signTypedData(reviewTypedData(31_337, escrow, fields)) });
  }
  const t = { viem: 0, ours: 0, viemDigest: 0, ourDigest: 0 };
  for (const { fields, signature } of signed) {
    let at = performance.now();
    const a = isAddressEqual(await recoverTypedDataAddress({ ...reviewTypedData(31_337, escrow, fields), signature }), fields.reviewer);
    t.viem += performance.now() - at;
    at = performance.now();
    const b = signedBy(reviewDigest(31_337, escrow, fields), signature, fields.reviewer);
    t.ours += performance.now() - at;
    at = performance.now();
    hashTypedData(reviewTypedData(31_337, escrow, fields));
    t.viemDigest += performance.now() - at;
    at = performance.now();
    reviewDigest(31_337, escrow, fields);
    t.ourDigest += performance.now() - at;
    if (!a || !b) throw new Error(`a valid signature was refused (viem ${a}, indexer ${b})`);
  }
  const ms = (x: number) => Math.round((x / reviews) * 1000) / 1000;
  return { reviews, reviewers, viemRecoverMs: ms(t.viem), indexerCheckMs: ms(t.ours), viemDigestMs: ms(t.viemDigest), indexerDigestMs: ms(t.ourDigest) };
}
