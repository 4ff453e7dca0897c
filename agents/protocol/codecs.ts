import { getAddress, type Address, type Hex } from "viem";
import { z } from "zod";

/**
 * zod codecs that normalise ids, hashes and addresses once, where data enters: parsing
 * (`decode`) gives the one in-memory form, `encode` gives the wire form back. Code behind the
 * edge compares values with `===` and needs no casts.
 */

/**
 * A string matching `pattern` (which must start with `^0x`), typed as viem's `Hex`; the type
 * refinement has no runtime effect, and JSON Schema sees the plain pattern.
 */
export const hexString = (pattern: RegExp, message: string) => z.string().regex(pattern, message).refine((s): s is Hex => typeof s === "string");

/** 0x-prefixed 32-byte hex, any case (typed `Hex`): the wire form {@link Hash32} decodes. */
export const Bytes32 = hexString(/^0x[0-9a-fA-F]{64}$/, "expected 0x-prefixed 32-byte hex");
/** A 0x-prefixed 32-byte private key (typed `Hex`), as configuration gives it; error messages never echo it. */
export const PrivateKey = hexString(/^0x[0-9a-fA-F]{64}$/, "expected a 0x-prefixed 32-byte private key");
/** 0x-prefixed 20-byte address, any case (typed `0x${string}`): the wire form {@link ChecksumAddress} decodes. */
export const AddressString = hexString(/^0x[0-9a-fA-F]{40}$/, "expected 0x-prefixed 20-byte address");

/**
 * A codec from a hex wire schema to the same hex in lower case (typed `Hex`): the one place hex
 * is lower-cased, used by {@link Hash32}, {@link HexBytes}, {@link Signature65} and by edges
 * that want their own wire message (an MCP tool's task id).
 */
export const lowerHex = (wire: z.ZodType<string, string>) =>
  z.codec(wire, z.custom<Hex>((v) => typeof v === "string"), { decode: (s) => s.toLowerCase() as Hex, encode: (h) => h });

/** A bytes32 (task id, hash, root) in lower case. */
export const Hash32 = lowerHex(Bytes32);

/**
 * A task id or hash handed in by code rather than parsed (an API method's argument), put in the
 * form {@link Hash32} decodes to. Everything parsed from outside is already in that form.
 */
export function toHash32(id: string): Hex {
  return id.toLowerCase() as Hex;
}

/**
 * A codec from an address wire schema to the address checksummed (EIP-55, typed `Address`), used
 * by {@link ChecksumAddress} and by edges that want their own wire message (an MCP tool's argument).
 */
export const checksummed = (wire: z.ZodType<string, string>) =>
  z.codec(wire, z.custom<Address>((v) => typeof v === "string"), { decode: (s) => getAddress(s), encode: (a) => a });

/** An address, checksummed (EIP-55). */
export const ChecksumAddress = checksummed(AddressString);

/** 0x-prefixed hex of whole bytes, in lower case; 64 KiB is far above any EOA, ERC-1271 or ERC-6492 signature. */
export const HexBytes = lowerHex(
  z
    .string()
    .regex(/^0x([0-9a-fA-F]{2})*$/, "expected 0x-prefixed hex bytes")
    .max(2 + 2 * 65_536),
);

/** A 65-byte ECDSA signature (r, s, v) in lower case. */
export const Signature65 = lowerHex(z.string().regex(/^0x[0-9a-fA-F]{130}$/, "expected a 65-byte hex signature"));

/** A uint64 (unix seconds, an epoch): a decimal string or a safe integer on the wire, a bigint inside. */
export const Uint64 = z.codec(
  z.union([
    z.string().regex(/^[0-9]{1,20}$/, "expected a decimal integer string"),
    z.number().int().nonnegative(),
    z.bigint().nonnegative(),
  ]),
  z.bigint().lt(2n ** 64n, "value does not fit uint64"),
  { decode: (v) => BigInt(v), encode: (b) => b.toString() },
);

/**
 * The key of an address handed in by code in any case (a map of peers, a replay guard): its
 * lower-case hex, so "0xAbC…" and "0xabc…" find the same entry without the cost of a checksum.
 *
 * @example
 * peers.set(addressKey(to), endpoint);
 */
export function addressKey(address: string): string {
  return address.toLowerCase();
}
