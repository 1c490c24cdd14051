import { describe, expect, it } from "vitest";
import type { ListingDisk, ListingResult } from "../listing/types.ts";
import {
  addListedDisks,
  disksAfterListingChange,
  isSameDisk,
  nextDiskId,
  planDiskFor,
  removeDisk,
} from "./pickDisks.ts";
import { DEFAULT_HEAD, emptyPlan, type Plan } from "./types.ts";
import { bytes, vmdkSectors } from "../units.ts";

const sda: ListingDisk = {
  device: "/dev/sda",
  logicalSectorSize: 512,
  sizeBytes: 10737418240n,
  tableType: "gpt",
  partitions: [
    {
      number: 1,
      label: "/dev/sda1",
      startByte: 1048576n,
      sizeBytes: 536870912n,
      exact: true,
    },
  ],
};
const sdb: ListingDisk = {
  device: "/dev/sdb",
  logicalSectorSize: 512,
  sizeBytes: 21474836480n,
  tableType: "dos",
  partitions: [
    {
      number: 1,
      label: "/dev/sdb1",
      startByte: 1048576n,
      sizeBytes: 10737418240n,
      exact: true,
    },
  ],
};
const listing = (...disks: ListingDisk[]): ListingResult => ({
  ok: true,
  format: "fdisk",
  disks,
  notes: [],
});

const withRange = (plan: Plan, disk: string): Plan => ({
  ...plan,
  vms: [
    {
      name: "vm1",
      adapterType: "ide",
      uuid: null,
      head: DEFAULT_HEAD,
      ranges: [
        { disk, startSector: vmdkSectors(2048n), sectors: vmdkSectors(2048n), access: "RW" },
      ],
    },
  ],
});

describe("addListedDisks", () => {
  it("adds only the picked disk, as d0, with its exact numbers", () => {
    const r = addListedDisks(emptyPlan(), listing(sda, sdb), [1]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.disks).toHaveLength(1);
    expect(r.value.disks[0]).toMatchObject({
      id: "d0",
      device: "/dev/sdb",
      logicalSectorSize: 512,
      sizeBytes: 21474836480n,
      partitions: [{ startByte: 1048576n, sizeBytes: 10737418240n }],
    });
  });

  it("adds a second disk with the next id and never the same disk twice", () => {
    const one = addListedDisks(emptyPlan(), listing(sda, sdb), [1]);
    if (!one.ok) throw new Error(one.error);
    const two = addListedDisks(one.value, listing(sda, sdb), [0, 1]);
    if (!two.ok) throw new Error(two.error);
    expect(two.value.disks.map((d) => [d.id, d.device])).toEqual([
      ["d0", "/dev/sdb"],
      ["d1", "/dev/sda"],
    ]);
    const again = addListedDisks(two.value, listing(sda, sdb), [0]);
    expect(again.ok && again.value).toBe(two.value);
  });

  it("refuses a disk the listing does not have, and a failed listing", () => {
    expect(addListedDisks(emptyPlan(), listing(sda), [3])).toEqual({
      ok: false,
      error: "The listing has no disk number 4.",
    });
    expect(addListedDisks(emptyPlan(), { ok: false, error: "nope", notes: [] }, [0])).toEqual({
      ok: false,
      error: "nope",
    });
  });
});

describe("isSameDisk / planDiskFor", () => {
  it("matches by device, or by partitions when the device path was edited", () => {
    const r = addListedDisks(emptyPlan(), listing(sda, sdb), [0]);
    if (!r.ok) throw new Error(r.error);
    const d0 = r.value.disks[0];
    if (!d0) throw new Error("no disk");
    expect(isSameDisk(d0, sda)).toBe(true);
    expect(isSameDisk(d0, sdb)).toBe(false);
    const edited = { ...d0, device: "/dev/disk/by-id/ata-SSD" };
    expect(isSameDisk(edited, sda)).toBe(true);
    expect(planDiskFor({ ...r.value, disks: [edited] }, listing(sda, sdb), 0)).toBe(edited);
    expect(planDiskFor(r.value, listing(sda, sdb), 1)).toBeNull();
  });
});

