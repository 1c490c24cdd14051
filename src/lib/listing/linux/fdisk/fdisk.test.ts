import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseFdisk } from "./index.ts";
import { parseListing, type ListingDisk, type ListingResult } from "../../index.ts";
import { splitLines } from "../../decode.ts";

const FIXTURES = join(import.meta.dirname, "../../../../../test-fixtures/fdisk");
const ROOT = join(import.meta.dirname, "../../../../..");

interface SfdiskPartition {
  node: string;
  start: number;
  size: number;
  type: string;
  bootable?: boolean;
}
interface SfdiskTable {
  partitiontable: {
    label: "dos" | "gpt";
    sectorsize: number;
    partitions?: SfdiskPartition[];
  };
}

interface Fixture {
  name: string;
  listing: Uint8Array;
  /** One item per disk of the listing: what `sfdisk --json` said, or null (no table). */
  sfdisk: (SfdiskTable | null)[];
  bytes: bigint[];
  cylinderUnits: boolean;
}

function loadFixtures(): Fixture[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith(".fdisk.txt"))
    .sort()
    .map((file) => {
      const name = file.slice(0, -".fdisk.txt".length);
      const listing = new Uint8Array(readFileSync(join(FIXTURES, file)));
      const text = new TextDecoder().decode(listing);
      return {
        name,
        listing,
        sfdisk: JSON.parse(
          readFileSync(join(FIXTURES, `${name}.sfdisk.json`), "utf8"),
        ) as (SfdiskTable | null)[],
        bytes: (
          JSON.parse(readFileSync(join(FIXTURES, `${name}.bytes.json`), "utf8")) as string[]
        ).map((b) => BigInt(b)),
        // Decided from the text itself, independently of the parser.
        cylinderUnits:
          /^(?:Units\s*[:=]|Einheiten:|Unités\s*:)\s*(?:cylinders|Zylinder|cylindres?)\b/m.test(
            text,
          ),
      };
    });
}

const fixtures = loadFixtures();

function okResult(result: ListingResult | null): Extract<ListingResult, { ok: true }> {
  expect(result).not.toBeNull();
  if (!result?.ok) throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result;
}

function partitionNumber(node: string): number {
  const m = /(\d+)$/.exec(node);
  if (!m) throw new Error(`no number in ${node}`);
  return Number(m[1]);
}

/** The disks and partitions with their numbers, without line-dependent details. */
function numbersOf(disks: ListingDisk[]) {
  return disks.map((d) => ({
    device: d.device,
    logicalSectorSize: d.logicalSectorSize,
    sizeBytes: d.sizeBytes,
    tableType: d.tableType,
    partitions: d.partitions.map((p) => ({ ...p })),
  }));
}

