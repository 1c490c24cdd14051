/**
 * For tests only: small plans with guest tables, built from the worked example of docs/product.md
 * (a 240 GB Windows disk, wmic listing) or from plain numbers.
 *
 *   exampleVm({ partitionTable: "gpt" })   web: head 2048, then d0 125831168 +62914560
 */
import type { Plan, PlanDisk, PlanPartition, PlanRange, PlanVm } from "../plan/types.ts";
import { DEFAULT_HEAD, PLAN_FORMAT, PLAN_VERSION } from "../plan/types.ts";
import { EXAMPLE_DISK_BYTES, SPLIT_HALVES, workedExampleDisk } from "../plan/example.testkit.ts";
import { bytes, vmdkSectors } from "../units.ts";

/** The worked example's disk with its exact size, partitions typed by position. */
export function exampleDisk(types: Array<string | undefined> = []): PlanDisk {
  return workedExampleDisk({ sizeBytes: EXAMPLE_DISK_BYTES, types });
}

export function range(start: bigint, sectors: bigint, extra: Partial<PlanRange> = {}): PlanRange {
  return {
    disk: "d0",
    startSector: vmdkSectors(start),
    sectors: vmdkSectors(sectors),
    access: "RW",
    ...extra,
  };
}

/** The worked example's VM `web` (Partition #1's first half), with `patch` applied. */
export function exampleVm(patch: Partial<PlanVm> = {}): PlanVm {
  return {
    name: "web",
    adapterType: "ide",
    uuid: null,
    head: { ...DEFAULT_HEAD },
    ranges: [range(SPLIT_HALVES.web.startSector, SPLIT_HALVES.web.sectors)],
    ...patch,
  };
}

export function planOf(vms: PlanVm[], disks: PlanDisk[] = [exampleDisk()]): Plan {
  return { format: PLAN_FORMAT, version: PLAN_VERSION, name: "guest", disks, vms };
}

/** A disk of `sectors` 512-byte sectors with the given partitions [start, sectors, type]. */
export function diskOf(
  sectors: bigint,
  partitions: Array<[bigint, bigint, string?]> = [],
  id = "d0",
): PlanDisk {
  return {
    id,
    device: "/dev/disk/by-id/ata-TEST_DISK_0001",
    logicalSectorSize: 512,
    sizeBytes: bytes(sectors * 512n),
    tableType: "gpt",
    partitions: partitions.map(([start, size, type], i): PlanPartition => {
      const p: PlanPartition = {
        number: i + 1,
        label: `part${i + 1}`,
        startByte: bytes(start * 512n),
        sizeBytes: bytes(size * 512n),
      };
      if (type !== undefined) p.type = type;
      return p;
    }),
  };
}

/** Counter-based UUIDs (v4-shaped), so tests see predictable identity fields. */
export function counterUuids(start = 1): () => string {
  let n = start;
  return () => {
    const hex = (n++).toString(16);
    return `${hex.padStart(8, "0")}-1111-4222-8333-${hex.padStart(12, "0")}`;
  };
}
