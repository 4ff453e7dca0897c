import { secp256k1 } from "@noble/curves/secp256k1";
import { bytesToHex, hexToBytes, keccak256, type Address, type Hex } from "viem";
import { addressKey } from "./codecs.js";

type Point = InstanceType<typeof secp256k1.ProjectivePoint>;
const Point = secp256k1.ProjectivePoint;
const { n: N, Fp, endo } = secp256k1.CURVE;
/** Window of the per-key tables: 2 × 17 × 128 points, about 1 MB per signer key. */
const WINDOW = 8;

/** A point and its endomorphism image λP = (βx, y), each with a WINDOW table for 128-bit scalars. */
interface Split {
  p: Point;
  pl: Point;
}

function split(p: Point): Split {
  const pl = new Point(Fp.mul(p.px, endo!.beta), p.py, p.pz);
  secp256k1.utils.precompute(WINDOW, p);
  secp256k1.utils.precompute(WINDOW, pl);
  return { p, pl };
}

/** k·P with P's tables: k = k1 + k2·λ splits into two 128-bit scalars (noble's tables cover 128 bits). */
function mul(t: Split, k: bigint): Point {
  const { k1neg, k1, k2neg, k2 } = endo!.splitScalar(k);
  let a = t.p.multiplyUnsafe(k1);
  let b = t.pl.multiplyUnsafe(k2);
  if (k1neg) a = a.negate();
  if (k2neg) b = b.negate();
  return a.add(b);
}

function invN(a: bigint): bigint {
  let [t, nt, r, nr] = [0n, 1n, N, a % N];
  while (nr !== 0n) {
    const q = r / nr;
    [t, nt] = [nt, t - q * nt];
    [r, nr] = [nr, r - q * nr];
  }
  return ((t % N) + N) % N;
}

let base: Split | undefined;

export interface SignatureCheckOptions {
  /** Full recoveries of one signer's signatures before its key gets tables (default 16): a table costs ~50 recoveries' CPU, amortised over many signatures. */
  tableAfter?: number;
  /** Signers whose key is remembered (LRU, default 128; ~1 MB each with tables). */
  maxKeys?: number;
}

/** Decides whether a signature over a digest is a given signer's (see {@link createSignatureCheck}). */
export interface SignatureCheck {
  signedBy(digest: Uint8Array, signature: Hex, signer: Address): boolean;
}

/**
 * Decides whether a 65-byte signature over an EIP-712 digest was made by `signer`, with exactly
 * viem's `recoverAddress` outcome (r‖s‖v, v ∈ {0, 1, 27, 28}, r and s in [1, n), the recovered
 * key's address equal to `signer`) but cheaper for a signer seen before. The first signatures of a
 * signer are recovered in full; once its key (learned that way) has been recovered `tableAfter`
 * times it gets precomputed tables, and later signatures are checked from the other side of the
 * same equation: recovery gives Q = r⁻¹(s·R − h·G), so Q = P exactly when
 * R = (h·s⁻¹)·G + (r·s⁻¹)·P, whose x must be r and whose y parity must be v's. Same answer for
 * every input (tampered v, high s, foreign keys: test/indexer/reviewSigner.test.ts for reviews,
 * test/protocol/envelopeSignature.test.ts for envelopes), about a quarter of the CPU. The one
 * signature check of the indexer's reviews and of every A2A envelope.
 *
 * @example
 * const check = createSignatureCheck();
 * const ok = check.signedBy(reviewDigest(chainId, escrow, fields), signature, reviewer);
 */
export function createSignatureCheck(opts: SignatureCheckOptions = {}): SignatureCheck {
  const tableAfter = opts.tableAfter ?? 16;
  const maxKeys = opts.maxKeys ?? 128;
  const keys = new Map<string, { point: Point; recoveries: number; table?: Split }>();

  function remember(address: string, point: Point): void {
    const known = keys.get(address);
    keys.delete(address);
    const entry = known ?? { point, recoveries: 0 };
    entry.recoveries++;
    if (!entry.table && entry.recoveries >= tableAfter) entry.table = split(Point.fromAffine(point.toAffine()));
    keys.set(address, entry);
    if (keys.size > maxKeys) keys.delete(keys.keys().next().value!);
  }

  return {
    signedBy(digest: Uint8Array, signature: Hex, signer: Address): boolean {
      if (!/^0x[0-9a-fA-F]{130}$/.test(signature)) return false;
      const bytes = hexToBytes(signature);
      const v = bytes[64]!;
      const bit = v === 0 || v === 27 ? 0 : v === 1 || v === 28 ? 1 : -1;
      if (bit < 0) return false;
      let sig;
      try {
        sig = secp256k1.Signature.fromCompact(bytes.subarray(0, 64)); // r, s in [1, n)
      } catch {
        return false;
      }
      const address = addressKey(signer);
      const known = keys.get(address);
      if (known?.table) {
        keys.delete(address);
        keys.set(address, known);
        const h = BigInt(bytesToHex(digest)) % N;
        const si = invN(sig.s);
        const u1 = (h * si) % N;
        const R = mul((base ??= split(Point.fromAffine(Point.BASE.toAffine()))), u1).add(mul(known.table, (sig.r * si) % N));
        if (R.equals(Point.ZERO)) return false;
        const { x, y } = R.toAffine();
        return x === sig.r && Number(y & 1n) === bit;
      }
      let Q: Point;
      try {
        Q = sig.addRecoveryBit(bit).recoverPublicKey(digest);
      } catch {
        return false;
      }
      const recovered = `0x${keccak256(Q.toRawBytes(false).subarray(1)).slice(-40)}`;
      if (recovered !== address) return false;
      remember(address, Q);
      return true;
    },
  };
}
