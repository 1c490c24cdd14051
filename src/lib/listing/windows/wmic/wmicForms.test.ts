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
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { POWERSHELL_PARTITION_COMMAND, WMIC_PARTITION_COMMAND } from "./index.ts";
import {
  root,
  fixtureLines,
  parsed,
  failed,
  text,
  rows,
  WORKED_ROWS,
  type Ok,
  tabs,
} from "./wmic.testkit.ts";

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

  it("takes out a disk it counts partitions on that wmic partition does not list, never shows it empty", () => {
    // wmic partition run for disk 1 only, wmic diskdrive for every disk.
    const listing = `BlockSize  DiskIndex  Index  Name                   NumberOfBlocks  Size        StartingOffset
512        1          0      Disk #1, Partition #0  16775168        8588886016  1048576

Index  Partitions  Size
0      4           500105249280
1      1           8587192320
`;
    const r = parsed(text(listing));
    expect(r.disks.map((d) => d.device)).toEqual(["\\\\.\\PhysicalDrive1"]);
    const note = r.notes.find((n) => n.text.startsWith("Not shown:"));
    expect(note).toEqual({
      line: 5,
      important: true,
      text: `Not shown: \\\\.\\PhysicalDrive0: wmic diskdrive counts 4 partitions on it, but wmic partition lists none: its free space cannot be told. Paste \`${WMIC_PARTITION_COMMAND}\` of every disk.`,
    });
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

describe("German Windows: Win32_DiskPartition's Name and Type are translated", () => {
  it("/format:csv with `Datenträgernr. 1, Partitionsnr. 0`: the name's comma is placed", () => {
    const result = parsed(
      text(
        [
          "",
          "Node,DiskIndex,Index,Name,Size,StartingOffset",
          "WERKBANK,1,0,Datenträgernr. 1, Partitionsnr. 0,104857600,1048576",
          "WERKBANK,1,1,Datenträgernr. 1, Partitionsnr. 1,499973619712,122683392",
        ].join("\n"),
      ),
    );
    expect(result.disks.map((d) => d.device)).toEqual(["\\\\.\\PhysicalDrive1"]);
    expect(rows(result.disks[0])).toEqual([
      [0, "Datenträgernr. 1, Partitionsnr. 0", 1048576n, 104857600n, true],
      [1, "Datenträgernr. 1, Partitionsnr. 1", 122683392n, 499973619712n, true],
    ]);
  });

  it("a table with Name only: the disk and partition numbers come from the German name", () => {
    const result = parsed(
      text(
        [
          "Name                               NumberOfBlocks  StartingOffset  Type",
          "Datenträgernr. 0, Partitionsnr. 0  1124352         1048576         Installierbares Dateisystem",
          "Datenträgernr. 0, Partitionsnr. 1  1044225024      576716800       Erweiterte Partition",
        ].join("\n"),
      ),
    );
    expect(result.disks.map((d) => d.device)).toEqual(["\\\\.\\PhysicalDrive0"]);
    expect(result.disks[0]?.partitions.map((p) => [p.number, p.type, p.flags])).toEqual([
      [0, "Installierbares Dateisystem", undefined],
      [1, "Erweiterte Partition", ["extended"]],
    ]);
    expect(result.notes.some((n) => n.text.includes("disk is not listed"))).toBe(false);
  });
});

describe("Get-CimInstance Win32_DiskPartition | ConvertTo-Json", () => {
  it("reads each object as a record, every number exact past 2^53", () => {
    const result = parsed(
      text(
        [
          "PS C:\\> Get-CimInstance Win32_DiskPartition | Select-Object Name,DiskIndex,Index,BlockSize,StartingOffset,Size,Type | ConvertTo-Json",
          "[",
          "    {",
          '        "Name":  "Disk #2, Partition #0",',
          '        "DiskIndex":  2,',
          '        "Index":  0,',
          '        "BlockSize":  4096,',
          '        "StartingOffset":  1048576,',
          '        "Size":  9007199254740992,',
          '        "Type":  "GPT: Basic Data"',
          "    },",
          "    {",
          '        "Name":  "Disk #2, Partition #1",',
          '        "DiskIndex":  2,',
          '        "Index":  1,',
          '        "BlockSize":  4096,',
          '        "StartingOffset":  9007199255789568,',
          '        "Size":  1073741824,',
          '        "Type":  "GPT: Basic Data"',
          "    }",
          "]",
        ].join("\n"),
      ),
    );
    expect(result.disks.map((d) => [d.device, d.logicalSectorSize])).toEqual([
      ["\\\\.\\PhysicalDrive2", 4096],
    ]);
    expect(rows(result.disks[0])).toEqual([
      [0, "Disk #2, Partition #0", 1048576n, 9007199254740992n, true],
      [1, "Disk #2, Partition #1", 9007199255789568n, 1073741824n, true],
    ]);
    expect(result.notes.filter((n) => n.text.startsWith("Not read: ["))).toEqual([]);
  });

  it("one object with -Compress (no array around it)", () => {
    const result = parsed(
      text(
        '{"Name":"Disk #0, Partition #0","DiskIndex":0,"Index":0,"BlockSize":512,"StartingOffset":1048576,"Size":104857600}',
      ),
    );
    expect(rows(result.disks[0])).toEqual([
      [0, "Disk #0, Partition #0", 1048576n, 104857600n, true],
    ]);
  });
});

describe("Get-CimInstance Win32_DiskPartition | ConvertTo-Csv or Export-Csv", () => {
  it("reads each row as a record: a Name with a comma inside its quotes, numbers exact", () => {
    const result = parsed(
      text(
        [
          "#TYPE Selected.Microsoft.Management.Infrastructure.CimInstance",
          '"Name","DiskIndex","Index","BlockSize","NumberOfBlocks","StartingOffset","Size","Type"',
          '"Disk #1, Partition #0","1","0","512","1124352","1048576","575668224","Installable File System"',
          '"Disk #1, Partition #1","1","1","512","975644672","576716800","499530072064","Installable File System"',
        ].join("\n"),
      ),
    );
    expect(result.format).toBe("wmic");
    expect(result.disks.map((d) => [d.device, d.logicalSectorSize])).toEqual([
      ["\\\\.\\PhysicalDrive1", 512],
    ]);
    expect(rows(result.disks[0])).toEqual([
      [0, "Disk #1, Partition #0", 1048576n, 575668224n, true],
      [1, "Disk #1, Partition #1", 576716800n, 499530072064n, true],
    ]);
    expect(result.notes.filter((n) => n.text.startsWith("Not read"))).toEqual([]);
  });
});
