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
import {
  parseDecimal,
  MIN_SECTOR_BYTES,
  MAX_SECTOR_BYTES,
  COMMON_SECTOR_BYTES,
  VMDK_SECTOR_BYTES,
} from "../units.ts";
import type {
  LineParser,
  ListingDisk,
  ListingNote,
  ListingPartition,
  ListingResult,
} from "./types.ts";

/** Lines longer than this are never fdisk output; they become (shortened) notes unread. */
const MAX_LINE_LENGTH = 2000;
const NOTE_TEXT_LENGTH = 300;

// Words as util-linux 2.38 prints them in English, German and French (its own de/fr catalogues).
const DISK_WORD = String.raw`(?:Disk|Festplatte|Disque)`;
const BYTES_WORD = String.raw`(?:bytes|Bytes|octets)`;
const SECTORS_WORD = String.raw`(?:sectors|Sektoren|secteurs)`;

const DISK_HEADER = new RegExp(String.raw`^${DISK_WORD}\s+(\S+?)\s*:\s+(.*)$`);
const DISK_BYTES = new RegExp(String.raw`(?:^|[\s,])(\d+)\s*${BYTES_WORD}(?=,|$)`);
const DISK_SECTORS = new RegExp(String.raw`(?:^|[\s,])(\d+)\s*${SECTORS_WORD}$`);
/** util-linux 2.11 and older: `Disk /dev/hda: 255 heads, 63 sectors, 2434 cylinders`. */
const DISK_OLD_GEOMETRY = /^\d+ heads, \d+ sectors, \d+ cylinders$/;
/** Interactive fdisk piped: `Command (m for help): Disk /dev/sda: …` on one line. */
const PROMPT_PREFIX = /^[^()]{0,40}\([^()]{1,40}\)\s*:\s+/;

const UNITS = new RegExp(
  String.raw`^(?:Units|Einheiten|Unités)\s*[:=]\s*(\S+)\s+(?:of|von|de)\s+(\d+)\s*[*×]\s*(\d+)(?:\s*=\s*(\d+))?\s*${BYTES_WORD}$`,
);
const CYLINDER_UNIT = /^(?:cylinders?|Zylinder|cylindres?)$/i;
const SECTOR_UNIT = /^(?:sectors?|Sektoren|Sektor|secteurs?)$/i;

