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
import { MIB_SECTORS } from "../vbox.ts";

/** Never change: identifies the file format. */
export const PLAN_FORMAT = "raw-disk-planner/plan";
export const PLAN_VERSION = 1;

export type Access = "RW" | "RDONLY";
export const ACCESS_VALUES: readonly Access[] = ["RW", "RDONLY"];

export type AdapterType = "ide" | "buslogic" | "lsilogic";
export const ADAPTER_TYPES: readonly AdapterType[] = ["ide", "buslogic", "lsilogic"];

/**
 * The partition table written into a VM's head file (src/lib/guest, docs/guest-heads.md):
 * `none` leaves the head blank (the guest sees an unpartitioned disk).
 */
export type PartitionTable = "none" | "mbr" | "gpt";
export const PARTITION_TABLES: readonly PartitionTable[] = ["none", "mbr", "gpt"];

/**
 * Where the guest sees each range: `packed` right after the head and the previous range;
 * `identity` at the same LBA as on the host, with zero-filled padding extents between.
 */
export type Placement = "packed" | "identity";

/** The hypervisors a VM's disk is written for (docs/targets.md); VirtualBox is the default. */
export type Target = "virtualbox" | "qemu" | "libvirt" | "dm";
export const TARGETS: readonly Target[] = ["virtualbox", "qemu", "libvirt", "dm"];
export const PLACEMENTS: readonly Placement[] = ["packed", "identity"];

/** A guest partition's type (src/lib/guest/partitionTypes.ts has its MBR byte and GPT GUID). */
export type GuestPartitionType =
  | "basic-data"
  | "fat32"
  | "linux"
  | "linux-swap"
  | "linux-lvm"
  | "linux-raid"
  | "efi"
  | "msr"
  | "windows-recovery"
  | "bios-boot";
export const GUEST_PARTITION_TYPES: readonly GuestPartitionType[] = [
  "basic-data",
  "fat32",
  "linux",
  "linux-swap",
  "linux-lvm",
  "linux-raid",
  "efi",
  "msr",
  "windows-recovery",
  "bios-boot",
];

/** Name of the GPT tail file (the backup table, 33 sectors) when the VM does not name one. */
export const DEFAULT_TAIL_FILE = "Raw_Sectors_GPT_Backup";

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
  /**
   * What the listing said about the host using the partition: where it is mounted (`C:`,
   * `/`, `/home, /var`, `[SWAP]`), and whether it is the volume the host's operating system
   * runs from (Windows' boot volume; lsblk's `/` or `/boot`) or its system partition (the one
   * its firmware starts it from). The host check warns about ranges over them.
   */
  mountPoint?: string;
  isBoot?: boolean;
  isSystem?: boolean;
}

/**
 * What the listing said about which physical disk this is (src/lib/listing/types.ts
 * DiskIdentity): two disks whose values differ in any one field are different disks.
 */
export interface PlanDiskIdentity {
  serial?: string;
  /** GPT disk GUID. */
  diskGuid?: string;
  /** MBR disk signature, 8 hex digits. */
  mbrSignature?: string;
  /** Windows Get-Disk UniqueId. */
  uniqueId?: string;
}

export const PLAN_DISK_IDENTITY_FIELDS = [
  "serial",
  "diskGuid",
  "mbrSignature",
  "uniqueId",
] as const;

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
  /** Serial, disk GUID, MBR signature, UniqueId from the listing (docs/device-identity.md). */
  identity?: PlanDiskIdentity;
}

export interface PlanRange {
  /** A PlanDisk id. */
  disk: string;
  startSector: VmdkSectors;
  sectors: VmdkSectors;
  access: Access;
  /** The guest partition's type when the VM has a partition table; absent: from the host's. */
  type?: GuestPartitionType;
  /** GPT unique partition GUID (lowercase); null until first built, then kept. */
  partitionGuid?: string | null;
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
  /** The table written into the head; absent means "none" (a blank head). */
  partitionTable?: PartitionTable;
  /** Absent means "packed". */
  placement?: Placement;
  /** GPT only: the backup table's file beside the descriptor; absent: DEFAULT_TAIL_FILE. */
  tailFile?: string;
  /** MBR disk signature, 8 lowercase hex digits, not all zero; null until first built. */
  diskSignature?: string | null;
  /** GPT disk GUID (lowercase); null until first built, then kept. */
  diskGuid?: string | null;
  /** Which outputs the zip holds for this VM; absent means ["virtualbox"] (docs/targets.md). */
  targets?: Target[];
}

export interface Plan {
  format: typeof PLAN_FORMAT;
  version: typeof PLAN_VERSION;
  name: string;
  disks: PlanDisk[];
  vms: PlanVm[];
  /**
   * Pairs of device paths the user declared to be different disks, although the text of the
   * paths cannot tell (docs/device-identity.md). Compared by canonical form, in either order.
   */
  distinctDevices?: Array<[string, string]>;
}

export const DEFAULT_HEAD: PlanHead = { file: "Raw_Sectors_1MiB", sectors: Number(MIB_SECTORS) };

export function emptyPlan(name = "plan"): Plan {
  return { format: PLAN_FORMAT, version: PLAN_VERSION, name, disks: [], vms: [] };
}
