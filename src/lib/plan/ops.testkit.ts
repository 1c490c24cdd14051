/** For the plan tests: small builders of ranges, partitions and disks, and the worked example split. */
import { addVm, assignRange, type OpResult } from "./ops.ts";
import type { Plan, PlanDisk, PlanPartition, PlanRange } from "./types.ts";
import { SPLIT_HALVES, workedExamplePlan } from "./example.testkit.ts";
import { bytes, vmdkSectors } from "../units.ts";

export const s = vmdkSectors;
export const range = (
  disk: string,
  start: bigint,
  sectors: bigint,
  access: "RW" | "RDONLY" = "RW",
): PlanRange => ({
  disk,
  startSector: s(start),
  sectors: s(sectors),
  access,
});
export const part = (startSector: bigint, sectors: bigint, n = 0): PlanPartition => ({
  number: n,
  label: `p${n}`,
  startByte: bytes(startSector * 512n),
  sizeBytes: bytes(sectors * 512n),
});
export const disk = (partitions: PlanPartition[], extra: Partial<PlanDisk> = {}): PlanDisk => ({
  id: "d0",
  device: "/dev/sda",
  logicalSectorSize: 512,
  sizeBytes: null,
  partitions,
  ...extra,
});

export function value<T>(r: OpResult<T>): T {
  if (!r.ok) throw new Error(`expected success, got: ${r.error}`);
  return r.value;
}
export function error(r: OpResult<unknown>): string {
  if (r.ok) throw new Error("expected a refusal");
  return r.error;
}

/** The worked example with VMs web (first half of Partition #1) and db (second half). */
export function webAndDb(sizeBytes: bigint | null = null): Plan {
  let plan = addVm(addVm(workedExamplePlan(sizeBytes), "web"), "db");
  const { web, db } = SPLIT_HALVES;
  plan = value(assignRange(plan, 0, range("d0", web.startSector, web.sectors)));
  plan = value(assignRange(plan, 1, range("d0", db.startSector, db.sectors)));
  return plan;
}
