import { describe, it } from "mocha";
import { expect } from "chai";
import fc from "fast-check";
import { keccak256, type Hex } from "viem";
import { LEAF_BYTES } from "../../agents/indexer/merkle/encode.js";
import { createKeccak256, fixedSharedMemory, instantiateKeccak } from "../../agents/indexer/merkle/keccak.js";

const k = instantiateKeccak(fixedSharedMemory(4 * 1024 * 1024));
const mem = new Uint8Array(k.memory.buffer);
const hexAt = (at: number): Hex => `0x${Buffer.from(mem.subarray(at, at + 32)).toString("hex")}`;
// Edges of keccak256's 136-byte rate and of the leaf encoding's length.
const EDGE_LENGTHS = [0, 1, 7, 8, 31, 32, 33, 63, 64, 65, 127, 128, 135, 136, 137, 271, 272, 273, 287, 288, 289, 407, 408, 409, 1000];

describe("keccak WASM module", () => {
  it("hash equals viem's keccak256 at every edge length around the 136-byte rate", () => {
    for (const len of EDGE_LENGTHS) {
      const msg = Uint8Array.from({ length: len }, (_, i) => (i * 131 + len) & 0xff);
      mem.set(msg, 4096);
      k.hash(4096, len, 512, 0);
      expect(hexAt(512), `length ${len}`).to.equal(keccak256(msg));
    }
  });

  it("hash equals viem's keccak256 on random messages at random offsets (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 700 }), fc.nat(64), (msg, offset) => {
        mem.fill(0xa5, 0, 8192); // leftovers in the scratch or around the message must not matter
        mem.set(msg, 2048 + offset);
        k.hash(2048 + offset, msg.length, 1024, 0);
        return hexAt(1024) === keccak256(msg);
      }),
      { numRuns: 300 },
    );
  });

  it("leaves hashes a batch of encoded leaves as keccak256(keccak256(leaf)) (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: LEAF_BYTES, maxLength: LEAF_BYTES }), { minLength: 1, maxLength: 40 }), (leaves) => {
        const src = 8192;
        const dst = src + leaves.length * LEAF_BYTES + 8;
        leaves.forEach((l, i) => mem.set(l, src + i * LEAF_BYTES));
        k.leaves(src, leaves.length, dst);
        return leaves.every((l, i) => hexAt(dst + 32 * i) === keccak256(keccak256(l, "bytes")));
      }),
      { numRuns: 100 },
    );
  });

  it("nodes hashes each pair in ascending byte order, equal and nearly equal children included", () => {
    const rand = fc.uint8Array({ minLength: 32, maxLength: 32 });
    fc.assert(
      fc.property(fc.array(fc.tuple(rand, rand, fc.constantFrom("random", "equal", "last byte", "swapped")), { minLength: 1, maxLength: 20 }), (pairs) => {
        // A flat tree whose nodes 0..m-1 are internal and whose bottom level holds the pairs.
        const m = pairs.length;
        const base = 65536;
        pairs.forEach(([a, b, how], p) => {
          const right = how === "equal" ? a : how === "last byte" ? Uint8Array.from(a, (x, j) => (j === 31 ? x ^ 1 : x)) : b;
          const [l, r] = how === "swapped" ? [right, a] : [a, right];
          mem.set(l, base + (2 * (m - 1 + p) + 1) * 32);
          mem.set(r, base + (2 * (m - 1 + p) + 2) * 32);
        });
        k.nodes(base, 2 * m - 2, m - 1);
        return pairs.every((_, p) => {
          const i = m - 1 + p;
          const l = mem.slice(base + (2 * i + 1) * 32, base + (2 * i + 2) * 32);
          const r = mem.slice(base + (2 * i + 2) * 32, base + (2 * i + 3) * 32);
          const ordered = Buffer.compare(l, r) <= 0 ? [l, r] : [r, l];
          return hexAt(base + i * 32) === keccak256(new Uint8Array([...ordered[0]!, ...ordered[1]!]));
        });
      }),
      { numRuns: 100 },
    );
  });

  it("createKeccak256().hashInto copies in and out, also when the output overwrites the input", async () => {
    const h = await createKeccak256();
    for (const len of EDGE_LENGTHS) {
      const buf = Uint8Array.from({ length: len + 40 }, (_, i) => (i * 7) & 0xff);
      const expected = keccak256(buf.subarray(3, 3 + len));
      h.hashInto(buf, 3, len, buf, 3);
      expect(`0x${Buffer.from(buf.subarray(3, 35)).toString("hex")}`, `length ${len}`).to.equal(expected);
    }
  });
});
