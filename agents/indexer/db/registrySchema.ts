/**
 * The identity registry's mirror (agents/indexer/registry). Idempotent, run by `migrate`.
 * Agent ids are decimal strings (uint256); addresses checksummed.
 */
export const REGISTRY_STATEMENTS = [
  // Every registry log ingested, once per (registry, block, log index).
  `CREATE TABLE IF NOT EXISTS registry_events (
     registry TEXT NOT NULL, block_number BIGINT NOT NULL, log_index INTEGER NOT NULL, block_hash TEXT NOT NULL,
     event_name TEXT NOT NULL, agent_id TEXT NOT NULL, args JSONB NOT NULL,
     PRIMARY KEY (registry, block_number, log_index))`,
  // Each agent as the chain says (owner, URI, wallet) and, once fetched and verified, its card.
  // card_status: pending (to fetch), checked (signature verified against wallet), rejected.
  `CREATE TABLE IF NOT EXISTS registered_agents (
     registry TEXT NOT NULL, agent_id TEXT NOT NULL, owner TEXT NOT NULL, agent_uri TEXT NOT NULL,
     wallet TEXT NOT NULL, registered_block BIGINT NOT NULL,
     card_status TEXT NOT NULL, card_error TEXT, card_attempts INTEGER NOT NULL DEFAULT 0,
     card_next_check BIGINT NOT NULL DEFAULT 0, card JSONB, card_hash TEXT, skills TEXT[],
     name TEXT, url TEXT, cost_per_step DOUBLE PRECISION, max_steps INTEGER, checked_at BIGINT,
     PRIMARY KEY (registry, agent_id))`,
];

export const REGISTRY_TABLES = ["registry_events", "registered_agents"] as const;
