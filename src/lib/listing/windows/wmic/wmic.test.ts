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
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { decodeListingBytes, splitLines } from "../../decode.ts";
import { listingToJson } from "../../index.ts";
import type { ListingDisk, ListingResult } from "../../types.ts";
import { parseWmic, POWERSHELL_PARTITION_COMMAND, WMIC_PARTITION_COMMAND } from "./index.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../..");
const fixtureBytes = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(resolve(root, "test-fixtures/wmic", name)));
const fixtureLines = (name: string): string[] =>
  splitLines(decodeListingBytes(fixtureBytes(name)).text);

type Ok = Extract<ListingResult, { ok: true }>;
type Failed = Extract<ListingResult, { ok: false }>;

function parsed(lines: readonly string[]): Ok {
  const result = parseWmic(lines);
  if (!result?.ok) throw new Error(`expected a parsed listing, got ${JSON.stringify(result)}`);
  return result;
}

function failed(lines: readonly string[]): Failed {
  const result = parseWmic(lines);
  if (result === null || result.ok) throw new Error(`expected an error, got ${String(result)}`);
  return result;
}

const text = (s: string): string[] => splitLines(s);

/** [number, label, start, size, exact] per partition. */
const rows = (disk: ListingDisk | undefined) =>
  disk?.partitions.map((p) => [p.number, p.label, p.startByte, p.sizeBytes, p.exact]);

const WORKED_ROWS = [
  [0, "Disk #0, Partition #0", 1048576n, 64424509440n, true],
  [1, "Disk #0, Partition #1", 64425558016n, 64424509440n, true],
  [2, "Disk #0, Partition #2", 128850067456n, 17179869184n, true],
];

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

describe("text around and inside the table", () => {
  const WORKED = readFileSync(resolve(root, "test-fixtures/wmic/worked-example.txt"), "utf8");
  const workedLines = WORKED.trimEnd().split("\n");

  it.each([
    ["indented", workedLines.map((l) => `    ${l}`).join("\n")],
    ["quoted with '> '", workedLines.map((l) => `> ${l}`).join("\n")],
    ["quoted twice with '>> '", workedLines.map((l) => `>> ${l}`).join("\n")],
    ["with CRLF and trailing spaces", workedLines.map((l) => `${l.padEnd(60)}`).join("\r\n")],
    ["with lone CR", workedLines.join("\r")],
    // wmic piped through cmd writes CR CR LF: a blank line after every line.
    ["with CR CR LF", `${workedLines.join("\r\r\n")}\r\r\n\r\r\n`],
    [
      "with runs of spaces turned into tabs (unexpand)",
      workedLines
        .map((l) => l.replace(/ {2,}(?=\S)/g, (m, at: number) => tabs(at, at + m.length)))
        .join("\n"),
    ],
    ["with tab indentation", workedLines.map((l) => `\t${l}`).join("\n")],
    [
      "between a prompt, a banner and a closing prompt",
      `Microsoft Windows [Version 10.0.22631.3880]\n\nC:\\>wmic partition get Name,NumberOfBlocks,StartingOffset\n${WORKED}\n\nC:\\>`,
    ],
  ])("still reads the worked example when %s", (_, input) => {
    const r = parsed(text(input));
    expect(r.disks.map((d) => d.device)).toEqual(["\\\\.\\PhysicalDrive0"]);
    expect(rows(r.disks[0])).toEqual(WORKED_ROWS);
    // Only the assumption note and the lines around the table.
    for (const note of r.notes) {
      expect(note.text).toMatch(/BlockSize is not listed|^Not read: (Microsoft|C:\\>)/);
    }
  });

  it("turns every unused line into a note with its line number, blank lines excepted", () => {
    const r = parsed(
      text(`here is my disk:

Name                   NumberOfBlocks  StartingOffset
Disk #0, Partition #0  125829120       1048576
this line is not a row
Disk #0, Partition #1  125829120       64425558016

thanks!`),
    );
    expect(rows(r.disks[0])).toEqual(WORKED_ROWS.slice(0, 2));
    expect(r.notes.filter((n) => n.text.startsWith("Not read"))).toEqual([
      { line: 1, text: "Not read: here is my disk:" },
      {
        line: 5,
        text: "Not read: this line is not a row (not a row of the table above: no number or partition name where the header expects one)",
      },
      {
        line: 8,
        text: "Not read: thanks! (not a row of the table above: no number or partition name where the header expects one)",
      },
    ]);
  });

  it("reads a row that lost its alignment by splitting at runs of spaces, and says so", () => {
    const r = parsed(
      text(`Name                   NumberOfBlocks  StartingOffset
Disk #0, Partition #0   125829120  1048576
`),
    );
    expect(rows(r.disks[0])).toEqual(WORKED_ROWS.slice(0, 1));
    expect(r.notes.map((n) => [n.line, n.text])).toContainEqual([
      2,
      "This row does not line up with its header; it was read by splitting at runs of two or more spaces.",
    ]);
  });

  it("reads PowerShell's Format-Table, whose numbers are right-aligned under dashes", () => {
    const r = parsed(
      text(`PS C:\\> Get-CimInstance Win32_DiskPartition | Format-Table Name,DiskIndex,StartingOffset,Size

Name                  DiskIndex StartingOffset        Size
----                  --------- --------------        ----
Disk #0, Partition #0         0        1048576 64424509440
Disk #0, Partition #1         0    64425558016 64424509440
Disk #0, Partition #2         0   128850067456 17179869184

`),
    );
    expect(rows(r.disks[0])).toEqual(WORKED_ROWS);
    expect(r.notes.map((n) => n.line)).toEqual([1]);
  });

  it("notes a line too long to be wmic output and goes on", () => {
    const lines = text(WORKED);
    lines.splice(2, 0, "x".repeat(10_000));
    const r = parsed(lines);
    expect(rows(r.disks[0])).toEqual(WORKED_ROWS);
    expect(r.notes).toContainEqual({
      line: 3,
      text: expect.stringMatching(
        /^Not read: x{120}… \(10000 characters: too long for wmic output\)$/,
      ),
    });
  });
});

