/**
 * `sfdisk -l` of util-linux 2.25 and older (before sfdisk was rewritten on libfdisk; the new
 * one prints fdisk's listing, read by fdisk/). Its own shape, from the old sfdisk.c:
 *
 *   Disk /dev/sda: 9729 cylinders, 255 heads, 63 sectors/track
 *   Units = cylinders of 8225280 bytes, blocks of 1024 bytes, counting from 0
 *
 *      Device Boot Start     End   #cyls    #blocks   Id  System
 *   /dev/sda1   *      0+     12-     13-    104391   83  Linux
 *   /dev/sda2         13    9728    9716   78043770   8e  Linux LVM
 *   /dev/sda3          0       -       0          0    0  Empty
 *
 * `-uS` counts sectors (`Units = sectors of 512 bytes, counting from 0`, columns `Start End
 * #sectors`), `-uB` 1 KiB blocks, `-uM` MiB (`Start End MiB #blocks`); `-1` counts from 1.
 * A start rounded down to its unit is marked `+`, an end or a count rounded up `-`: a number
 * without its mark is exact. #blocks is the size in 1 KiB blocks, `+` for one more 512-byte
 * sector, so the size is always exact. Old sfdisk counts 512-byte sectors whatever the disk's
 * sector size. The disk line gives whole cylinders only: the disk's size is not in the listing.
 */
import type { LineParser, ListingDisk, ListingPartition } from "../types.ts";
import {
  cleanLines,
  decimal,
  emptyDisk,
  type GptBehindMbr,
  Notes,
  okResult,
  tokens,
  gptListingCommand,
  withoutGptBehindMbr,
} from "../text.ts";

// English, and the German catalogue of the same versions (`Festplatte /dev/sda: 9729 Zylinder,
// 255 Köpfe, 63 Sektoren/Spur`, `Einheit = Zylinder von 8225280 Bytes, Blöcke von 1024 Bytes,
// Zählung beginnt bei 0`, `Gerät  boot. Anfang   Ende  #Zyl.    #Blöcke   Id  System`). The
// unit's size is read from its bytes, never from its word.
const DISK =
  /^(?:Disk|Festplatte)\s+(\S+):\s+\d+\s+(?:cylinders|Zylinder),\s+\d+\s+(?:heads|Köpfe),\s+\d+\s+(?:sectors\/track|Sektoren\/Spur)$/;
const UNITS =
  /^(?:Units|Einheit)\s+=\s+(\S+)\s+(?:of|von)\s+(\d+)\s+Bytes(?:,\s+(?:blocks|Blöcke)\s+(?:of|von)\s+1024\s+Bytes)?,\s+(?:counting\s+from|Zählung\s+beginnt\s+bei)\s+(\d+)$/i;
