import { describe, it } from "mocha";
import { expect } from "chai";
import { HttpBoard } from "../../agents/transport/HttpBoard.js";
import { HttpTransport } from "../../agents/transport/HttpTransport.js";
import { sampleMessages } from "./fixtures/messages.js";

async function until(cond: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("HttpBoard / HttpTransport", () => {
  it("relays local messages to HTTP subscribers and posted messages to everyone but the poster", async () => {
    const board = await HttpBoard.start();
    const remote = new HttpTransport(board.url);
    try {
      const manager = await board.connect("manager");
      const w1 = await remote.connect("w1");
      const w2 = await remote.connect("w2");
      const got: Record<string, unknown[]> = { manager: [], w1: [], w2: [] };
      manager.onMessage((m) => got.manager!.push(m));
      w1.onMessage((m) => got.w1!.push(m));
      w2.onMessage((m) => got.w2!.push(m));

      await manager.send(sampleMessages[0]!);
      await until(() => got.w1!.length === 1 && got.w2!.length === 1);
      expect(got.w1![0]).to.deep.equal(sampleMessages[0]);

      await w1.send(sampleMessages[1]!);
      await until(() => got.manager!.length === 1 && got.w2!.length === 2);
      expect(got.manager![0]).to.deep.equal(sampleMessages[1]);
      expect(got.w1).to.have.lengthOf(1);
    } finally {
      await remote.close();
      await board.close();
    }
  });

  it("error: answers 400 with a typed error to a malformed message and relays nothing", async () => {
    const board = await HttpBoard.start();
    try {
      const manager = await board.connect("manager");
      const seen: unknown[] = [];
      manager.onMessage((m) => seen.push(m));
      const post = (body: string) => fetch(`${board.url}/messages`, { method: "POST", headers: { "content-type": "application/json" }, body });
      const bad = await post(JSON.stringify({ type: "bid", taskId: "0x12" }));
      expect(bad.status).to.equal(400);
      const body = (await bad.json()) as { error: { code: string; name: string } };
      expect(body.error.code).to.equal("MESSAGE_INVALID");
      expect(body.error.name).to.equal("MessageParseError");
      const notJson = await post("{not json");
      expect(notJson.status).to.equal(400);
      expect(((await notJson.json()) as { error: { code: string } }).error.code).to.equal("MESSAGE_NOT_JSON");
      await new Promise((r) => setTimeout(r, 20));
      expect(seen).to.have.lengthOf(0);
    } finally {
      await board.close();
    }
  });

  it("error: an HTTP endpoint's send throws a typed TransportError when the board refuses", async () => {
    const board = await HttpBoard.start({ maxBodyBytes: 200 });
    const remote = new HttpTransport(board.url);
    try {
      const w = await remote.connect("w");
      const big = { ...sampleMessages[4]!, output: "x".repeat(1_000) } as (typeof sampleMessages)[number];
      const err = await w.send(big).then(() => undefined, (e: unknown) => e);
      expect(err).to.have.property("name", "TransportError");
      expect(err).to.have.property("code", "TRANSPORT_REFUSED");
    } finally {
      await remote.close();
      await board.close();
    }
  });

  it("replays announcements still open to a subscriber that connects late, and not closed ones", async () => {
    let now = 1_700_000_000_000;
    const board = await HttpBoard.start({ now: () => now });
    const remote = new HttpTransport(board.url);
    try {
      const manager = await board.connect("manager");
      const announce = sampleMessages[0]! as Extract<(typeof sampleMessages)[number], { type: "announce" }>;
      const withdrawn = `0x${"01".repeat(32)}`;
      await manager.send({ ...announce, bidWindowEndsAt: now + 2_000 });
      await manager.send({ ...announce, spec: { ...announce.spec, taskId: withdrawn }, bidWindowEndsAt: now + 2_000 });
      await manager.send({ type: "cancel", taskId: withdrawn, reason: "withdrawn" });
      await new Promise((r) => setTimeout(r, 20));

      const late = await remote.connect("late");
      const got: { type: string; spec?: { taskId: string } }[] = [];
      late.onMessage((m) => got.push(m as (typeof got)[number]));
      await until(() => got.length === 1);
      expect(got[0]!.spec?.taskId).to.equal(announce.spec.taskId);

      now += 2_000; // the window has closed: nothing to replay
      const later = await remote.connect("later");
      const none: unknown[] = [];
      later.onMessage((m) => none.push(m));
      await new Promise((r) => setTimeout(r, 50));
      expect(none).to.have.lengthOf(0);
    } finally {
      await remote.close();
      await board.close();
    }
  });
});
