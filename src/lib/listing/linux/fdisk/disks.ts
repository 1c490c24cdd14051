/** From a disk's lines to a ListingDisk: sector size, partitions' exact numbers, flags, notes. */
import type { Row } from "./table.ts";
import { EXTENDED_IDS, type ColumnKind, type DiskState, type PendingRow } from "./words.ts";
import type { ListingNote, ListingPartition, ListingResult } from "../../types.ts";
import { COMMON_SECTOR_BYTES, VMDK_SECTOR_BYTES, parseDecimal } from "../../../units.ts";

export function fail(error: string, notes: ListingNote[]): ListingResult {
  return { ok: false, error, notes };
}

export function copyDiskFacts(from: DiskState, to: DiskState): void {
  to.disk.sizeBytes = from.disk.sizeBytes;
  to.disk.logicalSectorSize = from.disk.logicalSectorSize;
  to.disk.physicalSectorSize = from.disk.physicalSectorSize;
  to.disk.tableType = from.disk.tableType;
  to.unitSectors = from.unitSectors;
  to.cylinders = from.cylinders;
  to.unitsSectorSize = from.unitsSectorSize;
  to.unitsUnreadable = from.unitsUnreadable;
  to.unitsLine = from.unitsLine;
  to.sectorCount = from.sectorCount;
  to.labelSaid = from.labelSaid;
}

/** The logical sector size the numbers of this disk's table are in, or null. */
export function sectorSizeOf(state: DiskState): number | null {
  return state.disk.logicalSectorSize ?? state.unitsSectorSize ?? derivedSectorSize(state);
}

export function derivedSectorSize(state: DiskState): number | null {
  const bytes = state.disk.sizeBytes;
  const sectors = state.sectorCount;
  if (bytes === null || sectors === null || sectors === 0n || bytes % sectors !== 0n) return null;
  const size = bytes / sectors;
  return COMMON_SECTOR_BYTES.includes(size) ? Number(size) : null;
}

export function addPartition(
  state: DiskState,
  row: Row,
  line: number,
  note: (line: number, text: string) => void,
  knownKinds?: Set<ColumnKind>,
): void {
  const header = state.header;
  const kinds = knownKinds ?? new Set(header?.columns.map((c) => c.kind));
  const partition: ListingPartition = {
    number: row.number,
    label: header?.columns[0]?.kind === "number" ? `Partition ${row.device}` : row.device,
    startByte: null,
    sizeBytes: null,
    exact: false,
  };
  const id = row.values.id?.toLowerCase();
  if (id !== undefined) partition.type = row.type ? `${id} ${row.type}` : id;
  else if (row.type) partition.type = row.type;
  if (row.boot === "?")
    note(line, `${row.device}: the boot flag is neither set nor clear (fdisk shows "?").`);
  state.disk.partitions.push(partition);
  state.rows.push({ partition, row, line, kinds });
}

