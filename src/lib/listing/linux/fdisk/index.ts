/**
 * Linux `fdisk -l` (and `sfdisk -l`, and fdisk's own `p` command) → disks and partitions.
 *
 * Modern util-linux (2.24 and later; German and French too):
 *
 *   Disk /dev/sda: 223.57 GiB, 240057409536 bytes, 468862128 sectors   ← size: the byte count
 *   Units: sectors of 1 * 512 = 512 bytes                              ← Start/End/Sectors unit
 *   Sector size (logical/physical): 512 bytes / 4096 bytes
 *   Disklabel type: dos
 *
 *   Device     Boot   Start       End   Sectors   Size Id Type
 *   /dev/sda1  *       2048   1050623   1048576   512M 83 Linux
 *   /dev/sda2       1050624 468862127 467811504 223.1G  5 Extended
 *   /dev/sda5       1052672 468862127 467809456 223.1G 83 Linux
 *
 *   start byte = Start × 512; size = Sectors × 512; End must be Start + Sectors − 1.
 *   `Size` (512M) is rounded and only for people: never used as a number.
 *
 * Old util-linux (2.1x) printed cylinders by default:
 *
 *   Units = cylinders of 16065 * 512 = 8225280 bytes
 *      Device Boot      Start         End      Blocks   Id  System
 *   /dev/sda1   *           1          13      104391   83  Linux
 *   /dev/sda3             536        1044     4088542+   5  Extended
 *
 *   Start/End are rounded to cylinders: the partition's start is unknown (null, inexact).
 *   Blocks are 1 KiB with `+` for an odd 512-byte sector, so the size is exact on 512-byte
 *   disks. With `fdisk -lu` the same table is in sectors, and exact.
 *
 * Every non-blank line that is not part of a disk header or a table becomes a note, so
 * prompts, banners and warnings stay visible; nothing is dropped silently.
 *
 * Files: words.ts (words and shapes), header.ts (disk lines, column titles), rows.ts (partition
 * rows), disks.ts (a disk while read, then settled), numbers.ts (a row's numbers in bytes).
 */
import { parseDecimal } from "../../../units.ts";
import {
  cleanLine,
  diskOfPartition,
  linesAloneNote,
  MAX_LINE_LENGTH,
  sectorSizeFrom,
  shorten,
  type TakenOut,
  withoutDisks,
  gptBehindMbrText,
  gptListingCommand,
} from "../../text.ts";
import type { LineParser, ListingNote, ListingResult } from "../../types.ts";
import {
  addPartition,
  copyDiskFacts,
  finishDisk,
  isBusybox,
  newDiskState,
  warnDuplicateDevices,
} from "./disks.ts";
import type { DiskState, Note } from "./disks.ts";
import { isDevicelessHeader, matchDiskHeader, matchTableHeader } from "./header.ts";
import { matchConsistentRow, matchRow } from "./rows.ts";
import {
  CYLINDER_UNIT,
  LABEL_TYPE,
  QUIET_LINES,
  SECTOR_SIZE,
  SECTOR_SIZE_NUMBERS_ONLY,
  SECTOR_UNIT,
  UNITS,
  UNITS_PARENTHESIZED,
} from "./words.ts";

/**
 * Parses `fdisk -l` output in English, German or French, modern (sectors) or old (cylinders).
 *
 * @example
 * parseFdisk([
 *   "Disk /dev/sda: 8 GiB, 8589934592 bytes, 16777216 sectors",
 *   "Units: sectors of 1 * 512 = 512 bytes",
 *   "Device     Boot Start     End Sectors  Size Id Type",
 *   "/dev/sda1  *     2048 1050623 1048576  512M 83 Linux",
 * ])
 * // { ok: true, format: "fdisk", disks: [{ device: "/dev/sda", sizeBytes: 8589934592n,
 * //   partitions: [{ number: 1, startByte: 1048576n, sizeBytes: 536870912n, exact: true, … }] }] }
 */
