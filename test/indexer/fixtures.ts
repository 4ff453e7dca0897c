import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { network } from "hardhat";
import { getAddress, keccak256, stringToHex, type Address, type Hex } from "viem";
import { reviewTypedData, type ReviewFields } from "../../agents/protocol/eip712.js";
import { signedReviewToWire, type SignedReview } from "../../agents/protocol/review.js";
import type { Db } from "../../agents/indexer/db/Db.js";
import { openPglite } from "../../agents/indexer/db/pglite.js";
import { dropPostgresSchema, openPostgres } from "../../agents/indexer/db/postgres.js";
import { migrate } from "../../agents/indexer/db/schema.js";

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

/** A fresh chain with the test event emitter standing in for TaskEscrow, and three funded accounts. */
export async function emitterChain() {
  const { viem, networkHelpers } = await network.create();
  const publicClient = await viem.getPublicClient();
  const [clientW, workerW, otherW] = await viem.getWalletClients();
  const emitter = await viem.deployContract("EscrowEventEmitter");
  const chainId = await publicClient.getChainId();
  return { viem, networkHelpers, publicClient, clientW: clientW!, workerW: workerW!, otherW: otherW!, emitter, chainId };
}

type Signer = { account: { address: Address }; signTypedData: (args: ReturnType<typeof reviewTypedData>) => Promise<Hex> };

/** A review signed by `signer` over the review domain of (chainId, escrow). */
export async function signReview(
  signer: Signer,
  chainId: number,
  escrow: Address,
  fields: Omit<ReviewFields, "reviewer" | "commentHash" | "timestamp"> & Partial<ReviewFields>,
): Promise<SignedReview> {
  const review: ReviewFields = {
    reviewer: getAddress(signer.account.address),
    commentHash: keccak256(stringToHex("solid work")),
    timestamp: 1_800_000_000n,
    ...fields,
  };
  const signature = await signer.signTypedData(reviewTypedData(chainId, escrow, review));
  return { ...review, signature };
}

export { signedReviewToWire };

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
