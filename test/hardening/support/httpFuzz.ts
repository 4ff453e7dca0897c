import fc from "fast-check";
import { SignedReview } from "../../../agents/protocol/review.js";
import { keccak256, stringToHex, type Address, type Hex, type PublicClient, type WalletClient } from "viem";
import { startIndexerServer } from "../../../agents/indexer/server.js";
import { createIndexer } from "../../../agents/indexer/createIndexer.js";
import { startAgent } from "../../../agents/wiring/startAgent.js";
import { RecordingLogger } from "../../../agents/runtime/logger.js";
import { profiles } from "../../agents/fixtures/localMarket.js";
import { freshDb, indexerChain, signReview } from "../../indexer/fixtures.js";
import { pool } from "./pool.js";

export interface HttpFuzzSummary {
  requests: number;
  status5xx: number;
  crashes: number;
  /** 4xx answers whose body was not `{ error: { code } }` JSON. */
  rejectionsWithoutCode: number;
  /** Requests whose connection failed before an answer arrived. */
  connectionErrors: number;
  byStatus: Record<string, number>;
  /** Up to 5 offending requests, for the report. */
  failures: string[];
}

interface FuzzRequest {
  target: "indexer" | "board" | "a2a";
  method: "GET" | "POST";
  path: string;
  contentType: string | null;
  body: string | null;
}

const UNICODE = ["\u0000", "\u202e", "\ud83d\ude00", "\uffff", "é", "\u0000\u0000", "%00", "%", "../", "\\"];

/** Strings a hostile client likes: unicode, null bytes, control and escape characters, long runs. */
const nasty = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(...UNICODE),
  fc.integer({ min: 0, max: 3000 }).map((n) => "\u0000".repeat(n)),
);

/** A JSON value of the wrong type where each field is expected. */
const wrongValue = fc.oneof(fc.constant(null), fc.boolean(), fc.double(), fc.integer(), nasty, fc.array(fc.integer(), { maxLength: 3 }), fc.constant({}), fc.bigInt().map(String));

function mutate(base: Record<string, unknown>) {
  const keys = Object.keys(base);
  return fc.oneof(
    // one field with a wrong value (wrong type, unicode, null bytes)
    fc.tuple(fc.constantFrom(...keys), wrongValue).map(([k, v]) => ({ ...base, [k]: v })),
    // a field missing, or one too many
    fc.constantFrom(...keys).map((k) => Object.fromEntries(Object.entries(base).filter(([x]) => x !== k))),
    fc.tuple(nasty, wrongValue).map(([k, v]) => ({ ...base, [k]: v })),
    // a flipped hex digit in a string field: bad signatures, other tasks, other parties
    fc.tuple(fc.constantFrom(...keys.filter((k) => typeof base[k] === "string" && String(base[k]).startsWith("0x"))), fc.nat()).map(([k, i]) => {
      const s = String(base[k]);
      const at = 2 + (i % (s.length - 2));
      return { ...base, [k]: s.slice(0, at) + (s[at] === "0" ? "1" : "0") + s.slice(at + 1) };
    }),
  );
}

