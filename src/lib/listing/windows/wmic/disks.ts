/**
 * Pass 2 over wmic output: records become disks and partitions, with every assumption and
 * disagreement as a note.
 */
import { formatBytes, MIB } from "../../../units.ts";
import type { ListingDisk, ListingPartition, ListingResult } from "../../types.ts";
import { POWERSHELL_PARTITION_COMMAND, WMIC_PARTITION_COMMAND } from "../../commands.ts";
import { physicalDrive } from "../numbers.ts";
import { type TakenOut, withoutDisks } from "../../text.ts";
import { excerpt } from "./records.ts";
import type { LineBook, WmicRecord } from "./records.ts";
import type { Scan } from "./scan.ts";
import {
  booleanValue,
  diskDriveIndex,
  lineOf,
  mergeDuplicates,
  numberValue,
  partitionDiskIndex,
  partitionNumber,
  sectorSizeValue,
  smallNumber,
} from "./values.ts";

/** What is known of one disk while its records are read. */
interface DiskFacts {
  index: number | null;
  line: number;
  bytesPerSector: number | null;
  sizeLowerBound: bigint | null;
  partitionsListed: number | null;
  fromDiskDrive: boolean;
  partitions: PartitionFacts[];
}

interface PartitionFacts {
  partition: ListingPartition;
  record: WmicRecord;
  blockSize: number | null;
}

/** Pass 2: records → disks. */
export function buildResult(
  scanned: Scan,
  lines: readonly string[],
  book: LineBook,
): ListingResult | null {
  const partitionRecords = scanned.records.filter((r) => r.cls === "partition");
  const diskRecords = scanned.records.filter((r) => r.cls === "diskdrive");
  const unusable = whyUnusable(scanned, partitionRecords, diskRecords);
  if (unusable !== undefined) {
    return unusable === null ? null : { ok: false, error: unusable, notes: book.notes(lines) };
  }
  const partitions = mergePartitions(partitionRecords, book);
  if (!partitions.ok) return { ok: false, error: partitions.error, notes: book.notes(lines) };
  const diskDrives = mergeDiskDrives(diskRecords, book);
  if (!diskDrives.ok) return { ok: false, error: diskDrives.error, notes: book.notes(lines) };

  const disks = new Map<string, DiskFacts>();
  for (const { record, index } of diskDrives.records) {
    addDiskDrive(diskFor(disks, index, record.line), record, book);
  }
  for (const { record, key } of partitions.records) {
    const disk = diskFor(disks, key.disk, record.line);
    disk.partitions.push(readPartition(record, key, book));
  }
  const ordered = [...disks.values()].sort(
    (a, b) => (a.index ?? Number.MAX_SAFE_INTEGER) - (b.index ?? Number.MAX_SAFE_INTEGER),
  );
  const result = ordered.map((disk) => ({ facts: disk, disk: finishDisk(disk, book) }));
  // A disk wmic diskdrive counts partitions on, none of which wmic partition listed (it was
  // run for other disks only): its space would look free, so it is not shown. Some disk stays:
  // one without any partition record makes this diskdrive output only, refused above.
  const unlisted: TakenOut[] = result.flatMap(({ facts, disk }) =>
    facts.partitions.length === 0 && (facts.partitionsListed ?? 0) > 0
      ? [
          {
            disk,
            line: facts.line + 1,
            why: `${disk.device ?? "a disk"}: wmic diskdrive counts ${facts.partitionsListed} partition${facts.partitionsListed === 1 ? "" : "s"} on it, but wmic partition lists none: its free space cannot be told. Paste \`${WMIC_PARTITION_COMMAND}\` of every disk.`,
          },
        ]
      : [],
  );
  return withoutDisks(
    { ok: true, format: "wmic", disks: result.map((r) => r.disk), notes: book.notes(lines) },
    unlisted,
  );
}

/**
 * Why records without a usable partition cannot be read: an error that says what to run, null
 * when the text is not wmic output at all, undefined when the partitions can be read.
 */
function whyUnusable(
  scanned: Scan,
  partitionRecords: readonly WmicRecord[],
  diskRecords: readonly WmicRecord[],
): string | null | undefined {
  if (partitionRecords.length === 0) {
    if (diskRecords.length > 0) {
      return (
        "This is `wmic diskdrive` output only: it describes the disks but not their partitions. " +
        `Also run \`${WMIC_PARTITION_COMMAND}\` and paste both.`
      );
    }
    const message = scanned.wmicMessages[0];
    if (message && /is not recognized/i.test(message.text)) {
      return (
        `wmic is not installed on this Windows (line ${message.line + 1}: "${excerpt(message.text)}"; ` +
        "new Windows 11 installs leave it out). In PowerShell run " +
        `\`${POWERSHELL_PARTITION_COMMAND}\` instead.`
      );
    }
    if (message) {
      return (
        `wmic printed "${excerpt(message.text)}" (line ${message.line + 1}) and no partitions. ` +
        `Run \`${WMIC_PARTITION_COMMAND}\`, or in PowerShell \`${POWERSHELL_PARTITION_COMMAND}\`.`
      );
    }
    if (!scanned.distinctive) return null;
    return (
      "This looks like wmic output, but no partition could be read from it. " +
      `Run \`${WMIC_PARTITION_COMMAND}\` and paste its whole output.`
    );
  }
  if (!partitionRecords.some((r) => r.values.has("StartingOffset"))) {
    return (
      "The wmic listing has no StartingOffset column, so where the partitions start is unknown. " +
      `The command must include StartingOffset: run \`${WMIC_PARTITION_COMMAND}\` ` +
      `(or in PowerShell: \`${POWERSHELL_PARTITION_COMMAND}\`).`
    );
  }
  return undefined;
}

