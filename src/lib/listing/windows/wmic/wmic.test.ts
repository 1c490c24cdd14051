/**
 * The wmic parser against fixtures and hand-made variations.
 *
 * About the fixtures (test-fixtures/wmic/): this machine has no Windows, and Microsoft's
 * documentation gives the classes' properties but no captured wmic output. Apart from
 * worked-example.txt (the product brief's listing, verbatim), the fixtures were written to be
 * faithful to real wmic and PowerShell output formatting: table columns in alphabetical order,
 * each as wide as its widest cell plus two spaces, rows ending in spaces; /format:list records
 * as Key=Value lines in alphabetical order separated by blank lines; /format:csv starting with a
 * blank line and a Node column, fields unquoted; Format-List keys padded to one width before
 * ` : `; wmic diskdrive sizes computed from CHS geometry (cylinders × 255 × 63 sectors). Their
 * numbers are consistent (each partition's Size = NumberOfBlocks × BlockSize, partitions do not
 * overlap, 1 MiB alignment) and were chosen to look like real disks (a 240 GB SSD, a 512 GB
 * NVMe with EFI + MSR + recovery, a 2 TB data disk, a 4Kn 4 TB disk).
 */
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeListingBytes, splitLines } from "../../decode.ts";
import { listingToJson } from "../../index.ts";
import { parseWmic, POWERSHELL_PARTITION_COMMAND, WMIC_PARTITION_COMMAND } from "./index.ts";
import {
  root,
  fixtureBytes,
  fixtureLines,
  parsed,
  failed,
  text,
  rows,
  WORKED_ROWS,
} from "./wmic.testkit.ts";

describe("the worked example (docs/product.md, verbatim)", () => {
  it("gives the exact byte offsets and sizes of \\\\.\\PhysicalDrive0", () => {
    const r = parsed(fixtureLines("worked-example.txt"));
    expect(r.format).toBe("wmic");
    expect(r.disks).toHaveLength(1);
    const disk = r.disks[0];
    expect(disk?.device).toBe("\\\\.\\PhysicalDrive0");
    expect(disk?.logicalSectorSize).toBeNull();
    expect(disk?.sizeBytes).toBeNull();
    expect(disk?.sizeLowerBoundBytes).toBeUndefined();
    expect(rows(disk)).toEqual(WORKED_ROWS);
    // ÷ 512: the start sectors of the brief.
    expect(disk?.partitions.map((p) => (p.startByte ?? 0n) / 512n)).toEqual([
      2048n,
      125831168n,
      251660288n,
    ]);
  });

  it("says that the 512-byte block size is assumed, and nothing else", () => {
    const r = parsed(fixtureLines("worked-example.txt"));
    expect(r.notes).toHaveLength(1);
    expect(r.notes[0]?.line).toBe(2);
    expect(r.notes[0]?.text).toContain("BlockSize is not listed");
    expect(r.notes[0]?.text).toContain("512-byte blocks");
    expect(r.notes[0]?.text).toContain(WMIC_PARTITION_COMMAND);
  });

  it("reads the same from the UTF-16LE file with a BOM and CRLF that `wmic … > file` writes", () => {
    const utf8 = readFileSync(resolve(root, "test-fixtures/wmic/worked-example.txt"), "utf8");
    const bytes = fixtureBytes("worked-example.utf16le-bom-crlf.txt");
    // The fixture is exactly that conversion of the UTF-8 one.
    const expected = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(utf8.replace(/\n/g, "\r\n"), "utf16le"),
    ]);
    expect(Buffer.from(bytes).equals(expected)).toBe(true);
    expect(decodeListingBytes(bytes).encoding).toBe("utf-16le");
    expect(parsed(fixtureLines("worked-example.utf16le-bom-crlf.txt"))).toEqual(
      parsed(fixtureLines("worked-example.txt")),
    );
  });
});