function bodies(valid: Record<string, unknown>) {
  const text = JSON.stringify(valid);
  return fc.oneof(
    { weight: 4, arbitrary: mutate(valid).map((v) => JSON.stringify(v)) },
    { weight: 2, arbitrary: fc.constant(text) }, // replays of the valid message
    { weight: 2, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    { weight: 2, arbitrary: fc.nat({ max: text.length }).map((n) => text.slice(0, n)) }, // truncated
    { weight: 2, arbitrary: nasty },
    { weight: 1, arbitrary: fc.integer({ min: 17_000, max: 2_000_000 }).map((n) => JSON.stringify({ ...valid, pad: "x".repeat(n) })) },
  );
}

const contentType = fc.constantFrom<string | null>("application/json", "application/json", "application/json; charset=utf-8", "text/plain", null, "application/x-www-form-urlencoded");

/**
 * Throws `requests` generated hostile requests (fast-check, fixed seed) at a live indexer and a
 * live manager board on loopback, 16 at a time, and counts 5xx answers, 4xx answers without a
 * JSON error code, and crashes (uncaught errors in this process, or a server that no longer
 * answers afterwards).
 *
 * @example
 * const s = await runHttpFuzz({ requests: 10_000, seed: 42 }); // s.status5xx === 0
 */
export async function runHttpFuzz(opts: { requests: number; seed: number }): Promise<HttpFuzzSummary> {
  const chain = await indexerChain();
  const db = await freshDb("pglite");
  const taskId = await chain.task("released");
  const indexer = await createIndexer({ db, publicClient: chain.publicClient, escrow: chain.escrowAddr, confirmations: 0, rateLimit: { perSecond: 20_000, burst: 20_000 } });
  await indexer.ingestOnce();
  const server = await startIndexerServer(indexer, { port: 0 });
  const review = SignedReview.encode(await signReview(chain.client, chain.chainId, chain.escrowAddr, { taskId, subject: chain.workerAddr, rating: 5, timestamp: BigInt(Math.floor(Date.now() / 1000) - 60) }));

  const manager = await startAgent(
    { ROLE: "manager", BOARD_PORT: 0, POLL_MS: 200, START_BLOCK: 0n, INDEXER_URL: undefined },
    { llm: { offline: true }, bidWindowMs: 200 },
    // The fuzz targets the board's HTTP surface; the registry lists alice as the one capable worker.
    {
      publicClient: chain.publicClient as PublicClient,
      walletClient: chain.client as WalletClient,
      escrow: chain.escrowAddr,
      registry: { address: (await chain.viem.deployContract("IdentityRegistry", [])).address as Address },
      log: new RecordingLogger(),
      directory: { capable: async () => [{ ...profiles.alice, wallet: chain.workerAddr, name: "alice", url: "http://127.0.0.1:1/a2a" }] },
    },
  );
  const now = Math.floor(Date.now() / 1000);
  const spec = {
    taskId: keccak256(stringToHex("fuzz-task")),
    title: "Translate a note",
    description: "Translate it.",
    requiredSkills: ["translate"],
    budget: "5000000",
    token: chain.usdc.address as Address,
    deadline: now + 3_600,
    reviewPeriod: 600,
    arbiter: chain.a(chain.arbiter),
  };
  const bid = {
    type: "bid",
    taskId: spec.taskId,
    agentId: "alice",
    terms: { taskId: spec.taskId, specHash: spec.taskId, client: chain.clientAddr, worker: chain.workerAddr, token: spec.token, amount: "1000", arbiter: spec.arbiter, deadline: String(now + 3600), reviewPeriod: "600", expiry: String(now + 300), nonce: "1", claimedSuccessBps: 9_000 },
    signature: `0x${"1b".repeat(65)}` as Hex,
    estimate: { price: "1000", estimatedSteps: 3, estimatedSeconds: 10, successProbability: 0.9, rationale: "easy" },
  };

  const segment = fc.oneof(nasty, fc.string({ unit: fc.constantFrom(..."0123456789abcdefABCDEF"), maxLength: 70 }).map((h) => `0x${h}`), fc.constant(review.taskId), fc.constant(chain.workerAddr), fc.bigInt({ min: -1n, max: 2n ** 70n }).map(String));
  const request: fc.Arbitrary<FuzzRequest> = fc.oneof(
    { weight: 5, arbitrary: fc.record({ target: fc.constant("indexer" as const), method: fc.constant("POST" as const), path: fc.constant("/reviews"), contentType, body: bodies(review) }) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom("/reviews/", "/agents/", "/epochs/", "/epochs/", "/"), segment, fc.constantFrom("", "/reputation", "/dataset", "/x")).map(([a, b, c]) => ({ target: "indexer" as const, method: "GET" as const, path: a + encodeURIComponent(b) + c, contentType: null, body: null })) },
    { weight: 3, arbitrary: fc.record({ target: fc.constant("a2a" as const), method: fc.constant("POST" as const), path: fc.constant("/a2a/push"), contentType, body: bodies(bid) }) },
    { weight: 3, arbitrary: fc.record({ target: fc.constant("board" as const), method: fc.constant("POST" as const), path: fc.constant("/tasks"), contentType, body: bodies(spec) }) },
    { weight: 1, arbitrary: segment.map((s) => ({ target: "board" as const, method: "GET" as const, path: `/tasks/${encodeURIComponent(s)}`, contentType: null, body: null })) },
  );
  const requests = fc.sample(request, { numRuns: opts.requests, seed: opts.seed });

  const uncaught: unknown[] = [];
  const onUncaught = (e: unknown) => uncaught.push(e);
  process.on("uncaughtException", onUncaught);
  process.on("unhandledRejection", onUncaught);
  const summary: HttpFuzzSummary = { requests: 0, status5xx: 0, crashes: 0, rejectionsWithoutCode: 0, connectionErrors: 0, byStatus: {}, failures: [] };
  // The manager's A2A push URL (where a worker's result artifact arrives) is fuzzed like the board.
  const base = { indexer: server.url, board: manager.boardUrl!, a2a: manager.a2aUrl };
  try {
    await pool(requests, 16, async (r) => {
      let res: Response;
      let text: string;
      try {
        res = await fetch(base[r.target] + r.path, {
          method: r.method,
          headers: r.contentType ? { "content-type": r.contentType } : {},
          ...(r.body === null ? {} : { body: r.body }),
        });
        text = await res.text();
      } catch (err) {
        summary.requests += 1;
        summary.connectionErrors += 1;
        if (summary.failures.length < 5) summary.failures.push(`connection: ${r.method} ${r.target}${r.path.slice(0, 80)} body ${r.body?.length ?? 0} bytes: ${String((err as Error).cause ?? err)}`);
        return;
      }
      summary.requests += 1;
      summary.byStatus[res.status] = (summary.byStatus[res.status] ?? 0) + 1;
      const bad = (why: string) => summary.failures.length < 5 && summary.failures.push(`${why}: ${r.method} ${r.target}${r.path.slice(0, 80)} ${String(r.body).slice(0, 120)} -> ${res.status} ${text.slice(0, 200)}`);
      if (res.status >= 500) {
        summary.status5xx += 1;
        bad("5xx");
      } else if (res.status >= 400) {
        let code: unknown;
        try {
          code = (JSON.parse(text) as { error?: { code?: unknown } }).error?.code;
        } catch {
          code = undefined;
        }
        if (typeof code !== "string" || code.length === 0) {
          summary.rejectionsWithoutCode += 1;
          bad("no code");
        }
      }
    });
    // Both servers must still answer after the storm.
    const alive = await Promise.all([fetch(`${base.indexer}/health`).then((r) => r.ok, () => false), fetch(`${base.board}/tasks/${spec.taskId}`).then((r) => r.status < 500, () => false)]);
    summary.crashes = uncaught.length + alive.filter((ok) => !ok).length;
  } finally {
    process.off("uncaughtException", onUncaught);
    process.off("unhandledRejection", onUncaught);
    await manager.stop();
    await server.close();
    await db.dispose();
  }
  return summary;
}
