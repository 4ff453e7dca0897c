import { describe, it } from "mocha";
import { expect } from "chai";
import { ClientFactory } from "@a2a-js/sdk/client";
import { a2aMessage, receiptOf, Role } from "../../agents/transport/a2a/a2aWire.js";
import { Envelopes } from "../../agents/transport/envelopes.js";
import type { Delivery } from "../../agents/transport/Transport.js";
import { award, result, withBareClient, withNetwork } from "./fixtures/a2aNetwork.js";

describe("A2A result artifact (award task at the worker, pushed to the client)", function () {
  this.timeout(20_000);

  it("an award opens a working A2A task at the worker; the result is that task's artifact, pushed to the client's registered endpoint only", () =>
    withBareClient(async ({ reg, worker, client, catcher, bareAward }) => {
      const task = await bareAward(client, worker, catcher.url);
      expect(task.status?.state).to.equal(2); // TASK_STATE_WORKING
      await worker.send(client.signer.address, result);
      expect(catcher.pushes).to.have.lengthOf(1);
      const push = catcher.pushes[0]!;
      expect(push.token).to.equal("award-token-1");
      const update = (push.body as { artifactUpdate: { taskId: string; artifact: { artifactId: string; parts: { data: unknown; mediaType: string }[] } } }).artifactUpdate;
      expect(update.taskId).to.equal(task.id);
      expect(update.artifact.artifactId).to.equal("result");
      const opened = await new Envelopes(client, reg.security).open(update.artifact.parts[0]!.data);
      expect(opened).to.deep.include({ ok: true, from: worker.self, message: result });
    }));

  it("between two endpoints: the client's award gets the worker's result back, and a third agent receives nothing", () =>
    withNetwork(async ({ net, join }) => {
      const [client, worker, third] = [await join(), await join(), await join()];
      const got = { client: [] as Delivery[], worker: [] as Delivery[], third: [] as Delivery[] };
      client.onMessage((d) => got.client.push(d));
      worker.onMessage((d) => got.worker.push(d));
      third.onMessage((d) => got.third.push(d));
      await client.send(worker.self.address, award);
      await worker.send(client.self.address, result);
      await net.drained();
      expect(got.worker.map((d) => d.message)).to.deep.equal([award]);
      expect(got.client).to.deep.equal([{ from: worker.self, message: result }]);
      expect(got.third).to.have.lengthOf(0);
    }));

  it("a worker that answers its award at once (before the client's endpoint is looked up) still gets its result to the client", () =>
    withNetwork(
      async ({ net, join }) => {
        const [client, worker] = [await join(), await join()];
        const got: Delivery[] = [];
        client.onMessage((d) => got.push(d));
        // The award is delivered to the worker while its A2A task is still being opened (the
        // directory is slow); a fast worker sends its result from the award's handler.
        let sent: Promise<void> | undefined;
        worker.onMessage((d) => {
          if (d.message.type === "award") sent = worker.send(client.self.address, result);
        });
        await client.send(worker.self.address, award);
        await net.drained();
        await sent;
        expect(got).to.deep.equal([{ from: worker.self, message: result }]);
      },
      { lookupMs: 150 },
    ));

  it("error: a result sent as a plain SendMessage is refused (RESULT_NOT_AN_ARTIFACT) even from the awarded worker, and its nonce is not spent", () =>
    withNetwork(async ({ net, join, sealAs, tokenOf }) => {
      const [client, worker] = [await join(), await join()];
      const got: Delivery[] = [];
      client.onMessage((d) => got.push(d));
      await client.send(worker.self.address, award);
      const envelope = await sealAs(worker, client.self.address, result);
      const sdk = await new ClientFactory().createFromUrl(client.url);
      const message = a2aMessage(Role.ROLE_USER, envelope, { messageId: crypto.randomUUID(), contextId: envelope.taskId });
      const receipt = receiptOf(await sdk.sendMessage({ tenant: "", message, configuration: undefined, metadata: undefined }));
      expect(receipt).to.deep.include({ accepted: false });
      expect(receipt?.accepted === false && receipt.error.code).to.equal("RESULT_NOT_AN_ARTIFACT");
      await net.drained();
      expect(got).to.have.lengthOf(0);
      // The same signed envelope is still good as the award task's artifact: the refusal spent nothing.
      const token = tokenOf(client);
      const pushed = await fetch(`${client.url}/a2a/push`, {
        method: "POST",
        headers: { "content-type": "application/a2a+json", "X-A2A-Notification-Token": token },
        body: JSON.stringify({ artifactUpdate: { taskId: "t", contextId: "c", artifact: { artifactId: "result", parts: [{ data: envelope }] } } }),
      });
      expect(await pushed.json()).to.deep.equal({ accepted: true });
      await net.drained();
      expect(got).to.deep.equal([{ from: worker.self, message: result }]);
    }));

  it("error: nobody reads an award task back: GetTask, ListTasks and the push config answer not found, to a third agent and to the client", () =>
    withBareClient(async ({ worker, client, catcher, bareAward }) => {
      const task = await bareAward(client, worker, catcher.url);
      await worker.send(client.signer.address, result);
      const rpc = async (method: string, params: unknown) =>
        (await (await fetch(`${worker.url}/a2a`, { method: "POST", headers: { "content-type": "application/json", "A2A-Version": "1.0" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) })).json()) as { result?: unknown; error?: { code: number } };
      const got = await rpc("GetTask", { id: task.id });
      expect(got.result).to.equal(undefined);
      expect(got.error?.code).to.equal(-32001); // TaskNotFound
      const sdk = await new ClientFactory().createFromUrl(worker.url);
      const err = await sdk.getTask({ tenant: "", id: task.id, historyLength: undefined }).then(() => undefined, (e: unknown) => e);
      expect(err).to.be.instanceOf(Error);
      expect(((await rpc("ListTasks", {})).result as { tasks: unknown[] }).tasks).to.have.lengthOf(0);
      expect((await rpc("GetTaskPushNotificationConfig", { taskId: task.id, id: "" })).result).to.equal(undefined);
      expect(JSON.stringify(await rpc("ListTaskPushNotificationConfigs", { taskId: task.id }))).not.to.contain("award-token-1");
    }));

  it("error: a push without the award's token, or carrying another agent's result, is refused and nothing is delivered", () =>
    withNetwork(async ({ reg, net, join, sealAs, tokenOf }) => {
      const [client, worker, other] = [await join(), await join(), await join()];
      const got: Delivery[] = [];
      client.onMessage((d) => got.push(d));
      const post = async (token: string | undefined, envelope: unknown) => {
        const res = await fetch(`${client.url}/a2a/push`, {
          method: "POST",
          headers: { "content-type": "application/a2a+json", ...(token ? { "X-A2A-Notification-Token": token } : {}) },
          body: JSON.stringify({ artifactUpdate: { taskId: "t", contextId: "c", artifact: { artifactId: "result", parts: [{ data: envelope }] } } }),
        });
        return { status: res.status, body: (await res.json()) as { accepted: boolean; error?: { code: string } } };
      };
      const forged = await new Envelopes(reg.register(), reg.security).seal(client.self.address, result);
      const noToken = await post(undefined, forged);
      expect(noToken.status).to.equal(401);
      expect(noToken.body.error?.code).to.equal("PUSH_TOKEN_UNKNOWN");
      expect((await post("guess", forged)).body.error?.code).to.equal("PUSH_TOKEN_UNKNOWN");
      // A real token (an award to `worker`) with a result signed by another registered agent.
      await client.send(worker.self.address, award);
      const token = tokenOf(client);
      expect((await post(token, await sealAs(other, client.self.address, result))).body.error?.code).to.equal("PUSH_NOT_THE_AWARD");
      expect((await post(token, { nonsense: true })).body.error?.code).to.equal("ENVELOPE_INVALID");
      await net.drained();
      expect(got).to.have.lengthOf(0);
    }));

  it("error: an award naming a push URL outside the client's registered endpoint gets no result (TRANSPORT_PUSH_URL, nothing posted)", () =>
    withBareClient(async ({ worker, client, catcher: registered, bareAward, openCatcher }) => {
      const evil = await openCatcher();
      await bareAward(client, worker, evil.url);
      const err = await worker.send(client.signer.address, result).then(() => undefined, (e: unknown) => e);
      expect(err).to.have.property("code", "TRANSPORT_PUSH_URL");
      expect(evil.pushes).to.have.lengthOf(0);
      expect(registered.pushes).to.have.lengthOf(0);
    }));

  it("error: a result for a task this worker was never awarded over A2A is TRANSPORT_NO_TASK, and nothing is sent", () =>
    withNetwork(async ({ net, join }) => {
      const [client, worker] = [await join(), await join()];
      const got: Delivery[] = [];
      client.onMessage((d) => got.push(d));
      const err = await worker.send(client.self.address, result).then(() => undefined, (e: unknown) => e);
      expect(err).to.have.property("code", "TRANSPORT_NO_TASK");
      await net.drained();
      expect(got).to.have.lengthOf(0);
    }));
});
