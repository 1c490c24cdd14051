import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseFdisk } from "./index.ts";
import { parseListing } from "../../index.ts";
import { cliInProcess } from "../../../../cli/inProcess.testkit.ts";
import { splitLines } from "../../decode.ts";
import {
  FIXTURES,
  ROOT,
  fixtures,
  okResult,
  type SfdiskTable,
  modernListing,
} from "./fdisk.testkit.ts";

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

  it("a GPT disk an old fdisk shows only by its protective MBR entry is refused, never shown free", () => {
    const text = `WARNING: GPT (GUID Partition Table) detected on '/dev/sda'! The util fdisk doesn't support GPT. Use GNU Parted.

Disk /dev/sda: 3000.6 GB, 3000592982016 bytes
255 heads, 63 sectors/track, 364801 cylinders, total 5860533168 sectors
Units = sectors of 1 * 512 = 512 bytes

   Device Boot      Start         End      Blocks   Id  System
/dev/sda1               1  4294967295  2147483647+  ee  GPT`;
    const result = parseFdisk(splitLines(text));
    expect(result?.ok).toBe(false);
    if (result?.ok !== false) return;
    expect(result.error).toBe(
      "Line 8: /dev/sda is a GPT disk, but this tool listed only its protective MBR entry (type ee), none of its partitions: every sector would look free. Run `sudo parted /dev/sda unit s print` and paste that instead.",
    );
  });

  it("busybox's geometry line (cylinders first) is known, not a note", () => {
    const text = readFileSync(join(ROOT, "test-fixtures/busybox-fdisk/dos.txt"), "utf8");
    const result = okResult(parseFdisk(splitLines(text)));
    expect(result.notes.filter((n) => /cylinders, \d+ heads/.test(n.text))).toEqual([]);
  });

  it("a hybrid MBR (a protective entry beside others) is a GPT disk", () => {
    // Boot Camp's shape, seen by util-linux 2.20: the MBR mirrors two GPT partitions.
    const text = `WARNING: GPT (GUID Partition Table) detected on '/dev/sda'! The util fdisk doesn't support GPT. Use GNU Parted.

Disk /dev/sda: 500.1 GB, 500107862016 bytes
255 heads, 63 sectors/track, 60801 cylinders, total 976773168 sectors
Units = sectors of 1 * 512 = 512 bytes

   Device Boot      Start         End      Blocks   Id  System
/dev/sda1               1      409639      204819+  ee  GPT
/dev/sda2          409640   700000000   349795180+  af  HFS / HFS+
/dev/sda3   *   700000256   976773119   138386432    7  HPFS/NTFS/exFAT`;
    const result = parseFdisk(splitLines(text));
    // Its two MBR entries are real partitions, but the GPT may hold more that would look free.
    expect(result?.ok).toBe(false);
    if (result?.ok !== false) return;
    expect(result.error).toMatch(
      /^Line 8: \/dev\/sda is a GPT disk with a hybrid MBR, and this tool listed only the MBR: at most three of its partitions/,
    );
    expect(result.error).toContain("`sudo parted /dev/sda unit s print`");
  });

  it("beside a GPT disk seen only through its MBR, other disks stay plannable, with an important note", () => {
    const text = `Disk /dev/sda: 500.1 GB, 500107862016 bytes
255 heads, 63 sectors/track, 60801 cylinders, total 976773168 sectors
Units = sectors of 1 * 512 = 512 bytes

   Device Boot      Start         End      Blocks   Id  System
/dev/sda1               1  976773167   488386583+  ee  GPT

Disk /dev/sdb: 8 GB, 8000000000 bytes
255 heads, 63 sectors/track, 972 cylinders, total 15625000 sectors
Units = sectors of 1 * 512 = 512 bytes

   Device Boot      Start         End      Blocks   Id  System
/dev/sdb1            2048    15624999     7811476   83  Linux`;
    const result = okResult(parseFdisk(splitLines(text)));
    expect(result.disks.map((d) => d.device)).toEqual(["/dev/sdb"]);
    const note = result.notes.find((n) => n.line === 6);
    expect(note?.important).toBe(true);
    expect(note?.text).toMatch(/^Not shown: \/dev\/sda is a GPT disk, but this tool listed only/);
    // Through parseListing too: no second note calls it another command's listing.
    const whole = parseListing(text);
    expect(whole.ok && whole.disks.map((d) => d.device)).toEqual(["/dev/sdb"]);
    expect(whole.notes.filter((n) => n.text.includes("/dev/sda"))).toHaveLength(1);
  });

  // util-linux 2.13–2.20 in German, French and Spanish (Ubuntu 8.04–14.04, as forums show
  // them), and RHEL 7's Russian column titles under English disk lines; our own numbers. Their
  // rows were dropped to notes, leaving the disks looking empty.
  const localizedOld: [string, string, [bigint | null, bigint, boolean][]][] = [
    [
      "German, cylinders (Platte, Byte, Gerät boot. Anfang Ende Blöcke)",
      `Platte /dev/sda: 160.0 GByte, 160041885696 Byte
255 Köpfe, 63 Sektoren/Spuren, 19457 Zylinder
Einheiten = Zylinder von 16065 × 512 = 8225280 Bytes
Disk identifier: 0x1a2b3c4d

   Gerät  boot.     Anfang        Ende     Blöcke   Id  System
/dev/sda1   *           1        5000    40162468+   7  HPFS/NTFS
/dev/sda2            5001       19457   116125852+   5  Erweiterte`,
      [
        [null, 40162468n * 1024n + 512n, false],
        [null, 116125852n * 1024n + 512n, false],
      ],
    ],
    [
      "German, sectors (Sektoren/Spur, zusammen … Sektoren)",
      `Platte /dev/mmcblk0: 15.9 GByte, 15931539456 Byte
4 Köpfe, 16 Sektoren/Spur, 486192 Zylinder, zusammen 31116288 Sektoren
Einheiten = Sektoren von 1 × 512 = 512 Bytes
Sektorgröße (logisch/physikalisch): 512 Bytes / 512 Bytes
E/A-Größe (minimal/optimal): 512 Bytes / 512 Bytes

        Gerät  boot.     Anfang        Ende     Blöcke   Id  System
/dev/mmcblk0p1            8192      122879       57344    c  W95 FAT32 (LBA)
/dev/mmcblk0p2          122880    31116287    15496704   83  Linux`,
      [
        [8192n * 512n, 114688n * 512n, true],
        [122880n * 512n, 30993408n * 512n, true],
      ],
    ],
    [
      "French (Périphérique Amorce Début Fin Blocs Id Système)",
      `Disque /dev/sda : 40.0 Go, 40020664320 octets
255 têtes, 63 secteurs/piste, 4865 cylindres, total 78165360 secteurs
Unités = secteurs de 1 * 512 = 512 octets
Identifiant de disque : 0x0a1b2c3d

Périphérique Amorce  Début        Fin      Blocs     Id  Système
/dev/sda1   *        2048    64002047    32000000   83  Linux
/dev/sda2        64002048    78165359     7081656   83  Linux`,
      [
        [2048n * 512n, 64000000n * 512n, true],
        [64002048n * 512n, 14163312n * 512n, true],
      ],
    ],
    [
      "Spanish (Tamaño de sector (lógico / físico), Dispositivo Inicio Comienzo Fin Bloques Id Sistema)",
      `Disco /dev/sda: 40.0 GB, 40020664320 bytes
255 cabezas, 63 sectores/pista, 4865 cilindros, 78165360 sectores en total
Unidades = sectores de 1 * 512 = 512 bytes
Tamaño de sector (lógico / físico): 512 bytes / 512 bytes
Tamaño E/S (mínimo/óptimo): 512 bytes / 512 bytes

Dispositivo Inicio    Comienzo      Fin      Bloques  Id  Sistema
/dev/sda1   *        2048    64002047    32000000    7  HPFS/NTFS/exFAT
/dev/sda2        64002048    78165359     7081656    5  Extendida`,
      [
        [2048n * 512n, 64000000n * 512n, true],
        [64002048n * 512n, 14163312n * 512n, true],
      ],
    ],
    [
      "RHEL 7 Russian titles (Устр-во Загр Начало Конец Блоки Id Система)",
      `Disk /dev/sda: 21.5 GB, 21474836480 bytes, 41943040 sectors
Units = sectors of 1 * 512 = 512 bytes
Sector size (logical/physical): 512 bytes / 512 bytes
Disk label type: dos

Устр-во Загр     Начало       Конец       Блоки   Id  Система
/dev/sda1   *        2048     2099199     1048576   83  Linux
/dev/sda2         2099200    41943039    19921920   8e  Linux LVM`,
      [
        [2048n * 512n, 2097152n * 512n, true],
        [2099200n * 512n, 39843840n * 512n, true],
      ],
    ],
  ];
  it.each(localizedOld)("%s", (_, text, expected) => {
    const result = okResult(parseFdisk(splitLines(text)));
    const disk = result.disks[0];
    expect(disk?.tableType).toBe("dos");
    expect(disk?.partitions.map((p) => [p.startByte, p.sizeBytes, p.exact])).toEqual(expected);
    expect(disk?.partitions[0]?.flags?.[0]).toBe("primary");
    // Only the cylinder note or a disk identifier may be left over, never a row or a title.
    expect(result.notes.filter((n) => !/cylinders|identifi|Disk identifier/i.test(n.text))).toEqual(
      [],
    );
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

  it("reads rows pasted alone (no Disk, Units or header line) in sectors, each disk named by its rows", () => {
    const text = [
      "/dev/sda1  *       2048   1026047   1024000   500M  7 HPFS/NTFS/exFAT",
      "/dev/sda2       1026048 976771071 975745024 465.3G  7 HPFS/NTFS/exFAT",
      "/dev/nvme0n1p1     2048    1050623    1048576   512M EFI System",
    ].join("\n");
    const result = okResult(parseFdisk(splitLines(text)));
    expect(
      result.disks.map((d) => [
        d.device,
        d.sectorSizeUnknown,
        d.logicalSectorSize,
        d.sizeBytes,
        d.partitions.map((p) => [p.number, p.startSector, p.sizeSectors, p.startByte, p.exact]),
      ]),
    ).toEqual([
      [
        "/dev/sda",
        true,
        null,
        null,
        [
          [1, 2048n, 1024000n, null, false],
          [2, 1026048n, 975745024n, null, false],
        ],
      ],
      ["/dev/nvme0n1", true, null, null, [[1, 2048n, 1048576n, null, false]]],
    ]);
    expect(result.notes.map((n) => n.text).join(" ")).toMatch(/how many bytes a sector has/);
    // One important note per disk: rows left out of the paste would look free.
    expect(result.notes.filter((n) => n.important).map((n) => n.line)).toEqual([1, 3]);
    expect(result.notes.find((n) => n.important)?.text).toMatch(
      /^\/dev\/sda: only partition rows were pasted .* Any row left out of the paste is a partition that looks like free space/,
    );
    // Whole, to the command it asks for: not cut to a note's length.
    expect(result.notes.find((n) => n.important)?.text).toMatch(/paste all of `sudo fdisk -l`\.$/);
  });

  it("takes no rows alone whose numbers disagree, or whose device is not a /dev/ path", () => {
    for (const text of [
      "/dev/sda1  *       2048   1026047   1024001   500M  7 HPFS/NTFS/exFAT",
      "disk.img1       2048   1026047   1024000   500M  7 HPFS/NTFS/exFAT",
    ]) {
      expect(parseFdisk(splitLines(text))).toBeNull();
    }
  });

  it("refuses rows pasted alone when one of a disk's rows cannot be read: it would look free", () => {
    for (const [text, line] of [
      [
        "/dev/sda1  *   2048   1026047   1024001   500M  7 HPFS/NTFS/exFAT\n/dev/sda2   1026048 976771071 975745024 465.3G  7 HPFS/NTFS/exFAT",
        1,
      ],
      [
        "/dev/sda1  2048  1026047  1024000  500M  7 Linux\n/dev/sdb1  2048  99999  1  1M  83 Linux\n/dev/sdb2  100000  199999  100000  49M  83 Linux",
        2,
      ],
    ] as const) {
      const result = parseFdisk(splitLines(text));
      expect(result && !result.ok ? result.error : "").toMatch(
        new RegExp(`^Line ${line} looks like a partition row of /dev/sd[ab], but its numbers`),
      );
    }
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
    // About 1.6 s alone on the two-core test machine, and twice that beside other test files
    // at load 5: the bound is for a pattern that backtracks over the 5 MB line, which takes
    // minutes, not for the machine's load.
    expect(performance.now() - t0).toBeLessThan(8000);
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
    // About 0.7 s alone; a quadratic reading of 50,000 rows takes far longer than this bound.
    expect(performance.now() - t0).toBeLessThan(8000);
  });
});

