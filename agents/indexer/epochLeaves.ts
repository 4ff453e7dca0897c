import { zeroAddress } from "viem";
import { REVIEW_LEAF_FIELDS } from "../protocol/reviewLeaf.js";
import type { Db } from "./db/Db.js";
import { cursorPages, EPOCH_PAGE_ROWS } from "./epochCursor.js";
import { LEAF_BYTES } from "./merkle/encode.js";
import { IndexerStateError } from "./errors.js";

type LeafField = (typeof REVIEW_LEAF_FIELDS)[number]["name"];

/**
 * The `reviews` column (or expression) of each leaf field. A row stored before leaves carried the
 * task's facts reads them as store.ts `toReview` does: the zero address, 0 and 0.
 */
const LEAF_COLUMNS: Record<LeafField, string> = {
  taskId: "task_id",
  reviewer: "reviewer",
  subject: "subject",
  rating: "rating",
  commentHash: "comment_hash",
  timestamp: "ts",
  worker: `COALESCE(worker, '${zeroAddress}')`,
  claimedSuccessBps: "COALESCE(claimed_bps, 0)",
  deliveredBps: "COALESCE(delivered_bps, 0)",
};

const HEX_BYTES = { bytes32: 32, address: 20 } as const;
/** Each integer type's largest value: as a number where every value of the type is exact, and as a bigint. */
const UINT_MAX = { uint8: 255, uint16: 65_535, uint64: Number.MAX_SAFE_INTEGER } as const;
const UINT_MAX_BIG = { uint8: 255n, uint16: 65_535n, uint64: 2n ** 64n - 1n } as const;
type HexType = keyof typeof HEX_BYTES;
const isHex = (f: (typeof REVIEW_LEAF_FIELDS)[number]): f is Extract<(typeof REVIEW_LEAF_FIELDS)[number], { type: HexType }> => f.type in HEX_BYTES;

/** The hex fields' byte lengths and words (in leaf order), and the integer fields' types and words. */
const HEX_FIELDS = REVIEW_LEAF_FIELDS.flatMap((f, word) => (isHex(f) ? [{ name: f.name, bytes: HEX_BYTES[f.type], word }] : []));
const INT_FIELDS = REVIEW_LEAF_FIELDS.flatMap((f, word) => (isHex(f) ? [] : [{ name: f.name, type: f.type as keyof typeof UINT_MAX, word }]));
/** Each character code's value as a hex digit, 16 when it is not one (lower or upper case: addresses are stored checksummed). */
const NIBBLE = new Uint8Array(65_536).fill(16);
for (let d = 0; d < 16; d++) NIBBLE["0123456789abcdef".charCodeAt(d)] = NIBBLE["0123456789ABCDEF".charCodeAt(d)] = d;

/** Characters of the hex part of a leaf's text: each field's `0x` and its digits. */
const HEX_CHARS = HEX_FIELDS.reduce((n, f) => n + 2 + 2 * f.bytes, 0);

/**
 * One SQL expression of a row's leaf as one text: the hex fields as stored (`0x…0x…`), then each
 * integer field in decimal after a comma. Joining text costs the server next to nothing (decoding
 * and re-encoding hex in SQL cost it more than the whole build), and one column per row is the
 * least a driver has to parse; the client decodes it ({@link writeLeafText}).
 */
export const LEAF_TEXT_SQL = [...HEX_FIELDS.map((f) => LEAF_COLUMNS[f.name]), ...INT_FIELDS.map((f) => `',' || ${LEAF_COLUMNS[f.name]}`)].join(" || ");

/**
 * Writes abi.encode of one {@link LEAF_TEXT_SQL} text into `out` at `at`: the bytes merkle/encode.ts
 * `encodeReviewLeaf` writes for the same review, with the same checks (a hex field of the wrong
 * length or with a non-hex digit, an integer out of its type's range: `bad` is called with the
 * field). Only the fields' own bytes are written: the padding of `out` must be zero already.
 */
