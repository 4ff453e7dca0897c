import { describe, it } from "mocha";
import { expect } from "chai";
import { InProcessTransport } from "../../agents/transport/InProcessTransport.js";
import type { Delivery } from "../../agents/transport/Transport.js";
import { sampleMessages } from "./fixtures/messages.js";
import { testRegistry } from "./fixtures/network.js";

async function three() {
  const reg = testRegistry();
  const net = new InProcessTransport(reg.security);
  const ids = [reg.register(), reg.register(), reg.register()];
  const [a, b, c] = await Promise.all(ids.map((i) => net.connect(i)));
  const got = new Map<string, Delivery[]>([["a", []], ["b", []], ["c", []]]);
  a!.onMessage((d) => got.get("a")!.push(d));
  b!.onMessage((d) => got.get("b")!.push(d));
  c!.onMessage((d) => got.get("c")!.push(d));
  return { reg, net, a: a!, b: b!, c: c!, got, ids };
}

describe("InProcessTransport", () => {
  it("delivers a message to the named recipient only, with its checked sender", async () => {
    const { net, a, b, got, ids } = await three();
    await a.send(b.self.address, sampleMessages[0]!);
    await net.drained();
    expect(got.get("a")).to.have.lengthOf(0);
    expect(got.get("c")).to.have.lengthOf(0);
    expect(got.get("b")!.map((d) => d.message)).to.deep.equal([sampleMessages[0]]);
    expect(got.get("b")![0]!.from).to.deep.equal({ agentId: ids[0]!.agentId, address: a.self.address });
  });

  it("hands the receiver its own copy, as a wire would", async () => {
    const { net, a, b, got } = await three();
    const sent = structuredClone(sampleMessages[6]!);
    await a.send(b.self.address, sent);
    await net.drained();
    const copy = got.get("b")![0]!.message as { reason: string };
    copy.reason = "tampered";
    expect((sent as { reason: string }).reason).to.equal("budget withdrawn");
  });

  it("error: a sender whose key is not the registered wallet of its agent id gets ENVELOPE_UNREGISTERED_SENDER / ENVELOPE_BAD_SIGNATURE back, and nothing is delivered", async () => {
    const { reg, net, b, got, ids } = await three();
    const stranger = await net.connect(reg.impostor("999"));
    const unregistered = await stranger.send(b.self.address, sampleMessages[2]!).then(() => undefined, (e: unknown) => e);
    expect(unregistered).to.have.property("name", "EnvelopeError");
    expect(unregistered).to.have.property("code", "ENVELOPE_UNREGISTERED_SENDER");
    // Claims a real agent's id with another key.
    const impostor = await net.connect(reg.impostor(ids[0]!.agentId));
    const forged = await impostor.send(b.self.address, sampleMessages[2]!).then(() => undefined, (e: unknown) => e);
    expect(forged).to.have.property("code", "ENVELOPE_BAD_SIGNATURE");
    await net.drained();
    expect(got.get("b")).to.have.lengthOf(0);
  });

  it("error: a recipient not on the network is a typed TRANSPORT_UNKNOWN_RECIPIENT", async () => {
    const { a, b } = await three();
    await b.close();
    const err = await a.send(b.self.address, sampleMessages[3]!).then(() => undefined, (e: unknown) => e);
    expect(err).to.have.property("name", "TransportError");
    expect(err).to.have.property("code", "TRANSPORT_UNKNOWN_RECIPIENT");
  });

  it("keeps delivering when a handler throws", async () => {
    const { net, a, c } = await three();
    let count = 0;
    const origError = console.error;
    console.error = () => {};
    c.onMessage(() => {
      throw new Error("receiver bug");
    });
    c.onMessage(() => count++);
    try {
      await a.send(c.self.address, sampleMessages[2]!);
      await a.send(c.self.address, sampleMessages[3]!);
      await net.drained();
    } finally {
      console.error = origError;
    }
    expect(count).to.equal(2);
  });

  it("the operator's wiretap sees deliveries with their recipient; agents never get it", async () => {
    const { net, a, b } = await three();
    const seen: string[] = [];
    const stop = net.observe((o) => seen.push(`${o.message.type}->${o.to}`));
    await a.send(b.self.address, sampleMessages[0]!);
    await net.drained();
    stop();
    await a.send(b.self.address, sampleMessages[1]!);
    await net.drained();
    expect(seen).to.deep.equal([`announce->${b.self.address}`]);
  });
});
