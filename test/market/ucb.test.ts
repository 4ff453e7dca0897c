import { expect } from "chai";
import { describe, it } from "mocha";
import { MarketInputError, ucbBonus } from "../../agents/market/index.js";

describe("ucbBonus", () => {
  it("equals √(2 ln N / nᵢ) for an explored agent", () => {
    expect(ucbBonus(100, 4)).to.be.closeTo(Math.sqrt((2 * Math.log(100)) / 4), 1e-12);
    expect(ucbBonus(1000, 250)).to.be.closeTo(Math.sqrt((2 * Math.log(1000)) / 250), 1e-12);
  });

  it("decays strictly as an agent's awards grow", () => {
    let previous = Infinity;
    for (const n of [0, 1, 2, 5, 10, 50, 200, 1000]) {
      const bonus = ucbBonus(5000, n);
      expect(bonus, `nᵢ=${n}`).to.be.lessThan(previous);
      previous = bonus;
    }
    expect(ucbBonus(5000, 1000)).to.be.lessThan(0.15);
  });

  it("gives a never-awarded agent a finite bonus larger than any explored agent's", () => {
    for (const N of [0, 1, 2, 10, 1000, 1e6]) {
      const fresh = ucbBonus(N, 0);
      expect(Number.isFinite(fresh)).to.equal(true);
      expect(fresh).to.be.greaterThan(ucbBonus(N, 1));
    }
    expect(ucbBonus(0, 0)).to.equal(2);
  });

  it("is zero for explored agents before a second award and scales with the exploration weight", () => {
    expect(ucbBonus(1, 1)).to.equal(0);
    expect(ucbBonus(100, 4, 0.25)).to.be.closeTo(0.25 * ucbBonus(100, 4), 1e-12);
    expect(ucbBonus(100, 4, 0)).to.equal(0);
  });

  it("error: rejects negative or non-finite counts", () => {
    expect(() => ucbBonus(-1, 0)).to.throw(MarketInputError);
    expect(() => ucbBonus(10, Number.NaN)).to.throw(MarketInputError);
  });
});
