/**
 * Interval algebra over half-open sector spans [start, end): the one sweep every overlap
 * question of the planner goes through (ranges against ranges, ranges against partitions and
 * host areas, possibly-same disks), and the union of spans. Empty and reversed spans overlap
 * nothing; touching spans do not overlap.
 */

/** A half-open interval [start, end) of sectors. Empty or reversed spans overlap nothing. */
export interface Span {
  start: bigint;
  end: bigint;
}

/**
 * Sweeps the spans from left to right. At each span's start, calls onStart with the span and
 * the spans still open there, one set per class (classOf). Every span in those sets shares at
 * least one sector with it, so the work is O(n log n) for the sort plus the pairs visited.
 * Touching spans ([a, b) and [b, c)) do not overlap: ends are processed before starts.
 */
export function sweep(
  spans: readonly Span[],
  classOf: (index: number) => number,
  classCount: number,
  onStart: (index: number, open: readonly Set<number>[]) => void,
): void {
  // Event 2i is span i's end, 2i + 1 its start: at equal positions ends sort first.
  const events: number[] = [];
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i];
    if (span && span.end > span.start) events.push(2 * i, 2 * i + 1);
  }
  const position = (event: number): bigint => {
    const span = spans[event >> 1] as Span;
    return event & 1 ? span.start : span.end;
  };
  events.sort((a, b) => {
    const pa = position(a);
    const pb = position(b);
    if (pa !== pb) return pa < pb ? -1 : 1;
    return (a & 1) - (b & 1) || a - b;
  });
  const open = Array.from({ length: classCount }, () => new Set<number>());
  for (const event of events) {
    const index = event >> 1;
    const set = open[classOf(index)] as Set<number>;
    if (event & 1) {
      onStart(index, open);
      set.add(index);
    } else {
      set.delete(index);
    }
  }
}

/**
 * Every pair of spans that share at least one sector, as [i, j] with i < j, in sweep order.
 * O(n log n + k) for k pairs.
 *
 * @example overlappingPairs([{ start: 0n, end: 10n }, { start: 10n, end: 20n }, { start: 5n, end: 15n }])
 *          // [[0, 2], [1, 2]]
 */
export function overlappingPairs(spans: readonly Span[]): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  sweep(
    spans,
    () => 0,
    1,
    (index, open) => {
      for (const other of open[0] as Set<number>) {
        pairs.push(other < index ? [other, index] : [index, other]);
      }
    },
  );
  return pairs;
}

/**
 * Every pair (a[i], b[j]) that shares at least one sector, as [i, j], optionally stopping after
 * `limit` pairs. O((|a| + |b|) log(|a| + |b|) + k).
 *
 * @example crossingPairs([{ start: 0n, end: 4n }], [{ start: 3n, end: 9n }, { start: 4n, end: 5n }])
 *          // [[0, 0]]
 */
export function crossingPairs(
  a: readonly Span[],
  b: readonly Span[],
  limit = Infinity,
): Array<[number, number]> {
  const spans = [...a, ...b];
  const pairs: Array<[number, number]> = [];
  sweep(
    spans,
    (index) => (index < a.length ? 0 : 1),
    2,
    (index, open) => {
      if (pairs.length >= limit) return;
      const fromA = index < a.length;
      for (const other of open[fromA ? 1 : 0] as Set<number>) {
        if (pairs.length >= limit) return;
        pairs.push(fromA ? [index, other - a.length] : [other, index - a.length]);
      }
    },
  );
  return pairs;
}

/** Merged, sorted union of spans. */
export function union(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) {
      if (span.end > last.end) last.end = span.end;
    } else {
      merged.push({ start: span.start, end: span.end });
    }
  }
  return merged;
}

/** The running maximum of `ends`: entry i is the furthest end among the first i + 1. */
export function maxEnds(ends: readonly bigint[]): bigint[] {
  let furthest = -1n;
  return ends.map((e) => (furthest = e > furthest ? e : furthest));
}

/** How many of `sorted` (by start) start before `end`. */
export function startsBefore(sorted: readonly { start: bigint }[], end: bigint): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as { start: bigint }).start < end) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index whose running maximum end (`maxEnds`) lies past `sector`. */
export function firstReaching(reach: readonly bigint[], sector: bigint): number {
  let lo = 0;
  let hi = reach.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((reach[mid] as bigint) <= sector) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The spans overlapping a query span, for many queries over the same spans: sorted once, each
 * query is then a binary search plus what it finds. Results come in start order.
 */
export function overlapIndex<T extends Span>(
  spans: readonly T[],
): (start: bigint, end: bigint) => T[] {
  const byStart = spans
    .filter((s) => s.end > s.start)
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const reach = maxEnds(byStart.map((s) => s.end));
  return (start, end) =>
    end <= start
      ? []
      : byStart
          .slice(firstReaching(reach, start), startsBefore(byStart, end))
          .filter((s) => s.end > start);
}