export const parseFdisk: LineParser = (lines) => {
  const notes: ListingNote[] = [];
  const read: FdiskRead = {
    notes,
    states: [],
    current: null,
    sawFdisk: false,
    firstTableLine: null,
    unreadRow: null,
    devicelessHeader: null,
    cutRows: [],
    lastLine: 0,
    foreignRow: null,
    strayRows: [],
    note: (line, text) => notes.push({ line, text: shorten(text) }),
  };
  for (let index = 0; index < lines.length; index++) readLine(read, lines[index] ?? "", index + 1);
  if (!read.sawFdisk) return null;
  return finishListing(read);
};

/** An fdisk listing while it is read: its disks so far, the one being read, its notes. */
interface FdiskRead {
  notes: ListingNote[];
  states: DiskState[];
  current: DiskState | null;
  /** A `Disk …:` line, a table header or a row was seen: the text is fdisk's. */
  sawFdisk: boolean;
  firstTableLine: number | null;
  /** The first line that looks like one of a disk's partition rows but was not read. */
  unreadRow: { line: number; titled: boolean } | null;
  /** The first column-title line with no Device column (`fdisk -o Start,End,Sectors`). */
  devicelessHeader: number | null;
  /** Lines that are only a partition's device name (and perhaps one number): rows cut short. */
  cutRows: { line: number; device: string; state: DiskState }[];
  /** The last line that is not blank. */
  lastLine: number;
  /** The first row naming a partition of another disk than the one it is listed under. */
  foreignRow: { line: number; device: string; disk: string } | null;
  /** Lines not read that look like a partition row of the disk their device names. */
  strayRows: { line: number; disk: string }[];
  note: Note;
}

function startDisk(read: FdiskRead, line: number, device: string | null): DiskState {
  const state = newDiskState(line, device);
  read.states.push(state);
  return state;
}

/** The disk a Units, sector size or table line belongs to (one without a `Disk …:` line). */
function diskForTable(read: FdiskRead, line: number): DiskState {
  return read.current ?? (read.current = startDisk(read, line, null));
}

/**
 * The disk a Units, sector size or label line describes. After a disk's table those lines
 * begin the next disk, whose `Disk …:` line was not read (cut from the paste, or in words not
 * known): they must not change the disk above, nor its rows.
 */
function diskForFacts(read: FdiskRead, line: number): DiskState {
  const current = read.current;
  if (current && (current.header !== null || current.rows.length > 0)) {
    return (read.current = startDisk(read, line, null));
  }
  return diskForTable(read, line);
}

/** Reads one line (1-based `lineNo`); a line nothing reads becomes a note. */
function readLine(read: FdiskRead, raw: string, lineNo: number): void {
  if (raw.length > MAX_LINE_LENGTH) {
    read.note(lineNo, raw);
    return;
  }
  const text = cleanLine(raw);
  const trimmed = text.trimStart();
  if (trimmed === "") return;
  read.lastLine = lineNo;
  // Chinese catalogues write full-width colons and commas in the disk's lines.
  const plain = trimmed.replace(/：/g, ": ").replace(/，/g, ", ");
  const taken =
    readDiskLine(read, plain, lineNo) ||
    readUnitsLine(read, plain, lineNo) ||
    readSectorSizeLine(read, plain, lineNo) ||
    readLabelLine(read, plain, lineNo) ||
    readBusyboxGeometry(read, plain) ||
    QUIET_LINES.some((re) => re.test(plain)) ||
    readTableHeader(read, text, lineNo) ||
    readTableRow(read, text, lineNo) ||
    readHeaderlessRow(read, trimmed, lineNo);
  if (!taken) {
    read.note(lineNo, trimmed);
    if (read.current && isDevicelessHeader(trimmed)) {
      read.devicelessHeader ??= lineNo;
    } else if (read.current && looksLikeRowOf(read.current.disk.device, trimmed)) {
      read.unreadRow ??= { line: lineNo, titled: read.current.header !== null };
    } else if (read.current && looksLikeCutRowOf(read.current.disk.device, trimmed)) {
      read.cutRows.push({
        line: lineNo,
        device: trimmed.split(/\s+/)[0] ?? "",
        state: read.current,
      });
    }
    const ownDisk = diskOfPartition(trimmed.split(/\s+/)[0] ?? "");
    if (ownDisk?.startsWith("/dev/") && looksLikeRowOf(ownDisk, trimmed)) {
      read.strayRows.push({ line: lineNo, disk: ownDisk });
    }
  }
}

