/**
 * util-linux `partx --show` and Sleuth Kit's `mmls` (`lsblk` has a file of its own: lsblk.ts).
 *
 * - partx: `NR START END SECTORS SIZE NAME UUID`; START, END and SECTORS count 512-byte units
 *   whatever the disk's sector size (measured on a 4096-byte loop device: LBA 256 shows as 2048).
 * - mmls: `Units are in 512-byte sectors` (or another size it names); Meta and Unallocated
 *   rows are not partitions.
 */
import type { LineParser, ListingDisk } from "../types.ts";
import {
  cleanLines,
  decimal,
  emptyDisk,
  Notes,
  okResult,
  partitionFromSectors,
  sectorSizeFrom,
  tokens,
} from "../text.ts";
import { UUID_PATTERN } from "../../vbox.ts";

/** partx's titles: `--show` (`-s`), `-r` and any `-o` list, NR and START first among them. */
const PARTX_HEADER = /^NR\s+(?:[A-Z-]+\s+)*START\b/;
/** `partx -l` (the old list): `# 1:      2048-    43007 (    40960 sectors,     20 MB)`. */
const PARTX_LIST = /^#\s*(\d{1,4}):\s*(\d+)-\s*(\d+)\s+\(\s*(\d+)\s+sectors,\s+\d+\s+MB\)$/;
/** `partx -P`: `NR="1" START="2048" END="43007" SECTORS="40960" …`. */
const PARTX_PAIRS = /^NR="\d+"\s/;
const PAIR = /([A-Z][A-Z-]*)="([^"]*)"/g;
/** MBR types partx prints (`0x5`) that hold logical partitions. */
const EXTENDED_TYPES = /^0x(?:5|f|85)$/i;

export const parsePartx: LineParser = (raw) => {
  const lines = cleanLines(raw);
  const shows = (l: string): boolean => {
    const t = l.trim();
    return (
      (PARTX_HEADER.test(t) && /\b(?:END|SECTORS)\b/.test(t)) ||
      PARTX_LIST.test(t) ||
      PARTX_PAIRS.test(t)
    );
  };
  if (!lines.some(shows)) return null;
  const notes = new Notes();
  const disks: ListingDisk[] = [];
  let disk: ListingDisk | null = null;
  let header: string[] = [];
  const open = (index: number): ListingDisk => {
    disk = emptyDisk(null, index + 1);
    disks.push(disk);
    return disk;
  };
  /** One partition from its cells by title; false when they do not make one. */
  const add = (cells: ReadonlyMap<string, string>, index: number): boolean => {
    const nr = cells.get("NR");
    const start = decimal(cells.get("START"));
    const end = decimal(cells.get("END"));
    const given = decimal(cells.get("SECTORS"));
    if (!/^\d{1,4}$/.test(nr ?? "") || start === null) return false;
    // A column the row has that is not a number (`100M` under SECTORS) means the cells do not
    // line up with the titles (a word inserted into the title line): no number of it is sure.
    if ((cells.has("END") && end === null) || (cells.has("SECTORS") && given === null)) {
      return false;
    }
    if (end !== null && given !== null && end - start + 1n !== given) return false;
    const sectors = given ?? (end !== null && end >= start ? end - start + 1n : null);
    if (sectors === null) return false;
    const current = disk ?? open(index);
    const p = partitionFromSectors(
      { number: Number(nr), label: `Partition ${nr}` },
      start,
      sectors,
      512,
    );
    const uuid = cells.get("UUID");
    if (uuid && UUID_PATTERN.test(uuid)) p.partitionGuid = uuid.toUpperCase();
    const type = cells.get("TYPE");
    if (type) {
      p.type = type;
      if (EXTENDED_TYPES.test(type)) p.flags = ["extended"];
    }
    const name = cells.get("NAME");
    if (name) p.name = name;
    current.partitions.push(p);
    return true;
  };
  lines.forEach((line, index) => {
    const text = line.trim();
    if (PARTX_HEADER.test(text)) {
      notes.use(index);
      header = tokens(text).map((t) => t.text);
      open(index);
      return;
    }
    const listed = PARTX_LIST.exec(text);
    if (listed) {
      const cells = new Map([
        ["NR", listed[1] ?? ""],
        ["START", listed[2] ?? ""],
        ["END", listed[3] ?? ""],
        ["SECTORS", listed[4] ?? ""],
      ]);
      if (add(cells, index)) notes.use(index);
      return;
    }
    if (PARTX_PAIRS.test(text)) {
      const cells = new Map([...text.matchAll(PAIR)].map((m) => [m[1] ?? "", m[2] ?? ""]));
      if (add(cells, index)) notes.use(index);
      return;
    }
    if (header.length === 0) return;
    // Columns by title up to NAME: a name may be empty or hold blanks, so the cells after it
    // do not line up; a UUID is known by its shape, last on the row.
    const words = tokens(text).map((x) => x.text);
    const nameAt = header.indexOf("NAME");
    const aligned = nameAt === -1 ? header : header.slice(0, nameAt);
    const cells = new Map(aligned.map((title, i) => [title, words[i] ?? ""]));
    const last = words[words.length - 1];
    if (header.includes("UUID") && last !== undefined && UUID_PATTERN.test(last)) {
      cells.set("UUID", last);
    }
    if (add(cells, index)) notes.use(index);
  });
  if (disks.every((d) => d.partitions.length === 0)) return null;
  notes.add(
    0,
    "partx does not name the disk: enter its device path. Its numbers are 512-byte sectors.",
  );
  return okResult("partx", disks, notes, lines);
};

