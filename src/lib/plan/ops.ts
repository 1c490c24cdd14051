/**
 * Pure plan operations. Each takes a plan and returns a new one (the input is never
 * mutated), so the UI can keep an undo stack of plans. Operations that can fail return a
 * discriminated result with a message for the user.
 *
 * All sector quantities are 512-byte VMDK sectors; ranges are half-open [start, start + n).
 *
 * The map of a disk (diskLayout), for the worked example split between two VMs:
 *
 *   sector 0      2048          125831168                                251660288
 *   |table|  P0  |      P1: owners [web, db]          |  P2  | (end unknown: no trailing gap)
 *
 * and what the VM `web` sees (guestView): its head, then its ranges back to back (packed
 * placement without a table; identity placement adds ZERO padding and a GPT a 33-sector tail,
 * see src/lib/guest/layout.ts):
 *
 *   virtual 0     2048                         62916608
 *   | head  | d0 125831168 +62914560   |      = 62,916,608 sectors in all
 *
 * Operations that take an index (vm, range) and return a bare Plan leave the plan unchanged
 * (and return the very same object) when the index is out of range: a stale index after an
 * undo must not break the page. Operations that return an OpResult say what was wrong.
 */
import type {
  Access,
  PartitionTable,
  Placement,
  Plan,
  PlanDisk,
  PlanPartition,
  PlanRange,
  PlanVm,
} from "./types.ts";
import { guestLayout, type GuestPartition } from "../guest/layout.ts";
import { ACCESS_VALUES, DEFAULT_HEAD } from "./types.ts";
import {
  type Exact,
  type VmdkSectors,
  VMDK_SECTOR_BYTES,
  formatBytes,
  groupDigits,
  vmdkSectors,
} from "../units.ts";
import { PLAN_LIMITS } from "./codec.ts";

export type OpResult<T = Plan> =
  { ok: true; value: T; note?: string } | { ok: false; error: string };

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

/** The guest's own disk, in order: head, then each range (virtual LBAs start at 0). */
export interface GuestSegment {
  /** `padding`: zeros between ranges (identity placement); `tail`: a GPT's backup table. */
  kind: "head" | "padding" | "range" | "tail";
  virtualStart: VmdkSectors;
  sectors: VmdkSectors;
  /** Index into vm.ranges when kind is "range". */
  range?: number;
}

export interface GuestView {
  /** T: the sum of all segments, what the descriptor's extents add up to. */
  totalSectors: VmdkSectors;
  segments: GuestSegment[];
  table: PartitionTable;
  placement: Placement;
  /** The entries of the table in the head (empty without one). */
  partitions: GuestPartition[];
}

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

/** 1 MiB in 512-byte sectors: what partitioning tools align to, and the default split alignment. */
export const MIB_SECTORS = vmdkSectors(2048n);
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
/** The codec's bound on sector values; ops never build a range that ends past it. */
const SECTOR_LIMIT = 1n << 63n;

// ---------------------------------------------------------------------------------------
// Small helpers

const sec = (n: bigint): string => groupDigits(n);
const count = (n: bigint, unit: string): string => `${sec(n)} ${unit}${n === 1n ? "" : "s"}`;
const sizeText = (sectors: bigint): string => formatBytes(sectors * VMDK_SECTOR_BYTES);

/** True when [aStart, aStart + aLen) and [bStart, bStart + bLen) share at least one sector. */
export function sectorsOverlap(
  aStart: bigint,
  aLen: bigint,
  bStart: bigint,
  bLen: bigint,
): boolean {
  return aLen > 0n && bLen > 0n && aStart < bStart + bLen && bStart < aStart + aLen;
}

/**
 * A short label for a range, as the VM cards show it.
 *
 * @example rangeLabel({ disk: "d0", startSector: 125831168n, sectors: 62914560n, access: "RW" })
 * // "RW 125,831,168 +62,914,560 (30 GiB)"
 */
