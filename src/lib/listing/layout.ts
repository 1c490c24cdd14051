/**
 * Partitions a listing places where no partition can be: running past the end of their disk
 * (as the listing states its size), starting past it, or sharing sectors with another listed
 * partition. Any of these means the table is damaged, was copied from another disk, or the
 * listing is not of the disk it names: every number on that disk is then suspect, so the user
 * must read it before planning. The plan's check (check/ranges.ts) only flags ranges given to
 * a VM that reach past the disk's end, and nothing flags listed partitions that overlap.
 *
 * Numbers are given in the listing's own sectors when its sector size is known (or it counts in
 * sectors without saying their size), otherwise in bytes: the units the user can find in the
 * listing, printed without digit grouping, as the tools print them.
 */
import type { ListingDisk, ListingNote, ListingPartition, ListingResult } from "./types.ts";

/** At most this many layout notes per listing; one more note counts the rest. */
const MAX_LAYOUT_NOTES = 12;

/**
 * An MBR extended partition (a container of logical partitions): by flag, by name
 * (`Extended`, `W95 Ext'd (LBA)`) or by type id as fdisk and sfdisk print it (5, f, 85).
 * The same rule as plan/disk.ts's isExtended, for listing partitions.
 */
const EXTENDED_TYPE = /extended|ext'd|^(0x)?(05|5|0f|f|85)(\s|$)/i;
export const isExtendedPartition = (p: ListingPartition): boolean =>
  (p.flags ?? []).some((f) => f.toLowerCase() === "extended") ||
  (typeof p.type === "string" && EXTENDED_TYPE.test(p.type.trim()));

/**
 * On an MBR disk (or one whose table type is not given), a partition 1–4 holding one numbered
 * 5 or more is the extended partition that holds that logical one, even when the listing does
 * not say so (`parted -m` and `partx` print no msdos type): Linux numbers logical partitions
 * from 5.
 */
const unnamedExtended = (
  disk: ListingDisk,
  outer: ListingPartition,
  inner: ListingPartition,
): boolean =>
  disk.tableType !== "gpt" &&
  outer.number !== null &&
  outer.number >= 1 &&
  outer.number <= 4 &&
  inner.number !== null &&
  inner.number >= 5;

interface Extent {
  p: ListingPartition;
  start: bigint;
  /** Exclusive. */
  end: bigint;
}

/** The unit a disk's numbers are told in, and each placed partition's extent in it. */
function extents(disk: ListingDisk): {
  unit: "sector" | "byte";
  list: Extent[];
  diskEnd: bigint | null;
} {
  const list: Extent[] = [];
  if (disk.sectorSizeUnknown) {
    for (const p of disk.partitions) {
      if (p.startSector === undefined || p.sizeSectors === undefined) continue;
      list.push({ p, start: p.startSector, end: p.startSector + p.sizeSectors });
    }
    return { unit: "sector", list, diskEnd: null };
  }
  const placed = disk.partitions.filter(
    (p): p is ListingPartition & { startByte: bigint; sizeBytes: bigint } =>
      p.exact && p.startByte !== null && p.sizeBytes !== null,
  );
  const ss = disk.logicalSectorSize === null ? null : BigInt(disk.logicalSectorSize);
  const whole = (n: bigint | null) => n === null || (ss !== null && n % ss === 0n);
  const inSectors =
    ss !== null &&
    whole(disk.sizeBytes) &&
    placed.every((p) => whole(p.startByte) && whole(p.sizeBytes));
  const div = inSectors ? (ss as bigint) : 1n;
  for (const p of placed) {
    list.push({ p, start: p.startByte / div, end: (p.startByte + p.sizeBytes) / div });
  }
  return {
    unit: inSectors ? "sector" : "byte",
    list,
    diskEnd: disk.sizeBytes === null ? null : disk.sizeBytes / div,
  };
}

const plural = (n: bigint, unit: string): string => `${n} ${unit}${n === 1n ? "" : "s"}`;

/**
 * Where a partition lies, as the listing gives it: `sectors 2048 to 43007`; in bytes, also in
 * 512-byte sectors when they are whole ones (partx and wmic count in those without saying).
 */
const span = (e: Extent, unit: string): string => {
  const last = e.end - 1n;
  const text = `${unit}s ${e.start} to ${last}`;
  if (unit === "byte" && e.start % 512n === 0n && e.end % 512n === 0n)
    return `${text} (512-byte sectors ${e.start / 512n} to ${e.end / 512n - 1n})`;
  return text;
};

/** A partition's name for the notes: its label, with its number or place when another has the same. */
function namer(list: readonly Extent[]): (e: Extent) => string {
  const count = new Map<string, number>();
  for (const e of list) count.set(e.p.label, (count.get(e.p.label) ?? 0) + 1);
  return (e) => {
    if ((count.get(e.p.label) ?? 0) < 2) return e.p.label;
    return e.p.number !== null
      ? `partition ${e.p.number} (${e.p.label})`
      : `row ${list.indexOf(e) + 1} (${e.p.label})`;
  };
}

const CHECK =
  "The table may be damaged, copied from another disk, or this listing may not be of the disk it names: check it on the machine (fdisk, parted or Disk Management warn about it) before giving any part of this disk to a VM.";

