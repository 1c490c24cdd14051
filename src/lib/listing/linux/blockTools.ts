/**
 * util-linux `partx --show` and `lsblk`, and Sleuth Kit's `mmls`.
 *
 * - partx: `NR START END SECTORS SIZE NAME UUID`; START, END and SECTORS count 512-byte units
 *   whatever the disk's sector size (measured on a 4096-byte loop device: LBA 256 shows as 2048).
 * - lsblk: START is in 512-byte units too; SIZE is bytes with `-b` (exact), rounded without
 *   (`512M`: inexact). Without a START column there are no positions at all. An extended
 *   partition shows as a 1 KiB device: its real extent is not in the listing.
 * - mmls: `Units are in 512-byte sectors` (or another size it names); Meta and Unallocated
 *   rows are not partitions.
 */
import { vmdkSectors, vmdkSectorsToBytes } from "../../units.ts";
import type { LineParser, ListingDisk, ListingPartition } from "../types.ts";
import {
  cleanLines,
  decimal,
  emptyDisk,
  exactSizeBytes,
  Notes,
  okResult,
  partitionFromSectors,
  sectorSizeFrom,
  tokens,
} from "../text.ts";
import { UUID_PATTERN } from "../../vbox.ts";

const PARTX_HEADER = /^NR\s+START\s+END\s+SECTORS\b/;

export const parsePartx: LineParser = (raw) => {
  const lines = cleanLines(raw);
  if (!lines.some((l) => PARTX_HEADER.test(l.trim()))) return null;
  const notes = new Notes();
  const disks: ListingDisk[] = [];
  let disk: ListingDisk | null = null;
  let header: string[] = [];
  lines.forEach((line, index) => {
    const text = line.trim();
    if (PARTX_HEADER.test(text)) {
      notes.use(index);
      header = tokens(text).map((t) => t.text);
      disk = emptyDisk(null, index + 1);
      disks.push(disk);
      return;
    }
    const current = disk as ListingDisk | null;
    if (!current) return;
    const t = tokens(text).map((x) => x.text);
    const col = (name: string): string | undefined => t[header.indexOf(name)];
    const nr = col("NR");
    const start = decimal(col("START"));
    const end = decimal(col("END"));
    const sectors = decimal(col("SECTORS"));
    if (!/^\d{1,4}$/.test(nr ?? "") || start === null || sectors === null) return;
    if (end !== null && end - start + 1n !== sectors) return;
    notes.use(index);
    const p = partitionFromSectors(
      { number: Number(nr), label: `Partition ${nr}` },
      start,
      sectors,
      512,
    );
    const uuid = t.length > header.indexOf("UUID") ? t[t.length - 1] : undefined;
    if (uuid && UUID_PATTERN.test(uuid)) p.partitionGuid = uuid.toUpperCase();
    current.partitions.push(p);
  });
  if (disks.every((d) => d.partitions.length === 0)) return null;
  notes.add(
    0,
    "partx does not name the disk: enter its device path. Its numbers are 512-byte sectors.",
  );
  return okResult("partx", disks, notes, lines);
};

/** lsblk's tree drawing: `├─`, `└─`, `│ `, or the ASCII `|-`, `` `- ``. */
const TREE = /^(?:[│|]\s*|[├└]─|\|-|`-|\s)+/;

export const parseLsblk: LineParser = (raw) => {
  const lines = cleanLines(raw);
  const headerIndex = lines.findIndex((l) => /^NAME\s+/.test(l.trim()) && /\bSIZE\b/.test(l));
  if (headerIndex === -1) return null;
  const header = tokens(lines[headerIndex] ?? "");
  const names = header.map((h) => h.text);
  if (!names.includes("TYPE") && !names.includes("START")) return null;
  const notes = new Notes();
  notes.use(headerIndex);
  const disks: ListingDisk[] = [];
  let disk: ListingDisk | null = null;
  let sawRounded = false;
  let sawExtended = false;
  for (let index = headerIndex + 1; index < lines.length; index++) {
    const line = lines[index] ?? "";
    if (line.trim() === "") continue;
    const tree = TREE.exec(line)?.[0] ?? "";
    const child = /[├└|`]/.test(tree);
    const cells = cutLsblk(line, header, tree.length);
    if (!cells) continue;
    const name = cells.get("NAME") ?? "";
    const type = cells.get("TYPE");
    const sizeText = cells.get("SIZE") ?? "";
    if (name === "" || sizeText === "") continue;
    notes.use(index);
    const sizeBytes = exactSizeBytes(sizeText);
    const sectorSize = sectorSizeFrom(cells.get("LOG-SEC"));
    if (!child && type !== "part") {
      disk = emptyDisk(name.startsWith("/") ? name : `/dev/${name}`, index + 1);
      disks.push(disk);
      disk.sizeBytes = sizeBytes;
      if (sizeBytes === null) sawRounded = true;
      disk.logicalSectorSize = sectorSize;
      const serial = cells.get("SERIAL");
      const model = cells.get("MODEL");
      if (serial || model)
        disk.identity = { ...(serial ? { serial } : {}), ...(model ? { model } : {}) };
      continue;
    }
    const current = disk as ListingDisk | null;
    if (!current || (type !== undefined && type !== "part")) continue;
    const start = decimal(cells.get("START"));
    let bytes = sizeBytes;
    if (bytes === null) sawRounded = true;
    const number = /(\d+)$/.exec(name);
    const p: ListingPartition = {
      number: number ? Number(number[1]) : null,
      label: name.startsWith("/") ? name : `/dev/${name}`,
      startByte: start === null ? null : vmdkSectorsToBytes(vmdkSectors(start)),
      sizeBytes: bytes,
      exact: false,
    };
    if (bytes !== null && bytes <= 1024n) {
      // The kernel shows an extended partition as a 1 KiB device: not its extent.
      sawExtended = true;
      bytes = null;
      p.sizeBytes = null;
      p.flags = ["extended"];
    }
    p.exact = p.startByte !== null && p.sizeBytes !== null;
    const fs = cells.get("FSTYPE");
    const label = cells.get("PARTLABEL") ?? cells.get("LABEL");
    const mount = cells.get("MOUNTPOINT") ?? cells.get("MOUNTPOINTS");
    if (fs) p.filesystem = fs;
    if (label) p.name = label;
    if (mount) {
      p.mountPoint = mount;
      if (mount === "/" || mount === "/boot" || mount === "/boot/efi") p.isBoot = true;
    }
    current.partitions.push(p);
  }
  if (disks.length === 0) return null;
  if (!names.includes("START")) {
    notes.add(
      headerIndex,
      "lsblk was run without a START column, so the partitions' positions are unknown. Run `lsblk -b -o NAME,START,SIZE,LOG-SEC,TYPE,FSTYPE,PARTLABEL,MOUNTPOINT` for exact numbers.",
    );
  } else if (sawRounded) {
    notes.add(headerIndex, "lsblk printed rounded sizes: run it with -b for sizes in bytes.");
  }
  if (sawExtended) {
    notes.add(
      headerIndex,
      "An extended partition shows in lsblk as a 1 KiB device; its extent is not listed (the logical partitions inside it are).",
    );
  }
  return okResult("lsblk", disks, notes, lines);
};

