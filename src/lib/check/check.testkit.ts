/** For the check tests: a tiny plan builder around the worked example's disk. */
import { expect } from "vitest";
import { checkPlan } from "./index.ts";
import type { Finding } from "../plan/findings.ts";
import type { Access, Plan, PlanDisk, PlanPartition, PlanRange, PlanVm } from "../plan/types.ts";
import { DEFAULT_HEAD, PLAN_FORMAT, PLAN_VERSION } from "../plan/types.ts";
import { bytes, vmdkSectors } from "../units.ts";
import { EXAMPLE_DISK_BYTES, PARTITION_1, workedExampleDisk } from "../plan/example.testkit.ts";

// ─── A tiny plan builder ─────────────────────────────────────────────────────────────────
// The worked example of docs/product.md on a 240 GB disk of known size (468862128 sectors):
//   P0 2048 +125829120 · P1 125831168 +125829120 · P2 251660288 +33554432 · free after 285214720

export const DISK_SECTORS = EXAMPLE_DISK_BYTES / 512n;
export const P1_START = PARTITION_1.startSector;
export const P1_SECTORS = PARTITION_1.sectors;
/** A 1000 MiB stretch of free space, 1 MiB aligned: a range here draws no finding at all. */
export const FREE_START = 286720000n;
export const FREE_SECTORS = 2048000n;

export function partition(
  index: number,
  startSector: bigint,
  sectors: bigint,
  more: Partial<PlanPartition> = {},
): PlanPartition {
  return {
    number: index,
    label: `Disk #0, Partition #${index}`,
    startByte: bytes(startSector * 512n),
    sizeBytes: bytes(sectors * 512n),
    exact: true,
    ...more,
  };
}

/** The worked example's disk (../plan/example.testkit.ts), of known size, MBR, numbers exact. */
export function disk(more: Partial<PlanDisk> = {}): PlanDisk {
  const example = workedExampleDisk({ sizeBytes: EXAMPLE_DISK_BYTES, tableType: "dos" });
  const partitions = example.partitions.map((p) => ({ ...p, exact: true }));
  return { ...example, partitions, ...more };
}

export function range(
  start: bigint,
  sectors: bigint,
  access: Access = "RW",
  diskId = "d0",
): PlanRange {
  return { disk: diskId, startSector: vmdkSectors(start), sectors: vmdkSectors(sectors), access };
}

export function vm(name: string, ranges: PlanRange[], more: Partial<PlanVm> = {}): PlanVm {
  return { name, adapterType: "ide", uuid: null, head: { ...DEFAULT_HEAD }, ranges, ...more };
}

export function plan(vms: PlanVm[], disks: PlanDisk[] = [disk()], name = "lab"): Plan {
  return { format: PLAN_FORMAT, version: PLAN_VERSION, name, disks, vms };
}

export const free = (offset = 0n, sectors = 2048n): PlanRange =>
  range(FREE_START + offset, sectors);
export const codes = (p: Plan): string[] => checkPlan(p).map((f) => f.code);
export const errors = (p: Plan): Finding[] => checkPlan(p).filter((f) => f.severity === "error");
export const only = (p: Plan, code: string): Finding[] =>
  checkPlan(p).filter((f) => f.code === code);
/** The plan's findings must be exactly these codes (in order). */
export const expectCodes = (p: Plan, expected: string[]): void => {
  expect(codes(p)).toEqual(expected);
};
