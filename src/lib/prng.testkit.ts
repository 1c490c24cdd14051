/**
 * For tests and the fuzzer only: a seeded PRNG, so the same seed gives the same inputs on any
 * machine and a failure replays from its printed seed.
 */

/** mulberry32: tiny and fast, a float in [0, 1) per call; not for anything secret. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
