/**
 * GNU parted's `print`, human (`parted /dev/sda unit s print`, `parted -l`) and machine (`-m`):
 * values carry their unit. `2048s` (sectors) and `1048576B` (bytes) are exact; the default
 * units (`1049kB`, `30.0GB`, `512MiB`, `%`) are rounded, never taken as exact
 * (docs/listings.md). `print free` rows and interactive prompts become notes.
 *
 *   Disk /dev/sda: 2097152s                          /dev/sda:2097152s:scsi:512:4096:gpt:Model:;
 *   Sector size (logical/physical): 512B/4096B        1:2048s:1050623s:1048576s:fat32:EFI:boot, esp;
 *   Partition Table: gpt
 *   Number  Start   End       Size      File system  Name  Flags
 *    1      2048s   1050623s  1048576s  fat32        EFI   boot, esp
 */
import type { LineParser, ListingDisk, ListingPartition } from "../types.ts";
import {
  cleanLines,
  decimal,
  emptyDisk,
  Notes,
  okResult,
  sectorSizeFrom,
  tokens,
} from "../text.ts";

const VALUE = /^\d+(?:[.,]\d+)?(?:s|B|kB|MB|GB|TB|PB|[kK]iB|MiB|GiB|TiB|PiB|%|cyl)$/;

/** A parted value in bytes when exact: sectors × the logical size, or bytes; null otherwise. */
export function partedBytes(text: string, sectorSize: number | null): bigint | null {
  const t = text.trim();
  const sectors = /^(\d+)s$/.exec(t);
  if (sectors) {
    const n = decimal(sectors[1]);
    return n === null || sectorSize === null ? null : n * BigInt(sectorSize);
  }
  const bytes = /^(\d+)B$/.exec(t);
  return bytes ? decimal(bytes[1]) : null;
}

/** Whether a value is rounded (a default unit), so the user should ask for `unit s`. */
const rounded = (t: string): boolean => VALUE.test(t) && !/^\d+[sB]$/.test(t);

function partition(
  number: number,
  device: string | null,
  start: string,
  end: string,
  size: string,
  sectorSize: number | null,
): ListingPartition {
  const startByte = partedBytes(start, sectorSize);
  let sizeBytes = partedBytes(size, sectorSize);
  // The size column of `unit B` equals end − start + 1; check it against the ends.
  const endByte = partedBytes(end, sectorSize);
  if (startByte !== null && endByte !== null) {
    const unit = /s$/.test(end.trim()) ? BigInt(sectorSize ?? 1) : 1n;
    const fromEnds = endByte + unit - startByte;
    if (sizeBytes === null) sizeBytes = fromEnds;
    else if (sizeBytes !== fromEnds) sizeBytes = null;
  }
  return {
    number,
    label: device ? `${device}${/\d$/.test(device) ? "p" : ""}${number}` : `Partition ${number}`,
    startByte,
    sizeBytes,
    exact: startByte !== null && sizeBytes !== null,
  };
}

const MODEL = /^Model:\s*(.*)$/;
const DISK = /^Disk\s+(\S+):\s+(\S+)$/;
const SECTOR_SIZES = /^Sector size \(logical\/physical\):\s*(\d+)B\/(\d+)B$/;
const TABLE = /^Partition Table:\s*(\S+)$/;