describe("fdisk fixtures made by the real tools", () => {
  it("has the cases the brief asks for", () => {
    const names = fixtures.map((f) => f.name);
    expect(names.length).toBeGreaterThanOrEqual(15);
    expect(fixtures.some((f) => f.cylinderUnits)).toBe(true);
    expect(fixtures.some((f) => f.sfdisk.length > 1)).toBe(true);
    expect(fixtures.some((f) => f.sfdisk.some((t) => t?.partitiontable.sectorsize === 4096))).toBe(
      true,
    );
  });

  describe.each(fixtures)("$name", (fixture) => {
    const result = okResult(parseListing(fixture.listing));

    it("is read as fdisk, one disk per disk listed, each of the exact byte size", () => {
      expect(result.format).toBe("fdisk");
      expect(result.disks).toHaveLength(fixture.sfdisk.length);
      expect(result.disks.map((d) => d.sizeBytes)).toEqual(fixture.bytes);
    });

    it("gives the partitions sfdisk --json gives, in bytes", () => {
      fixture.sfdisk.forEach((table, i) => {
        const disk = result.disks[i];
        expect(disk).toBeDefined();
        if (!disk) return;
        if (table === null) {
          expect(disk.partitions).toEqual([]);
          return;
        }
        const { sectorsize, label } = table.partitiontable;
        const expected = table.partitiontable.partitions ?? [];
        expect(disk.logicalSectorSize).toBe(sectorsize);
        expect(disk.tableType).toBe(label);
        expect(disk.partitions.map((p) => p.number)).toEqual(
          expected.map((p) => partitionNumber(p.node)),
        );
        expected.forEach((want, j) => {
          const got = disk.partitions[j];
          expect(got).toBeDefined();
          if (!got) return;
          const start = BigInt(want.start) * BigInt(sectorsize);
          const size = BigInt(want.size) * BigInt(sectorsize);
          if (fixture.cylinderUnits) {
            expect(got.exact).toBe(false);
            expect(got.startByte).toBeNull();
            // Only a size that is exact may be given (old Blocks column); never a rounded one.
            if (got.sizeBytes !== null) expect(got.sizeBytes).toBe(size);
          } else {
            expect({ start: got.startByte, size: got.sizeBytes, exact: got.exact }).toEqual({
              start,
              size,
              exact: true,
            });
          }
          if (label === "dos") {
            expect(got.type?.split(" ")[0]).toBe(want.type);
            expect(got.flags?.includes("boot") ?? false).toBe(want.bootable === true);
            const kind = ["5", "f", "85"].includes(want.type)
              ? "extended"
              : partitionNumber(want.node) >= 5
                ? "logical"
                : "primary";
            expect(got.flags?.[0]).toBe(kind);
          } else {
            expect(got.type).toBeTruthy();
            expect(got.flags).toBeUndefined();
          }
        });
      });
    });

    it("keeps every line it does not use as a note", () => {
      const lines = splitLines(new TextDecoder().decode(fixture.listing));
      for (const n of result.notes) {
        expect(n.line).toBeGreaterThanOrEqual(1);
        expect(n.line).toBeLessThanOrEqual(lines.length);
      }
      lines.forEach((line, i) => {
        if (
          /^(Disk identifier|Festplattenbezeichner|Identifiant de disque|Partition \d|Partition table entries|Welcome|Command \(m for help\):\s*\w?$)/.test(
            line.trim(),
          )
        ) {
          expect(result.notes.map((n) => n.line)).toContain(i + 1);
        }
      });
    });
  });

  it("no partition of a cylinder-unit listing is marked exact", () => {
    const cylinderFixtures = fixtures.filter((f) => f.cylinderUnits);
    expect(cylinderFixtures.map((f) => f.name).sort()).toEqual([
      "cylinders-u",
      "handmade-old-2.17-cylinders",
    ]);
    for (const f of cylinderFixtures) {
      const result = okResult(parseListing(f.listing));
      const partitions = result.disks.flatMap((d) => d.partitions);
      expect(partitions.length).toBeGreaterThan(0);
      expect(partitions.filter((p) => p.exact)).toEqual([]);
      expect(partitions.filter((p) => p.startByte !== null)).toEqual([]);
      expect(result.notes.some((n) => /cylinders.*fdisk -l/.test(n.text))).toBe(true);
    }
  });

  it("the old Blocks column gives exact sizes (with +) even in cylinder units", () => {
    const f = fixtures.find((x) => x.name === "handmade-old-2.17-cylinders");
    const result = okResult(parseListing(f?.listing ?? new Uint8Array()));
    // /dev/sdb3: 4088542+ blocks = 8177085 sectors (odd), sdb5: 2096451 blocks = 4192902 sectors.
    expect(result.disks[0]?.partitions.map((p) => p.sizeBytes)).toEqual([
      208782n * 512n,
      8385930n * 512n,
      8177085n * 512n,
      4192902n * 512n,
      3984057n * 512n,
    ]);
  });

  it("the edited listing's physical-boundary warnings are notes after the table", () => {
    const f = fixtures.find((x) => x.name === "edited-physical-boundary-notes");
    const result = okResult(parseListing(f?.listing ?? new Uint8Array()));
    expect(result.disks[0]?.physicalSectorSize).toBe(4096);
    expect(
      result.notes.filter((n) => /does not start on physical sector boundary/.test(n.text)),
    ).toHaveLength(3);
  });

  it("the 18 TiB disk keeps offsets past 2^44 exact", () => {
    const f = fixtures.find((x) => x.name === "gpt-18tib");
    const result = okResult(parseListing(f?.listing ?? new Uint8Array()));
    const last = result.disks[0]?.partitions[2];
    expect(last?.startByte).toBe(34359740416n * 512n);
    expect((last?.startByte ?? 0n) > 1n << 44n).toBe(true);
  });
});

