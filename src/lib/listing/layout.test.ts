/**
 * Listed partitions past their disk's end or over each other: an important note at parse
 * time, naming the disk, the partitions and the exact numbers (layout.ts). The broken tables
 * are real tool output (scripts/make-layout-fixtures.sh, test-fixtures/LAYOUT.md); every
 * sound fixture of every format must stay without such a note (extended partitions hold their
 * logical ones).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseListing } from "./index.ts";
import { FIXTURES_ROOT, toolCases } from "./toolFixtures.testkit.ts";
import type { ListingNote } from "./types.ts";

const read = (file: string) =>
  parseListing(new Uint8Array(readFileSync(join(FIXTURES_ROOT, file))));

const LAYOUT = /past the end of the disk|overlap on/;
const layoutNotes = (notes: readonly ListingNote[]) => notes.filter((n) => LAYOUT.test(n.text));

describe("partitions past the disk's end", () => {
  // past.img: 98304 sectors; /dev/sdg2 at 43008, 65536 sectors (to 108543).
  it.each(["fdisk-variants/layout-past-end.txt", "busybox-fdisk/layout-past-end.txt"])(
    "%s: an important note with the disk, the partition and its sectors",
    (file) => {
      const result = read(file);
      if (!result.ok) throw new Error(result.error);
      const notes = layoutNotes(result.notes);
      expect(notes).toHaveLength(1);
      const note = notes[0] as ListingNote;
      expect(note.important).toBe(true);
      expect(note.text).toContain("/dev/sdg: /dev/sdg2 runs past the end of the disk");
      expect(note.text).toContain("sectors 43008 to 108543");
      expect(note.text).toContain("98304 sectors (the last is 98303)");
      expect(note.text).toContain("its last 10240 sectors");
      expect(note.text).not.toContain("/dev/sdg1");
    },
  );

  it("a partition that starts past the end (Get-Partition with Get-Disk, in bytes)", () => {
    // The Format-List shapes of test-fixtures/get-partition/format-list-with-get-disk.txt, with
    // a Get-Disk Size smaller than partition 4's offset (a listing of two machines mixed up).
    const text = [
      "DiskNumber      : 1",
      "PartitionNumber : 1",
      "Offset          : 1048576",
      "Size            : 104857600",
      "Type            : System",
      "",
      "DiskNumber      : 1",
      "PartitionNumber : 4",
      "Offset          : 499561529344",
      "Size            : 546308096",
      "Type            : Recovery",
      "",
      "Number            : 1",
      "LogicalSectorSize : 512",
      "Size              : 256060514304",
    ].join("\n");
    const result = parseListing(text);
    if (!result.ok) throw new Error(result.error);
    const notes = result.notes.filter((n) => /starts at sector/.test(n.text));
    expect(notes).toHaveLength(1);
    expect(notes[0]?.important).toBe(true);
    // 499561529344 / 512 = 975706112; 256060514304 / 512 = 500118192.
    expect(notes[0]?.text).toContain("starts at sector 975706112, past the end of the disk");
    expect(notes[0]?.text).toContain("500118192 sectors (the last is 500118191)");
  });
});

describe("partitions over each other", () => {
  // ov.img: /dev/sdh1 2048 + 65536 (to 67583), /dev/sdh2 50000 + 40960 (to 90959).
  it.each([
    "fdisk-variants/layout-overlap.txt",
    "busybox-fdisk/layout-overlap.txt",
    "sfdisk-dump/layout-overlap.txt",
    "sfdisk-json/layout-overlap.txt",
    "mmls/layout-overlap.txt",
    "partx/layout-overlap.txt",
  ])("%s: an important note with both partitions and the shared sectors", (file) => {
    const result = read(file);
    if (!result.ok) throw new Error(result.error);
    const notes = layoutNotes(result.notes);
    expect(notes).toHaveLength(1);
    const note = notes[0] as ListingNote;
    expect(note.important).toBe(true);
    expect(note.text).toMatch(/sectors 2048 to 67583\b/);
    expect(note.text).toMatch(/sectors 50000 to 90959\b/);
    expect(note.text).toMatch(/sectors 50000 to 67583\b/);
    if (!file.startsWith("mmls") && !file.startsWith("partx")) {
      expect(note.text).toContain(
        "/dev/sdh: /dev/sdh1 lies on sectors 2048 to 67583 and /dev/sdh2",
      );
    }
  });

  it("sectors of an unknown size (a trimmed fdisk table): told in sectors", () => {
    const text = [
      "Device     Boot Start   End Sectors Size Id Type",
      "/dev/sdx1        2048 67583   65536  32M 83 Linux",
      "/dev/sdx2       50000 90959   40960  20M 83 Linux",
    ].join("\n");
    const result = parseListing(text);
    if (!result.ok) throw new Error(result.error);
    const notes = layoutNotes(result.notes);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.text).toContain("they overlap on 17584 sectors, sectors 50000 to 67583");
  });

  it("logical partitions inside their extended partition are not an overlap; one across its edge is", () => {
    const table = (logicalEnd: number) =>
      [
        "Disk /dev/sdx: 256 MiB, 268435456 bytes, 524288 sectors",
        "Units: sectors of 1 * 512 = 512 bytes",
        "Sector size (logical/physical): 512 bytes / 512 bytes",
        "Disklabel type: dos",
        "",
        "Device     Boot  Start    End Sectors  Size Id Type",
        "/dev/sdx1         2048 206847  204800  100M 83 Linux",
        "/dev/sdx2       206848 337919  131072   64M  5 Extended",
        `/dev/sdx5       208896 ${logicalEnd} ${logicalEnd - 208896 + 1}   50M 83 Linux`,
      ].join("\n");
    const inside = parseListing(table(300000));
    if (!inside.ok) throw new Error(inside.error);
    expect(layoutNotes(inside.notes)).toEqual([]);
    const across = parseListing(table(400000));
    if (!across.ok) throw new Error(across.error);
    const notes = layoutNotes(across.notes);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.text).toContain("they overlap on 129024 sectors, sectors 208896 to 337919");
  });
});

describe("sound listings get no layout note", () => {
  it.each(
    toolCases()
      .map((c) => c.file)
      .filter((f) => !/layout-/.test(f)),
  )("%s", (file) => {
    const result = read(file);
    expect(result.ok ? layoutNotes(result.notes) : []).toEqual([]);
  });

  const fdisk = readdirSync(join(FIXTURES_ROOT, "fdisk")).filter((f) => f.endsWith(".txt"));
  it.each(fdisk)("fdisk/%s", (file) => {
    const result = read(join("fdisk", file));
    expect(result.ok ? layoutNotes(result.notes) : []).toEqual([]);
  });
});

describe("a disk that lists no partition and no table", () => {
  // `fdisk -l` of a 64 MiB image holding an ext4 file system made on the whole of it
  // (mkfs.ext4 e.img): exactly what fdisk prints for a blank disk too.
  const wholeDiskExt4 = [
    "Disk /dev/sdb: 64 MiB, 67108864 bytes, 131072 sectors",
    "Units: sectors of 1 * 512 = 512 bytes",
    "Sector size (logical/physical): 512 bytes / 512 bytes",
    "I/O size (minimum/optimal): 512 bytes / 512 bytes",
  ].join("\n");

  it("gets an important note: it may hold a whole-disk file system, and how to check", () => {
    const result = parseListing(wholeDiskExt4);
    expect(result.ok).toBe(true);
    const important = result.notes.filter((n) => n.important);
    expect(important).toEqual([
      {
        line: 1,
        important: true,
        text: "/dev/sdb: no partition and no partition table are listed. Make sure it is empty before a VM gets it (`sudo wipefs -n /dev/sdb` prints nothing then): a file system, LVM, RAID or encryption can fill a whole disk without a table, and no partition listing shows it.",
      },
    ]);
  });

  it("not when the listing names its table (an empty GPT), nor on a disk with partitions", () => {
    const emptyGpt = wholeDiskExt4.replace(
      "I/O size",
      "Disklabel type: gpt\nDisk identifier: 5B8A1F77-3C0E-4A55-9F51-0C3B1D2E4F60\nI/O size",
    );
    const result = parseListing(emptyGpt);
    expect(result.ok && result.disks[0]?.tableType).toBe("gpt");
    expect(result.notes.filter((n) => n.important)).toEqual([]);
    expect(
      parseListing(readFileSync(join(FIXTURES_ROOT, "fdisk-variants/gpt-x.txt"))).notes.filter(
        (n) => n.important,
      ),
    ).toEqual([]);
  });

  it("names no Linux command for a disk of another system", () => {
    // Get-Disk of a disk Windows sees no partition table on (RAW): Linux's file systems on a
    // whole disk look so to Windows.
    const result = parseListing(
      "Number            : 1\nLogicalSectorSize : 512\nSize              : 8589934592\nPartitionStyle    : RAW",
    );
    const note = result.notes.find((n) => n.important);
    expect(note?.text).toMatch(
      /^\\\\\.\\PhysicalDrive1: no partition and no partition table are listed\./,
    );
    expect(note?.text).not.toContain("wipefs");
  });
});
