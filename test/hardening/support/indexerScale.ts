import { runLoad, type LoadSummary } from "./load.js";

/** One backend's figures as `npm run bench -- --json` and `test:hardening` carry them (issue #16's `indexerScale`). */
export type ScaleFigures = Pick<LoadSummary, "perSecond" | "p99Ms" | "lost" | "duplicated" | "apiProcesses" | "cpuMsPerReview" | "cpuMsPerReviewBy"> | { skipped: string };

export interface IndexerScale {
  postgres: ScaleFigures;
  pglite: ScaleFigures;
}

const figures = (s: LoadSummary): ScaleFigures => ({ perSecond: s.perSecond, p99Ms: s.p99Ms, lost: s.lost, duplicated: s.duplicated, apiProcesses: s.apiProcesses, cpuMsPerReview: s.cpuMsPerReview, cpuMsPerReviewBy: s.cpuMsPerReviewBy });

/**
 * Review acceptance under open-loop load in the production shape: `apiProcesses` `indexer api`
 * processes on one PostgreSQL schema (skipped without a database URL), then the same load on one
 * process with embedded PGlite. `pglite` may be passed in when it was measured already.
 *
 * @example
 * const scale = await runIndexerScale({ perSecond: 1_000, seconds: 60, databaseUrl: process.env.DATABASE_URL });
 */
export async function runIndexerScale(o: {
  perSecond: number;
  seconds: number;
  databaseUrl?: string | undefined;
  apiProcesses?: number;
  /** A PGlite run measured already, or `false` to measure PostgreSQL alone. */
  pglite?: LoadSummary | false;
  log?: (line: string) => void;
}): Promise<IndexerScale & { details: { postgres?: LoadSummary; pglite?: LoadSummary } }> {
  const load = { perSecond: o.perSecond, seconds: o.seconds, ...(o.log ? { log: o.log } : {}) };
  const postgres = o.databaseUrl ? await runLoad({ ...load, databaseUrl: o.databaseUrl, apiProcesses: o.apiProcesses ?? 2 }) : undefined;
  const pglite = o.pglite === false ? undefined : (o.pglite ?? (await runLoad(load)));
  return {
    postgres: postgres ? figures(postgres) : { skipped: "no DATABASE_URL or TEST_DATABASE_URL" },
    pglite: pglite ? figures(pglite) : { skipped: "PostgreSQL only was asked for" },
    details: { ...(postgres ? { postgres } : {}), ...(pglite ? { pglite } : {}) },
  };
}
