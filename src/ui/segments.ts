/** Names for the pieces of a disk map, short (on the bar) and long (titles, accessible names). */
import type { DiskSegment } from "../lib/plan/ops.ts";
import type { PlanDisk } from "../lib/plan/types.ts";
import { sectorsHuman } from "./format.ts";

export function segmentShortName(disk: PlanDisk, seg: DiskSegment): string {
  switch (seg.kind) {
    case "partition": {
      const p = seg.partition === undefined ? undefined : disk.partitions[seg.partition];
      return p?.number != null ? `P${p.number}` : `P${(seg.partition ?? 0) + 1}`;
    }
    case "gap":
      return "Free";
    case "table":
      return "Table";
    case "gpt-backup":
      return "GPT backup";
  }
}

export function segmentLongName(disk: PlanDisk, seg: DiskSegment): string {
  switch (seg.kind) {
    case "partition": {
      const p = seg.partition === undefined ? undefined : disk.partitions[seg.partition];
      const base = `Partition ${segmentShortName(disk, seg).slice(1)}`;
      const label = p?.label && p.label !== base ? ` (${p.label})` : "";
      const type = p?.type ? `, ${p.type}` : "";
      return `${base}${label}${type}`;
    }
    case "gap":
      return "Free space";
    case "table":
      return "Host partition table area";
    case "gpt-backup":
      return "GPT backup table area";
  }
}

/** "Partition 1 (Disk #0, Partition #1): start 125831168, 125829120 sectors (60 GiB)" */
export function segmentDescription(disk: PlanDisk, seg: DiskSegment): string {
  return `${segmentLongName(disk, seg)}: start ${seg.startSector}, ${seg.sectors} sectors (${sectorsHuman(seg.sectors)})`;
}

/** A stable element id for a map segment (ids cannot hold every device character). */
export const segmentId = (diskId: string, seg: { startSector: bigint }): string =>
  `seg-${diskId}-${seg.startSector}`;
