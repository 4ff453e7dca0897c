/**
 * JuryArbiter's panels and votes, and TeamAccountFactory's teams (agents/indexer/jury). Idempotent,
 * run by `migrate`. Addresses checksummed; case ids lower-case hex; agent ids decimal strings.
 */
export const JURY_STATEMENTS = [
  // Every JuryArbiter or TeamAccountFactory log ingested, once per (contract, block, log index).
  `CREATE TABLE IF NOT EXISTS jury_events (
     contract TEXT NOT NULL, block_number BIGINT NOT NULL, log_index INTEGER NOT NULL, block_hash TEXT NOT NULL,
     event_name TEXT NOT NULL, args JSONB NOT NULL,
     PRIMARY KEY (contract, block_number, log_index))`,
  // One row per seat: drawn by PanelDrawn, its vote set by VoteRevealed (NULL: never revealed).
  `CREATE TABLE IF NOT EXISTS jury_seats (
     contract TEXT NOT NULL, case_id TEXT NOT NULL, juror TEXT NOT NULL, agent_id TEXT NOT NULL,
     vote_bps INTEGER, PRIMARY KEY (contract, case_id, juror))`,
  `CREATE INDEX IF NOT EXISTS jury_seats_juror ON jury_seats (juror)`,
  // How each case ended: ruled (with the median) or lapsed.
  `CREATE TABLE IF NOT EXISTS jury_cases (
     contract TEXT NOT NULL, case_id TEXT NOT NULL, task_id TEXT NOT NULL, status TEXT NOT NULL,
     ruling_bps INTEGER, PRIMARY KEY (contract, case_id))`,
  // Team membership from TeamCreated: each member's fixed share of everything the team is paid.
  `CREATE TABLE IF NOT EXISTS team_members (
     factory TEXT NOT NULL, team TEXT NOT NULL, member TEXT NOT NULL, share_bps INTEGER NOT NULL,
     PRIMARY KEY (team, member))`,
  `CREATE INDEX IF NOT EXISTS team_members_member ON team_members (member)`,
];

export const JURY_TABLES = ["jury_events", "jury_seats", "jury_cases", "team_members"] as const;
