import type { Address } from "viem";
import { z } from "zod";
import { Skill } from "../protocol/task.js";
import { AddressString } from "../protocol/codecs.js";
import { RegistryDocumentError } from "./errors.js";

/** A2A protocol version the cards declare: what the endpoints serve (`A2A-Version: 1.0`, agents/transport/a2a). */
export const A2A_PROTOCOL_VERSION = "1.0";
/** Where under its base URL an agent serves the A2A JSON-RPC binding (agents/transport/a2a/a2aWire.ts `A2A_RPC_PATH`). */
const A2A_RPC_PATH = "/a2a";
/** URI of this market's Agent Card extension (A2A `capabilities.extensions[]`). */
export const MARKET_EXTENSION_URI = "urn:agent-market:card:v1";

/**
 * What this market adds to an A2A Agent Card, as the params of one A2A extension: which
 * registry entry the card belongs to, the wallet that signs for the agent, its price and step
 * limit, and that wallet's signature over the rest of the card (agents/registry/cardSignature.ts).
 */
export const MarketExtensionParams = z.strictObject({
  chainId: z.number().int().positive(),
  /** The ERC-8004 identity registry the agent is registered in. */
  registry: AddressString,
  /** ERC-721 agent id, as a decimal string (uint256). */
  agentId: z.string().regex(/^[0-9]{1,78}$/, "expected a decimal uint256"),
  wallet: AddressString,
  /** Cost of one step in token base units. */
  costPerStep: z.number().nonnegative(),
  maxSteps: z.number().int().positive(),
  /** EIP-712 `AgentCard` signature by `wallet`; absent on an unsigned card. */
  signature: z.string().regex(/^0x[0-9a-fA-F]*$/).optional(),
});
export type MarketExtensionParams = z.infer<typeof MarketExtensionParams>;

export const AgentSkill = z.looseObject({
  /** Our skill tag ("code", "audit", ...). */
  id: Skill,
  name: z.string().min(1).max(128),
  description: z.string().max(2_000),
  tags: z.array(z.string().max(64)).max(32),
});

export const AgentExtension = z.looseObject({
  uri: z.string().min(1).max(512),
  description: z.string().max(2_000).optional(),
  required: z.boolean().optional(),
  params: z.record(z.string(), z.unknown()).optional(),
});

/** One A2A 1.0 `AgentInterface`: where and how an SDK client talks to the agent. */
export const AgentInterface = z.looseObject({
  url: z.string().url().max(2_048),
  protocolBinding: z.string().min(1).max(32),
  protocolVersion: z.string().min(1).max(32),
  tenant: z.string().max(128).optional(),
});

/**
 * The A2A Agent Card (protocol 1.0) fields this market reads, plus `url`, the agent's base URL
 * (its A2A 1.0 interface is `<url>/a2a`; 1.0 readers ignore `url`). Cards signed before 1.0
 * (top-level `protocolVersion` "0.3.0", `preferredTransport`, no `supportedInterfaces`) still
 * parse. Unknown fields are kept (loose objects), so a signature covers whatever a card carries
 * and another implementation's extra fields do not make it unreadable.
 */
export const AgentCard = z.looseObject({
  name: z.string().min(1).max(128),
  description: z.string().max(2_000),
  /** The agent's A2A base URL: the JSON-RPC binding at `<url>/a2a`, results pushed to `<url>/a2a/push`. */
  url: z.string().url().max(2_048),
  /** A2A 1.0: the interfaces an SDK client picks from (ours: one JSONRPC 1.0 interface at `<url>/a2a`). */
  supportedInterfaces: z.array(AgentInterface).min(1).max(8).optional(),
  /** A2A 0.3 only (older cards). */
  protocolVersion: z.string().min(1).max(32).optional(),
  preferredTransport: z.string().max(32).optional(),
  version: z.string().min(1).max(64),
  capabilities: z.looseObject({
    streaming: z.boolean().optional(),
    pushNotifications: z.boolean().optional(),
    extensions: z.array(AgentExtension).max(16).optional(),
  }),
  defaultInputModes: z.array(z.string().max(128)).max(16),
  defaultOutputModes: z.array(z.string().max(128)).max(16),
  skills: z.array(AgentSkill).min(1).max(64),
});
export type AgentCard = z.infer<typeof AgentCard>;

export interface AgentCardInput {
  name: string;
  description: string;
  /** A2A endpoint. */
  url: string;
  skills: readonly string[];
  costPerStep: number;
  maxSteps: number;
  chainId: number;
  registry: Address;
  agentId: bigint;
  wallet: Address;
  version?: string;
}

/**
 * An unsigned A2A 1.0 Agent Card: the JSON-RPC 1.0 interface at `<url>/a2a` (what the endpoint
 * serves), one A2A skill per skill tag, and the market extension.
 *
 * @example
 * const card = buildAgentCard({ name: "ada", description: "...", url: "http://127.0.0.1:9001",
 *   skills: ["summarise"], costPerStep: 1000, maxSteps: 20, chainId, registry, agentId, wallet });
 */
export function buildAgentCard(input: AgentCardInput): AgentCard {
  const params: MarketExtensionParams = {
    chainId: input.chainId,
    registry: input.registry,
    agentId: input.agentId.toString(),
    wallet: input.wallet,
    costPerStep: input.costPerStep,
    maxSteps: input.maxSteps,
  };
  return parseAgentCard({
    name: input.name,
    description: input.description,
    url: input.url,
    supportedInterfaces: [{ url: `${input.url.replace(/\/+$/, "")}${A2A_RPC_PATH}`, protocolBinding: "JSONRPC", protocolVersion: A2A_PROTOCOL_VERSION }],
    version: input.version ?? "1.0.0",
    capabilities: {
      streaming: false,
      pushNotifications: true,
      extensions: [{ uri: MARKET_EXTENSION_URI, description: "agent-market: price, step limit, wallet and card signature", required: false, params }],
    },
    defaultInputModes: ["application/json", "text/plain"],
    defaultOutputModes: ["application/json", "text/plain"],
    skills: input.skills.map((s) => ({ id: s, name: s, description: `${s} tasks`, tags: [s] })),
  });
}

/** Checks a card from outside; a failure is a RegistryDocumentError `REGISTRY_DOC_INVALID`. */
export function parseAgentCard(json: unknown): AgentCard {
  const parsed = AgentCard.safeParse(json);
  if (!parsed.success) throw new RegistryDocumentError("REGISTRY_DOC_INVALID", "invalid Agent Card", { issues: z.prettifyError(parsed.error) });
  return parsed.data;
}

/** The market extension's params of a card; a card without a valid one is `REGISTRY_DOC_INVALID`. */
export function marketExtension(card: AgentCard): MarketExtensionParams {
  const ext = card.capabilities.extensions?.find((e) => e.uri === MARKET_EXTENSION_URI);
  const parsed = MarketExtensionParams.safeParse(ext?.params);
  if (!parsed.success) {
    throw new RegistryDocumentError("REGISTRY_DOC_INVALID", "Agent Card lacks a valid agent-market extension", {
      issues: ext ? z.prettifyError(parsed.error) : `no extension ${MARKET_EXTENSION_URI}`,
    });
  }
  return parsed.data;
}
