import { secp256k1 } from "@noble/curves/secp256k1";
import type { Affine } from "./jacobian.js";
import { baseTables, batchHolds, invN, invNAll, mul, N, Point, pointOfR, split, type Split } from "./secpBatch.js";
import { bytesToHex, hexToBytes, keccak256, type Address, type Hex } from "viem";
import { addressKey } from "./codecs.js";

export interface SignatureCheckOptions {
  /** Full recoveries of one signer's signatures before its key gets tables (default 16): a table costs ~50 recoveries' CPU, amortised over many signatures. */
  tableAfter?: number;
  /**
   * Window of those first tables (default 8). A window-4 table costs about 4 recoveries to build
   * and checks in a third of a recovery (window 8: 20 recoveries, a quarter): worth having after
   * a peer's second signature. With `upgradeAfter`, a key checked that many more times gets
   * window-8 tables.
   */
  tableWindow?: number;
  upgradeAfter?: number;
  /** Signers whose key is remembered (LRU, default 128; ~1 MB each with window-8 tables, ~0.1 MB with window 4). */
  maxKeys?: number;
}

/** What a check has done so far (tests and profiles: a key learned once is not recovered again). */
export interface SignatureCheckStats {
  /** Signatures checked by full public-key recovery. */
  recoveries: number;
  /** Signatures checked from a key's tables. */
  tableChecks: number;
  /** Tables built (a key's first, and its upgrade). */
  tables: number;
}

/** Decides whether a signature over a digest is a given signer's (see {@link createSignatureCheck}). */
export interface SignatureCheck {
  signedBy(digest: Uint8Array, signature: Hex, signer: Address): boolean;
  /**
   * The same answer for each of many signatures (a null digest: nobody signed it), cheaper
   * together: those of signers with tables are checked by one batch equation (secpBatch.ts
   * `batchHolds`), one by one only if it fails; the others as {@link signedBy} does.
   */
  signedByAll(items: readonly { digest: Uint8Array | null; signature: Hex; signer: Address }[]): boolean[];
  stats(): SignatureCheckStats;
}

/**
 * Decides whether a 65-byte signature over an EIP-712 digest was made by `signer`, with exactly
 * viem's `recoverAddress` outcome (r‖s‖v, v ∈ {0, 1, 27, 28}, r and s in [1, n), the recovered
 * key's address equal to `signer`) but cheaper for a signer seen before. The first signatures of a
 * signer are recovered in full; once its key (learned that way) has been recovered `tableAfter`
 * times it gets precomputed tables, and later signatures are checked from the other side of the
 * same equation: recovery gives Q = r⁻¹(s·R − h·G), so Q = P exactly when
 * R = (h·s⁻¹)·G + (r·s⁻¹)·P, whose x must be r and whose y parity must be v's. Same answer for
 * every input (tampered v, high s, foreign keys: test/indexer/reviewSigner.test.ts for reviews,
 * test/protocol/envelopeSignature.test.ts for envelopes), about a quarter of the CPU. The one
 * signature check of the indexer's reviews and of every A2A envelope.
 *
 * @example
 * const check = createSignatureCheck();
 * const ok = check.signedBy(reviewDigest(chainId, escrow, fields), signature, reviewer);
 */
