import { Role, TaskState, type AgentCard, type Artifact, type Part, type Task } from "@a2a-js/sdk";
import type { Message as A2AMessage } from "@a2a-js/sdk";
import { z } from "zod";

/** Where an agent serves the A2A JSON-RPC binding, under its base URL. */
export const A2A_RPC_PATH = "/a2a";
/** Where a client takes the push notification that carries an award task's result artifact. */
export const A2A_PUSH_PATH = "/a2a/push";
/** The header a push notification carries the award's token in (the SDK's default name). */
export const PUSH_TOKEN_HEADER = "X-A2A-Notification-Token";
/** The media type of the data part that carries one signed envelope. */
export const ENVELOPE_MEDIA_TYPE = "application/vnd.agent-market.envelope+json";
/** The artifact id of an award task's result. */
export const RESULT_ARTIFACT_ID = "result";

/** The answer to every A2A message: accepted, or the receiver's typed refusal. */
export const Receipt = z.union([
  z.object({ accepted: z.literal(true) }),
  z.object({
    accepted: z.literal(false),
    error: z.object({ name: z.string(), code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
  }),
]);
export type Receipt = z.infer<typeof Receipt>;

/** A push notification as the A2A 1.0 JSON binding writes a StreamResponse with an artifact update. */
export const ResultPush = z.object({
  artifactUpdate: z.object({
    taskId: z.string().min(1),
    contextId: z.string(),
    artifact: z.object({ artifactId: z.string(), parts: z.array(z.object({ data: z.unknown().optional(), mediaType: z.string().optional() }).loose()).min(1) }).loose(),
  }).loose(),
});

/** A data part (A2A 1.0, as the SDK types it) holding `value`. */
export function dataPart(value: unknown): Part {
  return { content: { $case: "data", value }, metadata: undefined, filename: "", mediaType: ENVELOPE_MEDIA_TYPE };
}

/** The first data part's value of an A2A message, or undefined. */
export function dataOf(message: Pick<A2AMessage, "parts"> | undefined): unknown {
  const part = message?.parts?.find((p) => p.content?.$case === "data");
  return part?.content?.$case === "data" ? part.content.value : undefined;
}

/** An A2A message (1.0) with one data part. */
export function a2aMessage(role: Role, value: unknown, ids: { messageId: string; contextId: string; taskId?: string }): A2AMessage {
  return { messageId: ids.messageId, contextId: ids.contextId, taskId: ids.taskId ?? "", role, parts: [dataPart(value)], metadata: undefined, extensions: [], referenceTaskIds: [] };
}

/** An award's task as the worker first answers it: working, the receipt in its status message. */
export function awardTask(ids: { taskId: string; contextId: string }, receipt: Receipt): Task {
  const message = a2aMessage(Role.ROLE_AGENT, receipt, { messageId: crypto.randomUUID(), ...ids });
  return { id: ids.taskId, contextId: ids.contextId, status: { state: TaskState.TASK_STATE_WORKING, message, timestamp: new Date().toISOString() }, artifacts: [], history: [], metadata: undefined };
}

/** The result artifact: the worker's signed `result` envelope, addressed to the client. */
export function resultArtifact(envelope: unknown): Artifact {
  return { artifactId: RESULT_ARTIFACT_ID, name: "result", description: "signed result envelope for the client", parts: [dataPart(envelope)], metadata: undefined, extensions: [] };
}

/** The receipt an answer carries: a message's data part, or a task's status message. */
export function receiptOf(reply: unknown): Receipt | undefined {
  const r = reply as { parts?: A2AMessage["parts"]; status?: Task["status"] } | undefined;
  const parsed = Receipt.safeParse(dataOf(r?.parts ? { parts: r.parts } : r?.status?.message));
  return parsed.success ? parsed.data : undefined;
}

/**
 * The agent card the A2A server publishes at /.well-known/agent-card.json: one JSON-RPC
 * interface. The card that carries skills, prices and the wallet's signature is the ERC-8004
 * registration's (agents/registry); this one only tells an SDK client how to talk.
 */
export function transportCard(name: string, baseUrl: string): AgentCard {
  return {
    name,
    description: `agent-market agent ${name}: contract-net messages in signed envelopes`,
    supportedInterfaces: [{ url: `${baseUrl}${A2A_RPC_PATH}`, protocolBinding: "JSONRPC", tenant: "", protocolVersion: "1.0" }],
    provider: undefined,
    version: "1",
    capabilities: { streaming: false, pushNotifications: true, extensions: [] },
    securitySchemes: {},
    securityRequirements: [],
    defaultInputModes: [ENVELOPE_MEDIA_TYPE],
    defaultOutputModes: [ENVELOPE_MEDIA_TYPE],
    skills: [],
    signatures: [],
  };
}

export { Role, TaskState };
