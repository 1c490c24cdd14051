/**
 * One disk of an fdisk listing while it is read, and what is settled once its lines are all
 * read: the sector size, the table type, each partition's numbers and flags.
 */
import { COMMON_SECTOR_BYTES } from "../../../units.ts";
import type { ListingDisk, ListingPartition } from "../../types.ts";
import type { TableHeader } from "./header.ts";
import { computeNumbers } from "./numbers.ts";
import type { Row } from "./rows.ts";
import { EXTENDED_IDS } from "./words.ts";
import type { ColumnKind } from "./words.ts";

/** Adds a note at a 1-based line. */
export type Note = (line: number, text: string) => void;

export interface PendingRow {
  partition: ListingPartition;
  row: Row;
  line: number;
  kinds: Set<ColumnKind>;
}

export interface DiskState {
  disk: ListingDisk;
  /** From `Units:`: how many logical sectors one unit is, and whether it is a cylinder. */
  unitSectors: bigint | null;
  cylinders: boolean;
  /** Sector size named on the Units line (`… of 1 * 512 = …`). */
  unitsSectorSize: number | null;
  /** A Units line was there but could not be read: the table's numbers mean nothing sure. */
  unitsUnreadable: boolean;
  unitsLine: number | null;
  sectorCount: bigint | null;
  labelSaid: boolean;
  /** True when a `Disk …:` line opened this disk (not only a table or a Units line). */
  fromDiskLine: boolean;
  /** True when a row pasted alone opened this disk, named after the row's device. */
  fromRows: boolean;
  header: TableHeader | null;
  /** Rows read so far; their numbers are computed once the disk's units are all known. */
  rows: PendingRow[];
  rowsNeedingUnits: number;
  hasIdColumn: boolean;
  cylinderNoteGiven: boolean;
  unknownSizeNoteGiven: boolean;
  startsOnlyNoteGiven: boolean;
  /** busybox's shape (its geometry line or StartLBA columns): its disk line counts 512-byte sectors. */
  busybox: boolean;
  headerlessNoteGiven: boolean;
  /** The facts were copied from the disk above (a second table without a `Disk …:` line). */
  copiedFacts?: boolean;
  /**
   * The line of the disk's protective MBR entry (Id `ee`), set when the disk is settled: the
   * disk is GPT, and this fdisk read only its MBR (index.ts takes the disk out).
   */
  protectiveLine?: number;
}

