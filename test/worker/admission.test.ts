import { describe, it } from "mocha";
import { expect } from "chai";
import { getAddress, keccak256, stringToHex } from "viem";
import { specHash } from "../../agents/protocol/hashes.js";
import type { AnnounceMessage } from "../../agents/protocol/messages.js";
import type { TaskSpec } from "../../agents/protocol/task.js";
import { admitAnnouncement, screenAnnouncement, type LocalFacts, type ManagerStanding } from "../../agents/worker/admission.js";

const addr = (s: string) => getAddress(keccak256(stringToHex(s)).slice(0, 42));
const MANAGER = addr("manager");
const ESCROW = addr("escrow");
const spec: TaskSpec = {
  taskId: keccak256(stringToHex("t")),
  title: "Summarise",
  description: "Summarise a note.",
  requiredSkills: ["summarise"],
  preferredSkills: [],
  budget: "5000000",
  token: addr("token"),
  deadline: 2_000_000_000,
  reviewPeriod: 600,
  arbiter: addr("arbiter"),
};
const announce: AnnounceMessage = { type: "announce", manager: MANAGER, chainId: 31337, escrow: ESCROW, spec, specHash: specHash(spec), bidWindowEndsAt: 0 };
const local: LocalFacts = { chainId: 31337, escrow: ESCROW, profile: { agentId: "7", skills: ["summarise"], costPerStep: 1, maxSteps: 5 }, seen: false };
const from = { agentId: "3", address: MANAGER };
const rich: ManagerStanding = { funds: { credit: 0n, balance: 5_000_000n, allowance: 5_000_000n } };

describe("worker admission (screenAnnouncement, admitAnnouncement)", () => {
  it("admits a task announced by its own signer, for this escrow, within the worker's skills, from a manager that can pay", () => {
    expect(screenAnnouncement(announce, from, local)).to.deep.equal({ ok: true });
    expect(admitAnnouncement(announce, rich)).to.deep.equal({ ok: true });
    // Escrow credit alone covers the budget too, whatever the token balance.
    expect(admitAnnouncement(announce, { funds: { credit: 5_000_000n, balance: 0n, allowance: 0n } })).to.deep.equal({ ok: true });
  });

  it("error: refuses, with a typed reason, a sender that is not the announcing manager, another escrow, missing skills, a changed spec, a repeat", () => {
    const reason = (m: AnnounceMessage, f = from, l = local) => {
      const a = screenAnnouncement(m, f, l);
      return a.ok ? "ok" : a.reason;
    };
    expect(reason(announce, { agentId: "9", address: addr("someone") })).to.equal("not-manager");
    expect(reason({ ...announce, escrow: addr("other") })).to.equal("other-escrow");
    expect(reason({ ...announce, chainId: 1 })).to.equal("other-escrow");
    expect(reason({ ...announce, spec: { ...spec, requiredSkills: ["summarise", "audit"] } })).to.equal("incapable");
    expect(reason({ ...announce, spec: { ...spec, budget: "9" } })).to.equal("spec-mismatch");
    expect(reason(announce, from, { ...local, seen: true })).to.equal("already-seen");
  });

  it("error: refuses a manager whose credit, balance or allowance is one unit short of the budget", () => {
    const short = (funds: ManagerStanding["funds"]) => admitAnnouncement(announce, { funds });
    for (const funds of [
      { credit: 4_999_999n, balance: 0n, allowance: 0n },
      { credit: 0n, balance: 4_999_999n, allowance: 10n ** 30n },
      { credit: 0n, balance: 10n ** 30n, allowance: 4_999_999n },
    ]) {
      const a = short(funds);
      expect(a.ok, JSON.stringify(funds, (_, v) => (typeof v === "bigint" ? String(v) : v))).to.equal(false);
      if (!a.ok) expect(a.reason).to.equal("cannot-pay");
    }
  });

  it("error: refuses a manager below the worker's minimum reputation, or of unknown reputation, when the policy sets one", () => {
    expect(admitAnnouncement(announce, { ...rich, reputation: 0.59 }, { minManagerReputation: 0.6 })).to.include({ ok: false, reason: "low-reputation" });
    expect(admitAnnouncement(announce, rich, { minManagerReputation: 0.6 })).to.include({ ok: false, reason: "low-reputation" });
    expect(admitAnnouncement(announce, { ...rich, reputation: 0.6 }, { minManagerReputation: 0.6 })).to.deep.equal({ ok: true });
  });
});