interface PartitionKey {
  disk: number | null;
  number: number | null;
}

type Merged<T> = { ok: true; records: T[] } | { ok: false; error: string };

/** Each partition once, with its disk and partition numbers. */
function mergePartitions(
  records: readonly WmicRecord[],
  book: LineBook,
): Merged<{ record: WmicRecord; key: PartitionKey }> {
  const keyOf = new Map<WmicRecord, PartitionKey>();
  for (const record of records) {
    keyOf.set(record, {
      disk: partitionDiskIndex(record, book),
      number: partitionNumber(record, book),
    });
  }
  const merged = mergeDuplicates(
    records,
    (r) => {
      const k = keyOf.get(r);
      return k && k.disk !== null && k.number !== null ? `${k.disk}:${k.number}` : null;
    },
    (r) => {
      const k = keyOf.get(r);
      return `Disk #${k?.disk ?? "?"}, Partition #${k?.number ?? "?"}`;
    },
    book,
  );
  if (!merged.ok) return merged;
  const unknown: PartitionKey = { disk: null, number: null };
  return {
    ok: true,
    records: merged.records.map((record) => ({ record, key: keyOf.get(record) ?? unknown })),
  };
}

/** Each disk drive once, with its disk number. */
function mergeDiskDrives(
  records: readonly WmicRecord[],
  book: LineBook,
): Merged<{ record: WmicRecord; index: number | null }> {
  const indexOf = new Map<WmicRecord, number | null>();
  for (const record of records) indexOf.set(record, diskDriveIndex(record, book));
  const merged = mergeDuplicates(
    records,
    (r) => {
      const index = indexOf.get(r);
      return index === null || index === undefined ? null : String(index);
    },
    (r) => `Disk ${indexOf.get(r) ?? "?"}`,
    book,
  );
  if (!merged.ok) return merged;
  return {
    ok: true,
    records: merged.records.map((record) => ({ record, index: indexOf.get(record) ?? null })),
  };
}

/** The disk numbered `index` (one for all partitions whose disk is not known). */
function diskFor(disks: Map<string, DiskFacts>, index: number | null, line: number): DiskFacts {
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
}

/** What a wmic diskdrive record says of its disk; its size is only ever a lower bound. */
function addDiskDrive(disk: DiskFacts, record: WmicRecord, book: LineBook): void {
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

/** A partition record as read; its size is settled with its disk's (finishDisk). */
function readPartition(record: WmicRecord, key: PartitionKey, book: LineBook): PartitionFacts {
  const { disk: diskIndex, number } = key;
  if (diskIndex === null) {
    book.fact(
      record.line,
      "This partition's disk is not listed (no DiskIndex column and no `Disk #N` in its name).",
    );
  }
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
  // Win32_DiskPartition.Type follows the language of Windows: German says `Erweiterte Partition`.
  if (type && EXTENDED_TYPE.test(type)) partition.flags = [...(partition.flags ?? []), "extended"];
  return { partition, record, blockSize: sectorSizeValue(record, "BlockSize", book) };
}

function finishDisk(disk: DiskFacts, book: LineBook): ListingDisk {
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

  settlePartitionSizes(disk, name, book);

  // (None listed at all: buildResult takes the disk out, saying so.)
  if (
    disk.partitionsListed !== null &&
    disk.partitionsListed !== disk.partitions.length &&
    disk.partitions.length > 0
  ) {
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
 * Each partition's size: Size in bytes, else NumberOfBlocks × the block size (512 assumed, with a
 * note, when no block size is listed); exact only when start and size are known and agree.
 */
function settlePartitionSizes(disk: DiskFacts, name: string, book: LineBook): void {
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
    book.fact(assumedLine, blockSizeAssumedNote(name));
  }
}

/**
 * The note that a disk's NumberOfBlocks were read as 512-byte blocks; `name` is "Disk 0" or
 * "The disk". A Get-Disk block that says 512 settles the question and withdraws it (merge.ts).
 */
export function blockSizeAssumedNote(name: string): string {
  return (
    `${name}: BlockSize is not listed, so NumberOfBlocks is taken as 512-byte blocks. ` +
    "On a disk with 4096-byte sectors the sizes would be 8 times larger: " +
    `run \`${WMIC_PARTITION_COMMAND}\` to be sure.`
  );
}

/**
 * Win32_DiskPartition leaves out the Microsoft Reserved partition (16 or 128 MiB, right after the
 * EFI system partition on GPT disks): an unlisted space between partitions may be in use.
 */
function noteHiddenReserved(disk: DiskFacts, name: string, book: LineBook): void {
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
/** An extended partition's Type in English and German Windows. */
const EXTENDED_TYPE = /^(?:Extended Partition|Erweiterte Partition)$/i;

function tableTypeOf(types: readonly (string | undefined)[]): "dos" | "gpt" | null | undefined {
  const known = types.filter((t): t is string => t !== undefined && t !== "");
  if (known.length === 0) return undefined;
  const gpt = known.filter((t) => t.startsWith("GPT:")).length;
  if (gpt === known.length) return "gpt";
  return gpt === 0 ? "dos" : null;
}
