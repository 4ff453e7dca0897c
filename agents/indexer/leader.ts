import pg from "pg";
import { keccak256, stringToHex } from "viem";
import { z } from "zod";
import { ConfigError } from "../errors.js";

/** `./run indexer [all|api|worker]`: both roles (default), the stateless HTTP API, or the ingest/close/anchor worker. */
export const IndexerRole = z.enum(["all", "api", "worker"]);
export type IndexerRole = z.infer<typeof IndexerRole>;

/**
 * Reads the role from the command line. `api` and `worker` run as separate processes on one
 * PostgreSQL; the embedded database belongs to one process, so they need DATABASE_URL.
 *
 * @example
 * parseIndexerRole(["worker"], { DATABASE_URL }) // "worker"
 */
export function parseIndexerRole(argv: readonly string[], env: { DATABASE_URL?: string | undefined; DATABASE_READ_URL?: string | undefined }): IndexerRole {
  const parsed = IndexerRole.safeParse(argv[0] ?? "all");
  if (!parsed.success) throw new ConfigError(`unknown indexer role "${String(argv[0]).slice(0, 32)}": expected all, api or worker`, { role: argv[0] });
  if (parsed.data !== "all" && !env.DATABASE_URL)
    throw new ConfigError(`indexer ${parsed.data} needs DATABASE_URL (PostgreSQL): the embedded database serves one process, where \`./run indexer\` runs both roles`);
  if (env.DATABASE_READ_URL && !env.DATABASE_URL)
    throw new ConfigError("DATABASE_READ_URL names a read replica of DATABASE_URL, which is not set (the embedded database has no replicas)");
  return parsed.data;
}

/** Who may ingest, close epochs and anchor: one holder at a time. */
export interface LeaderLock {
  /** Takes the lock if nobody holds it; never waits. */
  tryAcquire(): Promise<boolean>;
  /** False once the lock may have been lost (its connection failed). */
  stillHeld(): Promise<boolean>;
  /** Releases it (by closing its session). */
  close(): Promise<void>;
}

/** A 64-bit advisory-lock key for one indexer deployment (schema, chain, escrow). */
export function leaderLockKey(scope: string): bigint {
  return BigInt.asIntN(64, BigInt(keccak256(stringToHex(`agent-market indexer leader ${scope}`)).slice(0, 18)));
}

/**
 * A PostgreSQL session advisory lock on its own connection: held while that session lives, so
 * a leader killed with -9 drops it as soon as PostgreSQL sees the connection close.
 */
export function postgresLeaderLock(databaseUrl: string, key: bigint): LeaderLock {
  let client: pg.Client | undefined;
  let broken = false;
  const drop = async () => {
    const c = client;
    client = undefined;
    await c?.end().catch(() => {});
  };
  return {
    async tryAcquire() {
      try {
        if (!client) {
          const c = new pg.Client({ connectionString: databaseUrl });
          c.on("error", () => (broken = true));
          await c.connect();
          client = c;
          broken = false;
        }
        const { rows } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1::bigint) AS ok", [key.toString()]);
        return rows[0]?.ok === true;
      } catch {
        await drop();
        return false;
      }
    },
    async stillHeld() {
      if (!client || broken) return (await drop(), false);
      return client.query("SELECT 1").then(
        () => true,
        async () => (await drop(), false),
      );
    },
    close: drop,
  };
}

/** The embedded database has one process: it is always the leader. */
export const soleLeader: LeaderLock = { tryAcquire: async () => true, stillHeld: async () => true, close: async () => {} };
