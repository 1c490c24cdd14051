import { describe, expect, it } from "vitest";
import {
  DEVICE_PLACEHOLDER,
  deviceNeedsInput,
  diskFromListing,
  planFromListing,
} from "./fromListing.ts";
import { loadPlan, planToJson } from "./codec.ts";
import { freeSpace } from "./ops.ts";
import { EXAMPLE_DEVICE, EXAMPLE_LISTED, workedExampleDisk } from "./example.testkit.ts";
import { emptyPlan } from "./types.ts";
import type { ListingDisk, ListingPartition, ListingResult } from "../listing/types.ts";
import { parseListing } from "../listing/index.ts";

/** What the wmic parser gives for the brief's worked example (no BlockSize column, no disk size). */
function wmicExample(): ListingDisk {
  return {
    device: EXAMPLE_DEVICE,
    logicalSectorSize: null,
    sizeBytes: null,
    line: 2,
    partitions: EXAMPLE_LISTED.map(([number, blocks, offset]): ListingPartition => ({
      number,
      label: `Disk #0, Partition #${number}`,
      startByte: offset,
      sizeBytes: blocks * 512n,
      exact: true,
    })),
  };
}

/** An fdisk -l listing of a GPT disk with 4096-byte sectors. */
function fdiskGpt4k(): ListingDisk {
  return {
    device: "/dev/sdb",
    logicalSectorSize: 4096,
    physicalSectorSize: 4096,
    sizeBytes: 4000787030016n,
    tableType: "gpt",
    partitions: [
      {
        number: 1,
        label: "/dev/sdb1",
        startByte: 256n * 4096n,
        sizeBytes: 131072n * 4096n,
        exact: true,
        type: "EFI System",
      },
      {
        number: 2,
        label: "/dev/sdb2",
        startByte: 131328n * 4096n,
        sizeBytes: 976616182n * 4096n,
        exact: true,
        type: "Linux filesystem",
        flags: ["boot"],
      },
    ],
  };
}