const MMLS_UNITS = /^Units are in (\d+)-byte sectors$/;
/** `mmls -B` adds a rounded Size column (`0020M`, `0512B`) before the description. */
const MMLS_HEADER = /^\s*Slot\s+Start\s+End\s+Length\s+(?:Size\s+)?Description/;
const MMLS_SIZE = /^\d+[BKMGTPE]\s*/;
// The description is empty for a GPT partition without a name (mmls prints nothing there).
const MMLS_ROW = /^(\d{3}):\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+)(?:\s+(.*))?$/;

/**
 * Where mmls's rows show a disk of 4096-byte sectors although its units line says 512: mmls
 * (Sleuth Kit 4.11, measured on a 4096-byte loop device) prints "Units are in 512-byte
 * sectors" and then counts the disk's own 4096-byte sectors, so every number read as 512-byte
 * sectors would be eight times too small. Two shapes give it away: GPT's entry array as a Meta
 * row of 4 sectors (128 entries of 128 bytes fill 4 sectors of 4096 bytes, 32 of 512), and a
 * first partition at sector 256 after unallocated space from 0 (1 MiB alignment counted in
 * 4096-byte sectors). Returns the reason, or null.
 */
function mmlsLooksLike4k(lines: readonly string[]): string | null {
  let firstStart: bigint | null = null;
  for (const line of lines) {
    const row = MMLS_ROW.exec(line.trim());
    if (!row) continue;
    const [slot, start, length, rest] = [row[2] ?? "", row[3] ?? "", row[5] ?? "", row[6] ?? ""];
    if (slot === "Meta" && /Partition Table\s*$/.test(rest) && BigInt(length) === 4n) {
      return "its GPT entry array takes 4 sectors, which is 32 sectors of 512 bytes";
    }
    if (/^\d+(?::\d+)?$/.test(slot) && firstStart === null) firstStart = BigInt(start);
  }
  if (firstStart === 256n) {
    return "its first partition starts at sector 256, where 1 MiB alignment puts it on a disk of 4096-byte sectors";
  }
  return null;
}

