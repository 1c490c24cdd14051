/** From records to disks and partitions: numbers, duplicates merged, disks and their sizes. */
import { POWERSHELL_PARTITION_COMMAND, WMIC_PARTITION_COMMAND } from "../../commands.ts";
import type { ListingDisk, ListingPartition, ListingResult } from "../../types.ts";
import {
  LineBook,
  PARTITION_NAME,
  PHYSICAL_DRIVE,
  USED_NUMBERS,
  excerpt,
  type WmicRecord,
} from "./model.ts";
import type { Scan } from "./scan.ts";
import { MIB, formatBytes, parseDecimal } from "../../../units.ts";

// ---------------------------------------------------------------------------------------------
// Meaning

export const lineOf = (record: WmicRecord, key: string): number =>
  record.keyLines.get(key) ?? record.line;

/** A listed number; null when absent or empty; a note when it is not a number. */
export function numberValue(record: WmicRecord, key: string, book: LineBook): bigint | null {
  const text = record.values.get(key);
  if (text === undefined || text === "") return null;
  const value = parseDecimal(text);
  if (value === null) {
    book.fact(lineOf(record, key), `${key} "${excerpt(text)}" is not a whole number: ignored.`);
  }
  return value;
}

export function smallNumber(value: bigint | null): number | null {
  return value !== null && value <= 2_000_000_000n ? Number(value) : null;
}

export function booleanValue(record: WmicRecord, key: string): boolean | null {
  const text = (record.values.get(key) ?? "").toLowerCase();
  return text === "true" ? true : text === "false" ? false : null;
}

/** A logical sector size: a power of two from 512 to 64 KiB. */
export function sectorSizeValue(record: WmicRecord, key: string, book: LineBook): number | null {
  const value = numberValue(record, key, book);
  if (value === null) return null;
  const n = smallNumber(value);
  if (n === null || n < 512 || n > 65536 || (n & (n - 1)) !== 0) {
    book.fact(lineOf(record, key), `${key} ${value} is not a sector size: ignored.`);
    return null;
  }
  return n;
}

export interface DiskFacts {
  index: number | null;
  line: number;
  bytesPerSector: number | null;
  sizeLowerBound: bigint | null;
  partitionsListed: number | null;
  fromDiskDrive: boolean;
  partitions: { partition: ListingPartition; record: WmicRecord; blockSize: number | null }[];
}

export type MergeResult = { ok: true; records: WmicRecord[] } | { ok: false; error: string };

/**
 * The same partition (or disk) listed twice, e.g. a table and a list of the same machine:
 * one record, as long as the numbers agree.
 */
export function mergeDuplicates(
  records: readonly WmicRecord[],
  keyOf: (r: WmicRecord) => string | null,
  describe: (r: WmicRecord) => string,
  book: LineBook,
): MergeResult {
  const byKey = new Map<string, WmicRecord>();
  const out: WmicRecord[] = [];
  for (const record of records) {
    const key = keyOf(record);
    const first = key === null ? undefined : byKey.get(key);
    if (key === null || !first) {
      if (key !== null) byKey.set(key, record);
      out.push(record);
      continue;
    }
    for (const [name, value] of record.values) {
      const known = first.values.get(name);
      if (known === undefined || known === "") {
        first.values.set(name, value);
        const at = record.keyLines.get(name);
        if (at !== undefined) first.keyLines.set(name, at);
      } else if (value !== "" && value !== known) {
        if ((USED_NUMBERS as readonly string[]).includes(name)) {
          return {
            ok: false,
            error:
              `${describe(first)} is listed twice with different ${name} ` +
              `(${known} on line ${lineOf(first, name) + 1}, ${value} on line ${lineOf(record, name) + 1}). ` +
              "Paste the listing of one machine, taken once.",
          };
        }
        book.fact(
          lineOf(record, name),
          `${describe(first)} is listed again with ${name} "${excerpt(value)}" instead of "${excerpt(known)}"; the first is kept.`,
        );
      }
    }
    book.fact(
      record.line,
      `${describe(first)} is listed again (first on line ${first.line + 1}); the two listings agree.`,
    );
  }
  return { ok: true, records: out };
}

/** Disk #N and Partition #M from a partition's Name (or Caption, DeviceID). */
export function nameNumbers(record: WmicRecord): { disk: number; partition: number } | null {
  for (const key of ["Name", "DeviceID", "Caption"]) {
    const m = PARTITION_NAME.exec(record.values.get(key) ?? "");
    if (m) return { disk: Number(m[1]), partition: Number(m[2]) };
  }
  return null;
}

