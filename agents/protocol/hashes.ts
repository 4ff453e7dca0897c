import { keccak256, stringToHex, type Hex } from "viem";
import type { TaskSpec } from "./task.js";

/**
 * JSON with object keys sorted at every level, so equal values always give equal bytes.
 *
 * @example
 * canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }); // '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * The `specHash` a worker signs: keccak256 of the spec's canonical JSON. Whoever holds the spec
 * can recompute it, so a bid commits to exactly the announced text.
 *
 * @example
 * const hash = specHash(spec); // 0x…32 bytes
 */
export function specHash(spec: TaskSpec): Hex {
  return keccak256(stringToHex(canonicalJson(spec)));
}

/**
 * The `resultHash` a worker submits on-chain: keccak256 of the UTF-8 output.
 *
 * @example
 * await escrow.submit({ ...bid, resultHash: resultHash(output) });
 */
export function resultHash(output: string): Hex {
  return keccak256(stringToHex(output));
}
