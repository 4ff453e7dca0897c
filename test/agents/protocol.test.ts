import { describe, it } from "mocha";
import { expect } from "chai";
import { AgentError } from "../../agents/errors.js";
import { BidTerms, Message, type MessageWire } from "../../agents/protocol/messages.js";
import { MessageParseError, parseMessage } from "../../agents/protocol/parseMessage.js";
import { canonicalJson, specHash } from "../../agents/protocol/hashes.js";
import { TaskSpec } from "../../agents/protocol/task.js";
import { sampleMessages, spec, wireMessages } from "./fixtures/messages.js";

describe("protocol messages", () => {
  it("covers every message type with one sample", () => {
    expect(new Set(sampleMessages.map((m) => m.type))).to.have.lengthOf(Message.options.length);
  });

  for (const m of sampleMessages) {
    it(`round-trips a ${m.type} message through JSON`, () => {
      const r = parseMessage(JSON.parse(JSON.stringify(Message.encode(m))));
      expect(r.ok).to.equal(true);
      if (r.ok) expect(r.message).to.deep.equal(m);
    });
  }

  it("round-trips bid terms between bigints and the wire", () => {
    const wire = (wireMessages[1] as Extract<MessageWire, { type: "bid" }>).terms;
    const terms = BidTerms.decode(wire);
    expect(terms.nonce).to.equal(123456789012345678901234567890n);
    expect(BidTerms.encode(terms).amount).to.equal(wire.amount);
  });

  it("hashes a spec independently of key order", () => {
    const shuffled = Object.fromEntries(Object.entries(spec).reverse());
    expect(canonicalJson(shuffled)).to.equal(canonicalJson(spec));
    expect(specHash(TaskSpec.parse(shuffled))).to.equal(specHash(TaskSpec.parse(spec)));
  });

  const malformed: [string, unknown][] = [
    ["a non-object", "hello"],
    ["null", null],
    ["an unknown type", { type: "gossip", taskId: spec.taskId }],
    ["a bid with a numeric amount", { ...wireMessages[1], terms: { ...(wireMessages[1] as { terms: object }).terms, amount: 4 } }],
    ["a bid with a short signature", { ...wireMessages[1], signature: "0x1234" }],
    ["a bid with success probability above 1", { ...wireMessages[1], estimate: { ...(wireMessages[1] as { estimate: object }).estimate, successProbability: 1.5 } }],
    ["an award with an extra field", { ...wireMessages[2], bonus: 1 }],
    ["a result without its hash", { type: "result", taskId: spec.taskId, worker: spec.token, output: "x" }],
    ["an announce with a bad address", { ...wireMessages[0], escrow: "0x12" }],
    ["a report with an unknown outcome", { ...wireMessages[5], outcome: "stolen" }],
  ];
  for (const [what, raw] of malformed) {
    it(`error: rejects ${what} with a typed MessageParseError`, () => {
      const r = parseMessage(raw);
      expect(r.ok).to.equal(false);
      if (!r.ok) {
        expect(r.error).to.be.instanceOf(MessageParseError);
        expect(r.error).to.be.instanceOf(AgentError);
        expect(r.error.code).to.equal("MESSAGE_INVALID");
      }
    });
  }
});
