/**
 * Which VM ranges cover a stretch of a disk, and where: what the disk map draws inside a
 * partition or gap so that a split partition shows each VM's share.
 *
 *   segment        |──────── partition 1 ────────|
 *   vm 0 range 0   |▓▓▓▓▓▓▓▓▓▓▓▓▓▓|                offset 0,   fraction 0.5
 *   vm 1 range 0                  |▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒|  offset 0.5, fraction 0.5
 *
 * Sector arithmetic is exact (bigint); the fractions are for drawing only.
 */
import type { Plan } from "./types.ts";
import { overlapIndex } from "../spans.ts";

export interface OwnerBand {
  vm: number;
  range: number;
  /** Overlapping bands go in separate lanes (0, 1, …) so that an overlap stays visible. */
  lane: number;
  /** How many lanes the stretch needs. */
  lanes: number;
  /** The covered part, clipped to the stretch: [startSector, startSector + sectors). */
  startSector: bigint;
  sectors: bigint;
  /** Position and width within the stretch, 0…1, for drawing. */
  offset: number;
  fraction: number;
}

/**
 * Every VM range on `disk` that overlaps [startSector, startSector + sectors), clipped to it,
 * in plan order (VM, then range).
 *
 * @example
 * ownerBands(plan, "d0", 125831168n, 125829120n)
 * // [{ vm: 0, range: 0, startSector: 125831168n, sectors: 62914560n, offset: 0, fraction: 0.5 }, …]
 */
export function ownerBands(
  plan: Plan,
  disk: string,
  startSector: bigint,
  sectors: bigint,
): OwnerBand[] {
  return ownerBandIndex(plan, disk)(startSector, sectors);
}

/**
 * `ownerBands` for many stretches of one disk: the disk's ranges are sorted once, and each
 * stretch then costs a binary search and its own bands, not a pass over every range of the
 * plan (a disk map of hundreds of pieces, a plan of thousands of ranges).
 */
export function ownerBandIndex(
  plan: Plan,
  disk: string,
): (startSector: bigint, sectors: bigint) => OwnerBand[] {
  const onDisk: { vm: number; range: number; start: bigint; end: bigint }[] = [];
  plan.vms.forEach((vm, vmIndex) => {
    vm.ranges.forEach((r, rangeIndex) => {
      if (r.disk === disk) {
        onDisk.push({
          vm: vmIndex,
          range: rangeIndex,
          start: r.startSector,
          end: r.startSector + r.sectors,
        });
      }
    });
  });
  const overlapping = overlapIndex(onDisk);
  return (startSector, sectors) => {
    const end = startSector + sectors;
    const bands: OwnerBand[] = overlapping(startSector, end)
      .sort((a, b) => a.vm - b.vm || a.range - b.range)
      .map((r) => {
        const from = r.start > startSector ? r.start : startSector;
        const to = r.end < end ? r.end : end;
        return {
          vm: r.vm,
          range: r.range,
          lane: 0,
          lanes: 1,
          startSector: from,
          sectors: to - from,
          offset: ratio(from - startSector, sectors),
          fraction: ratio(to - from, sectors),
        };
      });
    return assignLanes(bands);
  };
}

/** Puts each band in the first lane where it overlaps no earlier band (greedy, in plan order). */
function assignLanes(bands: OwnerBand[]): OwnerBand[] {
  // The usual case, and the one with thousands of bands: no two overlap, so the greedy rule
  // puts every band in lane 0. Checked in n log n; the greedy search below is quadratic.
  const byStart = [...bands].sort((x, y) =>
    x.startSector < y.startSector ? -1 : x.startSector > y.startSector ? 1 : 0,
  );
  if (
    byStart.every(
      (b, i) =>
        i === 0 ||
        (byStart[i - 1] as OwnerBand).startSector + (byStart[i - 1] as OwnerBand).sectors <=
          b.startSector,
    )
  ) {
    return bands;
  }
  const laneEnds: { start: bigint; end: bigint }[][] = [];
  for (const b of bands) {
    const end = b.startSector + b.sectors;
    let lane = laneEnds.findIndex((spans) =>
      spans.every((s) => end <= s.start || s.end <= b.startSector),
    );
    if (lane < 0) {
      lane = laneEnds.length;
      laneEnds.push([]);
    }
    laneEnds[lane]?.push({ start: b.startSector, end });
    b.lane = lane;
  }
  for (const b of bands) b.lanes = Math.max(1, laneEnds.length);
  return bands;
}

/** part / whole as a float with 1e-6 resolution, computed without losing the bigint range. */
export function ratio(part: bigint, whole: bigint): number {
  if (whole <= 0n) return 0;
  return Number((part * 1_000_000n) / whole) / 1_000_000;
}

/** Bands a map piece draws at most; more cannot be told apart on a screen. */
export const MAX_DRAWN_BANDS = 64;

/**
 * The bands to draw: a VM's bands in one lane that touch or nearly touch (closer than
 * `gap`, a fraction of the stretch) become one, so a VM of thousands of adjacent ranges is one
 * band; past `max` bands, the narrowest are left out (the table and the VM cards list them).
 */
export function drawnBands(
  bands: readonly OwnerBand[],
  gap = 0.002,
  max = MAX_DRAWN_BANDS,
): OwnerBand[] {
  const sorted = [...bands].sort((a, b) => a.lane - b.lane || a.offset - b.offset || a.vm - b.vm);
  const merged: OwnerBand[] = [];
  for (const b of sorted) {
    const last = merged[merged.length - 1];
    if (
      last &&
      last.vm === b.vm &&
      last.lane === b.lane &&
      b.offset - (last.offset + last.fraction) < gap
    ) {
      const end = Math.max(last.offset + last.fraction, b.offset + b.fraction);
      const endSector =
        b.startSector + b.sectors > last.startSector + last.sectors
          ? b.startSector + b.sectors
          : last.startSector + last.sectors;
      merged[merged.length - 1] = {
        ...last,
        fraction: end - last.offset,
        sectors: endSector - last.startSector,
      };
    } else merged.push(b);
  }
  if (merged.length <= max) return merged;
  const kept = new Set([...merged].sort((a, b) => b.fraction - a.fraction).slice(0, max));
  return merged.filter((b) => kept.has(b));
}
