/**
 * Which of a listing's disks the plan uses. A listing may describe several disks; the user
 * picks one or more, and each picked disk becomes a plan disk (diskFromListing).
 *
 *   listing:  Disk /dev/sda  Disk /dev/sdb          plan.disks: [d0 = /dev/sdb]
 *                              ▲ picked
 *
 * A plan disk and a listed disk are "the same" when they name the same device, or (the user
 * may have edited the device path, or the listing names none) list the same partitions.
 */
import type { ListingDisk, ListingResult } from "../listing/types.ts";
import { diskFromListing } from "./fromListing.ts";
import type { OpResult } from "./ops.ts";
import type { Plan, PlanDisk } from "./types.ts";

/** True when the plan disk came from this listed disk. */
export function isSameDisk(planDisk: PlanDisk, listed: ListingDisk): boolean {
  if (listed.device !== null && listed.device !== "" && planDisk.device === listed.device) {
    return true;
  }
  const exact = listed.partitions.filter((p) => p.startByte !== null && p.sizeBytes !== null);
  if (exact.length === 0 || exact.length !== planDisk.partitions.length) return false;
  return exact.every((p, i) => {
    const q = planDisk.partitions[i];
    return q !== undefined && q.startByte === p.startByte && q.sizeBytes === p.sizeBytes;
  });
}

/** The plan disk that came from listed disk `index`, if any. */
export function planDiskFor(plan: Plan, result: ListingResult, index: number): PlanDisk | null {
  if (!result.ok) return null;
  const listed = result.disks[index];
  return listed ? (plan.disks.find((d) => isSameDisk(d, listed)) ?? null) : null;
}

/** The first unused disk id: `d0`, `d1`, … */
export function nextDiskId(disks: readonly PlanDisk[]): string {
  let i = 0;
  while (disks.some((d) => d.id === `d${i}`)) i++;
  return `d${i}`;
}

/**
 * Adds the listed disks at `indexes` to the plan (those already in it are left as they are).
 *
 * @example addListedDisks(emptyPlan(), parseListing(twoDisks), [1]) // plan.disks: [{ id: "d0", device: "/dev/sdb", … }]
 */
export function addListedDisks(
  plan: Plan,
  result: ListingResult,
  indexes: readonly number[],
): OpResult {
  if (!result.ok) return { ok: false, error: result.error };
  let disks = plan.disks;
  for (const i of indexes) {
    const listed = result.disks[i];
    if (!listed) return { ok: false, error: `The listing has no disk number ${i + 1}.` };
    if (disks.some((d) => isSameDisk(d, listed))) continue;
    const converted = diskFromListing(listed, nextDiskId(disks));
    if (!converted.ok) return { ok: false, error: converted.error };
    disks = [...disks, converted.disk];
  }
  return disks === plan.disks ? { ok: true, value: plan } : { ok: true, value: { ...plan, disks } };
}

/**
 * Removes a disk from the plan, with every VM range on it (VMs stay, perhaps empty).
 *
 * @example removeDisk(plan, "d1")
 */
export function removeDisk(plan: Plan, id: string): Plan {
  if (!plan.disks.some((d) => d.id === id)) return plan;
  return {
    ...plan,
    disks: plan.disks.filter((d) => d.id !== id),
    vms: plan.vms.map((vm) =>
      vm.ranges.some((r) => r.disk === id)
        ? { ...vm, ranges: vm.ranges.filter((r) => r.disk !== id) }
        : vm,
    ),
  };
}

/**
 * The plan's disks after the pasted listing changed. While no VM has a range, the plan follows
 * the listing: disks that are still listed stay (as the listing now describes them), the rest
 * go, and a listing of exactly one disk is picked at once. Once ranges exist, the plan's disks
 * are the user's work and are left alone (the listing then only offers disks to add), but for
 * one fact that moves nothing: a disk whose size the plan lacks takes the size the listing now
 * gives for the same partitions (a Get-Disk block pasted after planning). Returns the same array
 * when nothing changes.
 */
export function disksAfterListingChange(plan: Plan, result: ListingResult | null): PlanDisk[] {
  if (plan.vms.some((vm) => vm.ranges.length > 0)) return withListedSizes(plan.disks, result);
  if (!result?.ok) return plan.disks.length === 0 ? plan.disks : [];
  const kept: PlanDisk[] = [];
  result.disks.forEach((listed) => {
    const old = plan.disks.find((d) => isSameDisk(d, listed));
    const wanted = old !== undefined || result.disks.length === 1;
    if (!wanted) return;
    const fresh = diskFromListing(listed, old?.id ?? nextDiskId([...plan.disks, ...kept]));
    if (!fresh.ok) return;
    kept.push(old && sameContent(old, fresh.disk) ? withListedSize(old, fresh.disk) : fresh.disk);
  });
  const unchanged = kept.length === plan.disks.length && kept.every((d, i) => d === plan.disks[i]);
  return unchanged ? plan.disks : kept;
}

/** The plan's disks, each with the size the listing gives for it where the plan has none. */
function withListedSizes(disks: PlanDisk[], result: ListingResult | null): PlanDisk[] {
  if (!result?.ok) return disks;
  const filled = disks.map((disk) => {
    const listed = result.disks.find((l) => isSameDisk(disk, l));
    const fresh = listed ? diskFromListing(listed, disk.id) : null;
    return fresh?.ok && sameContent(disk, fresh.disk) ? withListedSize(disk, fresh.disk) : disk;
  });
  return filled.every((d, i) => d === disks[i]) ? disks : filled;
}

/**
 * `old` with `fresh`'s exact size when `old` has none (same partitions: sameContent). A size
 * the plan already has, from the listing or typed by the user, stays.
 */
function withListedSize(old: PlanDisk, fresh: PlanDisk): PlanDisk {
  return old.sizeBytes === null && fresh.sizeBytes !== null
    ? { ...old, sizeBytes: fresh.sizeBytes }
    : old;
}

/** Same listing-derived content (the user's own edits such as exactConfirmed are kept). */
function sameContent(a: PlanDisk, b: PlanDisk): boolean {
  return (
    a.logicalSectorSize === b.logicalSectorSize &&
    a.partitions.length === b.partitions.length &&
    a.partitions.every((p, i) => {
      const q = b.partitions[i];
      return (
        q !== undefined &&
        p.startByte === q.startByte &&
        p.sizeBytes === q.sizeBytes &&
        p.label === q.label &&
        p.number === q.number &&
        p.exact === q.exact
      );
    })
  );
}
