/** How findings name VMs, ranges, disks and partitions, and amounts, in their messages. */
import type { Plan, PlanDisk } from "../plan/types.ts";
import type { FindingTarget } from "../plan/findings.ts";
import { VMDK_SECTOR_BYTES, formatBytes } from "../units.ts";
import { quoteForMessage } from "../plan/names.ts";
import type { PartitionSpan, RangeRef } from "./facts.ts";
import { canonicalDevice } from "../devices/identity.ts";
import { getDiskSizeCommand } from "../listing/commands.ts";

// ─── Message helpers ─────────────────────────────────────────────────────────────────────

export const human = (sectors: bigint): string => formatBytes(sectors * VMDK_SECTOR_BYTES);
export const plural = (n: bigint | number, one: string, many = `${one}s`): string =>
  `${n} ${BigInt(n) === 1n ? one : many}`;
export const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

export function vmLabel(plan: Plan, vm: number): string {
  const name = plan.vms[vm]?.name ?? "";
  return name === "" ? `VM ${vm + 1} (unnamed)` : `VM ${quoteForMessage(name)}`;
}

export function rangeLabel(plan: Plan, ref: RangeRef): string {
  return `${vmLabel(plan, ref.vm)} range ${ref.range + 1} (${ref.start} +${ref.sectors})`;
}

export function diskLabel(disk: PlanDisk): string {
  return disk.device === "" ? `disk ${quoteForMessage(disk.id)}` : quoteForMessage(disk.device);
}

export function partitionLabel(p: PartitionSpan): string {
  const label = p.partition.label === "" ? `partition ${p.index + 1}` : p.partition.label;
  return `${quoteForMessage(label)} (${p.start} +${p.end - p.start})`;
}

/** "a", "a and b", "a, b and c". */
export function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

export const byVmAndRange = (a: RangeRef, b: RangeRef): number => a.vm - b.vm || a.range - b.range;

/** Names a few VMs, then how many more. */
export function listVms(plan: Plan, vms: readonly number[], shown = 4): string {
  const names = vms.slice(0, shown).map((vm) => vmLabel(plan, vm));
  if (vms.length > shown) names.push(`${vms.length - shown} more`);
  return joinAnd(names);
}

/** Names a few ranges (in plan order), then how many more. */
export function listRanges(plan: Plan, refs: readonly RangeRef[], shown = 4): string {
  const names = refs.slice(0, shown).map((ref) => rangeLabel(plan, ref));
  if (refs.length > shown) names.push(`${refs.length - shown} more`);
  return joinAnd(names);
}

export const rangeTarget = (ref: RangeRef): FindingTarget => ({
  vm: ref.vm,
  range: ref.range,
  disk: ref.disk.disk.id,
});

/**
 * Where the exact size of the disk at `device` comes from, as one sentence: the command for
 * that system (docs/check-scripts.md), and what to do with its answer.
 *
 * @example diskSizeSource("\\\\.\\PhysicalDrive1")
 * // "Paste what PowerShell prints for `Get-Disk -Number 1 | Format-List …` after the listing, …"
 */
export function diskSizeSource(device: string): string {
  const { key } = canonicalDevice(device);
  const windows = /^\\\\\.\\physicaldrive(\d+)$/.exec(key);
  if (windows) {
    return `Paste what PowerShell prints for \`${getDiskSizeCommand(windows[1] ?? "")}\` after the listing, or enter the disk's exact size in bytes.`;
  }
  if (/^\/dev\/disk\d+$/.test(key)) {
    return `Enter the disk's exact size in bytes: \`diskutil info ${key}\` gives it as Disk Size.`;
  }
  if (/^\/dev\/(?:(?:ada|da|nvd|nda|vtbd|mmcsd)\d+|diskid\/[^/]+)$/.test(key)) {
    return `Enter the disk's exact size in bytes: \`diskinfo -v ${key}\` gives it as mediasize in bytes (FreeBSD; or paste \`gpart list\`).`;
  }
  if (key.startsWith("/dev/")) {
    return `Enter the disk's exact size in bytes: \`sudo blockdev --getsize64 ${key}\` prints it.`;
  }
  return "Enter the disk's exact size in bytes.";
}
