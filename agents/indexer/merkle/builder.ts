import type { Worker } from "node:worker_threads";
import type { ReviewLeaf } from "../../protocol/reviewLeaf.js";
import { encodeReviewLeaves, LEAF_BYTES } from "./encode.js";
import { ReviewTreeInputError, ReviewTreeWorkerError } from "./errors.js";
import { buildLayout, chunkCount, claimEncodedChunk, CTRL, fillSubtrees, sortRanges, sortTarget, subtreeRoots, type BuildLayout } from "./hashing.js";
import { fixedSharedMemory, instantiateKeccak, keccakModule, WASM_MAX_BYTES, type KeccakWasm } from "./keccak.js";
import { FlatReviewTree } from "./tree.js";
import { awaitCount, runJob, spawnHashWorker } from "./workers.js";

// A chunk takes milliseconds to hash; this long without one finishing means a worker is gone.
const STALL_MS = 60_000;

export interface TreeBuildOptions {
  /** Hashing threads including this one (default 1). */
  threads?: number;
  /** Leaves per ring chunk (default 4096). */
  chunkLeaves?: number;
  /** Chunks in the ring of encoded leaves (default 4 per thread). */
  slots?: number;
  /** Told the wall milliseconds of each step of finish() as it ends: the last leaf hashes, sort and layout, internal nodes. */
  onPhase?: (phase: "leaves" | "sort" | "nodes", ms: number) => void;
}

/**
 * One tree being built from leaves that arrive in any number of pieces. Everything lives in one
 * shared WebAssembly memory (ring of encoded chunks, leaf hashes, node array) that this thread
 * and `threads − 1` workers hash in place with our keccak module: this thread encodes each piece
 * into the ring, workers hash published chunks (this thread helps whenever it would wait), and
 * after the sort every thread claims whole subtrees of internal nodes. Nothing is copied between
 * threads; the finished tree's nodes are a view of that memory.
 */
export class TreeBuild {
  readonly #L: BuildLayout;
  readonly #k: KeccakWasm;
  readonly #ctrlBuf: SharedArrayBuffer;
  readonly #ctrl: Int32Array;
  readonly #ring: Buffer;
  readonly #workers: Worker[];
  readonly #leafJobs: Promise<void>[];
  readonly #onPhase: TreeBuildOptions["onPhase"];
  #chunk = 0;
  #fill = 0;
  #added = 0;