/** A disk with nothing read yet (`device` null until a `Disk …:` line or a row names it). */
export function newDiskState(line: number, device: string | null): DiskState {
  return {
    disk: {
      device,
      logicalSectorSize: null,
      physicalSectorSize: null,
      sizeBytes: null,
      tableType: null,
      line,
      partitions: [],
    },
    unitSectors: null,
    cylinders: false,
    unitsSectorSize: null,
    unitsUnreadable: false,
    unitsLine: null,
    sectorCount: null,
    labelSaid: false,
    fromDiskLine: false,
    fromRows: false,
    header: null,
    rows: [],
    rowsNeedingUnits: 0,
    hasIdColumn: false,
    cylinderNoteGiven: false,
    unknownSizeNoteGiven: false,
    startsOnlyNoteGiven: false,
    busybox: false,
    headerlessNoteGiven: false,
  };
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
function sectorSizeOf(state: DiskState): number | null {
  return state.disk.logicalSectorSize ?? state.unitsSectorSize ?? derivedSectorSize(state);
}

/**
 * busybox fdisk prints the disk's size in 512-byte sectors whatever its sector size (busybox
 * 1.35 on a 4096-byte-sector disk: `268435456 bytes, 524288 sectors`, `Units: … 4096 bytes`).
 */
export function isBusybox(state: DiskState): boolean {
  return (
    state.busybox ||
    (state.header?.columns.some((c) => c.title === "StartLBA" || c.title === "StartCHS") ?? false)
  );
}

function derivedSectorSize(state: DiskState): number | null {
  if (isBusybox(state)) return null;
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
  note: Note,
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

export function finishDisk(state: DiskState, note: Note): void {
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
    const countedIn = isBusybox(state) ? 512 : sectorSize;
    if (state.sectorCount * BigInt(countedIn) !== disk.sizeBytes) {
      note(
        disk.line ?? 1,
        `${disk.device ?? "The disk"}: ${state.sectorCount} sectors × ${countedIn} bytes is not the ${disk.sizeBytes} bytes the same line gives.`,
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
    if (pending.row.values.id?.toLowerCase() === "ee") state.protectiveLine ??= pending.line;
  }
  if (disk.tableType === "dos" && !state.hasIdColumn) markExtendedByContents(disk.partitions);
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
  // The protective entry covers the whole disk: never offer it as a partition. Beside other
  // entries (a hybrid MBR, as Boot Camp made) the disk is still GPT: its backup table is at
  // the end, and the GPT may hold partitions the MBR does not show.
  const protective = disk.partitions.some((p) => /^ee\b/.test(p.type ?? ""));
  disk.partitions = disk.partitions.filter((p) => !/^ee\b/.test(p.type ?? ""));
  if (protective || (disk.partitions.length === 0 && state.rows.length > 0)) {
    disk.tableType = "gpt";
  }
}

/**
 * Without an Id column (`fdisk -o` without Id, type names in another language) the extended
 * partition is the primary one (1–4) whose range holds the logical ones (5 and up).
 */
function markExtendedByContents(partitions: ListingPartition[]): void {
  const range = (p: ListingPartition): [bigint, bigint] | null => {
    const start = p.startByte ?? p.startSector ?? null;
    const size = p.startByte !== null ? p.sizeBytes : (p.sizeSectors ?? null);
    return start === null || size === null || size === undefined ? null : [start, start + size];
  };
  const logical = partitions.filter((p) => p.flags?.includes("logical")).map(range);
  for (const p of partitions) {
    if (!p.flags?.includes("primary")) continue;
    const r = range(p);
    if (r && logical.some((l) => l !== null && l[0] >= r[0] && l[0] < r[1])) {
      p.flags = p.flags.map((f) => (f === "primary" ? "extended" : f));
    }
  }
}

function dosFlags(partition: ListingPartition, row: Row): string[] {
  const flags: string[] = [];
  const id = row.values.id?.toLowerCase();
  if (id !== undefined && EXTENDED_IDS.has(id)) flags.push("extended");
  else if (partition.number !== null && partition.number >= 5) flags.push("logical");
  else flags.push("primary");
  if (row.boot === "*") flags.push("boot");
  return flags;
}

/** A disk's size and partitions, to tell a repeat of its listing from another listing. */
const diskKey = (disk: ListingDisk): string =>
  [
    disk.sizeBytes,
    disk.logicalSectorSize,
    disk.tableType,
    ...disk.partitions.map((p) => `${p.label}@${p.startByte}+${p.sizeBytes}`),
  ].join("|");

/**
 * A device listed twice: the same listing pasted twice, a table printed again (`p` typed
 * twice), or two machines' (or before and after a change). When the two differ, the note is
 * important: both are `/dev/sda`, and only the user knows which one is the host's now.
 */
export function warnDuplicateDevices(
  states: DiskState[],
  note: Note,
  importantNote: Note = note,
): void {
  const seen = new Map<string, { line: number; disk: ListingDisk }>();
  for (const { disk } of states) {
    if (disk.device === null) continue;
    const earlier = seen.get(disk.device);
    if (earlier === undefined) {
      seen.set(disk.device, { line: disk.line ?? 1, disk });
    } else if (diskKey(earlier.disk) === diskKey(disk)) {
      note(
        disk.line ?? 1,
        `${disk.device} is listed again (first at line ${earlier.line}), the same; both listings are kept. Check which one is current.`,
      );
    } else {
      importantNote(
        disk.line ?? 1,
        `${disk.device} is listed again (first at line ${earlier.line}) with another size or other partitions: two machines' listings, or one taken before and after a change, were pasted together. Both are kept; plan only on the one from the machine and the moment VirtualBox will run on, or paste that listing alone.`,
      );
    }
  }
}
