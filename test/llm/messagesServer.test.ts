import { expect } from "chai";
import { afterEach, beforeEach, describe, it } from "mocha";
import { MessagesApiServer } from "./messagesServer.js";

const headers = { "content-type": "application/json", "x-api-key": "k", "anthropic-version": "2023-06-01" };
const body = JSON.stringify({ model: "m", max_tokens: 10, messages: [{ role: "user", content: "hi" }] });

describe("MessagesApiServer", () => {
  let server: MessagesApiServer;
  beforeEach(async () => {
    server = await MessagesApiServer.start();
  });
  afterEach(async () => {
    await server.close();
  });

  it("serves scripted responses in order in the Messages API wire format", async () => {
    server.enqueue({ kind: "json", value: { a: 1 } }, { kind: "error", status: 429, retryAfterMs: 1500 });
    const first = await fetch(`${server.url}/v1/messages`, { method: "POST", headers, body });
    expect(first.status).to.equal(200);
    const message = (await first.json()) as Record<string, unknown>;
    expect(message).to.include({ type: "message", role: "assistant", model: "m", stop_reason: "end_turn", stop_sequence: null });
    expect(message.id).to.match(/^msg_/);
    expect(message.content).to.deep.equal([{ type: "text", text: '{"a":1}' }]);
    expect(message.usage).to.include({ input_tokens: 100, output_tokens: 50 });
    const second = await fetch(`${server.url}/v1/messages`, { method: "POST", headers, body });
    expect(second.status).to.equal(429);
    expect(second.headers.get("retry-after-ms")).to.equal("1500");
    expect(second.headers.get("retry-after")).to.equal("2");
    expect(await second.json()).to.deep.equal({ type: "error", error: { type: "rate_limit_error", message: "scripted 429" } });
    expect(server.pending).to.equal(0);
  });

  it("uses a fallback function when the queue is empty", async () => {
    await server.close();
    server = await MessagesApiServer.start({ fallback: (r) => ({ kind: "json", value: { echo: (r.body as { model: string }).model } }) });
    const res = await fetch(`${server.url}/v1/messages`, { method: "POST", headers, body });
    expect(((await res.json()) as { content: { text: string }[] }).content[0]!.text).to.equal('{"echo":"m"}');
  });

  it("error: rejects requests the real API would reject and says when nothing was scripted", async () => {
    const noVersion = await fetch(`${server.url}/v1/messages`, { method: "POST", headers: { ...headers, "anthropic-version": "" }, body });
    expect(noVersion.status).to.equal(400);
    const noModel = await fetch(`${server.url}/v1/messages`, { method: "POST", headers, body: JSON.stringify({ max_tokens: 1, messages: [{}] }) });
    expect(noModel.status).to.equal(400);
    const noKey = await fetch(`${server.url}/v1/messages`, { method: "POST", headers: { "anthropic-version": "x" }, body });
    expect(noKey.status).to.equal(401);
    const unscripted = await fetch(`${server.url}/v1/messages`, { method: "POST", headers, body });
    expect(unscripted.status).to.equal(500);
    expect(unscripted.headers.get("x-should-retry")).to.equal("false");
    expect(server.requests).to.have.length(4);
  });
});
