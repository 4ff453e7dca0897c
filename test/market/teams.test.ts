import { expect } from "chai";
import { describe, it } from "mocha";
import { MarketInputError } from "../../agents/market/errors.js";
import { coalitionGame } from "../../agents/market/coalition.js";
import type { TeamCandidate } from "../../agents/market/coalition.js";
import { shapleyExact } from "../../agents/market/shapley.js";
import { formTeams, toBasisPoints } from "../../agents/market/teams.js";

const task = { requiredSkills: ["code", "audit", "translate"], reward: 100 };
const specialists: TeamCandidate[] = [
  { agentId: "cy", success: { code: 0.95 }, cost: 10 },
  { agentId: "dee", success: { audit: 0.9 }, cost: 8 },
  { agentId: "ada", success: { translate: 0.98 }, cost: 5 },
  { agentId: "idle", success: { summarise: 0.99 }, cost: 1 },
];

describe("formTeams", () => {
  it("forms a team when no single candidate covers every skill, with Shapley shares summing to 10_000", () => {
    const d = formTeams(task, specialists);
    expect(d.award).to.equal("team");
    expect(d.bestSingle).to.equal(undefined);
    const team = d.teams[0]!;
    expect(team.members).to.deep.equal(["cy", "dee", "ada"]);
    expect(team.expectedValue).to.be.closeTo(100 * 0.95 * 0.9 * 0.98 - 23, 1e-9);
    expect(team.shapley.reduce((a, b) => a + b, 0)).to.be.closeTo(team.expectedValue, 1e-9);
    expect(team.sharesBps.reduce((a, b) => a + b, 0)).to.equal(10_000);
    expect(team.exact).to.equal(true);
    // Every member is essential (nothing gets done without any one): equal Shapley values, so each
    // share is its price plus a third of the surplus.
    expect(team.shapley[0]).to.be.closeTo(team.expectedValue / 3, 1e-9);
    const gross = 100 * 0.95 * 0.9 * 0.98;
    team.sharesBps.forEach((bps, i) => expect(bps).to.be.closeTo(((team.costs[i]! + team.expectedValue / 3) / gross) * 10_000, 1));
  });

  it("awards the best single candidate when no team beats it, and a team when one does", () => {
    const generalist: TeamCandidate = { agentId: "eve", success: { code: 0.95, audit: 0.95, translate: 0.95 }, cost: 5 };
    const single = formTeams(task, [...specialists, generalist]);
    expect(single.award).to.equal("single");
    expect(single.bestSingle?.agentId).to.equal("eve");
    expect(single.bestSingle?.expectedValue).to.be.closeTo(100 * 0.95 ** 3 - 5, 1e-9);
    const weak: TeamCandidate = { ...generalist, success: { code: 0.5, audit: 0.5, translate: 0.5 } };
    const team = formTeams(task, [...specialists, weak]);
    expect(team.award).to.equal("team");
    expect(team.bestSingle?.agentId).to.equal("eve");
    expect(team.teams[0]!.expectedValue).to.be.greaterThan(team.bestSingle!.expectedValue);
  });

  it("awards nothing when no set of candidates is worth its cost", () => {
    const d = formTeams({ requiredSkills: ["code", "audit"], reward: 10 }, specialists);
    expect(d.award).to.equal("none");
    expect(d.teams).to.deep.equal([]);
  });

  it("the characteristic function is monotone, 0 on the empty set, and a candidate without a needed skill is a null player", () => {
    const game = coalitionGame(task, specialists);
    expect(game.value(0)).to.equal(0);
    for (let m = 0; m < 16; m++) for (let i = 0; i < 4; i++) expect(game.value(m | (1 << i))).to.be.at.least(game.value(m));
    expect(shapleyExact(4, game.value)[3]).to.be.closeTo(0, 1e-12);
  });

  it("error: invalid input is a MarketInputError", () => {
    expect(() => formTeams({ requiredSkills: [], reward: 1 }, specialists)).to.throw(MarketInputError);
    expect(() => formTeams(task, [{ agentId: "x", success: { code: 1.5 }, cost: 1 }])).to.throw(MarketInputError);
    expect(() => toBasisPoints([0, 0])).to.throw(MarketInputError);
  });
});

describe("toBasisPoints", () => {
  it("sums to exactly 10_000 and gives every member at least 1", () => {
    expect(toBasisPoints([1, 1, 1])).to.deep.equal([3334, 3333, 3333]);
    expect(toBasisPoints([1e-9, 1, 1])).to.deep.equal([1, 5000, 4999]);
  });
});