export function partitionDiskIndex(record: WmicRecord, book: LineBook): number | null {
  const listed = smallNumber(numberValue(record, "DiskIndex", book));
  const named = nameNumbers(record)?.disk ?? null;
  if (listed !== null && named !== null && listed !== named) {
    book.fact(
      lineOf(record, "DiskIndex"),
      `DiskIndex ${listed} disagrees with the name's Disk #${named}; DiskIndex is used.`,
    );
  }
  return listed ?? named;
}

export function partitionNumber(record: WmicRecord, book: LineBook): number | null {
  const listed = smallNumber(numberValue(record, "Index", book));
  const named = nameNumbers(record)?.partition ?? null;
  if (listed !== null && named !== null && listed !== named) {
    book.fact(
      lineOf(record, "Index"),
      `Index ${listed} disagrees with the name's Partition #${named}; Index is used.`,
    );
  }
  return listed ?? named;
}

export function diskDriveIndex(record: WmicRecord, book: LineBook): number | null {
  const listed = smallNumber(numberValue(record, "Index", book));
  if (listed !== null) return listed;
  for (const key of ["DeviceID", "Name"]) {
    const m = PHYSICAL_DRIVE.exec(record.values.get(key) ?? "");
    if (m) return Number(m[1]);
  }
  return null;
}

export const physicalDrive = (index: number): string => `\\\\.\\PhysicalDrive${index}`;