/** The important notes for every disk of `result` whose partitions do not fit, or overlap. */
export function layoutNotes(result: ListingResult): ListingNote[] {
  if (!result.ok) return [];
  const notes: ListingNote[] = [];
  let more = 0;
  const push = (line: number, text: string): void => {
    if (notes.length >= MAX_LAYOUT_NOTES) more++;
    else notes.push({ line, important: true, text });
  };
  result.disks.forEach((disk, i) => {
    const name = disk.device ?? `Disk ${i + 1} of the listing`;
    const line = disk.line ?? 1;
    const { unit, list, diskEnd } = extents(disk);
    const label = namer(list);
    if (diskEnd !== null) {
      for (const e of list) {
        if (e.start >= diskEnd) {
          push(
            line,
            `${name}: ${label(e)} starts at ${unit} ${e.start}, past the end of the disk, which the listing gives as ${plural(diskEnd, unit)} (the last is ${diskEnd - 1n}). ${CHECK}`,
          );
        } else if (e.end > diskEnd) {
          push(
            line,
            `${name}: ${label(e)} runs past the end of the disk: it lies on ${span(e, unit)}, but the listing gives the disk ${plural(diskEnd, unit)} (the last is ${diskEnd - 1n}), so its last ${plural(e.end - diskEnd, unit)} are not on it. ${CHECK}`,
          );
        }
      }
    }
    // Sorted by start, each partition against those after it that start before it ends. A
    // partition inside an extended one is a logical partition, where it belongs.
    const sorted = list.filter((e) => e.end > e.start);
    // Listings are nearly always in disk order already: sorting 100,000 bigints costs more.
    if (sorted.some((e, k) => k > 0 && e.start < (sorted[k - 1] as Extent).start))
      sorted.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    for (let a = 0; a < sorted.length; a++) {
      const x = sorted[a] as Extent;
      for (let b = a + 1; b < sorted.length; b++) {
        const y = sorted[b] as Extent;
        if (y.start >= x.end) break;
        const contains = (o: Extent, inner: Extent) =>
          o.start <= inner.start &&
          inner.end <= o.end &&
          !isExtendedPartition(inner.p) &&
          (isExtendedPartition(o.p) || unnamedExtended(disk, o.p, inner.p));
        if (contains(x, y) || contains(y, x)) continue;
        const shared = (y.end < x.end ? y.end : x.end) - y.start;
        push(
          line,
          `${name}: ${label(x)} lies on ${span(x, unit)} and ${label(y)} on ${span(y, unit)}: they overlap on ${plural(shared, unit)}, ${span({ p: y.p, start: y.start, end: y.start + shared }, unit)}. A write to either would destroy the other. ${CHECK}`,
        );
      }
    }
  });
  if (more > 0) {
    notes.push({
      line: notes[notes.length - 1]?.line ?? 1,
      important: true,
      text: `${more} more partitions past a disk's end or overlapping others (only the first ${MAX_LAYOUT_NOTES} are listed).`,
    });
  }
  return notes;
}

/** The result with its layout notes among the others (by line). */
export function withLayoutNotes(result: ListingResult): ListingResult {
  const notes = layoutNotes(result);
  if (notes.length === 0) return result;
  return { ...result, notes: [...notes, ...result.notes].sort((a, b) => a.line - b.line) };
}

/**
 * A disk listed without any partition and without a partition table looks wholly free, but a
 * file system, LVM, RAID or encryption can be made on a whole disk, and no partition listing
 * shows it. An important note asks the user to make sure the disk is empty (on Linux `wipefs
 * -n` lists every signature it finds, and nothing on an empty disk). A disk whose table the
 * listing names (dos, gpt) holds that table, so it is not noted.
 */
export function emptyDiskNote(disk: ListingDisk): ListingNote | null {
  if (disk.partitions.length > 0 || disk.tableType === "dos" || disk.tableType === "gpt") {
    return null;
  }
  const name = disk.device ?? "This disk";
  const linux = disk.device !== null && LINUX_DISK.test(disk.device);
  const check = linux ? ` (\`sudo wipefs -n ${disk.device}\` prints nothing then)` : "";
  return {
    line: disk.line ?? 1,
    important: true,
    text: `${name}: no partition and no partition table are listed. Make sure it is empty before a VM gets it${check}: a file system, LVM, RAID or encryption can fill a whole disk without a table, and no partition listing shows it.`,
  };
}

/** A Linux disk's device path (FreeBSD's ada/da/nvd and macOS's disk names are not). */
const LINUX_DISK = /^\/dev\/(?:sd|hd|vd|xvd|nvme|mmcblk|loop|md|dm-|mapper\/|disk\/by-)/;

/** `result` with an important note for each disk that lists no partition and no table. */
export function withEmptyDiskNotes(result: ListingResult): ListingResult {
  if (!result.ok) return result;
  const notes = result.disks.flatMap((d) => emptyDiskNote(d) ?? []);
  if (notes.length === 0) return result;
  return { ...result, notes: [...notes, ...result.notes].sort((a, b) => a.line - b.line) };
}
