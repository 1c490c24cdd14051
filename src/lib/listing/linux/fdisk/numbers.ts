/**
 * A partition row's numbers in bytes: sectors × the sector size, checked against End and Blocks;
 * cylinder listings give no exact start.
 */
import { parseDecimal, VMDK_SECTOR_BYTES } from "../../../units.ts";
import type { ListingPartition } from "../../types.ts";
import type { DiskState, Note, PendingRow } from "./disks.ts";
import type { Row } from "./rows.ts";

/** The numbers of one row, read as its disk's units say; notes say why any is not exact. */
export function computeNumbers(
  state: DiskState,
  partition: ListingPartition,
  pending: PendingRow,
  sectorSize: number | null,
  unitsAgree: boolean,
  note: Note,
): void {
  const { row, line, kinds } = pending;
  const numbers = rowNumbers(row);
  if (state.unitsUnreadable) {
    state.rowsNeedingUnits++; // said once, at the Units line
    return;
  }
  const cylinders = state.cylinders || (state.unitSectors === null && kinds.has("cylinders"));
  if (cylinders) {
    readCylinderRow(state, partition, numbers, sectorSize, line, note);
    return;
  }
  const sectorUnits =
    state.unitSectors === 1n || (state.unitSectors === null && kinds.has("sectors"));
  const { start, end } = numbers;
  if (sectorUnits && sectorSize === null && start !== null && end !== null && end >= start) {
    keepSectorNumbers(state, partition, { ...numbers, start, end }, line, note);
    return;
  }
  if (!sectorUnits || sectorSize === null) {
    state.rowsNeedingUnits++;
    if (state.rowsNeedingUnits === 1) noteMissingUnits(state, sectorSize, line, note);
    return;
  }
  if (start !== null && end === null && !kinds.has("end") && !kinds.has("sectors")) {
    readStartOnlyRow(state, partition, start, sectorSize, unitsAgree, line, note);
    return;
  }
  if (start === null || end === null) return;
  readSectorRow(partition, { ...numbers, start, end }, sectorSize, unitsAgree, line, note);
}

/**
 * A table whose columns (`fdisk -o Device,Start,Size`) give no End and no Sectors: the start is
 * exact, the size is not known (fdisk's Size is rounded, or bytes only with --bytes, which a
 * reader cannot tell apart from a trimmed paste), so nothing is claimed for it.
 */
function readStartOnlyRow(
  state: DiskState,
  partition: ListingPartition,
  start: bigint,
  sectorSize: number,
  unitsAgree: boolean,
  line: number,
  note: Note,
): void {
  if (unitsAgree) partition.startByte = start * BigInt(sectorSize);
  if (!state.startsOnlyNoteGiven) {
    state.startsOnlyNoteGiven = true;
    note(
      state.header?.line ?? line,
      `${state.disk.device ?? "This disk"}: the table has no End or Sectors column, so only the partitions' starts are exact; their sizes are not known. List it with the default columns (\`fdisk -l\`) or add them (\`-o Device,Start,End,Sectors,Type\`).`,
    );
  }
}

/** A row's Start, End, Sectors and Blocks (`+` marks an odd 512-byte sector). */
interface RowNumbers {
  start: bigint | null;
  end: bigint | null;
  sectors: bigint | null;
  blocks: bigint | null;
  blocksOdd: boolean;
  blocksText: string | undefined;
}

function rowNumbers(row: Row): RowNumbers {
  const blocksText = row.values.blocks;
  const start = parseDecimal(row.values.start ?? "");
  const sectors = parseDecimal(row.values.sectors ?? "");
  // A table without an End column (`fdisk -o Device,Start,Sectors`): End is Start + Sectors − 1.
  const end =
    row.values.end === undefined && start !== null && sectors !== null && sectors > 0n
      ? start + sectors - 1n
      : parseDecimal(row.values.end ?? "");
  return {
    start,
    end,
    sectors,
    blocks: blocksText === undefined ? null : parseDecimal(blocksText.replace(/\+$/, "")),
    blocksOdd: blocksText?.endsWith("+") ?? false,
    blocksText,
  };
}

/** Start/End are rounded to cylinders; only a Blocks count can give the exact size. */
function readCylinderRow(
  state: DiskState,
  partition: ListingPartition,
  { blocks, blocksOdd }: RowNumbers,
  sectorSize: number | null,
  line: number,
  note: Note,
): void {
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
}

/**
 * Sectors of a size the listing does not give (a trimmed paste): keep the exact sector numbers,
 * claim no bytes, and let the user say 512 or 4096 (docs/listings.md).
 */
function keepSectorNumbers(
  state: DiskState,
  partition: ListingPartition,
  { start, end, sectors }: RowNumbers & { start: bigint; end: bigint },
  line: number,
  note: Note,
): void {
  if (sectors !== null && start + sectors - 1n !== end) {
    note(
      line,
      `${partition.label}: Start ${start} + Sectors ${sectors} − 1 is not End ${end}; not read.`,
    );
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
}

function noteMissingUnits(
  state: DiskState,
  sectorSize: number | null,
  line: number,
  note: Note,
): void {
  note(
    line,
    sectorSize === null
      ? `${state.disk.device ?? "This disk"}: the listing does not say its sector size (no \`Units:\` or \`Sector size\` line), so its partitions have no exact numbers.`
      : `${state.disk.device ?? "This disk"}: the listing does not say which units Start and End are in (no \`Units:\` line), so its partitions have no exact numbers.`,
  );
}

/** Start × the sector size, Sectors (or End − Start + 1) × the sector size: exact when all agree. */
function readSectorRow(
  partition: ListingPartition,
  {
    start,
    end,
    sectors,
    blocks,
    blocksOdd,
    blocksText,
  }: RowNumbers & { start: bigint; end: bigint },
  sectorSize: number,
  unitsAgree: boolean,
  line: number,
  note: Note,
): void {
  const who = partition.label;
  const unit = BigInt(sectorSize);
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
function sizeFromBlocks(blocks: bigint, odd: boolean, sectorSize: number): bigint | null {
  if (sectorSize === 512) return blocks * 1024n + (odd ? VMDK_SECTOR_BYTES : 0n);
  if (sectorSize >= 1024 && !odd) return blocks * 1024n;
  return null;
}
