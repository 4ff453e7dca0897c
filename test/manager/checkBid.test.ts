import { describe, it } from "mocha";
import { expect } from "chai";
import { getAddress, keccak256, stringToHex, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { checkBid, type BidContext } from "../../agents/manager/checkBid.js";
import { bidTypedData, type BidTerms } from "../../agents/protocol/eip712.js";
import { specHash } from "../../agents/protocol/hashes.js";
import type { BidMessage } from "../../agents/protocol/messages.js";
import type { TaskSpec } from "../../agents/protocol/task.js";

// checkBid is pure: a local key signs, nothing touches a chain.
const worker = privateKeyToAccount(keccak256(stringToHex("worker key")));
const other = privateKeyToAccount(keccak256(stringToHex("other worker key")));
const addr = (label: string): Address => getAddress(keccak256(stringToHex(label)).slice(0, 42));
const CHAIN_ID = 31337;
const ESCROW = addr("escrow");
const CLIENT = addr("client");
const ARBITER = addr("arbiter");
const TOKEN = addr("token");
const NOW = 1_800_000_000n;
const MIN_VALIDITY = 120n;

const spec: TaskSpec = {
  taskId: keccak256(stringToHex("task")),
  title: "Summarise",
  description: "Summarise the text.",
  requiredSkills: ["summarise"],
  preferredSkills: [],
  budget: "5000000",
  token: TOKEN,
  deadline: Number(NOW) + 3_600,
  reviewPeriod: 600,
  arbiter: ARBITER,
};

function terms(over: Partial<BidTerms> = {}): BidTerms {
  return {
    taskId: spec.taskId as Hex,
    specHash: specHash(spec),
    client: CLIENT,
    worker: worker.address,
    token: TOKEN,
    amount: 1_000_000n,
    arbiter: ARBITER,
    deadline: BigInt(spec.deadline),
    reviewPeriod: BigInt(spec.reviewPeriod),
    expiry: NOW + 600n,
    nonce: 7n,
    claimedSuccessBps: 8_000,
    ...over,
  };
}

async function bid(t: BidTerms, opts: { signer?: typeof worker; price?: bigint; agentId?: string; taskId?: Hex; successProbability?: number } = {}): Promise<BidMessage> {
  const signature = await (opts.signer ?? worker).signTypedData(bidTypedData(CHAIN_ID, ESCROW, t));
  return {
    type: "bid",
    taskId: opts.taskId ?? t.taskId,
    agentId: opts.agentId ?? "ada",
    terms: t,
    signature,
    estimate: { price: (opts.price ?? t.amount).toString(), estimatedSteps: 1, estimatedSeconds: 10, successProbability: opts.successProbability ?? t.claimedSuccessBps / 10_000, rationale: "r" },
  };
}

function ctx(over: Partial<BidContext> = {}, task: Partial<NonNullable<BidContext["task"]>> = {}): BidContext {
  return {
    chainId: CHAIN_ID,
    escrow: ESCROW,
    client: CLIENT,
    task: { spec, specHash: specHash(spec), open: true, bidders: [], ...task },
    asked: [{ address: worker.address, agentId: "ada" }],
    notAsked: [],
    chainNow: NOW,
    minValiditySeconds: MIN_VALIDITY,
    ...over,
  };
}

async function rejection(msg: BidMessage, c: BidContext = ctx()) {
  const r = await checkBid(msg, c);
  if (r.ok) expect.fail("expected the bid to be rejected");
  return r;
}

describe("checkBid", () => {
  it("error: each rejection's detail names the offending values (what the manager logs)", async () => {
    const t = terms();
    const detail = async (msg: BidMessage, c: BidContext = ctx()) => (await rejection(msg, c)).detail;
    expect(await detail(await bid(t), ctx({ task: undefined }))).to.equal(`task ${t.taskId} was not announced here`);
    const other = keccak256(stringToHex("other"));
    expect(await detail(await bid(terms({ taskId: other }), { taskId: t.taskId }))).to.equal(`signed for ${other}, sent for ${t.taskId}`);
    expect(await detail(await bid(t), ctx({}, { open: false }))).to.equal(`bidding on ${t.taskId} is closed`);
    const twoOff = await bid(terms({ deadline: t.deadline + 1n, reviewPeriod: t.reviewPeriod + 1n }));
    expect(await detail(twoOff)).to.equal(`deadline ${t.deadline + 1n}, reviewPeriod ${t.reviewPeriod + 1n}`);
    expect(await detail(await bid(t, { price: 5n }))).to.equal(`price 5 != amount ${t.amount}`);
    expect(await detail(await bid(terms({ expiry: NOW + 5n })))).to.equal(`expiry ${NOW + 5n} < chain time ${NOW} + ${MIN_VALIDITY}s`);
    expect(await detail(await bid(terms({ worker: other.slice(0, 42) as Address })))).to.match(/ is not registered with a checked card that has every required skill$/);
    expect(await detail(await bid(t), ctx({}, { bidders: [worker.address] }))).to.equal(`worker ${worker.address} already bid`);
    const stranger = privateKeyToAccount(keccak256(stringToHex("stranger key")));
    expect(await detail(await bid(t, { signer: stranger }))).to.equal(`signed by ${stranger.address}, claims ${worker.address}`);
    const unrecoverable = { ...(await bid(t)), signature: `0x${"00".repeat(65)}` as const };
    expect(await detail(unrecoverable)).to.match(/^unrecoverable signature: \S/);
    expect(await detail(unrecoverable)).to.not.contain("\n");
  });

  it("accepts a bid that matches the announcement, is signed by its worker and stays valid long enough", async () => {
    const t = terms();
    const r = await checkBid(await bid(t), ctx());
    expect(r).to.deep.equal({ ok: true, terms: t });
  });

  it("accepts a bid at exactly the budget that expires exactly at the validity margin", async () => {
    const r = await checkBid(await bid(terms({ amount: 5_000_000n, expiry: NOW + MIN_VALIDITY })), ctx());
    expect(r.ok).to.equal(true);
  });

  it("error: a task the manager did not announce is unknown", async () => {
    expect(await rejection(await bid(terms()), ctx({ task: undefined }))).to.include({ reason: "unknown-task" });
  });

  it("error: terms signed for another task than the message names", async () => {
    const r = await rejection(await bid(terms({ taskId: keccak256(stringToHex("other")) }), { taskId: spec.taskId as Hex }));
    expect(r.reason).to.equal("task-mismatch");
  });

  it("error: bidding on a closed task", async () => {
    expect(await rejection(await bid(terms()), ctx({}, { open: false }))).to.include({ reason: "bidding-closed" });
  });

  it("error: a worker that names itself (or anyone else) as arbiter instead of the announced one", async () => {
    for (const arbiter of [worker.address, addr("someone")]) {
      const r = await rejection(await bid(terms({ arbiter })));
      expect(r.reason).to.equal("terms-mismatch");
      expect(r.detail).to.equal(`arbiter ${arbiter}`);
    }
  });

  it("error: every other announced term the bid changes is a terms mismatch naming it", async () => {
    const cases: [Partial<BidTerms>, string][] = [
      [{ specHash: keccak256(stringToHex("other spec")) }, "specHash"],
      [{ client: addr("other client") }, "client"],
      [{ token: addr("other token") }, "token"],
      [{ deadline: BigInt(spec.deadline) + 1n }, "deadline"],
      [{ reviewPeriod: BigInt(spec.reviewPeriod) - 1n }, "reviewPeriod"],
    ];
    for (const [over, field] of cases) {
      const r = await rejection(await bid(terms(over)));
      expect(r.reason, field).to.equal("terms-mismatch");
      expect(r.detail.split(" ")[0], field).to.equal(field);
    }
  });

  it("error: an amount one unit over the budget", async () => {
    const r = await rejection(await bid(terms({ amount: 5_000_001n })));
    expect(r).to.include({ reason: "over-budget", detail: "amount 5000001 > budget 5000000" });
  });

  it("error: an estimate whose price is not the signed amount", async () => {
    const r = await rejection(await bid(terms(), { price: 999_999n }));
    expect(r).to.include({ reason: "price-mismatch" });
  });

  it("error: an estimate whose success probability is not the signed claim (0.8 signed, 0.95 told)", async () => {
    const r = await rejection(await bid(terms(), { successProbability: 0.95 }));
    expect(r).to.include({ reason: "claim-mismatch", detail: "successProbability 0.95 != signed 8000 bps" });
    expect(await checkBid(await bid(terms(), { successProbability: 0.80004 }), ctx())).to.include({ ok: true });
  });

  it("error: a bid that expires inside the validity margin (still unexpired now) or already expired", async () => {
    for (const expiry of [NOW + MIN_VALIDITY - 1n, NOW + 1n, NOW - 1n]) {
      const r = await rejection(await bid(terms({ expiry })));
      expect(r.reason, String(expiry - NOW)).to.equal("expired");
    }
  });

  it("error: a worker that is not registered as capable, or bids under another agent id", async () => {
    const stranger = terms({ worker: other.address });
    expect(await rejection(await bid(stranger, { signer: other }))).to.include({ reason: "incapable" });
    // Registered and capable, but not among the K asked: refused as not-asked, not as incapable.
    expect(await rejection(await bid(stranger, { signer: other }), ctx({ notAsked: [other.address] }))).to.include({ reason: "not-asked" });
    const r = await rejection(await bid(terms(), { agentId: "bo" }));
    expect(r).to.include({ reason: "incapable", detail: `worker ${worker.address} is ada, not bo` });
  });

  it("error: a second bid from a worker that already bid on the task", async () => {
    const r = await rejection(await bid(terms()), ctx({}, { bidders: [addr("first"), worker.address] }));
    expect(r).to.include({ reason: "duplicate" });
  });

  it("error: a signature by another key, on other terms, or unrecoverable", async () => {
    expect(await rejection(await bid(terms(), { signer: other }))).to.include({ reason: "bad-signature" });
    const signedCheaper = await bid(terms({ amount: 1n }));
    const tampered = { ...signedCheaper, terms: terms(), estimate: { ...signedCheaper.estimate, price: "1000000" } };
    expect(await rejection(tampered)).to.include({ reason: "bad-signature" });
    const garbage = { ...(await bid(terms())), signature: `0x${"00".repeat(65)}` as const };
    expect(await rejection(garbage)).to.include({ reason: "bad-signature" });
  });

  it("error: the signature binds chain and escrow: a bid signed for another escrow does not pass", async () => {
    const r = await rejection(await bid(terms()), ctx({ escrow: addr("other escrow") }));
    expect(r.reason).to.equal("bad-signature");
  });
});
