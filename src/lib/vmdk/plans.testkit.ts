/**
 * Test plans: the worked example of docs/product.md (on a 240 GB disk of known size) and its split,
 * and small builders. Random plans come from ../plan/generate.testkit.ts. Tests only.
 */
import type { Plan, PlanDisk, PlanRange, PlanVm } from "../plan/types.ts";
import { PLAN_FORMAT, PLAN_VERSION } from "../plan/types.ts";
import { bytes, vmdkSectors } from "../units.ts";

export const WINDOWS_DISK_0 = "\\\\.\\PhysicalDrive0";

/** The 240 GB disk of the worked example (three partitions, Windows host). */
export function exampleDisk(): PlanDisk {
  return {
    id: "d0",
    device: WINDOWS_DISK_0,
    logicalSectorSize: 512,
    sizeBytes: bytes(240057409536n),
    tableType: "gpt",
    partitions: [
      {
        number: 0,
        label: "Disk #0, Partition #0",
        startByte: bytes(1048576n),
        sizeBytes: bytes(125829120n * 512n),
      },
      {
        number: 1,
        label: "Disk #0, Partition #1",
        startByte: bytes(64425558016n),
        sizeBytes: bytes(125829120n * 512n),
      },
      {
        number: 2,
        label: "Disk #0, Partition #2",
        startByte: bytes(128850067456n),
        sizeBytes: bytes(33554432n * 512n),
      },
    ],
  };
}

export function vm(name: string, ranges: PlanRange[], uuid: string | null = null): PlanVm {
  return {
    name,
    adapterType: "ide",
    uuid,
    head: { file: "Raw_Sectors_1MiB", sectors: 2048 },
    ranges,
  };
}

export const range = (startSector: bigint, sectors: bigint, disk = "d0"): PlanRange => ({
  disk,
  startSector: vmdkSectors(startSector),
  sectors: vmdkSectors(sectors),
  access: "RW",
});

export function plan(name: string, disks: PlanDisk[], vms: PlanVm[]): Plan {
  return { format: PLAN_FORMAT, version: PLAN_VERSION, name, disks, vms };
}

/** One VM with all of Partition #1. */
export function wholePartitionPlan(): Plan {
  return plan("example", [exampleDisk()], [vm("web", [range(125831168n, 125829120n)])]);
}

/** Partition #1 split between two VMs (docs/product.md). */
export function splitPlan(): Plan {
  return plan(
    "split",
    [exampleDisk()],
    [vm("web", [range(125831168n, 62914560n)]), vm("db", [range(188745728n, 62914560n)])],
  );
}

/** A partitionedDevice descriptor around the given extent lines, as VirtualBox writes one. */
export const descriptorText = (
  extents: string[],
  uuid = "5a1c0f3e-8b7d-4c2a-9e61-0d3f4b2a7c19",
  adapterType = "lsilogic",
): string =>
  [
    "# Disk DescriptorFile",
    "version=1",
    "CID=fffffffe",
    "parentCID=ffffffff",
    'createType="partitionedDevice"',
    "",
    ...extents,
    "",
    'ddb.virtualHWVersion="4"',
    `ddb.uuid.image="${uuid}"`,
    `ddb.adapterType="${adapterType}"`,
    "",
  ].join("\n");
