import { privateKeyToAccount } from "viem/accounts";
import { hashTypedData, hexToBytes, toHex } from "viem";
import { secp256k1 } from "@noble/curves/secp256k1";
import { reviewTypedData } from "./agents/protocol/eip712.ts";
const acct = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
const escrow = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const N = 300;
const items: any[] = [];
for (let i = 0; i < N; i++) {
  const fields = { taskId: toHex(i, { size: 32 }), reviewer: acct.address, subject: escrow, rating: 5, commentHash: toHex(i + 7, { size: 32 }), timestamp: 1700000000n + BigInt(i) };
  const sig = await acct.signTypedData(reviewTypedData(31337, escrow, fields));
  items.push({ fields, sig, h: hashTypedData(reviewTypedData(31337, escrow, fields)) });
}
const Point = secp256k1.ProjectivePoint;
const n = secp256k1.CURVE.n;
const mod = (a: bigint) => ((a % n) + n) % n;
function inv(a: bigint) { let [t, nt, r, nr] = [0n, 1n, n, mod(a)]; while (nr) { const q = r / nr; [t, nt] = [nt, t - q * nt]; [r, nr] = [nr, r - q * nr]; } return mod(t); }
for (const W of [Number(process.argv[2])]) {
  const P = Point.fromHex(acct.publicKey.slice(2));
  let t = performance.now();
  if (W > 0) secp256k1.utils.precompute(W, P);
  const pre = performance.now() - t;
  t = performance.now();
  let ok = 0;
  for (const it of items) {
    const b = hexToBytes(it.sig);
    const sig = secp256k1.Signature.fromCompact(b.subarray(0, 64));
    const bit = b[64]! - 27;
    const h = BigInt(it.h);
    const si = inv(sig.s);
    const u1 = mod(h * si); const R = (u1 === 0n ? Point.ZERO : Point.BASE.multiply(u1)).add(P.multiply(mod(sig.r * si)));
    const a = R!.toAffine();
    if (a.x === sig.r && Number(a.y & 1n) === bit) ok++;
  }
  console.log("W", W, "precompute ms", pre.toFixed(1), "verify ms/op", ((performance.now() - t) / N).toFixed(3), ok);
}
