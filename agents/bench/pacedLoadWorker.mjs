// Worker thread of pacedLoad.ts: sends GET requests at an even pace (request i is due at
// start + i / rate) and measures each latency from when it was due, not from when it was
// sent, so a stalled server cannot hide its queue (the wrk2 way of avoiding coordinated omission).
//
// HTTP/1.1 keep-alive straight on TCP sockets, one request in flight per connection (up to 64
// per server), as wrk does: node:http's client cost the generator about 0.17 ms of CPU per
// request, half of what the API processes it measures spent, on the same two cores.
import net from "node:net";
import { parentPort, workerData } from "node:worker_threads";

const { url, paths, rate, seconds } = workerData;
const MAX_SOCKETS = 64;
const total = Math.round(rate * seconds);
const latencies = new Float64Array(total);
let done = 0;
let non2xx = 0;
let errors = 0;
const start = performance.now() + 20;

/** One server's connections: idle ones, and requests waiting for one. */
const servers = new Map();
function serverOf(target) {
  const key = `${target.hostname}:${target.port || 80}`;
  let s = servers.get(key);
  if (!s) servers.set(key, (s = { host: target.hostname, port: Number(target.port || 80), idle: [], open: 0, waiting: [], all: new Set() }));
  return s;
}

function record(i, due, ok) {
  latencies[i] = performance.now() - due;
  if (ok === null) errors++;
  else if (!ok) non2xx++;
  if (++done === total) finish();
}

function connect(s) {
  const sock = net.connect({ host: s.host, port: s.port, noDelay: true });
  const c = { sock, s, current: null, buf: Buffer.alloc(0), closeAfter: false };
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
    if (c.current) record(c.current.i, c.current.due, null);
    c.current = null;
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
    const { i, due } = c.current;
    c.current = null;
    record(i, due, status >= 200 && status < 300);
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

function fire(i) {
  const due = start + (i * 1000) / rate;
  const target = new URL(url + paths[i % paths.length]);
  const s = serverOf(target);
  const req = { i, due, bytes: `GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\n\r\n` };
  const idle = s.idle.pop();
  if (idle) send(idle, req);
  else if (s.open < MAX_SOCKETS) send(connect(s), req);
  else s.waiting.push(req);
}

function finish() {
  for (const s of servers.values()) for (const c of s.all) c.sock.destroy();
  parentPort.postMessage({ latencies, non2xx, errors, elapsedMs: performance.now() - start });
}

let next = 0;
(function tick() {
  const now = performance.now();
  while (next < total && start + (next * 1000) / rate <= now) fire(next++);
  if (next < total) setTimeout(tick, Math.max(0, start + (next * 1000) / rate - performance.now()));
})();
