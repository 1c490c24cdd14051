import { describe, expect, it } from "vitest";
import { parseListing } from "./index.ts";

// Written here, no Mac at hand. The shapes follow public samples of real output: a partition's
// `diskutil info -plist` (davidfstr/Crystal-Web-Archiver, src/crystal/tests/test_ssd.py: keys
// sorted, DeviceBlockSize, DeviceIdentifier, ParentWholeDisk, PartitionMapPartition,
// PartitionMapPartitionOffset, Size, TotalSize, WholeDisk; an APFS volume with
// PartitionMapPartition false and no offset) and `diskutil list -plist` as test doubles of
// several projects show it (AllDisks, AllDisksAndPartitions with Partitions holding only
// Content, DeviceIdentifier, DiskUUID, Size, VolumeName; an APFS container with
// APFSPhysicalStores and APFSVolumes; VolumesFromDisks, WholeDisks). The numbers are our own.
const HEAD = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">`;
const info = (keys: string) => `${HEAD}\n<dict>\n${keys}</dict>\n</plist>\n`;
const int = (key: string, n: string) => `\t<key>${key}</key>\n\t<integer>${n}</integer>\n`;
const s = (key: string, v: string) => `\t<key>${key}</key>\n\t<string>${v}</string>\n`;
const b = (key: string, v: boolean) => `\t<key>${key}</key>\n\t<${v}/>\n`;

const DISK4 = info(
  s("Content", "GUID_partition_scheme") +
    int("DeviceBlockSize", "4096") +
    s("DeviceIdentifier", "disk4") +
    s("DeviceNode", "/dev/disk4") +
    s("MediaName", "Example SSD") +
    int("Size", "18000207937536") +
    int("TotalSize", "18000207937536") +
    b("WholeDisk", true),
);
const DISK4S2 = info(
  s("Content", "Microsoft Basic Data") +
    int("DeviceBlockSize", "4096") +
    s("DeviceIdentifier", "disk4s2") +
    s("DeviceNode", "/dev/disk4s2") +
    s("DiskUUID", "3f1c2b4a-9d8e-4f70-a1b2-c3d4e5f60718") +
    s("ParentWholeDisk", "disk4") +
    b("PartitionMapPartition", true) +
    int("PartitionMapPartitionOffset", "209735680") +
    int("Size", "17999998197760") +
    int("TotalSize", "17999998197760") +
    s("VolumeName", "Data") +
    b("WholeDisk", false),
);
const APFS_VOLUME = info(
  s("APFSContainerReference", "disk3") +
    `\t<key>APFSPhysicalStores</key>\n\t<array>\n\t\t<dict>\n\t\t\t<key>APFSPhysicalStore</key>\n\t\t\t<string>disk0s2</string>\n\t\t</dict>\n\t</array>\n` +
    s("DeviceIdentifier", "disk3s1") +
    s("ParentWholeDisk", "disk3") +
    b("PartitionMapPartition", false) +
    int("Size", "494384795648") +
    b("WholeDisk", false),
);
const LIST = `${HEAD}
<dict>
\t<key>AllDisks</key>
\t<array>
\t\t<string>disk0</string>
\t\t<string>disk0s1</string>
\t\t<string>disk0s2</string>
\t\t<string>disk3</string>
\t</array>
\t<key>AllDisksAndPartitions</key>
\t<array>
\t\t<dict>
\t\t\t<key>Content</key>
\t\t\t<string>GUID_partition_scheme</string>
\t\t\t<key>DeviceIdentifier</key>
\t\t\t<string>disk0</string>
\t\t\t<key>OSInternal</key>
\t\t\t<false/>
\t\t\t<key>Partitions</key>
\t\t\t<array>
\t\t\t\t<dict>
\t\t\t\t\t<key>Content</key>
\t\t\t\t\t<string>EFI</string>
\t\t\t\t\t<key>DeviceIdentifier</key>
\t\t\t\t\t<string>disk0s1</string>
\t\t\t\t\t<key>Size</key>
\t\t\t\t\t<integer>209715200</integer>
\t\t\t\t\t<key>VolumeName</key>
\t\t\t\t\t<string>EFI</string>
\t\t\t\t</dict>
\t\t\t\t<dict>
\t\t\t\t\t<key>Content</key>
\t\t\t\t\t<string>Apple_APFS</string>
\t\t\t\t\t<key>DeviceIdentifier</key>
\t\t\t\t\t<string>disk0s2</string>
\t\t\t\t\t<key>Size</key>
\t\t\t\t\t<integer>499898105856</integer>
\t\t\t\t</dict>
\t\t\t</array>
\t\t\t<key>Size</key>
\t\t\t<integer>500107862016</integer>
\t\t</dict>
\t\t<dict>
\t\t\t<key>APFSPhysicalStores</key>
\t\t\t<array>
\t\t\t\t<dict>
\t\t\t\t\t<key>DeviceIdentifier</key>
\t\t\t\t\t<string>disk0s2</string>
\t\t\t\t</dict>
\t\t\t</array>
\t\t\t<key>APFSVolumes</key>
\t\t\t<array/>
\t\t\t<key>DeviceIdentifier</key>
\t\t\t<string>disk3</string>
\t\t\t<key>Partitions</key>
\t\t\t<array/>
\t\t\t<key>Size</key>
\t\t\t<integer>499898105856</integer>
\t\t</dict>
\t</array>
\t<key>WholeDisks</key>
\t<array>
\t\t<string>disk0</string>
\t\t<string>disk3</string>
\t</array>
</dict>
</plist>
`;
const EFI_INFO = info(
  s("Content", "EFI") +
    int("DeviceBlockSize", "512") +
    s("DeviceIdentifier", "disk0s1") +
    s("ParentWholeDisk", "disk0") +
    b("PartitionMapPartition", true) +
    int("PartitionMapPartitionOffset", "20480") +
    int("Size", "209715200") +
    b("WholeDisk", false),
);

