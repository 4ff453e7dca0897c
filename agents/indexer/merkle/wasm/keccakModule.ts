import { LEAF_BYTES } from "../encode.js";
import { emitModule, type FnBody, I32 } from "./emit.js";
import { newState, permute, type State, XOR } from "./permutation.js";

/** keccak256's rate: 136 bytes, 17 lanes. */
export const RATE = 136;
const PAD_LAST = 0x8000000000000000n;

const setLane = (f: FnBody, s: State, i: number, v: bigint) => f.i64(v).set(s.a[i]!);
/** a[i] (^)= mem[ptr + offset + 8k] for k in [0, lanes). */
function absorb(f: FnBody, s: State, ptr: number, offset: number, lanes: number, first = 0, xor = true): void {
  for (let k = 0; k < lanes; k++) {
    if (xor) f.get(s.a[first + k]!);
    f.get(ptr).load64(offset + 8 * k);
    if (xor) f.op(XOR);
    f.set(s.a[first + k]!);
  }
}
function squeeze(f: FnBody, s: State, ptr: number, offset = 0): void {
  for (let k = 0; k < 4; k++) f.get(ptr).get(s.a[k]!).store64(offset + 8 * k);
}
/** Loads `lanes` lanes from ptr into a[0..lanes), zeroes the rest and applies keccak padding after `len` bytes. */
function loadPadded(f: FnBody, s: State, parts: { ptr: number; lanes: number }[], lenBytes: number): void {
  let at = 0;
  for (const p of parts) {
    absorb(f, s, p.ptr, 0, p.lanes, at, false);
    at += p.lanes;
  }
  for (let i = at; i < 25; i++) setLane(f, s, i, 0n);
  f.get(s.a[lenBytes / 8]!).i64(1n).op(XOR).set(s.a[lenBytes / 8]!);
  f.get(s.a[16]!).i64(PAD_LAST).op(XOR).set(s.a[16]!);
}

/** `for (; i != end; i += step)` around `body`, i and end being i32 locals. */
function loop(f: FnBody, i: number, end: number, step: number, body: () => void): void {
  f.op(0x02, 0x40).get(i).get(end).op(0x46, 0x0d, 0); // block; br_if (i == end) out
  f.op(0x03, 0x40);
  body();
  f.get(i).i32(step).op(0x6a).set(i);
  f.get(i).get(end).op(0x47, 0x0d, 0); // br_if (i != end) loop
  f.op(0x0b, 0x0b);
}

/**
 * The leaf hashes: `count` abi-encoded leaves of `leafBytes` bytes (a multiple of 8) at src →
 * keccak256(keccak256(leaf)), 32 bytes each at dst.
 */
function leaves(leafBytes: number): (f: FnBody) => void {
  const fullBlocks = Math.floor(leafBytes / RATE);
  const tailLanes = (leafBytes % RATE) / 8;
  return (f) => {
    const [src, count, dst] = [0, 1, 2];
    const s = newState(f);
    const end = f.local(I32);
    f.get(src).get(count).i32(leafBytes).op(0x6c, 0x6a).set(end);
    loop(f, src, end, leafBytes, () => {
      if (fullBlocks === 0) for (let i = 0; i < 25; i++) setLane(f, s, i, 0n);
      for (let blk = 0; blk < fullBlocks; blk++) {
        absorb(f, s, src, blk * RATE, 17, 0, blk > 0);
        if (blk === 0) for (let i = 17; i < 25; i++) setLane(f, s, i, 0n);
        permute(f, s);
      }
      absorb(f, s, src, fullBlocks * RATE, tailLanes);
      f.get(s.a[tailLanes]!).i64(1n).op(XOR).set(s.a[tailLanes]!);
      f.get(s.a[16]!).i64(PAD_LAST).op(XOR).set(s.a[16]!);
      permute(f, s);
      for (let i = 5; i < 25; i++) setLane(f, s, i, i === 16 ? PAD_LAST : 0n);
      setLane(f, s, 4, 1n);
      permute(f, s);
      squeeze(f, s, dst);
      f.get(dst).i32(32).op(0x6a).set(dst);
    });
  };
}

