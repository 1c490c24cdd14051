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
    // Every line is understood: only the note that nothing here is exact, and that the
    // synthesized disk is not a physical one.
    expect(read(apfs).notes.map((n) => n.text)).toEqual([
      expect.stringContaining("diskutil list rounds sizes and gives no positions"),
      expect.stringContaining("/dev/disk1 is not a physical disk"),
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
      expect.stringContaining("/dev/disk3 is not a physical disk"),
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

describe("gpt show with diskutil info of the same disk: the block size known", () => {
  const info = (id: string, bytes: string, units: string, block = "512") =>
    [
      `$ diskutil info ${id}`,
      `   Device Identifier:         ${id}`,
      `   Device Node:               /dev/${id}`,
      "   Whole:                     Yes",
      `   Part of Whole:             ${id}`,
      "",
      "   Content (IOContent):       GUID_partition_scheme",
      `   Disk Size:                 1.0 GB (${bytes} Bytes) (exactly ${units} 512-Byte-Units)`,
      `   Device Block Size:         ${block} Bytes`,
    ].join("\n");
  const show = [
    "$ sudo gpt -r show disk2",
    "      start       size  index  contents",
    "          0          1         PMBR",
    "          1          1         Pri GPT header",
    "          2         32         Pri GPT table",
    "       2048     204800      1  GPT part - C12A7328-F81F-11D2-BA4B-00A0C93EC93B",
    "    2097119         32         Sec GPT table",
    "    2097151          1         Sec GPT header",
  ].join("\n");
  const read = (text: string) => {
    const result = parseListing(text);
    if (!result.ok) throw new Error(result.error);
    expect(result.format).toBe("gpt-show");
    return result;
  };

  it("takes the block size and the exact size from the whole disk's block", () => {
    const result = read(`${show}\n\n${info("disk2", "1073741824", "2097152")}`);
    expect(result.disks[0]).toMatchObject({
      device: "/dev/disk2",
      logicalSectorSize: 512,
      sizeBytes: 1073741824n,
    });
    expect(result.disks[0]?.sectorSizeUnknown).toBeUndefined();
    expect(result.disks[0]?.partitions[0]).toMatchObject({
      startByte: 1048576n,
      sizeBytes: 104857600n,
      exact: true,
    });
    expect(result.notes.map((n) => n.text)).toEqual([
      "The block size, 512 bytes, is from diskutil info of disk2.",
    ]);
  });

  it("takes the one line `diskutil info diskN | grep 'Block Size'` leaves", () => {
    const grep =
      "$ diskutil info disk2 | grep 'Block Size'\n   Device Block Size:         4096 Bytes";
    expect(read(`${show}\n${grep}`).disks[0]?.logicalSectorSize).toBe(4096);
  });

  it("does not take another disk's block size, nor one whose disk is too small", () => {
    const other = read(`${show}\n${info("disk3", "1073741824", "2097152", "4096")}`);
    expect(other.disks[0]?.sectorSizeUnknown).toBe(true);
    expect(other.notes.map((n) => n.text).join(" ")).toContain("gpt show lists disk2, not disk3");
    const small = read(`${show}\n${info("disk2", "1048576", "2048")}`);
    expect(small.disks[0]?.sectorSizeUnknown).toBe(true);
    expect(small.notes.map((n) => n.text).join(" ")).toContain("not the same disk?");
  });
});

describe("diskutil info", () => {
  const block = (lines: string[]) => lines.map((l) => `   ${l}`).join("\n");

  it("APFS containers and volumes are notes, not disks and partitions", () => {
    const text = [
      block([
        "Device Identifier:         disk3",
        "Device Node:               /dev/disk3",
        "Whole:                     Yes",
        "Part of Whole:             disk3",
        "APFS Physical Store:       disk0s2",
        "Disk Size:                 994.7 GB (994662584320 Bytes) (exactly 1942700360 512-Byte-Units)",
        "Device Block Size:         4096 Bytes",
      ]),
      "",
      block([
        "Device Identifier:         disk3s5",
        "Device Node:               /dev/disk3s5",
        "Whole:                     No",
        "Part of Whole:             disk3",
        "APFS Container:            disk3",
        "APFS Physical Store:       disk0s2",
        "Disk Size:                 994.7 GB (994662584320 Bytes) (exactly 1942700360 512-Byte-Units)",
        "Device Block Size:         4096 Bytes",
      ]),
    ].join("\n");
    const result = parseListing(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toContain("diskutil list");
    const notes = result.notes.map((n) => n.text).join(" ");
    expect(notes).toContain("disk3 is an APFS container that macOS makes from partition disk0s2");
    expect(notes).toContain("disk3s5 has no Partition Offset: it is a volume inside disk3");
  });

  it("reads the older Total Size line as the disk's size", () => {
    const result = parseListing(
      block([
        "Device Identifier:         disk1",
        "Device Node:               /dev/disk1",
        "Whole:                     Yes",
        "Part of Whole:             disk1",
        "Total Size:                500.1 GB (500107862016 Bytes) (exactly 976773168 512-Byte-Units)",
        "Device Block Size:         512 Bytes",
      ]),
    );
    if (!result.ok) throw new Error(result.error);
    expect(result.format).toBe("diskutil-info");
    expect(result.disks[0]).toMatchObject({
      device: "/dev/disk1",
      sizeBytes: 500107862016n,
      logicalSectorSize: 512,
    });
  });

  it("a partition's offset and size, checked against their blocks", () => {
    const partition = (offset: string) =>
      block([
        "Device Identifier:         disk6s2",
        "Device Node:               /dev/disk6s2",
        "Whole:                     No",
        "Part of Whole:             disk6",
        "Partition Type:            Microsoft Basic Data",
        `Partition Offset:          ${offset}`,
        "Disk Size:                 2.0 TB (2000000000000 Bytes) (exactly 3906250000 512-Byte-Units)",
        "Device Block Size:         4096 Bytes",
      ]);
    const good = parseListing(partition("16777216 Bytes (4096 4096-Byte-Device-Blocks)"));
    if (!good.ok) throw new Error(good.error);
    expect(good.format).toBe("diskutil-info");
    expect(good.disks[0]).toMatchObject({ device: "/dev/disk6", logicalSectorSize: 4096 });
    expect(good.disks[0]?.partitions[0]).toMatchObject({
      label: "/dev/disk6s2",
      number: 2,
      startByte: 16777216n,
      sizeBytes: 2000000000000n,
      exact: true,
    });
    const bad = parseListing(partition("16777216 Bytes (4096 512-Byte-Device-Blocks)"));
    if (!bad.ok) throw new Error(bad.error);
    expect(bad.disks[0]?.partitions[0]).toMatchObject({ startByte: null, exact: false });
  });
});

describe("diskutil list: partition numbers", () => {
  it("are the identifiers' slice numbers, not the rows' places in the list", () => {
    const text = [
      "/dev/disk2 (external, physical):",
      "   #:                       TYPE NAME                    SIZE       IDENTIFIER",
      "   0:      GUID_partition_scheme                        *64.0 GB    disk2",
      "   1:                        EFI EFI                     209.7 MB   disk2s1",
      "   2:       Microsoft Basic Data DATA                    31.9 GB    disk2s3",
      "   3:                 Apple_APFS Container disk3         31.9 GB    disk2s2",
    ].join("\n");
    const result = parseListing(text);
    if (!result.ok) throw new Error(result.error);
    expect(result.disks[0]?.partitions.map((p) => [p.number, p.label])).toEqual([
      [1, "/dev/disk2s1"],
      [3, "/dev/disk2s3"],
      [2, "/dev/disk2s2"],
    ]);
  });
});

describe("diskutil list: CoreStorage (macOS 10.7 to 10.12)", () => {
  it("reads a logical volume's lines under its virtual disk and says it is not hardware", () => {
    const text = [
      "/dev/disk0 (internal, physical):",
      "   #:                       TYPE NAME                    SIZE       IDENTIFIER",
      "   0:      GUID_partition_scheme                        *121.3 GB   disk0",
      "   1:                        EFI EFI                     209.7 MB   disk0s1",
      "   2:          Apple_CoreStorage Macintosh HD            120.5 GB   disk0s2",
      "/dev/disk1 (internal, virtual):",
      "   #:                       TYPE NAME                    SIZE       IDENTIFIER",
      "   0:                  Apple_HFS Macintosh HD           +120.1 GB   disk1",
      "                                 Logical Volume on disk0s2",
      "                                 3C2A1B0D-9E8F-4A7B-8C6D-5E4F3A2B1C0D",
      "                                 Unlocked Encrypted",
    ].join("\n");
    const result = parseListing(text);
    if (!result.ok) throw new Error(result.error);
    expect(result.notes.map((n) => n.text)).toEqual([
      expect.stringContaining("diskutil list rounds sizes"),
      // The volume fills the virtual disk: no partition table is listed there.
      expect.stringContaining("/dev/disk1: no partition and no partition table are listed"),
      expect.stringContaining("/dev/disk1 is not a physical disk"),
    ]);
  });
});

describe("diskutil list with diskutil info pasted after it", () => {
  const list = [
    "/dev/disk2 (external, physical):",
    "   #:                       TYPE NAME                    SIZE       IDENTIFIER",
    "   0:      GUID_partition_scheme                        *1.0 TB     disk2",
    "   1:                        EFI ⁨EFI⁩                     209.7 MB   disk2s1",
    "   2:       Microsoft Basic Data ⁨LINUXDATA⁩               1000.0 GB  disk2s2",
  ].join("\n");
  const info = (id: string, lines: string[]) =>
    [`   Device Identifier:         ${id}`, ...lines.map((l) => `   ${l}`)].join("\n");
  const whole = info("disk2", [
    "Whole:                     Yes",
    "Disk Size:                 1.0 TB (1000204886016 Bytes) (exactly 1953525168 512-Byte-Units)",
    "Device Block Size:         512 Bytes",
  ]);
  const efi = info("disk2s1", [
    "Whole:                     No",
    "Part of Whole:             disk2",
    "Partition Offset:          20480 Bytes (40 512-Byte-Device-Blocks)",
    "Disk Size:                 209.7 MB (209715200 Bytes) (exactly 409600 512-Byte-Units)",
    "Device Block Size:         512 Bytes",
  ]);
  const data = info("disk2s2", [
    "Whole:                     No",
    "Part of Whole:             disk2",
    "Partition Offset:          210763776 Bytes (411648 512-Byte-Device-Blocks)",
    "Disk Size:                 1000.0 GB (999959822336 Bytes) (exactly 1953046528 512-Byte-Units)",
    "Device Block Size:         512 Bytes",
  ]);
  const read = (text: string) => {
    const result = parseListing(text);
    if (!result.ok) throw new Error(result.error);
    expect(result.format).toBe("diskutil");
    return result;
  };

  it("takes every exact number from diskutil info -all (blocks between rows of asterisks)", () => {
    const result = read(
      [list, "$ diskutil info -all", whole, "**********", efi, "**********", data].join("\n"),
    );
    expect(result.disks[0]).toMatchObject({ sizeBytes: 1000204886016n, logicalSectorSize: 512 });
    expect(
      result.disks[0]?.partitions.map((p) => [p.label, p.startByte, p.sizeBytes, p.exact]),
    ).toEqual([
      ["/dev/disk2s1", 20480n, 209715200n, true],
      ["/dev/disk2s2", 210763776n, 999959822336n, true],
    ]);
    expect(result.notes).toEqual([]);
  });

  it("says which partitions stay inexact when diskutil info is missing for some", () => {
    const result = read([list, whole, "", efi].join("\n"));
    expect(result.disks[0]?.partitions.map((p) => p.exact)).toEqual([true, false]);
    expect(result.notes.map((n) => n.text).join(" ")).toContain(
      "only the partitions diskutil info was pasted for are exact",
    );
  });
});

describe("gpt show: an MBR disk, and -l", () => {
  it("a plain MBR disk is an MBR table, its rows typed by their id", () => {
    const text = [
      "$ sudo gpt -r show disk3",
      "    start      size  index  contents",
      "        0         1         MBR",
      "        1      2047",
      "     2048  30717952      1  MBR part 12",
    ].join("\n");
    const result = parseListing(text);
    if (!result.ok) throw new Error(result.error);
    expect(result.disks[0]?.tableType).toBe("dos");
    expect(result.disks[0]?.partitions[0]?.type).toBe("0C");
  });

  it("-l: the contents are labels, not types", () => {
    const text = [
      "# gpt show -l wd0",
      "      start       size  index  contents",
      "       2048     262144      1  GPT part - EFI system partition",
    ].join("\n");
    const result = parseListing(text);
    if (!result.ok) throw new Error(result.error);
    expect(result.disks[0]?.partitions[0]).toMatchObject({ name: "EFI system partition" });
    expect(result.disks[0]?.partitions[0]?.type).toBeUndefined();
  });
});

describe("macOS fdisk: the disk's own blocks, whose size it does not print", () => {
  // A USB drive with 4096-byte blocks: 1 TB is 244190646 of them.
  const fdisk = [
    "Disk: /dev/disk4\tgeometry: 15200/255/63 [244190646 sectors]",
    "Signature: 0xAA55",
    "         Starting       Ending",
    " #: id  cyl  hd sec -  cyl  hd sec [     start -       size]",
    "------------------------------------------------------------------------",
    " 1: 07 1023 254  63 - 1023 254  63 [       256 -  244190208] HPFS/QNX/AUX",
  ].join("\n");
  const info = (bytes: string, units: string) =>
    [
      "$ diskutil info disk4",
      "   Device Identifier:         disk4",
      "   Whole:                     Yes",
      `   Disk Size:                 1.0 TB (${bytes} Bytes) (exactly ${units} 512-Byte-Units)`,
      "   Device Block Size:         4096 Bytes",
    ].join("\n");
  const read = (text: string) => {
    const result = parseListing(text);
    if (!result.ok) throw new Error(result.error);
    expect(result.format).toBe("macos-fdisk");
    return result;
  };

  it("alone: the sector numbers kept, the block size asked for, never taken as 512", () => {
    const result = read(fdisk);
    expect(result.disks[0]).toMatchObject({ logicalSectorSize: null, sectorSizeUnknown: true });
    expect(result.disks[0]?.partitions[0]).toMatchObject({
      startSector: 256n,
      sizeSectors: 244190208n,
      exact: false,
    });
    expect(result.notes.map((n) => n.text).join(" ")).toContain("paste `diskutil info disk4`");
  });

  it("with diskutil info of the same disk: exact in 4096-byte blocks", () => {
    const result = read(`${fdisk}\n${info("1000204886016", "1953525168")}`);
    expect(result.disks[0]).toMatchObject({
      logicalSectorSize: 4096,
      sizeBytes: 1000204886016n,
    });
    expect(result.disks[0]?.partitions[0]).toMatchObject({
      startByte: 1048576n,
      sizeBytes: 1000203091968n,
      exact: true,
    });
  });

  it("a GPT disk, of which fdisk shows only the protective entry, is refused: gpt show lists it", () => {
    const gpt = [
      "Disk: /dev/disk0\tgeometry: 30401/255/63 [488397168 sectors]",
      "Signature: 0xAA55",
      "         Starting       Ending",
      " #: id  cyl  hd sec -  cyl  hd sec [     start -       size]",
      "------------------------------------------------------------------------",
      " 1: EE 1023 254  63 - 1023 254  63 [         1 -  488397167] <Unknown ID>",
      " 2: 00    0   0   0 -    0   0   0 [         0 -          0] unused      ",
    ].join("\n");
    const result = parseListing(gpt);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBe(
      "Line 6: /dev/disk0 is a GPT disk, but this tool listed only its protective MBR entry (type ee), none of its partitions: every sector would look free. Run `sudo gpt -r show /dev/disk0; diskutil info disk0` and paste that instead.",
    );
    // With an MBR disk beside it, that one stays and the GPT disk is named in a note.
    const both = read(`${gpt}\n${fdisk}`);
    expect(both.disks.map((d) => d.device)).toEqual(["/dev/disk4"]);
    expect(both.notes.find((n) => n.line === 6)).toMatchObject({ important: true });
  });

  it("not when diskutil info's size is not fdisk's block count times the block size", () => {
    const result = read(`${fdisk}\n${info("1000204890112", "1953525176")}`);
    expect(result.disks[0]?.sectorSizeUnknown).toBe(true);
    expect(result.notes.map((n) => n.text).join(" ")).toContain("not the same disk?");
  });
});

describe("gpt show on macOS: partitions named by their devices", () => {
  it("entry N of /dev/diskM is /dev/diskMsN; elsewhere the entry number stays", () => {
    const rows = [
      "      start       size  index  contents",
      "       2048     204800      1  GPT part - C12A7328-F81F-11D2-BA4B-00A0C93EC93B",
      "     206848     204800      3  GPT part - EBD0A0A2-B9E5-4433-87C0-68B6B72699C7",
    ];
    const labels = (text: string) => {
      const result = parseListing(text);
      if (!result.ok) throw new Error(result.error);
      return result.disks[0]?.partitions.map((p) => p.label);
    };
    expect(labels(["$ sudo gpt -r show /dev/rdisk2", ...rows].join("\n"))).toEqual([
      "/dev/disk2s1",
      "/dev/disk2s3",
    ]);
    expect(labels(["# gpt show wd0", ...rows].join("\n"))).toEqual(["Partition 1", "Partition 3"]);
  });
});

describe("gpt -v show: its own sizes line", () => {
  const rows = [
    "      start       size  index  contents",
    "          0          1         PMBR",
    "       2048     204800      1  GPT part - C12A7328-F81F-11D2-BA4B-00A0C93EC93B",
  ];
  const read = (line: string) => {
    const result = parseListing(["$ sudo gpt -v -r show disk5", line, ...rows].join("\n"));
    if (!result.ok) throw new Error(result.error);
    return result;
  };

  it("gives the block size and the disk's exact size", () => {
    const result = read(
      "gpt show: disk5: mediasize=2000398934016; sectorsize=4096; blocks=488378646",
    );
    expect(result.disks[0]).toMatchObject({
      device: "/dev/disk5",
      logicalSectorSize: 4096,
      sizeBytes: 2000398934016n,
    });
    expect(result.disks[0]?.partitions[0]).toMatchObject({
      label: "/dev/disk5s1",
      startByte: 8388608n,
      sizeBytes: 838860800n,
      exact: true,
    });
  });

  it("is not used when its numbers disagree", () => {
    const result = read(
      "gpt show: disk5: mediasize=2000398934016; sectorsize=512; blocks=488378646",
    );
    expect(result.disks[0]?.sectorSizeUnknown).toBe(true);
    expect(result.notes.map((n) => n.text).join(" ")).toContain("do not agree");
  });
});
