/**
 * A minimal WebAssembly binary writer: just what the keccak module needs (one imported memory,
 * i32/i64 functions, exports). No assembler is a dependency, and the module is small enough to be
 * generated at load time from readable TypeScript instead of being shipped as opaque bytes.
 */

export const I32 = 0x7f;
export const I64 = 0x7e;
export type ValType = typeof I32 | typeof I64;

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

export function sleb(v: bigint): number[] {
  const out: number[] = [];
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    const done = (v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
}

const name = (s: string): number[] => [...uleb(s.length), ...Buffer.from(s, "utf8")];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];

/** The body of one function: locals are allocated as the code is written; params come first. */
export class FnBody {
  readonly code: number[] = [];
  readonly #locals: ValType[] = [];
  readonly params: readonly ValType[];
  constructor(params: readonly ValType[]) {
    this.params = params;
  }
  local(type: ValType): number {
    this.#locals.push(type);
    return this.params.length + this.#locals.length - 1;
  }
  op(...bytes: number[]): this {
    for (const b of bytes) this.code.push(b);
    return this;
  }
  get(i: number): this {
    return this.op(0x20, ...uleb(i));
  }
  set(i: number): this {
    return this.op(0x21, ...uleb(i));
  }
  i32(v: number): this {
    return this.op(0x41, ...sleb(BigInt(v | 0)));
  }
  i64(v: bigint): this {
    return this.op(0x42, ...sleb(BigInt.asIntN(64, v)));
  }
  /** i64.load / i64.store with a constant byte offset from the address on the stack. */
  load64(offset: number): this {
    return this.op(0x29, 3, ...uleb(offset));
  }
  store64(offset: number): this {
    return this.op(0x37, 3, ...uleb(offset));
  }
  load8(offset: number): this {
    return this.op(0x2d, 0, ...uleb(offset));
  }
  store8(offset: number): this {
    return this.op(0x3a, 0, ...uleb(offset));
  }
  encode(): number[] {
    const groups: number[][] = this.#locals.map((t) => [1, t]);
    const body = [...vec(groups), ...this.code, 0x0b];
    return [...uleb(body.length), ...body];
  }
}

export interface FnDef {
  name: string;
  params: readonly ValType[];
  write: (b: FnBody) => void;
}

/** A module importing `env.memory` (shared, up to 4 GiB) and exporting `fns`, none returning values. */
export function emitModule(fns: readonly FnDef[]): Uint8Array {
  const types = vec(fns.map((f) => [0x60, ...uleb(f.params.length), ...f.params, 0]));
  const memLimits = [0x03, ...uleb(1), ...uleb(65536)];
  const imports = vec([[...name("env"), ...name("memory"), 0x02, ...memLimits]]);
  const funcs = vec(fns.map((_, i) => uleb(i)));
  const exports = vec(fns.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]));
  const bodies = fns.map((f) => {
    const b = new FnBody(f.params);
    f.write(b);
    return b.encode();
  });
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, types),
    ...section(2, imports),
    ...section(3, funcs),
    ...section(7, exports),
    ...section(10, vec(bodies)),
  ]);
}
