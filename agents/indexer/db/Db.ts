/**
 * The little the indexer needs from a SQL database. Both adapters speak PostgreSQL's dialect
 * (PGlite is PostgreSQL compiled to WASM), so one set of queries serves both.
 */
export interface Db {
  /** Runs one statement with `$1`-style parameters and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[], opts?: QueryOptions): Promise<T[]>;
  /**
   * Runs `fn` in one transaction: all its statements commit together, or none do when `fn`
   * throws. Nested calls reuse the outer transaction.
   */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** Which engine is behind this handle. */
  readonly kind: "pglite" | "postgres";
  close(): Promise<void>;
}

/** How one statement runs. */
export interface QueryOptions {
  /**
   * On PostgreSQL, the statement is prepared under this name once per pooled connection and then
   * only bound and executed: the server parses and plans it once. For a hot statement whose text
   * never changes; one name per SQL text. PGlite runs it as any other statement.
   */
  name?: string;
}

/** PostgreSQL identifiers we create (schemas) must be plain lowercase words. */
export function assertIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`invalid SQL identifier ${JSON.stringify(name)}`);
  return name;
}