describe("/format:list, list full and PowerShell Format-List", () => {
  it("reads wmic's Key=Value records", () => {
    const r = parsed(fixtureLines("format-list.txt"));
    expect(r.disks).toHaveLength(1);
    expect(r.disks[0]?.tableType).toBe("gpt");
    expect(r.disks[0]?.logicalSectorSize).toBe(512);
    expect(rows(r.disks[0])).toEqual([
      [0, "Disk #0, Partition #0", 1048576n, 272629760n, true],
      [1, "Disk #0, Partition #1", 290455552n, 254695964672n, true],
      [2, "Disk #0, Partition #2", 254986420224n, 1073741824n, true],
    ]);
    expect(r.disks[0]?.partitions.map((p) => p.type)).toEqual([
      "GPT: System",
      "GPT: Basic Data",
      "GPT: Unknown",
    ]);
    expect(r.notes.map((n) => n.line)).toEqual([1, 14]);
    expect(r.notes[1]?.text).toContain("from byte 273678336 to byte 290455552 (16 MiB)");
  });

  it("reads the records when every line break was doubled (CR CR LF)", () => {
    const doubled = fixtureLines("format-list.txt").join("\r\r\n");
    const withoutLines = (r: Ok) => r.disks.map((d) => ({ ...d, line: undefined }));
    expect(withoutLines(parsed(text(doubled)))).toEqual(
      withoutLines(parsed(fixtureLines("format-list.txt"))),
    );
  });

  it("reads Get-CimInstance Win32_DiskPartition | Format-List * (Key : Value, True/False)", () => {
    const r = parsed(fixtureLines("get-ciminstance-format-list.txt"));
    expect(r.disks.map((d) => [d.device, d.logicalSectorSize, d.tableType])).toEqual([
      ["\\\\.\\PhysicalDrive0", 512, "gpt"],
    ]);
    expect(rows(r.disks[0])).toEqual([
      [0, "Disk #0, Partition #0", 1048576n, 104857600n, true],
      [1, "Disk #0, Partition #1", 122683392n, 511305580544n, true],
      [2, "Disk #0, Partition #2", 511428263936n, 681574400n, true],
    ]);
    expect(r.disks[0]?.partitions.map((p) => p.flags)).toEqual([
      ["boot", "boot-partition", "primary"],
      ["primary"],
      [],
    ]);
    // Every property line was read as part of a record; only the prompt is left unread.
    expect(r.notes).toEqual([
      {
        line: 1,
        text: "Not read: PS C:\\Users\\alex> Get-CimInstance Win32_DiskPartition | Format-List *",
      },
      { line: 42, text: expect.stringContaining("does not list the Microsoft Reserved partition") },
    ]);
  });

  // Found by the fuzzer (scripts/fuzz): a stray line split the first record, and without the
  // blank line its tail (StartingOffset 1048576) was glued to the next partition's values.
  it("reads a record with a stray line inside, and records not separated by a blank line", () => {
    const lines = fixtureLines("get-ciminstance-format-list.txt");
    const size = lines.indexOf("Size                        : 104857600");
    lines.splice(size + 1, 0, "Disk");
    const blank = lines.indexOf("", size + 2);
    lines.splice(blank, 1);
    const r = parsed(lines);
    expect(rows(r.disks[0])).toEqual([
      [0, "Disk #0, Partition #0", 1048576n, 104857600n, true],
      [1, "Disk #0, Partition #1", 122683392n, 511305580544n, true],
      [2, "Disk #0, Partition #2", 511428263936n, 681574400n, true],
    ]);
    expect(r.notes).toContainEqual({ line: size + 2, text: "Not read: Disk" });
  });

  it("reads wmic list records with no blank lines between them", () => {
    const lines = fixtureLines("format-list.txt").filter((l) => l !== "");
    expect(rows(parsed(lines).disks[0])).toEqual(
      rows(parsed(fixtureLines("format-list.txt")).disks[0]),
    );
  });

  it("does not read a record that lost a line its siblings have", () => {
    const lines = fixtureLines("format-list.txt");
    const lost = lines.indexOf("StartingOffset=254986420224");
    lines.splice(lost, 1);
    const r = parsed(lines);
    expect(rows(r.disks[0])).toEqual([
      [0, "Disk #0, Partition #0", 1048576n, 272629760n, true],
      [1, "Disk #0, Partition #1", 290455552n, 254695964672n, true],
    ]);
    expect(r.notes).toContainEqual({
      line: lost,
      text: "Not read: Size=1073741824 (part of a record without the StartingOffset line the others have)",
    });
  });

  it("joins a value PowerShell wrapped onto the next line", () => {
    const r = parsed(
      text(`Name           : Disk #0, Partition #0
StartingOffset : 1048576
Size           : 1048576
Type           : GPT: Logical Disk Manager
                 Metadata
`),
    );
    expect(r.disks[0]?.partitions[0]?.type).toBe("GPT: Logical Disk Manager Metadata");
    expect(r.notes).toEqual([]);
  });

  it("asks for StartingOffset when Format-List shows only the default properties", () => {
    const r = failed(
      text(`PS C:\\> Get-CimInstance Win32_DiskPartition | Format-List

NumberOfBlocks   : 1124352
BootPartition    : True
Name             : Disk #0, Partition #0
PrimaryPartition : True
Size             : 575668224
Index            : 0
`),
    );
    expect(r.error).toContain("must include StartingOffset");
    expect(r.error).toContain(WMIC_PARTITION_COMMAND);
    expect(r.error).toContain(POWERSHELL_PARTITION_COMMAND);
  });

  it("notes a key neither class has, and keeps reading the record", () => {
    const r = parsed(
      text(`Name=Disk #0, Partition #0
Colour=blue
StartingOffset=1048576
Size=1048576
`),
    );
    expect(rows(r.disks[0])).toEqual([[0, "Disk #0, Partition #0", 1048576n, 1048576n, true]]);
    expect(r.notes).toEqual([{ line: 2, text: "Not read: Colour=blue" }]);
  });
});