describe("text around the listing", () => {
  const base = fixtures.find((f) => f.name === "multi-disk");
  const baseText = new TextDecoder().decode(base?.listing);
  const baseResult = okResult(parseListing(baseText));

  const wrappings: [string, (lines: string[]) => string[]][] = [
    [
      "a shell prompt and sudo banner",
      (ls) => ["$ sudo fdisk -l", "[sudo] password for me: ", ...ls, "$ "],
    ],
    ["a root prompt", (ls) => ["root@host:~# fdisk -l", ...ls, "root@host:~# "]],
    ["e-mail quote markers", (ls) => ls.map((l) => (l === "" ? ">" : `> ${l}`))],
    ["nested quote markers", (ls) => ls.map((l) => `> > ${l}`)],
    ["four-space indentation", (ls) => ls.map((l) => `    ${l}`)],
    ["a tab before each line", (ls) => ls.map((l) => `\t${l}`)],
    ["trailing spaces", (ls) => ls.map((l) => `${l}   `)],
    ["markdown fences", (ls) => ["```", ...ls, "```"]],
  ];

  it.each(wrappings)("reads the same numbers with %s", (_name, wrap) => {
    const wrapped = wrap(baseText.split("\n")).join("\n");
    const result = okResult(parseListing(wrapped));
    expect(numbersOf(result.disks)).toEqual(numbersOf(baseResult.disks));
  });

  it("reads the same numbers with CRLF line ends", () => {
    const result = okResult(parseListing(baseText.replace(/\n/g, "\r\n")));
    expect(numbersOf(result.disks)).toEqual(numbersOf(baseResult.disks));
  });

  it("turns the added lines into notes with their line numbers", () => {
    const lines = ["$ sudo fdisk -l", ...baseText.split("\n"), "bye"];
    const result = okResult(parseListing(lines.join("\n")));
    expect(result.notes[0]).toEqual({ line: 1, text: "$ sudo fdisk -l" });
    expect(result.notes.at(-1)).toEqual({ line: lines.length, text: "bye" });
  });

  it("keeps a line between table rows as a note and still reads the rows after it", () => {
    const text = [
      "Disk /dev/sda: 8 GiB, 8589934592 bytes, 16777216 sectors",
      "Units: sectors of 1 * 512 = 512 bytes",
      "",
      "Device     Boot   Start      End  Sectors Size Id Type",
      "/dev/sda1  *       2048  2099199  2097152   1G 83 Linux",
      "this line was typed by someone",
      "/dev/sda2       2099200 16777215 14678016   7G 83 Linux",
    ].join("\n");
    const result = okResult(parseListing(text));
    expect(result.disks[0]?.partitions.map((p) => p.number)).toEqual([1, 2]);
    expect(result.notes).toEqual([{ line: 6, text: "this line was typed by someone" }]);
  });

  it("strips terminal colour codes", () => {
    const text = baseText.replace(/^(Disk [^\n]*)$/gm, "\x1b[1m$1\x1b[0m");
    const result = okResult(parseListing(text));
    expect(numbersOf(result.disks)).toEqual(numbersOf(baseResult.disks));
  });
});