/** The human `print`. */
export const parseParted: LineParser = (raw) => {
  const lines = cleanLines(raw);
  if (!lines.some((l) => TABLE.test(l.trim()) || SECTOR_SIZES.test(l.trim()))) return null;
  const notes = new Notes();
  const disks: ListingDisk[] = [];
  let disk: ListingDisk | null = null;
  let header: { title: string; at: number }[] | null = null;
  let sawRounded = false;
  let modelLine: number | null = null;
  const open = (index: number): ListingDisk => {
    disk = emptyDisk(null, index + 1);
    disks.push(disk);
    header = null;
    return disk;
  };
  lines.forEach((line, index) => {
    const text = line.trim();
    if (MODEL.test(text)) {
      notes.use(index);
      const d = open(index);
      const model = MODEL.exec(text)?.[1]?.trim() ?? "";
      if (model !== "" && model !== "(file)")
        d.identity = { model: model.replace(/\s*\([^)]*\)$/, "") };
      modelLine = index;
      return;
    }
    const diskMatch = DISK.exec(text);
    if (diskMatch && !text.startsWith("Disk Flags")) {
      notes.use(index);
      const d: ListingDisk = disk && modelLine === index - 1 ? disk : open(index);
      modelLine = null;
      d.device = diskMatch[1] ?? null;
      d.sizeBytes = null;
      (d as ListingDisk & { sizeText?: string }).sizeText = diskMatch[2] ?? "";
      return;
    }
    modelLine = null;
    const sizes = SECTOR_SIZES.exec(text);
    if (sizes) {
      notes.use(index);
      const d = disk ?? open(index);
      d.logicalSectorSize = sectorSizeFrom(sizes[1]);
      d.physicalSectorSize = sectorSizeFrom(sizes[2]);
      const sizeText = (d as ListingDisk & { sizeText?: string }).sizeText;
      if (sizeText !== undefined) d.sizeBytes = partedBytes(sizeText, d.logicalSectorSize);
      return;
    }
    const table = TABLE.exec(text);
    if (table) {
      notes.use(index);
      const d = disk ?? open(index);
      const label = table[1];
      d.tableType = label === "gpt" ? "gpt" : label === "msdos" ? "dos" : null;
      return;
    }
    if (/^Disk Flags:/.test(text)) {
      notes.use(index);
      return;
    }
    if (/^Number\s+Start\s+End\b/.test(text)) {
      notes.use(index);
      header = tokensOfHeader(line);
      return;
    }
    const d = disk as ListingDisk | null;
    if (!header || !d) return;
    const cells = cutByHeader(line, header);
    const number = cells.get("Number");
    const start = cells.get("Start") ?? "";
    const end = cells.get("End") ?? "";
    const size = cells.get("Size") ?? "";
    if (!VALUE.test(start) || !VALUE.test(end)) return;
    notes.use(index);
    if (number === undefined || !/^\d{1,4}$/.test(number)) {
      if (/Free Space/i.test(line))
        notes.add(index, `Free space ${start} to ${end}: not a partition.`);
      return;
    }
    if (rounded(start) || rounded(size)) sawRounded = true;
    const p = partition(Number(number), d.device, start, end, size, d.logicalSectorSize);
    const type = cells.get("Type");
    const fs = cells.get("File system");
    const name = cells.get("Name");
    const flags = cells.get("Flags");
    if (fs) p.filesystem = fs;
    if (name) p.name = name;
    if (type) p.type = type;
    const flagList = flags ? flags.split(/,\s*/).filter((f) => f !== "") : [];
    if (type === "extended") flagList.push("extended");
    if (type === "logical") flagList.push("logical");
    if (flagList.length > 0) p.flags = flagList;
    // An extended container is listed with its whole extent: keep it, marked, like fdisk does.
    d.partitions.push(p);
  });
  if (disks.length === 0 || disks.every((d) => d.partitions.length === 0 && d.device === null)) {
    return null;
  }
  if (sawRounded) {
    notes.add(
      0,
      "parted printed rounded sizes (its default unit): they are not exact. Run `parted /dev/sdX unit s print` (or `unit B print`) for exact numbers.",
    );
  }
  for (const d of disks) delete (d as ListingDisk & { sizeText?: string }).sizeText;
  return okResult("parted", disks, notes, lines);
};

function tokensOfHeader(line: string): { title: string; at: number }[] {
  const out: { title: string; at: number }[] = [];
  for (const t of tokens(line)) {
    const last = out[out.length - 1];
    // "File system" is one title of two words.
    if (t.text === "system" && last?.title === "File") last.title = "File system";
    else out.push({ title: t.text, at: t.at });
  }
  return out;
}

/**
 * parted aligns every column's values with its title's first character: cut there. When the
 * blanks were collapsed (a web page), fall back to the tokens in header order for the numbers.
 */
