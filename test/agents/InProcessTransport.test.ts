import { describe, it } from "mocha";
import { expect } from "chai";
import { InProcessTransport } from "../../agents/transport/InProcessTransport.js";
import { sampleMessages } from "./fixtures/messages.js";

describe("InProcessTransport", () => {
  it("delivers a message to every other endpoint but not back to its sender", async () => {
    const board = new InProcessTransport();
    const [a, b, c] = await Promise.all(["a", "b", "c"].map((n) => board.connect(n)));
    const got: Record<string, unknown[]> = { a: [], b: [], c: [] };
    a!.onMessage((m) => got.a!.push(m));
    b!.onMessage((m) => got.b!.push(m));
    c!.onMessage((m) => got.c!.push(m));
    await a!.send(sampleMessages[0]!);
    await board.drained();
    expect(got.a).to.have.lengthOf(0);
    expect(got.b).to.deep.equal([sampleMessages[0]]);
    expect(got.c).to.deep.equal([sampleMessages[0]]);
  });

  it("hands each receiver its own copy, as a wire would", async () => {
    const board = new InProcessTransport();
    const a = await board.connect("a");
    const b = await board.connect("b");
    const c = await board.connect("c");
    let fromB: { reason?: string } | undefined;
    let fromC: { reason?: string } | undefined;
    b.onMessage((m) => {
      fromB = m as { reason: string };
      fromB.reason = "tampered";
    });
    c.onMessage((m) => (fromC = m as { reason: string }));
    await a.send(sampleMessages[6]!);
    await board.drained();
    expect(fromB?.reason).to.equal("tampered");
    expect(fromC?.reason).to.equal("budget withdrawn");
  });

  it("stops delivering to a closed endpoint and keeps delivering when a handler throws", async () => {
    const board = new InProcessTransport();
    const a = await board.connect("a");
    const b = await board.connect("b");
    const c = await board.connect("c");
    let bCount = 0;
    let cCount = 0;
    b.onMessage(() => bCount++);
    const origError = console.error;
    console.error = () => {};
    c.onMessage(() => {
      throw new Error("receiver bug");
    });
    c.onMessage(() => cCount++);
    await a.send(sampleMessages[2]!);
    await board.drained();
    await b.close();
    await a.send(sampleMessages[3]!);
    await board.drained();
    console.error = origError;
    expect(bCount).to.equal(1);
    expect(cCount).to.equal(2);
  });
});