describe("removeDisk", () => {
  it("removes the disk and the ranges on it, keeping the VM", () => {
    const r = addListedDisks(emptyPlan(), listing(sda, sdb), [0, 1]);
    if (!r.ok) throw new Error(r.error);
    const plan = withRange(r.value, "d1");
    const after = removeDisk(plan, "d1");
    expect(after.disks.map((d) => d.id)).toEqual(["d0"]);
    expect(after.vms[0]?.ranges).toEqual([]);
    expect(plan.vms[0]?.ranges).toHaveLength(1); // the input is not mutated
    expect(removeDisk(plan, "d9")).toBe(plan);
  });
});

describe("disksAfterListingChange", () => {
  it("picks the only disk of a listing at once, but not one of several", () => {
    expect(disksAfterListingChange(emptyPlan(), listing(sda)).map((d) => d.device)).toEqual([
      "/dev/sda",
    ]);
    expect(disksAfterListingChange(emptyPlan(), listing(sda, sdb))).toEqual([]);
  });

  it("keeps picked disks that are still listed (same objects) and drops the others", () => {
    const r = addListedDisks(emptyPlan(), listing(sda, sdb), [1]);
    if (!r.ok) throw new Error(r.error);
    expect(disksAfterListingChange(r.value, listing(sda, sdb))).toBe(r.value.disks);
    // sdb is no longer listed; the new listing's only disk is picked instead.
    expect(disksAfterListingChange(r.value, listing(sda)).map((d) => d.device)).toEqual([
      "/dev/sda",
    ]);
    expect(disksAfterListingChange(r.value, null)).toEqual([]);
  });

  it("leaves the disks alone once a VM has a range", () => {
    const r = addListedDisks(emptyPlan(), listing(sda), [0]);
    if (!r.ok) throw new Error(r.error);
    const plan = withRange(r.value, "d0");
    expect(disksAfterListingChange(plan, listing(sdb))).toBe(plan.disks);
    expect(disksAfterListingChange(plan, null)).toBe(plan.disks);
  });

  it("takes the disk's size from a listing that now gives it, also once a VM has a range", () => {
    const sizeless = { ...sda, sizeBytes: null };
    const r = addListedDisks(emptyPlan(), listing(sizeless), [0]);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.disks[0]?.sizeBytes).toBeNull();
    for (const plan of [r.value, withRange(r.value, "d0")]) {
      const after = disksAfterListingChange(plan, listing(sda));
      expect(after.map((d) => [d.id, d.sizeBytes])).toEqual([["d0", sda.sizeBytes]]);
      // Nothing else moves: the partitions are the plan's own.
      expect(after[0]?.partitions).toBe(plan.disks[0]?.partitions);
    }
  });

  it("keeps a size the plan has, and fills none for a disk whose partitions changed", () => {
    const r = addListedDisks(emptyPlan(), listing({ ...sda, sizeBytes: null }), [0]);
    if (!r.ok) throw new Error(r.error);
    const typed = {
      ...r.value,
      disks: r.value.disks.map((d) => ({ ...d, sizeBytes: bytes(1n << 40n) })),
    };
    const planned = withRange(typed, "d0");
    expect(disksAfterListingChange(planned, listing(sda))).toBe(planned.disks);
    const moved = {
      ...sda,
      partitions: sda.partitions.map((p) => ({ ...p, startByte: 2097152n })),
    };
    const ranged = withRange(r.value, "d0");
    expect(disksAfterListingChange(ranged, listing(moved))).toBe(ranged.disks);
  });

  it("follows a corrected listing of the same disk", () => {
    const r = addListedDisks(emptyPlan(), listing(sda), [0]);
    if (!r.ok) throw new Error(r.error);
    const grown = {
      ...sda,
      sizeBytes: 10737418240n,
      partitions: [
        ...sda.partitions,
        { number: 2, label: "/dev/sda2", startByte: 537919488n, sizeBytes: 1048576n, exact: true },
      ],
    };
    const after = disksAfterListingChange(r.value, listing(grown));
    expect(after).toHaveLength(1);
    expect(after[0]?.id).toBe("d0");
    expect(after[0]?.partitions).toHaveLength(2);
  });
});

describe("nextDiskId", () => {
  it("fills the first free id", () => {
    expect(nextDiskId([])).toBe("d0");
    const r = addListedDisks(emptyPlan(), listing(sda, sdb), [0, 1]);
    if (!r.ok) throw new Error(r.error);
    expect(nextDiskId(r.value.disks)).toBe("d2");
    expect(nextDiskId(r.value.disks.slice(1))).toBe("d0");
  });
});
