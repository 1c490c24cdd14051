import { describe, expect, it } from "vitest";
import {
  canonicalDevice,
  declarationKey,
  devicesProvenDifferent,
  possiblySameDiskPairs,
  type DiskFacts,
  type IdentityField,
} from "./identity.ts";

describe("canonicalDevice", () => {
  it.each([
    ["\\\\.\\PhysicalDrive0", "\\\\.\\physicaldrive0"],
    ["\\\\?\\PhysicalDrive0", "\\\\.\\physicaldrive0"],
    ["\\??\\PhysicalDrive0", "\\\\.\\physicaldrive0"],
    ["\\\\.\\GLOBALROOT\\Device\\Harddisk0\\DR0", "\\\\.\\physicaldrive0"],
    ["\\\\?\\GLOBALROOT\\Device\\Harddisk3\\Partition0", "\\\\.\\physicaldrive3"],
    ["\\\\.\\GLOBALROOT\\Device\\Harddisk1\\Partition2", "\\\\.\\harddisk1partition2"],
    ["\\\\.\\PhysicalDrive0.", "\\\\.\\physicaldrive0"],
    ["\\\\.\\PhysicalDrive0 . ", "\\\\.\\physicaldrive0"],
    ["//./physicaldrive0", "\\\\.\\physicaldrive0"],
    ["\\\\.\\Harddisk0Partition0", "\\\\.\\physicaldrive0"],
    ["\\\\.\\HARDDISK2PARTITION1", "\\\\.\\harddisk2partition1"],
  ])("Windows: %s → %s, resolved", (path, key) => {
    expect(canonicalDevice(path)).toEqual({ key, resolved: true });
  });

  it.each([
    ["/dev//sda", "/dev/sda"],
    ["/dev/./sda", "/dev/sda"],
    ["//dev/sda", "/dev/sda"],
    ["/dev/disk/../sda", "/dev/sda"],
    ["/dev/disk/by-id/../../sda", "/dev/sda"],
    ["/dev/sda/", "/dev/sda"],
    ["/dev/rdisk2", "/dev/disk2"],
    ["/dev/rdisk2s1", "/dev/disk2s1"],
    ["/dev/nvme0n1p3", "/dev/nvme0n1p3"],
  ])("Unix: %s → %s, resolved", (path, key) => {
    expect(canonicalDevice(path)).toEqual({ key, resolved: true });
  });

  it.each([
    "/dev/disk/by-id/ata-Samsung_SSD_860_S3Z9NB0K123456",
    "/dev/disk/by-path/pci-0000:00:17.0-ata-1",
    "/dev/block/8:0",
    "/dev/mapper/vg-lv",
    "\\\\.\\C:",
    "\\\\?\\Volume{6f2c1d4e-0000-0000-0000-100000000000}",
  ])("cannot resolve %s from text", (path) => {
    expect(canonicalDevice(path).resolved).toBe(false);
  });

  it("keeps Linux case: /dev/sda and /dev/SDA are two names", () => {
    expect(canonicalDevice("/dev/SDA").key).not.toBe(canonicalDevice("/dev/sda").key);
  });
});

const disk = (device: string, more: Partial<DiskFacts> = {}): DiskFacts => ({
  device,
  logicalSectorSize: 512,
  sizeBytes: null,
  ...more,
});

