import { expect } from "chai";
import { describe, it } from "mocha";
import fc from "fast-check";
import { MarketInputError } from "../../agents/market/errors.js";
import { hoeffdingSamples, shapley, shapleyExact, shapleySampled } from "../../agents/market/shapley.js";

/** A random game on n players: a value per coalition, v(∅) = 0. */
const game = (minN: number, maxN: number) =>
  fc.integer({ min: minN, max: maxN }).chain((n) =>
    fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 1 << n, maxLength: 1 << n }).map((t) => {
      t[0] = 0;
      return { n, v: (m: number) => t[m]! };
    }),
  );
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const swapBits = (m: number, i: number, j: number) => {
  const bi = (m >> i) & 1;
  const bj = (m >> j) & 1;
  return bi === bj ? m : m ^ ((1 << i) | (1 << j));
};
const runs = { numRuns: 200, seed: 16 };

describe("shapley", () => {
  it("efficiency: the values add up to the grand coalition's value", () => {
    fc.assert(
      fc.property(game(1, 7), ({ n, v }) => {
        expect(sum(shapleyExact(n, v))).to.be.closeTo(v((1 << n) - 1), 1e-7);
      }),
      runs,
    );
  });

  it("symmetry: interchangeable players get equal values", () => {
    fc.assert(
      fc.property(game(2, 7), fc.nat(), fc.nat(), ({ n, v }, a, b) => {
        const i = a % n;
        const j = (i + 1 + (b % (n - 1))) % n;
        const sym = (m: number) => (v(m) + v(swapBits(m, i, j))) / 2;
        const phi = shapleyExact(n, sym);
        expect(phi[i]).to.be.closeTo(phi[j]!, 1e-7);
      }),
      runs,
    );
  });

  it("null player: a player that adds nothing to any coalition gets 0", () => {
    fc.assert(
      fc.property(game(2, 7), fc.nat(), ({ n, v }, a) => {
        const k = a % n;
        const withNull = (m: number) => v(m & ~(1 << k));
        expect(shapleyExact(n, withNull)[k]).to.be.closeTo(0, 1e-9);
      }),
      runs,
    );
  });

  it("additivity: the values of v + w are the values of v plus those of w", () => {
    fc.assert(
      fc.property(game(3, 6), game(3, 6), (g, h) => {
        const n = Math.min(g.n, h.n);
        const mask = (1 << n) - 1;
        const v = (m: number) => g.v(m & mask);
        const w = (m: number) => h.v(m & mask);
        const both = shapleyExact(n, (m) => v(m) + w(m));
        const apart = shapleyExact(n, v).map((x, i) => x + shapleyExact(n, w)[i]!);
        both.forEach((x, i) => expect(x).to.be.closeTo(apart[i]!, 1e-7));
      }),
      runs,
    );
  });

  it("the sampled estimate is within the Hoeffding bound of the exact values", () => {
    fc.assert(
      fc.property(fc.integer({ min: 11, max: 12 }), fc.integer({ min: 1, max: 1e6 }), (n, seed) => {
        // Values in [0, 1]: every marginal contribution lies in [-1, 1], an interval of width 2.
        const table = Float64Array.from({ length: 1 << n }, (_, m) => (m === 0 ? 0 : ((m * 2654435761 + seed) % 1000) / 1000));
        const v = (m: number) => table[m]!;
        const r = shapley(n, v, { range: 2, epsilon: 0.1, delta: 0.001, seed });
        expect(r.exact).to.equal(false);
        expect(r.samples).to.equal(hoeffdingSamples({ range: 2, epsilon: 0.1, delta: 0.001, players: n }));
        const exact = shapleyExact(n, v);
        r.values.forEach((x, i) => expect(Math.abs(x - exact[i]!)).to.be.lessThan(0.1));
      }),
      { numRuns: 10, seed: 16 },
    );
  });

  it("is exact up to 10 players and sampled beyond; the sampler converges on the exact values", () => {
    const v = (m: number) => (m & 1 ? 10 : 0) + (m & 6 ? 4 : 0);
    expect(shapley(3, v, { range: 14 })).to.deep.equal({ values: shapleyExact(3, v), exact: true });
    const sampled = shapleySampled(3, v, 4_000, 7);
    expect(sampled[0]).to.be.closeTo(10, 1e-9);
    expect(sampled[1]).to.be.closeTo(2, 0.15);
    expect(hoeffdingSamples({ range: 1, epsilon: 0.05, delta: 0.05, players: 20 })).to.equal(1337);
  });

  it("error: no players, too many, or a bound that cannot hold", () => {
    expect(() => shapleyExact(0, () => 0)).to.throw(MarketInputError);
    expect(() => shapleySampled(31, () => 0, 1)).to.throw(MarketInputError);
    expect(() => hoeffdingSamples({ range: 1, epsilon: 0, delta: 0.05, players: 2 })).to.throw(MarketInputError);
    expect(() => hoeffdingSamples({ range: 1, epsilon: 0.1, delta: 1, players: 2 })).to.throw(MarketInputError);
  });
});
