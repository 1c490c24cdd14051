/**
 * The plan: the product's one data format. The CLI reads it, the zip carries it as plan.json,
 * share links and local storage hold it. docs/plan-format.md documents the JSON form.
 *
 * In memory every quantity is an exact bigint; in JSON, a decimal string.
 *
 *   disk d0  ├─ partition 0 ─┤   ├── partition 1 ──────────┤
 *   VM web     head ▸ [2048 sectors of Raw_Sectors_1MiB] then [range d0 125831168 +62914560]
 *
 * A range is half-open [startSector, startSector + sectors) in 512-byte VMDK sectors,
 * whatever the disk's logical sector size.
 */
import type { Bytes, VmdkSectors } from "../units.ts";

/** Never change: identifies the file format. */
export const PLAN_FORMAT = "raw-disk-planner/plan";
export const PLAN_VERSION = 1;

export type Access = "RW" | "RDONLY";
export const ACCESS_VALUES: readonly Access[] = ["RW", "RDONLY"];

export type AdapterType = "ide" | "buslogic" | "lsilogic";
export const ADAPTER_TYPES: readonly AdapterType[] = ["ide", "buslogic", "lsilogic"];

export interface PlanPartition {
  number: number | null;
  label: string;
  startByte: Bytes;
  sizeBytes: Bytes;
  /** Type as the listing gave it (`Linux filesystem`, `GPT: Basic Data`, `07`), if any. */
  type?: string;
  flags?: string[];
  /** False when the listing gave rounded numbers (the user must confirm exact ones). */
  exact?: boolean;
}

export interface PlanDisk {
  /** Stable id referenced by ranges: `d0`, `d1`, … */
  id: string;
  /** `\\.\PhysicalDrive0`, `/dev/sda`, `/dev/disk/by-id/…`: written into the descriptor as is. */
  device: string;
  logicalSectorSize: 512 | 4096;
  /** Exact size, or null when unknown (then "past the end" cannot be checked). */
  sizeBytes: Bytes | null;
  tableType?: "dos" | "gpt" | null;
  partitions: PlanPartition[];
  /**
   * True when the listing behind this disk was inexact and the user has confirmed the
   * numbers are exact. Absent or false with any inexact partition: download is blocked.
   */
  exactConfirmed?: boolean;
}

export interface PlanRange {
  /** A PlanDisk id. */
  disk: string;
  startSector: VmdkSectors;
  sectors: VmdkSectors;
  access: Access;
}

export interface PlanHead {
  /** Bare file name beside the descriptor. */
  file: string;
  /** Size in 512-byte sectors (2048 = 1 MiB). */
  sectors: number;
}

export interface PlanVm {
  name: string;
  adapterType: AdapterType;
  /** ddb.uuid.image; null until first built, then kept so rebuilds are byte-identical. */
  uuid: string | null;
  head: PlanHead;
  ranges: PlanRange[];
  /** Display colour index into the UI palette (optional, UI only). */
  color?: number;
}

export interface Plan {
  format: typeof PLAN_FORMAT;
  version: typeof PLAN_VERSION;
  name: string;
  disks: PlanDisk[];
  vms: PlanVm[];
}

export const DEFAULT_HEAD: PlanHead = { file: "Raw_Sectors_1MiB", sectors: 2048 };

export function emptyPlan(name = "plan"): Plan {
  return { format: PLAN_FORMAT, version: PLAN_VERSION, name, disks: [], vms: [] };
}