  private constructor(L: BuildLayout, k: KeccakWasm, workers: Worker[], onPhase: TreeBuildOptions["onPhase"]) {
    this.#L = L;
    this.#onPhase = onPhase;
    this.#k = k;
    this.#ctrlBuf = new SharedArrayBuffer((CTRL.slotDone + L.slots) * 4);
    this.#ctrl = new Int32Array(this.#ctrlBuf);
    this.#ring = Buffer.from(k.memory.buffer, L.ring, L.slots * L.chunkLeaves * LEAF_BYTES);
    this.#workers = workers;
    this.#leafJobs = workers.map((w) => runJob(w, this.#job({ kind: "leaves" })));
    // A job that fails is reported by finish(); until then its rejection must not go unhandled.
    for (const j of this.#leafJobs) j.catch(() => {});
  }

  /** Allocates the memory for `n` leaves and starts the workers. */
  static start(n: number, opts: TreeBuildOptions = {}): TreeBuild {
    const threads = Math.max(1, Math.floor(opts.threads ?? 1));
    const L = buildLayout(n, LEAF_BYTES, opts.chunkLeaves ?? 4096, opts.slots ?? 4 * threads);
    if (L.bytes > WASM_MAX_BYTES) {
      throw new ReviewTreeInputError(`a tree of ${n} leaves needs ${L.bytes} bytes, more than the 4 GiB one build can address`, {
        code: "REVIEW_TREE_TOO_LARGE",
        details: { leafCount: n, bytes: L.bytes },
      });
    }
    const k = instantiateKeccak(fixedSharedMemory(L.bytes));
    // Jobs are posted at once and wait in the workers' queues while they start (loading the
    // TypeScript loader takes about a second of CPU), so this thread hashes alone meanwhile.
    return new TreeBuild(L, k, Array.from({ length: threads - 1 }, spawnHashWorker), opts.onPhase);
  }

  get added(): number {
    return this.#added;
  }

  #job<K extends "leaves" | "subtrees" | "sort">(extra: { kind: K } & Record<string, unknown>) {
    return { memory: this.#k.memory, module: keccakModule(), ctrl: this.#ctrlBuf, layout: this.#L, ...extra } as never;
  }

  /** Waits until the ring slot of the current chunk is free, hashing published chunks meanwhile. */
  #awaitSlot(): void {
    const slot = this.#chunk % this.#L.slots;
    const round = Math.floor(this.#chunk / this.#L.slots);
    const waitStart = performance.now();
    for (let done = Atomics.load(this.#ctrl, CTRL.slotDone + slot); done < round; done = Atomics.load(this.#ctrl, CTRL.slotDone + slot)) {
      if (claimEncodedChunk(this.#k, this.#L, this.#ctrl)) continue;
      // This loop blocks the event loop, so a worker that died holding the chunk would never be noticed.
      if (performance.now() - waitStart > STALL_MS) {
        throw new ReviewTreeWorkerError("hash worker stopped making progress", { code: "REVIEW_TREE_WORKER_STALLED", details: { chunk: this.#chunk - this.#L.slots, waitedMs: STALL_MS } });
      }
      Atomics.wait(this.#ctrl, CTRL.slotDone + slot, done, 100);
    }
  }

  #publish(): void {
    this.#chunk++;
    this.#fill = 0;
    Atomics.store(this.#ctrl, CTRL.encoded, this.#chunk);
    Atomics.notify(this.#ctrl, CTRL.encoded);
    // Alone, hash each chunk as soon as it is full.
    if (this.#workers.length === 0) while (claimEncodedChunk(this.#k, this.#L, this.#ctrl));
  }

  /** Adds `count` leaves, `write(out, from, to)` encoding leaves [from, to) of the piece into `out`. */
  #add(count: number, write: (out: Buffer, from: number, to: number) => void): void {
    if (this.#added + count > this.#L.n) throw new RangeError(`more than ${this.#L.n} leaves`);
    for (let i = 0; i < count; ) {
      if (this.#fill === 0) this.#awaitSlot();
      const take = Math.min(count - i, this.#L.chunkLeaves - this.#fill);
      const at = ((this.#chunk % this.#L.slots) * this.#L.chunkLeaves + this.#fill) * LEAF_BYTES;
      write(this.#ring.subarray(at, at + take * LEAF_BYTES), i, i + take);
      i += take;
      this.#fill += take;
      this.#added += take;
      if (this.#fill === this.#L.chunkLeaves) this.#publish();
    }
  }

  /** Encodes and adds reviews (checked against the leaf types; errors name their index in `reviews`). */
  addReviews(reviews: readonly ReviewLeaf[]): void {
    this.#add(reviews.length, (out, from, to) => encodeReviewLeaves(reviews, from, to, out));
  }

  /** Adds leaves already abi-encoded (LEAF_BYTES, 288 bytes, each, back to back), copied as they are. */
  addEncoded(bytes: Uint8Array): void {
    this.#add(Math.floor(bytes.length / LEAF_BYTES), (out, from, to) => out.set(bytes.subarray(from * LEAF_BYTES, to * LEAF_BYTES)));
  }

  /** Hashes what is left, sorts, fills the internal nodes and returns the tree; the workers are stopped. */
  async finish(): Promise<FlatReviewTree> {
    const { n } = this.#L;
    if (this.#added !== n) throw new RangeError(`${this.#added} of ${n} leaves added`);
    let t = performance.now();
    const phase = (name: "leaves" | "sort" | "nodes") => {
      const now = performance.now();
      this.#onPhase?.(name, now - t);
      t = now;
    };
    try {
      if (this.#fill > 0) this.#publish();
      const chunks = chunkCount(this.#L);
      while (Atomics.load(this.#ctrl, CTRL.nextChunk) < chunks) claimEncodedChunk(this.#k, this.#L, this.#ctrl);
      // Wait for the chunks a worker is still hashing, not for the workers' replies: a worker that
      // has not even started by now (small builds) is not waited for.
      await awaitCount(this.#ctrl, CTRL.hashed, chunks, this.#leafJobs, STALL_MS);
      phase("leaves");
      // Each thread sorts and lays out the leaves of its own slice of the hash space.
      const [order, treeIndexOf] = [new SharedArrayBuffer(n * 4), new SharedArrayBuffer(n * 4)];
      const ranges = this.#workers.length + 1;
      const sorts = this.#workers.map((w) => runJob(w, this.#job({ kind: "sort", order, treeIndexOf, ranges })));
      const target = sortTarget(this.#L, this.#k.memory.buffer, order, treeIndexOf);
      sortRanges(target, this.#ctrl, ranges);
      await awaitCount(this.#ctrl, CTRL.rangesDone, ranges, sorts, STALL_MS);
      phase("sort");
      const { firstRoot, rootCount } = subtreeRoots(n, this.#workers.length + 1);
      const jobs = this.#workers.map((w) => runJob(w, this.#job({ kind: "subtrees", firstRoot, rootCount })));
      for (const j of jobs) j.catch(() => {});
      fillSubtrees(this.#k, this.#L, this.#ctrl, firstRoot, rootCount);
      await awaitCount(this.#ctrl, CTRL.subtreesDone, rootCount, jobs, STALL_MS);
      if (firstRoot > 0) this.#k.nodes(this.#L.nodes, firstRoot - 1, 0);
      phase("nodes");
      return new FlatReviewTree(target.nodes, target.treeIndexOf);
    } finally {
      await this.dispose();
    }
  }

  /** Stops the workers (idempotent); call it when giving up on a build. */
  async dispose(): Promise<void> {
    Atomics.store(this.#ctrl, CTRL.abort, 1);
    Atomics.notify(this.#ctrl, CTRL.encoded);
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }
}
