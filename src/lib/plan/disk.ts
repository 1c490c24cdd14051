/**
 * A disk's geometry as the planner sees it, in 512-byte VMDK sectors: its listed partitions,
 * the areas the host's partitioning keeps (the table area before the first partition, a GPT's
 * backup at the end), the free space between, and the map the page draws (diskLayout).
 *
 *   sector 0      2048          125831168                                251660288
 *   |table|  P0  |      P1: owners [web, db]          |  P2  | (end unknown: no trailing gap)
 */
import type { PlanDisk, PlanPartition, Plan } from "./types.ts";
import {
  type Exact,
  type VmdkSectors,
  VMDK_SECTOR_BYTES,
  formatBytes,
  groupDigits,
  vmdkSectors,
} from "../units.ts";
import { overlapIndex, union, type Span } from "../spans.ts";
import { MIB_SECTORS } from "../vbox.ts";

/** An unpartitioned stretch of a disk (not covered by any listed partition). */
export interface Gap {
  disk: string;
  startSector: VmdkSectors;
  sectors: VmdkSectors;
}

/** One piece of a disk's map: a partition, a gap, or the reserved areas at the edges. */
export interface DiskSegment {
  kind: "partition" | "gap" | "table" | "gpt-backup";
  startSector: VmdkSectors;
  sectors: VmdkSectors;
  /** Index into disk.partitions when kind is "partition". */
  partition?: number;
  /**
   * Partitions only: how many other listed partitions contain this one (an MBR logical
   * partition inside its extended partition has depth 1). Partition segments may overlap each
   * other; table, gap and gpt-backup segments never overlap anything.
   */
  depth?: number;
  /**
   * Gaps only: true for the stretch after the last partition of a disk whose size is unknown,
   * shown because some range reaches into it. It runs at least to the end of that range; the
   * disk may end sooner (or later).
   */
  openEnded?: boolean;
  /** VMs (indexes) whose ranges overlap this segment, in plan order. */
  owners: number[];
}

/** Partition tables and boot code live in the first MiB; gaps are never listed inside it. */
export const TABLE_AREA_MAX_SECTORS = MIB_SECTORS;
/**
 * The size, in 512-byte VMDK sectors, of a GPT disk's backup area at its very end: the
 * 16,384-byte entry array plus one header sector. 33 sectors on a 512-byte disk, but only
 * 5 logical sectors (40 VMDK sectors) on a 4096-byte disk, where 4 sectors hold the entries.
 */
export function gptBackupSectors(logicalSectorSize: number): bigint {
  const lss = BigInt(logicalSectorSize);
  const entrySectors = (16384n + lss - 1n) / lss;
  return (1n + entrySectors) * (lss / VMDK_SECTOR_BYTES);
}

/** Numbers in messages, grouped: 125,831,168. */
export const sec = (n: bigint): string => groupDigits(n);
export const count = (n: bigint, unit: string): string => `${sec(n)} ${unit}${n === 1n ? "" : "s"}`;
export const sizeText = (sectors: bigint): string => formatBytes(sectors * VMDK_SECTOR_BYTES);

/** True when [aStart, aStart + aLen) and [bStart, bStart + bLen) share at least one sector. */
export function sectorsOverlap(
  aStart: bigint,
  aLen: bigint,
  bStart: bigint,
  bLen: bigint,
): boolean {
  return aLen > 0n && bLen > 0n && aStart < bStart + bLen && bStart < aStart + aLen;
}

/** How a partition is named in messages: its listing label, else its number, else its index. */
export function partitionName(partition: PlanPartition, index: number): string {
  if (partition.label !== "") return partition.label;
  if (partition.number !== null) return `partition ${partition.number}`;
  return `partition at index ${index}`;
}

/**
 * A partition's extent in 512-byte sectors, only when both its start and size are whole
 * numbers of sectors.
 *
 * @example partitionSectors({ number: 1, label: "P1", startByte: 64425558016n, sizeBytes: 64424509440n })
 * // { ok: true, value: { startSector: 125831168n, sectors: 125829120n } }
 */
