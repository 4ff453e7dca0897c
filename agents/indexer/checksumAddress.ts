import type { Address } from "viem";
import { fixedSharedMemory, instantiateKeccak, type KeccakWasm } from "./merkle/keccak.js";

// Memory layout: the digest at 0 (32 bytes), keccak's scratch at 64 (136 bytes), the 40 ASCII
// hex digits at 256, the checksummed digits written back at 512.
const DIGEST = 0;
const SCRATCH = 64;
const INPUT = 256;
const OUTPUT = 512;

let k: KeccakWasm | undefined;
let mem: Uint8Array | undefined;

/**
 * The EIP-55 checksummed form of a 0x-prefixed 20-byte hex address (any case), exactly what
 * viem's `getAddress` returns, with keccak256 from our WebAssembly module. GET /reviews/:id
 * answers three stored addresses per request and a large epoch holds far more distinct
 * addresses than viem's 8,192-entry cache, so most calls miss it and run viem's JavaScript
 * keccak (about ten times slower). The caller has validated the address (stored rows are).
 *
 * @example
 * checksumAddress("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"); // "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
 */
export function checksumAddress(address: string): Address {
  if (!k) {
    k = instantiateKeccak(fixedSharedMemory(1024));
    mem = new Uint8Array(k.memory.buffer);
  }
  const m = mem!;
  for (let i = 0; i < 40; i++) {
    const c = address.charCodeAt(2 + i);
    // ASCII upper-case letters A-F to lower case: the checksum hashes the lower-case digits.
    m[INPUT + i] = c >= 65 && c <= 70 ? c + 32 : c;
  }
  k.hash(INPUT, 40, DIGEST, SCRATCH);
  for (let i = 0; i < 40; i++) {
    const c = m[INPUT + i]!;
    const nibble = i & 1 ? m[DIGEST + (i >> 1)]! & 15 : m[DIGEST + (i >> 1)]! >> 4;
    m[OUTPUT + i] = nibble >= 8 && c >= 97 ? c - 32 : c;
  }
  return `0x${Buffer.from(m.buffer as ArrayBuffer, m.byteOffset + OUTPUT, 40).toString("latin1")}` as Address;
}