const read = (text: string) => {
  const result = parseListing(text);
  if (!result.ok) throw new Error(result.error);
  expect(result.format).toBe("diskutil-plist");
  return result;
};

describe("diskutil info -plist", () => {
  it("a disk and its partition: exact bytes past 2^32 and the block size", () => {
    const result = read(DISK4 + DISK4S2);
    const disk = result.disks[0];
    expect(result.disks).toHaveLength(1);
    expect([disk?.device, disk?.sizeBytes, disk?.logicalSectorSize, disk?.tableType]).toEqual([
      "/dev/disk4",
      18000207937536n,
      4096,
      "gpt",
    ]);
    expect(disk?.identity?.model).toBe("Example SSD");
    const p = disk?.partitions[0];
    expect([p?.number, p?.label, p?.startByte, p?.sizeBytes, p?.exact]).toEqual([
      2,
      "/dev/disk4s2",
      209735680n,
      17999998197760n,
      true,
    ]);
    expect(p?.partitionGuid).toBe("3F1C2B4A-9D8E-4F70-A1B2-C3D4E5F60718");
    expect(p?.name).toBe("Data");
  });

  it("an APFS volume is not a partition: a note names its container's partition", () => {
    const result = read(DISK4S2 + APFS_VOLUME);
    expect(result.disks.flatMap((d) => d.partitions.map((p) => p.label))).toEqual(["/dev/disk4s2"]);
    expect(result.notes.some((n) => /disk3s1 .*volume inside disk3.*disk0s2/.test(n.text))).toBe(
      true,
    );
  });

  it("only an APFS volume: refused, saying what to run", () => {
    const result = parseListing(APFS_VOLUME);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain("diskutil info -plist diskN");
  });

  it("cut short: refused, asking for all of it", () => {
    const result = parseListing(DISK4S2.slice(0, DISK4S2.indexOf("<key>Size")));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/cut or damaged/);
  });
});

describe("diskutil list -plist", () => {
  it("exact sizes, no starts: not exact, with an important note; the APFS container skipped", () => {
    const result = read(LIST);
    expect(result.disks.map((d) => d.device)).toEqual(["/dev/disk0"]);
    const disk = result.disks[0];
    expect(disk?.sizeBytes).toBe(500107862016n);
    expect(disk?.partitions.map((p) => [p.label, p.startByte, p.sizeBytes, p.exact])).toEqual([
      ["/dev/disk0s1", null, 209715200n, false],
      ["/dev/disk0s2", null, 499898105856n, false],
    ]);
    expect(
      result.notes.some((n) => n.important && /2 partitions have\s+no offset/.test(n.text)),
    ).toBe(true);
    expect(result.notes.some((n) => /disk3 is an APFS container .*disk0s2/.test(n.text))).toBe(
      true,
    );
  });

  it("with a partition's diskutil info -plist: that one is exact, the other still not", () => {
    const result = read(LIST + EFI_INFO);
    const parts = result.disks[0]?.partitions ?? [];
    expect(parts.map((p) => [p.label, p.startByte, p.sizeBytes, p.exact])).toEqual([
      ["/dev/disk0s1", 20480n, 209715200n, true],
      ["/dev/disk0s2", null, 499898105856n, false],
    ]);
    expect(result.disks[0]?.logicalSectorSize).toBe(512);
    expect(result.notes.some((n) => /one partition has no offset/.test(n.text))).toBe(true);
  });
});