export function partitionSectors(
  partition: PlanPartition,
  index = 0,
): Exact<{ startSector: VmdkSectors; sectors: VmdkSectors }> {
  const name = partitionName(partition, index);
  const problems: string[] = [];
  if (partition.startByte % VMDK_SECTOR_BYTES !== 0n) {
    problems.push(
      `its start, byte ${sec(partition.startByte)}, is ${count(partition.startByte % VMDK_SECTOR_BYTES, "byte")} past sector ${sec(partition.startByte / VMDK_SECTOR_BYTES)}`,
    );
  }
  if (partition.sizeBytes % VMDK_SECTOR_BYTES !== 0n) {
    problems.push(
      `its size, ${sec(partition.sizeBytes)} bytes, is ${count(partition.sizeBytes / VMDK_SECTOR_BYTES, "sector")} and ${count(partition.sizeBytes % VMDK_SECTOR_BYTES, "byte")}`,
    );
  }
  if (problems.length > 0) {
    return {
      ok: false,
      error: `${name} is not a whole number of 512-byte sectors: ${problems.join("; ")}. Check the listing's numbers.`,
    };
  }
  return {
    ok: true,
    value: {
      startSector: vmdkSectors(partition.startByte / VMDK_SECTOR_BYTES),
      sectors: vmdkSectors(partition.sizeBytes / VMDK_SECTOR_BYTES),
    },
  };
}

/** The disk's end in 512-byte sectors (a trailing partial sector is unusable), or null. */
export function diskEndSector(disk: PlanDisk): VmdkSectors | null {
  return disk.sizeBytes === null ? null : vmdkSectors(disk.sizeBytes / VMDK_SECTOR_BYTES);
}

/** Sectors per logical sector of the disk: 1 for 512-byte disks, 8 for 4096-byte disks. */
export const granule = (disk: PlanDisk): bigint =>
  BigInt(disk.logicalSectorSize) / VMDK_SECTOR_BYTES;

/**
 * The extent of each partition in sectors, widened outwards to whole sectors (a sector that
 * a partition touches at all is not free). Used for the map and free space only.
 */
function partitionCover(p: PlanPartition): { start: bigint; end: bigint } {
  const start = p.startByte / VMDK_SECTOR_BYTES;
  const endByte = p.startByte + p.sizeBytes;
  const end = (endByte + VMDK_SECTOR_BYTES - 1n) / VMDK_SECTOR_BYTES;
  return { start, end };
}

/**
 * Sorted, merged union of the partitions' extents, and of the extended partition that logical
 * partitions listed without it imply (strayExtendedSpan): its EBRs are not free space.
 */
function coveredIntervals(disk: PlanDisk): { start: bigint; end: bigint }[] {
  const covers = disk.partitions.map(partitionCover).filter((c) => c.end > c.start);
  const stray = strayExtendedSpan(disk);
  return union(stray ? [...covers, stray] : covers);
}

/**
 * Where the extended partition lies that holds logical partitions no listed extended partition
 * holds (a hand-made plan, a listing cut short), or null. It is there all the same, with an
 * EBR in front of each logical partition: taken to run from the end of the last other
 * partition before the first logical one (at most from 1 MiB) to the end of the last logical
 * one, so the space between them is never free.
 *
 * @example strayExtendedSpan(diskWithLogicalsAt208896And1234944) // { start: 206848n, end: 2304000n }
 */
export function strayExtendedSpan(disk: PlanDisk): { start: bigint; end: bigint } | null {
  const all = disk.partitions
    .map((p) => ({ p, ...partitionCover(p) }))
    .filter((c) => c.end > c.start);
  const extended = all.filter((c) => isExtended(c.p));
  const logical = all.filter(
    (c) =>
      (c.p.flags ?? []).some((f) => f.toLowerCase() === "logical") &&
      !extended.some((e) => e.start <= c.start && c.end <= e.end),
  );
  let first: bigint | null = null;
  let last = 0n;
  for (const c of logical) {
    if (first === null || c.start < first) first = c.start;
    if (c.end > last) last = c.end;
  }
  if (first === null) return null;
  let start = first < MIB_SECTORS ? first : (MIB_SECTORS as bigint);
  for (const c of all) {
    if (logical.includes(c) || isExtended(c.p)) continue;
    if (c.end <= first && c.end > start) start = c.end;
  }
  return { start, end: last };
}

/**
 * Where the host's partition-table area ends: the first MiB (MBR at LBA 0, GPT header and
 * entries up to LBA 33, boot loader code such as GRUB's core.img in the MBR gap), or the
 * first partition's start when that comes sooner (old disks start at sector 63), capped at
 * the disk's end when known. Space between 1 MiB and a later first partition is an ordinary gap.
 *
 * @example tableAreaEnd(diskWithFirstPartitionAt2048) // 2048n
 */