/** A util-linux 2.38 listing of one disk with the given rows (Start, Sectors[, End]). */
function modernListing(
  sectorSize: number,
  diskSectors: bigint,
  rows: { start: bigint; sectors: bigint; end?: bigint }[],
  label: "dos" | "gpt" = "gpt",
): string {
  const out = [
    `Disk /dev/sdz: 1 TiB, ${diskSectors * BigInt(sectorSize)} bytes, ${diskSectors} sectors`,
    `Units: sectors of 1 * ${sectorSize} = ${sectorSize} bytes`,
    `Sector size (logical/physical): ${sectorSize} bytes / ${sectorSize} bytes`,
    `Disklabel type: ${label}`,
    "",
    label === "gpt"
      ? "Device     Start End Sectors Size Type"
      : "Device Boot Start End Sectors Size Id Type",
  ];
  rows.forEach((r, i) => {
    const end = r.end ?? r.start + r.sectors - 1n;
    out.push(
      label === "gpt"
        ? `/dev/sdz${i + 1} ${r.start} ${end} ${r.sectors} 1G Linux filesystem`
        : `/dev/sdz${i + 1} ${r.start} ${end} ${r.sectors} 1G 83 Linux`,
    );
  });
  return out.join("\n");
}

describe("edge numbers", () => {
  const cases: [string, number, bigint, bigint][] = [
    ["a partition at sector 0", 512, 0n, 1n],
    ["a start just below 2^32 sectors", 512, (1n << 32n) - 1n, 2048n],
    ["a start of exactly 2^32 sectors", 512, 1n << 32n, 1n << 32n],
    ["a start past 2^53 (beyond float precision)", 512, (1n << 53n) + 1n, 3n],
    ["a start past 2^64 sectors", 4096, (1n << 64n) + 7n, (1n << 40n) + 1n],
    ["4096-byte sectors", 4096, 256n, 16384n],
  ];
  it.each(cases)("%s", (_name, sectorSize, start, sectors) => {
    const diskSectors = start + sectors + 34n;
    const result = okResult(
      parseFdisk(splitLines(modernListing(sectorSize, diskSectors, [{ start, sectors }]))),
    );
    const disk = result.disks[0];
    expect(disk?.sizeBytes).toBe(diskSectors * BigInt(sectorSize));
    expect(disk?.logicalSectorSize).toBe(sectorSize);
    expect(disk?.partitions[0]).toMatchObject({
      startByte: start * BigInt(sectorSize),
      sizeBytes: sectors * BigInt(sectorSize),
      exact: true,
    });
    expect(result.notes).toEqual([]);
  });

  it("marks a row inexact, with a note, when End is not Start + Sectors − 1", () => {
    const text = modernListing(512, 100000n, [{ start: 2048n, sectors: 4096n, end: 9999n }]);
    const result = okResult(parseFdisk(splitLines(text)));
    expect(result.disks[0]?.partitions[0]?.exact).toBe(false);
    expect(result.notes).toEqual([
      { line: 7, text: expect.stringContaining("End is 9999") as unknown as string },
    ]);
  });

  it("notes a disk line whose sectors × sector size is not its byte count", () => {
    const text = [
      "Disk /dev/sdz: 1 GiB, 1073741824 bytes, 2097151 sectors",
      "Units: sectors of 1 * 512 = 512 bytes",
    ].join("\n");
    const result = okResult(parseFdisk(splitLines(text)));
    expect(result.disks[0]?.sizeBytes).toBe(1073741824n);
    expect(result.notes[0]?.text).toMatch(/2097151 sectors × 512 bytes/);
  });
});

describe("partition numbers and names", () => {
  it.each([
    ["/dev/sda1", 1],
    ["/dev/nvme0n1p2", 2],
    ["/tmp/x/disk.img3", 3],
    ["/dev/mmcblk0p12", 12],
    ["/dev/md126p1", 1],
  ])("%s is partition %i", (device, number) => {
    const text = [
      "Disk /dev/x: 1 GiB, 1073741824 bytes, 2097152 sectors",
      "Units: sectors of 1 * 512 = 512 bytes",
      "Device Start End Sectors Size Type",
      `${device} 2048 4095 2048 1M Linux filesystem`,
    ].join("\n");
    const p = okResult(parseFdisk(splitLines(text))).disks[0]?.partitions[0];
    expect(p).toMatchObject({
      number,
      label: device,
      startByte: 1048576n,
      sizeBytes: 1048576n,
      exact: true,
    });
  });
});

