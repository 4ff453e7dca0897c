// Worker thread of test/hardening/support/load.ts (kept outside test/, whose every file the test
// runner loads): POSTs pre-encoded JSON bodies at an even pace (body i is due at start + i / rate,
// round robin over `urls`) with node:http keep-alive agents, and measures each
// latency from when it was due, so a slow server cannot hide its queue. At most `maxInFlight`
// requests are open at once; a request held back by that limit still counts from its due time.
// Posts back latencies (ms), statuses (0 = no answer) and the client-side failures by code.
import http from "node:http";
import { parentPort, workerData } from "node:worker_threads";

const { urls, bodies, rate, maxInFlight } = workerData;
const targets = urls.map((u) => {
  const { hostname, port } = new URL(u);
  return { hostname, port: Number(port), agent: new http.Agent({ keepAlive: true, maxSockets: Math.ceil(maxInFlight / urls.length) + 1 }) };
});
const total = bodies.length;
const latencies = new Float64Array(total);
const statuses = new Int16Array(total);
const failures = {};
let done = 0;
let inFlight = 0;
let next = 0;
const cpuAtStart = process.cpuUsage();
const start = performance.now() + 20;

function finish(i, status) {
  latencies[i] = performance.now() - (start + (i * 1000) / rate);
  statuses[i] = status;
  inFlight--;
  if (++done === total) {
    for (const t of targets) t.agent.destroy();
    const cpu = process.cpuUsage(cpuAtStart);
    parentPort.postMessage({ latencies, statuses, failures, elapsedMs: performance.now() - start, cpuMs: (cpu.user + cpu.system) / 1000 });
  } else tick();
}

function fire(i) {
  inFlight++;
  const t = targets[i % targets.length];
  const body = Buffer.from(bodies[i]);
  const req = http.request(
    { hostname: t.hostname, port: t.port, path: "/reviews", method: "POST", agent: t.agent, headers: { "content-type": "application/json", "content-length": body.length } },
    (res) => {
      res.resume();
      res.on("end", () => finish(i, res.statusCode));
    },
  );
  req.on("error", (err) => {
    failures[err.code ?? err.name] = (failures[err.code ?? err.name] ?? 0) + 1;
    finish(i, 0);
  });
  req.end(body);
}

let timer;
function tick() {
  const now = performance.now();
  while (next < total && inFlight < maxInFlight && start + (next * 1000) / rate <= now) fire(next++);
  if (next < total && !timer && inFlight < maxInFlight) {
    timer = setTimeout(() => {
      timer = undefined;
      tick();
    }, Math.max(0, start + (next * 1000) / rate - performance.now()));
  }
}
tick();