describe("table form", () => {
  it("reads many columns (wmic sorts them alphabetically) with flags, types and notes", () => {
    const r = parsed(fixtureLines("mbr-many-columns.txt"));
    expect(r.disks).toHaveLength(1);
    const disk = r.disks[0];
    expect(disk?.device).toBe("\\\\.\\PhysicalDrive0");
    expect(disk?.logicalSectorSize).toBe(512);
    expect(disk?.tableType).toBe("dos");
    expect(rows(disk)).toEqual([
      [0, "Disk #0, Partition #0", 1048576n, 524288000n, true],
      [1, "Disk #0, Partition #1", 525336576n, 254881103872n, true],
      [2, "Disk #0, Partition #2", 255406440448n, 567279616n, true],
    ]);
    expect(disk?.partitions.map((p) => [p.type, p.flags])).toEqual([
      ["Installable File System", ["boot", "boot-partition", "primary"]],
      ["Installable File System", ["primary"]],
      ["Installable File System", ["primary"]],
    ]);
    // The banner, the command line and the closing prompt, each with its line number.
    expect(r.notes).toEqual([
      { line: 1, text: "Not read: Microsoft Windows [Version 10.0.19045.4529]" },
      { line: 2, text: "Not read: (c) Microsoft Corporation. All rights reserved." },
      {
        line: 4,
        text: expect.stringMatching(/^Not read: C:\\Windows\\system32>wmic partition get Block/),
      },
      { line: 11, text: "Not read: C:\\Windows\\system32>" },
    ]);
  });

  it("does not depend on the order of the columns", () => {
    const reordered = parsed(
      text(`StartingOffset  NumberOfBlocks  Name
1048576         125829120       Disk #0, Partition #0
64425558016     125829120       Disk #0, Partition #1
128850067456    33554432        Disk #0, Partition #2
`),
    );
    expect(rows(reordered.disks[0])).toEqual(WORKED_ROWS);
  });

  it("reads a GPT disk with an EFI system partition, and a second disk", () => {
    const r = parsed(fixtureLines("gpt-two-disks.txt"));
    expect(r.disks.map((d) => [d.device, d.logicalSectorSize, d.tableType, d.line])).toEqual([
      ["\\\\.\\PhysicalDrive0", 512, "gpt", 3],
      ["\\\\.\\PhysicalDrive1", 512, "gpt", 6],
    ]);
    expect(rows(r.disks[0])).toEqual([
      [0, "Disk #0, Partition #0", 1048576n, 104857600n, true],
      [1, "Disk #0, Partition #1", 122683392n, 511305580544n, true],
      [2, "Disk #0, Partition #2", 511428263936n, 681574400n, true],
    ]);
    expect(r.disks[0]?.partitions.map((p) => [p.type, p.flags])).toEqual([
      ["GPT: System", ["boot", "boot-partition", "primary"]],
      ["GPT: Basic Data", ["primary"]],
      ["GPT: Unknown", []],
    ]);
    expect(rows(r.disks[1])).toEqual([
      [0, "Disk #1, Partition #0", 135266304n, 2000263577600n, true],
    ]);
    // The command line, and the 16 MiB where the unlisted Microsoft Reserved partition sits.
    expect(r.notes.map((n) => n.line)).toEqual([1, 4]);
    expect(r.notes[1]?.text).toBe(
      "Disk 0: nothing is listed from byte 105906176 to byte 122683392 (16 MiB), before Disk #0, Partition #1. " +
        "On a GPT disk wmic does not list the Microsoft Reserved partition, which usually sits there: treat this space as in use.",
    );
  });

  it("notes no hidden partition in a gap of an MBR disk, or in a gap under 1 MiB", () => {
    const r = parsed(
      text(`Name                   Size     StartingOffset  Type
Disk #0, Partition #0  1048576  1048576         Installable File System
Disk #0, Partition #1  1048576  104857600       Installable File System
Disk #1, Partition #0  1048576  1048576         GPT: System
Disk #1, Partition #1  1048576  2621440         GPT: Basic Data
`),
    );
    expect(r.disks.map((d) => d.tableType)).toEqual(["dos", "gpt"]);
    expect(r.notes).toEqual([]);
  });

  it("multiplies NumberOfBlocks by a 4096-byte BlockSize", () => {
    const r = parsed(fixtureLines("blocksize-4096.txt"));
    expect(r.disks).toHaveLength(1);
    const disk = r.disks[0];
    expect(disk?.device).toBe("\\\\.\\PhysicalDrive1");
    expect(disk?.logicalSectorSize).toBe(4096);
    expect(disk?.sizeBytes).toBeNull();
    expect(disk?.sizeLowerBoundBytes).toBe(4000776192000n);
    // 976750080 blocks × 4096 bytes; 17825792 = 17 MiB (after the hidden MSR).
    expect(rows(disk)).toEqual([[0, "Disk #1, Partition #0", 17825792n, 4000768327680n, true]]);
    expect(r.notes.some((n) => n.text.includes("512-byte blocks"))).toBe(false);
  });

  it("keeps numbers beyond 2^53 (and 2^62) exact", () => {
    const r = parsed(fixtureLines("beyond-2-53.txt"));
    expect(rows(r.disks[0])).toEqual([
      [0, "Disk #0, Partition #0", 1048576n, 4611686018427388416n, true],
      [1, "Disk #0, Partition #1", 4611686018428436992n, 4611686018427387392n, true],
    ]);
    // As a float 4611686018427388416 would print 4611686018427387904.
    const json = listingToJson(r) as { disks: { partitions: { sizeBytes: string }[] }[] };
    expect(json.disks[0]?.partitions[0]?.sizeBytes).toBe("4611686018427388416");
    // Size and NumberOfBlocks × BlockSize agree: (2^53 + 1) × 512.
    expect((2n ** 53n + 1n) * 512n).toBe(4611686018427388416n);
  });

  it("takes the label from DiskIndex and Index when Name is not listed", () => {
    const r = parsed(
      text(`DiskIndex  Index  StartingOffset  Size
1          0      1048576         104857600
1          1      105906176       1048576000
`),
    );
    expect(r.disks[0]?.device).toBe("\\\\.\\PhysicalDrive1");
    expect(rows(r.disks[0])).toEqual([
      [0, "Disk #1, Partition #0", 1048576n, 104857600n, true],
      [1, "Disk #1, Partition #1", 105906176n, 1048576000n, true],
    ]);
    expect(r.notes).toEqual([]);
  });

  it("groups partitions by disk, disks by index, partitions in listing order", () => {
    const r = parsed(
      text(`Name                   Size       StartingOffset
Disk #1, Partition #1  2097152    3145728
Disk #0, Partition #0  1048576    1048576
Disk #1, Partition #0  1048576    1048576
`),
    );
    expect(r.disks.map((d) => d.device)).toEqual([
      "\\\\.\\PhysicalDrive0",
      "\\\\.\\PhysicalDrive1",
    ]);
    expect(r.disks[1]?.partitions.map((p) => p.label)).toEqual([
      "Disk #1, Partition #1",
      "Disk #1, Partition #0",
    ]);
  });

  it("uses Size without assuming a block size when BlockSize is absent", () => {
    const r = parsed(
      text(`Name                   Size         StartingOffset
Disk #0, Partition #0  64424509440  1048576
`),
    );
    expect(rows(r.disks[0])).toEqual([[0, "Disk #0, Partition #0", 1048576n, 64424509440n, true]]);
    expect(r.disks[0]?.logicalSectorSize).toBeNull();
    expect(r.notes).toEqual([]);
  });

  it("marks a partition inexact when Size and NumberOfBlocks × BlockSize disagree", () => {
    const r = parsed(
      text(`BlockSize  Name                   NumberOfBlocks  Size         StartingOffset
512        Disk #0, Partition #0  125829120       64424509440  1048576
512        Disk #0, Partition #1  125829120       64424509952  64425558016
`),
    );
    expect(rows(r.disks[0])).toEqual([
      [0, "Disk #0, Partition #0", 1048576n, 64424509440n, true],
      [1, "Disk #0, Partition #1", 64425558016n, 64424509952n, false],
    ]);
    expect(r.notes).toEqual([
      {
        line: 3,
        text: "Disk #0, Partition #1: Size is 64424509952 bytes but NumberOfBlocks × BlockSize is 125829120 × 512 = 64424509440 bytes; its size is not certain.",
      },
    ]);
  });

  it("ignores a BlockSize that is not a sector size, and says so", () => {
    const r = parsed(
      text(`BlockSize  Name                   NumberOfBlocks  StartingOffset
1000       Disk #0, Partition #0  2048            1048576
`),
    );
    expect(r.disks[0]?.logicalSectorSize).toBeNull();
    expect(r.disks[0]?.partitions[0]?.sizeBytes).toBe(1048576n);
    expect(r.notes.map((n) => n.text)).toEqual([
      "BlockSize 1000 is not a sector size: ignored.",
      expect.stringContaining("BlockSize is not listed"),
    ]);
  });

  it("says when a partition's start is unknown", () => {
    const r = parsed(
      text(`Name                   Size     StartingOffset
Disk #0, Partition #0  1048576  1048576
Disk #0, Partition #1  1048576
`),
    );
    expect(rows(r.disks[0])).toEqual([
      [0, "Disk #0, Partition #0", 1048576n, 1048576n, true],
      [1, "Disk #0, Partition #1", null, 1048576n, false],
    ]);
    expect(r.notes).toEqual([
      { line: 3, text: "Disk #0, Partition #1: no StartingOffset: where it starts is unknown." },
    ]);
  });
});