describe("listings from other util-linux versions (public forum posts)", () => {
  it("util-linux 2.13 cylinders, with logical partitions and + blocks", () => {
    // Posted on a forum in 2007 (Ubuntu 7.10).
    const text = `Disk /dev/hda: 120.0 GB, 120034123776 bytes
255 heads, 63 sectors/track, 14593 cylinders
Units = cylinders of 16065 * 512 = 8225280 bytes
Disk identifier: 0x02cc02cb

   Device Boot      Start         End      Blocks   Id  System
/dev/hda1   *           1        6581    52861851    7  HPFS/NTFS
/dev/hda2            6582       14405    62846280   83  Linux
/dev/hda3           14406       14593     1510110    5  Extended
/dev/hda5           14406       14593     1510078+  82  Linux swap / Solaris`;
    const result = okResult(parseFdisk(splitLines(text)));
    const disk = result.disks[0];
    expect(disk).toMatchObject({
      device: "/dev/hda",
      sizeBytes: 120034123776n,
      logicalSectorSize: 512,
      tableType: "dos",
    });
    expect(
      disk?.partitions.map((p) => [p.number, p.startByte, p.sizeBytes, p.exact, p.flags]),
    ).toEqual([
      [1, null, 52861851n * 1024n, false, ["primary", "boot"]],
      [2, null, 62846280n * 1024n, false, ["primary"]],
      [3, null, 1510110n * 1024n, false, ["extended"]],
      [5, null, 1510078n * 1024n + 512n, false, ["logical"]],
    ]);
  });

  it("util-linux 2.13 in sectors (fdisk -lu): exact, Blocks cross-checked", () => {
    const text = `Disk /dev/hda: 15.3 GB, 15382241280 bytes
255 heads, 63 sectors/track, 1870 cylinders, total 30043440 sectors
Units = sectors of 1 * 512 = 512 bytes

   Device Boot      Start         End      Blocks   Id  System
/dev/hda1              63    18812114     9406026    7  HPFS/NTFS
/dev/hda2   *    18812115    29511404     5349645   83  Linux
/dev/hda3        29511405    30041549      265072+   5  Extended
/dev/hda5        29511468    30041549      265041   82  Linux swap / Solaris`;
    const result = okResult(parseFdisk(splitLines(text)));
    expect(result.notes).toEqual([]);
    expect(result.disks[0]?.partitions.map((p) => [p.startByte, p.sizeBytes, p.exact])).toEqual([
      [63n * 512n, 18812052n * 512n, true],
      [18812115n * 512n, 10699290n * 512n, true],
      [29511405n * 512n, 530145n * 512n, true],
      [29511468n * 512n, 530082n * 512n, true],
    ]);
  });

  it("util-linux 2.23 (RHEL 7) gpt: `#  Start  End  Size  Type  Name`", () => {
    const text = `Disk /dev/sdb: 4000.8 GB, 4000787030016 bytes, 7814037168 sectors
Units = sectors of 1 * 512 = 512 bytes
Sector size (logical/physical): 512 bytes / 4096 bytes
I/O size (minimum/optimal): 4096 bytes / 4096 bytes
Disk label type: gpt
Disk identifier: 3C3B4F7E-9C4D-4C8F-8A3A-5B7F1E0C2D11


#         Start          End    Size  Type            Name
 1         2048   7814035455    3.7T  Microsoft basic primary`;
    const result = okResult(parseFdisk(splitLines(text)));
    expect(result.disks[0]).toMatchObject({ tableType: "gpt", physicalSectorSize: 4096 });
    expect(result.disks[0]?.partitions).toEqual([
      {
        number: 1,
        label: "Partition 1",
        startByte: 2048n * 512n,
        sizeBytes: (7814035455n - 2048n + 1n) * 512n,
        exact: true,
        type: "Microsoft basic",
      },
    ]);
  });

  it("util-linux 2.23 (RHEL 7) dos, typed in fdisk's own p command, 512/4096 sectors", () => {
    const text = `Command (m for help): p

Disk /dev/sda: 960.2 GB, 960197124096 bytes, 1875385008 sectors
Units = sectors of 1 * 512 = 512 bytes
Sector size (logical/physical): 512 bytes / 4096 bytes
I/O size (minimum/optimal): 4096 bytes / 4096 bytes
Disk label type: dos
Disk identifier: 0x266ac5a7

   Device Boot      Start         End      Blocks   Id  System
/dev/sda1            2048  1875385007   937691480   83  Linux

Command (m for help): w`;
    const result = okResult(parseFdisk(splitLines(text)));
    expect(result.disks[0]).toMatchObject({
      device: "/dev/sda",
      sizeBytes: 960197124096n,
      logicalSectorSize: 512,
      physicalSectorSize: 4096,
      tableType: "dos",
    });
    expect(result.disks[0]?.partitions).toEqual([
      {
        number: 1,
        label: "/dev/sda1",
        startByte: 1048576n,
        sizeBytes: 1875382960n * 512n,
        exact: true,
        type: "83 Linux",
        flags: ["primary"],
      },
    ]);
    expect(result.notes.map((n) => n.line)).toEqual([1, 8, 13]);
  });

  it("a German header with `Kennung` for the Id column (older catalogues; 2.38 prints `Kn`)", () => {
    const text = `Festplatte /dev/sda: 223,57 GiB, 240057409536 Bytes, 468862128 Sektoren
Einheiten: Sektoren von 1 * 512 = 512 Bytes
Sektorgröße (logisch/physikalisch): 512 Bytes / 512 Bytes
Festplattenbezeichnungstyp: dos

Gerät      Boot Anfang       Ende  Sektoren  Größe Kennung Typ
/dev/sda1  *      2048 468862127 468860080 223,6G      83 Linux`;
    const result = okResult(parseFdisk(splitLines(text)));
    expect(result.disks[0]?.partitions[0]).toMatchObject({
      startByte: 1048576n,
      sizeBytes: 468860080n * 512n,
      exact: true,
      type: "83 Linux",
      flags: ["primary", "boot"],
    });
  });

  it("a protective MBR seen by an old fdisk gets a note pointing to gdisk", () => {
    const text = `WARNING: GPT (GUID Partition Table) detected on '/dev/sda'! The util fdisk doesn't support GPT. Use GNU Parted.

Disk /dev/sda: 3000.6 GB, 3000592982016 bytes
255 heads, 63 sectors/track, 364801 cylinders, total 5860533168 sectors
Units = sectors of 1 * 512 = 512 bytes

   Device Boot      Start         End      Blocks   Id  System
/dev/sda1               1  4294967295  2147483647+  ee  GPT`;
    const result = okResult(parseFdisk(splitLines(text)));
    expect(result.notes.map((n) => n.line)).toEqual([1, 8]);
    expect(result.notes[1]?.text).toMatch(/protective MBR.*gdisk -l/);
  });
});