describe("the CLI", () => {
  // The CLI's main() in this process: src/cli/cli.test.ts runs it through `npm run -s cli` as a
  // user types it; starting npm and tsx again here cost three seconds for the same program.
  it("prints the numbers of a fixture as JSON", async () => {
    const run = await cliInProcess("parse", join(ROOT, "test-fixtures/fdisk/gpt-18tib.fdisk.txt"));
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

  it("never reads a row whose Start, End and Sectors disagree: the listing is refused", () => {
    const bad = ["/dev/sda1  *      2048  206847  204801  100M  7 HPFS/NTFS/exFAT"];
    // With a good row beside it too: a disk is never shown with a row missing.
    for (const lines of [bad, [...bad, rows[1] ?? ""]]) {
      const r = parseFdisk(splitLines([...disk, ...lines].join("\n")));
      expect(r?.ok).toBe(false);
      expect(r?.ok === false && r.error).toMatch(/^Line 5 looks like a partition row.*LC_ALL=C/);
    }
  });

  it("refuses a row that fits neither its known column titles nor the numbers' rule", () => {
    const header = "Device     Boot  Start     End Sectors  Size Id Type";
    const broken = "/dev/sda2       206848 2097151 189O304  923M 83 Linux"; // a letter O for a zero
    const r = parseFdisk(splitLines([...disk, header, rows[0] ?? "", broken].join("\n")));
    expect(r?.ok).toBe(false);
    expect(r?.ok === false && r.error).toMatch(/^Line 7 .*do not fit the column titles/);
  });

  it("is not refused for df's or /proc/swaps' lines pasted after the listing", () => {
    const after = [
      "",
      "$ df",
      "Filesystem     1K-blocks    Used Available Use% Mounted on",
      "/dev/sda2        1030828  123456    854444  13% /",
      "$ cat /proc/swaps",
      "Filename                                Type            Size            Used            Priority",
      "/dev/sda1                               partition       102396          0               -2",
    ];
    const r = okResult(parseFdisk(splitLines([...disk, ...rows, ...after].join("\n"))));
    expect(r.disks[0]?.partitions).toHaveLength(2);
  });

  it("refuses rows under column titles it does not know, instead of an empty disk", () => {
    // Hungarian-like titles: no word of them is known, so no row can be cut into columns.
    const header = "   Eszköz Boot    Kezdet         Vége      Blokkok   Id  Rendszer";
    const blocks = [
      "/dev/sda1   *        2048      206847      102400    7  HPFS/NTFS/exFAT",
      "/dev/sda2          206848     2097151      945152   83  Linux",
    ];
    const r = parseFdisk(splitLines([...disk, header, ...blocks].join("\n")));
    expect(r?.ok).toBe(false);
    expect(r?.ok === false && r.error).toMatch(/^Line 6 looks like a partition row/);
  });

  it("reads nothing headerless without a Disk or Units line", () => {
    const r = parseFdisk(splitLines(rows.join("\n")));
    expect(r === null || !r.ok || r.disks.every((d) => d.partitions.every((p) => !p.exact))).toBe(
      true,
    );
  });
});

describe("fdisk -o without an End column (real fdisk 2.38 output, test-fixtures/fdisk-variants)", () => {
  const read = (name: string) =>
    okResult(
      parseFdisk(
        splitLines(readFileSync(join(ROOT, "test-fixtures/fdisk-variants", name), "latin1")),
      ),
    );

  it("Start and Sectors: every partition exact", () => {
    const disk = read("dos-o-sectors-start.txt").disks[0];
    expect(disk?.partitions.map((p) => [p.number, p.startByte, p.sizeBytes, p.exact])).toEqual([
      [1, 2048n * 512n, 204800n * 512n, true],
      [2, 206848n * 512n, 131072n * 512n, true],
      [3, 337920n * 512n, 186368n * 512n, true],
      [5, 339968n * 512n, 65536n * 512n, true],
      [6, 407552n * 512n, 114688n * 512n, true],
    ]);
  });

  it("Start and a rounded Size only: starts exact, sizes unknown, and a note says why", () => {
    const result = read("dos-o-start-size-rounded.txt");
    expect(
      result.disks[0]?.partitions.map((p) => [p.number, p.startByte, p.sizeBytes, p.exact]),
    ).toEqual([
      [1, 2048n * 512n, null, false],
      [2, 206848n * 512n, null, false],
      [3, 337920n * 512n, null, false],
      [5, 339968n * 512n, null, false],
      [6, 407552n * 512n, null, false],
    ]);
    expect(result.notes.map((n) => n.text).join("\n")).toMatch(/no End or Sectors column/);
  });
});

describe("fdisk -o without a Device column", () => {
  it("is refused, naming the missing column, rather than shown as a disk with no partitions", () => {
    // fdisk 2.38: fdisk -l -o Start,End,Sectors,Type dos.img
    const text = `Disk dos.img: 256 MiB, 268435456 bytes, 524288 sectors
Units: sectors of 1 * 512 = 512 bytes
Sector size (logical/physical): 512 bytes / 512 bytes
I/O size (minimum/optimal): 512 bytes / 512 bytes
Disklabel type: dos
Disk identifier: 0x1a2b3c4d

 Start    End Sectors Type
  2048 206847  204800 HPFS/NTFS/exFAT
206848 337919  131072 Linux
337920 524287  186368 Extended
339968 405503   65536 Linux
407552 522239  114688 Linux swap / Solaris`;
    const result = parseFdisk(splitLines(text));
    expect(result?.ok).toBe(false);
    if (result?.ok === false) expect(result.error).toMatch(/line 8.*Device/is);
  });
});

describe("busybox fdisk on a 4096-byte-sector disk (busybox 1.35, test-fixtures/busybox-fdisk/dos-4k.txt)", () => {
  const text = readFileSync(join(ROOT, "test-fixtures/busybox-fdisk/dos-4k.txt"), "latin1");

  it("its disk line counts 512-byte sectors: no false alarm against the byte count", () => {
    const result = okResult(parseFdisk(splitLines(text)));
    expect(result.disks[0]?.logicalSectorSize).toBe(4096);
    expect(result.notes.map((n) => n.text).join("\n")).not.toMatch(/sectors × 4096/);
  });

  it("without its Units line, the sector size is not guessed from bytes ÷ sectors (512)", () => {
    const trimmed = text
      .split("\n")
      .filter((l) => !l.startsWith("Units:"))
      .join("\n");
    const result = okResult(parseFdisk(splitLines(trimmed)));
    const disk = result.disks[0];
    expect(disk?.logicalSectorSize).toBeNull();
    expect(disk?.partitions.every((p) => !p.exact && p.startByte === null)).toBe(true);
    expect(disk?.partitions[0]?.startSector).toBe(256n);
  });
});

describe("fdisk -x and -o with CHS and Attrs columns after Type (real fdisk 2.38 output)", () => {
  it.each(["dos-x.txt", "dos-o-chs-attrs.txt"])("%s is read by its header", (name) => {
    const text = readFileSync(join(ROOT, "test-fixtures/fdisk-variants", name), "latin1");
    const result = okResult(parseFdisk(splitLines(text)));
    const notes = result.notes.map((n) => n.text).join("\n");
    expect(notes).not.toMatch(/without their header|Start-C\/H\/S/);
    const types = result.disks[0]?.partitions.map((p) => p.type);
    expect(types?.[0]).toMatch(/HPFS\/NTFS\/exFAT$/);
    expect(types?.[4]).toMatch(/Linux swap \/ Solaris$/);
  });
});

describe("an MBR extended partition in an fdisk table without the Id column", () => {
  it.each(["dos-o-sectors-start.txt", "dos-o-start-size-rounded.txt", "dos-o-chs-attrs.txt"])(
    "%s: the partition holding the logical ones is marked extended, not primary",
    (name) => {
      const text = readFileSync(join(ROOT, "test-fixtures/fdisk-variants", name), "latin1");
      const disk = okResult(parseFdisk(splitLines(text))).disks[0];
      expect(disk?.partitions.map((p) => [p.number, p.flags?.[0]])).toEqual([
        [1, "primary"],
        [2, "primary"],
        [3, "extended"],
        [5, "logical"],
        [6, "logical"],
      ]);
    },
  );
});

// util-linux fdisk 2.38 prints its column titles only above partition rows (an empty GPT or
// MBR table shows its disk lines alone): titles with no row under them are a cut paste.
describe("fdisk column titles with no row under them", () => {
  const disk = (name: string, label: string) =>
    [
      `Disk ${name}: 300 MiB, 314572800 bytes, 614400 sectors`,
      "Units: sectors of 1 * 512 = 512 bytes",
      "Sector size (logical/physical): 512 bytes / 512 bytes",
      "I/O size (minimum/optimal): 512 bytes / 512 bytes",
      `Disklabel type: ${label}`,
      "Disk identifier: A69B04C6-7EFE-0A47-BC6C-1FF18D8E42A0",
    ].join("\n");
  const titles = "Device      Start    End Sectors  Size Type";
  const row = (name: string) => `${name}1       2048 206847  204800  100M EFI System`;

  it("alone: refused, the paste was cut there", () => {
    const result = parseListing(`${disk("/dev/sdb", "gpt")}\n\n${titles}`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatch(
      /^Line 8: \/dev\/sdb: fdisk's column titles are here, but no partition row follows them\./,
    );
  });

  it("beside a whole disk: that disk is not shown, the other is", () => {
    const text = `${disk("/dev/sdb", "gpt")}\n\n${titles}\n\n${disk("/dev/sdc", "gpt")}\n\n${titles}\n${row("/dev/sdc")}`;
    const result = parseListing(text);
    if (!result.ok) throw new Error(result.error);
    expect(result.disks.map((d) => d.device)).toEqual(["/dev/sdc"]);
    expect(result.notes.find((n) => n.line === 8)).toMatchObject({ important: true });
  });

  it("an empty table (no titles at all) is an empty disk, as fdisk prints it", () => {
    const result = parseListing(disk("/dev/sdb", "gpt"));
    if (!result.ok) throw new Error(result.error);
    expect(result.disks[0]).toMatchObject({ device: "/dev/sdb", tableType: "gpt", partitions: [] });
  });
});