const SECTOR_SIZE = new RegExp(
  String.raw`^(?:Sector size \(logical/physical\)|Sektorgröße \(logisch/physikalisch\)|Taille de secteur \(logique / physique\))\s*:\s*(\d+)\s*${BYTES_WORD}\s*/\s*(\d+)\s*${BYTES_WORD}$`,
);
const LABEL_TYPE =
  /^(?:Disklabel type|Disk label type|Festplattenbezeichnungstyp|Type d'étiquette de disque)\s*:\s*(\S+)$/;
/** Known lines that carry nothing the plan needs. */
const QUIET_LINES = [
  /^(?:I\/O size \(minimum\/optimal\)|E\/A-Größe \(minimal\/optimal\)|taille d'E\/S \(minimale \/ optimale\))\s*:/,
  /^(?:Geometry|Geometrie|Géométrie)\s*:\s*\d+/,
  /^\d+ heads, \d+ sectors\/track, \d+ cylinders(?:, total \d+ sectors)?$/,
];

type ColumnKind =
  | "device"
  | "number"
  | "boot"
  | "start"
  | "end"
  | "sectors"
  | "cylinders"
  | "blocks"
  | "size"
  | "id"
  | "chs"
  | "type"
  | "text";

/** Column titles of util-linux fdisk (2.1x–2.38, en/de/fr) and busybox fdisk. */
const COLUMN_WORDS: Readonly<Record<string, ColumnKind>> = {
  Device: "device",
  Gerät: "device",
  Périphérique: "device",
  "#": "number",
  Boot: "boot",
  Amorçage: "boot",
  Start: "start",
  Anfang: "start",
  Début: "start",
  StartLBA: "start",
  End: "end",
  Ende: "end",
  Fin: "end",
  EndLBA: "end",
  Sectors: "sectors",
  Sektoren: "sectors",
  Secteurs: "sectors",
  Cylinders: "cylinders",
  Zylinder: "cylinders",
  Cylindres: "cylinders",
  Blocks: "blocks",
  Size: "size",
  Größe: "size",
  Taille: "size",
  Id: "id",
  Kn: "id",
  Kennung: "id",
  "Start-C/H/S": "chs",
  "End-C/H/S": "chs",
  StartCHS: "chs",
  EndCHS: "chs",
  Type: "type",
  Typ: "type",
  System: "type",
};

/** Token shapes of the one-word columns; a line whose tokens do not fit is not a row. */
const TOKEN_SHAPE: Partial<Record<ColumnKind, RegExp>> = {
  number: /^\d{1,6}$/,
  start: /^\d{1,40}$/,
  end: /^\d{1,40}$/,
  sectors: /^\d{1,40}$/,
  cylinders: /^\d{1,40}$/,
  blocks: /^\d{1,40}\+?$/,
  size: /^\d+(?:[.,]\d+)?[KMGTPEZY]?(?:i?B)?$/,
  id: /^[0-9a-fA-F]{1,2}$/,
  chs: /^\d+[/,]\d+[/,]\d+$/,
};

const EXTENDED_IDS = new Set(["5", "f", "85"]);

interface Column {
  kind: ColumnKind;
  title: string;
  /** Where the title starts in the header line (for splitting several text columns). */
  at: number;
}

interface TableHeader {
  columns: Column[];
  line: number;
}

interface PendingRow {
  partition: ListingPartition;
  row: Row;
  line: number;
  kinds: Set<ColumnKind>;
}

interface DiskState {
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
  header: TableHeader | null;
  /** Rows read so far; their numbers are computed once the disk's units are all known. */
  rows: PendingRow[];
  rowsNeedingUnits: number;
  hasIdColumn: boolean;
  cylinderNoteGiven: boolean;
  unknownSizeNoteGiven: boolean;
  headerlessNoteGiven: boolean;
}

interface Cleaned {
  /** The line without quote markers, colour codes, tabs (expanded) and trailing blanks. */
  text: string;
  /** `text` without leading blanks. */
  trimmed: string;
}

/** Terminal colour and cursor codes (ESC [ … m), present when a `script` log is pasted. */
// eslint-disable-next-line no-control-regex -- the escape character is exactly what is matched
const TERMINAL_CODES = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** Removes what pasting adds around terminal output, keeping column positions. */
function cleanLine(raw: string): Cleaned {
  let s = raw.replace(TERMINAL_CODES, "");
  s = s.replace(/^[ \t]*(?:>[ \t]?)+/, "");
  if (s.includes("\t")) s = expandTabs(s);
  s = s.replace(/\s+$/, "");
  return { text: s, trimmed: s.replace(/^\s+/, "") };
}

function expandTabs(s: string): string {
  let out = "";
  for (const ch of s) {
    if (ch === "\t") out += " ".repeat(8 - (out.length % 8));
    else out += ch;
  }
  return out;
}

/** Sector sizes are powers of two from 512 to 64 KiB; anything else is not taken as one. */
function parseSectorSize(text: string): number | null {
  const n = parseDecimal(text, 6);
  if (n === null || n < MIN_SECTOR_BYTES || n > MAX_SECTOR_BYTES || (n & (n - 1n)) !== 0n)
    return null;
  return Number(n);
}

function shorten(text: string): string {
  return text.length > NOTE_TEXT_LENGTH ? `${text.slice(0, NOTE_TEXT_LENGTH)}…` : text;
}

interface DiskHeaderMatch {
  device: string;
  bytes: bigint | null;
  sectors: bigint | null;
}

function matchDiskHeader(trimmed: string): DiskHeaderMatch | null {
  const candidates = [trimmed];
  const prompt = PROMPT_PREFIX.exec(trimmed);
  if (prompt) candidates.push(trimmed.slice(prompt[0].length));
  for (const candidate of candidates) {
    const m = DISK_HEADER.exec(candidate);
    if (!m) continue;
    const device = m[1] ?? "";
    const rest = m[2] ?? "";
    const bytesMatch = DISK_BYTES.exec(rest);
    if (bytesMatch) {
      const sectorsMatch = DISK_SECTORS.exec(rest);
      return {
        device,
        bytes: parseDecimal(bytesMatch[1] ?? ""),
        sectors: sectorsMatch ? parseDecimal(sectorsMatch[1] ?? "") : null,
      };
    }
    if (DISK_OLD_GEOMETRY.test(rest)) return { device, bytes: null, sectors: null };
  }
  return null;
}

/** Column words by lower case: a header pasted in another case still names its columns. */
const COLUMN_WORDS_LOWER: ReadonlyMap<string, ColumnKind> = new Map(
  Object.entries(COLUMN_WORDS).map(([word, kind]) => [word.toLowerCase(), kind]),
);

function matchTableHeader(text: string, line: number): TableHeader | null {
  const columns: Column[] = [];
  for (const m of text.matchAll(/\S+/g)) {
    const title = m[0];
    const kind = COLUMN_WORDS[title] ?? COLUMN_WORDS_LOWER.get(title.toLowerCase()) ?? "text";
    columns.push({ kind, title, at: m.index });
  }
  const first = columns[0];
  if (!first || (first.kind !== "device" && first.kind !== "number")) return null;
  const kinds = new Set(columns.map((c) => c.kind));
  if (!kinds.has("start") || !kinds.has("end")) return null;
  // Text columns are free text: only the last ones may be, or rows cannot be split by blanks.
  const firstText = columns.findIndex((c, i) => i > 0 && (c.kind === "type" || c.kind === "text"));
  if (
    firstText !== -1 &&
    columns.slice(firstText).some((c) => c.kind !== "type" && c.kind !== "text")
  ) {
    return null;
  }
  return { columns, line };
}

/**
 * A partition row read without trusting any header: a device name (`/dev/sda1`), an optional
 * boot mark, then three whole numbers that agree as Start, End and Sectors; what follows the
 * numbers (size, Id, type) is kept as the type text. Null when no such three numbers stand
 * together, so nothing is guessed.
 */
function matchConsistentRow(text: string): Row | null {
  const words = [...text.matchAll(/\S+/g)];
  const device = words[0]?.[0] ?? "";
  if (!/^\/dev\/\S+\d$|^\S+\d+$/.test(device) || /^\d+$/.test(device)) return null;
  let i = 1;
  let boot: Row["boot"] = null;
  if (words[i]?.[0] === "*") {
    boot = "*";
    i++;
  }
  // busybox prints StartCHS and EndCHS (`0,32,33`) before the numbers.
  while (/^\d+[,/]\d+[,/]\d+$/.test(words[i]?.[0] ?? "")) i++;
  const [a, b, c] = [words[i]?.[0], words[i + 1]?.[0], words[i + 2]?.[0]];
  if (!a || !b || !c || ![a, b, c].every((w) => /^\d{1,20}$/.test(w))) return null;
  const start = parseDecimal(a);
  const end = parseDecimal(b);
  const sectors = parseDecimal(c);
  if (start === null || end === null || sectors === null || end - start + 1n !== sectors) {
    return null;
  }
  // After the type, `-o` may have put CHS and Attrs columns: they are not part of the type.
  const all = words.slice(i + 3).map((w) => w[0]);
  const chsAt = all.findIndex((w) => /^\d+[,/]\d+[,/]\d+$/.test(w));
  const rest = chsAt === -1 ? all : all.slice(0, chsAt);
  // Size (`512M`) then, on dos labels, a hex Id: the rest is the type.
  // (a plain 1–3 digit number there is an Id whose Size cell was lost, not a size).
  const size = rest[0];
  if (size !== undefined && TOKEN_SHAPE.size?.test(size) && !/^\d{1,3}$/.test(size)) rest.shift();
  const values: Row["values"] = { start: a, end: b, sectors: c };
  if (rest.length > 1 && /^[0-9a-f]{1,2}$/i.test(rest[0] ?? "")) values.id = rest.shift();
  const suffix = /(\d{1,6})$/.exec(device);
  return {
    device,
    number: suffix ? Number(suffix[1]) : null,
    boot,
    values,
    type: rest.length > 0 ? rest.join(" ") : null,
  };
}

interface Row {
  device: string;
  number: number | null;
  boot: "*" | "?" | null;
  values: Partial<Record<"start" | "end" | "sectors" | "cylinders" | "blocks" | "id", string>>;
  type: string | null;
}

/** Splits a table row by the header's columns; null when the line is not a row. */
function matchRow(text: string, header: TableHeader): Row | null {
  const tokens = [...text.matchAll(/\S+/g)];
  const first = tokens[0];
  if (!first) return null;
  const [deviceColumn, ...columns] = header.columns;
  if (!deviceColumn) return null;
  const row: Row = { device: first[0], number: null, boot: null, values: {}, type: null };
  if (deviceColumn.kind === "number") {
    if (!/^\d{1,6}$/.test(first[0])) return null;
    row.number = Number(first[0]);
  } else {
    if (COLUMN_WORDS[first[0]] !== undefined) return null;
    const suffix = /(\d{1,6})$/.exec(first[0]);
    row.number = suffix ? Number(suffix[1]) : null;
  }
  let i = 1;
  let textColumns: Column[] = [];
  for (let c = 0; c < columns.length; c++) {
    const column = columns[c];
    if (!column) break;
    if (column.kind === "type" || column.kind === "text") {
      textColumns = columns.slice(c);
      break;
    }
    const token = tokens[i]?.[0];
    if (column.kind === "boot") {
      if (token === "*" || token === "?") {
        row.boot = token;
        i++;
      }
      continue;
    }
    const shape = TOKEN_SHAPE[column.kind];
    if (token === undefined || !shape || !shape.test(token)) return null;
    if (
      column.kind === "start" ||
      column.kind === "end" ||
      column.kind === "sectors" ||
      column.kind === "cylinders" ||
      column.kind === "blocks" ||
      column.kind === "id"
    ) {
      if (row.values[column.kind] !== undefined) return null;
      row.values[column.kind] = token;
    }
    i++;
  }
  const restToken = tokens[i];
  if (textColumns.length === 0) {
    if (restToken) return null;
    return row;
  }
  if (!restToken) return row;
  row.type = splitTextColumns(text, restToken.index, textColumns);
  return row;
}

/**
 * The free text at the end of a row: the Type (or System) column, cut where the next text
 * column (Name, Attrs…) starts in the header. Columns are left-aligned, so the header's
 * positions, shifted by however the row's text is indented relative to its title, apply.
 */
function splitTextColumns(text: string, restStart: number, columns: Column[]): string | null {
  const [firstColumn, ...others] = columns;
  if (!firstColumn) return null;
  const shift = restStart - firstColumn.at;
  const cells: string[] = [];
  let from = restStart;
  for (const next of others) {
    const cut = next.at + shift;
    if (cut <= from || cut > text.length || text[cut - 1] !== " ") {
      cells.push(text.slice(from));
      from = text.length;
      break;
    }
    cells.push(text.slice(from, cut));
    from = cut;
  }
  if (from < text.length) cells.push(text.slice(from));
  const typeIndex = columns.findIndex((c) => c.kind === "type");
  const value = cells[typeIndex === -1 ? 0 : typeIndex]?.trim() ?? "";
  return value === "" ? null : value;
}

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

function fail(error: string, notes: ListingNote[]): ListingResult {
  return { ok: false, error, notes };
}

function copyDiskFacts(from: DiskState, to: DiskState): void {
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

function derivedSectorSize(state: DiskState): number | null {
  const bytes = state.disk.sizeBytes;
  const sectors = state.sectorCount;
  if (bytes === null || sectors === null || sectors === 0n || bytes % sectors !== 0n) return null;
  const size = bytes / sectors;
  return COMMON_SECTOR_BYTES.includes(size) ? Number(size) : null;
}

function addPartition(
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

function finishDisk(state: DiskState, note: (line: number, text: string) => void): void {
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

function computeNumbers(
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
function sizeFromBlocks(blocks: bigint, odd: boolean, sectorSize: number): bigint | null {
  if (sectorSize === 512) return blocks * 1024n + (odd ? VMDK_SECTOR_BYTES : 0n);
  if (sectorSize >= 1024 && !odd) return blocks * 1024n;
  return null;
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

function warnDuplicateDevices(
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
