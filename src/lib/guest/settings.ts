/**
 * A VM's guest settings with their defaults, and which guest partition type each range gets:
 * the plan's choice, else the type of the host partition it starts on, else the default.
 */
import type { GuestPartition } from "./layout.ts";
import { DEFAULT_GUEST_TYPE, guestTypeFromHost } from "./partitionTypes.ts";
import { isExtended } from "../plan/disk.ts";
import { quoteForMessage } from "../plan/names.ts";
import { VMDK_SECTOR_BYTES } from "../units.ts";
import {
  DEFAULT_TAIL_FILE,
  GUEST_PARTITION_TYPES,
  PARTITION_TABLES,
  PLACEMENTS,
  type GuestPartitionType,
  type PartitionTable,
  type Placement,
  type PlanDisk,
  type PlanPartition,
  type PlanRange,
  type PlanVm,
} from "../plan/types.ts";

/** The VM's table, placement and tail file name, with the defaults filled in. */
export function guestSettings(vm: PlanVm): {
  table: PartitionTable;
  placement: Placement;
  tailFile: string;
} {
  return {
    table: vm.partitionTable ?? "none",
    placement: vm.placement ?? "packed",
    tailFile: vm.tailFile ?? DEFAULT_TAIL_FILE,
  };
}

/**
 * Why the VM's guest settings are outside their enumerations (a plan built in memory, not
 * loaded: loadPlan refuses these), or null.
 *
 * @example guestSettingsProblem({ ...vm, partitionTable: "MBR" }) // { field: "partitionTable", … }
 */
export function guestSettingsProblem(vm: PlanVm): { field: string; message: string } | null {
  const { partitionTable, placement, tailFile } = vm;
  if (partitionTable !== undefined && !PARTITION_TABLES.includes(partitionTable)) {
    return {
      field: "partitionTable",
      message: `its partition table ${quoteForMessage(String(partitionTable))} is not one of ${PARTITION_TABLES.join(", ")}`,
    };
  }
  if (placement !== undefined && !PLACEMENTS.includes(placement)) {
    return {
      field: "placement",
      message: `its placement ${quoteForMessage(String(placement))} is not one of ${PLACEMENTS.join(", ")}`,
    };
  }
  if (tailFile !== undefined && typeof tailFile !== "string") {
    return { field: "tailFile", message: "its GPT tail file name is not text" };
  }
  for (const [i, range] of vm.ranges.entries()) {
    if (range.type !== undefined && !GUEST_PARTITION_TYPES.includes(range.type)) {
      return {
        field: "type",
        message: `range ${i + 1}'s partition type ${quoteForMessage(String(range.type))} is not one of ${GUEST_PARTITION_TYPES.join(", ")}`,
      };
    }
  }
  return null;
}

// ─── Host partitions: which one a range came from ───────────────────────────────────────

export interface HostSpan {
  index: number;
  partition: PlanPartition;
  start: bigint;
  /** Exclusive, rounded up to whole sectors. */
  end: bigint;
}

export function hostSpans(disk: PlanDisk): HostSpan[] {
  const spans: HostSpan[] = [];
  disk.partitions.forEach((partition, index) => {
    const { startByte, sizeBytes } = partition;
    if (typeof startByte !== "bigint" || typeof sizeBytes !== "bigint") return;
    if (startByte < 0n || sizeBytes <= 0n || startByte % VMDK_SECTOR_BYTES !== 0n) return;
    if (isExtended(partition)) return;
    spans.push({
      index,
      partition,
      start: startByte / VMDK_SECTOR_BYTES,
      end: (startByte + sizeBytes + VMDK_SECTOR_BYTES - 1n) / VMDK_SECTOR_BYTES,
    });
  });
  return spans;
}

/**
 * The host partition a range came from: the one starting where it starts; failing that, the
 * smallest one containing its first sector (a part of a split partition keeps its type).
 */
export function hostOrigin(
  range: PlanRange,
  spans: readonly HostSpan[],
): { span: HostSpan; sameStart: boolean } | null {
  let containing: HostSpan | null = null;
  for (const span of spans) {
    if (span.start === range.startSector) return { span, sameStart: true };
    if (span.start <= range.startSector && range.startSector < span.end) {
      if (!containing || span.end - span.start < containing.end - containing.start) {
        containing = span;
      }
    }
  }
  return containing ? { span: containing, sameStart: false } : null;
}

/**
 * The guest type of a range: its own, else the host partition's (mapped by
 * guestTypeFromHost), else DEFAULT_GUEST_TYPE.
 *
 * @example resolveGuestType({ ...range, type: undefined }, diskWithNtfsAtItsStart)
 * // { type: "basic-data", source: "host", hostPartition: 1 }
 */
export function resolveGuestType(range: PlanRange, disk: PlanDisk | undefined): ResolvedType {
  return resolveWith(range, disk ? hostOrigin(range, hostSpans(disk)) : null);
}

export interface ResolvedType {
  type: GuestPartitionType;
  source: GuestPartition["typeSource"];
  hostPartition: number | null;
}

export function resolveWith(range: PlanRange, origin: ReturnType<typeof hostOrigin>): ResolvedType {
  const hostPartition = origin?.sameStart ? origin.span.index : null;
  if (range.type !== undefined && GUEST_PARTITION_TYPES.includes(range.type)) {
    return { type: range.type, source: "plan", hostPartition };
  }
  const fromHost = origin ? guestTypeFromHost(origin.span.partition.type) : null;
  if (fromHost) return { type: fromHost, source: "host", hostPartition };
  return { type: DEFAULT_GUEST_TYPE, source: "default", hostPartition };
}
