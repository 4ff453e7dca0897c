import { secp256k1 } from "@noble/curves/secp256k1";

/**
 * secp256k1 points in Jacobian coordinates (x = X/Z², y = Y/Z³, Z = 0 the point at infinity) with
 * the short a = 0 formulas: doubling dbl-2009-l (2M + 5S) and mixed addition of an affine point
 * madd-2007-bl (7M + 4S), a quarter of the field operations of noble's complete projective
 * formulas. Only the batch signature equation's sum over R points uses them (secpBatch.ts);
 * test/protocol/jacobian.test.ts checks them against noble.
 */
const { Fp } = secp256k1.CURVE;
const P = Fp.ORDER;
const m = (a: bigint): bigint => {
  const r = a % P;
  return r < 0n ? r + P : r;
};

export interface Jac {
  X: bigint;
  Y: bigint;
  Z: bigint;
}
export interface Affine {
  x: bigint;
  y: bigint;
}

export const INFINITY: Jac = { X: 1n, Y: 1n, Z: 0n };

export function dbl(p: Jac): Jac {
  if (p.Z === 0n || p.Y === 0n) return INFINITY;
  const A = m(p.X * p.X);
  const B = m(p.Y * p.Y);
  const C = m(B * B);
  const t = p.X + B;
  const D = m(2n * (t * t - A - C));
  const E = 3n * A;
  const F = m(E * E);
  const X = m(F - 2n * D);
  return { X, Y: m(E * (D - X) - 8n * C), Z: m(2n * p.Y * p.Z) };
}

/** p + q for an affine q. */
export function madd(p: Jac, q: Affine): Jac {
  if (p.Z === 0n) return { X: q.x, Y: q.y, Z: 1n };
  const Z1Z1 = m(p.Z * p.Z);
  const U2 = m(q.x * Z1Z1);
  const S2 = m(q.y * p.Z * Z1Z1);
  const H = m(U2 - p.X);
  const r = m(2n * (S2 - p.Y));
  if (H === 0n) return r === 0n ? dbl(p) : INFINITY;
  const HH = m(H * H);
  const I = 4n * HH;
  const J = m(H * I);
  const V = m(p.X * I);
  const X = m(r * r - J - 2n * V);
  const t = p.Z + H;
  return { X, Y: m(r * (V - X) - 2n * p.Y * J), Z: m(t * t - Z1Z1 - HH) };
}

export const neg = (q: Affine): Affine => ({ x: q.x, y: q.y === 0n ? 0n : P - q.y });

/** Jacobian points in affine form with one field inversion for all (none may be infinity). */
export function toAffineAll(ps: readonly Jac[]): Affine[] {
  const inv = Fp.invertBatch(ps.map((p) => p.Z));
  return ps.map((p, i) => {
    const zi = inv[i]!;
    const zi2 = m(zi * zi);
    return { x: m(p.X * zi2), y: m(p.Y * zi2 * zi) };
  });
}
