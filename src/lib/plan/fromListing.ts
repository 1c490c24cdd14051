/**
 * From what a listing parser found to the plan's disks.
 *
 *   ListingDisk { device: "\\.\PhysicalDrive0", logicalSectorSize: null, partitions: [...] }
 *     → PlanDisk { id: "d0", device: "\\.\PhysicalDrive0", logicalSectorSize: 512, ... }
 *       + note "…does not give the logical sector size: 512 bytes is assumed…"
 *
 * Nothing is guessed silently: an unnamed device becomes the empty placeholder the user must
 * fill in (no hypervisor opens ""), an unknown sector size is assumed 512 and said so, rounded
 * partitions keep `exact: false`, and a partition without a known start or size stays off the
 * map with a note (its sectors would otherwise look free).
 */
import type { ListingDisk, ListingPartition, ListingResult } from "../listing/types.ts";
import {
  emptyPlan,
  PLAN_DISK_IDENTITY_FIELDS,
  type Plan,
  type PlanDisk,
  type PlanDiskIdentity,
  type PlanPartition,
} from "./types.ts";
import { bytes, formatBytes, groupDigits } from "../units.ts";
import { PLAN_LIMITS } from "./codec.ts";

/** What a disk's device path is until the user enters one: never a usable path. */
export const DEVICE_PLACEHOLDER = "";

/** True when the device path still has to be entered. */
export const deviceNeedsInput = (device: string): boolean => device.trim() === "";

export interface FromListingNote {
  /** The plan disk id the note is about. */
  disk: string;
  /** Index into the listing disk's partitions, when the note is about one. */
  partition?: number;
  text: string;
}

export type DiskFromListingResult =
  | {
      ok: true;
      disk: PlanDisk;
      notes: FromListingNote[];
      /** True when the listing did not give the logical sector size and 512 was assumed. */
      assumedSectorSize: boolean;
    }
  | { ok: false; error: string };

export type PlanFromListingResult =
  { ok: true; plan: Plan; notes: FromListingNote[] } | { ok: false; error: string };

const diskName = (d: ListingDisk, id: string): string =>
  d.device !== null && d.device.trim() !== "" ? d.device : `disk ${id}`;

/** Cuts text to what the plan format holds (such labels are not real, but must not break saving). */
const clip = (text: string, max: number): string =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

function partitionFromListing(p: ListingPartition): PlanPartition | null {
  if (p.startByte === null || p.sizeBytes === null) return null;
  const out: PlanPartition = {
    number:
      p.number !== null && p.number >= 0 && p.number <= PLAN_LIMITS.partitionNumber
        ? p.number
        : null,
    label: clip(p.label, PLAN_LIMITS.label),
    startByte: bytes(p.startByte),
    sizeBytes: bytes(p.sizeBytes),
  };
  if (p.type !== undefined) out.type = clip(p.type, PLAN_LIMITS.partitionType);
  if (p.flags !== undefined) {
    out.flags = p.flags
      .slice(0, PLAN_LIMITS.flagsPerPartition)
      .map((f) => clip(f, PLAN_LIMITS.flag));
  }
  if (!p.exact) out.exact = false;
  // What the host does with it: the host check warns about ranges over it (check/hostAreas.ts).
  if (p.mountPoint !== undefined && p.mountPoint.trim() !== "") {
    out.mountPoint = clip(p.mountPoint.trim(), PLAN_LIMITS.mountPoint);
  }
  if (p.isBoot) out.isBoot = true;
  if (p.isSystem) out.isSystem = true;
  return out;
}

/**
 * A plan disk for one listed disk, with notes on everything the user must know or check.
 *
 * @example diskFromListing({ device: null, logicalSectorSize: null, sizeBytes: null, partitions: [] }, "d0")
 * // { ok: true, disk: { id: "d0", device: "", logicalSectorSize: 512, sizeBytes: null, partitions: [] },
 * //   notes: [{ disk: "d0", text: "The listing does not name disk d0: …" }, …], assumedSectorSize: true }
 */
