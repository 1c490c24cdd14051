/** The interval algebra: table cases for the edges, and the sweep against a brute-force reference. */
import { describe, expect, it } from "vitest";
import { Rng } from "./prng.testkit.ts";
import { type Span, crossingPairs, overlapIndex, overlappingPairs, union } from "./spans.ts";

// ─── The sweep, against a brute-force reference ─────────────────────────────────────────

const span = (start: number, end: number): Span => ({ start: BigInt(start), end: BigInt(end) });
const sortPairs = (pairs: Array<[number, number]>): Array<[number, number]> =>
  [...pairs].sort((a, b) => a[0] - b[0] || a[1] - b[1]);

function bruteOverlaps(spans: readonly Span[]): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < spans.length; i++) {
    for (let j = i + 1; j < spans.length; j++) {
      const a = spans[i] as Span;
      const b = spans[j] as Span;
      const from = a.start > b.start ? a.start : b.start;
      const to = a.end < b.end ? a.end : b.end;
      if (a.end > a.start && b.end > b.start && from < to) pairs.push([i, j]);
    }
  }
  return pairs;
}

describe("overlappingPairs", () => {
  it.each([
    ["nothing", [], []],
    ["touching", [span(0, 10), span(10, 20)], []],
    ["one sector shared", [span(0, 11), span(10, 20)], [[0, 1]]],
    ["nested", [span(0, 100), span(10, 20)], [[0, 1]]],
    [
      "reversed order",
      [span(50, 60), span(40, 55), span(0, 45)],
      [
        [0, 1],
        [1, 2],
      ],
    ],
    [
      "identical",
      [span(5, 9), span(5, 9), span(5, 9)],
      [
        [0, 1],
        [0, 2],
        [1, 2],
      ],
    ],
    ["empty spans overlap nothing", [span(0, 10), span(5, 5), span(7, 3)], []],
    [
      "many over one",
      [span(0, 100), span(1, 2), span(2, 3), span(3, 4), span(99, 100), span(100, 101)],
      [
        [0, 1],
        [0, 2],
        [0, 3],
        [0, 4],
      ],
    ],
    [
      "chain",
      [span(0, 3), span(2, 5), span(4, 7), span(6, 9)],
      [
        [0, 1],
        [1, 2],
        [2, 3],
      ],
    ],
  ] as Array<[string, Span[], Array<[number, number]>]>)("%s", (_name, spans, expected) => {
    expect(sortPairs(overlappingPairs(spans))).toEqual(expected);
    expect(sortPairs(overlappingPairs(spans))).toEqual(bruteOverlaps(spans));
  });

  it("agrees with brute force on 600 random sets", () => {
    const rng = new Rng(0x5eed);
    for (let round = 0; round < 600; round++) {
      const n = rng.int(1, 40);
      const spans = Array.from({ length: n }, () => {
        const start = rng.int(-5, 194);
        return span(start, start + rng.int(-3, 36));
      });
      expect(sortPairs(overlappingPairs(spans))).toEqual(bruteOverlaps(spans));
    }
  });

  it("works beyond 2^53", () => {
    const big = 2n ** 60n;
    const spans = [
      { start: big, end: big + 2n },
      { start: big + 1n, end: big + 3n },
      { start: big + 2n, end: big + 4n },
    ];
    expect(sortPairs(overlappingPairs(spans))).toEqual([
      [0, 1],
      [1, 2],
    ]);
  });
});

describe("crossingPairs", () => {
  it("agrees with brute force on 500 random sets and stops at the limit", () => {
    const rng = new Rng(42);
    for (let round = 0; round < 500; round++) {
      const make = (): Span[] =>
        Array.from({ length: rng.below(25) }, () => {
          const start = rng.below(100);
          return span(start, start + rng.below(30));
        });
      const a = make();
      const b = make();
      const expected = bruteOverlaps([...a, ...b])
        .filter(([i, j]) => i < a.length && j >= a.length)
        .map(([i, j]): [number, number] => [i, j - a.length]);
      expect(sortPairs(crossingPairs(a, b))).toEqual(expected);
      expect(crossingPairs(a, b, 3).length).toBe(Math.min(3, expected.length));
    }
  });
});

describe("union", () => {
  it.each([
    ["nothing", [], []],
    ["one", [span(3, 7)], [span(3, 7)]],
    ["touching spans merge", [span(0, 10), span(10, 20)], [span(0, 20)]],
    ["nested spans merge into the outer", [span(0, 100), span(10, 20)], [span(0, 100)]],
    [
      "reversed input order comes out sorted",
      [span(50, 60), span(0, 10)],
      [span(0, 10), span(50, 60)],
    ],
    ["a gap of one sector stays", [span(0, 10), span(11, 20)], [span(0, 10), span(11, 20)]],
    ["overlapping chains", [span(0, 5), span(4, 9), span(8, 12)], [span(0, 12)]],
  ])("%s", (_name, spans, expected) => {
    expect(union(spans)).toEqual(expected);
  });

  it("never changes its input", () => {
    const input = [span(0, 10), span(5, 20)];
    union(input);
    expect(input).toEqual([span(0, 10), span(5, 20)]);
  });
});

describe("overlapIndex", () => {
  it("finds for every query the spans sharing a sector with it, in start order", () => {
    const rng = new Rng(7);
    for (let round = 0; round < 30; round++) {
      const spans = Array.from({ length: rng.int(0, 40) }, (_, id) => {
        const start = BigInt(rng.int(0, 500));
        return { id, start, end: start + BigInt(rng.int(-5, 60)) };
      });
      const query = overlapIndex(spans);
      for (let q = 0; q < 40; q++) {
        const start = BigInt(rng.int(0, 560));
        const end = start + BigInt(rng.int(-5, 80));
        // Half-open spans share a sector when each starts before the other ends and both hold one.
        const expected = spans
          .filter((s) => s.end > s.start && end > start && s.start < end && start < s.end)
          .map((s) => s.id)
          .sort((a, b) => a - b);
        expect(
          query(start, end)
            .map((s) => s.id)
            .sort((a, b) => a - b),
        ).toEqual(expected);
        const starts = query(start, end).map((s) => s.start);
        expect(starts).toEqual([...starts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      }
    }
  });
});
