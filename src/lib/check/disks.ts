/** Disk-level rules: device paths, sizes, listing exactness; then the host areas of each disk. */
import type { Plan, PlanDisk } from "../plan/types.ts";
import type { FindingTarget } from "../plan/findings.ts";
import {
  devicePathTextProblem,
  partitionDevicePathNote,
  quoteForMessage,
  relativeDevicePathProblem,
  unstableDevicePathNote,
} from "../plan/names.ts";
import { Findings, deviceGroups, type DiskFacts } from "./facts.ts";
import { diskLabel, diskSizeSource, joinAnd, listRanges, plural, rangeTarget } from "./messages.ts";
import { checkHostAreas } from "./hostAreas.ts";
import { gptTable } from "../plan/disk.ts";

export function checkDisks(plan: Plan, disks: Map<string, DiskFacts>, out: Findings): void {
  // A disk listed with no partition takes those of another spelling of its device: ranges on
  // /dev//sda cover the partitions listed for /dev/sda all the same.
  const listed = new Map<DiskFacts, PlanDisk>();
  for (const group of deviceGroups(disks)) {
    checkSameDevice(group, out);
    const source = group.find((f) => f.disk.partitions.length > 0);
    for (const f of group) {
      listed.set(f, f.disk.partitions.length > 0 || !source ? f.disk : source.disk);
    }
  }
  for (const facts of disks.values()) {
    if (facts.ranges.length === 0) continue;
    checkDisk(plan, facts, out, listed.get(facts));
    if (facts.valid) checkHostAreas(plan, facts, out, listed.get(facts));
  }
}

/** Disks naming one device must agree about its size and sector size. */
export function checkSameDevice(group: readonly DiskFacts[], out: Findings): void {
  if (group.length < 2 || !group.some((f) => f.ranges.length > 0)) return;
  const claimed = group
    .map((f) => f.disk.sizeBytes)
    .filter((s): s is NonNullable<typeof s> => typeof s === "bigint");
  const sizes = [...new Set(claimed)];
  const sectorSizes = [...new Set(group.map((f) => f.disk.logicalSectorSize))];
  const problems: string[] = [];
  if (sizes.length > 1) problems.push(`its size (${sizes.join(" vs ")} bytes)`);
  if (sectorSizes.length > 1) problems.push(`its sector size (${sectorSizes.join(" vs ")} bytes)`);
  if (problems.length === 0) return;
  const first = group[0] as DiskFacts;
  out.error(
    "device-conflict",
    `Disks ${group.map((f) => quoteForMessage(f.disk.id)).join(", ")} all name ${diskLabel(first.disk)} but disagree about ${problems.join(" and ")}: at most one listing can be right. Fix or remove the others.`,
    group.map((f) => ({
      disk: f.disk.id,
      field: sizes.length > 1 ? "sizeBytes" : "logicalSectorSize",
    })),
  );
}

/** `listed`: the plan disk whose partitions describe the device (see checkHostAreas). */
export function checkDisk(
  plan: Plan,
  facts: DiskFacts,
  out: Findings,
  listed: PlanDisk = facts.disk,
): void {
  const disk = facts.disk;
  const name = diskLabel(disk);
  const diskTarget = (field: string): FindingTarget => ({ disk: disk.id, field });
  const rangeTargets = facts.ranges.map(rangeTarget);
  if (!facts.valid) {
    const reason =
      disk.logicalSectorSize !== 512 && disk.logicalSectorSize !== 4096
        ? `its logical sector size ${quoteForMessage(String(disk.logicalSectorSize))} is neither 512 nor 4096 bytes`
        : `its size ${quoteForMessage(String(disk.sizeBytes))} bytes is not a whole number of ${disk.logicalSectorSize}-byte sectors`;
    out.error("disk-invalid", `Disk ${name}: ${reason}, so its numbers cannot be trusted.`, [
      diskTarget("sizeBytes"),
    ]);
  }
  const device = typeof disk.device === "string" ? disk.device : "";
  const textProblem = devicePathTextProblem(device);
  const relative = textProblem ? null : relativeDevicePathProblem(device);
  if (textProblem) {
    out.error(
      "device-path-invalid",
      `The device path of disk ${quoteForMessage(disk.id)} ${quoteForMessage(device)} ${textProblem}.`,
      [diskTarget("device"), ...rangeTargets],
    );
  } else if (relative) {
    out.error("device-path-relative", `The device path ${name} ${relative}.`, [
      diskTarget("device"),
      ...rangeTargets,
    ]);
  } else {
    const partitionNote = partitionDevicePathNote(device);
    if (partitionNote) {
      const listed = disk.partitions.some(
        (p) => typeof p.startByte === "bigint" && p.startByte > 0n,
      );
      out.warning(
        "partition-device-path",
        `The device path ${name} ${partitionNote}: extent offsets on it count from that partition's first sector, not the disk's.${listed ? " The partitions listed for this disk have whole-disk offsets: ranges taken from them would land further into the disk by the partition's own start." : ""} The planner cannot check these ranges against ranges on the whole disk either. Use the whole-disk path, or give offsets relative to the partition.`,
        [diskTarget("device"), ...rangeTargets],
      );
    }
    const unstable = unstableDevicePathNote(device);
    if (unstable) {
      out.warning("device-path-unstable", `${unstable}.`, [diskTarget("device"), ...rangeTargets]);
    }
  }
  if (facts.valid && facts.sizeBytes === null) {
    out.warning(
      "disk-end-unknown",
      `The size of ${name} is unknown, so a range running past its end cannot be caught${isGpt(disk) ? ", nor one covering the backup GPT at its end" : ""}. ${diskSizeSource(device)}`,
      [diskTarget("sizeBytes"), ...rangeTargets],
    );
  }
  // Ranges on /dev//sda rest on the rounded listing of /dev/sda just the same.
  const inexact = listed.partitions.filter((p) => p.exact === false);
  if (inexact.length > 0 && listed.exactConfirmed !== true) {
    const labels = inexact.slice(0, 4).map((p) => quoteForMessage(p.label));
    if (inexact.length > 4) labels.push(`${inexact.length - 4} more`);
    const count = facts.ranges.length;
    out.error(
      "inexact-unconfirmed",
      `The listing of ${diskLabel(listed)} gave rounded numbers (${joinAnd(labels)}), and ${plural(count, "range")} ${count === 1 ? "uses" : "use"} this disk${listed === disk ? "" : ` as ${name}`}: ${listRanges(plan, facts.ranges)}. A rounded number can be off by megabytes: check the exact sectors and confirm them.`,
      [{ disk: listed.id, field: "exactConfirmed" }, ...rangeTargets],
    );
  }
}

/** True when the disk has, or may have, a GPT with a backup table at its end (gptTable). */
export function isGpt(disk: PlanDisk): boolean {
  return gptTable(disk) !== null;
}
