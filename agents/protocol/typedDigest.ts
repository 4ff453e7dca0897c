import { domainSeparator, hexToBytes, isAddress, isHex, keccak256, stringToBytes, type TypedDataDomain } from "viem";
import { addressKey, toHash32 } from "./codecs.js";

/** One field of a flat EIP-712 struct, as in the `types` objects of protocol/eip712.ts. */
export interface TypedField {
  readonly name: string;
  readonly type: string;
}

type Encode = (value: unknown, field: string) => Uint8Array;

const word = (x: bigint) => hexToBytes(`0x${x.toString(16).padStart(64, "0")}`);

function encoder(type: string): Encode {
  const int = /^(u?)int(\d+)$/.exec(type);
  if (int) {
    const bits = BigInt(int[2]!);
    const [min, max] = int[1] ? [0n, (1n << bits) - 1n] : [-(1n << (bits - 1n)), (1n << (bits - 1n)) - 1n];
    return (value, field) => {
      if (typeof value !== "bigint" && !(typeof value === "number" && Number.isInteger(value))) throw new RangeError(`${field}: ${String(value)} is not an integer`);
      const x = BigInt(value);
      if (x < min || x > max) throw new RangeError(`${field}: ${x} is not a ${type}`);
      return word(x < 0n ? (1n << 256n) + x : x);
    };
  }
  const fixed = /^bytes(\d+)$/.exec(type);
  if (fixed) {
    const size = Number(fixed[1]);
    return (value, field) => {
      if (typeof value !== "string" || !isHex(value) || value.length !== 2 + 2 * size) throw new RangeError(`${field}: ${String(value)} is not ${size} bytes of hex`);
      const out = new Uint8Array(32);
      out.set(hexToBytes(value));
      return out;
    };
  }
  switch (type) {
    case "address":
      return (value, field) => {
        if (typeof value !== "string" || !isAddress(value)) throw new RangeError(`${field}: ${String(value)} is not an address`);
        const out = new Uint8Array(32);
        out.set(hexToBytes(value), 12);
        return out;
      };
    case "bool":
      return (value, field) => {
        if (typeof value !== "boolean") throw new RangeError(`${field}: ${String(value)} is not a bool`);
        return word(value ? 1n : 0n);
      };
    case "string":
      return (value, field) => {
        if (typeof value !== "string") throw new RangeError(`${field}: not a string`);
        return keccak256(stringToBytes(value), "bytes");
      };
    case "bytes":
      return (value, field) => {
        if (typeof value !== "string" || !isHex(value)) throw new RangeError(`${field}: not hex`);
        return keccak256(value, "bytes");
      };
    default:
      throw new TypeError(`typedDigest: field type ${type} is not supported (flat structs of atomic types only)`);
  }
}

const domainKey = (d: TypedDataDomain) => `${d.name}|${d.version}|${d.chainId}|${addressKey(String(d.verifyingContract))}|${toHash32(String(d.salt))}`;

/**
 * The EIP-712 digest of one flat struct type, byte for byte viem's `hashTypedData`, without its
 * per-call work: the type hash is computed once, each domain's separator once per process, and
 * the fields are encoded straight into one buffer. A value that does not fit its type throws a
 * RangeError (viem throws too; nobody can have signed such a message). The one definition the
 * review digest (indexer) and the envelope digest (every A2A message) are built on.
 *
 * @example
 * const reviewDigest = typedDigest(reviewTypes.Review, "Review");
 * const digest = reviewDigest(reviewDomain(31337, escrow), review); // Uint8Array(32)
 */
export function typedDigest(fields: readonly TypedField[], primaryType: string): (domain: TypedDataDomain, message: object) => Uint8Array {
  const typeHash = keccak256(stringToBytes(`${primaryType}(${fields.map((f) => `${f.type} ${f.name}`).join(",")})`), "bytes");
  const encoders = fields.map((f) => encoder(f.type));
  const separators = new Map<string, Uint8Array>();
  return (domain, message) => {
    const key = domainKey(domain);
    let separator = separators.get(key);
    if (!separator) {
      separator = hexToBytes(domainSeparator({ domain }));
      if (separators.size >= 64) separators.clear(); // a process signs for a handful of markets
      separators.set(key, separator);
    }
    const struct = new Uint8Array(32 * (fields.length + 1));
    struct.set(typeHash, 0);
    const values = message as Record<string, unknown>;
    fields.forEach((f, i) => struct.set(encoders[i]!(values[f.name], f.name), 32 * (i + 1)));
    const out = new Uint8Array(66);
    out[0] = 0x19;
    out[1] = 0x01;
    out.set(separator, 2);
    out.set(keccak256(struct, "bytes"), 34);
    return keccak256(out, "bytes");
  };
}
