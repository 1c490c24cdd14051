/**
 * Test plans: the worked example of docs/product.md (../plan/example.testkit.ts, here of known
 * size and GPT) whole and split, and small builders. Random plans come from ../plan/generate.testkit.ts. Tests only.
 */
import type { Plan, PlanDisk, PlanRange, PlanVm } from "../plan/types.ts";
import { PLAN_FORMAT, PLAN_VERSION } from "../plan/types.ts";
import {
  EXAMPLE_DISK_BYTES,
  PARTITION_1,
  SPLIT_HALVES,
  workedExampleDisk,
} from "../plan/example.testkit.ts";
import { vmdkSectors } from "../units.ts";

/** The 240 GB disk of the worked example (three partitions, Windows host), of known size, GPT. */
export function exampleDisk(): PlanDisk {
  return workedExampleDisk({ sizeBytes: EXAMPLE_DISK_BYTES, tableType: "gpt" });
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
  return plan(
    "example",
    [exampleDisk()],
    [vm("web", [range(PARTITION_1.startSector, PARTITION_1.sectors)])],
  );
}

/** Partition #1 split between two VMs (docs/product.md). */
export function splitPlan(): Plan {
  return plan(
    "split",
    [exampleDisk()],
    [
      vm("web", [range(SPLIT_HALVES.web.startSector, SPLIT_HALVES.web.sectors)]),
      vm("db", [range(SPLIT_HALVES.db.startSector, SPLIT_HALVES.db.sectors)]),
    ],
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
