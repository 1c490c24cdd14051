/**
 * sfdisk's own formats: the dump (`sfdisk -d` / `--dump`, the script sfdisk reads back) and
 * JSON (`sfdisk -J` / `--json`). Both count in the disk's logical sectors; newer versions name
 * the sector size (`sector-size: 4096`, `"sectorsize": 4096`). Without it the size is unknown,
 * not surely 512: the numbers are kept as sectors until the user says (docs/listings.md).
 *
 *   label: gpt
 *   device: /dev/sda
 *   unit: sectors
 *   sector-size: 512
 *   /dev/sda1 : start=2048, size=1048576, type=C12A…, uuid=…, name="EFI system partition"
 */
import type { LineParser, ListingDisk, ListingPartition } from "../types.ts";
import {
  cleanLines,
  decimal,
  diskOfPartition,
  emptyDisk,
  linesAloneNote,
  Notes,
  okResult,
  partitionFromSectors,
  sectorSizeFrom,
} from "../text.ts";

const HEADER_KEY =
  /^(label|label-id|device|unit|first-lba|last-lba|sector-size|grain|table-length):\s*(.*)$/;
const PARTITION_LINE = /^(\S+)\s*:\s*(.*)$/;
/** util-linux 2.25 and older begin each dump with this comment, and have no `label:` line. */
const OLD_DUMP_TITLE = /^# partition table of (\S+)$/;

