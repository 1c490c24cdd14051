/**
 * Pure plan operations. Each takes a plan and returns a new one (the input is never
 * mutated), so the UI can keep an undo stack of plans. Operations that can fail return a
 * discriminated result with a message for the user.
 *
 * All sector quantities are 512-byte VMDK sectors; ranges are half-open [start, start + n).
 */
import type { Access, Plan, PlanDisk, PlanRange, PlanVm } from "./types.ts";
import type { VmdkSectors } from "../units.ts";

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
  /** VMs (indexes) whose ranges overlap this segment, in plan order. */
  owners: number[];
}

/** The guest's own disk, in order: head, then each range (virtual LBAs start at 0). */
export interface GuestSegment {
  kind: "head" | "range";
  virtualStart: VmdkSectors;
  sectors: VmdkSectors;
  /** Index into vm.ranges when kind is "range". */
  range?: number;
}

export interface GuestView {
  totalSectors: VmdkSectors;
  segments: GuestSegment[];
}

export interface SplitPart {
  startSector: VmdkSectors;
  sectors: VmdkSectors;
}

export interface SplitResult {
  parts: SplitPart[];
  /** Sectors not given to any part (alignment), and where they are; null when none. */
  remainder: { startSector: VmdkSectors; sectors: VmdkSectors; where: string } | null;
}

const todo = (): never => {
  throw new Error("not implemented yet");
};

/** Adds a VM with a unique default name (`vm1`, `vm2`, …) or the one given. */
export function addVm(_plan: Plan, _name?: string): Plan {
  return todo();
}
export function renameVm(_plan: Plan, _vm: number, _name: string): Plan {
  return todo();
}
export function removeVm(_plan: Plan, _vm: number): Plan {
  return todo();
}
export function updateVm(
  _plan: Plan,
  _vm: number,
  _patch: Partial<Pick<PlanVm, "adapterType" | "head" | "color" | "uuid">>,
): Plan {
  return todo();
}
export function updateDisk(
  _plan: Plan,
  _disk: string,
  _patch: Partial<Pick<PlanDisk, "device" | "sizeBytes" | "exactConfirmed">>,
): Plan {
  return todo();
}
/** Appends a custom range to a VM; refuses empty ranges and unknown disks. */
export function assignRange(_plan: Plan, _vm: number, _range: PlanRange): OpResult {
  return todo();
}
/** Appends the whole partition (disk.partitions[index]) to the VM. */
export function assignPartition(
  _plan: Plan,
  _vm: number,
  _disk: string,
  _partition: number,
  _access?: Access,
): OpResult {
  return todo();
}
export function assignGap(_plan: Plan, _vm: number, _gap: Gap, _access?: Access): OpResult {
  return todo();
}
/** Splits [start, start + sectors) into n parts whose starts and sizes are multiples of align. */
export function splitRange(
  _startSector: VmdkSectors,
  _sectors: VmdkSectors,
  _n: number,
  _align?: VmdkSectors,
): OpResult<SplitResult> {
  return todo();
}
/** Splits a partition into n parts and gives each to a new VM; the note says where the remainder went. */
export function splitPartitionToNewVms(
  _plan: Plan,
  _disk: string,
  _partition: number,
  _n: number,
): OpResult {
  return todo();
}
export function removeRange(_plan: Plan, _vm: number, _range: number): Plan {
  return todo();
}
export function moveRange(_plan: Plan, _vm: number, _from: number, _to: number): Plan {
  return todo();
}
export function updateRange(
  _plan: Plan,
  _vm: number,
  _range: number,
  _patch: Partial<PlanRange>,
): OpResult {
  return todo();
}
/** Unpartitioned stretches of the disk; the trailing one only when the disk size is known. */
export function freeSpace(_disk: PlanDisk): Gap[] {
  return todo();
}
/** The disk as a partition editor shows it: table area, partitions, gaps, GPT backup area. */
export function diskLayout(_plan: Plan, _disk: string): DiskSegment[] {
  return todo();
}
/** What the guest sees: the head then each range, and the total size. */
export function guestView(_vm: PlanVm): GuestView {
  return todo();
}