export function rangeLabel(range: PlanRange): string {
  return `${range.access} ${sec(range.startSector)} +${sec(range.sectors)} (${sizeText(range.sectors)})`;
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
const granule = (disk: PlanDisk): bigint => BigInt(disk.logicalSectorSize) / VMDK_SECTOR_BYTES;

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

/** Sorted, merged union of the partitions' extents. */
function coveredIntervals(disk: PlanDisk): { start: bigint; end: bigint }[] {
  const spans = disk.partitions
    .map(partitionCover)
    .filter((s) => s.end > s.start)
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const merged: { start: bigint; end: bigint }[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) {
      if (s.end > last.end) last.end = s.end;
    } else {
      merged.push({ ...s });
    }
  }
  return merged;
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

/** Where a GPT disk's backup table starts (see gptBackupSectors), or null. */
export function gptBackupStart(disk: PlanDisk): VmdkSectors | null {
  const diskEnd = diskEndSector(disk);
  if (disk.tableType !== "gpt" || diskEnd === null) return null;
  const start = diskEnd - gptBackupSectors(disk.logicalSectorSize);
  return vmdkSectors(start < 0n ? 0n : start);
}

function replaceAt<T>(items: readonly T[], index: number, item: T): T[] {
  const copy = items.slice();
  copy[index] = item;
  return copy;
}

const validIndex = (items: readonly unknown[], index: number): boolean =>
  Number.isInteger(index) && index >= 0 && index < items.length;

/** Names compare case-insensitively: VM folders must differ on Windows too. */
const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** The first `vm1`, `vm2`, … that no VM of the plan uses. */
export function nextVmName(plan: Plan, taken: readonly string[] = []): string {
  const used = [...plan.vms.map((v) => v.name), ...taken];
  for (let k = 1; ; k++) {
    const name = `vm${k}`;
    if (!used.some((u) => sameName(u, name))) return name;
  }
}

/** The smallest colour index no VM uses yet (the UI takes it modulo its palette). */
function nextColor(vms: readonly PlanVm[]): number {
  const used = new Set(vms.map((v) => v.color));
  let c = 0;
  while (used.has(c)) c++;
  return c % (PLAN_LIMITS.color + 1);
}

function newVm(vms: readonly PlanVm[], name: string): PlanVm {
  return {
    name,
    adapterType: "ide",
    uuid: null,
    head: { ...DEFAULT_HEAD },
    ranges: [],
    color: nextColor(vms),
  };
}

// ---------------------------------------------------------------------------------------
// VMs and disks

/**
 * Adds a VM with a unique default name (`vm1`, `vm2`, …) or the one given: IDE adapter, the
 * default 1 MiB head, no UUID yet, the first unused colour index.
 *
 * @example addVm(emptyPlan()).vms[0] // { name: "vm1", adapterType: "ide", uuid: null, … color: 0 }
 */
export function addVm(plan: Plan, name?: string): Plan {
  const vm = newVm(plan.vms, name ?? nextVmName(plan));
  return { ...plan, vms: [...plan.vms, vm] };
}

/** Renames VM `vm`. Whether the name is safe for a folder is the checks' business. */
export function renameVm(plan: Plan, vm: number, name: string): Plan {
  const current = plan.vms[vm];
  if (!validIndex(plan.vms, vm) || !current) return plan;
  return { ...plan, vms: replaceAt(plan.vms, vm, { ...current, name }) };
}

/** Removes VM `vm` and its ranges (the UI's undo stack is the way back). */
export function removeVm(plan: Plan, vm: number): Plan {
  if (!validIndex(plan.vms, vm)) return plan;
  return { ...plan, vms: plan.vms.filter((_, i) => i !== vm) };
}

/**
 * Changes a VM's adapter, head, colour or UUID. `color: undefined` in the patch removes the
 * colour; a key that is absent leaves the field as it is.
 *
 * @example updateVm(plan, 0, { head: { file: "Raw_Sectors_1MiB", sectors: 4096 } })
 */
export function updateVm(
  plan: Plan,
  vm: number,
  patch: Partial<
    Pick<
      PlanVm,
      "adapterType" | "head" | "color" | "uuid" | "partitionTable" | "placement" | "targets"
    >
  >,
): Plan {
  const current = plan.vms[vm];
  if (!validIndex(plan.vms, vm) || !current) return plan;
  const next: PlanVm = { ...current };
  if (patch.partitionTable !== undefined) next.partitionTable = patch.partitionTable;
  if (patch.placement !== undefined) next.placement = patch.placement;
  if ("adapterType" in patch && patch.adapterType !== undefined) {
    next.adapterType = patch.adapterType;
  }
  if ("head" in patch && patch.head !== undefined) next.head = { ...patch.head };
  if ("uuid" in patch && patch.uuid !== undefined) next.uuid = patch.uuid;
  if ("color" in patch) {
    if (patch.color === undefined) delete next.color;
    else next.color = patch.color;
  }
  if ("targets" in patch) {
    // VirtualBox alone is the default: stored as absent, so old plans stay byte-identical.
    const targets = patch.targets;
    if (targets === undefined || (targets.length === 1 && targets[0] === "virtualbox")) {
      delete next.targets;
    } else if (targets.length > 0) next.targets = [...targets];
  }
  return { ...plan, vms: replaceAt(plan.vms, vm, next) };
}

/**
 * Changes a disk's device path, exact size or the user's confirmation that inexact listing
 * numbers are exact. An unknown disk id leaves the plan unchanged.
 *
 * @example updateDisk(plan, "d0", { sizeBytes: bytes(240057409536n) })
 */
export function updateDisk(
  plan: Plan,
  disk: string,
  patch: Partial<Pick<PlanDisk, "device" | "sizeBytes" | "exactConfirmed">>,
): Plan {
  const index = plan.disks.findIndex((d) => d.id === disk);
  const current = plan.disks[index];
  if (!current) return plan;
  const next: PlanDisk = { ...current };
  if (patch.device !== undefined) next.device = patch.device;
  if ("sizeBytes" in patch && patch.sizeBytes !== undefined) next.sizeBytes = patch.sizeBytes;
  if ("exactConfirmed" in patch) {
    if (patch.exactConfirmed === undefined) delete next.exactConfirmed;
    else next.exactConfirmed = patch.exactConfirmed;
  }
  return { ...plan, disks: replaceAt(plan.disks, index, next) };
}

// ---------------------------------------------------------------------------------------
// Ranges

/**
 * Why a range cannot be part of the plan, or null when it can: the disk must exist, the
 * range must hold at least one sector, end within the disk when its size is known, and on a
 * 4096-byte-sector disk start and size must be whole logical sectors (multiples of 8).
 * Overlaps and host-partition warnings are the checks' business, not this.
 */
export function rangeProblem(plan: Plan, range: PlanRange): string | null {
  const disk = plan.disks.find((d) => d.id === range.disk);
  if (!disk) {
    const ids = plan.disks.map((d) => d.id).join(", ");
    return `There is no disk "${range.disk}" in the plan (disks: ${ids === "" ? "none" : ids}).`;
  }
  if (!ACCESS_VALUES.includes(range.access)) {
    return `Access must be RW or RDONLY, not "${String(range.access)}".`;
  }
  if (typeof range.startSector !== "bigint" || typeof range.sectors !== "bigint") {
    return "The start and size of a range must be exact whole numbers of sectors.";
  }
  if (range.startSector < 0n) return `The start sector ${sec(range.startSector)} is negative.`;
  if (range.sectors <= 0n) {
    return `The range is empty (${sec(range.sectors)} sectors): give it at least one sector.`;
  }
  const end = range.startSector + range.sectors;
  if (end > SECTOR_LIMIT) {
    return `The range ends at sector ${sec(end)}, past the largest sector a plan can hold (2^63).`;
  }
  const diskEnd = diskEndSector(disk);
  if (diskEnd !== null && end > diskEnd) {
    return `The range ${sec(range.startSector)} +${sec(range.sectors)} ends at sector ${sec(end)}, past the end of ${disk.device || disk.id} (${sec(diskEnd)} sectors).`;
  }
  const g = granule(disk);
  if (g > 1n && (range.startSector % g !== 0n || range.sectors % g !== 0n)) {
    return `${disk.device || disk.id} has 4096-byte sectors: a range's start and size must be multiples of 8 (512-byte sectors), but this one is ${sec(range.startSector)} +${sec(range.sectors)}.`;
  }
  return null;
}

function withRange(plan: Plan, vm: number, range: PlanRange, note?: string): OpResult {
  const current = plan.vms[vm];
  if (!validIndex(plan.vms, vm) || !current) {
    return {
      ok: false,
      error: `There is no VM number ${vm + 1} (the plan has ${plan.vms.length}).`,
    };
  }
  if (current.ranges.length >= PLAN_LIMITS.rangesPerVm) {
    return {
      ok: false,
      error: `${current.name} already has ${current.ranges.length} ranges, the most a plan can hold.`,
    };
  }
  const problem = rangeProblem(plan, range);
  if (problem !== null) return { ok: false, error: problem };
  const fresh: PlanRange = {
    disk: range.disk,
    startSector: range.startSector,
    sectors: range.sectors,
    access: range.access,
  };
  const next = { ...current, ranges: [...current.ranges, fresh] };
  const value = { ...plan, vms: replaceAt(plan.vms, vm, next) };
  return note === undefined ? { ok: true, value } : { ok: true, value, note };
}

/**
 * Appends a custom range to a VM; refuses empty ranges, unknown disks, a VM index out of
 * range and ranges past the disk's known end (see rangeProblem).
 *
 * @example assignRange(plan, 0, { disk: "d0", startSector: vmdkSectors(125831168n), sectors: vmdkSectors(62914560n), access: "RW" })
 */
export function assignRange(plan: Plan, vm: number, range: PlanRange): OpResult {
  return withRange(plan, vm, range);
}

function findPartition(
  plan: Plan,
  diskId: string,
  partition: number,
): Exact<{ disk: PlanDisk; part: PlanPartition; startSector: VmdkSectors; sectors: VmdkSectors }> {
  const disk = plan.disks.find((d) => d.id === diskId);
  if (!disk) return { ok: false, error: `There is no disk "${diskId}" in the plan.` };
  const part = disk.partitions[partition];
  if (!validIndex(disk.partitions, partition) || !part) {
    return {
      ok: false,
      error: `${disk.device || disk.id} has no partition at index ${partition} (it lists ${disk.partitions.length}).`,
    };
  }
  const extent = partitionSectors(part, partition);
  if (!extent.ok) return extent;
  if (extent.value.sectors === 0n) {
    return { ok: false, error: `${partitionName(part, partition)} is empty (0 bytes).` };
  }
  return { ok: true, value: { disk, part, ...extent.value } };
}

const inexactNote = (part: PlanPartition, index: number): string | undefined =>
  part.exact === false
    ? `The listing gave rounded numbers for ${partitionName(part, index)}: confirm the exact start and size before downloading.`
    : undefined;

/**
 * Appends the whole partition (disk.partitions[index]) to the VM. Refuses a partition whose
 * start or size is not a whole number of 512-byte sectors, saying so with the numbers.
 *
 * @example assignPartition(plan, 0, "d0", 1) // the VM gets d0 125831168 +125829120 RW
 */
export function assignPartition(
  plan: Plan,
  vm: number,
  disk: string,
  partition: number,
  access: Access = "RW",
): OpResult {
  const found = findPartition(plan, disk, partition);
  if (!found.ok) return found;
  const { startSector, sectors, part } = found.value;
  return withRange(plan, vm, { disk, startSector, sectors, access }, inexactNote(part, partition));
}

/** Appends an unpartitioned stretch (one of freeSpace's gaps) to the VM. */
export function assignGap(plan: Plan, vm: number, gap: Gap, access: Access = "RW"): OpResult {
  return withRange(plan, vm, {
    disk: gap.disk,
    startSector: gap.startSector,
    sectors: gap.sectors,
    access,
  });
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

const alignmentText = (g: bigint): string =>
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

/**
 * Splits a partition into n equal parts (1 MiB aligned when it allows) and gives each to a
 * new VM; the note says what each got and where any remainder went (to no VM).
 *
 * @example splitPartitionToNewVms(plan, "d0", 1, 2) // vm1: 125831168 +62914560, vm2: 188745728 +62914560
 */
export function splitPartitionToNewVms(
  plan: Plan,
  disk: string,
  partition: number,
  n: number,
): OpResult {
  const found = findPartition(plan, disk, partition);
  if (!found.ok) return found;
  const { startSector, sectors, part, disk: planDisk } = found.value;
  if (Number.isInteger(n) && plan.vms.length + n > PLAN_LIMITS.vms) {
    return {
      ok: false,
      error: `The plan has ${plan.vms.length} VMs; ${n} more would pass the limit of ${PLAN_LIMITS.vms}.`,
    };
  }
  const split = splitOnDisk(planDisk, startSector, sectors, n);
  if (!split.ok) return split;
  let next = plan;
  const names: string[] = [];
  for (const p of split.value.parts) {
    const name = nextVmName(next);
    next = addVm(next, name);
    names.push(name);
    const assigned = withRange(next, next.vms.length - 1, {
      disk,
      startSector: p.startSector,
      sectors: p.sectors,
      access: "RW",
    });
    if (!assigned.ok) return assigned;
    next = assigned.value;
  }
  const first = split.value.parts[0];
  const partSize = first ? first.sectors : 0n;
  const notes = [
    `Split ${partitionName(part, partition)} into ${n} part${n === 1 ? "" : "s"} of ${sec(partSize)} sectors (${sizeText(partSize)}), ${alignmentText(split.value.alignment)}, for ${names.join(", ")}.`,
  ];
  const rem = split.value.remainder;
  notes.push(
    rem === null
      ? "Nothing is left over."
      : `${sec(rem.sectors)} sectors of the partition go to no VM: ${rem.where}.`,
  );
  const inexact = inexactNote(part, partition);
  if (inexact !== undefined) notes.push(inexact);
  return { ok: true, value: next, note: notes.join(" ") };
}

/** Removes range `range` of VM `vm`. */
export function removeRange(plan: Plan, vm: number, range: number): Plan {
  const current = plan.vms[vm];
  if (!current || !validIndex(plan.vms, vm) || !validIndex(current.ranges, range)) return plan;
  const next = { ...current, ranges: current.ranges.filter((_, i) => i !== range) };
  return { ...plan, vms: replaceAt(plan.vms, vm, next) };
}

/**
 * Moves a VM's range from position `from` to position `to` (its index afterwards): the
 * guest sees its ranges in this order.
 *
 * @example moveRange(plan, 0, 2, 0) // the third range becomes the first
 */
export function moveRange(plan: Plan, vm: number, from: number, to: number): Plan {
  const current = plan.vms[vm];
  if (!current || !validIndex(plan.vms, vm)) return plan;
  if (!validIndex(current.ranges, from) || !validIndex(current.ranges, to) || from === to)
    return plan;
  const ranges = current.ranges.slice();
  const [moved] = ranges.splice(from, 1);
  if (!moved) return plan;
  ranges.splice(to, 0, moved);
  return { ...plan, vms: replaceAt(plan.vms, vm, { ...current, ranges }) };
}

/** Changes a range's disk, start, size, access or guest type, validated like assignRange. */
export function updateRange(
  plan: Plan,
  vm: number,
  range: number,
  patch: Partial<PlanRange>,
): OpResult {
  const current = plan.vms[vm];
  if (!current || !validIndex(plan.vms, vm)) {
    return {
      ok: false,
      error: `There is no VM number ${vm + 1} (the plan has ${plan.vms.length}).`,
    };
  }
  const old = current.ranges[range];
  if (!old || !validIndex(current.ranges, range)) {
    return { ok: false, error: `${current.name} has no range number ${range + 1}.` };
  }
  const updated: PlanRange = {
    disk: patch.disk ?? old.disk,
    startSector: patch.startSector ?? old.startSector,
    sectors: patch.sectors ?? old.sectors,
    access: patch.access ?? old.access,
  };
  // A range that still starts where it did is the same guest partition: it keeps its type and
  // GUID (Windows ties drive letters to the GUID). Moved elsewhere, it takes the new place's.
  if (updated.disk === old.disk && updated.startSector === old.startSector) {
    if (old.type !== undefined) updated.type = old.type;
    if (old.partitionGuid !== undefined) updated.partitionGuid = old.partitionGuid;
  }
  if (patch.type !== undefined) updated.type = patch.type;
  const problem = rangeProblem(plan, updated);
  if (problem !== null) return { ok: false, error: problem };
  const next = { ...current, ranges: replaceAt(current.ranges, range, updated) };
  return { ok: true, value: { ...plan, vms: replaceAt(plan.vms, vm, next) } };
}

// ---------------------------------------------------------------------------------------
// Views

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

/** VM indexes whose ranges on `diskId` overlap [start, start + sectors). */
function ownersOf(plan: Plan, diskId: string, start: bigint, sectors: bigint): number[] {
  const owners: number[] = [];
  plan.vms.forEach((vm, i) => {
    if (
      vm.ranges.some(
        (r) => r.disk === diskId && sectorsOverlap(r.startSector, r.sectors, start, sectors),
      )
    ) {
      owners.push(i);
    }
  });
  return owners;
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
    owners: ownersOf(plan, diskId, start, sectors),
  });

  const tableEnd = tableAreaEnd(disk);
  if (tableEnd > 0n) segments.push(seg("table", 0n, tableEnd));

  const covers = disk.partitions.map(partitionCover);
  const partitionSegments = disk.partitions.map((_, i) => {
    const c = covers[i] ?? { start: 0n, end: 0n };
    const depth = covers.filter(
      (o, j) =>
        j !== i &&
        o.start <= c.start &&
        c.end <= o.end &&
        (o.end - o.start > c.end - c.start || j < i),
    ).length;
    return seg("partition", c.start, c.end - c.start, { partition: i, depth });
  });
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
 * What the guest sees, taken from guestLayout (the very extent list the descriptor, head and
 * tail files are built from, so the page and the zip cannot disagree): the head, any ZERO
 * padding (identity placement), the ranges, a GPT's tail, the total T and the partitions the
 * table in the head describes. Null when guestLayout refuses the VM (its findings say why).
 *
 * @example guestView(webVm, plan.disks)?.totalSectors // 2048 + 62914560 = 62916608n
 * @example guestView({ ...webVm, partitionTable: "gpt" }, plan.disks)?.totalSectors // + 33 tail sectors
 */
export function guestView(vm: PlanVm, disks: readonly PlanDisk[]): GuestView | null {
  const result = guestLayout(vm, disks);
  if (!result.ok) return null;
  const { layout } = result;
  const segments = layout.extents.map((e): GuestSegment => {
    const base = { virtualStart: e.virtualStart, sectors: e.sectors };
    return e.kind === "range"
      ? { kind: "range", ...base, range: e.range }
      : { kind: e.kind, ...base };
  });
  return {
    totalSectors: layout.totalSectors,
    segments,
    table: layout.table,
    placement: layout.placement,
    partitions: layout.partitions,
  };
}