describe("clearly wmic, but unusable", () => {
  it("asks for StartingOffset, with the exact command", () => {
    const r = failed(
      text(`Name                   NumberOfBlocks
Disk #0, Partition #0  125829120
`),
    );
    expect(r.error).toBe(
      "The wmic listing has no StartingOffset column, so where the partitions start is unknown. " +
        "The command must include StartingOffset: run `wmic partition get Name,DiskIndex,Index,BlockSize,NumberOfBlocks,StartingOffset,Size,Bootable,Type` " +
        "(or in PowerShell: `Get-CimInstance Win32_DiskPartition | Format-List Name,DiskIndex,Index,BlockSize,NumberOfBlocks,StartingOffset,Size,Bootable,Type`).",
    );
  });

  it("says what wmic said when it found nothing", () => {
    const r = failed(
      text("C:\\>wmic partition get Name,StartingOffset\nNo Instance(s) Available.\n"),
    );
    expect(r.error).toContain('wmic printed "No Instance(s) Available." (line 2)');
  });

  it("says what wmic said in an ERROR block", () => {
    const r = failed(text("Node - DESKTOP\nERROR:\nDescription = Invalid query\n"));
    expect(r.error).toContain('wmic printed "Invalid query" (line 3)');
  });

  it("points to PowerShell when wmic is not installed", () => {
    const r = failed(
      text(
        "'wmic' is not recognized as an internal or external command,\noperable program or batch file.",
      ),
    );
    expect(r.error).toContain(POWERSHELL_PARTITION_COMMAND);
    // Not "run wmic partition get …" again: it is not there.
    expect(r.error).toMatch(/^wmic is not installed/);
    expect(r.error).not.toContain(WMIC_PARTITION_COMMAND);
  });

  it("says when a header has no rows", () => {
    const r = failed(text("Name  NumberOfBlocks  StartingOffset\n\nnothing here\n"));
    expect(r.error).toContain("no partition could be read");
    expect(r.notes[0]?.text).toContain("a wmic header, but no row below it fits its columns");
  });

  it("notes a PowerShell table header and its dashes when no row fits them", () => {
    const r = failed(text("StartingOffset Size\n-------------- ----\nno rows here\n"));
    expect(r.notes.map((n) => n.line)).toEqual([1, 2, 3]);
  });

  it("refuses two listings that disagree about one partition", () => {
    const r = failed(
      text(`Name                   StartingOffset  Size
Disk #0, Partition #0  1048576         1048576

Name=Disk #0, Partition #0
StartingOffset=2097152
Size=1048576
`),
    );
    expect(r.error).toBe(
      "Disk #0, Partition #0 is listed twice with different StartingOffset (1048576 on line 2, 2097152 on line 5). " +
        "Paste the listing of one machine, taken once.",
    );
  });

  it("merges the same partition listed twice when the listings agree", () => {
    const r = parsed(
      text(`Name                   StartingOffset
Disk #0, Partition #0  1048576

BlockSize=512
Name=Disk #0, Partition #0
NumberOfBlocks=2048
StartingOffset=1048576
`),
    );
    expect(rows(r.disks[0])).toEqual([[0, "Disk #0, Partition #0", 1048576n, 1048576n, true]]);
    expect(r.notes).toEqual([
      {
        line: 4,
        text: "Disk #0, Partition #0 is listed again (first on line 2); the two listings agree.",
      },
    ]);
  });
});