/**
 * Internal nodes hi down to lo of the flat tree at `base` (node i's children are 2i+1, 2i+2):
 * keccak256 of the two children in ascending byte order (OpenZeppelin's commutative hashPair).
 */
function nodes(f: FnBody): void {
  const [base, hi, lo] = [0, 1, 2];
  const s = newState(f);
  const [left, right, j, x, y, out, stop] = [f.local(I32), f.local(I32), f.local(I32), f.local(I32), f.local(I32), f.local(I32), f.local(I32)];
  // out walks from node hi down to node lo - 1 (exclusive), 32 bytes at a time.
  f.get(base).get(hi).i32(32).op(0x6c, 0x6a).set(out);
  f.get(base).get(lo).i32(32).op(0x6c, 0x6a).i32(32).op(0x6b).set(stop);
  loop(f, out, stop, -32, () => {
    // left = base + (2i+1)*32 = 2*out - base + 32
    f.get(out).i32(1).op(0x74).get(base).op(0x6b).i32(32).op(0x6a).set(left);
    f.get(left).i32(32).op(0x6a).set(right);
    // first differing byte decides the order; equal children hash as they lie
    f.i32(0).set(j);
    f.op(0x02, 0x40, 0x03, 0x40);
    f.get(left).get(j).op(0x6a).load8(0).set(x);
    f.get(right).get(j).op(0x6a).load8(0).set(y);
    f.get(x).get(y).op(0x47, 0x0d, 1); // differ: out of the block
    f.get(j).i32(1).op(0x6a).set(j);
    f.get(j).i32(32).op(0x49, 0x0d, 0); // j < 32: next byte
    f.op(0x0b, 0x0b);
    // y < x: right child first. swap = (y < x)
    f.op(0x02, 0x40).get(y).get(x).op(0x4f, 0x0d, 0); // y >= x: keep
    f.get(left).set(j).get(right).set(left).get(j).set(right);
    f.op(0x0b);
    loadPadded(f, s, [{ ptr: left, lanes: 4 }, { ptr: right, lanes: 4 }], 64);
    permute(f, s);
    squeeze(f, s, out);
  });
}

/** Plain keccak256 of any length (Ethereum's padding): len bytes at src → 32 bytes at dst; scratch: 136 free bytes. */
function hash(f: FnBody): void {
  const [src, len, dst, scratch] = [0, 1, 2, 3];
  const s = newState(f);
  for (let i = 0; i < 25; i++) setLane(f, s, i, 0n);
  f.op(0x02, 0x40, 0x03, 0x40);
  f.get(len).i32(RATE).op(0x49, 0x0d, 1); // len < RATE: to the last block
  absorb(f, s, src, 0, 17);
  permute(f, s);
  f.get(src).i32(RATE).op(0x6a).set(src);
  f.get(len).i32(RATE).op(0x6b).set(len);
  f.op(0x0c, 0, 0x0b, 0x0b);
  f.get(scratch).i32(0).i32(RATE).op(0xfc, 11, 0);
  f.get(scratch).get(src).get(len).op(0xfc, 10, 0, 0);
  f.get(scratch).get(len).op(0x6a).get(scratch).get(len).op(0x6a).load8(0).i32(1).op(0x73).store8(0);
  f.get(scratch).get(scratch).load8(RATE - 1).i32(0x80).op(0x72).store8(RATE - 1);
  absorb(f, s, scratch, 0, 17);
  permute(f, s);
  squeeze(f, s, dst);
}

let bytes: Uint8Array | undefined;
/**
 * The module's bytes: exports leaves(src, count, dst) for leaves of LEAF_BYTES, nodes(base, hi, lo)
 * and hash(src, len, dst, scratch).
 */
export function keccakModuleBytes(): Uint8Array {
  return (bytes ??= emitModule([
    { name: "leaves", params: [I32, I32, I32], write: leaves(LEAF_BYTES) },
    { name: "nodes", params: [I32, I32, I32], write: nodes },
    { name: "hash", params: [I32, I32, I32, I32], write: hash },
  ]));
}
