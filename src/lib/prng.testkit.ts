/**
 * For tests and the fuzzer only: the one seeded PRNG, so the same seed gives the same inputs on
 * any machine and a failure replays from its printed seed. Not for anything secret.
 *
 *   const rng = new Rng(2024);
 *   rng.int(1, 6)        an integer in [1, 6]
 *   rng.below(10)        an integer in [0, 10); rng.below(2n ** 64n) a bigint in [0, 2^64)
 *   rng.bool(0.3)        true three times in ten
 */

/** sfc32: small, fast, 128 bits of state, the same sequence everywhere for a given seed. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    // Mix the seed through the whole state, so that nearby seeds give unrelated sequences.
    for (let i = 0; i < 16; i++) this.next();
  }

  /** A uniform 32-bit unsigned integer. */
  next(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next() / 2 ** 32;
  }

  /** An integer in [min, max] (both inclusive, max - min < 2^32). */
  int(min: number, max: number): number {
    return min + (this.next() % (max - min + 1));
  }

  /** True with probability `pTrue`. */
  bool(pTrue = 0.5): boolean {
    return this.float() < pTrue;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }

  /**
   * An integer in [0, limit), 0 when limit ≤ 0: a number below 2^32 for a number limit (an
   * index into a list that may be empty), any size for a bigint one.
   */
  below(limit: number): number;
  below(limit: bigint): bigint;
  below(limit: number | bigint): number | bigint {
    if (typeof limit === "number") return limit <= 0 ? 0 : this.next() % limit;
    if (limit <= 0n) return 0n;
    let r = 0n;
    for (let bits = 0n; 1n << bits < limit * 2n; bits += 32n) r = (r << 32n) | BigInt(this.next());
    return r % limit;
  }
}