export function tableAreaEnd(disk: PlanDisk): VmdkSectors {
  let end = TABLE_AREA_MAX_SECTORS as bigint;
  for (const p of disk.partitions) {
    const { start, end: pEnd } = partitionCover(p);
    if (pEnd > start && start < end) end = start;
  }
  const diskEnd = diskEndSector(disk);
  if (diskEnd !== null && diskEnd < end) end = diskEnd;
  return vmdkSectors(end);
}

/** A GPT partition type as listings give it: wmic's `GPT: …`, a type GUID (lsblk's PARTTYPE). */
const GPT_TYPE = /^GPT:|^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;
/** An MBR type id as fdisk and sfdisk give it (`83`, `0x83`, `7 HPFS/NTFS/exFAT`); `ee` is GPT's. */
const MBR_TYPE_ID = /^(?:0x)?([0-9a-f]{1,2})(?:\s|$)/i;

/**
 * Whether the disk has a GPT, whose backup table fills its last sectors: `"gpt"` when the
 * listing says so (table type gpt, a wmic `GPT: …` type, a GPT type GUID, MBR type `ee`);
 * `"maybe"` when the table type is unknown (lsblk and a hand-made plan do not say) but
 * partitions are listed and none of them shows an MBR (an extended or logical partition, an
 * MBR type id); null for an MBR disk, and for an unknown disk with no partition listed.
 *
 * @example gptTable({ ...disk, tableType: undefined, partitions: [lsblkPartition] }) // "maybe"
 */
export function gptTable(disk: PlanDisk): "gpt" | "maybe" | null {
  if (disk.tableType === "gpt") return "gpt";
  let mbr = false;
  for (const p of disk.partitions) {
    const type = typeof p.type === "string" ? p.type.trim() : "";
    const id = MBR_TYPE_ID.exec(type)?.[1]?.toLowerCase();
    if (GPT_TYPE.test(type) || id === "ee") return "gpt";
    const flags = (p.flags ?? []).map((f) => f.toLowerCase());
    if (id !== undefined || isExtended(p) || flags.includes("logical") || flags.includes("primary"))
      mbr = true;
  }
  const listed = disk.partitions.some((p) => typeof p.sizeBytes === "bigint" && p.sizeBytes > 0n);
  if (disk.tableType === "dos" || mbr || !listed) return null;
  return "maybe";
}

/**
 * Where a GPT disk's backup table starts (see gptBackupSectors), or null. A disk that may have
 * a GPT (gptTable) is taken to have one: offering its last sectors as free space would hand
 * the host's backup table to a guest.
 */
export function gptBackupStart(disk: PlanDisk): VmdkSectors | null {
  const diskEnd = diskEndSector(disk);
  if (gptTable(disk) === null || diskEnd === null) return null;
  const start = diskEnd - gptBackupSectors(disk.logicalSectorSize);
  return vmdkSectors(start < 0n ? 0n : start);
}

/**
 * Unpartitioned stretches of the disk, in sector order. Nothing inside the table area
 * (tableAreaEnd: the first MiB, or up to an earlier first partition) and nothing in a GPT
 * disk's backup area is listed. The stretch after the last partition is listed only when the
 * disk's size is known. Overlapping and unsorted partitions are fine: a sector that any
 * partition touches is not free.
 *
 * Beware: some listings leave out partitions (wmic omits the Microsoft Reserved partition),
 * so a gap is only as free as the listing is complete.
 *
 * @example freeSpace(diskWithPartitionsEndingAt251660288AndSize500118192Sectors)
 * // [{ disk: "d0", startSector: 251660288n, sectors: 248457904n }]
 */
export function freeSpace(disk: PlanDisk): Gap[] {
  const from = tableAreaEnd(disk) as bigint;
  const diskEnd = diskEndSector(disk);
  const backup = gptBackupStart(disk);
  const limit = backup ?? diskEnd;
  const gaps: Gap[] = [];
  const push = (start: bigint, end: bigint): void => {
    const s = start < from ? from : start;
    const e = limit !== null && end > limit ? limit : end;
    if (e > s)
      gaps.push({ disk: disk.id, startSector: vmdkSectors(s), sectors: vmdkSectors(e - s) });
  };
  let cursor = from;
  for (const c of coveredIntervals(disk)) {
    if (c.start > cursor) push(cursor, c.start);
    if (c.end > cursor) cursor = c.end;
  }
  if (limit !== null) push(cursor, limit);
  return gaps;
}