/** Pass 2: records → disks. */
export function buildResult(
  scanned: Scan,
  lines: readonly string[],
  book: LineBook,
): ListingResult | null {
  const partitionRecords = scanned.records.filter((r) => r.cls === "partition");
  const diskRecords = scanned.records.filter((r) => r.cls === "diskdrive");

  if (partitionRecords.length === 0) {
    if (diskRecords.length > 0) {
      return {
        ok: false,
        error:
          "This is `wmic diskdrive` output only: it describes the disks but not their partitions. " +
          `Also run \`${WMIC_PARTITION_COMMAND}\` and paste both.`,
        notes: book.notes(lines),
      };
    }
    const message = scanned.wmicMessages[0];
    if (message) {
      return {
        ok: false,
        error:
          `wmic printed "${excerpt(message.text)}" (line ${message.line + 1}) and no partitions. ` +
          `Run \`${WMIC_PARTITION_COMMAND}\`, or in PowerShell \`${POWERSHELL_PARTITION_COMMAND}\`.`,
        notes: book.notes(lines),
      };
    }
    if (!scanned.distinctive) return null;
    return {
      ok: false,
      error:
        "This looks like wmic output, but no partition could be read from it. " +
        `Run \`${WMIC_PARTITION_COMMAND}\` and paste its whole output.`,
      notes: book.notes(lines),
    };
  }

  if (!partitionRecords.some((r) => r.values.has("StartingOffset"))) {
    return {
      ok: false,
      error:
        "The wmic listing has no StartingOffset column, so where the partitions start is unknown. " +
        `The command must include StartingOffset: run \`${WMIC_PARTITION_COMMAND}\` ` +
        `(or in PowerShell: \`${POWERSHELL_PARTITION_COMMAND}\`).`,
      notes: book.notes(lines),
    };
  }

  const partitionKey = new Map<WmicRecord, { disk: number | null; number: number | null }>();
  for (const record of partitionRecords) {
    partitionKey.set(record, {
      disk: partitionDiskIndex(record, book),
      number: partitionNumber(record, book),
    });
  }
  const describePartition = (r: WmicRecord): string => {
    const k = partitionKey.get(r);
    return `Disk #${k?.disk ?? "?"}, Partition #${k?.number ?? "?"}`;
  };
  const mergedPartitions = mergeDuplicates(
    partitionRecords,
    (r) => {
      const k = partitionKey.get(r);
      return k && k.disk !== null && k.number !== null ? `${k.disk}:${k.number}` : null;
    },
    describePartition,
    book,
  );
  if (!mergedPartitions.ok) {
    return { ok: false, error: mergedPartitions.error, notes: book.notes(lines) };
  }
  const diskIndexOf = new Map<WmicRecord, number | null>();
  for (const record of diskRecords) diskIndexOf.set(record, diskDriveIndex(record, book));
  const mergedDisks = mergeDuplicates(
    diskRecords,
    (r) => {
      const index = diskIndexOf.get(r);
      return index === null || index === undefined ? null : String(index);
    },
    (r) => `Disk ${diskIndexOf.get(r) ?? "?"}`,
    book,
  );
  if (!mergedDisks.ok) return { ok: false, error: mergedDisks.error, notes: book.notes(lines) };

  const disks = new Map<string, DiskFacts>();
  const diskFor = (index: number | null, line: number): DiskFacts => {
    const key = index === null ? "?" : String(index);
    let disk = disks.get(key);
    if (!disk) {
      disk = {
        index,
        line,
        bytesPerSector: null,
        sizeLowerBound: null,
        partitionsListed: null,
        fromDiskDrive: false,
        partitions: [],
      };
      disks.set(key, disk);
    }
    return disk;
  };

  for (const record of mergedDisks.records) {
    const disk = diskFor(diskIndexOf.get(record) ?? null, record.line);
    disk.fromDiskDrive = true;
    disk.line = Math.min(disk.line, record.line);
    disk.bytesPerSector = sectorSizeValue(record, "BytesPerSector", book);
    disk.partitionsListed = smallNumber(numberValue(record, "Partitions", book));
    const size = numberValue(record, "Size", book);
    const totalSectors = numberValue(record, "TotalSectors", book);
    const lowerBound =
      size ??
      (totalSectors !== null && disk.bytesPerSector !== null
        ? totalSectors * BigInt(disk.bytesPerSector)
        : null);
    if (lowerBound !== null) {
      disk.sizeLowerBound = lowerBound;
      book.fact(
        lineOf(record, size !== null ? "Size" : "TotalSectors"),
        `wmic diskdrive's size of ${disk.index === null ? "this disk" : `disk ${disk.index}`} (${lowerBound} bytes) ` +
          "comes from its cylinder/head/sector geometry and is smaller than the real disk: " +
          "it is only a lower bound, so the disk's exact size stays unknown.",
      );
    }
  }

  for (const record of mergedPartitions.records) {
    const key = partitionKey.get(record);
    const diskIndex = key?.disk ?? null;
    const disk = diskFor(diskIndex, record.line);
    if (diskIndex === null) {
      book.fact(
        record.line,
        "This partition's disk is not listed (no DiskIndex column and no `Disk #N` in its name).",
      );
    }
    const number = key?.number ?? null;
    const label =
      record.values.get("Name") ||
      record.values.get("Caption") ||
      record.values.get("DeviceID") ||
      (diskIndex !== null && number !== null
        ? `Disk #${diskIndex}, Partition #${number}`
        : number !== null
          ? `Partition #${number}`
          : `Partition on line ${record.line + 1}`);
    const partition: ListingPartition = {
      number,
      label,
      startByte: numberValue(record, "StartingOffset", book),
      sizeBytes: null,
      exact: false,
    };
    const type = record.values.get("Type") || record.values.get("Description");
    if (type) partition.type = type;
    if (["Bootable", "BootPartition", "PrimaryPartition"].some((k) => record.values.has(k))) {
      const flags: string[] = [];
      if (booleanValue(record, "Bootable")) flags.push("boot");
      if (booleanValue(record, "BootPartition")) flags.push("boot-partition");
      if (booleanValue(record, "PrimaryPartition")) flags.push("primary");
      partition.flags = flags;
    }
    disk.partitions.push({
      partition,
      record,
      blockSize: sectorSizeValue(record, "BlockSize", book),
    });
  }

  const result: ListingDisk[] = [];
  const ordered = [...disks.values()].sort(
    (a, b) => (a.index ?? Number.MAX_SAFE_INTEGER) - (b.index ?? Number.MAX_SAFE_INTEGER),
  );
  for (const disk of ordered) result.push(finishDisk(disk, book));
  return { ok: true, format: "wmic", disks: result, notes: book.notes(lines) };
}