export function finishDisk(state: DiskState, note: (line: number, text: string) => void): void {
  const disk = state.disk;
  const sectorSize = sectorSizeOf(state);
  if (disk.logicalSectorSize === null && sectorSize !== null) disk.logicalSectorSize = sectorSize;

  if (
    state.unitsSectorSize !== null &&
    disk.logicalSectorSize !== null &&
    state.unitsSectorSize !== disk.logicalSectorSize
  ) {
    note(
      state.unitsLine ?? disk.line ?? 1,
      `The Units line says ${state.unitsSectorSize}-byte sectors but the sector size line says ${disk.logicalSectorSize}: partitions on ${disk.device ?? "this disk"} are not exact.`,
    );
  }
  const unitsAgree =
    state.unitsSectorSize === null ||
    disk.logicalSectorSize === null ||
    state.unitsSectorSize === disk.logicalSectorSize;

  if (disk.sizeBytes !== null && state.sectorCount !== null && sectorSize !== null) {
    if (state.sectorCount * BigInt(sectorSize) !== disk.sizeBytes) {
      note(
        disk.line ?? 1,
        `${disk.device ?? "The disk"}: ${state.sectorCount} sectors × ${sectorSize} bytes is not the ${disk.sizeBytes} bytes the same line gives.`,
      );
    }
  }

  if (
    !state.labelSaid &&
    state.hasIdColumn &&
    !state.header?.columns.some((c) => c.title === "Flag")
  ) {
    // Old fdisk printed Id/System tables only for DOS (MBR) labels and said no label type.
    disk.tableType = "dos";
  }

  for (const pending of state.rows) {
    const { partition } = pending;
    computeNumbers(state, partition, pending, sectorSize, unitsAgree, note);
    if (disk.tableType === "dos") partition.flags = dosFlags(partition, pending.row);
    if (pending.row.values.id?.toLowerCase() === "ee") {
      note(
        pending.line,
        `${partition.label} is the protective MBR entry of a GPT disk, not a partition: the real partitions are not in this listing. Use fdisk from util-linux 2.23 or later, or \`gdisk -l\`.`,
      );
    }
  }
  // Rows pasted without their `Disk …:` line still name the disk in their device names.
  if (disk.device === null && state.rows.length > 0) {
    const parents = new Set(
      state.rows.map((r) => /^(\/dev\/\S*?\D)p?\d+$/.exec(r.row.device)?.[1]),
    );
    const [parent] = [...parents];
    if (parents.size === 1 && parent !== undefined) {
      disk.device = /\d$/.test(parent.replace(/p$/, "")) ? parent.replace(/p$/, "") : parent;
    }
  }
  // The protective entry covers the whole disk: never offer it as a partition.
  disk.partitions = disk.partitions.filter((p) => !/^ee\b/.test(p.type ?? ""));
  if (disk.partitions.length === 0 && state.rows.length > 0) disk.tableType = "gpt";
}

