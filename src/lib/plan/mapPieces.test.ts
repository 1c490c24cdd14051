import { describe, expect, it } from "vitest";
import { mapPieces, MAX_MAP_PIECES, type MapPiece } from "./mapPieces.ts";
import { Rng } from "../prng.testkit.ts";

/** Every column exactly once, in order: the pieces tile the columns. */
function expectTiling(pieces: readonly MapPiece[], n: number) {
  let next = 0;
  for (const p of pieces) {
    expect(p.first).toBe(next);
    expect(p.last).toBeGreaterThanOrEqual(p.first);
    next = p.last + 1;
  }
  expect(next).toBe(n);
}

describe("mapPieces", () => {
  it("draws every column alone while there are at most `max`", () => {
    const sizes = Array.from({ length: MAX_MAP_PIECES }, () => 2048n);
    expect(mapPieces(sizes, null)).toEqual(sizes.map((_, i) => ({ first: i, last: i })));
  });

  it("joins 65 equal columns in pairs: the smallest run length that fits in 64 pieces", () => {
    const pieces = mapPieces(
      Array.from({ length: 65 }, () => 100n),
      null,
      64,
    );
    expect(pieces).toHaveLength(33);
    expect(pieces[0]).toEqual({ first: 0, last: 1 });
    expect(pieces[32]).toEqual({ first: 64, last: 64 });
  });

  it("keeps the selected column and a large free space alone among 256 small partitions", () => {
    // The limit plan's disk: a table area, 256 partitions of 1 GiB, then 768 GiB free.
    const gib = 2n * 1024n * 1024n;
    const sizes = [2048n, ...Array.from({ length: 256 }, () => gib), 768n * gib];
    const pieces = mapPieces(sizes, 100, 64);
    expect(pieces.length).toBeLessThanOrEqual(64);
    expectTiling(pieces, sizes.length);
    expect(pieces).toContainEqual({ first: 100, last: 100 });
    expect(pieces).toContainEqual({ first: 257, last: 257 });
  });

  it("always tiles the columns within `max` pieces, with the kept and the largest columns alone", () => {
    const rng = new Rng(64);
    for (let round = 0; round < 200; round++) {
      const n = rng.int(1, 400);
      const max = rng.int(8, 80);
      const sizes = Array.from({ length: n }, () =>
        rng.bool(0.05) ? BigInt(rng.int(1, 1_000_000)) * 1000n : BigInt(rng.int(0, 5000)),
      );
      const keep = rng.bool(0.5) ? rng.int(0, n - 1) : null;
      const pieces = mapPieces(sizes, keep, max);
      expectTiling(pieces, n);
      expect(pieces.length).toBeLessThanOrEqual(max);
      if (keep !== null) expect(pieces).toContainEqual({ first: keep, last: keep });
      // The single largest column, when it holds at least 1/max of the disk, stands alone.
      const total = sizes.reduce((a, b) => a + b, 0n);
      const largest = sizes.reduce((best, s, i) => (s > (sizes[best] as bigint) ? i : best), 0);
      if (total > 0n && (sizes[largest] as bigint) * BigInt(max) >= total) {
        expect(pieces).toContainEqual({ first: largest, last: largest });
      }
    }
  });
});
