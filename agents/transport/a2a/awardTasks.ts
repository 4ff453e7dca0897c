import { StreamResponse } from "@a2a-js/sdk";
import { AgentEvent, type ExecutionEventBus, type PushNotificationSender, type PushNotificationStore, type ServerCallContext } from "@a2a-js/sdk/server";
import { getAddress, type Address } from "viem";
import { TransportError } from "../errors.js";
import { A2A_PUSH_PATH, awardTask, PUSH_TOKEN_HEADER, Receipt, resultArtifact, TaskState } from "./a2aWire.js";
import { addressKey, toHash32 } from "../../protocol/codecs.js";

/** One award's A2A task at the worker, open until its result artifact is accepted. */
interface OpenTask {
  taskId: string;
  contextId: string;
  client: Address;
  /** The client's registered A2A base when the award arrived: the push URL the award may name (looked up while the task is already open). */
  baseAtAward: Promise<string | undefined>;
  bus: ExecutionEventBus;
  done: () => void;
}

export interface AwardTasksOptions {
  /** The A2A base URL the identity registry lists for a wallet: a result is pushed only under it. */
  urlOf: (wallet: Address) => Promise<string | undefined>;
  /** The endpoint of `wallet` did not answer: look it up afresh next time. */
  forget?: (wallet: Address) => void;
  initialDelayMs?: number;
  maxDelayMs?: number;
  retryForMs?: number;
}

const keyOf = (escrowTaskId: string, client: Address) => `${toHash32(escrowTaskId)}|${addressKey(client)}`;

/**
 * The worker's side of "the result is an artifact of the award's A2A task": a verified award
 * opens a task (state WORKING, answered at once); the worker's `result` for that task and client
 * becomes the task's artifact, which the SDK hands to {@link pushSender}; that POSTs it to the
 * push URL the award named, but only if it lies under the client's registered A2A endpoint, and
 * hands back the client's receipt. The task then completes. Nobody can read a task back
 * (tasks/get is scoped to the request that made it, see A2AServer), so the artifact reaches the
 * client only.
 */
export class AwardTasks {
  private readonly open = new Map<string, OpenTask>();
  private readonly waiting = new Map<string, { client: Address; baseAtAward: Promise<string | undefined>; settle: (r: Receipt | TransportError) => void }>();

  constructor(
    private readonly store: PushNotificationStore,
    private readonly options: AwardTasksOptions,
  ) {}

  /**
   * Answers a verified award with its working task and keeps the executor open until the result.
   * The task is open before anything is awaited: the award has already reached the worker, whose
   * result may come back at once (a registry lookup first lost that race: TRANSPORT_NO_TASK).
   */
  run(ids: { taskId: string; contextId: string }, escrowTaskId: string, client: Address, bus: ExecutionEventBus): Promise<void> {
    const baseAtAward = this.options.urlOf(client).catch(() => undefined);
    return new Promise<void>((done) => {
      const key = keyOf(escrowTaskId, client);
      this.open.get(key)?.done();
      this.open.set(key, { ...ids, client: getAddress(client), baseAtAward, bus, done });
      bus.publish(AgentEvent.task(awardTask(ids, { accepted: true })));
    });
  }

  /** Publishes the signed result as the award task's artifact; resolves with the client's receipt. */
  async deliver(escrowTaskId: string, client: Address, envelope: unknown): Promise<Receipt> {
    const key = keyOf(escrowTaskId, client);
    const task = this.open.get(key);
    if (!task) throw new TransportError("no A2A task for this result: its award did not arrive at this endpoint", { code: "TRANSPORT_NO_TASK", details: { escrowTaskId, client } });
    const settled = new Promise<Receipt | TransportError>((settle) => this.waiting.set(task.taskId, { client: task.client, baseAtAward: task.baseAtAward, settle }));
    task.bus.publish(AgentEvent.artifactUpdate({ taskId: task.taskId, contextId: task.contextId, artifact: resultArtifact(envelope), append: false, lastChunk: true, metadata: undefined }));
    const r = await settled;
    if (r instanceof TransportError) throw r;
    if (r.accepted) this.finish(key, TaskState.TASK_STATE_COMPLETED);
    return r;
  }

  /** Ends every open task (the endpoint is closing). */
  close(): void {
    for (const key of [...this.open.keys()]) this.finish(key, TaskState.TASK_STATE_CANCELED);
    for (const w of this.waiting.values()) w.settle(new TransportError("endpoint closed", { code: "TRANSPORT_CLOSED" }));
    this.waiting.clear();
  }

  private finish(key: string, state: TaskState): void {
    const t = this.open.get(key);
    if (!t) return;
    this.open.delete(key);
    t.bus.publish(AgentEvent.statusUpdate({ taskId: t.taskId, contextId: t.contextId, status: { state, message: undefined, timestamp: new Date().toISOString() }, metadata: undefined }));
    t.bus.finished();
    t.done();
  }

  /** The SDK's push hook: only a result artifact is pushed, and only to its client's endpoint. */
  readonly pushSender: PushNotificationSender = {
    send: async (response: StreamResponse, context: ServerCallContext) => {
      if (response.payload?.$case !== "artifactUpdate") return;
      const taskId = response.payload.value.taskId;
      const w = this.waiting.get(taskId);
      if (!w) return;
      this.waiting.delete(taskId);
      w.settle(await this.push(taskId, w, JSON.stringify(StreamResponse.toJSON(response)), context).catch((e: unknown) => e as TransportError));
    },
  };

  /**
   * Pushes to the client's registered endpoint only: the award must name the push URL of the
   * endpoint the registry listed for the client then or lists now. A client that restarted on
   * another address since (its new card registered) is pushed to at its new endpoint, read afresh
   * from the registry on each retry; any other URL is refused (TRANSPORT_PUSH_URL, nothing posted).
   */
  private async push(taskId: string, award: { client: Address; baseAtAward: Promise<string | undefined> }, body: string, context: ServerCallContext): Promise<Receipt> {
    const { client } = award;
    const baseAtAward = await award.baseAtAward;
    const [config] = await this.store.load(taskId, context);
    const pushUrl = (base: string | undefined) => (base === undefined ? undefined : `${base}${A2A_PUSH_PATH}`);
    const base = await this.options.urlOf(client);
    if (!config || !base || (config.url !== pushUrl(base) && config.url !== pushUrl(baseAtAward)))
      throw new TransportError("the award named no push URL at the client's registered A2A endpoint", { code: "TRANSPORT_PUSH_URL", details: { client, url: config?.url, registered: base } });
    const until = Date.now() + (this.options.retryForMs ?? 30_000);
    let delay = this.options.initialDelayMs ?? 200;
    let url = pushUrl(base)!;
    for (;;) {
      let reason: string;
      try {
        const res = await fetch(url, { method: "POST", headers: { "content-type": "application/a2a+json", [PUSH_TOKEN_HEADER]: config.token }, body });
        const receipt = Receipt.safeParse(await res.json().catch(() => undefined));
        if (receipt.success) return receipt.data;
        reason = `HTTP ${res.status} without a receipt`;
      } catch (err) {
        reason = err instanceof Error ? err.message : String(err);
      }
      if (Date.now() + delay > until) throw new TransportError(`cannot push the result to ${client}`, { code: "TRANSPORT_UNREACHABLE", details: { to: client, url, reason } });
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, this.options.maxDelayMs ?? 5_000);
      this.options.forget?.(client); // it may have restarted elsewhere: read its card again
      url = pushUrl(await this.options.urlOf(client)) ?? url;
    }
  }
}