describe("recognising fdisk output", () => {
  it.each([
    [
      "wmic",
      "Name                   NumberOfBlocks  StartingOffset\nDisk #0, Partition #0  125829120       1048576",
    ],
    [
      "parted print",
      "Model: ATA Samsung SSD (scsi)\nDisk /dev/sda: 240GB\nSector size (logical/physical): 512B/512B\nPartition Table: gpt\n\nNumber  Start   End    Size   File system  Name  Flags\n 1      1049kB  538MB  537MB  fat32              boot, esp",
    ],
    [
      "gdisk -l",
      "Disk /dev/sda: 468862128 sectors, 223.6 GiB\nLogical sector size: 512 bytes\nNumber  Start (sector)    End (sector)  Size       Code  Name\n   1            2048         1050623   512.0 MiB   EF00  EFI",
    ],
    ["prose", "I ran fdisk and the disk is 240 GB.\nHelp!"],
  ])("returns null for %s", (_name, text) => {
    expect(parseFdisk(splitLines(text))).toBeNull();
  });

  it("keeps a table pasted without its Disk and Units lines in sectors, and asks the sector size", () => {
    const text =
      "Device     Boot Start     End Sectors  Size Id Type\n/dev/sda1  *     2048 1050623 1048576  512M 83 Linux";
    const result = okResult(parseFdisk(splitLines(text)));
    expect(result.disks[0]).toMatchObject({ sectorSizeUnknown: true, logicalSectorSize: null });
    expect(result.disks[0]?.partitions[0]).toMatchObject({
      startByte: null,
      sizeBytes: null,
      exact: false,
      startSector: 2048n,
      sizeSectors: 1048576n,
    });
    expect(result.notes.map((n) => n.text).join(" ")).toMatch(/how many bytes a sector has/);
  });

  it("refuses a table header with no rows and no disk line", () => {
    const result = parseFdisk(splitLines("Device Start End Sectors Size Type\n"));
    expect(result && !result.ok ? result.error : "").toMatch(/no partition rows/);
  });

  it("accepts a disk without partition table (no rows) as a disk with no partitions", () => {
    const result = okResult(
      parseFdisk(
        splitLines(
          "Disk /dev/loop0: 55.4 MiB, 58073088 bytes, 113424 sectors\nUnits: sectors of 1 * 512 = 512 bytes",
        ),
      ),
    );
    expect(result.disks).toMatchObject([
      { device: "/dev/loop0", sizeBytes: 58073088n, partitions: [] },
    ]);
  });

  it("notes a disk model line and keeps the disk", () => {
    const text = `Disk /dev/nvme0n1: 476.94 GiB, 512110190592 bytes, 1000215216 sectors
Disk model: Samsung SSD 970 EVO Plus 500GB
Units: sectors of 1 * 512 = 512 bytes
Sector size (logical/physical): 512 bytes / 512 bytes
Disklabel type: gpt

Device           Start        End   Sectors   Size Type
/dev/nvme0n1p1    2048    1050623   1048576   512M EFI System
/dev/nvme0n1p2 1050624 1000214527 999163904 476.4G Linux filesystem`;
    const result = okResult(parseFdisk(splitLines(text)));
    expect(result.notes).toEqual([{ line: 2, text: "Disk model: Samsung SSD 970 EVO Plus 500GB" }]);
    expect(result.disks[0]?.partitions.map((p) => p.number)).toEqual([1, 2]);
  });

  it("stays fast and quiet on huge or absurd input", () => {
    const garbage = Array.from(
      { length: 200_000 },
      (_, i) => `Disk ${"x".repeat(i % 50)}: ${"9".repeat(i % 30)} (`,
    );
    garbage.push("a".repeat(5_000_000));
    garbage.push(`Disk ${":".repeat(1999)}`);
    const t0 = performance.now();
    expect(parseFdisk(garbage)).toBeNull();
    expect(performance.now() - t0).toBeLessThan(3000);
  });

  it("reads 50 000 rows quickly", () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => ({
      start: BigInt(2048 + i * 4096),
      sectors: 4096n,
    }));
    const text = modernListing(512, BigInt(2048 + 50_001 * 4096), rows);
    const t0 = performance.now();
    const result = okResult(parseFdisk(splitLines(text)));
    expect(result.disks[0]?.partitions).toHaveLength(50_000);
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});

