import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { escrowFixture, DEADLINE_IN, REVIEW_PERIOD } from "../escrow/fixture.js";
import { getAddress, keccak256, stringToHex, type Address, type Hex, type WalletClient } from "viem";
import { reviewTypedData } from "../../agents/protocol/eip712.js";
import type { ReviewFields } from "../../agents/protocol/review.js";
import { SignedReview } from "../../agents/protocol/review.js";
import type { Db } from "../../agents/indexer/db/Db.js";
import { openPglite } from "../../agents/indexer/db/pglite.js";
import { dropPostgresSchema, openPostgres } from "../../agents/indexer/db/postgres.js";
import { migrate } from "../../agents/indexer/db/schema.js";
import { viemAnchorPort } from "../../agents/indexer/anchorPort.js";
import type { AnchorPort } from "../../agents/indexer/closeEpoch.js";
import { createIndexer } from "../../agents/indexer/createIndexer.js";

export type Backend = "pglite" | "postgres";

/** The backends every storage-touching suite runs on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set (CI). */
export function backends(): Backend[] {
  return process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

// PGlite takes seconds to start, so one instance serves every test, each in its own schema.
let shared: Promise<PGlite> | undefined;

/** A migrated, empty database in a fresh schema of `backend`; `close` drops it. */
export async function freshDb(backend: Backend): Promise<Db & { dispose(): Promise<void> }> {
  const schema = `t_${randomBytes(6).toString("hex")}`;
  if (backend === "pglite") {
    shared ??= Promise.resolve(new PGlite());
    const pg = await shared;
    const db = await openPglite({ pg, schema });
    await migrate(db);
    return { ...db, dispose: async () => void (await pg.exec(`DROP SCHEMA ${schema} CASCADE; SET search_path TO public`)) };
  }
  const url = process.env.TEST_DATABASE_URL!;
  const db = await openPostgres({ url, schema, max: 3 });
  await migrate(db);
  return {
    ...db,
    dispose: async () => {
      await db.close();
      await dropPostgresSchema(url, schema);
    },
  };
}

export function taskIdOf(label: string): Hex {
  return keccak256(stringToHex(`task:${label}`));
}

export type Path = "released" | "auto-released" | "ruled" | "fallback" | "refunded" | "declined" | "cancel-requested" | "funded" | "submitted";

/**
 * A fresh chain with MockUSDC and a real TaskEscrow (the escrow suite's fixture), plus `task(path)`,
 * which funds a task and drives it down one settlement path, travelling in time where needed.
 */
export async function indexerChain() {
  const fx = await escrowFixture();
  const time = fx.networkHelpers.time;
  async function task(path: Path, ruledBps = 2_500): Promise<Hex> {
    if (path === "funded" || path === "declined" || path === "cancel-requested" || path === "refunded") {
      const bid = await fx.funded();
      if (path === "declined") await fx.as(fx.worker).decline(bid);
      if (path === "cancel-requested") await fx.as(fx.client).cancel(bid);
      if (path === "refunded") {
        await time.increase(DEADLINE_IN + 1);
        await fx.as(fx.client).refund(bid);
      }
      return bid.taskId;
    }
    const { bid } = path === "ruled" || path === "fallback" ? await fx.disputed() : await fx.submitted();
    if (path === "released") await fx.as(fx.client).release(bid);
    if (path === "auto-released") {
      await time.increase(Number(REVIEW_PERIOD) + 1);
      await fx.as(fx.stranger).autoRelease(bid);
    }
    if (path === "ruled") await fx.as(fx.arbiter).rule({ ...bid, workerBps: ruledBps });
    if (path === "fallback") {
      const terms = await fx.as(fx.client).getTerms(bid);
      await time.increase(Number(terms.rulingWindow) + 1);
      await fx.as(fx.stranger).settleFallback(bid);
    }
    return bid.taskId;
  }
  const clientAddr = fx.a(fx.client);
  const workerAddr = fx.a(fx.worker);
  return { ...fx, task, clientAddr, workerAddr, escrowAddr: getAddress(fx.escrow.address) };
}

/** A review signed by `signer` over the review domain of (chainId, escrow). */
export async function signReview(
  signer: WalletClient,
  chainId: number,
  escrow: Address,
  fields: Omit<ReviewFields, "reviewer" | "commentHash" | "timestamp"> & Partial<ReviewFields>,
): Promise<SignedReview> {
  const review: ReviewFields = {
    reviewer: getAddress(signer.account!.address),
    commentHash: keccak256(stringToHex("solid work")),
    timestamp: 1_800_000_000n,
    ...fields,
  };
  const signature = await signer.signTypedData({ account: signer.account!, ...reviewTypedData(chainId, escrow, review) });
  return { ...review, signature };
}


/**
 * Wraps a database so that the `n`-th statement matching `pattern` throws, as if the process
 * died there; simulates a crash in the middle of a transaction.
 */
export function crashOn(db: Db, pattern: RegExp, n = 1): Db {
  let seen = 0;
  const wrap = (inner: Db): Db => ({
    kind: inner.kind,
    close: () => inner.close(),
    async query<T>(sql: string, params?: readonly unknown[]) {
      if (pattern.test(sql) && ++seen === n) throw new Error(`simulated crash before: ${sql.trim().split("\n")[0]}`);
      return inner.query<T>(sql, params);
    },
    transaction: (fn) => inner.transaction((tx) => fn(wrap(tx))),
  });
  return wrap(db);
}

/** A handle that counts the statements sent through it (to show which server answered, or how many reads a request cost). */
export function counted(db: Db): { db: Db; n: () => number; reset(): void } {
  let n = 0;
  const wrapped: Db = { kind: db.kind, close: () => db.close(), query: (sql, params, opts) => (n++, db.query(sql, params, opts)), transaction: (fn) => db.transaction(fn) };
  return { db: wrapped, n: () => n, reset: () => void (n = 0) };
}

export const EPOCH = 60;
export const T0 = 1_800_000_000; // an epoch boundary: 1_800_000_000 / 60 = 30_000_000

/** A chain with a settled task, a ReputationAnchor, and an indexer with a hand-driven clock. */
export async function anchoredIndexer(db: Db) {
  const chain = await indexerChain();
  const anchor = await chain.viem.deployContract("ReputationAnchor", [chain.a(chain.owner), chain.a(chain.owner), BigInt(EPOCH)]);
  // The anchor refuses epochs that have not started by the chain's clock: bring the chain to the hand-driven clock.
  await chain.connection.networkHelpers.time.increaseTo(T0);
  let now = T0 + 5;
  const clock = { now: () => now, set: (t: number) => void (now = t) };
  const sent: Hex[] = [];
  const realPort = viemAnchorPort({ publicClient: chain.publicClient, walletClient: chain.owner, address: anchor.address });
  const countingPort: AnchorPort = { ...realPort, send: async (a) => { const h = await realPort.send(a); sent.push(h); return h; } };
  const make = (over: { anchorPort?: AnchorPort; db?: Db; readDb?: Db } = {}) =>
    createIndexer({
      db: over.db ?? db,
      ...(over.readDb ? { readDb: over.readDb } : {}),
      publicClient: chain.publicClient,
      walletClient: chain.owner,
      escrow: chain.escrowAddr,
      anchor: anchor.address,
      anchorPort: over.anchorPort ?? countingPort,
      epochSeconds: EPOCH,
      confirmations: 0,
      clock: clock.now,
    });
  const indexer = await make();
  const t1 = await chain.task("released");
  const t2 = await chain.task("ruled");
  await indexer.ingestOnce();
  const reviews = [
    await signReview(chain.client, chain.chainId, chain.escrowAddr, { taskId: t1, subject: chain.workerAddr, rating: 5 }),
    await signReview(chain.worker, chain.chainId, chain.escrowAddr, { taskId: t1, subject: chain.clientAddr, rating: 4 }),
    await signReview(chain.client, chain.chainId, chain.escrowAddr, { taskId: t2, subject: chain.workerAddr, rating: 2 }),
  ];
  const ids: Hex[] = [];
  for (const r of reviews) ids.push((await indexer.submitReview(SignedReview.encode(r))).id as Hex);
  return { chain, anchor, clock, sent, realPort, make, indexer, reviews, ids, epoch: BigInt(T0 / EPOCH) };
}

