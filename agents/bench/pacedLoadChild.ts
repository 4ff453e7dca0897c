import { readFileSync } from "node:fs";
import { z } from "zod";
import { pacedLoad } from "./pacedLoad.js";

// Child process of benchProofsProduction: the load generator in a process of its own, so neither
// the chain nor the API processes share its event loop. Reads its plan from the JSON file named
// by its argument, sends an unreported warm-up, then the measured run on the same connections; its
// figures as one JSON line, with `cpuMs`: the CPU (user + system) this process spent on warm-up and measured run together.
const Plan = z.object({
  /** Full request URLs (round robin over the API processes), warm-up first. */
  warmup: z.array(z.string().url()),
  measured: z.array(z.string().url()).min(1),
  rate: z.number().positive(),
  warmupSeconds: z.number().nonnegative(),
  seconds: z.number().positive(),
});
const plan = Plan.parse(JSON.parse(readFileSync(process.argv[2]!, "utf8")));
const cpu0 = process.cpuUsage();
const warmup = { paths: plan.warmup, seconds: plan.warmupSeconds };
const figures = await pacedLoad({ url: "", paths: plan.measured, rate: plan.rate, seconds: plan.seconds, warmup });
const cpu = process.cpuUsage(cpu0);
process.stdout.write(`${JSON.stringify({ ...figures, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
