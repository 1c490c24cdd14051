/**
 * macOS `diskutil info DEVICE` (docs/listings.md): one block of `Key: value` lines per device,
 * from `Device Identifier:` on; `diskutil info -all` separates them with a line of asterisks.
 * The exact numbers it gives:
 *
 * - `Disk Size:` (`Total Size:` before macOS 10.11): `500.1 GB (500107862016 Bytes) (exactly
 *   976773168 512-Byte-Units)`, the whole disk's or the partition's size; the units are 512
 *   bytes whatever the device's block size;
 * - `Device Block Size: 4096 Bytes`, the logical sector size;
 * - on a partition, `Partition Offset: 210763776 Bytes (411648 512-Byte-Device-Blocks)`, the
 *   blocks being the device's.
 *
 * `Whole: Yes` marks a disk, `Part of Whole:` names a partition's disk. An APFS volume
 * (`disk3s1`) is not a partition: it lives in a synthesized container disk (`disk3`) whose
 * `APFS Physical Store` is the real partition (`disk0s2`).
 */
import type { LineParser, ListingDisk, ListingPartition } from "./types.ts";
import {
  cleanLines,
  decimal,
  Notes,
  okResult,
  sectorSizeFrom,
  sortByStart,
  diskNamed,
} from "./text.ts";

export interface InfoBlock {
  /** 0-based line of `Device Identifier:`. */
  line: number;
  id: string;
  fields: Map<string, { value: string; index: number }>;
  /** For a block without `Device Identifier:`: the disk its `diskutil info` prompt names. */
  command?: string;
}

const INFO_START = /^Device Identifier:\s+(\S+)$/;
const INFO_FIELD = /^([A-Z][^:]*?):\s+(\S.*)$/;
const INFO_COMMAND = /\bdiskutil\s+info(?:rmation)?\b/;

/**
 * Every `diskutil info` block of the paste, marking its lines (and `diskutil info` prompts and
 * `-all`'s rows of asterisks) as used.
 */
export function readDiskutilInfo(lines: readonly string[], notes: Notes): InfoBlock[] {
  const blocks: InfoBlock[] = [];
  let block: InfoBlock | null = null;
  let command: string | undefined;
  lines.forEach((line, index) => {
    const text = line.trim();
    if (text === "") return;
    if (INFO_COMMAND.test(text) && !INFO_FIELD.test(text)) {
      notes.use(index);
      command = /\bdiskutil\s+info(?:rmation)?\s+(?:-\w+\s+)*(\S+)/.exec(text)?.[1];
      block = null;
      return;
    }
    if (/^\*{5,}$/.test(text)) {
      notes.use(index);
      block = null;
      return;
    }
    const start = INFO_START.exec(text);
    if (start) {
      notes.use(index);
      block = { line: index, id: start[1] ?? "", fields: new Map() };
      blocks.push(block);
      return;
    }
    const field = INFO_FIELD.exec(text);
    // `diskutil info diskN | grep 'Block Size'` (what the gpt show note once asked for) leaves the
    // one line, with no identifier: a block of its own whose disk is not named.
    if (!block && field?.[1] === "Device Block Size") {
      block = { line: index, id: "", fields: new Map() };
      if (command !== undefined) block.command = command.replace(/^\/dev\/r?/, "");
      blocks.push(block);
    }
    const current = block as InfoBlock | null;
    if (!current || !field) {
      block = null;
      return;
    }
    notes.use(index);
    current.fields.set(field[1] ?? "", { value: (field[2] ?? "").trim(), index });
  });
  return blocks;
}

const get = (b: InfoBlock, key: string): string | undefined => b.fields.get(key)?.value;

/** `Disk Size:` (or `Total Size:`) in bytes, checked against its 512-byte units. */
export function infoSizeBytes(b: InfoBlock, notes: Notes): bigint | null {
  const field = b.fields.get("Disk Size") ?? b.fields.get("Total Size");
  if (!field) return null;
  const m = /\((\d+) Bytes\)(?:\s+\(exactly (\d+) 512-Byte-Units\))?/.exec(field.value);
  const bytes = decimal(m?.[1]);
  if (bytes === null) return null;
  const units = decimal(m?.[2]);
  if (units !== null && units * 512n !== bytes) {
    notes.add(
      field.index,
      `${b.id}: ${bytes} bytes is not ${units} × 512; its size is not read as exact.`,
    );
    return null;
  }
  return bytes;
}

/** `Partition Offset:` in bytes, checked against its device blocks. */
export function infoOffset(b: InfoBlock, notes: Notes): bigint | null {
  const field = b.fields.get("Partition Offset");
  if (!field) return null;
  const m = /^(\d+) Bytes(?: \((\d+) (\d+)-Byte-Device-Blocks\))?$/.exec(field.value);
  const startByte = decimal(m?.[1]);
  const blocks = decimal(m?.[2]);
  const unit = decimal(m?.[3]);
  if (startByte !== null && blocks !== null && unit !== null && blocks * unit !== startByte) {
    notes.add(
      field.index,
      `${b.id}: offset ${startByte} bytes is not ${blocks} × ${unit}; not read as exact.`,
    );
    return null;
  }
  return startByte;
}