export function finishDisk(disk: DiskFacts, book: LineBook): ListingDisk {
  const name = disk.index === null ? "The disk" : `Disk ${disk.index}`;
  const sizes = new Set<number>();
  if (disk.bytesPerSector !== null) sizes.add(disk.bytesPerSector);
  for (const p of disk.partitions) if (p.blockSize !== null) sizes.add(p.blockSize);
  let logicalSectorSize: number | null = null;
  if (sizes.size === 1) logicalSectorSize = [...sizes][0] ?? null;
  if (sizes.size > 1) {
    book.fact(
      disk.line,
      `${name}: the listed block sizes disagree (${[...sizes].join(", ")} bytes): its logical sector size is unknown.`,
    );
  }

  let assumedLine: number | null = null;
  for (const { partition, record, blockSize } of disk.partitions) {
    const size = numberValue(record, "Size", book);
    const blocks = numberValue(record, "NumberOfBlocks", book);
    const knownBlockSize = blockSize ?? disk.bytesPerSector;
    let sameSize = true;
    if (size !== null) {
      partition.sizeBytes = size;
      if (blocks !== null && knownBlockSize !== null) {
        const computed = blocks * BigInt(knownBlockSize);
        if (computed !== size) {
          sameSize = false;
          book.fact(
            lineOf(record, "Size"),
            `${partition.label}: Size is ${size} bytes but NumberOfBlocks × BlockSize is ` +
              `${blocks} × ${knownBlockSize} = ${computed} bytes; its size is not certain.`,
          );
        }
      }
    } else if (blocks !== null) {
      if (knownBlockSize === null) assumedLine ??= lineOf(record, "NumberOfBlocks");
      partition.sizeBytes = blocks * BigInt(knownBlockSize ?? 512);
    } else {
      book.fact(
        record.line,
        `${partition.label}: neither Size nor NumberOfBlocks: its size is unknown.`,
      );
    }
    if (partition.startByte === null) {
      book.fact(record.line, `${partition.label}: no StartingOffset: where it starts is unknown.`);
    }
    partition.exact = partition.startByte !== null && partition.sizeBytes !== null && sameSize;
  }
  if (assumedLine !== null) {
    book.fact(
      assumedLine,
      `${name}: BlockSize is not listed, so NumberOfBlocks is taken as 512-byte blocks. ` +
        "On a disk with 4096-byte sectors the sizes would be 8 times larger: " +
        `run \`${WMIC_PARTITION_COMMAND}\` to be sure.`,
    );
  }

  if (disk.partitionsListed !== null && disk.partitionsListed !== disk.partitions.length) {
    book.fact(
      disk.line,
      `${name}: wmic diskdrive counts ${disk.partitionsListed} partitions; the listing shows ${disk.partitions.length}.`,
    );
  }

  const out: ListingDisk = {
    device: disk.index === null ? null : physicalDrive(disk.index),
    logicalSectorSize,
    sizeBytes: null,
    line: disk.line + 1,
    partitions: disk.partitions.map((p) => p.partition),
  };
  if (disk.fromDiskDrive) out.sizeLowerBoundBytes = disk.sizeLowerBound;
  const tableType = tableTypeOf(disk.partitions.map((p) => p.partition.type));
  if (tableType !== undefined) out.tableType = tableType;
  if (tableType === "gpt") noteHiddenReserved(disk, name, book);
  return out;
}

/**
 * Win32_DiskPartition leaves out the Microsoft Reserved partition (16 or 128 MiB, right after the
 * EFI system partition on GPT disks): an unlisted space between partitions may be in use.
 */
export function noteHiddenReserved(disk: DiskFacts, name: string, book: LineBook): void {
  const placed = disk.partitions
    .map(({ partition, record }) => ({ partition, record }))
    .filter(({ partition: p }) => p.startByte !== null && p.sizeBytes !== null)
    .sort((a, b) => ((a.partition.startByte ?? 0n) < (b.partition.startByte ?? 0n) ? -1 : 1));
  for (let k = 1; k < placed.length; k++) {
    const before = placed[k - 1]?.partition;
    const after = placed[k];
    if (!before || !after) continue;
    const end = (before.startByte ?? 0n) + (before.sizeBytes ?? 0n);
    const next = after.partition.startByte ?? 0n;
    if (next - end < MIB) continue;
    book.fact(
      after.record.line,
      `${name}: nothing is listed from byte ${end} to byte ${next} (${formatBytes(next - end)}), before ${after.partition.label}. ` +
        "On a GPT disk wmic does not list the Microsoft Reserved partition, which usually sits there: treat this space as in use.",
    );
  }
}

/** `GPT: …` types mean a GPT disk; wmic's other types (`Installable File System`, …) are MBR. */
export function tableTypeOf(
  types: readonly (string | undefined)[],
): "dos" | "gpt" | null | undefined {
  const known = types.filter((t): t is string => t !== undefined && t !== "");
  if (known.length === 0) return undefined;
  const gpt = known.filter((t) => t.startsWith("GPT:")).length;
  if (gpt === known.length) return "gpt";
  return gpt === 0 ? "dos" : null;
}
