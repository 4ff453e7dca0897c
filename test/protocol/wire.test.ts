import { describe, it } from "mocha";
import { expect } from "chai";
import { getAddress, hashTypedData } from "viem";
import { bidTypedData, reviewTypedData } from "../../agents/protocol/eip712.js";
import { agentCardTypedData, agentWalletSetTypedData } from "../../agents/protocol/identity712.js";
import { canonicalJson } from "../../agents/protocol/hashes.js";
import { Message } from "../../agents/protocol/messages.js";
import { parseMessage } from "../../agents/protocol/parseMessage.js";
import { parseSignedReview, SignedReview } from "../../agents/protocol/review.js";
import { Outcome } from "../../agents/protocol/taskLifecycle.js";
import { Amount, TaskSpec } from "../../agents/protocol/task.js";
import { AddressString, Bytes32 } from "../../agents/protocol/codecs.js";
import { spec, wireMessages } from "../agents/fixtures/messages.js";

const HASH = `0x${"Ab".repeat(32)}`;
const ADDR = "0x52908400098527886e0f7030069857d2e4169ee7";
const wireReview = {
  taskId: HASH,
  reviewer: ADDR,
  subject: "0x8617e340b3d01fa5f11f306f4090fd50e238070d",
  rating: 4,
  commentHash: HASH,
  timestamp: "1800000000",
  signature: `0x${"1C".repeat(65)}`,
};

describe("parseSignedReview", () => {
  it("normalises a wire review: checksummed addresses, lower-case hashes and signature, bigint time", () => {
    const r = parseSignedReview(wireReview);
    expect(r).to.deep.equal({
      success: true,
      data: {
        taskId: HASH.toLowerCase(),
        reviewer: getAddress(ADDR),
        subject: getAddress(wireReview.subject),
        rating: 4,
        commentHash: HASH.toLowerCase(),
        timestamp: 1_800_000_000n,
        signature: wireReview.signature.toLowerCase(),
      },
    });
    if (!r.success) return;
    expect(SignedReview.encode(r.data)).to.deep.equal({ ...r.data, timestamp: "1800000000" });
    expect(parseSignedReview(SignedReview.encode(r.data))).to.deep.equal(r, "round trip");
  });

  it("takes the timestamp as a number too, up to the uint64 limit, and any uint8 rating", () => {
    expect(parseSignedReview({ ...wireReview, timestamp: 5 })).to.have.nested.property("data.timestamp", 5n);
    expect(parseSignedReview({ ...wireReview, timestamp: "18446744073709551615" })).to.have.nested.property("data.timestamp", 2n ** 64n - 1n);
    for (const rating of [0, 255]) expect(parseSignedReview({ ...wireReview, rating }).success, String(rating)).to.equal(true);
    expect(parseSignedReview({ ...wireReview, signature: "0x" }).success, "empty signature is whole bytes").to.equal(true);
  });

  it("error: rejects out-of-range, malformed or padded fields with zod's issues", () => {
    const bad: Record<string, unknown>[] = [
      { timestamp: "18446744073709551616" },
      { timestamp: "-1" },
      { timestamp: " 1" },
      { timestamp: "1x" },
      { timestamp: -1 },
      { timestamp: 1.5 },
      { rating: 256 },
      { rating: -1 },
      { signature: "0x123" },
      { signature: "0xzz" },
      { signature: "x0x12" },
      { signature: "0x12 " },
      { signature: `0x${"00".repeat(65_537)}` },
      { taskId: `${HASH}0` },
      { taskId: ` ${HASH}` },
      { reviewer: `${ADDR}0` },
      { reviewer: `x${ADDR}` },
      { extra: 1 },
    ];
    for (const over of bad) {
      const r = parseSignedReview({ ...wireReview, ...over });
      expect(r.success, JSON.stringify(over).slice(0, 60)).to.equal(false);
      if (!r.success) expect(r.issues.length).to.be.greaterThan(0);
    }
    expect(parseSignedReview({ ...wireReview, signature: `0x${"00".repeat(65_536)}` }).success, "64 KiB is the limit").to.equal(true);
  });
});