describe("not wmic: null, so the next parser gets its turn", () => {
  it.each([
    ["an empty text", ""],
    ["prose", "Hello,\nmy disk is 240 GB. Name: Alex\nSize matters."],
    [
      "an fdisk listing",
      `Disk /dev/sda: 20 GiB, 21474836480 bytes, 41943040 sectors
Units: sectors of 1 * 512 = 512 bytes
Sector size (logical/physical): 512 bytes / 512 bytes
Disklabel type: gpt

Device       Start      End  Sectors Size Type
/dev/sda1     2048  1050623  1048576 512M EFI System
/dev/sda2  1050624 41940991 40890368  19G Linux filesystem`,
    ],
    ["lsblk with upper-case names", "NAME   SIZE TYPE\nsda    20G disk\nsda1  512M part"],
    ["a lone Name/Size header", "Name  Size\nfoo   bar"],
  ])("for %s", (_, input) => {
    expect(parseWmic(text(input))).toBeNull();
  });
});

describe("the fdisk parser's fixtures", () => {
  const dir = resolve(root, "test-fixtures/fdisk");
  const names = readdirSync(dir).sort();

  it("exist", () => {
    expect(names.length).toBeGreaterThan(0);
  });

  it.each(names)("are not claimed by the wmic parser: %s", (name) => {
    const lines = splitLines(
      decodeListingBytes(new Uint8Array(readFileSync(resolve(dir, name)))).text,
    );
    expect(parseWmic(lines)).toBeNull();
  });
});

