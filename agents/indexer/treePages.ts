import type { Hex } from "viem";
import type { Db } from "./db/Db.js";
import { toHash32 } from "../protocol/codecs.js";

/**
 * An epoch's tree is stored once, when it is built, as pages of its flat node array (node k's
 * children are 2k+1 and 2k+2, the leaves sorted by hash at the end in reverse order), in the
 * `epoch_tree_pages` table. Any API process serves proofs by reading the pages a proof touches:
 * the top levels share page 0, each lower level costs one page. No hashing, no whole-tree load.
 */

/** Nodes per stored page by default: 4,096 × 32 bytes = 128 KiB. */
export const TREE_PAGE_NODES = 4096;
const PAGES_PER_INSERT = 16;

/**
 * Writes a built tree's nodes (`nodeBytes`, (2n-1)·32 bytes) as pages of `pageNodes` nodes, in
 * the caller's transaction (the epoch's `built` row commits with them).
 *
 * @example
 * await saveTreePages(tx, epoch, tree.nodeBytes());
 */
export async function saveTreePages(db: Db, epoch: bigint, nodes: Uint8Array, pageNodes = TREE_PAGE_NODES): Promise<void> {
  const pageBytes = pageNodes * 32;
  const pages = Math.ceil(nodes.length / pageBytes);
  for (let from = 0; from < pages; from += PAGES_PER_INSERT) {
    const params: unknown[] = [epoch];
    const values: string[] = [];
    for (let p = from; p < Math.min(pages, from + PAGES_PER_INSERT); p++) {
      params.push(p, nodes.subarray(p * pageBytes, Math.min(nodes.length, (p + 1) * pageBytes)));
      values.push(`($1, $${params.length - 1}, $${params.length})`);
    }
    await db.query(`INSERT INTO epoch_tree_pages (epoch, page, nodes) VALUES ${values.join(", ")}`, params);
  }
  await db.query("UPDATE epochs SET tree_page_nodes = $2 WHERE epoch = $1", [epoch, pageNodes]);
}

/** How an epoch's pages are laid out: its leaf count and nodes per page. */
export interface PagedTree {
  epoch: bigint;
  leafCount: number;
  pageNodes: number;
}

/**
 * Reads stored tree pages through a bounded LRU cache (`cacheBytes`, default 256 MiB per
 * process): a hot epoch's pages stay in memory, a 10M-review epoch never has to fit. A page is
 * kept as its lower-case hex text (two characters per byte, counted against the budget), so a
 * proof's siblings are slices of cached text: no per-sibling encoding, and no waiting at all when
 * every page a proof touches is cached. Hex compares in byte order, so the leaf search reads it too.
 * A proof reads about 40 nodes: a hit is an array index and a counter (the least recently used
 * page is looked for only when a load goes over the budget), not a map key built per node.
 *
 * @example
 * const reader = createTreePageReader(db);
 * const proof = await reader.proof(tree, await reader.leafPosition(tree, id));
 */
export function createTreePageReader(db: Db, cacheBytes = 256 * 1024 * 1024) {
  type Entry = { hex?: string; load: Promise<string>; bytes: number; used: number; epoch: bigint; page: number };
  const epochs = new Map<bigint, (Entry | undefined)[]>();
  let cached = 0;
  let clock = 0;

  function forget(e: Entry): void {
    const pages = epochs.get(e.epoch);
    if (pages?.[e.page] !== e) return;
    pages[e.page] = undefined;
    cached -= e.bytes;
  }

  /** Drops least recently used pages (never `keep`) until the cache fits its budget again. */
  function evict(keep: Entry): void {
    while (cached > cacheBytes) {
      let oldest: Entry | undefined;
      for (const pages of epochs.values()) for (const e of pages) if (e && e !== keep && (!oldest || e.used < oldest.used)) oldest = e;
      if (!oldest) return;
      forget(oldest);
    }
  }

  function page(t: PagedTree, p: number): Entry {
    let pages = epochs.get(t.epoch);
    if (!pages) epochs.set(t.epoch, (pages = []));
    const hit = pages[p];
    if (hit) {
      hit.used = ++clock;
      return hit;
    }
    const entry: Entry = { load: undefined as unknown as Promise<string>, bytes: t.pageNodes * 64, used: ++clock, epoch: t.epoch, page: p };
    entry.load = db.query<{ nodes: Uint8Array }>("SELECT nodes FROM epoch_tree_pages WHERE epoch = $1 AND page = $2", [t.epoch, p]).then((rows) => {
      if (!rows[0]) throw new Error(`tree page ${p} of epoch ${t.epoch} is missing`);
      return (entry.hex = Buffer.from(rows[0].nodes.buffer, rows[0].nodes.byteOffset, rows[0].nodes.byteLength).toString("hex"));
    });
    entry.load.catch(() => forget(entry));
    pages[p] = entry;
    cached += entry.bytes;
    evict(entry);
    return entry;
  }

  /** The 64 hex characters of node k if its page is cached, else the page's load to wait for. */
  function node(t: PagedTree, k: number): string | Promise<string> {
    const p = Math.floor(k / t.pageNodes);
    const at = (k - p * t.pageNodes) * 64;
    const e = page(t, p);
    return e.hex !== undefined ? e.hex.slice(at, at + 64) : e.load.then((hex) => hex.slice(at, at + 64));
  }

  return {
    /**
     * The tree position of leaf `id`, or -1. The j-th smallest leaf hash sits at node 2n-2-j,
     * so a binary search over j reads a few pages (the first probes' pages are shared by all).
     */
    async leafPosition(t: PagedTree, id: Hex): Promise<number> {
      const want = toHash32(id).slice(2);
      const n = t.leafCount;
      let lo = 0;
      let hi = n - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const got = node(t, 2 * n - 2 - mid);
        const h = typeof got === "string" ? got : await got;
        if (h === want) return 2 * n - 2 - mid;
        if (h < want) lo = mid + 1;
        else hi = mid - 1;
      }
      return -1;
    },

    /** The proof of the node at `position`, leaf to root: each level's sibling, read from its page. */
    async proof(t: PagedTree, position: number): Promise<Hex[]> {
      const proof: Hex[] = [];
      for (let k = position; k > 0; k = (k - 1) >> 1) {
        const got = node(t, k & 1 ? k + 1 : k - 1);
        proof.push(`0x${typeof got === "string" ? got : await got}`);
      }
      return proof;
    },
  };
}