/** lsblk's columns: NAME left-aligned, numbers right-aligned under their titles, text left. */
function cutLsblk(
  line: string,
  header: { text: string; at: number; end: number }[],
  treeWidth: number,
): Map<string, string> | null {
  const words = tokens(line);
  if (words.length === 0) return null;
  const cells = new Map<string, string>();
  // NAME: the first word after the tree.
  const first = words.find((w) => w.end > treeWidth);
  if (!first) return null;
  cells.set("NAME", line.slice(treeWidth, first.end).trim().replace(TREE, ""));
  for (const w of words) {
    if (w === first || w.end <= first.end) continue;
    // The column whose title overlaps the word, or else the nearest title to its right edge.
    let best: { text: string; at: number; end: number } | undefined;
    let distance = Infinity;
    for (const h of header.slice(1)) {
      const overlap = Math.min(h.end, w.end) - Math.max(h.at, w.at);
      const d = overlap > 0 ? -overlap : Math.min(Math.abs(h.end - w.end), Math.abs(h.at - w.at));
      if (d < distance) {
        distance = d;
        best = h;
      }
    }
    if (!best) continue;
    const prev = cells.get(best.text);
    cells.set(best.text, prev ? `${prev} ${w.text}` : w.text);
  }
  return cells;
}

const MMLS_UNITS = /^Units are in (\d+)-byte sectors$/;
// The description is empty for a GPT partition without a name (mmls prints nothing there).
const MMLS_ROW = /^(\d{3}):\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+)(?:\s+(.*))?$/;

export const parseMmls: LineParser = (raw) => {
  const lines = cleanLines(raw);
  const unitsIndex = lines.findIndex((l) => MMLS_UNITS.test(l.trim()));
  if (
    unitsIndex === -1 ||
    !lines.some((l) => /^\s*Slot\s+Start\s+End\s+Length\s+Description/.test(l))
  ) {
    return null;
  }
  const notes = new Notes();
  const disks: ListingDisk[] = [];
  let disk: ListingDisk | null = null;
  let sectorSize: number | null = null;
  lines.forEach((line, index) => {
    const text = line.trim();
    if (/Partition Table|^Offset Sector:|^\s*Slot\s+Start/.test(text) && !MMLS_ROW.test(text)) {
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
      if (disk) disk.logicalSectorSize = sectorSize;
      return;
    }
    const row = MMLS_ROW.exec(text);
    if (!row) return;
    notes.use(index);
    const slot = row[2] ?? "";
    if (!/^\d+(?::\d+)?$/.test(slot)) return; // Meta, ------- (unallocated)
    const current = disk ?? (disk = emptyDisk(null, index + 1));
    if (!disks.includes(current)) disks.push(current);
    const start = decimal(row[3]);
    const length = decimal(row[5]);
    const description = (row[6] ?? "").trim();
    const base = { number: Number(row[1]), label: description || `Slot ${row[1]}` };
    const p = partitionFromSectors(base, start, length, sectorSize);
    if (description) p.type = description;
    current.partitions.push(p);
  });
  if (disks.length === 0) return null;
  notes.add(0, "mmls does not name the disk: enter its device path.");
  return okResult("mmls", disks, notes, lines);
};
