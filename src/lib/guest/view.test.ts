import { describe, expect, it } from "vitest";
import type { PlanDisk, PlanVm } from "../plan/types.ts";
import { guestLayout, type GuestLayout } from "./layout.ts";
import { guestReadme } from "./view.ts";
import { exampleDisk, exampleVm, range } from "./plans.testkit.ts";

const P1 = 125831168n;
const P1_SECTORS = 125829120n;

function layoutOf(vm: PlanVm, disks: readonly PlanDisk[]): GuestLayout {
  const r = guestLayout(vm, disks);
  if (!r.ok) throw new Error(`refused: ${r.errors.map((e) => e.code).join(", ")}`);
  return r.layout;
}

describe("guestReadme", () => {
  it("lists what a GPT guest sees, with the README sentences", () => {
    const vm = exampleVm({
      partitionTable: "gpt",
      diskGuid: "5d0c2f4e-9b1a-4c3d-8e7f-6a5b4c3d2e1f",
      ranges: [range(P1, P1_SECTORS, { partitionGuid: "a81f3b2c-1d4e-4f5a-9b6c-7d8e9f0a1b2c" })],
    });
    const r = layoutOf(vm, [exampleDisk([undefined, "GPT: Basic Data"])]);
    expect(r.totalSectors).toBe(2048n + P1_SECTORS + 33n);
    expect(r.partitions.map((p) => [p.number, p.type, p.startLba, p.sectors])).toEqual([
      [1, "basic-data", 2048n, P1_SECTORS],
    ]);
    expect(guestReadme(r, vm)).toEqual([
      "The guest sees a GPT disk of 125,831,201 sectors (60 GiB), disk GUID 5d0c2f4e-9b1a-4c3d-8e7f-6a5b4c3d2e1f, with 1 partition:",
      "  1. NTFS / exFAT (Microsoft basic data) at LBA 2,048, 125,829,120 sectors (60 GiB), from range 1 (d0 125831168 +125829120), partition GUID a81f3b2c-1d4e-4f5a-9b6c-7d8e9f0a1b2c",
      "The GPT's backup copy is in the tail file after the last range, so the guest's GPT tools and firmware find the disk consistent and never write a backup table into the physical disk.",
    ]);
  });

  it("describes an MBR with identity placement, and says writes to the padding are lost", () => {
    const vm = exampleVm({
      partitionTable: "mbr",
      placement: "identity",
      ranges: [range(2048n, 125829120n, { type: "linux" }), range(P1, P1_SECTORS)],
    });
    expect(guestReadme(layoutOf(vm, [exampleDisk()]), vm)).toEqual([
      "The guest sees an MBR disk of 251,660,288 sectors (120 GiB), with 2 partitions:",
      "  1. Linux filesystem, type 0x83, at LBA 2,048, 125,829,120 sectors (60 GiB), from range 1 (d0 2048 +125829120)",
      "  2. NTFS / exFAT (Microsoft basic data), type 0x07, at LBA 125,831,168, 125,829,120 sectors (60 GiB), from range 2 (d0 125831168 +125829120)",
      "Each range sits at the same LBA as on the host (identity placement), so filesystems that record their own start and boot entries that name an offset stay right.",
    ]);
    const gapVm = { ...vm, ranges: [range(P1, P1_SECTORS)] };
    expect(guestReadme(layoutOf(gapVm, [exampleDisk()]), gapVm)[2]).toBe(
      "Each range sits at the same LBA as on the host (identity placement), so filesystems that record their own start and boot entries that name an offset stay right. The gap between them reads as zeros and anything the guest writes there is lost.",
    );
  });

  it("says a blank head shows no partitions", () => {
    const vm = exampleVm();
    expect(guestReadme(layoutOf(vm, [exampleDisk()]), vm)).toEqual([
      "The guest sees a disk of 62,916,608 sectors (30 GiB) with no partition table (its head is blank). A filesystem already in a range is there, but the guest shows it only once a partition entry points at it; a guest that initialises the disk writes its own table into the head.",
    ]);
  });
});
