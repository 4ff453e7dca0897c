import { z } from "zod";
import { Skill } from "../../protocol/task.js";
import { AddressString, Bytes32 } from "../../protocol/codecs.js";
import { AgentCard } from "../../registry/agentCard.js";

/** `:id` of GET /agents/:id — a decimal ERC-8004 agent id. */
export const AgentIdParam = z.strictObject({ id: z.string().regex(/^[0-9]{1,78}$/, "expected a decimal agent id") });

/** `?skills=code,audit` of GET /agents: every listed skill is required. */
export const AgentListQuery = z.object({
  skills: z
    .string()
    .max(2_048)
    .optional()
    .transform((s) => (s ? s.split(",").map((x) => x.trim()).filter((x) => x.length > 0) : []))
    .pipe(z.array(Skill).max(32)),
});

/** One registered agent: what the chain says and, once verified, its card. */
export const RegisteredAgentResponse = z.strictObject({
  agentId: z.string(),
  registry: AddressString,
  owner: AddressString,
  wallet: AddressString,
  agentURI: z.string(),
  /** pending: not fetched yet; checked: signed by `wallet`; rejected: see `error`. */
  status: z.enum(["pending", "checked", "rejected"]),
  error: z.string().nullable(),
  name: z.string().nullable(),
  /** A2A endpoint from the card. */
  url: z.string().nullable(),
  skills: z.array(z.string()),
  costPerStep: z.number().nullable(),
  maxSteps: z.number().int().nullable(),
  cardHash: Bytes32.nullable(),
  card: AgentCard.nullable(),
});
export type RegisteredAgentResponse = z.infer<typeof RegisteredAgentResponse>;

/** GET /agents: the agents whose checked card has every requested skill, by agent id. */
export const AgentListResponse = z.strictObject({
  registry: AddressString.nullable(),
  skills: z.array(z.string()),
  agents: z.array(RegisteredAgentResponse),
});
export type AgentListResponse = z.infer<typeof AgentListResponse>;