const HEADER =
  /^(?:Device\s+Boot|Gerät\s+boot\.)\s+(?:Start\s+End|Anfang\s+Ende)\s+(?:#cyls\s+#blocks|#Zyl\.\s+#Blöcke|#sectors|#Sektoren|#blocks|#Blöcke|MiB\s+#blocks|MiB\s+#Blöcke)\s+Id\s+System$/;
/** The column titles in English. */
const TITLE: Readonly<Record<string, string>> = {
  Anfang: "Start",
  Ende: "End",
  "#Zyl.": "#cyls",
  "#Blöcke": "#blocks",
  "#Sektoren": "#sectors",
};
/** Old sfdisk's Id for an extended partition (DOS, Windows LBA, Linux). */
const EXTENDED_IDS = new Set(["5", "f", "85"]);

/** A number as old sfdisk prints it: digits with an optional rounding mark. */
const MARKED = /^(\d{1,20})([+-]?)$/;

interface Unit {
  /** 512-byte sectors per unit. */
  sectors: bigint;
  /** What the listing counts from (0, or 1 with `-1`). */
  from: bigint;
  line: number;
}

interface Columns {
  /** Titles after `Boot`, e.g. `Start End #cyls #blocks Id System`. */
  titles: string[];
}

export const parseSfdiskOldList: LineParser = (raw) => {
  const lines = cleanLines(raw);
  if (!lines.some((l) => UNITS.test(l.trim()))) return null;
  const notes = new Notes();
  const disks: ListingDisk[] = [];
  const behindMbr: GptBehindMbr[] = [];
  let disk: ListingDisk | null = null;
  let unit: Unit | null = null;
  let columns: Columns | null = null;
  const open = (device: string | null, index: number): ListingDisk => {
    const d = emptyDisk(device, index + 1);
    d.logicalSectorSize = 512;
    d.tableType = null;
    disks.push(d);
    return d;
  };
  lines.forEach((line, index) => {
    const text = line.trim();
    const diskLine = DISK.exec(text);
    if (diskLine) {
      notes.use(index);
      disk = open(diskLine[1] ?? null, index);
      unit = null;
      columns = null;
      return;
    }
    const units = UNITS.exec(text);
    if (units) {
      notes.use(index);
      const bytes = decimal(units[2]) ?? 0n;
      unit = null;
      if (bytes > 0n && bytes % 512n === 0n) {
        unit = { sectors: bytes / 512n, from: decimal(units[3]) ?? 0n, line: index + 1 };
      } else {
        notes.add(index, `${text} — not a whole number of 512-byte sectors; not read.`);
      }
      disk ??= open(null, index);
      return;
    }
    if (HEADER.test(text)) {
      notes.use(index);
      columns = {
        titles: tokens(text)
          .slice(2, -2)
          .map((t) => TITLE[t.text] ?? t.text),
      };
      return;
    }
    const current = disk as ListingDisk | null;
    const currentUnit = unit as Unit | null;
    const currentColumns = columns as Columns | null;
    if (!current || !currentUnit || !currentColumns) return;
    const row = readRow(text, currentColumns, currentUnit);
    if (row === null) return;
    notes.use(index);
    if (row === "empty") {
      notes.add(index, `${tokens(text)[0]?.text ?? "This entry"}: an empty slot, not a partition.`);
      return;
    }
    // A protective (or hybrid) MBR's `ee` entry: the disk is GPT.
    if (current.tableType !== "gpt") current.tableType = row.id === "ee" ? "gpt" : "dos";
    if (row.id === "ee") {
      if (!behindMbr.some((b) => b.disk === current))
        behindMbr.push({ disk: current, line: index + 1 });
      return;
    }
    for (const problem of row.problems) notes.add(index, `${row.partition.label}: ${problem}`);
    current.partitions.push(row.partition);
  });
  if (disks.length === 0) return null;
  for (const d of disks) {
    if (d.device === null) d.device = parentDevice(d.partitions);
    if (d.partitions.length > 0 && d.partitions.some((p) => p.startByte === null)) {
      notes.add(
        (d.line ?? 1) - 1,
        `${d.device ?? "This disk"}: sfdisk rounded some starts down to whole units (marked +), so they are not exact. Run \`sudo sfdisk -l -uS\` (or \`sudo fdisk -lu\`) for sectors.`,
      );
    }
  }
  notes.add(
    0,
    "This is sfdisk from util-linux 2.25 or older: it counts 512-byte sectors whatever the disk's, and gives the disk's size only in whole cylinders. On a disk with 4096-byte sectors its numbers are wrong: run `sudo fdisk -l` there.",
  );
  // A GPT disk old sfdisk saw only through its MBR: its partitions are not all here.
  return withoutGptBehindMbr(
    okResult("sfdisk-list", disks, notes, lines),
    behindMbr,
    gptListingCommand,
  );
};

interface ReadRow {
  partition: ListingPartition;
  id: string;
  problems: string[];
}

/**
 * One row in 512-byte sectors: Start (exact unless marked `+`; with 1 KiB blocks `+` is one
 * sector more), the size from #sectors or #blocks, and End and the rounded counts checked
 * against them. "empty" for an unused slot; null when the line is not a row.
 */
function readRow(text: string, { titles }: Columns, unit: Unit): ReadRow | "empty" | null {
  const words = tokens(text).map((t) => t.text);
  const device = words[0] ?? "";
  if (!/^\/dev\/\S*\d$|^\S+\d$/.test(device)) return null;
  let i = 1;
  let boot = false;
  if (words[i] === "*" || words[i] === "?") boot = words[i++] === "*";
  const cells = new Map<string, string>();
  for (const title of titles) {
    const word = words[i++];
    if (word === undefined) return null;
    cells.set(title, word);
  }
  const id = (words[i++] ?? "").toLowerCase();
  if (!/^[0-9a-f]{1,2}$/.test(id)) return null;
  const system = words.slice(i).join(" ");

  const size = sizeSectors(cells);
  if (size === null) return null;
  if (size === 0n) return "empty";
  const start = MARKED.exec(cells.get("Start") ?? "");
  if (!start || start[2] === "-") return null;
  const startValue = (decimal(start[1]) ?? 0n) - unit.from;
  let startSector: bigint | null = startValue * unit.sectors;
  if (start[2] === "+") startSector = unit.sectors === 2n ? startSector + 1n : null;

  const number = /(\d{1,6})$/.exec(device);
  const partition: ListingPartition = {
    number: number ? Number(number[1]) : null,
    label: device,
    startByte: startSector === null ? null : startSector * 512n,
    sizeBytes: size * 512n,
    exact: startSector !== null,
    type: system === "" ? id : `${id} ${system}`,
  };
  const flags: string[] = [];
  if (EXTENDED_IDS.has(id)) flags.push("extended");
  else flags.push(partition.number !== null && partition.number >= 5 ? "logical" : "primary");
  if (boot) flags.push("boot");
  partition.flags = flags;

  const problems: string[] = [];
  if (startSector !== null) {
    const last = startSector + size - 1n;
    const end = cells.get("End") ?? "";
    const expected = `${unit.from + last / unit.sectors}${(last + 1n) % unit.sectors === 0n ? "" : "-"}`;
    if (end !== expected) {
      problems.push(`Start and size give End ${expected}, but the listing says ${end}; not exact.`);
      partition.exact = false;
    }
  }
  const rounded = cells.get("#cyls") ?? cells.get("MiB");
  if (rounded !== undefined) {
    const expected = `${(size + unit.sectors - 1n) / unit.sectors}${size % unit.sectors === 0n ? "" : "-"}`;
    if (rounded !== expected) {
      problems.push(
        `its size is ${size} sectors, ${expected} units, but the listing says ${rounded}; not exact.`,
      );
      partition.exact = false;
    }
  }
  return { partition, id, problems };
}

/** The size in 512-byte sectors: #sectors, or #blocks (1 KiB, `+` one sector more). */
function sizeSectors(cells: Map<string, string>): bigint | null {
  const sectors = cells.get("#sectors");
  if (sectors !== undefined) return /^\d{1,20}$/.test(sectors) ? decimal(sectors) : null;
  const blocks = MARKED.exec(cells.get("#blocks") ?? "");
  if (!blocks || blocks[2] === "-") return null;
  return (decimal(blocks[1]) ?? 0n) * 2n + (blocks[2] === "+" ? 1n : 0n);
}

/** `/dev/sda` from rows `/dev/sda1`, `/dev/sda2` (a paste without its `Disk …:` line). */
function parentDevice(partitions: readonly ListingPartition[]): string | null {
  const parents = new Set(partitions.map((p) => /^(\/dev\/\S*?\D)p?\d+$/.exec(p.label)?.[1]));
  const [parent] = [...parents];
  if (parents.size !== 1 || parent === undefined) return null;
  // `/dev/nvme0n1p` (from nvme0n1p1): the `p` belongs to the partition's name.
  return /\d$/.test(parent.replace(/p$/, "")) ? parent.replace(/p$/, "") : parent;
}
