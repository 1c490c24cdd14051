/**
 * parted's human `print` in other languages: real listings made with parted's own catalogues
 * (test-fixtures/parted/localized-*, refused-*; scripts/make-tool-fixtures.sh) read as their
 * English twins of the same images are read, flags in English; languages it does not know are
 * refused with a message.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseListing } from "../index.ts";
import type { ListingDisk, ListingResult } from "../types.ts";
import { FIXTURES_ROOT } from "../toolFixtures.testkit.ts";
import { FLAG_TRANSLATIONS, inEnglish, TYPE_TRANSLATIONS } from "./partedWords.ts";
import { collapseBlanks } from "../degrade.testkit.ts";

const DIR = join(FIXTURES_ROOT, "parted");
const read = (name: string): ListingResult =>
  parseListing(new Uint8Array(readFileSync(join(DIR, name))));
const disks = (name: string): ListingDisk[] => {
  const result = read(name);
  if (!result.ok) throw new Error(`${name}: ${result.error}`);
  expect(result.format).toBe("parted");
  return result.disks;
};
/** What a disk says, its device and line aside. */
const facts = (d: ListingDisk | undefined) => ({
  sectorSize: d?.logicalSectorSize,
  physical: d?.physicalSectorSize,
  sizeBytes: d?.sizeBytes,
  table: d?.tableType,
  partitions: d?.partitions.map((p) => ({ ...p, label: undefined })),
});

const localized = (kind: "unit-s" | "default"): string[] =>
  readdirSync(DIR).filter((f) => new RegExp(`^localized-.*-${kind}\\.txt$`).test(f));

describe("parted in other languages", () => {
  it("has real listings in 14 languages", () => {
    expect(localized("unit-s")).toHaveLength(14);
    expect(
      readdirSync(join(FIXTURES_ROOT, "parted-machine")).filter((f) =>
        /^localized-.*\.txt$/.test(f),
      ),
    ).toHaveLength(14);
    expect(localized("default")).toHaveLength(14);
  });

  // gpt.img (boot+esp, msftres, msftdata) then dos.img (boot, extended, logicals, swap).
  it.each(localized("unit-s"))("%s reads as the English unit s listings", (file) => {
    const [gpt, dos] = disks(file);
    expect(facts(gpt)).toEqual(facts(disks("gpt-unit-s.txt")[0]));
    expect(facts(dos)).toEqual(facts(disks("dos-free.txt")[0]));
    expect(gpt?.partitions[0]?.flags).toEqual(["boot", "esp"]);
    expect(dos?.partitions.at(-1)?.flags).toEqual(["swap", "logical"]);
    expect(dos?.partitions.every((p) => p.exact)).toBe(true);
    const { notes } = read(file);
    expect(notes.filter((n) => /^Free space/.test(n.text))).toHaveLength(2);
    expect(notes.filter((n) => /^Not read/.test(n.text))).toEqual([]);
  });

  it.each(localized("default"))("%s reads as the English default listings: rounded", (file) => {
    const [gpt, dos] = disks(file);
    expect(facts(gpt)).toEqual(facts(disks("gpt-default.txt")[0]));
    expect(facts(dos)).toEqual(facts(disks("dos-default.txt")[0]));
    expect([gpt, dos].flatMap((d) => d?.partitions ?? []).some((p) => p.exact)).toBe(false);
    const result = read(file);
    expect(result.ok && result.notes.some((n) => /rounded sizes/.test(n.text))).toBe(true);
  });

  // `-m` translates only the flags (and the default units' decimal separator).
  it.each(
    readdirSync(join(FIXTURES_ROOT, "parted-machine")).filter((f) => /^localized-.*\.txt$/.test(f)),
  )("parted-machine/%s reads as the English -m listings, flags in English", (file) => {
    const machine = (name: string): ListingDisk[] => {
      const result = parseListing(
        new Uint8Array(readFileSync(join(FIXTURES_ROOT, "parted-machine", name))),
      );
      if (!result.ok) throw new Error(`${name}: ${result.error}`);
      expect(result.format).toBe("parted-machine");
      return result.disks;
    };
    const [gpt, dos] = machine(file);
    expect(facts(gpt)).toEqual(facts(machine("gpt-unit-s.txt")[0]));
    expect(facts(dos)).toEqual(facts(machine("dos-unit-s.txt")[0]));
    expect(gpt?.partitions[0]?.flags).toEqual(["boot", "esp"]);
    expect(dos?.partitions.at(-1)?.flags).toEqual(["swap"]);
  });

  it("reads a translated flag back in English, and leaves others as printed", () => {
    expect(inEnglish(FLAG_TRANSLATIONS, "arranque")).toBe("boot");
    expect(inEnglish(FLAG_TRANSLATIONS, "подкачка")).toBe("swap");
    expect(inEnglish(FLAG_TRANSLATIONS, "交換分割區")).toBe("swap");
    expect(inEnglish(FLAG_TRANSLATIONS, "arranque_legacy")).toBe("legacy_boot");
    expect(inEnglish(FLAG_TRANSLATIONS, "esp")).toBe("esp");
    expect(inEnglish(TYPE_TRANSLATIONS, "erweitert")).toBe("extended");
    // No translation is another flag's English name.
    const translations = Object.values(FLAG_TRANSLATIONS).flat();
    for (const english of Object.keys(FLAG_TRANSLATIONS)) {
      expect(translations).not.toContain(english);
    }
    expect(new Set(translations).size).toBe(translations.length);
  });

  it("reads the flags of a Spanish row by its header's columns", () => {
    const listing = [
      "Disco /dev/sda: 2097152s",
      "Tamaño de sector (lógico/físico): 512B/4096B",
      "Tabla de particiones: gpt",
      "",
      "Número  Inicio  Fin       Tamaño    Sistema de ficheros  Nombre  Banderas",
      " 1      2048s   1050623s  1048576s  fat32                EFI     arranque, esp",
    ].join("\n");
    const result = parseListing(listing);
    if (!result.ok) throw new Error(result.error);
    const [p] = result.disks[0]?.partitions ?? [];
    expect(p).toMatchObject({
      startByte: 1048576n,
      sizeBytes: 536870912n,
      exact: true,
      filesystem: "fat32",
      name: "EFI",
      flags: ["boot", "esp"],
    });
    expect(result.disks[0]?.physicalSectorSize).toBe(4096);
  });

  it("refuses Galician (its column titles are unknown) and Hungarian, saying where", () => {
    const gl = read("refused-gl-unit-s.txt");
    expect(gl.ok).toBe(false);
    if (!gl.ok) expect(gl.error).toMatch(/^Line 8 .*no column titles this reader knows.*LC_ALL=C/);
    const hu = read("refused-hu-unit-s.txt");
    expect(hu.ok).toBe(false);
    if (!hu.ok) expect(hu.error).toMatch(/^Line 3 .*`Sector size` line in a language.*LC_ALL=C/);
  });
});

