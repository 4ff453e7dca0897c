import { keccak256, toBytes } from "viem";
import type { Hex } from "viem";

/**
 * A canonical JSON text: object keys sorted by UTF-16 code units, no whitespace, numbers as
 * JSON.stringify writes them (the same rules as RFC 8785 JCS for the values cards hold:
 * strings, booleans, null, safe integers and short decimals). Two parties that hold the same
 * value get the same bytes, which is what a signature over a card needs.
 *
 * @example canonicalJson({ b: 1, a: [true, "x"] }) // '{"a":[true,"x"],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError("canonicalJson: non-finite number");
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  throw new TypeError(`canonicalJson: cannot encode a ${typeof value}`);
}

/** keccak256 of the UTF-8 bytes of {@link canonicalJson}. */
export function canonicalHash(value: unknown): Hex {
  return keccak256(toBytes(canonicalJson(value)));
}