describe("the CLI", () => {
  it("prints the numbers of a fixture as JSON", () => {
    const run = spawnSync(
      "npm",
      ["run", "-s", "cli", "--", "parse", "test-fixtures/fdisk/gpt-18tib.fdisk.txt"],
      {
        cwd: ROOT,
        encoding: "utf8",
      },
    );
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout) as {
      format: string;
      disks: {
        sizeBytes: string;
        partitions: { startByte: string; sizeBytes: string; exact: boolean }[];
      }[];
    };
    const sfdisk = JSON.parse(
      readFileSync(join(FIXTURES, "gpt-18tib.sfdisk.json"), "utf8"),
    ) as SfdiskTable[];
    const table = sfdisk[0]?.partitiontable;
    expect(json.format).toBe("fdisk");
    expect(json.disks.map((d) => d.sizeBytes)).toEqual(
      JSON.parse(readFileSync(join(FIXTURES, "gpt-18tib.bytes.json"), "utf8")),
    );
    expect(json.disks[0]?.partitions).toEqual(
      table?.partitions?.map(
        (p) =>
          expect.objectContaining({
            startByte: String(BigInt(p.start) * BigInt(table.sectorsize)),
            sizeBytes: String(BigInt(p.size) * BigInt(table.sectorsize)),
            exact: true,
          }) as unknown,
      ),
    );
  });
});

