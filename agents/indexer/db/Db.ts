/**
 * The little the indexer needs from a SQL database. Both adapters speak PostgreSQL's dialect
 * (PGlite is PostgreSQL compiled to WASM), so one set of queries serves both.
 */
export interface Db {
  /** Runs one statement with `$1`-style parameters and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /**
   * Runs `fn` in one transaction: all its statements commit together, or none do when `fn`
   * throws. Nested calls reuse the outer transaction.
   */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** Which engine is behind this handle. */
  readonly kind: "pglite" | "postgres";
  close(): Promise<void>;
}

/** PostgreSQL identifiers we create (schemas) must be plain lowercase words. */
export function assertIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`invalid SQL identifier ${JSON.stringify(name)}`);
  return name;
}
