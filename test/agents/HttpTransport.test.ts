import { describe, it } from "mocha";
import { expect } from "chai";
import { HttpBoard } from "../../agents/transport/HttpBoard.js";
import { HttpTransport } from "../../agents/transport/HttpTransport.js";
import type { Delivery } from "../../agents/transport/Transport.js";
import { sampleMessages } from "./fixtures/messages.js";
import { domain, freshSigner, testRegistry } from "./fixtures/network.js";
import { signSubscription } from "../../agents/protocol/subscription.js";

async function until(cond: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("HttpBoard / HttpTransport", () => {
  it("hands each signed envelope to its one recipient: local to remote, remote to local, remote to remote", async () => {
    const reg = testRegistry();
    const board = await HttpBoard.start({ security: reg.security });
    const remote = new HttpTransport(board.url, reg.security);
    try {
      const manager = await board.connect(reg.register());
      const w1 = await remote.connect(reg.register());
      const w2 = await remote.connect(reg.register());
      const got: Record<string, Delivery[]> = { manager: [], w1: [], w2: [] };
      manager.onMessage((d) => got.manager!.push(d));
      w1.onMessage((d) => got.w1!.push(d));
      w2.onMessage((d) => got.w2!.push(d));

      await manager.send(w1.self.address, sampleMessages[0]!);
      await until(() => got.w1!.length === 1);
      expect(got.w1![0]!.message).to.deep.equal(sampleMessages[0]);
      expect(got.w1![0]!.from).to.deep.equal(manager.self);

      await w1.send(manager.self.address, sampleMessages[1]!);
      await w2.send(w1.self.address, sampleMessages[3]!);
      await until(() => got.manager!.length === 1 && got.w1!.length === 2);
      expect(got.manager![0]!.from).to.deep.equal(w1.self);
      expect(got.w1![1]!.from).to.deep.equal(w2.self);
      await new Promise((r) => setTimeout(r, 30));
      expect(got.w2).to.have.lengthOf(0);
    } finally {
      await remote.close();
      await board.close();
    }
  });

  it("error: a forged envelope posted to an agent in the board's process comes back as the typed refusal", async () => {
    const reg = testRegistry();
    const board = await HttpBoard.start({ security: reg.security });
    const remote = new HttpTransport(board.url, reg.security);
    try {
      const manager = await board.connect(reg.register());
      const seen: unknown[] = [];
      manager.onMessage((d) => seen.push(d));
      const impostor = await remote.connect(reg.impostor());
      const err = await impostor.send(manager.self.address, sampleMessages[1]!).then(() => undefined, (e: unknown) => e);
      expect(err).to.have.property("name", "EnvelopeError");
      expect(err).to.have.property("code", "ENVELOPE_UNREGISTERED_SENDER");
      const post = (body: string) => fetch(`${board.url}/messages`, { method: "POST", headers: { "content-type": "application/json" }, body });
      const bad = await post(JSON.stringify({ type: "bid", taskId: "0x12" }));
      expect(bad.status).to.equal(400);
      expect(((await bad.json()) as { error: { code: string } }).error.code).to.equal("ENVELOPE_INVALID");
      const notJson = await post("{not json");
      expect(((await notJson.json()) as { error: { code: string } }).error.code).to.equal("MESSAGE_NOT_JSON");
      await new Promise((r) => setTimeout(r, 20));
      expect(seen).to.have.lengthOf(0);
    } finally {
      await remote.close();
      await board.close();
    }
  });

  it("keeps an envelope for a recipient that connects later, until it expires", async () => {
    const reg = testRegistry();
    const board = await HttpBoard.start({ security: reg.security });
    const remote = new HttpTransport(board.url, reg.security);
    try {
      const manager = await board.connect(reg.register());
      const lateId = reg.register();
      await manager.send(lateId.signer.address, sampleMessages[0]!);
      const late = await remote.connect(lateId);
      const got: Delivery[] = [];
      late.onMessage((d) => got.push(d));
      await until(() => got.length === 1);
      expect(got[0]!.message).to.deep.equal(sampleMessages[0]);
    } finally {
      await remote.close();
      await board.close();
    }
  });

  it("error: nobody opens another wallet's event stream: unsigned, signed by another key, replayed or expired subscriptions are refused with a typed code, and the wallet keeps its messages", async () => {
    const reg = testRegistry();
    const board = await HttpBoard.start({ security: reg.security });
    const remote = new HttpTransport(board.url, reg.security);
    try {
      const manager = await board.connect(reg.register());
      const victimId = reg.register();
      const victim = await remote.connect(victimId);
      const got: Delivery[] = [];
      victim.onMessage((d) => got.push(d));
      const open = (q: Record<string, string>) => fetch(`${board.url}/events?${new URLSearchParams(q)}`);
      const code = async (res: Response) => [res.status, ((await res.json()) as { error: { code: string } }).error.code];
      const now = BigInt(Math.floor(Date.now() / 1000));

      expect(await code(await open({ id: victimId.signer.address }))).to.deep.equal([400, "SUBSCRIBER_INVALID"]);
      const thief = await signSubscription(freshSigner(), domain, 1n, now);
      expect(await code(await open({ ...thief, id: victimId.signer.address }))).to.deep.equal([401, "SUBSCRIPTION_BAD_SIGNATURE"]);
      const stale = await signSubscription(victimId.signer, domain, 2n, now - 120n);
      expect(await code(await open(stale))).to.deep.equal([401, "SUBSCRIPTION_EXPIRED"]);

      const own = await signSubscription(freshSigner(), domain, 3n, now);
      const first = await open(own);
      expect(first.status).to.equal(200);
      await first.body?.cancel();
      expect(await code(await open(own))).to.deep.equal([401, "SUBSCRIPTION_REPLAYED"]);

      await manager.send(victimId.signer.address, sampleMessages[0]!);
      await until(() => got.length === 1);
      expect(got[0]!.message).to.deep.equal(sampleMessages[0]);
    } finally {
      await remote.close();
      await board.close();
    }
  });
});