/** `start=2048, size=…, type=83, name="a, b", bootable` → fields (quoted values may hold commas). */
function fields(text: string): Map<string, string> {
  const out = new Map<string, string>();
  // Keys are lower case, but for old dumps' `Id=83`.
  for (const m of text.matchAll(/([A-Za-z-]+)(?:\s*=\s*("(?:[^"\\]|\\.)*"|[^,]*))?\s*(?:,|$)/g)) {
    const key = m[1];
    if (!key) continue;
    const raw = (m[2] ?? "").trim();
    out.set(key, raw.startsWith('"') ? raw.slice(1, -1) : raw);
  }
  return out;
}

export const parseSfdiskDump: LineParser = (raw) => {
  const lines = cleanLines(raw);
  const notes = new Notes();
  const disks: ListingDisk[] = [];
  let disk: ListingDisk | null = null;
  let sawUnit = false;
  let partitionsSeen = 0;
  /** A header line or an old dump's title was seen: the rows belong to the disk it opened. */
  let sawHeader = false;
  /** Rows pasted alone (no header at all): each disk named after its rows' devices. */
  const byName = new Map<string, ListingDisk>();
  const open = (index: number): ListingDisk => {
    const d = emptyDisk(null, index + 1);
    disks.push(d);
    return d;
  };
  lines.forEach((line, index) => {
    const text = line.trim();
    const oldTitle = OLD_DUMP_TITLE.exec(text);
    if (oldTitle) {
      sawHeader = true;
      notes.use(index);
      disk = open(index);
      disk.device = oldTitle[1] ?? null;
      return;
    }
    const header = HEADER_KEY.exec(text);
    if (header) {
      sawHeader = true;
      const key = header[1];
      const value = (header[2] ?? "").trim();
      if (key === "label") {
        // A new dump starts with its label line.
        disk = open(index);
        disk.tableType = value === "gpt" ? "gpt" : value === "dos" ? "dos" : null;
      }
      disk ??= open(index);
      notes.use(index);
      if (key === "device") disk.device = value;
      else if (key === "unit") {
        sawUnit = true;
        if (value !== "sectors") notes.add(index, `The unit "${value}" is not sectors.`);
      } else if (key === "sector-size") disk.logicalSectorSize = sectorSizeFrom(value);
      else if (key === "label-id") {
        const id = value.replace(/^0x/i, "");
        disk.identity = /^[0-9a-f]{8}$/i.test(id)
          ? { mbrSignature: id.toLowerCase() }
          : { diskGuid: value.toUpperCase() };
      }
      return;
    }
    const m = PARTITION_LINE.exec(text);
    if (!m || !/\bstart\s*=/.test(m[2] ?? "")) return;
    const f = fields(m[2] ?? "");
    const start = decimal(f.get("start"));
    const size = decimal(f.get("size"));
    if (start === null || size === null) return;
    const own = sawHeader ? null : diskOfPartition(m[1] ?? "");
    if (own?.startsWith("/dev/")) {
      // No header above: the sector size, the disk and its label are not said.
      let named = byName.get(own);
      if (!named) {
        named = open(index);
        named.device = own;
        byName.set(own, named);
      }
      disk = named;
    } else {
      disk ??= open(index);
    }
    notes.use(index);
    partitionsSeen++;
    if (size === 0n) {
      notes.add(index, `${m[1]}: an empty slot (size=0), not a partition.`);
      return;
    }
    const device = m[1] ?? "";
    const number = /(\d+)$/.exec(device);
    const type = f.get("type") ?? f.get("Id");
    // Only MBR entries have an Id (old dumps have no `label:` line).
    if (f.has("Id") && disk.tableType === undefined) disk.tableType = "dos";
    const base: Omit<ListingPartition, "startByte" | "sizeBytes" | "exact"> = {
      number: number ? Number(number[1]) : null,
      label: device,
    };
    if (type) base.type = type;
    const name = f.get("name");
    if (name) base.name = name;
    if (f.has("bootable")) base.flags = ["boot"];
    const uuid = f.get("uuid");
    if (uuid && disk.tableType === "gpt") base.partitionGuid = uuid.toUpperCase();
    if (/^0?[5f]$|^85$/i.test(type ?? "")) base.flags = [...(base.flags ?? []), "extended"];
    disk.partitions.push(partitionFromSectors(base, start, size, disk.logicalSectorSize));
  });
  // Only rows, every one of them on a /dev/ disk it names (any other opened a disk of its own).
  const rowsAlone = !sawHeader && byName.size > 0 && disks.length === byName.size;
  if ((!sawUnit && !rowsAlone) || partitionsSeen === 0 || disks.length === 0) return null;
  if (rowsAlone) {
    for (const d of disks) {
      // A GPT dump's types are GUIDs, an MBR dump's short hex numbers.
      const types = d.partitions.map((p) => p.type ?? "");
      if (types.length > 0 && types.every((t) => /^[0-9a-f]{8}-/i.test(t))) d.tableType = "gpt";
      else if (types.length > 0 && types.every((t) => /^(?:0x)?[0-9a-f]{1,2}$/i.test(t)))
        d.tableType = "dos";
      notes.add(
        (d.line ?? 1) - 1,
        linesAloneNote(d.device, "sfdisk -d's partition lines", "line", "sudo sfdisk -d /dev/sdX"),
        true,
      );
    }
  }
  for (const d of disks) {
    if (d.logicalSectorSize === null && d.partitions.length > 0) {
      notes.add(
        (d.line ?? 1) - 1,
        `${d.device ?? "This disk"}: the dump does not say its sector size (older sfdisk omits "sector-size:"): the numbers are sectors of unknown size until you say 512 or 4096 (CLI: --sector-size).`,
      );
    }
  }
  return okResult("sfdisk-dump", disks, notes, lines);
};

/** JSON numbers past 2^53 lose digits in JSON.parse: quote every long integer first. */
export function quoteBigIntegers(text: string): string {
  return text.replace(/([:[,]\s*)(\d{16,})(?=\s*[,}\]])/g, '$1"$2"');
}

const asBig = (v: unknown): bigint | null =>
  typeof v === "number" && Number.isSafeInteger(v) && v >= 0
    ? BigInt(v)
    : typeof v === "string"
      ? decimal(v)
      : null;