export function writeLeafText(text: unknown, out: Uint8Array, at: number, bad: (field: string, value: unknown) => never): void {
  if (typeof text !== "string" || text.length < HEX_CHARS + 2 * INT_FIELDS.length) return bad("leaf", text);
  let c = 0;
  for (const f of HEX_FIELDS) {
    const start = c;
    let invalid = (text.charCodeAt(c) ^ 48) | (text.charCodeAt(c + 1) ^ 120);
    c += 2;
    // Decoded here rather than by Buffer#write: a native call per field costs more than its digits.
    for (let b = at + 32 * f.word + 32 - f.bytes, end = b + f.bytes; b < end; b++, c += 2) {
      const hi = NIBBLE[text.charCodeAt(c)]!;
      const lo = NIBBLE[text.charCodeAt(c + 1)]!;
      invalid |= (hi | lo) & 16;
      out[b] = (hi << 4) | lo;
    }
    if (invalid !== 0) bad(f.name, text.substring(start, c));
  }
  for (const f of INT_FIELDS) {
    if (text.charCodeAt(c++) !== 44) bad(f.name, text.substring(c - 1));
    const start = c;
    let n = 0;
    for (let d = text.charCodeAt(c) - 48; d >= 0 && d <= 9 && c < text.length; d = text.charCodeAt(++c) - 48) n = n * 10 + d;
    const digits = c - start;
    if (digits === 0) bad(f.name, text.substring(start, c + 1));
    const word = at + 32 * f.word;
    if (digits <= 15) {
      if (n > UINT_MAX[f.type]) bad(f.name, n);
      for (let b = word + 31; b > word + 23; b--, n = Math.floor(n / 256)) out[b] = n % 256;
    } else {
      const v = BigInt(text.substring(start, c));
      if (v > UINT_MAX_BIG[f.type]) bad(f.name, v);
      for (let b = word + 31, r = v; b > word + 23; b--, r >>= 8n) out[b] = Number(r & 255n);
    }
  }
  if (c !== text.length) bad("leaf", text.substring(c));
}

/**
 * An epoch's leaves (not orphaned) as abi-encoded bytes, {@link LEAF_BYTES} per review back to
 * back, a page of `pageRows` at a time, read through a server-side cursor in storage order (the
 * builder sorts): what buildReviewTreeStreaming takes as it is. Each row arrives as one text
 * ({@link LEAF_TEXT_SQL}) decoded straight into place, with no review objects in between. Each page is decoded into one buffer reused for the next page, so the
 * consumer must copy it (the builder does) before asking for the next. Must run inside `tx`'s
 * transaction.
 *
 * @throws IndexerStateError naming the field when a stored row does not fit the leaf types (a hash of the wrong length, a non-hex digit, an integer out of range).
 * @example
 * const tree = await buildReviewTreeStreaming(leafCount, epochLeafChunks(tx, epoch));
 */
export async function* epochLeafChunks(tx: Db, epoch: bigint, opts: { pageRows?: number } = {}): AsyncGenerator<Uint8Array> {
  const pageRows = Math.max(1, Math.floor(opts.pageRows ?? EPOCH_PAGE_ROWS));
  const buf = Buffer.alloc(pageRows * LEAF_BYTES);
  const select = `SELECT ${LEAF_TEXT_SQL} AS leaf FROM reviews WHERE epoch = ${BigInt(epoch).toString()} AND NOT orphaned`;
  let row = 0;
  const bad = (field: string, value: unknown): never => {
    throw new IndexerStateError(`stored review ${row} of epoch ${epoch}: its ${field} does not fit the leaf`, { epoch: epoch.toString(), row, field, value: String(value) });
  };
  for await (const rows of cursorPages<{ leaf: string | null }>(tx, select, pageRows)) {
    let at = 0;
    for (const r of rows) {
      writeLeafText(r.leaf, buf, at, bad);
      at += LEAF_BYTES;
      row++;
    }
    yield buf.subarray(0, at);
  }
}
