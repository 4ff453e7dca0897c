import { Role, type AgentCard, type Part } from "@a2a-js/sdk";
import type { Message as A2AMessage } from "@a2a-js/sdk";

/** Where an agent serves the A2A JSON-RPC binding, under its base URL. */
export const A2A_RPC_PATH = "/a2a";
/** The media type of the data part that carries one signed envelope. */
export const ENVELOPE_MEDIA_TYPE = "application/vnd.agent-market.envelope+json";

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
export function a2aMessage(role: Role, value: unknown, ids: { messageId: string; contextId: string }): A2AMessage {
  return { messageId: ids.messageId, contextId: ids.contextId, taskId: "", role, parts: [dataPart(value)], metadata: undefined, extensions: [], referenceTaskIds: [] };
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
    capabilities: { streaming: false, pushNotifications: false, extensions: [] },
    securitySchemes: {},
    securityRequirements: [],
    defaultInputModes: [ENVELOPE_MEDIA_TYPE],
    defaultOutputModes: [ENVELOPE_MEDIA_TYPE],
    skills: [],
    signatures: [],
  };
}

export { Role };
