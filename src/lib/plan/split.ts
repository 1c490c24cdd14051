/**
 * Cutting a stretch of a disk into equal parts, 1 MiB aligned where the stretch allows, with
 * whatever no part can take (alignment) reported exactly: nothing is ever lost silently.
 */
import type { PlanDisk } from "./types.ts";
import { type VmdkSectors, vmdkSectors } from "../units.ts";
import { MIB_SECTORS } from "../vbox.ts";
import { granule, sec, sizeText } from "./disk.ts";
import { PLAN_LIMITS } from "./codec.ts";
import type { OpResult } from "./ops.ts";

export interface SplitPart {
  startSector: VmdkSectors;
  sectors: VmdkSectors;
}

/** What a split could not give to any part, so that nothing is ever lost silently. */
export interface SplitRemainder {
  /** Total sectors left over (the sum of the pieces). */
  sectors: VmdkSectors;
  /** Each left-over stretch in disk order: before the first part and/or after the last. */
  pieces: SplitPart[];
  /** For people: how many sectors, and where, with exact numbers. */
  where: string;
}

export interface SplitResult {
  parts: SplitPart[];
  /** Sectors not given to any part (alignment), and where they are; null when none. */
  remainder: SplitRemainder | null;
  /** The alignment actually used: `align` when the range allows it, else the fallback. */
  alignment: VmdkSectors;
}

function describePieces(pieces: readonly SplitPart[], firstPartStart: bigint): string {
  return pieces
    .map((p) => {
      const side = p.startSector < firstPartStart ? "before the first part" : "after the last part";
      return `${sec(p.sectors)} sectors (${sizeText(p.sectors)}) ${side}, ${sec(p.startSector)} +${sec(p.sectors)}`;
    })
    .join(" and ");
}

/**
 * Splits [start, start + sectors) into n parts of equal size whose starts and sizes are
 * multiples of `align` when the range allows (the first part starts at the first aligned
 * sector ≥ start), else multiples of `minAlign`. What no part gets (before the first aligned
 * start, and left at the end) is reported in `remainder`, never lost silently.
 *
 * @example splitRange(vmdkSectors(125831168n), vmdkSectors(125829120n), 2)
 * // { ok: true, value: { parts: [{ startSector: 125831168n, sectors: 62914560n },
 * //   { startSector: 188745728n, sectors: 62914560n }], remainder: null, alignment: 2048n } }
 */
export function splitRange(
  startSector: VmdkSectors,
  sectors: VmdkSectors,
  n: number,
  align: VmdkSectors = MIB_SECTORS,
  minAlign: VmdkSectors = vmdkSectors(1n),
): OpResult<SplitResult> {
  if (!Number.isInteger(n))
    return { ok: false, error: `The number of parts must be a whole number, not ${n}.` };
  if (n < 1) return { ok: false, error: `The number of parts must be at least 1, not ${n}.` };
  if (n > PLAN_LIMITS.rangesPerVm) {
    return { ok: false, error: `${n} parts is too many: at most ${PLAN_LIMITS.rangesPerVm}.` };
  }
  if (startSector < 0n)
    return { ok: false, error: `The start sector ${sec(startSector)} is negative.` };
  if (sectors <= 0n) return { ok: false, error: "An empty range cannot be split." };
  if (align < 1n || minAlign < 1n)
    return { ok: false, error: "The alignment must be at least 1 sector." };
  const end = startSector + sectors;
  const count = BigInt(n);
  const candidates = align === minAlign ? [align] : [align, minAlign];
  for (const g of candidates) {
    const first = ((startSector + g - 1n) / g) * g;
    if (first >= end) continue;
    const partSize = ((end - first) / count / g) * g;
    if (partSize === 0n) continue;
    const parts: SplitPart[] = [];
    for (let i = 0n; i < count; i++) {
      parts.push({
        startSector: vmdkSectors(first + i * partSize),
        sectors: vmdkSectors(partSize),
      });
    }
    const pieces: SplitPart[] = [];
    if (first > startSector) {
      pieces.push({ startSector, sectors: vmdkSectors(first - startSector) });
    }
    const partsEnd = first + count * partSize;
    if (partsEnd < end)
      pieces.push({ startSector: vmdkSectors(partsEnd), sectors: vmdkSectors(end - partsEnd) });
    const left = pieces.reduce((s, p) => s + p.sectors, 0n);
    const remainder: SplitRemainder | null =
      pieces.length === 0
        ? null
        : { sectors: vmdkSectors(left), pieces, where: describePieces(pieces, first) };
    return { ok: true, value: { parts, remainder, alignment: vmdkSectors(g) } };
  }
  const smallest = minAlign < align ? minAlign : align;
  return {
    ok: false,
    error: `${sec(sectors)} sectors cannot be split into ${n} parts of at least ${sec(smallest)} sector${smallest === 1n ? "" : "s"} each${smallest > 1n ? ` starting on multiples of ${sec(smallest)}` : ""}.`,
  };
}

export const alignmentText = (g: bigint): string =>
  g === MIB_SECTORS ? "1 MiB aligned" : g === 1n ? "not aligned" : `aligned to ${sec(g)} sectors`;

/**
 * splitRange with the disk's own alignment: 1 MiB when the range allows, and otherwise whole
 * logical sectors (8 VMDK sectors on a 4096-byte disk). Every split of a disk goes through
 * here, so the preview, the split to new VMs and the split to chosen VMs always agree.
 *
 * @example splitOnDisk(disk, 125831168n, 125829120n, 2) // parts 125831168 +62914560, 188745728 +62914560
 */
export function splitOnDisk(
  disk: PlanDisk,
  startSector: VmdkSectors,
  sectors: VmdkSectors,
  n: number,
): OpResult<SplitResult> {
  const g = granule(disk);
  return splitRange(
    startSector,
    sectors,
    n,
    vmdkSectors(MIB_SECTORS > g ? MIB_SECTORS : g),
    vmdkSectors(g),
  );
}
