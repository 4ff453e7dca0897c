import { getAddress, type Address, type Hex } from "viem";
import { z } from "zod";
import { AddressString, Bytes32 } from "./task.js";

/**
 * zod codecs that normalise ids, hashes and addresses once, where data enters: parsing
 * (`decode`) gives the one in-memory form, `encode` gives the wire form back. Code behind the
 * edge compares values with `===` and needs no casts.
 */

/** A bytes32 (task id, hash, root) in lower case. */
export const Hash32 = z.codec(Bytes32, z.custom<Hex>((v) => typeof v === "string"), {
  decode: (s) => s.toLowerCase() as Hex,
  encode: (h) => h,
});

/** An address, checksummed (EIP-55). */
export const ChecksumAddress = z.codec(AddressString, z.custom<Address>((v) => typeof v === "string"), {
  decode: (s) => getAddress(s),
  encode: (a) => a,
});

/** 0x-prefixed hex of whole bytes, in lower case; 64 KiB is far above any EOA, ERC-1271 or ERC-6492 signature. */
export const HexBytes = z.codec(
  z
    .string()
    .regex(/^0x([0-9a-fA-F]{2})*$/, "expected 0x-prefixed hex bytes")
    .max(2 + 2 * 65_536),
  z.custom<Hex>((v) => typeof v === "string"),
  { decode: (s) => s.toLowerCase() as Hex, encode: (h) => h },
);

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
