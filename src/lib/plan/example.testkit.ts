/**
 * For tests only: the worked example of docs/product.md as plan values, the one builder every
 * layer's tests start from (plan, guest, check, vmdk, zip, app, ui, cli).
 *
 *   workedExampleDisk()                                   as wmic lists it: size unknown
 *   workedExampleDisk({ sizeBytes: EXAMPLE_DISK_BYTES })  with the 240 GB disk's exact size
 *   workedExamplePlan()                                   that disk, no VMs
 *
 * The numbers are wmic's (NumberOfBlocks in 512-byte blocks, StartingOffset in bytes), written
 * as the listing prints them so that a reader can check them against docs/product.md.
 */
import {
  PLAN_FORMAT,
  PLAN_VERSION,
  type Plan,
  type PlanDisk,
  type PlanPartition,
} from "./types.ts";
import { bytes } from "../units.ts";

/** The device wmic's "Disk #0" is on Windows, as JSON-unescaped text: `\\.\PhysicalDrive0`. */
export const EXAMPLE_DEVICE = "\\\\.\\PhysicalDrive0";

/**
 * The 240 GB disk's exact size: 468862128 sectors of 512 bytes, the IDEMA capacity of a 240 GB
 * drive. wmic's partition listing does not give it; Get-Disk would.
 */
export const EXAMPLE_DISK_BYTES = 240057409536n;

/** The three partitions of the listing: [number, NumberOfBlocks, StartingOffset]. */
export const EXAMPLE_LISTED: ReadonlyArray<readonly [number, bigint, bigint]> = [
  [0, 125829120n, 1048576n],
  [1, 125829120n, 64425558016n],
  [2, 33554432n, 128850067456n],
];

/** Partition #1 in 512-byte sectors: 64425558016 / 512 = 125831168, 125829120 long. */
export const PARTITION_1 = { startSector: 125831168n, sectors: 125829120n } as const;

/** Partition #1 split between two VMs (docs/product.md): `web` gets the first half, `db` the second. */
export const SPLIT_HALVES = {
  web: { startSector: 125831168n, sectors: 62914560n },
  db: { startSector: 188745728n, sectors: 62914560n },
} as const;

export interface WorkedExampleOptions {
  /** The disk's size in bytes; null (the default) as wmic leaves it unknown. */
  sizeBytes?: bigint | null;
  /** The partition table, when the test needs one (wmic does not say). */
  tableType?: PlanDisk["tableType"];
  /** A partition type per partition, by position; undefined leaves that partition untyped. */
  types?: ReadonlyArray<string | undefined>;
}

/** The worked example's disk, `d0`, with 512-byte sectors. A new object on every call. */
export function workedExampleDisk(options: WorkedExampleOptions = {}): PlanDisk {
  const { sizeBytes = null, tableType, types = [] } = options;
  const disk: PlanDisk = {
    id: "d0",
    device: EXAMPLE_DEVICE,
    logicalSectorSize: 512,
    sizeBytes: sizeBytes === null ? null : bytes(sizeBytes),
    ...(tableType === undefined ? {} : { tableType }),
    partitions: EXAMPLE_LISTED.map(([number, blocks, offset], i): PlanPartition => {
      const partition: PlanPartition = {
        number,
        label: `Disk #0, Partition #${number}`,
        startByte: bytes(offset),
        sizeBytes: bytes(blocks * 512n),
      };
      const type = types[i];
      if (type !== undefined) partition.type = type;
      return partition;
    }),
  };
  return disk;
}

/** A plan named "example" holding the worked example's disk and no VMs. */
export function workedExamplePlan(sizeBytes: bigint | null = null): Plan {
  return {
    format: PLAN_FORMAT,
    version: PLAN_VERSION,
    name: "example",
    disks: [workedExampleDisk({ sizeBytes })],
    vms: [],
  };
}