describe("hostile input", () => {
  it("takes no absurd sector size and says so", () => {
    const text = [
      "Disk /dev/sdz: 1 GiB, 1073741824 bytes, 2097152 sectors",
      `Units: sectors of 1 * ${"9".repeat(400)} = 512 bytes`,
      `Sector size (logical/physical): ${"9".repeat(30)} bytes / 512 bytes`,
      "Device Start End Sectors Size Type",
      "/dev/sdz1 2048 4095 2048 1M Linux filesystem",
    ].join("\n");
    const result = okResult(parseFdisk(splitLines(text)));
    expect(result.disks[0]?.partitions[0]).toMatchObject({ startByte: null, exact: false });
    expect(result.notes.map((n) => n.line)).toEqual([2, 3]);
  });

  it("never throws on mutated fixtures, and never calls a partition without numbers exact", () => {
    let seed = 12345;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const alphabet = [
      "",
      " ",
      "\t",
      "*",
      "+",
      "0",
      "9",
      "99999999999999999999999",
      ":",
      "-",
      "x",
      "Disk ",
      "\r",
    ];
    for (const fixture of fixtures) {
      const lines = splitLines(new TextDecoder().decode(fixture.listing));
      for (let round = 0; round < 40; round++) {
        const mutated = lines.map((l) => {
          if (random(4) !== 0 || l.length === 0) return l;
          const at = random(l.length);
          return (
            l.slice(0, at) + (alphabet[random(alphabet.length)] ?? "") + l.slice(at + random(3))
          );
        });
        const result = parseFdisk(mutated);
        if (result?.ok) {
          for (const p of result.disks.flatMap((d) => d.partitions)) {
            if (p.exact) expect(p.startByte !== null && p.sizeBytes !== null).toBe(true);
          }
        }
      }
    }
  });
});

describe("fdisk rows that lost their header or their shape", () => {
  const disk = [
    "Disk /dev/sda: 1 GiB, 1073741824 bytes, 2097152 sectors",
    "Units: sectors of 1 * 512 = 512 bytes",
    "Disklabel type: dos",
    "",
  ];
  const rows = [
    "/dev/sda1  *      2048  206847  204800  100M  7 HPFS/NTFS/exFAT",
    "/dev/sda2       206848 2097151 1890304  923M 83 Linux",
  ];
  const exact = (text: string) => {
    const r = okResult(parseFdisk(splitLines(text)));
    return r.disks[0]?.partitions.map((p) => [p.startByte, p.sizeBytes, p.exact, p.type]);
  };
  const expected = [
    [1048576n, 104857600n, true, "7 HPFS/NTFS/exFAT"],
    [105906176n, 967835648n, true, "83 Linux"],
  ];

  it("reads rows pasted without their header when the Disk line gives the sector size", () => {
    expect(exact([...disk, ...rows].join("\n"))).toEqual(expected);
  });

  it("reads a lower-cased header", () => {
    const header = "device     boot   start     end sectors  size id type";
    expect(exact([...disk, header, ...rows].join("\n"))).toEqual(expected);
  });

  it("reads blanks collapsed by a web page, with a row that lost its Size cell", () => {
    const header = "Device Boot Start End Sectors Size Id Type";
    const collapsed = [
      "/dev/sda1 * 2048 206847 204800 100M 7 HPFS/NTFS/exFAT",
      "/dev/sda2 206848 2097151 1890304 83 Linux",
    ];
    expect(exact([...disk, header, ...collapsed].join("\n"))).toEqual(expected);
  });

  it("never reads a row whose Start, End and Sectors disagree", () => {
    const bad = ["/dev/sda1  *      2048  206847  204801  100M  7 HPFS/NTFS/exFAT"];
    expect(exact([...disk, ...bad].join("\n"))).toEqual([]);
  });

  it("reads nothing headerless without a Disk or Units line", () => {
    const r = parseFdisk(splitLines(rows.join("\n")));
    expect(r === null || !r.ok || r.disks.every((d) => d.partitions.every((p) => !p.exact))).toBe(
      true,
    );
  });
});