describe("devicesProvenDifferent", () => {
  const none = new Set<string>();
  it("one device under two spellings is never proven different", () => {
    expect(devicesProvenDifferent(disk("/dev//sda"), disk("/dev/sda"), none)).toBeNull();
  });
  it("two resolved device names differ", () => {
    expect(devicesProvenDifferent(disk("/dev/sda"), disk("/dev/sdb"), none)).toMatch(
      /two different/,
    );
  });
  it("a link may be any disk, until sizes, identities or a declaration say otherwise", () => {
    const link = "/dev/disk/by-id/ata-X";
    expect(devicesProvenDifferent(disk("/dev/sda"), disk(link), none)).toBeNull();
    expect(
      devicesProvenDifferent(
        disk("/dev/sda", { sizeBytes: 1024n }),
        disk(link, { sizeBytes: 2048n }),
        none,
      ),
    ).toMatch(/exact sizes differ/);
    expect(
      devicesProvenDifferent(
        disk("/dev/sda", { identity: { serial: "A1" } }),
        disk(link, { identity: { serial: "B2" } }),
        none,
      ),
    ).toMatch(/serial numbers differ/);
    expect(
      devicesProvenDifferent(
        disk("/dev/sda", { identity: { mbrSignature: "1a2b3c4d" } }),
        disk(link, { identity: { mbrSignature: "1A2B3C4D" } }),
        none,
      ),
    ).toBeNull();
    const declared = new Set([declarationKey(link, "/dev//sda")]);
    expect(devicesProvenDifferent(disk("/dev/sda"), disk(link), declared)).toMatch(/declares/);
  });
  it("spelling of one identity value never proves two disks different", () => {
    const link = "/dev/disk/by-id/ata-X";
    const pairs: Array<[IdentityField, string, string]> = [
      [
        "diskGuid",
        "{0FC63DAF-8483-4772-8E79-3D69D8477DE4}",
        "0fc63daf-8483-4772-8e79-3d69d8477de4",
      ],
      ["mbrSignature", "0x0001ABCD", "1abcd"],
      ["mbrSignature", "0001abcd", "0x1ABCD"],
      ["serial", "  WD-123 ", "WD-123"],
      ["serial", "", "WD-123"],
      ["diskGuid", "00000000-0000-0000-0000-000000000000", "0FC63DAF-8483-4772-8E79-3D69D8477DE4"],
      ["mbrSignature", "00000000", "1a2b3c4d"],
      ["uniqueId", " 6002248E ", "6002248e"],
    ];
    for (const [field, x, y] of pairs) {
      expect(
        devicesProvenDifferent(
          disk("/dev/sda", { identity: { [field]: x } }),
          disk(link, { identity: { [field]: y } }),
          none,
        ),
        `${field} ${x} / ${y}`,
      ).toBeNull();
    }
    expect(
      devicesProvenDifferent(
        disk("/dev/sda", { identity: { mbrSignature: "0x1a2b3c4d" } }),
        disk(link, { identity: { mbrSignature: "1a2b3c4e" } }),
        none,
      ),
    ).toMatch(/MBR signatures differ/);
  });
  it("two device nodes with one serial are not proven different; other evidence still counts", () => {
    const a = disk("/dev/sda", { identity: { serial: "WD-1" } });
    expect(
      devicesProvenDifferent(a, disk("/dev/sdb", { identity: { serial: " wd-1" } }), none),
    ).toBeNull();
    expect(
      devicesProvenDifferent(a, disk("/dev/sdb", { identity: { serial: "WD-2" } }), none),
    ).toMatch(/two different devices/);
    expect(
      devicesProvenDifferent(
        { ...a, sizeBytes: 1024n },
        disk("/dev/sdb", { sizeBytes: 2048n, identity: { serial: "WD-1" } }),
        none,
      ),
    ).toMatch(/exact sizes differ/);
  });
  it("sector sizes prove nothing unless both exact sizes are known (512 may be assumed)", () => {
    const link = "/dev/block/8:0";
    expect(
      devicesProvenDifferent(disk("/dev/sda", { logicalSectorSize: 4096 }), disk(link), none),
    ).toBeNull();
    expect(
      devicesProvenDifferent(
        disk("/dev/sda", { logicalSectorSize: 4096, sizeBytes: 4096n }),
        disk(link, { sizeBytes: 4096n }),
        none,
      ),
    ).toMatch(/sector sizes differ/);
  });
});

describe("possiblySameDiskPairs", () => {
  it("pairs each link with every disk it may be, never two resolved names", () => {
    const disks = [disk("/dev/sda"), disk("/dev/sdb"), disk("/dev/block/8:16"), disk("")];
    expect(possiblySameDiskPairs(disks)).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(possiblySameDiskPairs(disks, [["/dev/block/8:16", "/dev/./sda"]])).toEqual([[1, 2]]);
  });
  it("a spelling of unknown size takes the size its other spelling gives", () => {
    const link = disk("/dev/disk/by-id/ata-X", { sizeBytes: 2048n });
    // /dev//sda is /dev/sda, which is 1024 bytes: the 2048-byte link is neither.
    expect(
      possiblySameDiskPairs([disk("/dev/sda", { sizeBytes: 1024n }), disk("/dev//sda"), link]),
    ).toEqual([]);
    expect(possiblySameDiskPairs([disk("/dev/sda"), disk("/dev//sda"), link])).toEqual([
      [0, 2],
      [1, 2],
    ]);
  });
});