/** `Device Block Size: 512 Bytes`. */
export function infoBlockSize(b: InfoBlock): number | null {
  return sectorSizeFrom(/^(\d+) Bytes$/.exec(get(b, "Device Block Size") ?? "")?.[1]);
}

const deviceOf = (b: InfoBlock): string => {
  const node = get(b, "Device Node");
  return node && /^\/dev\//.test(node) ? node : `/dev/${b.id}`;
};

/** The disk of a partition block: `Part of Whole:`, else its identifier without `sN`. */
const wholeOf = (b: InfoBlock): string => get(b, "Part of Whole") ?? b.id.replace(/s\d+$/, "");

/** A whole disk made by APFS from a partition (`synthesized`), not a physical disk. */
const physicalStore = (b: InfoBlock): string | undefined =>
  get(b, "APFS Physical Store") ?? get(b, "APFS Physical Stores");

export const parseDiskutilInfo: LineParser = (raw) => {
  const lines = cleanLines(raw);
  if (!lines.some((l) => INFO_START.test(l.trim()))) return null;
  const notes = new Notes();
  const blocks = readDiskutilInfo(lines, notes).filter(
    (b) =>
      b.fields.has("Disk Size") || b.fields.has("Total Size") || b.fields.has("Device Block Size"),
  );
  if (blocks.length === 0) return null;
  const disks = new Map<string, ListingDisk>();
  for (const b of blocks) {
    if (b.id === "") {
      notes.add(b.line, "A Device Block Size line outside any diskutil info block: not used.");
      continue;
    }
    const whole = get(b, "Whole") === "Yes";
    const store = physicalStore(b);
    if (whole) {
      if (store) {
        notes.add(
          b.line,
          `${b.id} is an APFS container that macOS makes from partition ${store}, not a physical disk: plan on the disk that holds ${store} (\`diskutil info ${store.replace(/s\d+$/, "")}\`).`,
        );
        continue;
      }
      const disk = diskNamed(disks, b.id, b.line);
      disk.device = deviceOf(b);
      disk.line = b.line + 1;
      disk.sizeBytes = infoSizeBytes(b, notes);
      disk.logicalSectorSize = infoBlockSize(b) ?? disk.logicalSectorSize;
      const content = get(b, "Content (IOContent)");
      disk.tableType =
        content === "GUID_partition_scheme"
          ? "gpt"
          : content === "FDisk_partition_scheme"
            ? "dos"
            : null;
      const model = get(b, "Device / Media Name");
      if (model) disk.identity = { model };
      continue;
    }
    const offsetField = b.fields.get("Partition Offset");
    if (!offsetField) {
      const container = get(b, "APFS Container") ?? get(b, "Part of Whole") ?? "its container";
      notes.add(
        b.line,
        `${b.id} has no Partition Offset: it is a volume inside ${container}, not a partition of a disk${store ? ` (the container lives in partition ${store})` : ""}.`,
      );
      continue;
    }
    const disk = diskNamed(disks, wholeOf(b), b.line);
    const blockSize = infoBlockSize(b);
    if (disk.logicalSectorSize === null) disk.logicalSectorSize = blockSize;
    const startByte = infoOffset(b, notes);
    const sizeBytes = infoSizeBytes(b, notes);
    const number = /s(\d+)$/.exec(b.id)?.[1];
    const p: ListingPartition = {
      number: number === undefined ? null : Number(number),
      label: deviceOf(b),
      startByte,
      sizeBytes,
      exact: startByte !== null && sizeBytes !== null,
    };
    const type = get(b, "Partition Type");
    if (type) p.type = type;
    const name = get(b, "Volume Name");
    if (name && !/^Not applicable/.test(name)) p.name = name;
    const uuid = get(b, "Disk / Partition UUID");
    if (uuid && /^[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}$/i.test(uuid))
      p.partitionGuid = uuid.toUpperCase();
    const mount = get(b, "Mount Point");
    if (mount && mount.startsWith("/")) p.mountPoint = mount;
    disk.partitions.push(p);
  }
  const list = [...disks.values()];
  for (const disk of list) sortByStart(disk.partitions);
  if (list.length === 0) {
    return {
      ok: false,
      error:
        "This diskutil info shows only APFS containers and volumes, which are not disks or partitions: run `diskutil list` to find the physical disk, then `diskutil info diskN` for it and each of its partitions.",
      notes: notes.list,
    };
  }
  return okResult("diskutil-info", list, notes, lines);
};