/**
 * For each stretch of `diskId`, the VM indexes whose ranges overlap it (sectorsOverlap), in
 * order. The disk's ranges are sorted once: a layout of hundreds of segments asks it each time.
 */
function ownerIndex(plan: Plan, diskId: string): (start: bigint, sectors: bigint) => number[] {
  const ranges: (Span & { vm: number })[] = [];
  plan.vms.forEach((vm, i) => {
    for (const r of vm.ranges) {
      if (r.disk === diskId)
        ranges.push({ start: r.startSector, end: r.startSector + r.sectors, vm: i });
    }
  });
  const overlapping = overlapIndex(ranges);
  return (start, sectors) =>
    [...new Set(overlapping(start, start + sectors).map((r) => r.vm))].sort((a, b) => a - b);
}

/**
 * For each stretch, how many others hold it: start at or before it and end at or after it,
 * counting a copy of the same stretch only when it comes earlier (so of two identical
 * partitions, the second is drawn inside the first). A layout draws each partition at its
 * depth, under its containers.
 *
 * In the order (start ascending, end descending, index ascending) every stretch that holds
 * another comes before it, and of those that come before, exactly the ones ending at or after
 * its end hold it. So the depth is a count over what came before, kept in a Fenwick tree of
 * the ends' ranks: n log n, where comparing every pair took a disk of 256 partitions about
 * 20 ms (docs/big-plans.md).
 *
 * @example nestingDepths([{ start: 0n, end: 100n }, { start: 10n, end: 20n }, { start: 50n, end: 200n }]) // [0, 1, 0]
 */
export function nestingDepths(spans: readonly Span[]): number[] {
  const order = spans.map((_, i) => i);
  const cmp = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);
  order.sort((i, j) => {
    const a = spans[i] as Span;
    const b = spans[j] as Span;
    return cmp(a.start, b.start) || cmp(b.end, a.end) || i - j;
  });
  const ends = [...new Set(spans.map((s) => s.end))].sort(cmp);
  const rankOf = new Map(ends.map((e, k) => [e, k + 1]));
  // tree[k]: how many ends of rank in (k - lowbit(k), k] were added.
  const tree = new Array<number>(ends.length + 1).fill(0);
  const countUpTo = (rank: number) => {
    let n = 0;
    for (let k = rank; k > 0; k -= k & -k) n += tree[k] as number;
    return n;
  };
  const depths = new Array<number>(spans.length).fill(0);
  order.forEach((i, added) => {
    const rank = rankOf.get((spans[i] as Span).end) as number;
    depths[i] = added - countUpTo(rank - 1);
    for (let k = rank; k < tree.length; k += k & -k) tree[k] = (tree[k] as number) + 1;
  });
  return depths;
}

/**
 * Whether two plans draw disk `diskId` the same: the same disk object, and the same VM objects
 * at the same places among the VMs with a range on it. What a disk's map, table and bands show
 * depends on nothing else (owners are VM indexes; names and colours live in the VM). Plans are
 * changed by copying what changes (ops.ts), so an edit elsewhere — a VM added, a range on
 * another disk — leaves the disk's objects as they were, and the disk need not be drawn again.
 */
export function samePlanForDisk(a: Plan, b: Plan, diskId: string): boolean {
  if (a === b) return true;
  if (a.disks.find((d) => d.id === diskId) !== b.disks.find((d) => d.id === diskId)) return false;
  const touching = (plan: Plan) =>
    plan.vms.flatMap((vm, i) => (vm.ranges.some((r) => r.disk === diskId) ? [{ vm, i }] : []));
  const before = touching(a);
  const after = touching(b);
  return (
    before.length === after.length &&
    before.every((x, k) => x.vm === after[k]?.vm && x.i === after[k]?.i)
  );
}