describe("diskFromListing", () => {
  it("turns the worked example into the plan disk, assuming 512-byte sectors and saying so", () => {
    const result = diskFromListing(wmicExample(), "d0");
    expect(result).toEqual({
      ok: true,
      disk: workedExampleDisk(),
      assumedSectorSize: true,
      notes: [
        {
          disk: "d0",
          text: "The listing does not give the logical sector size of \\\\.\\PhysicalDrive0: 512 bytes is assumed. Check it (Windows: Get-Disk's LogicalSectorSize; Linux: fdisk's \"Sector size\") and say so if it is 4096.",
        },
        {
          disk: "d0",
          text: "The size of \\\\.\\PhysicalDrive0 is unknown: enter it to have ranges checked against the disk's end and to see the free space after the last partition.",
        },
      ],
    });
  });

  it("keeps an exact fdisk disk as it is: sector size, size, table type, types and flags", () => {
    const result = diskFromListing(fdiskGpt4k(), "d1");
    expect(result).toEqual({
      ok: true,
      assumedSectorSize: false,
      notes: [],
      disk: {
        id: "d1",
        device: "/dev/sdb",
        logicalSectorSize: 4096,
        sizeBytes: 4000787030016n,
        tableType: "gpt",
        partitions: [
          {
            number: 1,
            label: "/dev/sdb1",
            startByte: 1048576n,
            sizeBytes: 536870912n,
            type: "EFI System",
          },
          {
            number: 2,
            label: "/dev/sdb2",
            startByte: 537919488n,
            sizeBytes: 4000219881472n,
            type: "Linux filesystem",
            flags: ["boot"],
          },
        ],
      },
    });
    // The free space runs to the GPT backup area: on a 4096-byte disk, 5 logical sectors
    // (4 of entries + the header) = 40 VMDK sectors, as sfdisk's lastlba shows on a real one.
    if (!result.ok) return;
    expect(freeSpace(result.disk)).toEqual([
      { disk: "d1", startSector: 7813980080n, sectors: 7814037168n - 40n - 7813980080n },
    ]);
  });

  it("never makes an unnamed device a usable path: it stays the empty placeholder, with a note", () => {
    const result = diskFromListing(
      { ...wmicExample(), device: null, logicalSectorSize: 512 },
      "d3",
    );
    expect(result.ok && result.disk.device).toBe(DEVICE_PLACEHOLDER);
    expect(deviceNeedsInput(DEVICE_PLACEHOLDER)).toBe(true);
    expect(deviceNeedsInput("  ")).toBe(true);
    expect(deviceNeedsInput("/dev/sda")).toBe(false);
    expect(result.ok && result.notes[0]).toEqual({
      disk: "d3",
      text: "The listing does not name disk d3: enter its device path before downloading.",
    });
  });

  it("mentions the lower bound of an unknown size", () => {
    const result = diskFromListing({ ...wmicExample(), sizeLowerBoundBytes: 240054796800n }, "d0");
    expect(result.ok && result.notes[1]?.text).toBe(
      "The exact size of \\\\.\\PhysicalDrive0 is unknown (at least 240,054,796,800 bytes, 223.57 GiB): enter it to have ranges checked against the disk's end.",
    );
  });

  it("keeps rounded partitions with exact: false and says they must be confirmed", () => {
    const listing = fdiskGpt4k();
    listing.partitions = listing.partitions.map((p) => ({ ...p, exact: false }));
    const result = diskFromListing(listing, "d0");
    expect(result.ok && result.disk.partitions.map((p) => p.exact)).toEqual([false, false]);
    expect(result.ok && result.notes).toEqual([
      {
        disk: "d0",
        text: "2 partitions of /dev/sdb have rounded numbers: confirm exact numbers before downloading.",
      },
    ]);
  });

  it("refuses a disk with a partition whose start or size is not exact: its sectors would look free", () => {
    const listing = fdiskGpt4k();
    listing.partitions[0] = {
      ...(listing.partitions[0] as ListingPartition),
      startByte: null,
      exact: false,
    };
    const result = diskFromListing(listing, "d0");
    expect(result).toEqual({
      ok: false,
      error:
        "/dev/sdb cannot be planned: the listing does not give the exact start of /dev/sdb1, so free space cannot be told from partitions. Paste a listing in sectors or bytes (Linux: fdisk -l; Windows: wmic partition get Name,DiskIndex,StartingOffset,Size).",
    });
  });

  it("refuses sector sizes other than 512 and 4096", () => {
    expect(diskFromListing({ ...wmicExample(), logicalSectorSize: 2048 }, "d0")).toEqual({
      ok: false,
      error:
        "\\\\.\\PhysicalDrive0 has 2048-byte logical sectors; only 512 and 4096 are supported.",
    });
  });

  it("fits odd listings into the plan format's bounds so the plan can always be saved", () => {
    const listing: ListingDisk = {
      device: "/dev/sda",
      logicalSectorSize: 512,
      sizeBytes: 1n << 40n,
      partitions: Array.from({ length: 300 }, (_, i) => ({
        number: i === 0 ? -1 : i,
        label: "L".repeat(i === 0 ? 1000 : 3),
        startByte: BigInt(i + 1) * 1048576n,
        sizeBytes: 1048576n,
        exact: true,
        flags: Array.from({ length: 40 }, () => "f"),
      })),
    };
    const result = diskFromListing(listing, "d0");
    if (!result.ok) throw new Error(result.error);
    expect(result.disk.partitions).toHaveLength(256);
    expect(result.disk.partitions[0]?.number).toBeNull();
    expect(result.disk.partitions[0]?.label).toHaveLength(255);
    expect(result.disk.partitions[0]?.flags).toHaveLength(32);
    expect(result.notes.map((n) => n.text)).toEqual([
      "/dev/sda lists 300 partitions; only 256 fit in a plan, so the last 44 (from LLL on) are left off the map.",
    ]);
    expect(loadPlan(planToJson({ ...emptyPlan(), disks: [result.disk] })).ok).toBe(true);
  });
});

