/** Names for the pieces of a disk map, short (on the bar) and long (titles, accessible names). */
import type { DiskSegment } from "../lib/plan/ops.ts";
import type { PlanDisk, PlanPartition } from "../lib/plan/types.ts";
import { hostMountOf } from "../lib/plan/disk.ts";
import { sectorsHuman } from "./format.ts";
import { MIB_SECTORS } from "../lib/vbox.ts";

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

const EFI_TYPE = /^(EFI System|GPT: System|C12A7328-F81F-11D2-BA4B-00A0C93EC93B)$/i;
const BASIC_DATA_TYPE =
  /^(Microsoft basic data|GPT: Basic Data|EBD0A0A2-B9E5-4433-87C0-68B6B72699C7)$/i;

/**
 * A GPT gap of exactly 16 MiB right after an EFI partition or right before a Windows basic data
 * partition: where Windows puts its Microsoft reserved partition, which wmic does not list.
 */
export function probablyMicrosoftReserved(
  disk: PlanDisk,
  segments: readonly DiskSegment[],
  index: number,
): boolean {
  const seg = segments[index];
  const gpt = disk.tableType === "gpt" || disk.partitions.some((p) => /^GPT:/i.test(p.type ?? ""));
  if (!gpt || seg?.kind !== "gap" || seg.sectors !== 16n * MIB_SECTORS) {
    return false;
  }
  const typeOf = (s: DiskSegment | undefined) =>
    s?.kind === "partition" && s.partition !== undefined
      ? (disk.partitions[s.partition]?.type ?? "")
      : "";
  return (
    EFI_TYPE.test(typeOf(segments[index - 1])) || BASIC_DATA_TYPE.test(typeOf(segments[index + 1]))
  );
}

export const MSR_GAP_NOTE = "probably Microsoft reserved (wmic does not list it)";

/**
 * What the listing said the host does with a partition, as its owner knows it: the drive
 * letter (`C:`), where it is mounted (`on /home`), swap, or the boot or system volume.
 */
export function hostUseText(p: Pick<PlanPartition, "mountPoint" | "isBoot" | "isSystem">): string {
  const mount = hostMountOf(p);
  if (mount?.kind === "drive") return `${mount.letter}:`;
  if (mount?.kind === "swap") return "swap on the host";
  if (mount?.kind === "path") return `on ${mount.at}`;
  if (p.isBoot === true) return "the host's boot volume";
  if (p.isSystem === true) return "the host's system partition";
  return "";
}

/**
 * What a person recognises a partition by: its type, its own label when it has one, and what
 * the host does with it.
 */
export function partitionTypeText(
  disk: PlanDisk,
  segments: readonly DiskSegment[],
  index: number,
): string {
  const seg = segments[index];
  if (!seg) return "";
  if (probablyMicrosoftReserved(disk, segments, index)) return MSR_GAP_NOTE;
  if (seg.kind !== "partition" || seg.partition === undefined) return "";
  const p = disk.partitions[seg.partition];
  if (!p) return "";
  // Listings without names give a generated label ("Disk #0, Partition #1"): not worth repeating.
  const own =
    p.label && !/^(Disk #\d+, Partition #\d+|Partition \d+)$/.test(p.label) ? p.label : "";
  return [p.type ?? "", own, hostUseText(p)].filter((x) => x !== "").join(" · ");
}

export function segmentLongName(disk: PlanDisk, seg: DiskSegment): string {
  switch (seg.kind) {
    case "partition": {
      const p = seg.partition === undefined ? undefined : disk.partitions[seg.partition];
      const base = `Partition ${segmentShortName(disk, seg).slice(1)}`;
      const label = p?.label && p.label !== base ? ` (${p.label})` : "";
      const type = p?.type ? `, ${p.type}` : "";
      const use = p ? hostUseText(p) : "";
      return `${base}${label}${type}${use ? `, ${use}` : ""}`;
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