export function diskFromListing(listing: ListingDisk, id: string): DiskFromListingResult {
  const name = diskName(listing, id);
  const notes: FromListingNote[] = [];
  const note = (text: string, partition?: number): void => {
    notes.push(partition === undefined ? { disk: id, text } : { disk: id, partition, text });
  };

  let logicalSectorSize: 512 | 4096 = 512;
  let assumedSectorSize = false;
  if (listing.logicalSectorSize === null) {
    assumedSectorSize = true;
    note(
      `The listing does not give the logical sector size of ${name}: 512 bytes is assumed. Check it (Windows: Get-Disk's LogicalSectorSize; Linux: fdisk's "Sector size") and say so if it is 4096.`,
    );
  } else if (listing.logicalSectorSize === 512 || listing.logicalSectorSize === 4096) {
    logicalSectorSize = listing.logicalSectorSize;
  } else {
    return {
      ok: false,
      error: `${name} has ${listing.logicalSectorSize}-byte logical sectors; only 512 and 4096 are supported.`,
    };
  }

  let device = DEVICE_PLACEHOLDER;
  if (listing.device === null || deviceNeedsInput(listing.device)) {
    note(`The listing does not name ${name}: enter its device path before downloading.`);
  } else if (listing.device.length > PLAN_LIMITS.device) {
    note(
      `The device name of ${id} is longer than ${PLAN_LIMITS.device} characters: enter its path.`,
    );
  } else {
    device = listing.device;
  }

  if (listing.sizeBytes === null) {
    const bound = listing.sizeLowerBoundBytes;
    note(
      bound != null
        ? `The exact size of ${name} is unknown (at least ${groupDigits(bound)} bytes, ${formatBytes(bound)}): enter it to have ranges checked against the disk's end.`
        : `The size of ${name} is unknown: enter it to have ranges checked against the disk's end and to see the free space after the last partition.`,
    );
  }

  // A partition whose position the listing does not give exactly (a cylinder listing) cannot
  // be drawn, and leaving it out would show its sectors as free space, one click from being
  // handed to a VM. Such a disk is refused until an exact listing is pasted.
  const unplaced = listing.partitions.filter((p) => p.startByte === null || p.sizeBytes === null);
  if (listing.sectorSizeUnknown) {
    return {
      ok: false,
      error: `${name} cannot be planned yet: its listing counts in sectors but does not say how many bytes a sector has. Answer "512 or 4096 bytes per sector" above.`,
    };
  }
  if (unplaced.length > 0) {
    const first = unplaced[0];
    const missing = first
      ? [first.startByte === null ? "start" : "", first.sizeBytes === null ? "size" : ""]
          .filter((x) => x !== "")
          .join(" and ")
      : "";
    return {
      ok: false,
      error: `${name} cannot be planned: the listing does not give the exact ${missing} of ${first?.label || "a partition"}${unplaced.length > 1 ? ` (and ${unplaced.length - 1} more)` : ""}, so free space cannot be told from partitions. Paste a listing in sectors or bytes (Linux: fdisk -l; Windows: wmic partition get Name,DiskIndex,StartingOffset,Size).`,
    };
  }

  const partitions: PlanPartition[] = [];
  let rounded = 0;
  let tooMany = false;
  listing.partitions.forEach((p, i) => {
    if (partitions.length >= PLAN_LIMITS.partitionsPerDisk) {
      if (!tooMany) {
        tooMany = true;
        note(
          `${name} lists ${listing.partitions.length} partitions; only ${PLAN_LIMITS.partitionsPerDisk} fit in a plan, so the last ${listing.partitions.length - i} (from ${p.label || `index ${i}`} on) are left off the map.`,
        );
      }
      return;
    }
    const planned = partitionFromListing(p);
    if (planned === null) return;
    if (planned.exact === false) rounded++;
    partitions.push(planned);
  });
  if (rounded > 0) {
    note(
      `${rounded} partition${rounded === 1 ? "" : "s"} of ${name} ${rounded === 1 ? "has" : "have"} rounded numbers: confirm exact numbers before downloading.`,
    );
  }

  const disk: PlanDisk = {
    id,
    device,
    logicalSectorSize,
    sizeBytes: listing.sizeBytes === null ? null : bytes(listing.sizeBytes),
    partitions,
  };
  if (listing.tableType !== undefined) disk.tableType = listing.tableType;
  const identity = planDiskIdentity(listing);
  if (identity) disk.identity = identity;
  return { ok: true, disk, notes, assumedSectorSize };
}

/** The listing's identity fields the checks use to tell disks apart, or undefined when none. */
function planDiskIdentity(listing: ListingDisk): PlanDiskIdentity | undefined {
  const identity: PlanDiskIdentity = {};
  for (const field of PLAN_DISK_IDENTITY_FIELDS) {
    const value = listing.identity?.[field]?.trim();
    if (value) identity[field] = value.slice(0, PLAN_LIMITS.identityValue);
  }
  return Object.keys(identity).length > 0 ? identity : undefined;
}

/**
 * A plan with one disk per listed disk (ids `d0`, `d1`, … in listing order) and no VMs yet.
 * A disk that cannot be planned (an unsupported sector size) is left out, with a note.
 *
 * @example planFromListing(parseListing(EXAMPLE_LISTING), "example")
 * // { ok: true, plan: { name: "example", disks: [{ id: "d0", device: "\\\\.\\PhysicalDrive0", … }], vms: [] }, notes: […] }
 */
export function planFromListing(result: ListingResult, name: string): PlanFromListingResult {
  if (!result.ok) return { ok: false, error: result.error };
  const plan = emptyPlan(name);
  const notes: FromListingNote[] = [];
  let full = false;
  result.disks.forEach((listing, i) => {
    const id = `d${i}`;
    if (plan.disks.length >= PLAN_LIMITS.disks) {
      if (!full) {
        full = true;
        notes.push({
          disk: id,
          text: `Only ${PLAN_LIMITS.disks} disks fit in a plan: disks ${i + 1} to ${result.disks.length} of the listing are left out.`,
        });
      }
      return;
    }
    const converted = diskFromListing(listing, id);
    if (!converted.ok) {
      notes.push({ disk: id, text: `${converted.error} It is left out of the plan.` });
      return;
    }
    plan.disks.push(converted.disk);
    notes.push(...converted.notes);
  });
  return { ok: true, plan, notes };
}