export const parseMmls: LineParser = (raw) => {
  const lines = cleanLines(raw);
  const unitsIndex = lines.findIndex((l) => MMLS_UNITS.test(l.trim()));
  if (unitsIndex === -1 || !lines.some((l) => MMLS_HEADER.test(l))) {
    return null;
  }
  const looks4k = mmlsLooksLike4k(lines);
  const notes = new Notes();
  const disks: ListingDisk[] = [];
  let disk: ListingDisk | null = null;
  let sectorSize: number | null = null;
  let withSize = false;
  lines.forEach((line, index) => {
    const text = line.trim();
    if (MMLS_HEADER.test(text)) {
      notes.use(index);
      withSize = /\sSize\s/.test(text);
      return;
    }
    if (/Partition Table|^Offset Sector:/.test(text) && !MMLS_ROW.test(text)) {
      notes.use(index);
      if (/Partition Table/.test(text)) {
        disk = emptyDisk(null, index + 1);
        disk.tableType = /GUID|EFI/.test(text) ? "gpt" : /DOS/.test(text) ? "dos" : null;
        disks.push(disk);
      }
      return;
    }
    const units = MMLS_UNITS.exec(text);
    if (units) {
      notes.use(index);
      sectorSize = sectorSizeFrom(units[1]);
      if (sectorSize === 512 && looks4k) {
        // Not 512 after all, and not surely 4096: the user says (the page asks).
        sectorSize = null;
        notes.add(
          index,
          `mmls says "Units are in 512-byte sectors", but ${looks4k}: mmls counts a 4096-byte-sector disk's own sectors under that same line, and read as 512-byte sectors every number here would be eight times too small. The sector size is left for you to give: check it on the machine (blockdev --getss /dev/sdX, or fdisk -l).`,
          true,
        );
      } else if (sectorSize === 512) {
        notes.add(
          index,
          'mmls prints "Units are in 512-byte sectors" for every disk, also for one of 4096-byte sectors, where its numbers count 4096-byte sectors: if this disk has 4096-byte sectors (blockdev --getss /dev/sdX), these numbers are eight times too small.',
        );
      }
      if (disk) disk.logicalSectorSize = sectorSize;
      return;
    }
    const row = MMLS_ROW.exec(text);
    if (!row) return;
    notes.use(index);
    const slot = row[2] ?? "";
    const description = (withSize ? (row[6] ?? "").replace(MMLS_SIZE, "") : (row[6] ?? "")).trim();
    if (slot === "Meta" && EXTENDED_META.test(description) && disk !== null) {
      addExtended(disk, decimal(row[3]), decimal(row[5]), description, sectorSize);
      return;
    }
    if (!/^\d+(?::\d+)?$/.test(slot)) return; // Meta, ------- (unallocated)
    const current = disk ?? (disk = emptyDisk(null, index + 1));
    if (!disks.includes(current)) disks.push(current);
    const start = decimal(row[3]);
    const length = decimal(row[5]);
    const base = {
      number: partitionNumber(slot, current.tableType) ?? Number(row[1]),
      label: description || `Slot ${row[1]}`,
    };
    const p = partitionFromSectors(base, start, length, sectorSize);
    if (description) p.type = description;
    current.partitions.push(p);
  });
  if (disks.length === 0) return null;
  notes.add(0, "mmls does not name the disk: enter its device path.");
  return okResult("mmls", disks, notes, lines);
};

/** An MBR extended partition, which mmls lists as a Meta row (`DOS Extended (0x05)`). */
const EXTENDED_META = /\bExtended\b.*\(0x(?:05|0f|85)\)$/i;

/**
 * The outermost extended row is the extended partition of the primary table: kept, flagged,
 * so the boot records between its logical partitions are never taken for free space. The
 * rows inside it are links between those boot records, not partitions. mmls does not say
 * which primary slot holds it, so it has no number.
 */
function addExtended(
  disk: ListingDisk,
  start: bigint | null,
  length: bigint | null,
  description: string,
  sectorSize: number | null,
): void {
  if (start === null || length === null) return;
  const inside = disk.partitions.some((p) => {
    if (!p.flags?.includes("extended")) return false;
    const from =
      p.startSector ??
      (p.startByte !== null && sectorSize ? p.startByte / BigInt(sectorSize) : null);
    const count =
      p.sizeSectors ??
      (p.sizeBytes !== null && sectorSize ? p.sizeBytes / BigInt(sectorSize) : null);
    return from !== null && count !== null && start >= from && start + length <= from + count;
  });
  if (inside) return;
  const p = partitionFromSectors({ number: null, label: description }, start, length, sectorSize);
  p.type = description;
  p.flags = ["extended"];
  disk.partitions.push(p);
}

/**
 * The partition number Linux gives an mmls slot (mmls's first column only counts its rows):
 * GPT entry `003` is partition 4; DOS `000:002` (primary table, slot 2) is partition 3, and
 * `00N:000` (the Nth extended boot record's partition) is logical partition 4 + N. Null for
 * other tables.
 */
function partitionNumber(slot: string, table: ListingDisk["tableType"]): number | null {
  const [a, b] = slot.split(":").map(Number);
  if (a === undefined) return null;
  if (table === "gpt" && b === undefined) return a + 1;
  if (table === "dos" && b !== undefined) return a === 0 ? b + 1 : b === 0 ? 4 + a : null;
  return null;
}
