/**
 * Which pieces a disk map draws (docs/big-plans.md). A disk of 256 partitions has about 260
 * columns; a page of four such disks would draw over a thousand pieces, each too narrow to see
 * or click. Past `max` columns the map draws runs of neighbouring columns as one piece:
 *
 *   columns   P1 P2 P3 P4 P5 [P6] P7 P8 P9 … Free
 *   pieces    └─ P1–P5 ─┘  P6  └─ P7–P9 ─┘ … Free
 *
 * - The kept column (the selected one) is always a piece of its own, so whatever is selected,
 *   by the table, the keyboard or a finding's link, is drawn and can be focused.
 * - The largest columns (a share of the disk of at least 1/max, at most max/2 − 2 of them) stay
 *   pieces of their own: a big free space is not hidden inside a run of small partitions.
 * - The other columns are cut into runs of `size` neighbours, the smallest size that keeps the
 *   map within `max` pieces.
 * Pure arithmetic on column sizes; what a piece shows is the UI's business.
 */

/** Pieces one disk map draws at most. */
export const MAX_MAP_PIECES = 64;

/** Columns `first`…`last` (inclusive) drawn as one piece; a single column when equal. */
export interface MapPiece {
  first: number;
  last: number;
}

/**
 * The pieces for columns of `sizes` sectors, `keep` (a column index, or null) alone.
 *
 * @example mapPieces([10n, 10n, 10n], null, 64) // [{0,0}, {1,1}, {2,2}]: few columns, all drawn
 */
export function mapPieces(
  sizes: readonly bigint[],
  keep: number | null,
  max: number = MAX_MAP_PIECES,
): MapPiece[] {
  const n = sizes.length;
  if (n <= max || max < 8) return sizes.map((_, i) => ({ first: i, last: i }));
  const total = sizes.reduce((a, b) => a + b, 0n);
  const alone = new Set<number>();
  if (keep !== null && keep >= 0 && keep < n) alone.add(keep);
  const large = sizes
    .map((size, i) => ({ size, i }))
    .filter((c) => c.size * BigInt(max) >= total && total > 0n)
    .sort((a, b) => (a.size > b.size ? -1 : a.size < b.size ? 1 : a.i - b.i))
    .slice(0, Math.floor(max / 2) - 2);
  for (const c of large) alone.add(c.i);

  // The runs of columns between the lone ones.
  const runs: { from: number; to: number }[] = [];
  let from = 0;
  for (let i = 0; i <= n; i++) {
    if (i === n || alone.has(i)) {
      if (i > from) runs.push({ from, to: i - 1 });
      from = i + 1;
    }
  }
  const piecesWith = (size: number) =>
    alone.size + runs.reduce((k, r) => k + Math.ceil((r.to - r.from + 1) / size), 0);
  // At most max/2 − 1 lone columns leave at most max/2 runs: some size fits within max.
  let size = 1;
  while (piecesWith(size) > max) size++;

  const pieces: MapPiece[] = [];
  let at = 0;
  for (const r of [...runs, { from: n, to: n - 1 }]) {
    // The lone columns before this run.
    for (; at < r.from; at++) pieces.push({ first: at, last: at });
    for (let first = r.from; first <= r.to; first += size) {
      pieces.push({ first, last: Math.min(r.to, first + size - 1) });
    }
    at = r.to + 1;
  }
  return pieces;
}