export function computeNumbers(
  state: DiskState,
  partition: ListingPartition,
  { row, line, kinds }: PendingRow,
  sectorSize: number | null,
  unitsAgree: boolean,
  note: (line: number, text: string) => void,
): void {
  const start = parseDecimal(row.values.start ?? "");
  const end = parseDecimal(row.values.end ?? "");
  const blocksText = row.values.blocks;
  const blocksOdd = blocksText?.endsWith("+") ?? false;
  const blocks = blocksText === undefined ? null : parseDecimal(blocksText.replace(/\+$/, ""));
  const who = partition.label;

  if (state.unitsUnreadable) {
    state.rowsNeedingUnits++; // said once, at the Units line
    return;
  }
  const cylinders = state.cylinders || (state.unitSectors === null && kinds.has("cylinders"));
  if (cylinders) {
    // Start/End are rounded to cylinders; only a Blocks count can give the exact size.
    if (blocks !== null && sectorSize !== null) {
      const size = sizeFromBlocks(blocks, blocksOdd, sectorSize);
      if (size !== null) partition.sizeBytes = size;
    }
    if (!state.cylinderNoteGiven) {
      state.cylinderNoteGiven = true;
      note(
        state.unitsLine ?? line,
        `${state.disk.device ?? "This disk"} is listed in cylinders: Start and End are rounded to whole cylinders, so no partition start is exact. List it in sectors: \`fdisk -l\` (util-linux 2.18 and later) or \`fdisk -lu\` (older versions).`,
      );
    }
    return;
  }

  const sectorUnits =
    state.unitSectors === 1n || (state.unitSectors === null && kinds.has("sectors"));
  if (sectorUnits && sectorSize === null && start !== null && end !== null && end >= start) {
    // Sectors of a size the listing does not give (a trimmed paste): keep the exact sector
    // numbers, claim no bytes, and let the user say 512 or 4096 (docs/listings.md).
    const sectors = parseDecimal(row.values.sectors ?? "");
    if (sectors !== null && start + sectors - 1n !== end) {
      note(line, `${who}: Start ${start} + Sectors ${sectors} − 1 is not End ${end}; not read.`);
      return;
    }
    partition.startSector = start;
    partition.sizeSectors = end - start + 1n;
    state.disk.sectorSizeUnknown = true;
    if (!state.unknownSizeNoteGiven) {
      state.unknownSizeNoteGiven = true;
      note(
        line,
        `${state.disk.device ?? "This disk"}: the listing does not say how many bytes a sector has (no \`Units:\` or \`Disk …: … bytes, … sectors\` line). Say 512 or 4096 (Linux: cat /sys/block/sdX/queue/logical_block_size; Windows: Get-Disk | ft Number,LogicalSectorSize; CLI: --sector-size).`,
      );
    }
    return;
  }
  if (!sectorUnits || sectorSize === null) {
    state.rowsNeedingUnits++;
    if (state.rowsNeedingUnits === 1) {
      note(
        line,
        sectorSize === null
          ? `${state.disk.device ?? "This disk"}: the listing does not say its sector size (no \`Units:\` or \`Sector size\` line), so its partitions have no exact numbers.`
          : `${state.disk.device ?? "This disk"}: the listing does not say which units Start and End are in (no \`Units:\` line), so its partitions have no exact numbers.`,
      );
    }
    return;
  }
  if (start === null || end === null) return;

  const unit = BigInt(sectorSize);
  const sectors = parseDecimal(row.values.sectors ?? "");
  const count = sectors ?? end - start + 1n;
  partition.startByte = start * unit;
  partition.sizeBytes = count * unit;
  let exact = unitsAgree;

  if (end < start) {
    note(line, `${who}: End ${end} is before Start ${start}; not exact.`);
    exact = false;
  } else if (sectors !== null && start + sectors - 1n !== end) {
    note(
      line,
      `${who}: Start ${start} + Sectors ${sectors} − 1 = ${start + sectors - 1n}, but End is ${end}; not exact.`,
    );
    exact = false;
  }
  if (blocks !== null && exact) {
    const fromBlocks = sizeFromBlocks(blocks, blocksOdd, sectorSize);
    if (fromBlocks !== null && fromBlocks !== partition.sizeBytes) {
      note(
        line,
        `${who}: Start–End is ${count} sectors but Blocks ${blocksText} is ${fromBlocks} bytes; not exact.`,
      );
      exact = false;
    }
  }
  partition.exact = exact;
}

/** Old fdisk's Blocks: 1 KiB blocks, `+` when a 512-byte sector is left over. */
export function sizeFromBlocks(blocks: bigint, odd: boolean, sectorSize: number): bigint | null {
  if (sectorSize === 512) return blocks * 1024n + (odd ? VMDK_SECTOR_BYTES : 0n);
  if (sectorSize >= 1024 && !odd) return blocks * 1024n;
  return null;
}

export function dosFlags(partition: ListingPartition, row: Row): string[] {
  const flags: string[] = [];
  const id = row.values.id?.toLowerCase();
  if (id !== undefined && EXTENDED_IDS.has(id)) flags.push("extended");
  else if (partition.number !== null && partition.number >= 5) flags.push("logical");
  else flags.push("primary");
  if (row.boot === "*") flags.push("boot");
  return flags;
}

export function warnDuplicateDevices(
  states: DiskState[],
  note: (line: number, text: string) => void,
): void {
  const seen = new Map<string, number>();
  for (const { disk } of states) {
    if (disk.device === null) continue;
    const earlier = seen.get(disk.device);
    if (earlier !== undefined) {
      note(
        disk.line ?? 1,
        `${disk.device} is listed again (first at line ${earlier}); both listings are kept. Check which one is current.`,
      );
    } else {
      seen.set(disk.device, disk.line ?? 1);
    }
  }
}
