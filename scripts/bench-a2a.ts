// `npm run bench:a2a [-- --rounds N]`: the A2A section of `npm run bench` alone: p50/p99 of one
// signed A2A message round trip between two agent processes on loopback, and of an announcement
// fanned out to 5 worker processes with their signed bids back. Logic: agents/bench/a2aBench.ts.
import { loadavg } from "node:os";
import { benchA2A } from "../agents/bench/a2aBench.js";

const i = process.argv.indexOf("--rounds");
const rounds = i > 0 ? Number(process.argv[i + 1]) : 500;
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error("usage: npm run bench:a2a -- [--rounds N]");
  process.exit(2);
}
const command = `npm run bench:a2a${i > 0 ? ` -- --rounds ${rounds}` : ""}`;
const load0 = loadavg()[0]!.toFixed(2);
const r = await benchA2A({ rounds, command, log: (l) => console.error(l) });
console.log(JSON.stringify(r));
console.error(`${command}: round trip p50 ${r.roundTrip.p50Ms} ms, p99 ${r.roundTrip.p99Ms} ms (goal ≤ ${r.goalRoundTripP99Ms}); fan-out to 5 with bids back p50 ${r.fanOut5.p50Ms} ms, p99 ${r.fanOut5.p99Ms} ms; CPU per round trip ${r.cpu.roundTrip.totalMs} ms (manager ${r.cpu.roundTrip.managerMs}, worker ${r.cpu.roundTrip.workersMs}), per fan-out ${r.cpu.fanOut5.totalMs} ms; sign + check one envelope: viem ${r.envelopeCrypto.viemMs} ms, shared ${r.envelopeCrypto.sharedMs} ms; 1-min load average ${load0} → ${loadavg()[0]!.toFixed(2)}`);
process.exit(0);