/**
 * A line that is only the beginning of one of the disk's partition rows: its device name
 * (`/dev/sdb3` under `/dev/sdb`), perhaps the boot mark and one number, and nothing after. A
 * paste cut off there (a chat's or a forum's length limit, a selection that stopped short)
 * leaves a partition without its numbers.
 */
function looksLikeCutRowOf(device: string | null, trimmed: string): boolean {
  if (device === null || !trimmed.startsWith(device)) return false;
  const [name = "", ...rest] = trimmed.split(/\s+/);
  if (!/^p?\d{1,4}$/.test(name.slice(device.length))) return false;
  const cells = rest[0] === "*" ? rest.slice(1) : rest;
  return cells.length <= 1 && cells.every((w) => /^\d+$/.test(w));
}

/**
 * A line that starts like one of the disk's partition rows (`/dev/sda1` under `/dev/sda`, then
 * numbers) but was not read: its table's column titles were not understood.
 */
function looksLikeRowOf(device: string | null, trimmed: string): boolean {
  if (device === null || !trimmed.startsWith(device)) return false;
  const words = trimmed.split(/\s+/);
  // Other commands' lines pasted after the listing are not rows: df's
  // (`/dev/sda2  240234168 9812344 218165392   5% /`), /proc/swaps' (`/dev/sda5  partition …`).
  if (words.some((w) => /^\d+%$/.test(w))) return false;
  const rest = words[1] === "*" || words[1] === "?" ? words.slice(2) : words.slice(1);
  return (
    /^p?\d{1,4}$/.test((words[0] ?? "").slice(device.length)) &&
    /^\d+\+?$/.test(rest[0] ?? "") &&
    rest.slice(0, 3).filter((w) => /^\d+[+-]?$/.test(w)).length >= 2
  );
}

function readDiskLine(read: FdiskRead, trimmed: string, lineNo: number): boolean {
  const diskHeader = matchDiskHeader(trimmed);
  if (!diskHeader) return false;
  read.sawFdisk = true;
  const state = startDisk(read, lineNo, diskHeader.device);
  read.current = state;
  state.fromDiskLine = true;
  state.disk.sizeBytes = diskHeader.bytes;
  state.sectorCount = diskHeader.sectors;
  return true;
}

/** `Units: sectors of 1 * 512 = 512 bytes` (or cylinders of 16065 * 512). */
function readUnitsLine(read: FdiskRead, trimmed: string, lineNo: number): boolean {
  const units = UNITS.exec(trimmed) ?? UNITS_PARENTHESIZED.exec(trimmed);
  if (!units) return false;
  const state = diskForFacts(read, lineNo);
  const unitWord = units[1] ?? "";
  const perUnit = parseDecimal(units[2] ?? "", 12);
  state.unitsLine = lineNo;
  state.unitsSectorSize = sectorSizeFrom(units[3] ?? "");
  if (state.unitsSectorSize === null) {
    state.unitsUnreadable = true;
    read.note(
      lineNo,
      `${trimmed} — not a sector size fdisk uses; partitions on this disk are not exact.`,
    );
  }
  if (CYLINDER_UNIT.test(unitWord) || (perUnit !== null && perUnit > 1n)) {
    state.cylinders = true;
    state.unitSectors = perUnit;
  } else if (SECTOR_UNIT.test(unitWord)) {
    state.unitSectors = perUnit;
  } else {
    state.unitsUnreadable = true;
    read.note(
      lineNo,
      `${trimmed} — unit "${unitWord}" not understood; partitions on this disk are not exact.`,
    );
  }
  return true;
}