describe("absurd input", () => {
  it("reads 100,000 rows quickly", () => {
    const lines = ["Name                         Size     StartingOffset"];
    for (let i = 0; i < 100_000; i++) {
      lines.push(
        `${`Disk #0, Partition #${i}`.padEnd(29)}${"1048576".padEnd(9)}${(BigInt(i + 1) * 1048576n).toString()}`,
      );
    }
    const started = performance.now();
    const r = parsed(lines);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(r.disks[0]?.partitions).toHaveLength(100_000);
    expect(r.disks[0]?.partitions[99_999]?.startByte).toBe(104857600000n);
  });

  it("reads 100,000 lines of noise quickly, and counts the notes it does not show", () => {
    const lines = [
      ...text(readFileSync(resolve(root, "test-fixtures/wmic/worked-example.txt"), "utf8")),
    ];
    for (let i = 0; i < 100_000; i++) lines.push(`noise ${i} ${"y".repeat(i % 200)}`);
    const started = performance.now();
    const r = parsed(lines);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(rows(r.disks[0])).toEqual(WORKED_ROWS);
    const last = r.notes[r.notes.length - 1];
    expect(r.notes.length).toBeLessThan(300);
    expect(last?.text).toMatch(/^\d+ more lines were not read \(from line \d+ on\)\.$/);
  });

  it("never throws on scrambled pieces of listings", () => {
    const pieces = [
      "Name  NumberOfBlocks  StartingOffset",
      "Disk #0, Partition #0  125829120  1048576",
      "Node,Name,StartingOffset",
      "PC,Disk #0, Partition #1,,,,",
      "StartingOffset=",
      "StartingOffset=99999999999999999999999999999999999999999999999",
      "BlockSize : 0",
      "Size : -5",
      "----  ----",
      "> > \t",
      "Index=4294967296",
      "DiskIndex=99999999999",
      "\\\\.\\PHYSICALDRIVE7",
      "BytesPerSector=4096",
      "",
    ];
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let round = 0; round < 300; round++) {
      const lines: string[] = [];
      const count = Math.floor(random() * 12);
      for (let k = 0; k < count; k++)
        lines.push(pieces[Math.floor(random() * pieces.length)] ?? "");
      const result = parseWmic(lines);
      if (result && !result.ok) expect(result.error).not.toContain("internal error");
    }
  });
});