describe("wire schemas", () => {
  it("error: anchors every hex and number pattern at both ends", () => {
    for (const [schema, good] of [
      [Bytes32, HASH],
      [AddressString, ADDR],
      [Amount, "123"],
    ] as const) {
      expect(schema.safeParse(good).success).to.equal(true);
      for (const bad of [`${good}f`, `f${good}`, ` ${good}`, `${good} `, `${good}x`, `x${good}`]) expect(schema.safeParse(bad).success, bad).to.equal(false);
    }
    expect(Amount.safeParse("9".repeat(78)).success).to.equal(true);
    expect(Amount.safeParse("9".repeat(79)).success).to.equal(false);
  });

  it("error: a message's signature and uint64 strings must be exact", () => {
    const bid = wireMessages.find((m) => m.type === "bid")!;
    expect(Message.safeParse(bid).success).to.equal(true);
    if (bid.type !== "bid") return;
    for (const signature of [`${bid.signature}00`, `00${bid.signature.slice(2)}`, `x${bid.signature}`]) {
      expect(Message.safeParse({ ...bid, signature }).success, "signature").to.equal(false);
    }
    for (const expiry of ["1x", "x1", "1".repeat(21), ""]) expect(Message.safeParse({ ...bid, terms: { ...bid.terms, expiry } }).success, expiry).to.equal(false);
    expect(Message.safeParse({ ...bid, terms: { ...bid.terms, expiry: "1".repeat(20) } }).success).to.equal(true);
  });

  it("reports every outcome a task can end with, and a detail up to 1,000 characters", () => {
    const report = { type: "report", taskId: HASH, reporter: ADDR };
    for (const outcome of Outcome.options) expect(Message.safeParse({ ...report, outcome }).success, outcome).to.equal(true);
    expect(Outcome.options).to.deep.equal(["released", "auto-released", "disputed", "ruled", "fallback-settled", "refunded", "declined", "cancelled", "unawarded"]);
    expect(Message.safeParse({ ...report, outcome: "released", detail: "d".repeat(1_000) }).success).to.equal(true);
    expect(Message.safeParse({ ...report, outcome: "released", detail: "d".repeat(1_001) }).success).to.equal(false);
    expect(Message.safeParse({ ...report, outcome: "released", detail: "" }).success).to.equal(true);
  });

  it("defaults a spec's preferred skills to none", () => {
    const { preferredSkills: _omit, ...rest } = spec;
    expect(TaskSpec.parse(rest).preferredSkills).to.deep.equal([]);
  });

  it("error: parseMessage names the bad field on one line and keeps the raw input", () => {
    const raw = { type: "cancel", taskId: "0x12" };
    const r = parseMessage(raw);
    expect(r.ok).to.equal(false);
    if (r.ok) return;
    expect(r.error.code).to.equal("MESSAGE_INVALID");
    expect(r.error.shortMessage).to.match(/^invalid message: .*taskId/);
    expect(r.error.shortMessage).to.not.contain("\n");
    expect(r.error.details).to.deep.equal({ raw });
  });
});

describe("canonicalJson", () => {
  it("sorts keys at every depth, drops undefined fields and keeps array order", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: undefined, x: "s" }], c: null } })).to.equal('{"a":{"c":null,"d":[3,{"x":"s","z":1}]},"b":1}');
    expect(canonicalJson([2, 1])).to.equal("[2,1]");
    expect(canonicalJson([])).to.equal("[]");
    expect(canonicalJson({})).to.equal("{}");
    expect(canonicalJson({ "a b": 1, A: 2, a: 3 })).to.equal('{"A":2,"a":3,"a b":1}');
    expect(canonicalJson("x")).to.equal('"x"');
  });
});

describe("EIP-712 domains", () => {
  // Known-answer vectors: a changed domain name, version, type or field order changes them.
  // test/agents/eip712.test.ts proves on a chain that the bid digest equals TaskEscrow's own.
  const escrow = getAddress("0x5fbdb2315678afecb367f032d93f642f64180aa3");
  const a = (n: number) => getAddress(`0x${n.toString(16).padStart(40, "0")}`);

  it("hashes a bid under the TaskEscrow v1 domain and a review under the AgentReview v1 domain", () => {
    const bid = { taskId: `0x${"11".repeat(32)}`, specHash: `0x${"22".repeat(32)}`, client: a(1), worker: a(2), token: a(3), amount: 1_000_000n, arbiter: a(4), deadline: 1_800_000_000n, reviewPeriod: 600n, expiry: 1_799_999_000n, nonce: 7n, claimedSuccessBps: 8_000 } as const;
    const review = { taskId: `0x${"11".repeat(32)}`, reviewer: a(1), subject: a(2), rating: 4, commentHash: `0x${"33".repeat(32)}`, timestamp: 1_800_000_000n } as const;
    expect(hashTypedData(bidTypedData(31337, escrow, bid))).to.equal("0xf66da6689cfc50322b44df7d8dc9ea6d9307466150620ed4c537e2aed7229a41");
    expect(hashTypedData(reviewTypedData(31337, escrow, review))).to.equal("0x1460a1ab6638c2c64cf397bed2bb43c2dc8d4fe143fd5cc42537ec76a9216e06");
    expect(hashTypedData(reviewTypedData(1, escrow, review)), "bound to the chain").to.not.equal("0x1460a1ab6638c2c64cf397bed2bb43c2dc8d4fe143fd5cc42537ec76a9216e06");
  });

  it("hashes an ERC-8004 wallet proof under ERC8004IdentityRegistry v1 and a card under AgentCard v1", () => {
    // test/registry/IdentityRegistry.test.ts proves on a chain that the registry accepts the wallet proof.
    const registry = getAddress("0x8004a169fb4a3325136eb29fa0ceb6d2e539a432");
    const proof = agentWalletSetTypedData(31337, registry, { agentId: 7n, newWallet: a(2), owner: a(1), deadline: 1_800_000_000n });
    expect(hashTypedData(proof)).to.equal("0x7648ea88ac7d3a6992a1e30fb7332b8840b9c2a16deb68e145dd0e32dc1a6ec6");
    const card = agentCardTypedData(31337, registry, { agentId: 7n, wallet: a(2), cardHash: `0x${"44".repeat(32)}` });
    expect(hashTypedData(card)).to.equal("0x987dde2b11d2433db967ea26a2c6e8fb6b05ddb4ad7d52f445a77b675a5fa057");
  });
});