describe("rows whose blanks a copy collapsed", () => {
  const collapse = (name: string) => collapseBlanks(readFileSync(join(DIR, name), "utf8"));

  it("keep the numbers, the msdos type and the flags, and say that the rest is not read", () => {
    const result = parseListing(collapse("dos-unit-s.txt"));
    if (!result.ok) throw new Error(result.error);
    const parts = result.disks[0]?.partitions ?? [];
    expect(parts.map((p) => [p.number, p.startByte, p.type, p.flags])).toEqual([
      [1, 2048n * 512n, "primary", ["boot"]],
      [2, 206848n * 512n, "primary", undefined],
      [3, 337920n * 512n, "extended", ["extended"]],
      [5, 339968n * 512n, "logical", ["logical"]],
      [6, 407552n * 512n, "logical", ["swap", "logical"]],
    ]);
    expect(parts.every((p) => p.filesystem === undefined && p.name === undefined)).toBe(true);
    expect(result.notes.map((n) => n.text).join("\n")).toMatch(
      /5 rows have single blanks between columns .*file systems and names are not/,
    );
  });

  it("take a comma-separated run of flag words at the row's end, and nothing before it", () => {
    const result = parseListing(collapse("gpt-unit-s.txt"));
    if (!result.ok) throw new Error(result.error);
    const parts = result.disks[0]?.partitions ?? [];
    // Names "EFI system partition", "Microsoft reserved partition", "root", "data".
    expect(parts.map((p) => p.flags)).toEqual([
      ["boot", "esp"],
      ["msftres"],
      // A name that is also a flag word, last in its row, is taken as a flag: the safe side.
      ["root"],
      ["msftdata"],
    ]);
  });

  it("read translated flags back in English", () => {
    const result = parseListing(collapse("localized-es-unit-s.txt"));
    if (!result.ok) throw new Error(result.error);
    const flags = result.disks.flatMap((d) => d.partitions.map((p) => p.flags ?? []));
    expect(flags.flat()).toEqual(expect.arrayContaining(["boot", "esp", "msftres", "swap"]));
    expect(flags.flat()).not.toContain("arranque");
  });
});