/**
 * The disk as a partition editor shows it, in sector order: the table area at the start,
 * partitions and gaps, and the GPT backup area at the end (gpt disks of known size). Each
 * segment lists the VMs whose ranges overlap it. Returns [] for an unknown disk id.
 *
 * @example diskLayout(workedExamplePlanSplitBetweenWebAndDb, "d0")
 * // [{ kind: "table", startSector: 0n, sectors: 2048n, owners: [] },
 * //  { kind: "partition", startSector: 2048n, sectors: 125829120n, partition: 0, depth: 0, owners: [] },
 * //  { kind: "partition", startSector: 125831168n, sectors: 125829120n, partition: 1, depth: 0, owners: [0, 1] },
 * //  { kind: "partition", startSector: 251660288n, sectors: 33554432n, partition: 2, depth: 0, owners: [] }]
 */
export function diskLayout(plan: Plan, diskId: string): DiskSegment[] {
  const disk = plan.disks.find((d) => d.id === diskId);
  if (!disk) return [];
  const segments: DiskSegment[] = [];
  const ownersOf = ownerIndex(plan, diskId);
  const seg = (
    kind: DiskSegment["kind"],
    start: bigint,
    sectors: bigint,
    extra: Partial<Pick<DiskSegment, "partition" | "depth" | "openEnded">> = {},
  ): DiskSegment => ({
    kind,
    startSector: vmdkSectors(start),
    sectors: vmdkSectors(sectors),
    ...extra,
    owners: ownersOf(start, sectors),
  });

  const tableEnd = tableAreaEnd(disk);
  if (tableEnd > 0n) segments.push(seg("table", 0n, tableEnd));

  const covers = disk.partitions.map(partitionCover);
  const depths = nestingDepths(covers);
  const partitionSegments = covers.map((c, i) =>
    seg("partition", c.start, c.end - c.start, { partition: i, depth: depths[i] ?? 0 }),
  );
  const gapSegments = freeSpace(disk).map((g) => seg("gap", g.startSector, g.sectors));

  const diskEnd = diskEndSector(disk);
  if (diskEnd === null) {
    // Size unknown: show the stretch after the last partition when a range reaches into it,
    // so a range there is visible on the map.
    const lastEnd = covers.reduce((m, c) => (c.end > m ? c.end : m), tableEnd as bigint);
    let furthest = lastEnd;
    for (const vm of plan.vms) {
      for (const r of vm.ranges) {
        if (r.disk === diskId && r.startSector + r.sectors > furthest)
          furthest = r.startSector + r.sectors;
      }
    }
    if (furthest > lastEnd)
      gapSegments.push(seg("gap", lastEnd, furthest - lastEnd, { openEnded: true }));
  }

  const body = [...partitionSegments, ...gapSegments].sort((a, b) => {
    if (a.startSector !== b.startSector) return a.startSector < b.startSector ? -1 : 1;
    // A container before what it contains.
    if (a.sectors !== b.sectors) return a.sectors > b.sectors ? -1 : 1;
    return (a.partition ?? 0) - (b.partition ?? 0);
  });
  segments.push(...body);

  const backup = gptBackupStart(disk);
  if (backup !== null && diskEnd !== null && diskEnd > backup) {
    segments.push(seg("gpt-backup", backup, diskEnd - backup));
  }
  return segments;
}

/**
 * An MBR extended partition, which holds logical partitions and their EBRs rather than data:
 * by flag, by name ("Extended", "W95 Ext'd (LBA)") or by type id as fdisk and sfdisk print it
 * (5, f, 85, with or without a leading 0 or 0x, alone or before the name: "5 Extended").
 */
/**
 * Where the listing says the host mounts a partition (its `mountPoint`): a drive letter, swap,
 * or a path; null when it says nothing. The host check and the page both read it from here.
 */
export type HostMount =
  { kind: "drive"; letter: string } | { kind: "swap" } | { kind: "path"; at: string };

export function hostMountOf(p: Pick<PlanPartition, "mountPoint">): HostMount | null {
  const mount = typeof p.mountPoint === "string" ? p.mountPoint.trim() : "";
  if (mount === "") return null;
  if (/^\[SWAP\]$/i.test(mount)) return { kind: "swap" };
  if (/^[A-Z]:\\?$/i.test(mount)) return { kind: "drive", letter: mount.charAt(0).toUpperCase() };
  return { kind: "path", at: mount };
}

const EXTENDED_TYPE = /extended|ext'd|^(0x)?(05|5|0f|f|85)(\s|$)/i;

export function isExtended(p: PlanPartition): boolean {
  return (
    (p.flags ?? []).some((f) => f.toLowerCase() === "extended") ||
    (typeof p.type === "string" && EXTENDED_TYPE.test(p.type.trim()))
  );
}
