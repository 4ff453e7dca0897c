import { describe, it } from "mocha";
import { expect } from "chai";
import fc from "fast-check";
import { secp256k1 } from "@noble/curves/secp256k1";
import { dbl, INFINITY, madd, neg, toAffineAll, type Affine } from "../../agents/protocol/jacobian.js";

const G = secp256k1.ProjectivePoint.BASE;
const scalar = fc.bigInt({ min: 1n, max: secp256k1.CURVE.n - 1n });
const affine = (k: bigint): Affine => G.multiply(k).toAffine();

describe("secp256k1 Jacobian arithmetic", () => {
  it("doubles and adds as noble does, including the special cases (infinity, P + P, P + -P)", () => {
    fc.assert(
      fc.property(scalar, scalar, (a, b) => {
        const [pa, pb] = [affine(a), affine(b)];
        const A = madd(INFINITY, pa);
        expect(toAffineAll([dbl(A)])[0]).to.deep.equal(G.multiply(a).double().toAffine());
        if (a !== b && a + b !== secp256k1.CURVE.n) expect(toAffineAll([madd(A, pb)])[0]).to.deep.equal(G.multiply(a).add(G.multiply(b)).toAffine());
        expect(toAffineAll([madd(dbl(A), pa), madd(A, pa)])).to.deep.equal([G.multiply(a).multiply(3n).toAffine(), G.multiply(a).double().toAffine()]);
        expect(madd(A, neg(pa)).Z).to.equal(0n);
        expect(dbl(INFINITY).Z).to.equal(0n);
      }),
      { numRuns: 40 },
    );
  });
});