describe("planFromListing", () => {
  it("makes one disk per listed disk, ids in listing order, no VMs", () => {
    const listing: ListingResult = {
      ok: true,
      format: "fdisk",
      disks: [wmicExample(), fdiskGpt4k()],
      notes: [],
    };
    const result = planFromListing(listing, "lab");
    if (!result.ok) throw new Error(result.error);
    expect(result.plan.name).toBe("lab");
    expect(result.plan.disks.map((d) => [d.id, d.device])).toEqual([
      ["d0", "\\\\.\\PhysicalDrive0"],
      ["d1", "/dev/sdb"],
    ]);
    expect(result.plan.vms).toEqual([]);
    expect(result.notes.map((n) => n.disk)).toEqual(["d0", "d0"]);
    expect(loadPlan(planToJson(result.plan))).toEqual({ ok: true, plan: result.plan });
  });

  it("leaves out a disk it cannot plan, keeping the other ids stable", () => {
    const odd = { ...wmicExample(), logicalSectorSize: 520 };
    const result = planFromListing(
      { ok: true, format: "wmic", disks: [odd, fdiskGpt4k()], notes: [] },
      "p",
    );
    expect(result.ok && result.plan.disks.map((d) => d.id)).toEqual(["d1"]);
    expect(result.ok && result.notes[0]).toEqual({
      disk: "d0",
      text: "\\\\.\\PhysicalDrive0 has 520-byte logical sectors; only 512 and 4096 are supported. It is left out of the plan.",
    });
  });

  it("passes a listing error on", () => {
    expect(planFromListing({ ok: false, error: "The listing is empty.", notes: [] }, "p")).toEqual({
      ok: false,
      error: "The listing is empty.",
    });
  });
});

describe("disk identity from the listing", () => {
  it("keeps serial, disk GUID, MBR signature and UniqueId on the plan disk, nothing else", () => {
    const r = diskFromListing(
      {
        device: "/dev/sda",
        logicalSectorSize: 512,
        sizeBytes: 1048576n * 1024n,
        identity: {
          serial: " S3Z1NB0K ",
          model: "Samsung",
          mbrSignature: "1a2b3c4d",
          vboxUuid: "x",
        },
        partitions: [],
      },
      "d0",
    );
    expect(r.ok && r.disk.identity).toEqual({ serial: "S3Z1NB0K", mbrSignature: "1a2b3c4d" });
  });
});

describe("what the listing says the host does with a partition", () => {
  it("reaches the plan from the commands the page suggests, so the host check can warn", () => {
    // The page's PowerShell command asks for DriveLetter, IsBoot and IsSystem (listing/commands.ts).
    const listing = parseListing(
      [
        "DiskNumber      : 0",
        "PartitionNumber : 1",
        "Offset          : 1048576",
        "Size            : 104857600",
        "Type            : System",
        "DriveLetter     : ",
        "IsBoot          : False",
        "IsSystem        : True",
        "",
        "DiskNumber      : 0",
        "PartitionNumber : 3",
        "Offset          : 122683392",
        "Size            : 499438845952",
        "Type            : Basic",
        "DriveLetter     : C",
        "IsBoot          : True",
        "IsSystem        : False",
      ].join("\n"),
    );
    if (!listing.ok) throw new Error(listing.error);
    const r = diskFromListing(listing.disks[0] as ListingDisk, "d0");
    if (!r.ok) throw new Error(r.error);
    expect(r.disk.partitions.map((p) => [p.mountPoint, p.isBoot, p.isSystem])).toEqual([
      [undefined, undefined, true],
      ["C:", true, undefined],
    ]);
    // Kept through saving and loading.
    const loaded = loadPlan(planToJson({ ...emptyPlan("p"), disks: [r.disk] }));
    expect(loaded.ok && loaded.plan.disks[0]?.partitions[1]).toMatchObject({
      mountPoint: "C:",
      isBoot: true,
    });
  });

  it("keeps lsblk's mount points, and a blank one is none", () => {
    const base = { number: 1, label: "/dev/sda1", startByte: 1048576n, sizeBytes: 1048576n };
    const r = diskFromListing(
      {
        device: "/dev/sda",
        logicalSectorSize: 512,
        sizeBytes: null,
        partitions: [
          { ...base, exact: true, mountPoint: "/, /home", isBoot: true },
          { ...base, number: 2, label: "/dev/sda2", exact: true, mountPoint: "  " },
        ],
      },
      "d0",
    );
    expect(r.ok && r.disk.partitions.map((p) => [p.mountPoint, p.isBoot])).toEqual([
      ["/, /home", true],
      [undefined, undefined],
    ]);
  });
});
