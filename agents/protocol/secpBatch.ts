import { ECDH, randomBytes } from "node:crypto";
import { Field } from "@noble/curves/abstract/modular";
import { secp256k1 } from "@noble/curves/secp256k1";
import { dbl, INFINITY, madd, neg, toAffineAll, type Affine, type Jac } from "./jacobian.js";

/**
 * secp256k1 arithmetic behind signatureCheck.ts: per-key precomputed tables, and the batch
 * equation that checks many signatures of known keys with one pass over their R points.
 */
export type Point = InstanceType<typeof secp256k1.ProjectivePoint>;
export const Point = secp256k1.ProjectivePoint;
export const N = secp256k1.CURVE.n;
const { Fp, endo } = secp256k1.CURVE;
/** Window of the per-key tables by default: 2 × 17 × 128 points, about 1 MB per signer key (window 4: 2 × 33 × 8, 10 times cheaper to build). */
const WINDOW = 8;

/** A point and its endomorphism image λP = (βx, y), each with a WINDOW table for 128-bit scalars. */
export interface Split {
  p: Point;
  pl: Point;
}

export function split(p: Point, window = WINDOW): Split {
  const pl = new Point(Fp.mul(p.px, endo!.beta), p.py, p.pz);
  secp256k1.utils.precompute(window, p);
  secp256k1.utils.precompute(window, pl);
  return { p, pl };
}

let base: Split | undefined;
/** The generator's tables (built on first use). */
export const baseTables = (): Split => (base ??= split(Point.fromAffine(Point.BASE.toAffine())));

/** k·P with P's tables: k = k1 + k2·λ splits into two 128-bit scalars (noble's tables cover 128 bits). */
export function mul(t: Split, k: bigint): Point {
  const { k1neg, k1, k2neg, k2 } = endo!.splitScalar(k);
  let a = t.p.multiplyUnsafe(k1);
  let b = t.pl.multiplyUnsafe(k2);
  if (k1neg) a = a.negate();
  if (k2neg) b = b.negate();
  return a.add(b);
}

export function invN(a: bigint): bigint {
  let [t, nt, r, nr] = [0n, 1n, N, a % N];
  while (nr !== 0n) {
    const q = r / nr;
    [t, nt] = [nt, t - q * nt];
    [r, nr] = [nr, r - q * nr];
  }
  return ((t % N) + N) % N;
}

/** R of a signature from its r and y parity (OpenSSL's point decompression, native), or null when r is no point's x. */
export function pointOfR(r: bigint, bit: number): Affine | null {
  const compressed = Buffer.from(`0${2 + bit}${r.toString(16).padStart(64, "0")}`, "hex");
  let full: Buffer;
  try {
    full = ECDH.convertKey(compressed, "secp256k1", undefined, undefined, "uncompressed") as Buffer;
  } catch {
    return null;
  }
  return { x: BigInt(`0x${full.subarray(1, 33).toString("hex")}`), y: BigInt(`0x${full.subarray(33).toString("hex")}`) };
}

/** s⁻¹ mod n of many scalars with one inversion. */
export const invNAll = (xs: readonly bigint[]): bigint[] => Fn.invertBatch([...xs]);
const Fn = Field(N);

const W = 4; // width-4 NAF: digits odd in (-8, 8), a nonzero digit at most every 4 bits

/** Width-W NAF digits of a 128-bit little-endian scalar, least significant first. */
function wnaf(bytes: Uint8Array): Int8Array {
  const bits = new Uint8Array(bytes.length * 8 + W + 1);
  for (let i = 0; i < bytes.length * 8; i++) bits[i] = (bytes[i >> 3]! >> (i & 7)) & 1;
  const out = new Int8Array(bits.length);
  for (let i = 0; i < bits.length; ) {
    if (!bits[i]) {
      i++;
      continue;
    }
    let d = 0;
    for (let j = 0; j < W; j++) d |= bits[i + j]! << j;
    if (d >= 1 << (W - 1)) {
      d -= 1 << W;
      let j = i + W;
      while (bits[j]) bits[j++] = 0;
      bits[j] = 1;
    }
    out[i] = d;
    bits.fill(0, i, i + W);
    i += W;
  }
  return out;
}

/**
 * Whether every signature of a batch satisfies R_i = u1_i·G + u2_i·P_i, checked at once: with
 * secret random 128-bit z_i, Σ z_i·R_i = (Σ z_i·u1_i)·G + Σ_keys (Σ z_i·u2_i)·P. One wrong
 * equation alone can never pass (z_i ≠ 0 in a group of prime order); several pass together with
 * probability at most 2⁻¹²⁷. Σ z_i·R_i is one interleaved width-4 NAF pass in Jacobian
 * coordinates (jacobian.ts: 128 doublings shared, about 29 mixed additions per R), instead of two
 * 256-bit multiplications per signature.
 * Sums over R_i, so a caller that gets false checks its signatures one by one.
 */
export function batchHolds(items: readonly { R: Affine; u1: bigint; u2: bigint; key: Split }[]): boolean {
  const z = randomBytes(16 * items.length);
  let cG = 0n;
  const cP = new Map<Split, bigint>();
  const nafs = items.map((it, k) => {
    const zb = z.subarray(16 * k, 16 * k + 16);
    zb[15]! |= 0x80; // never zero (and every z the same length)
    const zi = BigInt(`0x${Buffer.from(zb).reverse().toString("hex")}`);
    cG = (cG + zi * it.u1) % N;
    cP.set(it.key, ((cP.get(it.key) ?? 0n) + zi * it.u2) % N);
    return wnaf(zb);
  });
  // R, 3R, 5R, 7R of each R, affine (two batched inversions in all): width-4 NAF digits ±1..±7.
  const twice = toAffineAll(items.map(({ R }) => dbl({ X: R.x, Y: R.y, Z: 1n })));
  const multiples = toAffineAll(
    items.flatMap(({ R }, k) => {
      const p3 = madd({ X: R.x, Y: R.y, Z: 1n }, twice[k]!);
      const p5 = madd(p3, twice[k]!);
      return [p3, p5, madd(p5, twice[k]!)];
    }),
  );
  const odd = items.map(({ R }, k) => [R, ...multiples.slice(3 * k, 3 * k + 3)]);
  let acc: Jac = INFINITY;
  for (let i = nafs[0]!.length - 1; i >= 0; i--) {
    acc = dbl(acc);
    for (let k = 0; k < nafs.length; k++) {
      const d = nafs[k]![i]!;
      if (d > 0) acc = madd(acc, odd[k]![(d - 1) >> 1]!);
      else if (d < 0) acc = madd(acc, neg(odd[k]![(-d - 1) >> 1]!));
    }
  }
  let rhs = mul(baseTables(), cG);
  for (const [key, c] of cP) rhs = rhs.add(mul(key, c));
  if (acc.Z === 0n || rhs.equals(Point.ZERO)) return acc.Z === 0n && rhs.equals(Point.ZERO);
  const lhs = toAffineAll([acc])[0]!;
  const want = rhs.toAffine();
  return lhs.x === want.x && lhs.y === want.y;
}