export const parseSfdiskJson: LineParser = (raw) => {
  const lines = cleanLines(raw);
  const first = lines.findIndex((l) => l.trim().startsWith("{"));
  if (first === -1) return null;
  const text = lines.slice(first).join("\n");
  if (!/"partitiontable"\s*:/.test(text)) return null;
  const notes = new Notes();
  const disks: ListingDisk[] = [];
  // Several outputs may be pasted one after another: read object after object.
  let rest = text;
  let offsetLine = first;
  while (rest.trim() !== "") {
    const end = findObjectEnd(rest);
    if (end === -1) break;
    const chunk = rest.slice(0, end + 1);
    let value: unknown;
    try {
      value = JSON.parse(quoteBigIntegers(chunk));
    } catch {
      value = null;
    }
    const table = (value as { partitiontable?: Record<string, unknown> } | null)?.partitiontable;
    const chunkLines = chunk.split("\n").length;
    if (table && typeof table === "object") {
      for (let i = 0; i < chunkLines; i++) notes.use(offsetLine + i);
      disks.push(diskFromJson(table, offsetLine));
    }
    offsetLine += chunkLines - 1;
    rest = rest.slice(end + 1);
    const skipped = /^\s*/.exec(rest)?.[0] ?? "";
    offsetLine += skipped.split("\n").length - 1;
    rest = rest.slice(skipped.length);
  }
  if (disks.length === 0) return null;
  for (const d of disks) {
    if (d.logicalSectorSize === null && d.partitions.length > 0) {
      notes.add(
        (d.line ?? 1) - 1,
        `${d.device ?? "This disk"}: the JSON has no "sectorsize" (older sfdisk): the numbers are sectors of unknown size until you say 512 or 4096 (CLI: --sector-size).`,
      );
    }
  }
  return okResult("sfdisk-json", disks, notes, lines);
};

/** Where the first top-level JSON object of `text` closes (outside strings), or -1. */
function findObjectEnd(text: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === "{") depth++;
    else if (ch === "}") {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function diskFromJson(table: Record<string, unknown>, index: number): ListingDisk {
  const disk = emptyDisk(typeof table.device === "string" ? table.device : null, index + 1);
  const label = table.label;
  disk.tableType = label === "gpt" ? "gpt" : label === "dos" ? "dos" : null;
  const sectorSize = asBig(table.sectorsize);
  disk.logicalSectorSize = sectorSize === null ? null : sectorSizeFrom(sectorSize.toString());
  if (typeof table.id === "string") {
    const id = table.id.replace(/^0x/i, "");
    disk.identity = /^[0-9a-f]{8}$/i.test(id)
      ? { mbrSignature: id.toLowerCase() }
      : { diskGuid: table.id.toUpperCase() };
  }
  const partitions = Array.isArray(table.partitions) ? table.partitions : [];
  for (const item of partitions) {
    if (!item || typeof item !== "object") continue;
    const p = item as Record<string, unknown>;
    const start = asBig(p.start);
    const size = asBig(p.size);
    if (start === null || size === null || size === 0n) continue;
    const node = typeof p.node === "string" ? p.node : "";
    const number = /(\d+)$/.exec(node);
    const base: Omit<ListingPartition, "startByte" | "sizeBytes" | "exact"> = {
      number: number ? Number(number[1]) : null,
      label: node,
    };
    if (typeof p.type === "string") base.type = p.type;
    if (typeof p.name === "string" && p.name !== "") base.name = p.name;
    if (p.bootable === true) base.flags = ["boot"];
    if (typeof p.uuid === "string" && disk.tableType === "gpt") {
      base.partitionGuid = p.uuid.toUpperCase();
    }
    if (typeof p.type === "string" && /^0?[5f]$|^85$/i.test(p.type)) {
      base.flags = [...(base.flags ?? []), "extended"];
    }
    disk.partitions.push(partitionFromSectors(base, start, size, disk.logicalSectorSize));
  }
  return disk;
}
