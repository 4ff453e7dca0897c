/**
 * Deterministic randomness for simulations and the offline LLM stand-in: no global state, no
 * clock, so the same seed reproduces a run bit for bit on any machine.
 */

/** 53-bit string hash (cyrb53): fast, well mixed, good enough to derive simulation draws. */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * A uniform draw in [0, 1) that depends only on its parts, e.g. `(seed, worker, task, "success")`.
 * Keyed draws keep one entity's randomness independent of how many others were drawn before.
 *
 * @example
 * keyedUniform(42, "worker-3", "0xabc…", "success") < trueRate; // did this attempt succeed?
 */
export function keyedUniform(...parts: readonly (string | number | bigint)[]): number {
  return hash53(parts.map(String).join("\u241f")) / 2 ** 53;
}

/** A seeded PRNG (mulberry32) for sequences, e.g. generating a population of workers. */
export function seededRandom(seed: string | number): () => number {
  let state = typeof seed === "number" ? seed >>> 0 : hash53(seed) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