export function createSignatureCheck(opts: SignatureCheckOptions = {}): SignatureCheck {
  const tableAfter = opts.tableAfter ?? 16;
  const tableWindow = opts.tableWindow ?? 8;
  const upgradeAfter = tableWindow < 8 ? (opts.upgradeAfter ?? Infinity) : Infinity;
  const maxKeys = opts.maxKeys ?? 128;
  const counts: SignatureCheckStats = { recoveries: 0, tableChecks: 0, tables: 0 };
  // `checks`: the key's signatures accepted from its table, until the table is upgraded.
  const keys = new Map<string, { point: Point; recoveries: number; table?: Split; window?: number; checks: number }>();
  const tableOf = (point: Point, window: number): Split => (counts.tables++, split(Point.fromAffine(point.toAffine()), window));

  function remember(address: string, point: Point): void {
    const known = keys.get(address);
    keys.delete(address);
    const entry = known ?? { point, recoveries: 0, checks: 0 };
    entry.recoveries++;
    if (!entry.table && entry.recoveries >= tableAfter) [entry.table, entry.window] = [tableOf(point, tableWindow), tableWindow];
    keys.set(address, entry);
    if (keys.size > maxKeys) keys.delete(keys.keys().next().value!);
  }

  /** One more signature of `address` accepted from its table: past `upgradeAfter` it gets window-8 tables. */
  function checked(address: string): void {
    const entry = keys.get(address);
    if (!entry || entry.window === 8 || ++entry.checks < upgradeAfter) return;
    [entry.table, entry.window] = [tableOf(entry.point, 8), 8];
  }

  /** r, s and the y parity of a well-formed signature, or null. */
  function parse(signature: Hex): { r: bigint; s: bigint; bit: number; sig: InstanceType<typeof secp256k1.Signature> } | null {
    if (!/^0x[0-9a-fA-F]{130}$/.test(signature)) return null;
    const bytes = hexToBytes(signature);
    const v = bytes[64]!;
    const bit = v === 0 || v === 27 ? 0 : v === 1 || v === 28 ? 1 : -1;
    if (bit < 0) return null;
    try {
      const sig = secp256k1.Signature.fromCompact(bytes.subarray(0, 64)); // r, s in [1, n)
      return { r: sig.r, s: sig.s, bit, sig };
    } catch {
      return null;
    }
  }

  /** The tables of `address`'s key once it has them (kept as most recently used). */
  function tablesOf(address: string): Split | undefined {
    const known = keys.get(address);
    if (!known?.table) return undefined;
    keys.delete(address);
    keys.set(address, known);
    return known.table;
  }

  function signedBy(digest: Uint8Array, signature: Hex, signer: Address): boolean {
    const sig = parse(signature);
    if (!sig) return false;
    const address = addressKey(signer);
    const table = tablesOf(address);
    if (table) {
      counts.tableChecks++;
      const h = BigInt(bytesToHex(digest)) % N;
      const si = invN(sig.s);
      const R = mul(baseTables(), (h * si) % N).add(mul(table, (sig.r * si) % N));
      if (R.equals(Point.ZERO)) return false;
      const { x, y } = R.toAffine();
      const ok = x === sig.r && Number(y & 1n) === sig.bit;
      if (ok) checked(address);
      return ok;
    }
    counts.recoveries++;
    let Q: Point;
    try {
      Q = sig.sig.addRecoveryBit(sig.bit).recoverPublicKey(digest);
    } catch {
      return false;
    }
    const recovered = `0x${keccak256(Q.toRawBytes(false).subarray(1)).slice(-40)}`;
    if (recovered !== address) return false;
    remember(address, Q);
    return true;
  }

  return {
    signedBy,
    stats: () => ({ ...counts }),
    signedByAll(items) {
      const out = items.map(() => false);
      const ready: { k: number; R: Affine; h: bigint; r: bigint; s: bigint; key: Split }[] = [];
      items.forEach(({ digest, signature, signer }, k) => {
        if (!digest) return;
        const key = tablesOf(addressKey(signer));
        const sig = key && parse(signature);
        // R from r and v: no such point means recovery fails too.
        const R = sig ? pointOfR(sig.r, sig.bit) : null;
        if (key && sig && R) ready.push({ k, R, h: BigInt(bytesToHex(digest)) % N, r: sig.r, s: sig.s, key });
        else if (!key || sig) out[k] = signedBy(digest, signature, signer);
      });
      const inverses = invNAll(ready.map((x) => x.s));
      const batch = ready.map(({ k, R, h, r, key }, j) => ({ k, R, u1: (h * inverses[j]!) % N, u2: (r * inverses[j]!) % N, key }));
      if (batch.length > 1 && batchHolds(batch)) for (const { k } of batch) out[k] = true;
      else for (const { k } of batch) out[k] = signedBy(items[k]!.digest!, items[k]!.signature, items[k]!.signer);
      return out;
    },
  };
}