function readSectorSizeLine(read: FdiskRead, trimmed: string, lineNo: number): boolean {
  const sectorSize = SECTOR_SIZE.exec(trimmed) ?? SECTOR_SIZE_NUMBERS_ONLY.exec(trimmed);
  if (!sectorSize) return false;
  const state = diskForFacts(read, lineNo);
  state.disk.logicalSectorSize = sectorSizeFrom(sectorSize[1] ?? "");
  state.disk.physicalSectorSize = sectorSizeFrom(sectorSize[2] ?? "");
  if (state.disk.logicalSectorSize === null) read.note(lineNo, trimmed);
  return true;
}

function readLabelLine(read: FdiskRead, trimmed: string, lineNo: number): boolean {
  const label = LABEL_TYPE.exec(trimmed);
  if (!label) return false;
  const state = diskForFacts(read, lineNo);
  const type = label[1] ?? "";
  state.labelSaid = true;
  if (type === "dos" || type === "gpt") state.disk.tableType = type;
  else read.note(lineNo, trimmed);
  return true;
}

/** busybox's `4 cylinders, 255 heads, 63 sectors/track`: the disk above is listed by busybox. */
function readBusyboxGeometry(read: FdiskRead, plain: string): boolean {
  if (!/^\d+ cylinders, \d+ heads, \d+ sectors\/track$/.test(plain)) return false;
  if (read.current) read.current.busybox = true;
  return true;
}

function readTableHeader(read: FdiskRead, text: string, lineNo: number): boolean {
  const header = matchTableHeader(text, lineNo);
  if (!header) return false;
  read.sawFdisk = true;
  read.firstTableLine ??= lineNo;
  let state = diskForTable(read, lineNo);
  if (state.header) {
    // A second table under one disk header (e.g. `p` typed twice): a disk entry of its own.
    const again = startDisk(read, lineNo, state.disk.device);
    copyDiskFacts(state, again);
    again.copiedFacts = true;
    state = read.current = again;
  }
  state.header = header;
  state.hasIdColumn = header.columns.some((c) => c.kind === "id");
  return true;
}

function readTableRow(read: FdiskRead, text: string, lineNo: number): boolean {
  const current = read.current;
  if (!current?.header) return false;
  const row = matchRow(text, current.header);
  if (!row) return false;
  claimRow(read, current, row.device, lineNo);
  addPartition(current, row, lineNo, read.note);
  return true;
}

/**
 * Whether a row's device can be a partition of the disk: `/dev/sda1` of `/dev/sda`,
 * `/dev/nvme0n1p1` of `/dev/nvme0n1`, `/dev/mapper/x-part1` of `/dev/mapper/x`. Names that are
 * not paths (image files, RHEL 7's `Partition 1`) and devfs's `…/disc` and `…/part1` are not
 * judged.
 */
function partOf(disk: string | null, device: string): boolean {
  if (disk === null || !disk.startsWith("/dev/") || !device.startsWith("/dev/")) return true;
  if (disk.endsWith("/disc")) return true;
  return device.startsWith(disk) && /^(?:p|-part)?\d{1,6}$/.test(device.slice(disk.length));
}

/**
 * A row naming a partition of another disk than the one above it: that disk's own lines are
 * missing. A table that only inherited the disk above (a second table without a `Disk …:` line)
 * forgets it: its device, size and sector size are not that disk's. Otherwise the listing is
 * refused, or another disk's partitions would be planned on this one.
 */
function claimRow(read: FdiskRead, state: DiskState, device: string, lineNo: number): void {
  if (partOf(state.disk.device, device)) return;
  if (state.copiedFacts && state.rows.length === 0) {
    const fresh = newDiskState(state.disk.line ?? lineNo, null);
    const { header, hasIdColumn } = state;
    Object.assign(state.disk, fresh.disk);
    Object.assign(state, { ...fresh, disk: state.disk, header, hasIdColumn });
    read.note(
      header?.line ?? lineNo,
      `This table has no \`Disk …:\` line of its own, and its rows (${device}) are not on the disk above it: its disk's size and sector size are unknown.`,
    );
    return;
  }
  read.foreignRow ??= { line: lineNo, device, disk: state.disk.device ?? "" };
}

