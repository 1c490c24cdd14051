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
 */
import { addPartition, copyDiskFacts, fail, finishDisk, warnDuplicateDevices } from "./disks.ts";
import { matchConsistentRow, matchDiskHeader, matchRow, matchTableHeader } from "./table.ts";
import {
  CYLINDER_UNIT,
  LABEL_TYPE,
  QUIET_LINES,
  SECTOR_SIZE,
  SECTOR_UNIT,
  UNITS,
  type DiskState,
} from "./words.ts";
import type { LineParser, ListingNote } from "../../types.ts";
import { cleanLine as cleanText, MAX_LINE_LENGTH, sectorSizeFrom, shorten } from "../../text.ts";

import { parseDecimal } from "../../../units.ts";

/** A line as fdisk printed it (text.ts cleanLine), and the same without its indentation. */
function cleanLine(raw: string): { text: string; trimmed: string } {
  const text = cleanText(raw);
  return { text, trimmed: text.trimStart() };
}
const parseSectorSize = (text: string): number | null => sectorSizeFrom(text);

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
  const states: DiskState[] = [];
  let current: DiskState | null = null;
  let sawFdisk = false;
  let firstTableLine: number | null = null;

  const note = (line: number, text: string) => notes.push({ line, text: shorten(text) });
  const startDisk = (line: number, device: string | null): DiskState => {
    const state: DiskState = {
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
      header: null,
      rows: [],
      rowsNeedingUnits: 0,
      hasIdColumn: false,
      cylinderNoteGiven: false,
      unknownSizeNoteGiven: false,
      headerlessNoteGiven: false,
    };
    states.push(state);
    return state;
  };
  const diskForTable = (line: number): DiskState => current ?? (current = startDisk(line, null));

  for (let index = 0; index < lines.length; index++) {
    const lineNo = index + 1;
    const raw = lines[index] ?? "";
    if (raw.length > MAX_LINE_LENGTH) {
      note(lineNo, raw);
      continue;
    }
    const { text, trimmed } = cleanLine(raw);
    if (trimmed === "") continue;

    const diskHeader = matchDiskHeader(trimmed);
    if (diskHeader) {
      sawFdisk = true;
      current = startDisk(lineNo, diskHeader.device);
      current.fromDiskLine = true;
      current.disk.sizeBytes = diskHeader.bytes;
      current.sectorCount = diskHeader.sectors;
      continue;
    }

    const units = UNITS.exec(trimmed);
    if (units) {
      const state = diskForTable(lineNo);
      const unitWord = units[1] ?? "";
      const perUnit = parseDecimal(units[2] ?? "", 12);
      state.unitsLine = lineNo;
      state.unitsSectorSize = parseSectorSize(units[3] ?? "");
      if (state.unitsSectorSize === null) {
        state.unitsUnreadable = true;
        note(
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
        note(
          lineNo,
          `${trimmed} — unit "${unitWord}" not understood; partitions on this disk are not exact.`,
        );
      }
      continue;
    }

    const sectorSize = SECTOR_SIZE.exec(trimmed);
    if (sectorSize) {
      const state = diskForTable(lineNo);
      state.disk.logicalSectorSize = parseSectorSize(sectorSize[1] ?? "");
      state.disk.physicalSectorSize = parseSectorSize(sectorSize[2] ?? "");
      if (state.disk.logicalSectorSize === null) note(lineNo, trimmed);
      continue;
    }

    const label = LABEL_TYPE.exec(trimmed);
    if (label) {
      const state = diskForTable(lineNo);
      const type = label[1] ?? "";
      state.labelSaid = true;
      if (type === "dos" || type === "gpt") state.disk.tableType = type;
      else note(lineNo, trimmed);
      continue;
    }

    if (QUIET_LINES.some((re) => re.test(trimmed))) continue;

    const header = matchTableHeader(text, lineNo);
    if (header) {
      sawFdisk = true;
      firstTableLine ??= lineNo;
      let state = diskForTable(lineNo);
      if (state.header) {
        // A second table under one disk header (e.g. `p` typed twice): a disk entry of its own.
        const again = startDisk(lineNo, state.disk.device);
        copyDiskFacts(state, again);
        state = current = again;
      }
      state.header = header;
      state.hasIdColumn = header.columns.some((c) => c.kind === "id");
      continue;
    }

    if (current?.header) {
      const row = matchRow(text, current.header);
      if (row) {
        addPartition(current, row, lineNo, note);
        continue;
      }
    }

    // A row without its header (or with a cell lost to a web page's reformatting) is still read
    // when Start, End and Sectors stand together and agree: End − Start + 1 = Sectors.
    const state = current as DiskState | null;
    const canRead =
      state !== null &&
      (state.header === null
        ? state.fromDiskLine || state.unitsLine !== null
        : ["start", "end", "sectors"].every((k) =>
            state.header?.columns.some((c) => c.kind === k),
          ));
    if (state && canRead) {
      const row = matchConsistentRow(trimmed);
      if (row) {
        sawFdisk = true;
        addPartition(state, row, lineNo, note, new Set(["start", "end", "sectors"]));
        if (!state.headerlessNoteGiven) {
          state.headerlessNoteGiven = true;
          note(
            lineNo,
            state.header === null
              ? `${state.disk.device ?? "This disk"}: rows without their header line are read where Start, End and Sectors agree (End − Start + 1 = Sectors).`
              : `${trimmed.slice(0, 60)}: this row does not fit the header's columns; it is read because its Start, End and Sectors agree.`,
          );
        }
        continue;
      }
    }

    note(lineNo, trimmed);
  }

  if (!sawFdisk) return null;

  for (const state of states) finishDisk(state, note);
  warnDuplicateDevices(states, note);
  notes.sort((a, b) => a.line - b.line);

  const disks = states.map((s) => s.disk);
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
  return { ok: true, format: busybox ? "busybox-fdisk" : "fdisk", disks, notes };
};
