import { createDecipheriv, pbkdf2Sync, scryptSync } from "node:crypto";
import { bytesToHex, concat, hexToBytes, keccak256, padHex, type Hex } from "viem";
import { z } from "zod";
import { ConfigError } from "../errors.js";
import { lowerHex } from "../protocol/codecs.js";

// Keystores write hex without 0x, in either case: decoded once to lower-case `Hex`.
const HexBytes = lowerHex(z.string().regex(/^(0x)?[0-9a-fA-F]+$/).transform((s) => `0x${s.replace(/^0x/, "")}`));
const Keystore = z.object({
  version: z.literal(3),
  crypto: z.object({
    cipher: z.literal("aes-128-ctr"),
    ciphertext: HexBytes,
    cipherparams: z.object({ iv: HexBytes }),
    kdf: z.enum(["scrypt", "pbkdf2"]),
    kdfparams: z.object({
      dklen: z.number().int().min(32),
      salt: HexBytes,
      n: z.number().int().positive().optional(),
      r: z.number().int().positive().optional(),
      p: z.number().int().positive().optional(),
      c: z.number().int().positive().optional(),
      prf: z.literal("hmac-sha256").optional(),
    }),
    mac: HexBytes,
  }),
});

/**
 * Decrypts an Ethereum v3 keystore (Web3 Secret Storage: scrypt or pbkdf2-sha256, aes-128-ctr,
 * keccak256 MAC). A wrong password is a ConfigError (`KEYSTORE_PASSWORD` does not open it).
 *
 * @example const key = decryptKeystore(JSON.parse(text), password);
 */
export function decryptKeystore(json: unknown, password: string): Hex {
  const parsed = Keystore.safeParse(json);
  if (!parsed.success) throw new ConfigError("KEYSTORE_FILE is not a v3 keystore (aes-128-ctr, scrypt or pbkdf2)");
  const { crypto: c } = parsed.data;
  const k = c.kdfparams;
  const salt = hexToBytes(k.salt);
  const derived = c.kdf === "scrypt" ? scrypt(password, salt, k.dklen, { N: k.n ?? 262_144, r: k.r ?? 8, p: k.p ?? 1 }) : pbkdf2Sync(password, salt, k.c ?? 262_144, k.dklen, "sha256");
  const cipher = hexToBytes(c.ciphertext);
  const mac = keccak256(concat([bytesToHex(derived.subarray(16, 32)), bytesToHex(cipher)]));
  if (mac !== c.mac) throw new ConfigError("KEYSTORE_PASSWORD does not open KEYSTORE_FILE (MAC mismatch)");
  const decipher = createDecipheriv("aes-128-ctr", derived.subarray(0, 16), hexToBytes(c.cipherparams.iv));
  const key = Buffer.concat([decipher.update(cipher), decipher.final()]);
  // Early geth wrote keys with their leading zero bytes dropped (its 31- and 30-byte test vectors): pad them back.
  if (key.length === 0 || key.length > 32) throw new ConfigError("KEYSTORE_FILE holds no 32-byte key", { bytes: key.length });
  return padHex(bytesToHex(key), { size: 32 });
}

/**
 * scrypt through OpenSSL, which enforces RFC 7914's N < 2^(16·r): the Web3 Secret Storage
 * page's own r = 1, N = 2^18 example is outside it, so such a file is a ConfigError naming the
 * parameters (re-encrypt it with r = 8, as geth, ethers and MetaMask write) instead of a bare RangeError.
 */
function scrypt(password: string, salt: Uint8Array, dklen: number, o: { N: number; r: number; p: number }): Buffer {
  const powerOfTwo = o.N > 1 && Number.isInteger(Math.log2(o.N));
  if (!powerOfTwo || (16 * o.r < 53 && o.N >= 2 ** (16 * o.r)) || o.r * o.p >= 2 ** 30)
    throw new ConfigError(`KEYSTORE_FILE's scrypt parameters n=${o.N}, r=${o.r}, p=${o.p} are outside RFC 7914 (n a power of 2 below 2^(16·r)); re-encrypt it with r=8`, { ...o });
  try {
    return scryptSync(password, salt, dklen, { ...o, maxmem: 256 * o.N * o.r + 128 * o.r * o.p + 64 * 1024 * 1024 });
  } catch (cause) {
    throw new ConfigError(`KEYSTORE_FILE's scrypt parameters n=${o.N}, r=${o.r}, p=${o.p} cannot run here: ${(cause as Error).message}`, { ...o });
  }
}
