/**
 * What every rule family of checkPlan shares: the findings being collected, and the plan's
 * disks and ranges gathered once (devices grouped by canonical path, docs/device-identity.md).
 */
import type { Access, Plan, PlanDisk, PlanPartition } from "../plan/types.ts";
import type { Finding, FindingTarget, Severity } from "../plan/findings.ts";
import { canonicalDevice } from "../devices/identity.ts";
import { quoteForMessage } from "../plan/names.ts";
import type { Span } from "../spans.ts";

/** Overlapping pairs listed one by one, per kind (RW and read-only); the rest are counted. */
export const MAX_LISTED_OVERLAPS = 500;
/** Range × partition/area pairs examined per disk before giving up (hostile plans only). */
export const MAX_AREA_PAIRS = 200_000;

// ─── Plan facts gathered once ────────────────────────────────────────────────────────────

/** A well-formed range of the plan, with where it sits. */
export interface RangeRef extends Span {
  vm: number;
  range: number;
  sectors: bigint;
  access: Access;
  disk: DiskFacts;
}

export interface DiskFacts {
  disk: PlanDisk;
  index: number;
  /** Canonical key of its path (../devices), or `#<id>` for an empty path (never merged). */
  key: string;
  /** Sector size and size are usable (disk-invalid otherwise). */
  valid: boolean;
  /** The device's size in bytes as far as the plan's disks agree, or null. */
  sizeBytes: bigint | null;
  ranges: RangeRef[];
}

/** A listed partition in 512-byte sectors, rounded outward when not whole sectors. */
export interface PartitionSpan extends Span {
  index: number;
  partition: PlanPartition;
}

export class Findings {
  readonly list: Finding[] = [];
  add(severity: Severity, code: string, message: string, targets: FindingTarget[]): void {
    this.list.push({ severity, code, message, targets });
  }
  error(code: string, message: string, targets: FindingTarget[]): void {
    this.add("error", code, message, targets);
  }
  warning(code: string, message: string, targets: FindingTarget[]): void {
    this.add("warning", code, message, targets);
  }
}

export function gatherDisks(plan: Plan, out: Findings): Map<string, DiskFacts> {
  const byId = new Map<string, DiskFacts>();
  plan.disks.forEach((disk, index) => {
    if (byId.has(disk.id)) {
      out.error(
        "duplicate-disk-id",
        `Two disks have the id ${quoteForMessage(disk.id)}: ranges naming it would be ambiguous.`,
        [{ disk: disk.id, field: "id" }],
      );
      return;
    }
    const sizeOk = disk.sizeBytes === null || typeof disk.sizeBytes === "bigint";
    const sectorOk = disk.logicalSectorSize === 512 || disk.logicalSectorSize === 4096;
    const valid =
      sizeOk &&
      sectorOk &&
      (disk.sizeBytes === null ||
        (disk.sizeBytes >= 0n && disk.sizeBytes % BigInt(disk.logicalSectorSize) === 0n));
    byId.set(disk.id, {
      disk,
      index,
      key:
        typeof disk.device === "string" && disk.device !== ""
          ? canonicalDevice(disk.device).key
          : `#${disk.id}`,
      valid,
      sizeBytes: valid ? disk.sizeBytes : null,
      ranges: [],
    });
  });
  for (const group of deviceGroups(byId)) agreeOnSize(group);
  return byId;
}

export function deviceGroups(disks: Map<string, DiskFacts>): DiskFacts[][] {
  const byDevice = new Map<string, DiskFacts[]>();
  for (const facts of disks.values()) {
    const group = byDevice.get(facts.key);
    if (group) group.push(facts);
    else byDevice.set(facts.key, [facts]);
  }
  return [...byDevice.values()];
}

/**
 * Disks naming one device share one size for the past-the-end check: the smallest that any
 * of them claims (conservative; device-conflict reports the disagreement).
 */
export function agreeOnSize(group: readonly DiskFacts[]): void {
  const known = group.map((f) => f.sizeBytes).filter((s): s is bigint => s !== null);
  if (known.length === 0) return;
  const smallest = known.reduce((a, b) => (a < b ? a : b));
  for (const facts of group) if (facts.valid) facts.sizeBytes = smallest;
}