/**
 * A row without its header (or with a cell lost to a web page's reformatting) is still read
 * when Start, End and Sectors stand together and agree: End − Start + 1 = Sectors.
 */
function readHeaderlessRow(read: FdiskRead, trimmed: string, lineNo: number): boolean {
  const current = read.current;
  const canRead =
    current !== null &&
    (current.header === null
      ? current.fromDiskLine || current.unitsLine !== null || current.fromRows
      : ["start", "end", "sectors"].every((k) =>
          current.header?.columns.some((c) => c.kind === k),
        ));
  if (current !== null && !canRead) return false;
  let state = current;
  const row = matchConsistentRow(trimmed);
  if (!row) return false;
  if (state === null || (state.fromRows && !partOf(state.disk.device, row.device))) {
    // Rows pasted alone, with no line of fdisk's above them: each disk is named after its
    // rows' devices (`/dev/sda1` → /dev/sda), and only /dev/ paths are taken for rows.
    const disk = row.device.startsWith("/dev/") ? diskOfPartition(row.device) : null;
    if (disk === null) return false;
    state = read.current = startDisk(read, lineNo, disk);
    state.fromRows = true;
  }
  read.sawFdisk = true;
  claimRow(read, state, row.device, lineNo);
  addPartition(state, row, lineNo, read.note, new Set(["start", "end", "sectors"]));
  if (!state.headerlessNoteGiven) {
    state.headerlessNoteGiven = true;
    if (state.fromRows) {
      // Nothing but the rows says what is on the disk: a row left out of the selection is a
      // partition that looks free.
      read.notes.push({
        line: lineNo,
        text: shorten(linesAloneNote(state.disk.device, "partition rows", "row", "sudo fdisk -l")),
        important: true,
      });
    } else {
      read.note(
        lineNo,
        state.header === null
          ? `${state.disk.device ?? "This disk"}: rows without their header line are read where Start, End and Sectors agree (End − Start + 1 = Sectors).`
          : `${trimmed.slice(0, 60)}: this row does not fit the header's columns; it is read because its Start, End and Sectors agree.`,
      );
    }
  }
  return true;
}

