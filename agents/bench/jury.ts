import { seededRandom } from "../random.js";
import { sig } from "./stats.js";

export interface JurySection {
  disputes: number;
  /** How the simulated jurors err (the bench's assumptions, printed with the figures). */
  jurors: { pool: number; biasSdBps: number; noiseSdBps: [number, number] };
  single: { meanAbsErrorBps: number };
  panels: { size: number; meanAbsErrorBps: number }[];
  /** 1 − panel-of-5 error / single error (goal ≥ 0.4). */
  panel5Reduction: number;
}

/**
 * The median rule of JuryArbiter: the middle vote, or for an even count the mean of the two middle
 * votes rounded down (contracts/libraries/Median.sol).
 *
 * @example
 * juryMedian([9_000, 1_000, 4_000]); // 4000
 */
export function juryMedian(votes: readonly number[]): number {
  const s = [...votes].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : Math.floor((s[mid - 1]! + s[mid]!) / 2);
}

/**
 * The jury section: `disputes` simulated disputes, each with a known true split (uniform in
 * 0..10_000 bps). A pool of jurors each has a hidden, persistent bias (normal, sd `biasSd`) and a
 * hidden noise level (uniform in `noiseSd`); a vote is truth + bias + noise, clamped to
 * 0..10_000 and rounded. A single arbiter is one juror drawn from the pool; a panel is `size`
 * distinct jurors and rules their median, as JuryArbiter does. Errors are independent across
 * jurors; correlated errors (jurors who share a model) would shrink the panel's advantage.
 *
 * @example
 * const jury = benchJury({ disputes: 1_000 });
 */
export function benchJury(o: { disputes?: number; pool?: number; sizes?: number[]; seed?: number; biasSd?: number; noiseSd?: [number, number] } = {}): JurySection {
  const disputes = o.disputes ?? 1_000;
  const pool = o.pool ?? 60;
  const sizes = o.sizes ?? [3, 5, 9];
  const biasSd = o.biasSd ?? 1_200;
  const noiseSd = o.noiseSd ?? [400, 2_000];
  const rand = seededRandom(o.seed ?? 1);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const jurors = Array.from({ length: pool }, () => ({ bias: normal() * biasSd, noise: noiseSd[0] + rand() * (noiseSd[1] - noiseSd[0]) }));
  const vote = (j: number, truth: number) => {
    const v = Math.round(truth + jurors[j]!.bias + normal() * jurors[j]!.noise);
    return Math.min(10_000, Math.max(0, v));
  };
  const draw = (k: number): number[] => {
    const idx = Array.from({ length: pool }, (_, i) => i);
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(rand() * (pool - i));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    return idx.slice(0, k);
  };
  let single = 0;
  const panelErr = sizes.map(() => 0);
  for (let d = 0; d < disputes; d++) {
    const truth = Math.floor(rand() * 10_001);
    single += Math.abs(vote(draw(1)[0]!, truth) - truth);
    sizes.forEach((k, i) => {
      panelErr[i]! += Math.abs(juryMedian(draw(k).map((j) => vote(j, truth))) - truth);
    });
  }
  const singleMae = single / disputes;
  const panels = sizes.map((size, i) => ({ size, meanAbsErrorBps: sig(panelErr[i]! / disputes, 4) }));
  const five = panels.find((p) => p.size === 5);
  return {
    disputes,
    jurors: { pool, biasSdBps: biasSd, noiseSdBps: noiseSd },
    single: { meanAbsErrorBps: sig(singleMae, 4) },
    panels,
    panel5Reduction: five ? sig(1 - five.meanAbsErrorBps / singleMae, 3) : 0,
  };
}