function cutByHeader(line: string, header: { title: string; at: number }[]): Map<string, string> {
  const cells = new Map<string, string>();
  header.forEach((column, i) => {
    const next = header[i + 1];
    const cell = line.slice(column.at, next ? next.at : undefined).trim();
    if (cell !== "") cells.set(column.title, cell);
  });
  const start = cells.get("Start") ?? "";
  const end = cells.get("End") ?? "";
  if (VALUE.test(start) && VALUE.test(end) && line[(header[1]?.at ?? 1) - 1] === " ") return cells;
  // Collapsed: Number? Start End Size, then free text.
  const words = tokens(line).map((t) => t.text);
  const out = new Map<string, string>();
  let i = 0;
  if (/^\d{1,4}$/.test(words[0] ?? "")) out.set("Number", words[i++] ?? "");
  for (const title of ["Start", "End", "Size"]) {
    const w = words[i];
    if (w === undefined || !VALUE.test(w)) return out;
    out.set(title, w);
    i++;
  }
  return out;
}

const MACHINE_DISK = /^(\/[^:]*|[^:]+):([^:]+):([^:]*):(\d+):(\d+):([^:]*):(.*);$/;
const MACHINE_PART = /^(\d{1,4}):([^:]+):([^:]+):([^:]+):(.*);$/;

/** The machine-readable `parted -m … print`. */
export const parsePartedMachine: LineParser = (raw) => {
  const lines = cleanLines(raw);
  const first = lines.findIndex((l) => /^(BYT|CHS|CYL);$/.test(l.trim()));
  if (first === -1) return null;
  const notes = new Notes();
  const disks: ListingDisk[] = [];
  let disk: ListingDisk | null = null;
  let sawRounded = false;
  lines.forEach((line, index) => {
    const text = line.trim();
    if (/^(BYT|CHS|CYL);$/.test(text)) {
      notes.use(index);
      return;
    }
    const d = MACHINE_DISK.exec(text);
    if (d && !MACHINE_PART.test(text)) {
      notes.use(index);
      disk = emptyDisk(d[1] ?? null, index + 1);
      disks.push(disk);
      disk.logicalSectorSize = sectorSizeFrom(d[4]);
      disk.physicalSectorSize = sectorSizeFrom(d[5]);
      disk.sizeBytes = partedBytes(d[2] ?? "", disk.logicalSectorSize);
      const label = d[6];
      disk.tableType = label === "gpt" ? "gpt" : label === "msdos" ? "dos" : null;
      const model = (d[7] ?? "").replace(/:[^:]*$/, "").trim();
      if (model !== "") disk.identity = { model };
      return;
    }
    const p = MACHINE_PART.exec(text);
    const current = disk as ListingDisk | null;
    if (!p || !current) return;
    notes.use(index);
    const rest = (p[5] ?? "").split(":");
    if (rest[0] === "free") {
      notes.add(index, `Free space ${p[2]} to ${p[3]}: not a partition.`);
      return;
    }
    const [start, end, size] = [p[2] ?? "", p[3] ?? "", p[4] ?? ""];
    if (rounded(start) || rounded(size)) sawRounded = true;
    const part = partition(
      Number(p[1]),
      current.device,
      start,
      end,
      size,
      current.logicalSectorSize,
    );
    const [fs, name, flags] = [rest[0] ?? "", rest[1] ?? "", rest.slice(2).join(":")];
    if (fs !== "") part.filesystem = fs;
    if (name !== "") part.name = name;
    const flagList = flags.split(/,\s*/).filter((f) => f !== "");
    if (flagList.length > 0) part.flags = flagList;
    current.partitions.push(part);
  });
  if (disks.length === 0) return null;
  if (sawRounded) {
    notes.add(
      first,
      "parted printed rounded sizes (its default unit): they are not exact. Run `parted -m /dev/sdX unit s print` for exact numbers.",
    );
  }
  return okResult("parted-machine", disks, notes, lines);
};