/** Settles every disk; a table without any `Disk …:` line must say its units somewhere. */
function finishListing(read: FdiskRead): ListingResult {
  const { states, notes, note, firstTableLine } = read;
  for (const state of states) finishDisk(state, note);
  warnDuplicateDevices(states, note, (line, text) =>
    notes.push({ line, text: shorten(text), important: true }),
  );
  notes.sort((a, b) => a.line - b.line);

  const disks = states.map((s) => s.disk);
  if (read.devicelessHeader !== null) {
    return fail(
      `Line ${read.devicelessHeader} holds fdisk column titles without the Device column (\`-o\` chose them): its rows cannot be matched to their partitions, so none is read. Run \`LC_ALL=C sudo fdisk -l\` with its default columns and paste all of it.`,
      notes,
    );
  }
  if (read.unreadRow !== null) {
    // Never a disk that looks empty, or half full, because its rows were not understood.
    const { line, titled } = read.unreadRow;
    const why = titled
      ? "its cells do not fit the column titles above it"
      : "no column titles this reader knows are above it (in English: `Device Boot Start End Sectors Size Id Type`)";
    const last =
      line === read.lastLine
        ? " It is the last line of the paste: the paste may have been cut off in the middle of it."
        : "";
    return fail(
      `Line ${line} looks like a partition row, but it could not be read: ${why}, and its numbers do not read as Start, End and Sectors (End − Start + 1 = Sectors).${last} A disk is never shown with rows missing: run \`LC_ALL=C sudo fdisk -l\` and paste all of it, column titles included.`,
      notes,
    );
  }
  // Rows pasted alone: one of a disk's rows that could not be read would leave its partition
  // looking free, as under a `Disk …:` line above.
  const stray = read.strayRows.find((r) =>
    states.some((s) => s.fromRows && s.disk.device === r.disk),
  );
  if (stray !== undefined) {
    return fail(
      `Line ${stray.line} looks like a partition row of ${stray.disk}, but its numbers do not read as Start, End and Sectors (End − Start + 1 = Sectors), and the other rows were pasted without fdisk's column titles. A disk is never shown with rows missing: run \`LC_ALL=C sudo fdisk -l\` and paste all of it, from its \`Disk /dev/…:\` line on.`,
      notes,
    );
  }
  if (read.foreignRow !== null) {
    const { line, device, disk } = read.foreignRow;
    return fail(
      `Line ${line} lists ${device}, which is not a partition of ${disk}, the disk named above it: the lines that name its own disk (\`Disk /dev/…:\`, \`Units:\`) are missing, so its numbers would be put on the wrong disk. Paste the whole output of \`fdisk -l\`, every disk's lines included.`,
      notes,
    );
  }
  // A device name alone where no row of that partition was read: the row was cut off, and the
  // partition would look like free space. A name read as a row elsewhere is another command's.
  const cut = read.cutRows.find((c) => !c.state.rows.some((r) => r.row.device === c.device));
  if (cut !== undefined) {
    return fail(
      `Line ${cut.line} holds only the beginning of ${cut.device}'s row: the paste looks cut off there, and without its numbers the partition would look like free space. Copy the whole output of \`fdisk -l\` again (save it to a file if the window or the forum cuts it: \`sudo fdisk -l > partitions.txt\`) and paste all of it.`,
      notes,
    );
  }
  if (!states.some((s) => s.fromDiskLine)) {
    const rows = states.reduce((n, s) => n + s.rows.length, 0);
    if (rows === 0) {
      return fail(
        `An fdisk table header is at line ${firstTableLine ?? 1}, but no partition rows and no \`Disk …:\` line were found. Paste the whole output of \`fdisk -l\`.`,
        notes,
      );
    }
    if (states.every((s) => s.rowsNeedingUnits === s.rows.length && !s.disk.sectorSizeUnknown)) {
      return fail(
        `The fdisk table at line ${firstTableLine ?? 1} has no \`Disk …:\` and \`Units:\` lines above it, so the sector size of its numbers is unknown. Paste the whole output of \`fdisk -l\`, from its \`Disk /dev/…:\` line on.`,
        notes,
      );
    }
  }
  const busybox = states.some((s) =>
    s.header?.columns.some((c) => c.title === "StartLBA" || c.title === "StartCHS"),
  );
  // Disks whose partitions are not all here: a GPT disk this fdisk saw only through its MBR,
  // and one whose rows were cut off the paste.
  const behindMbr: TakenOut[] = states.flatMap((s) =>
    s.protectiveLine === undefined
      ? []
      : [
          {
            disk: s.disk,
            line: s.protectiveLine,
            why: gptBehindMbrText(s.disk, gptListingCommand(s.disk.device)),
          },
        ],
  );
  return withoutDisks({ ok: true, format: busybox ? "busybox-fdisk" : "fdisk", disks, notes }, [
    ...behindMbr,
    ...states.flatMap(rowsCutOff),
  ]);
}

/**
 * util-linux fdisk (2.23 on: it says `Disklabel type:`) prints its column titles only above
 * partition rows: titles with no row under them mean the paste was cut there, and the disk's
 * partitions are missing. (busybox prints the titles over an empty table too, and old fdisk
 * did, so those are let be.)
 */
function rowsCutOff(state: DiskState): TakenOut[] {
  const { header, disk } = state;
  if (header === null || state.rows.length > 0 || !state.labelSaid || isBusybox(state)) return [];
  return [
    {
      disk,
      line: header.line,
      why: `${disk.device ?? "This disk"}: fdisk's column titles are here, but no partition row follows them. fdisk prints them only above partitions, so the paste was cut here and the partitions are missing. Copy all of \`sudo fdisk -l\` again (or save it: \`sudo fdisk -l > partitions.txt\`) and paste it whole.`,
    },
  ];
}

function fail(error: string, notes: ListingNote[]): ListingResult {
  return { ok: false, error, notes };
}
