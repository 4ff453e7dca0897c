import { type FnBody, I64 } from "./emit.js";

// Keccak-f[1600] as WebAssembly code: the state in i64 locals and the 24 unrolled rounds, emitted into a function body.
// Keccak-f[1600] constants (FIPS 202): round constants and the rho offsets of lane x + 5y.
const RC = [
  0x0000000000000001n, 0x0000000000008082n, 0x800000000000808an, 0x8000000080008000n, 0x000000000000808bn,
  0x0000000080000001n, 0x8000000080008081n, 0x8000000000008009n, 0x000000000000008an, 0x0000000000000088n,
  0x0000000080008009n, 0x000000008000000an, 0x000000008000808bn, 0x800000000000008bn, 0x8000000000008089n,
  0x8000000000008003n, 0x8000000000008002n, 0x8000000000000080n, 0x000000000000800an, 0x800000008000000an,
  0x8000000080008081n, 0x8000000000008080n, 0x0000000080000001n, 0x8000000080008008n,
];
const RHO = [0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14];

/** i64.xor, i64.and and i64.rotl opcodes. */
export const XOR = 0x85, AND = 0x83, ROTL = 0x89;

/** The 25 state lanes as i64 locals (a, with e as the other buffer of the rounds); TurboFan keeps what it can in registers. */
export interface State {
  a: number[];
  e: number[];
  b: number[];
  c: number[];
  d: number[];
}

export function newState(f: FnBody): State {
  const l = () => f.local(I64);
  const n = (k: number) => Array.from({ length: k }, l);
  return { a: n(25), e: n(25), b: n(5), c: n(5), d: n(5) };
}

// Lane complementing (the Keccak team's trick): these lanes are kept inverted during the rounds,
// chosen (by search) so that chi needs a NOT for only 7 of its 25 lanes a round instead of all 25.
const COMPLEMENTED = [1, 2, 6, 11, 17, 22];
const INVERTED = Array.from({ length: 25 }, (_, i) => COMPLEMENTED.includes(i));

function invert(f: FnBody, lanes: number[]): void {
  for (const i of COMPLEMENTED) f.get(lanes[i]!).i64(-1n).op(XOR).set(lanes[i]!);
}

/**
 * chi for one lane from b0, b1, b2 of which `inverted` say which are held inverted: pushes
 * b0 ^ (~b1 & b2), itself inverted when `invertOut`. ~b1 & b2 = T and b1 | ~b2 = ~T come free
 * when exactly one input is inverted the right way; otherwise one NOT.
 */
function chi(f: FnBody, b: number[], inverted: boolean[], X: number, invertOut: boolean): void {
  const [u, v] = [(X + 1) % 5, (X + 2) % 5];
  const [fu, fv] = [inverted[u]!, inverted[v]!];
  // b0 ^ W must be the output: W = T when b0 and the output agree on inversion, else ~T.
  const wantNotT = inverted[X] !== invertOut;
  f.get(b[X]!);
  if (fu && !fv) {
    f.get(b[u]!).get(b[v]!).op(AND); // = T
    if (wantNotT) f.i64(-1n).op(XOR);
  } else if (!fu && fv) {
    f.get(b[u]!).get(b[v]!).op(0x84); // OR: = ~T
    if (!wantNotT) f.i64(-1n).op(XOR);
  } else if (!fu) {
    // neither inverted: T = ~u & v, ~T = u | ~v
    if (wantNotT) f.get(b[u]!).get(b[v]!).i64(-1n).op(XOR).op(0x84);
    else f.get(b[u]!).i64(-1n).op(XOR).get(b[v]!).op(AND);
  } else {
    // both inverted (u' = ~u, v' = ~v): T = u' & ~v', ~T = ~u' | v'
    if (wantNotT) f.get(b[u]!).i64(-1n).op(XOR).get(b[v]!).op(0x84);
    else f.get(b[u]!).get(b[v]!).i64(-1n).op(XOR).op(AND);
  }
  f.op(XOR);
}

/**
 * 24 rounds, fully unrolled, plane by plane: each output plane of chi needs only the five lanes
 * rho-pi sends to it, so few values are live at once (fewer spills than lane-by-lane steps).
 * Rounds alternate between the a and e locals; 24 is even, so the result ends in a.
 */
export function permute(f: FnBody, s: State): void {
  const { b, c, d } = s;
  // Which column sums, D values and B lanes come out inverted follows from the inverted lanes.
  const colInv = [0, 1, 2, 3, 4].map((x) => [0, 5, 10, 15, 20].filter((k) => INVERTED[x + k]).length % 2 === 1);
  const dInv = [0, 1, 2, 3, 4].map((x) => colInv[(x + 4) % 5] !== colInv[(x + 1) % 5]);
  invert(f, s.a);
  for (let r = 0; r < 24; r++) {
    const [a, e] = r % 2 === 0 ? [s.a, s.e] : [s.e, s.a];
    for (let x = 0; x < 5; x++) {
      f.get(a[x]!).get(a[x + 5]!).op(XOR).get(a[x + 10]!).op(XOR).get(a[x + 15]!).op(XOR).get(a[x + 20]!).op(XOR).set(c[x]!);
    }
    for (let x = 0; x < 5; x++) f.get(c[(x + 4) % 5]!).get(c[(x + 1) % 5]!).i64(1n).op(ROTL).op(XOR).set(d[x]!);
    for (let Y = 0; Y < 5; Y++) {
      // B[X, Y] = rotl(A[x, y] ^ D[x], rho[x, y]) with X = y, Y = 2x + 3y (mod 5): x = 3(Y - 3X) mod 5.
      const bInv: boolean[] = [];
      for (let X = 0; X < 5; X++) {
        const y = X;
        const x = (((3 * (Y - 3 * X)) % 5) + 5) % 5;
        const i = x + 5 * y;
        f.get(a[i]!).get(d[x]!).op(XOR);
        if (RHO[i] !== 0) f.i64(BigInt(RHO[i]!)).op(ROTL);
        f.set(b[X]!);
        bInv[X] = INVERTED[i] !== dInv[x];
      }
      for (let X = 0; X < 5; X++) {
        // chi: E = B ^ (~B[X+1] & B[X+2]), held inverted where the lane is; iota on lane 0
        chi(f, b, bInv, X, INVERTED[X + 5 * Y]!);
        if (X === 0 && Y === 0) f.i64(RC[r]!).op(XOR);
        f.set(e[X + 5 * Y]!);
      }
    }
  }
  invert(f, s.a);
}
