import { describe, expect, it } from "vitest";
import { classifyRawPath } from "./rawPath.ts";

describe("classifyRawPath", () => {
  it.each([
    "\\\\.\\PhysicalDrive0",
    "\\\\?\\PhysicalDrive12",
    "/dev/sda",
    "/dev/sdb1",
    "/dev/nvme0n1",
    "/dev/nvme0n1p2",
    "/dev/vda",
    "/dev/xvdb",
    "/dev/hda",
    "/dev/mmcblk0",
    "/dev/mmcblk0p1",
    "/dev/loop7",
    "/dev/md0",
    "/dev/md/root",
    "/dev/mapper/vg0-data",
    "/dev/disk/by-id/ata-Samsung_SSD_860_S3Z9NB0K123456",
    "/dev/disk/by-path/pci-0000:00:17.0-ata-1",
    "/dev/disk/by-uuid/0b6d6d0e-8f3c-4e3b-9d8e-2b9f1c0a7e55",
    "/dev/disk/by-partuuid/6f2c1d4e-01",
    "/dev/disk/by-diskseq/9",
    "/dev/disk2",
    "/dev/rdisk2",
    "/dev/rdisk2s1",
    "/dev/ada0",
    "/dev/da1",
    "/dev/nvd0",
    "/dev/nda0p2",
    "/dev/vtbd0",
    "/dev/diskid/DISK-S3Z9NB0K123456",
  ])("%s is a raw disk or partition device", (path) => {
    expect(classifyRawPath(path)).toMatchObject({ kind: "raw", volume: false });
  });

  it.each([
    "\\\\.\\Harddisk0Partition2",
    "\\\\.\\C:",
    "\\\\?\\Volume{6f2c1d4e-0000-0000-0000-100000000000}",
  ])("%s is a Windows volume (raw, but it locks)", (path) => {
    expect(classifyRawPath(path)).toMatchObject({ kind: "raw", volume: true });
  });

  it.each([
    ["/dev/mem", /memory/],
    ["/dev/kmem", /memory/],
    ["/dev/port", /I\/O ports/],
    ["/dev/null", /not a disk/],
    ["/dev/zero", /not a disk/],
    ["/proc/self/mem", /\/proc/],
    ["/dev/../proc/self/mem", /\/proc/],
    ["/sys/block/sda", /\/sys/],
    ["/etc/passwd", /\/etc/],
    ["\\\\server\\share\\x", /network share/],
    ["//server/share/x", /network share/],
    ["\\\\?\\UNC\\server\\share\\x", /network share/],
    ["C:\\Windows\\System32\\config\\SAM", /file path on a drive letter/],
    ["\\\\.\\C:\\Windows\\System32\\config\\SAM", /inside a volume/],
  ])("%s is dangerous", (path, reason) => {
    const c = classifyRawPath(path);
    expect(c.kind).toBe("dangerous");
    expect(c.kind === "dangerous" ? c.reason : "").toMatch(reason);
  });

  it.each(["/dev/foo", "/home/me/disk.img", "/dev/disk/by-label/data", "\\\\.\\Tape0"])(
    "%s belongs to no known family",
    (path) => {
      expect(classifyRawPath(path)).toEqual({ kind: "unknown" });
    },
  );
});
