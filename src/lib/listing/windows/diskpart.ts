/**
 * diskpart's `list disk`, `list partition` and `detail partition`, with the `DISKPART>` prompts
 * and `select disk N` lines that say which disk a table belongs to. `list partition` rounds both
 * Size and Offset (`465 GB`, `1024 KB`): nothing there is exact. `detail partition` prints
 * `Offset in Bytes: 122683392`, exact, for the selected partition; its size stays rounded.
 * Partition numbers are diskpart's own, 1-based (docs/listings.md); an extended partition is
 * listed as `Partition 0`, and logical ones are numbered on from the primary ones.
 *
 * diskpart speaks the language of Windows: its titles, row words, types, units and messages are
 * translated (German `Datenträger ###`, `Primär`, `Offset in Byte:`; French `N° partition` with
 * sizes as `100 M`), while the commands stay English. So tables are told apart by their dashes
 * (`list disk` has six columns, `list partition` four, `list volume` eight), not by their words.
 */
import type { LineParser, ListingDisk, ListingPartition } from "../types.ts";
import {
  cleanLines,
  decimal,
  emptyDisk,
  Notes,
  okResult,
  tokens,
  type Token,
  withoutDisks,
} from "../text.ts";
import { physicalDrive } from "./numbers.ts";

const PROMPT = /^DISKPART>\s*(.*)$/i;
const SELECT_DISK = /^(?:sel(?:ect)?)\s+disk\s*=?\s*(\d{1,3})$/i;
const SELECT_PARTITION = /^(?:sel(?:ect)?)\s+part(?:ition)?\s*=?\s*(\d{1,4})$/i;
/** diskpart's answer to `select disk`: English, German, French. */
const SELECTED_DISK = [
  /^Disk (\d{1,3}) is now the selected disk\.?$/i,
  /^Datenträger (\d{1,3}) ist jetzt der gewählte Datenträger\.?$/i,
  /^Le disque (\d{1,3}) est maintenant le disque sélectionné\.?$/i,
];
/** diskpart's answer to `select partition`: English, German. */
const SELECTED_PARTITION = [
  /^Partition (\d{1,4}) is now the selected partition\.?$/i,
  /^Partition (\d{1,4}) ist jetzt die gewählte Partition\.?$/i,
];
/** `detail partition`'s exact offset: English `Offset in Bytes:`, German `Offset in Byte:`. */
const OFFSET_IN_BYTES = /^Offset in Bytes?\s*:\s*(\d+)$/i;
/** `detail disk`'s `Disk ID:`: a GPT disk's GUID in braces, or an MBR disk's signature. */
const DISK_ID = /^Disk ID\s*:\s*(\{[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\}|[0-9a-f]{8})$/i;
/** `detail disk`'s `Boot Disk  : Yes`: Windows runs from this disk. */
const BOOT_DISK = /^Boot Disk\s*:\s*(Yes|No)$/i;
/** `detail partition`'s other lines (English, German), read or known. */
const DETAIL_TYPE = /^(?:Type|Typ)\s*:\s*(\S+)$/i;
const DETAIL_OTHER = /^(?:Hidden|Required|Attrib|Active|Versteckt|Aktiv)\s*:/i;
/**
 * A rounded size as the tables print it: a number and a unit, `465 GB`, `0 B`, `20KB`, French
 * `100 M` and `476 G octets`. Never exact, so only recognised.
 */
const SIZE = String.raw`\d+(?:[.,]\d+)?\s*(?:[KMGTP]?B|[KMGTP](?:\s?octets)?|octets)`;
const PARTITION_ROW = new RegExp(
  String.raw`^\*?\s*\S+\s+(\d{1,4})\s+(.*?)\s+(${SIZE})\s+(${SIZE})\s*$`,
  "i",
);
const DISK_ROW = new RegExp(
  String.raw`^\*?\s*\S+\s+(\d{1,3})\s+(\S.*?)\s+(${SIZE})\s+(${SIZE})(.*)$`,
  "i",
);
/** A table's title line: its first title numbers the rows (`Disk ###`, `N° partition`). */
const TITLE = /###|N[°º]\s/;
const DASHES = /^-+(\s+-+)+$/;
/** The types of an extended and a logical partition, English and German. */
const EXTENDED = /^(?:Extended|Erweitert)$/i;
const LOGICAL = /^(?:Logical|Logisch)$/i;

/** diskpart's `list partition` of a disk without partitions (English). */
const NO_PARTITIONS = /^There are no partitions on this disk to show\.?$/i;

type TableKind = "disk" | "partition" | "volume" | "other";

/** The next line after `i` that is not blank, trimmed (a copy may double every line break). */
function nextText(lines: readonly string[], i: number): string {
  for (let j = i + 1; j < lines.length && j <= i + 2; j++) {
    const t = (lines[j] ?? "").trim();
    if (t !== "") return t;
  }
  return "";
}

/** What a table is, by how many columns its dashes draw. */
function tableKind(dashes: readonly Token[]): TableKind {
  if (dashes.length === 6) return "disk";
  if (dashes.length === 4) return "partition";
  if (dashes.length === 8) return "volume";
  return "other";
}

export const parseDiskpart: LineParser = (raw) => {
  const lines = cleanLines(raw);
  // A title line with `###` (or French `N°`) over a line of dashes, or `detail partition`'s offset.
  const hasTable = lines.some(
    (l, i) => TITLE.test(l) && DASHES.test(nextText(lines, i)) && /\S\s+\S/.test(l),
  );
  const hasDetail = lines.some((l) => OFFSET_IN_BYTES.test(l.trim()));
  if (!hasTable && !hasDetail) return null;
  const notes = new Notes();
  const disks = new Map<number, ListingDisk>();
  const order: ListingDisk[] = [];
  /** The disks (by number; null: none selected) a `list partition` was run for. */
  const partitionsListed = new Set<number | null>();
  let selectedDisk: number | null = null;
  let selectedPartition: number | null = null;
  let detailFor: number | null = null;
  /** The table being read and its dash runs; "other" outside a table. */
  let table: TableKind = "other";
  let runs: Token[] = [];
  const diskFor = (n: number | null, index: number): ListingDisk => {
    const key = n ?? -1;
    let d = disks.get(key);
    if (!d) {
      d = emptyDisk(n === null ? null : physicalDrive(n), index + 1);
      if (n !== null) d.diskNumber = n;
      disks.set(key, d);
      order.push(d);
    }
    return d;
  };
  const first = (patterns: readonly RegExp[], text: string) =>
    patterns.map((p) => p.exec(text)).find((m) => m !== null) ?? null;
  lines.forEach((line, index) => {
    let text = line.trim();
    // A blank line does not end a table: a copy may have doubled every line break.
    if (text === "") return;
    const prompt = PROMPT.exec(text);
    if (prompt) {
      notes.use(index);
      table = "other";
      // A new command: what follows is no longer the last `detail partition`'s.
      detailFor = null;
      text = (prompt[1] ?? "").trim();
    }
    const sd = SELECT_DISK.exec(text) ?? first(SELECTED_DISK, text);
    if (sd) {
      notes.use(index);
      selectedDisk = Number(sd[1]);
      return;
    }
    const sp = SELECT_PARTITION.exec(text) ?? first(SELECTED_PARTITION, text);
    if (sp) {
      notes.use(index);
      selectedPartition = Number(sp[1]);
      return;
    }
    if (prompt) return;
    if (TITLE.test(text) && DASHES.test(nextText(lines, index))) {
      notes.use(index);
      return;
    }
    if (DASHES.test(text)) {
      notes.use(index);
      runs = tokens(line);
      table = tableKind(runs);
      if (table === "partition") partitionsListed.add(selectedDisk);
      return;
    }
    if (NO_PARTITIONS.test(text)) {
      notes.use(index);
      partitionsListed.add(selectedDisk);
      return;
    }
    if (table === "partition") {
      const pr = PARTITION_ROW.exec(text);
      if (pr) {
        notes.use(index);
        const number = Number(pr[1]);
        const d = diskFor(selectedDisk, index);
        const p: ListingPartition = {
          number,
          label: `Partition ${number}`,
          startByte: null,
          sizeBytes: null,
          exact: false,
          type: (pr[2] ?? "").trim(),
        };
        if (EXTENDED.test(p.type ?? "")) p.flags = ["extended"];
        if (LOGICAL.test(p.type ?? "")) p.flags = ["logical"];
        d.partitions.push(p);
        return;
      }
    }
    if (table === "disk") {
      const dr = DISK_ROW.exec(text);
      if (dr) {
        notes.use(index);
        const d = diskFor(Number(dr[1]), index);
        // The star under `Gpt` (the last column), not one under `Dyn` (a dynamic disk). Values
        // wider than their column (French `476 G octets`) push the rest of the row right: the
        // stars are placed by how far the Free value ends past its dashes.
        const free = runs[3];
        const dyn = runs[4];
        const gpt = runs[5];
        const rest = dr[5] ?? "";
        if (free && dyn && gpt) {
          const restAt = line.length - line.trimStart().length + text.length - rest.length;
          const shift = Math.max(0, restAt - free.end);
          for (const star of rest.matchAll(/\*/g)) {
            const at = restAt + star.index - shift;
            if (at >= gpt.at - 1 && at <= gpt.end) d.tableType = "gpt";
            else if (at >= dyn.at - 1 && at <= dyn.end) {
              notes.add(
                index,
                `Disk ${dr[1]} is a dynamic disk (the * under Dyn): its volumes are kept by Windows' Logical Disk Manager, not in plain partitions.`,
              );
            }
          }
        }
        return;
      }
    }
    // A line that is no volume row ends the table (`Partition 2` of the next `detail partition`).
    if (table === "volume" && volumeRow(line, index)) return;
    if (/^Partition\s+\d+$/.test(text)) {
      notes.use(index);
      detailFor = Number(text.split(/\s+/)[1]);
      return;
    }
    const offset = OFFSET_IN_BYTES.exec(text);
    if (offset) {
      notes.use(index);
      const number = detailFor ?? selectedPartition;
      const d = diskFor(selectedDisk, index);
      let p = d.partitions.find((x) => x.number === number);
      if (!p) {
        p = {
          number,
          label: `Partition ${number ?? "?"}`,
          startByte: null,
          sizeBytes: null,
          exact: false,
        };
        d.partitions.push(p);
      }
      p.startByte = decimal(offset[1]);
      return;
    }
    // `detail disk`: its Disk ID (GPT disk GUID or MBR signature) and whether Windows boots
    // from it; its volume list is the whole disk's, no partition's.
    const diskId = DISK_ID.exec(text);
    if (diskId) {
      detailFor = null;
      if (selectedDisk === null) return;
      notes.use(index);
      const d = diskFor(selectedDisk, index);
      const id = diskId[1] ?? "";
      d.identity = {
        ...d.identity,
        ...(id.startsWith("{")
          ? { diskGuid: id.slice(1, -1).toUpperCase() }
          : { mbrSignature: id.toLowerCase() }),
      };
      return;
    }
    const bootDisk = BOOT_DISK.exec(text);
    if (bootDisk && selectedDisk !== null && detailFor === null) {
      notes.use(index);
      diskFor(selectedDisk, index).isBoot = /^Yes$/i.test(bootDisk[1] ?? "");
      return;
    }
    const type = DETAIL_TYPE.exec(text);
    if (type && detailFor !== null) {
      notes.use(index);
      const d = diskFor(selectedDisk, index);
      const p = d.partitions.find((x) => x.number === detailFor);
      if (p && !p.type) p.type = type[1] ?? "";
      return;
    }
    if (DETAIL_OTHER.test(text) && detailFor !== null) notes.use(index);
  });

  /**
   * A `list volume` row under `detail partition`: the drive letter, the file system, and Boot or
   * System from the Info column only (a volume labelled "System" is not the system volume).
   */
  function volumeRow(line: string, index: number): boolean {
    const words = tokens(line).map((t) => t.text);
    if (!(words[0] === "*" ? words[1] === "Volume" : words[0] === "Volume")) return false;
    notes.use(index);
    // Only under `detail partition` is a volume row one partition's; `list volume` names none.
    if (detailFor === null) return true;
    const p = disks.get(selectedDisk ?? -1)?.partitions.find((x) => x.number === detailFor);
    if (!p) return true;
    const cell = (r: number) => {
      const run = runs[r];
      const next = runs[r + 1];
      return run ? line.slice(run.at, next ? next.at : undefined).trim() : "";
    };
    const letter = cell(1);
    if (/^[A-Z]$/.test(letter)) p.mountPoint = `${letter}:`;
    const fs = cell(3);
    if (/^(NTFS|FAT32|FAT|exFAT|ReFS|RAW|CDFS|UDF)$/i.test(fs)) p.filesystem = fs;
    const info = cell(7);
    if (/\bBoot\b/.test(info)) p.isBoot = true;
    if (/\bSystem\b/.test(info)) p.isSystem = true;
    return true;
  }

  if (order.length === 0) return null;
  const unnamed = disks.get(-1);
  if (unnamed) {
    notes.add(
      (unnamed.line ?? 1) - 1,
      "The listing does not say which disk these partitions are on (no `select disk N` before `list partition`): enter the disk's path (\\\\.\\PhysicalDriveN).",
    );
  }
  notes.add(
    0,
    "diskpart rounds partition sizes (and `list partition` rounds offsets too): nothing here is exact. In PowerShell, paste `Get-Partition | Format-List DiskNumber,PartitionNumber,Offset,Size,Type` and `Get-Disk | Format-List Number,LogicalSectorSize,Size` for exact numbers.",
  );
  // A disk `list disk` names whose partitions no `list partition` shows would look empty, and
  // empty looks free: it is not shown.
  const unlisted = order.filter(
    (d) => d.partitions.length === 0 && !partitionsListed.has(d.diskNumber ?? null),
  );
  return withoutDisks(
    okResult("diskpart", order, notes, lines),
    unlisted.map((d) => ({
      disk: d,
      line: d.line ?? 1,
      why: `${d.device ?? "a disk"}: \`list disk\` names it, but no \`list partition\` of it is in the paste, so what is on it is unknown. Paste \`select disk ${d.diskNumber ?? "N"}\` and \`list partition\` for it too.`,
    })),
  );
};
