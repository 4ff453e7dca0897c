// Worker thread of pacedLoad.ts: sends GET requests at an even pace (request i is due at
// start + i / rate) and measures each latency from when it was due, not from when it was
// sent, so a stalled server cannot hide its queue (the wrk2 way of avoiding coordinated omission).
import http from "node:http";
import { parentPort, workerData } from "node:worker_threads";

const { url, paths, rate, seconds } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const total = Math.round(rate * seconds);
const latencies = new Float64Array(total);
let done = 0;
let non2xx = 0;
let errors = 0;
const start = performance.now() + 20;

function fire(i) {
  const due = start + (i * 1000) / rate;
  const req = http.get(url + paths[i % paths.length], { agent }, (res) => {
    res.resume();
    res.on("end", () => {
      latencies[i] = performance.now() - due;
      if (res.statusCode < 200 || res.statusCode >= 300) non2xx++;
      if (++done === total) finish();
    });
  });
  req.on("error", () => {
    latencies[i] = performance.now() - due;
    errors++;
    if (++done === total) finish();
  });
}

function finish() {
  agent.destroy();
  parentPort.postMessage({ latencies, non2xx, errors, elapsedMs: performance.now() - start });
}

let next = 0;
(function tick() {
  const now = performance.now();
  while (next < total && start + (next * 1000) / rate <= now) fire(next++);
  if (next < total) setTimeout(tick, Math.max(0, start + (next * 1000) / rate - performance.now()));
})();
