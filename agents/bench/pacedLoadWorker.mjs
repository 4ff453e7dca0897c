// Worker thread of pacedLoad.ts: sends GET requests at an even pace (request i is due at
// start + i / rate) and measures each latency from when it was due, not from when it was
// sent, so a stalled server cannot hide its queue (the wrk2 way of avoiding coordinated omission).
//
// HTTP/1.1 keep-alive straight on TCP sockets, one request in flight per connection (up to 64
// per server), as wrk does: node:http's client cost the generator about 0.17 ms of CPU per
// request, half of what the API processes it measures spent, on the same two cores.
//
// An unreported warm-up (`warmup`: its own paths and seconds) runs first on the same connections,
// as a load balancer keeps its connections to a backend: the measured run opens none it did not
// need, so it does not time the servers accepting fresh connections.
import net from "node:net";
import { parentPort, workerData } from "node:worker_threads";

const { url, paths, rate, seconds, warmup } = workerData;
const MAX_SOCKETS = 64;

/** One server's connections: idle ones, and requests waiting for one. */
const servers = new Map();
function serverOf(target) {
  const key = `${target.hostname}:${target.port || 80}`;
  let s = servers.get(key);
  if (!s) servers.set(key, (s = { host: target.hostname, port: Number(target.port || 80), idle: [], open: 0, waiting: [], all: new Set() }));
  return s;
}

function record(req, ok) {
  const p = req.phase;
  p.latencies[req.i] = performance.now() - req.due;
  if (ok === null) p.errors++;
  else if (!ok) p.non2xx++;
  if (++p.done === p.total) p.end();
}

function connect(s) {
  const sock = net.connect({ host: s.host, port: s.port, noDelay: true });
  const c = { sock, s, current: null, buf: Buffer.alloc(0), closeAfter: false, answered: 0 };
  s.open++;
  s.all.add(c);
  sock.on("data", (chunk) => {
    c.buf = c.buf.length ? Buffer.concat([c.buf, chunk]) : chunk;
    parse(c);
  });
  const lost = () => {
    if (!s.all.delete(c)) return;
    s.open--;
    const idleAt = s.idle.indexOf(c);
    if (idleAt >= 0) s.idle.splice(idleAt, 1);
    const req = c.current;
    c.current = null;
    // A kept-alive connection the server closed as this request went out (its idle timeout) gets
    // the request again on a new connection, as HTTP clients do with a GET; its latency still
    // counts from when it was due. A fresh connection that fails is an error.
    if (req && c.answered > 0 && c.buf.length === 0) send(connect(s), req);
    else if (req) record(req, null);
    if (s.waiting.length > 0) send(connect(s), s.waiting.shift());
  };
  sock.on("error", lost);
  sock.on("close", lost);
  return c;
}

/** Reads one whole response (status line, headers, a content-length or chunked body) off the connection. */
function parse(c) {
  while (c.current) {
    const end = c.buf.indexOf("\r\n\r\n");
    if (end < 0) return;
    const head = c.buf.toString("latin1", 0, end).toLowerCase();
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length: *(\d+)/.exec(head);
    let bodyEnd;
    if (length) bodyEnd = end + 4 + Number(length[1]);
    else if (/\r\ntransfer-encoding: *chunked/.test(head)) {
      const last = c.buf.indexOf("\r\n0\r\n\r\n", end + 2);
      if (last < 0) return;
      bodyEnd = last + 7;
    } else bodyEnd = end + 4;
    if (c.buf.length < bodyEnd) return;
    c.closeAfter = /\r\nconnection: *close/.test(head);
    c.buf = c.buf.subarray(bodyEnd);
    const req = c.current;
    c.current = null;
    c.answered++;
    record(req, status >= 200 && status < 300);
    if (c.closeAfter) return void c.sock.destroy();
    const next = c.s.waiting.shift();
    if (next) send(c, next);
    else c.s.idle.push(c);
  }
}

function send(c, req) {
  c.current = req;
  c.sock.write(req.bytes);
}

function fire(p, i) {
  const due = p.start + (i * 1000) / p.rate;
  const target = new URL(url + p.paths[i % p.paths.length]);
  const s = serverOf(target);
  const req = { phase: p, i, due, bytes: `GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\n\r\n` };
  const idle = s.idle.pop();
  if (idle) send(idle, req);
  else if (s.open < MAX_SOCKETS) send(connect(s), req);
  else s.waiting.push(req);
}

/** Sends `paths` round robin at `rate` for `seconds`; resolves once every request is answered or failed. */
function run(paths, seconds) {
  const total = Math.round(rate * seconds);
  return new Promise((resolve) => {
    const p = { paths, rate, total, latencies: new Float64Array(total), done: 0, non2xx: 0, errors: 0, start: performance.now() + 20 };
    p.end = () => resolve({ latencies: p.latencies, non2xx: p.non2xx, errors: p.errors, elapsedMs: performance.now() - p.start });
    if (total === 0) return p.end();
    let next = 0;
    (function tick() {
      const now = performance.now();
      while (next < total && p.start + (next * 1000) / rate <= now) fire(p, next++);
      if (next < total) setTimeout(tick, Math.max(0, p.start + (next * 1000) / rate - performance.now()));
    })();
  });
}

if (warmup && warmup.seconds > 0 && warmup.paths.length > 0) await run(warmup.paths, warmup.seconds);
const figures = await run(paths, seconds);
for (const s of servers.values()) for (const c of s.all) c.sock.destroy();
parentPort.postMessage(figures);