// `parted -l` lists an LVM volume or a disk formatted whole as `Partition Table: loop`, with a
// partition 1 from sector 0 that does not exist (parted 3.5's output on a file system image).
describe("parted's `loop` label: a file system on the whole device", () => {
  const human = `Model: Linux device-mapper (linear) (dm)
Disk /dev/mapper/vg0-root: 41943040s
Sector size (logical/physical): 512B/512B
Partition Table: loop
Disk Flags: 

Number  Start  End        Size       File system  Flags
 1      0s     41943039s  41943040s  ext4

Model: ATA QEMU HARDDISK (scsi)
Disk /dev/sda: 83886080s
Sector size (logical/physical): 512B/512B
Partition Table: msdos
Disk Flags: 

Number  Start  End        Size       Type     File system  Flags
 1      2048s  83886079s  83884032s  primary               lvm
`;
  const machine = `BYT;
/dev/mapper/vg0-root:41943040s:dm:512:512:loop:Linux device-mapper (linear):;
1:0s:41943039s:41943040s:ext4::;
`;

  const why =
    "/dev/mapper/vg0-root has no partition table (parted says `loop`): one ext4 file system fills the whole device, so none of it is free. (parted lists it as a partition 1, but there is no such partition.)";

  it("print: the device is not shown (never as free space), with an important note", () => {
    const result = parseListing(human);
    if (!result.ok) throw new Error(result.error);
    expect(result.format).toBe("parted");
    expect(result.disks.map((d) => d.device)).toEqual(["/dev/sda"]);
    expect(result.notes).toContainEqual({ line: 1, important: true, text: `Not shown: ${why}` });
  });

  it("-m print of that device alone: refused, saying why", () => {
    const result = parseListing(machine);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBe(`Line 2: ${why}`);
  });

  it("the other disks of the listing are read as before", () => {
    const result = parseListing(human);
    if (!result.ok) throw new Error(result.error);
    expect(result.disks[0]?.partitions.map((p) => [p.startByte, p.sizeBytes, p.exact])).toEqual([
      [2048n * 512n, 83884032n * 512n, true],
    ]);
  });
});

// `unit chs` prints cylinder,head,sector triples and no Size (parted 3.5, an msdos image); its
// rows were not read at all, so the disk looked empty. They are read, never exact.
describe("parted unit chs", () => {
  const human = `Model: ATA QEMU HARDDISK (scsi)
Disk /dev/sdb: 12,190,49
Sector size (logical/physical): 512B/512B
BIOS cylinder,head,sector geometry: 12,255,63.  Each cylinder is 8225kB.
Partition Table: msdos
Disk Flags: 

Number  Start     End       Type      File system  Flags
 1      0,32,32   2,172,41  primary                boot, lba
 2      2,172,42  8,229,60  extended
 5      2,205,11  4,20,15   logical
`;
  const machine = `CHS;
/dev/sdb:12,190,49:scsi:512:512:msdos:ATA QEMU HARDDISK:;
12:255:63:8225kB;
1:0,32,32:2,172,41:::boot, lba;
2:2,172,42:8,229,60:::;
5:2,205,11:4,20,15:::;
`;
  it.each([
    ["print", human],
    ["-m print", machine],
  ])("%s: every partition, none exact, flags kept, the geometry line known", (_, text) => {
    const result = parseListing(text);
    if (!result.ok) throw new Error(result.error);
    const parts = result.disks[0]?.partitions ?? [];
    expect(parts.map((p) => [p.number, p.startByte, p.sizeBytes, p.exact])).toEqual([
      [1, null, null, false],
      [2, null, null, false],
      [5, null, null, false],
    ]);
    expect(parts[0]?.flags).toEqual(["boot", "lba"]);
    expect(parts[0]?.name).toBeUndefined();
    expect(result.notes.map((n) => n.text)).toEqual([
      expect.stringContaining("rounded") as unknown,
    ]);
  });
});
