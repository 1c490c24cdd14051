import { describe, expect, it } from "vitest";
import { parseListing } from "./index.ts";

/** `gpt show` of a disk whose primary table is `tableBlocks` long (macOS prints no block size). */
const gptShow = (tableBlocks: number) =>
  [
    "      start       size  index  contents",
    "          0          1         PMBR",
    "          1          1         Pri GPT header",
    `          2 ${String(tableBlocks).padStart(10)}         Pri GPT table`,
    "       2048     204800      1  GPT part - C12A7328-F81F-11D2-BA4B-00A0C93EC93B",
  ].join("\n");

const note = (text: string) => {
  const result = parseListing(text);
  if (!result.ok) throw new Error(result.error);
  expect(result.format).toBe("gpt-show");
  // Whatever the hint says, the numbers stay blocks of a size the user has to give.
  expect(result.disks[0]?.sectorSizeUnknown).toBe(true);
  expect(result.disks[0]?.partitions[0]?.exact).toBe(false);
  return result.notes.map((n) => n.text).join(" ");
};

describe("gpt show: the block size is asked for, with a hint from the table's length", () => {
  it("32 blocks of table: probably 512-byte blocks", () => {
    expect(note(gptShow(32))).toContain(
      "32 blocks long, which with the usual 128 entries means 512-byte blocks",
    );
  });

  it("4 blocks of table (Apple silicon): probably 4096-byte blocks", () => {
    expect(note(gptShow(4))).toContain("means 4096-byte blocks");
  });

  it("another length: no hint, only the question", () => {
    const text = note(gptShow(16));
    expect(text).toContain("say 512 or 4096");
    expect(text).not.toContain("usual 128 entries");
  });
});

describe("diskutil list: type and name told apart by the header's columns", () => {
  const read = (text: string) => {
    const result = parseListing(text);
    if (!result.ok) throw new Error(result.error);
    expect(result.format).toBe("diskutil");
    return result;
  };
  const rows = (text: string) =>
    read(text).disks.map((d) => ({
      device: d.device,
      table: d.tableType ?? null,
      parts: d.partitions.map((p) => [p.label, p.type, p.name ?? null, p.exact]),
    }));

  const apfs = [
    "/dev/disk0 (internal, physical):",
    "   #:                       TYPE NAME                    SIZE       IDENTIFIER",
    "   0:      GUID_partition_scheme                        *500.3 GB   disk0",
    "   1:                        EFI EFI                     209.7 MB   disk0s1",
    "   2:                 Apple_APFS Container disk1         500.1 GB   disk0s2",
    "",
    "/dev/disk1 (synthesized):",
    "   #:                       TYPE NAME                    SIZE       IDENTIFIER",
    "   0:      APFS Container Scheme -                      +500.1 GB   disk1",
    "                                 Physical Store disk0s2",
    "   1:                APFS Volume Macintosh HD            15.2 GB    disk1s1",
    "   2:                APFS Volume Macintosh HD - Data     480.3 GB   disk1s2",
  ].join("\n");

  it("splits types and names that both hold spaces, and reads an APFS container's rows", () => {
    expect(rows(apfs)).toEqual([
      {
        device: "/dev/disk0",
        table: "gpt",
        parts: [
          ["/dev/disk0s1", "EFI", "EFI", false],
          ["/dev/disk0s2", "Apple_APFS", "Container disk1", false],
        ],
      },
      {
        device: "/dev/disk1",
        table: null,
        parts: [
          ["/dev/disk1s1", "APFS Volume", "Macintosh HD", false],
          ["/dev/disk1s2", "APFS Volume", "Macintosh HD - Data", false],
        ],
      },
    ]);
    // Every line is understood: only the note that nothing here is exact.
    expect(read(apfs).notes.map((n) => n.text)).toEqual([
      expect.stringContaining("diskutil list rounds sizes and gives no positions"),
    ]);
  });

  it("reads an MBR stick: the FDisk scheme and a volume name", () => {
    const stick = [
      "/dev/disk4 (external, physical):",
      "   #:                       TYPE NAME                    SIZE       IDENTIFIER",
      "   0:     FDisk_partition_scheme                        *15.4 GB    disk4",
      "   1:             Windows_FAT_32 KINGSTON                15.4 GB    disk4s1",
    ].join("\n");
    expect(rows(stick)).toEqual([
      {
        device: "/dev/disk4",
        table: "dos",
        parts: [["/dev/disk4s1", "Windows_FAT_32", "KINGSTON", false]],
      },
    ]);
  });

  it("macOS 12 and later: names without their Unicode isolates, snapshots and free space understood", () => {
    const modern = [
      "/dev/disk0 (internal, physical):",
      "   #:                       TYPE NAME                    SIZE       IDENTIFIER",
      "   0:      GUID_partition_scheme                        *1.0 TB     disk0",
      "   1:             Apple_APFS_ISC \u2068\u2069                        524.3 MB   disk0s1",
      "   2:                 Apple_APFS \u2068Container disk3\u2069         994.7 GB   disk0s2",
      "                    (free space)                         4.9 GB     -",
      "",
      "/dev/disk3 (synthesized):",
      "   #:                       TYPE NAME                    SIZE       IDENTIFIER",
      "   0:      APFS Container Scheme -                      +994.7 GB   disk3",
      "                                 Physical Store disk0s2",
      "   1:                APFS Volume \u2068Macintosh HD\u2069            10.2 GB    disk3s1",
      "   2:              APFS Snapshot \u2068com.apple.os.update-AB12\u2069 10.2 GB    disk3s1s1",
    ].join("\n");
    expect(rows(modern)).toEqual([
      {
        device: "/dev/disk0",
        table: "gpt",
        parts: [
          ["/dev/disk0s1", "Apple_APFS_ISC", null, false],
          ["/dev/disk0s2", "Apple_APFS", "Container disk3", false],
        ],
      },
      {
        device: "/dev/disk3",
        table: null,
        parts: [["/dev/disk3s1", "APFS Volume", "Macintosh HD", false]],
      },
    ]);
    expect(read(modern).notes.map((n) => n.text)).toEqual([
      expect.stringContaining("diskutil list rounds sizes and gives no positions"),
    ]);
  });

  it("falls back to the spaces where a copy collapsed them", () => {
    const collapsed = [
      "/dev/disk0 (internal, physical):",
      "#: TYPE NAME SIZE IDENTIFIER",
      "0: GUID_partition_scheme *500.3 GB disk0",
      "1: EFI EFI 209.7 MB disk0s1",
      "2: Apple_APFS Container disk1 500.1 GB disk0s2",
    ].join("\n");
    expect(rows(collapsed)[0]?.parts).toEqual([
      ["/dev/disk0s1", "EFI", "EFI", false],
      // Without the columns the split is a guess at the last space.
      ["/dev/disk0s2", "Apple_APFS Container", "disk1", false],
    ]);
  });
});
