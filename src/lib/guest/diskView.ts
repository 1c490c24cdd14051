/**
 * What a VM's guest sees, taken from guestLayout (the very extent list the descriptor, head
 * and tail are built from): its head, then its ranges back to back (packed placement without a
 * table; identity placement adds ZERO padding and a GPT a 33-sector tail, see layout.ts):
 *
 *   virtual 0     2048                         62916608
 *   | head  | d0 125831168 +62914560   |      = 62,916,608 sectors in all
 */
import type { PartitionTable, Placement, PlanDisk, PlanVm } from "../plan/types.ts";
import type { VmdkSectors } from "../units.ts";
import { guestLayout, type GuestPartition } from "./layout.ts";

/** The guest's own disk, in order: head, then each range (virtual LBAs start at 0). */
export interface GuestSegment {
  /** `padding`: zeros between ranges (identity placement); `tail`: a GPT's backup table. */
  kind: "head" | "padding" | "range" | "tail";
  virtualStart: VmdkSectors;
  sectors: VmdkSectors;
  /** Index into vm.ranges when kind is "range". */
  range?: number;
}

export interface GuestDiskView {
  /** T: the sum of all segments, what the descriptor's extents add up to. */
  totalSectors: VmdkSectors;
  segments: GuestSegment[];
  table: PartitionTable;
  placement: Placement;
  /** The entries of the table in the head (empty without one). */
  partitions: GuestPartition[];
}

/**
 * What the guest sees, taken from guestLayout (the very extent list the descriptor, head and
 * tail files are built from, so the page and the zip cannot disagree): the head, any ZERO
 * padding (identity placement), the ranges, a GPT's tail, the total T and the partitions the
 * table in the head describes. Null when guestLayout refuses the VM (its findings say why).
 *
 * @example guestDiskView(webVm, plan.disks)?.totalSectors // 2048 + 62914560 = 62916608n
 * @example guestDiskView({ ...webVm, partitionTable: "gpt" }, plan.disks)?.totalSectors // + 33 tail sectors
 */
export function guestDiskView(vm: PlanVm, disks: readonly PlanDisk[]): GuestDiskView | null {
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
