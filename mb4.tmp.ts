import { privateKeyToAccount } from "viem/accounts";
import { hashTypedData, hexToBytes, toHex, recoverTypedDataAddress } from "viem";
import { secp256k1 } from "@noble/curves/secp256k1";
import { reviewTypedData } from "./agents/protocol/eip712.ts";
const acct = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
const escrow = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const N = 200;
const items: any[] = [];
for (let i = 0; i < N; i++) {
  const fields = { taskId: toHex(i, { size: 32 }), reviewer: acct.address, subject: escrow, rating: 5, commentHash: toHex(i + 7, { size: 32 }), timestamp: 1700000000n + BigInt(i) };
  const sig = await acct.signTypedData(reviewTypedData(31337, escrow, fields));
  items.push({ fields, sig, h: hashTypedData(reviewTypedData(31337, escrow, fields)) });
}
const Point = secp256k1.ProjectivePoint;
const { n, endo } = secp256k1.CURVE as any;
const mod = (a: bigint) => ((a % n) + n) % n;
function inv(a: bigint) { let [t, nt, r, nr] = [0n, 1n, n, mod(a)]; while (nr) { const q = r / nr; [t, nt] = [nt, t - q * nt]; [r, nr] = [nr, r - q * nr]; } return mod(t); }
const P = Point.fromHex(acct.publicKey.slice(2));
secp256k1.utils.precompute(8, P);
const Pl = new Point(secp256k1.CURVE.Fp.mul(P.px, endo.beta), P.py, P.pz);
secp256k1.utils.precompute(8, Pl);
function check(it: any, unsafe: boolean) {
  const b = hexToBytes(it.sig);
  const sig = secp256k1.Signature.fromCompact(b.subarray(0, 64));
  const bit = b[64]! - 27;
  const si = inv(sig.s);
  const u1 = mod(BigInt(it.h) * si), u2 = mod(sig.r * si);
  let Q;
  if (!unsafe) Q = P.multiply(u2);
  else {
    const { k1neg, k1, k2neg, k2 } = endo.splitScalar(u2);
    let a = P.multiplyUnsafe(k1); if (k1neg) a = a.negate();
    let c = Pl.multiplyUnsafe(k2); if (k2neg) c = c.negate();
    Q = a.add(c);
  }
  const R = (u1 === 0n ? Point.ZERO : Point.BASE.multiply(u1)).add(Q).toAffine();
  return R.x === sig.r && Number(R.y & 1n) === bit;
}
const t = { viem: 0, safe: 0, unsafe: 0 };
let ok = 0;
for (let round = 0; round < 3; round++) for (const it of items) {
  let s = performance.now(); await recoverTypedDataAddress({ ...reviewTypedData(31337, escrow, it.fields), signature: it.sig }); t.viem += performance.now() - s;
  s = performance.now(); ok += +check(it, false); t.safe += performance.now() - s;
  s = performance.now(); ok += +check(it, true); t.unsafe += performance.now() - s;
}
console.log(ok, Object.fromEntries(Object.entries(t).map(([k, v]) => [k, (v / N / 3).toFixed(3)])));
