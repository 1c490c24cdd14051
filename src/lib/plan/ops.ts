/**
 * Pure plan operations. Each takes a plan and returns a new one (the input is never
 * mutated), so the UI can keep an undo stack of plans. Operations that can fail return a
 * discriminated result with a message for the user.
 *
 * All sector quantities are 512-byte VMDK sectors; ranges are half-open [start, start + n).
 *
 * The disk's geometry (free space, table areas, the map) is in disk.ts; what a guest sees is
 * src/lib/guest/diskView.ts.
 *
 * Operations that take an index (vm, range) and return a bare Plan leave the plan unchanged
 * (and return the very same object) when the index is out of range: a stale index after an
 * undo must not break the page. Operations that return an OpResult say what was wrong.
 */
import type { Access, Plan, PlanDisk, PlanPartition, PlanRange, PlanVm } from "./types.ts";
import { ACCESS_VALUES, DEFAULT_HEAD } from "./types.ts";
import { type Exact, type VmdkSectors } from "../units.ts";
import { PLAN_LIMITS } from "./codec.ts";
import {
  diskEndSector,
  granule,
  partitionName,
  partitionSectors,
  sec,
  sizeText,
  type Gap,
} from "./disk.ts";
import { alignmentText, splitOnDisk } from "./split.ts";

export type { Gap, DiskSegment } from "./disk.ts";
export {
  diskLayout,
  samePlanForDisk,
  freeSpace,
  gptBackupSectors,
  partitionName,
  partitionSectors,
} from "./disk.ts";
export type { SplitPart, SplitRemainder, SplitResult } from "./split.ts";
export { splitOnDisk, splitRange } from "./split.ts";

export type OpResult<T = Plan> =
  { ok: true; value: T; note?: string } | { ok: false; error: string };

/** The codec's bound on sector values; ops never build a range that ends past it. */
const SECTOR_LIMIT = 1n << 63n;

/**
 * A short label for a range, as the VM cards show it.
 *
 * @example rangeLabel({ disk: "d0", startSector: 125831168n, sectors: 62914560n, access: "RW" })
 * // "RW 125,831,168 +62,914,560 (30 GiB)"
 */
export function rangeLabel(range: PlanRange): string {
  return `${range.access} ${sec(range.startSector)} +${sec(range.sectors)} (${sizeText(range.sectors)})`;
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

/** Where an assignment goes: a new VM, or an existing one by index. */
export type VmTarget = "new" | number;

/** The VM a target names, adding it first when it is "new" (with the next free colour). */
export function resolveTarget(plan: Plan, target: VmTarget): { plan: Plan; vm: number } {
  if (target !== "new") return { plan, vm: target };
  const next = addVm(plan);
  return { plan: next, vm: next.vms.length - 1 };
}

/**
 * Splits [startSector, startSector + sectors) of a disk into equal parts (1 MiB aligned when
 * it allows, splitOnDisk), one per target in order, each a new VM or an existing one.
 *
 * @example splitToTargets(plan, "d0", 125831168n, 125829120n, [0, "new"])
 * // VM 0 gets 125831168 +62914560, a new VM 188745728 +62914560
 */
export function splitToTargets(
  plan: Plan,
  disk: string,
  startSector: VmdkSectors,
  sectors: VmdkSectors,
  targets: readonly VmTarget[],
): OpResult {
  const planDisk = plan.disks.find((d) => d.id === disk);
  if (!planDisk) return { ok: false, error: `The plan has no disk ${disk}.` };
  const parts = splitOnDisk(planDisk, startSector, sectors, targets.length);
  if (!parts.ok) return parts;
  let p = plan;
  for (const [i, part] of parts.value.parts.entries()) {
    const resolved = resolveTarget(p, targets[i] ?? "new");
    const r = assignRange(resolved.plan, resolved.vm, {
      disk,
      startSector: part.startSector,
      sectors: part.sectors,
      access: "RW",
    });
    if (!r.ok) return r;
    p = r.value;
  }
  const rem = parts.value.remainder;
  return {
    ok: true,
    value: p,
    ...(rem
      ? { note: `Split into ${parts.value.parts.length} parts. Left to no VM: ${rem.where}.` }
      : {}),
  };
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