describe("/format:csv", () => {
  it("rebuilds the Name that wmic did not quote", () => {
    const r = parsed(fixtureLines("format-csv.txt"));
    expect(r.disks).toHaveLength(1);
    expect(rows(r.disks[0])).toEqual(WORKED_ROWS);
    expect(r.disks[0]?.logicalSectorSize).toBe(512);
    expect(r.disks[0]?.partitions.map((p) => p.type)).toEqual([
      "Installable File System",
      "Installable File System",
      "Installable File System",
    ]);
    expect(r.notes.map((n) => n.line)).toEqual([1]);
  });

  it("rebuilds three name columns in one row exactly", () => {
    const r = parsed(
      text(`
Node,Caption,Description,DeviceID,Name,StartingOffset
PC,Disk #2, Partition #3,Installable File System,Disk #2, Partition #3,Disk #2, Partition #3,1048576
`),
    );
    const disk = r.disks[0];
    expect(disk?.device).toBe("\\\\.\\PhysicalDrive2");
    expect(disk?.partitions[0]?.label).toBe("Disk #2, Partition #3");
    expect(disk?.partitions[0]?.number).toBe(3);
    expect(disk?.partitions[0]?.type).toBe("Installable File System");
    expect(disk?.partitions[0]?.startByte).toBe(1048576n);
  });

  it("does not guess when a row cannot be split unambiguously", () => {
    const r = parsed(
      text(`
Node,DeviceID,Name,StartingOffset,Size
PC,Disk #0, Partition #0,Disk #0, Partition #0,1048576,1048576
PC,Disk #0,Disk #1, Partition #2,2097152,1048576
`),
    );
    expect(r.disks[0]?.partitions.map((p) => p.label)).toEqual(["Disk #0, Partition #0"]);
    // DeviceID "Disk #0" and Name "Disk #1, Partition #2", or "Disk #0,Disk #1" and " Partition #2".
    expect(r.notes).toEqual([
      {
        line: 4,
        text: "Not read: PC,Disk #0,Disk #1, Partition #2,2097152,1048576 (this CSV row cannot be split unambiguously: wmic does not quote CSV fields and more than one column could hold the extra commas)",
      },
    ]);
  });

  it("does not let a column other than a name take a stray comma", () => {
    // A comma too many: Type could swallow it, but only by shifting every number one column.
    const r = parsed(
      text(`
Node,Name,NumberOfBlocks,Size,StartingOffset,Type
PC,Disk #0, Partition #0,2048,1048576,1048576,Installable File System
PC,Disk #0, Partition #1,2048,,1048576,2097152,Installable File System
`),
    );
    expect(rows(r.disks[0])).toEqual([[0, "Disk #0, Partition #0", 1048576n, 1048576n, true]]);
    expect(r.notes.map((n) => [n.line, n.text])).toContainEqual([
      4,
      "Not read: PC,Disk #0, Partition #1,2048,,1048576,2097152,Installable File System (this CSV row does not fit the header's columns)",
    ]);
  });

  it("notes a row with too few fields", () => {
    const r = parsed(
      text(`
Node,Name,StartingOffset,Size
PC,Disk #0, Partition #0,1048576,1048576
PC,1048576
`),
    );
    expect(r.disks[0]?.partitions).toHaveLength(1);
    expect(r.notes).toEqual([
      {
        line: 4,
        text: "Not read: PC,1048576 (this CSV row has 2 fields, fewer than the header's 4 columns)",
      },
    ]);
  });

  it("stays fast on a row with 5,000 commas", () => {
    const started = performance.now();
    const r = parsed(
      text(`
Node,Name,StartingOffset,Size
PC,Disk #0, Partition #0,1048576,1048576
PC,${",".repeat(5_000)}
`),
    );
    expect(r.disks[0]?.partitions).toHaveLength(1);
    expect(r.notes[0]?.text).toContain("too many commas");
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("wmic diskdrive", () => {
  it("gives the logical sector size and only a lower bound of the disk's size", () => {
    const r = parsed(fixtureLines("diskdrive-and-partition.txt"));
    expect(
      r.disks.map((d) => [d.device, d.logicalSectorSize, d.sizeBytes, d.sizeLowerBoundBytes]),
    ).toEqual([
      ["\\\\.\\PhysicalDrive0", 512, null, 240054796800n],
      ["\\\\.\\PhysicalDrive1", 512, null, 30746096640n],
    ]);
    expect(rows(r.disks[0])).toEqual(WORKED_ROWS);
    // The USB stick's partition ends past the CHS-derived size: it is only a lower bound.
    expect(rows(r.disks[1])).toEqual([[0, "Disk #1, Partition #0", 1048576n, 30750539776n, true]]);
    const lowerBoundNotes = r.notes.filter((n) => n.text.includes("only a lower bound"));
    expect(lowerBoundNotes.map((n) => n.line)).toEqual([3, 4]);
    expect(lowerBoundNotes[1]?.text).toContain("disk 0 (240054796800 bytes)");
    expect(r.notes.filter((n) => n.text.startsWith("Not read")).map((n) => n.line)).toEqual([1, 7]);
  });

  it("uses the disk's BytesPerSector for NumberOfBlocks when BlockSize is not listed", () => {
    const r = parsed(
      text(`BytesPerSector  Index
4096            0

Name                   NumberOfBlocks  StartingOffset
Disk #0, Partition #0  256             1048576
`),
    );
    expect(r.disks[0]?.logicalSectorSize).toBe(4096);
    expect(r.disks[0]?.partitions[0]?.sizeBytes).toBe(1048576n);
    expect(r.disks[0]?.partitions[0]?.exact).toBe(true);
    expect(r.notes).toEqual([]);
  });

  it("says when BlockSize and BytesPerSector disagree", () => {
    const r = parsed(
      text(`BytesPerSector  Index
4096            0

BlockSize  Name                   NumberOfBlocks  StartingOffset
512        Disk #0, Partition #0  2048            1048576
`),
    );
    expect(r.disks[0]?.logicalSectorSize).toBeNull();
    expect(r.disks[0]?.partitions[0]?.sizeBytes).toBe(1048576n);
    expect(r.notes.map((n) => n.text)).toEqual([
      "Disk 0: the listed block sizes disagree (4096, 512 bytes): its logical sector size is unknown.",
    ]);
  });

  it("notes a partition count that differs from the listing", () => {
    const r = parsed(
      text(`Index  Partitions
0      4

Name                   Size     StartingOffset
Disk #0, Partition #0  1048576  1048576
`),
    );
    expect(r.notes.map((n) => n.text)).toEqual([
      "Disk 0: wmic diskdrive counts 4 partitions; the listing shows 1.",
    ]);
  });

  it("is an error alone: it has no partitions", () => {
    const r = failed(
      text(`BytesPerSector  DeviceID            Index  Size
512             \\\\.\\PHYSICALDRIVE0  0      240054796800
`),
    );
    expect(r.error).toContain("`wmic diskdrive` output only");
    expect(r.error).toContain(WMIC_PARTITION_COMMAND);
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

/** The tabs `unexpand` would write for spaces from column `from` to `to` (8-column stops). */
function tabs(from: number, to: number): string {
  let out = "";
  let at = from;
  while (Math.floor(at / 8) < Math.floor(to / 8)) {
    out += "\t";
    at = (Math.floor(at / 8) + 1) * 8;
  }
  return out + " ".repeat(to - at);
}
