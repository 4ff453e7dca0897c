import type { Address, Hex } from "viem";
import { normaliseSkill } from "../../market/registry.js";
import type { AgentCard } from "../../registry/agentCard.js";
import type { RegisteredAgentResponse } from "../api/agentSchemas.js";
import type { Db } from "../db/Db.js";

interface Row {
  agent_id: string;
  registry: Address;
  owner: Address;
  wallet: Address;
  agent_uri: string;
  card_status: "pending" | "checked" | "rejected";
  card_error: string | null;
  name: string | null;
  url: string | null;
  skills: string[] | null;
  cost_per_step: number | string | null;
  max_steps: number | null;
  card_hash: Hex | null;
  card: AgentCard | string | null;
}

const COLUMNS = "agent_id, registry, owner, wallet, agent_uri, card_status, card_error, name, url, skills, cost_per_step, max_steps, card_hash, card";

function toResponse(r: Row): RegisteredAgentResponse {
  return {
    agentId: r.agent_id,
    registry: r.registry,
    owner: r.owner,
    wallet: r.wallet,
    agentURI: r.agent_uri,
    status: r.card_status,
    error: r.card_error,
    name: r.name,
    url: r.url,
    skills: r.skills ?? [],
    costPerStep: r.cost_per_step === null ? null : Number(r.cost_per_step),
    maxSteps: r.max_steps,
    cardHash: r.card_hash,
    card: typeof r.card === "string" ? (JSON.parse(r.card) as AgentCard) : r.card,
  };
}

/**
 * Agents whose checked card lists every skill in `skills` (normalised like the capability
 * filter), ordered by agent id. Only checked cards count: a pending or rejected one is not listed.
 */
export async function listAgents(db: Db, registry: Address, skills: readonly string[]): Promise<RegisteredAgentResponse[]> {
  const wanted = [...new Set(skills.map(normaliseSkill))];
  const rows = await db.query<Row>(
    `SELECT ${COLUMNS} FROM registered_agents WHERE registry = $1 AND card_status = 'checked' AND skills @> $2::text[]
     ORDER BY length(agent_id), agent_id LIMIT 1000`,
    [registry, wanted],
  );
  return rows.map(toResponse);
}

/** One agent whatever its card's state, or null if the registry has no such id (yet). */
export async function getAgent(db: Db, registry: Address, agentId: bigint): Promise<RegisteredAgentResponse | null> {
  const [row] = await db.query<Row>(`SELECT ${COLUMNS} FROM registered_agents WHERE registry = $1 AND agent_id = $2`, [registry, agentId.toString()]);
  return row ? toResponse(row) : null;
}
