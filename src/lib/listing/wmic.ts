/**
 * Windows `wmic partition get …` and `wmic diskdrive get …` (and the same WMI classes through
 * PowerShell `Get-CimInstance Win32_DiskPartition | Format-List`) → disks and partitions.
 *
 * One record per partition (Win32_DiskPartition) or disk (Win32_DiskDrive), in three shapes:
 *
 *   table (wmic's default; also PowerShell Format-Table: dashes under the labels, numbers
 *   right-aligned)
 *     Name                   NumberOfBlocks  StartingOffset
 *     Disk #0, Partition #0  125829120       1048576
 *     ^ a column starts where its header word starts and is as wide as its widest cell + 2;
 *       values contain spaces and commas, so rows are cut at those positions, never split
 *
 *   list (/format:list, /value, `list full`; PowerShell Format-List uses `Key : Value`)
 *     NumberOfBlocks=125829120          records are separated by blank lines; a key seen
 *     StartingOffset=1048576            twice, or out of the records' order, starts one too
 *
 *   csv (/format:csv: a blank line, then the header; fields are never quoted)
 *     Node,Name,NumberOfBlocks,StartingOffset
 *     HOST,Disk #0, Partition #0,125829120,1048576
 *          ^^^^^^^^^^^^^^^^^^^^^ one value: rebuilt from what each column may hold
 *
 * Units: StartingOffset and Size are bytes; NumberOfBlocks counts BlockSize-byte blocks
 * (BlockSize is the disk's logical sector size). Win32_DiskDrive.Size comes from the disk's
 * CHS geometry and is smaller than the disk: it is only ever a lower bound. `Disk #0,
 * Partition #1` is 0-based and Disk #N is `\\.\PhysicalDriveN`.
 *
 * wmic piped through cmd ends lines with CR CR LF, which splits into a blank line after every
 * line: blank lines inside tables are skipped, and list records then need two blank lines.
 */
import { formatBytes, MIB, parseDecimal } from "../units.ts";
import type {
  LineParser,
  ListingDisk,
  ListingNote,
  ListingPartition,
  ListingResult,
} from "./types.ts";

import { POWERSHELL_PARTITION_COMMAND, WMIC_PARTITION_COMMAND } from "./commands.ts";

export { POWERSHELL_PARTITION_COMMAND, WMIC_PARTITION_COMMAND };

/** Lines longer than this are not wmic output (its widest table is about 1,000 characters). */
const MAX_LINE_CHARS = 8192;
/** At most this many "not read" notes one by one; the rest are counted in one note. */
const MAX_UNUSED_LINE_NOTES = 200;
/** A CSV row with more surplus commas than this is not even tried (one per name column at most). */
const MAX_EXTRA_COMMAS = 8;
const EXCERPT_CHARS = 120;

type RecordClass = "partition" | "diskdrive";

/**
 * What a column may hold. `name` is a partition's `Disk #0, Partition #1` (the only value with
 * a comma in practice) or a disk's `\\.\PHYSICALDRIVE0`.
 */
type Kind = "uint" | "bool" | "name" | "text";

// Win32_DiskPartition and Win32_DiskDrive properties (Microsoft's class reference), split by
// which class has them: a header with one of the class-only names tells the class.
const PARTITION_ONLY: Readonly<Record<string, Kind>> = {
  Access: "uint",
  BlockSize: "uint",
  Bootable: "bool",
  BootPartition: "bool",
  DiskIndex: "uint",
  HiddenSectors: "uint",
  NumberOfBlocks: "uint",
  PrimaryPartition: "bool",
  Purpose: "text",
  RewritePartition: "bool",
  StartingOffset: "uint",
  Type: "text",
};

const DISKDRIVE_ONLY: Readonly<Record<string, Kind>> = {
  BytesPerSector: "uint",
  Capabilities: "text",
  CapabilityDescriptions: "text",
  CompressionMethod: "text",
  DefaultBlockSize: "uint",
  FirmwareRevision: "text",
  InterfaceType: "text",
  Manufacturer: "text",
  MaxBlockSize: "uint",
  MaxMediaSize: "uint",
  MediaLoaded: "bool",
  MediaType: "text",
  MinBlockSize: "uint",
  Model: "text",
  NeedsCleaning: "bool",
  NumberOfMediaSupported: "uint",
  Partitions: "uint",
  SCSIBus: "uint",
  SCSILogicalUnit: "uint",
  SCSIPort: "uint",
  SCSITargetId: "uint",
  SectorsPerTrack: "uint",
  SerialNumber: "text",
  Signature: "uint",
  TotalCylinders: "uint",
  TotalHeads: "uint",
  TotalSectors: "uint",
  TotalTracks: "uint",
  TracksPerCylinder: "uint",
};

const SHARED: Readonly<Record<string, Kind>> = {
  AdditionalAvailability: "uint",
  Availability: "uint",
  Caption: "name",
  ConfigManagerErrorCode: "uint",
  ConfigManagerUserConfig: "bool",
  CreationClassName: "text",
  Description: "text",
  DeviceID: "name",
  ErrorCleared: "bool",
  ErrorDescription: "text",
  ErrorMethodology: "text",
  IdentifyingDescriptions: "text",
  Index: "uint",
  InstallDate: "text",
  LastErrorCode: "uint",
  MaxQuiesceTime: "uint",
  Name: "name",
  Node: "text",
  OtherIdentifyingInfo: "text",
  PNPDeviceID: "text",
  PowerManagementCapabilities: "text",
  PowerManagementSupported: "bool",
  PowerOnHours: "uint",
  Size: "uint",
  Status: "text",
  StatusInfo: "uint",
  SystemCreationClassName: "text",
  SystemName: "text",
  TotalPowerOnHours: "uint",
};

/** Extra keys PowerShell's Format-List prints (Get-CimInstance, Get-WmiObject). */
const POWERSHELL_EXTRAS = new Set([
  "PSComputerName",
  "CimClass",
  "CimInstanceProperties",
  "CimSystemProperties",
  "__GENUS",
  "__CLASS",
  "__SUPERCLASS",
  "__DYNASTY",
  "__RELPATH",
  "__PROPERTY_COUNT",
  "__DERIVATION",
  "__SERVER",
  "__NAMESPACE",
  "__PATH",
  "Scope",
  "Path",
  "Options",
  "ClassPath",
  "Properties",
  "SystemProperties",
  "Qualifiers",
  "Site",
  "Container",
]);

/** Numeric properties whose values the planner uses: two listings disagreeing on one is an error. */
const USED_NUMBERS = [
  "StartingOffset",
  "Size",
  "NumberOfBlocks",
  "BlockSize",
  "BytesPerSector",
  "TotalSectors",
] as const;

const has = (table: Readonly<Record<string, Kind>>, name: string): boolean =>
  Object.prototype.hasOwnProperty.call(table, name);

function kindOf(name: string): Kind | null {
  if (has(PARTITION_ONLY, name)) return PARTITION_ONLY[name] ?? null;
  if (has(DISKDRIVE_ONLY, name)) return DISKDRIVE_ONLY[name] ?? null;
  if (has(SHARED, name)) return SHARED[name] ?? null;
  return null;
}

const isColumnName = (name: string): boolean => kindOf(name) !== null;
const isListKey = (name: string): boolean => isColumnName(name) || POWERSHELL_EXTRAS.has(name);
const isClassOnly = (name: string): boolean =>
  has(PARTITION_ONLY, name) || has(DISKDRIVE_ONLY, name);

/** `Disk #0, Partition #1` (also localized: any words around two `#N`). */
const PARTITION_NAME = /^[^#]*#(\d{1,9})[^#]*#(\d{1,9})\s*$/;
/** The one value with a comma that wmic's CSV leaves unquoted. */
const PARTITION_NAME_WITH_COMMA = /^[^#,]*#\d{1,9},[^#,]*#\d{1,9}$/;
const PHYSICAL_DRIVE = /^\\\\\.\\PHYSICALDRIVE(\d{1,9})$/i;
const DECIMAL_OR_EMPTY = /^\d*$/;
const BOOLEAN_OR_EMPTY = /^(?:true|false)?$/i;

// ---------------------------------------------------------------------------------------------
// Records

interface WmicRecord {
  cls: RecordClass | null;
  /** 0-based index of the row, or of the record's first line. */
  line: number;
  /** Every line the record was read from. */
  lines: number[];
  values: Map<string, string>;
  /** The line each value came from (list records; table and CSV rows are one line). */
  keyLines: Map<string, number>;
}

interface Column {
  name: string;
  /** Where the header word starts and ends. */
  start: number;
  end: number;
}

type Section =
  | {
      kind: "table";
      headerLine: number;
      prefix: string;
      quoteDepth: number;
      columns: Column[];
      /** PowerShell's Format-Table (a dashes line under the header): numbers are right-aligned. */
      dashed: boolean;
      cls: RecordClass | null;
      rows: number;
    }
  | {
      kind: "csv";
      headerLine: number;
      prefix: string;
      quoteDepth: number;
      names: string[];
      cls: RecordClass | null;
      rows: number;
    }
  | {
      /** Consecutive key/value records of one style. */
      kind: "list";
      style: "=" | ":";
      /** Each key's place in the records' order (all records list their keys in one order). */
      order: Map<string, number>;
      records: WmicRecord[];
      record: WmicRecord | null;
      blankRun: number;
      valueColumn: number;
      lastKey: string;
    };

interface KeyValue {
  key: string;
  value: string;
  style: "=" | ":";
  valueColumn: number;
}

/** Collects notes by line; lines nobody used get a "not read" note at the end. */
class LineBook {
  readonly used: Uint8Array;
  readonly specific = new Map<number, string[]>();
  readonly facts: { line: number; text: string }[] = [];

  constructor(count: number) {
    this.used = new Uint8Array(count);
  }

  use(line: number): void {
    this.used[line] = 1;
  }

  /** A line that was looked at and not used, and why: `Not read: <text> (<why>)`. */
  reject(line: number, why: string): void {
    this.used[line] = 0;
    const list = this.specific.get(line);
    if (list) list.push(why);
    else this.specific.set(line, [why]);
  }

  /** A note about what a used line means (an assumption, a lower bound, a disagreement). */
  fact(line: number, text: string): void {
    this.facts.push({ line, text });
  }

  notes(lines: readonly string[]): ListingNote[] {
    const out: { line: number; text: string; order: number }[] = [];
    let order = 0;
    let unusedShown = 0;
    let unusedHidden = 0;
    let firstHidden = 0;
    for (let i = 0; i < lines.length; i++) {
      if (this.used[i]) continue;
      const raw = lines[i] ?? "";
      if (isBlank(raw)) continue;
      if (unusedShown < MAX_UNUSED_LINE_NOTES) {
        const reasons = this.specific.get(i) ?? [""];
        for (const why of reasons) {
          const text = `Not read: ${excerpt(raw)}${why === "" ? "" : ` (${why})`}`;
          out.push({ line: i + 1, text, order: order++ });
        }
        unusedShown++;
      } else {
        if (unusedHidden === 0) firstHidden = i + 1;
        unusedHidden++;
      }
    }
    if (unusedHidden > 0) {
      out.push({
        line: firstHidden,
        text: `${unusedHidden} more lines were not read (from line ${firstHidden} on).`,
        order: order++,
      });
    }
    for (const f of this.facts) out.push({ line: f.line + 1, text: f.text, order: order++ });
    out.sort((a, b) => a.line - b.line || a.order - b.order);
    return out.map(({ line, text }) => ({ line, text }));
  }
}

/** Empty, or only indentation and quote markers. */
const isBlank = (line: string): boolean => /^[\s>]*$/.test(line);

function excerpt(text: string): string {
  const t = text.trim();
  return t.length > EXCERPT_CHARS ? `${t.slice(0, EXCERPT_CHARS)}…` : t;
}

// ---------------------------------------------------------------------------------------------
// Reading lines

/** Tabs to 8-column stops: undoes `unexpand` and keeps columns where wmic put them. */
function expandTabs(line: string): string {
  if (!line.includes("\t")) return line;
  let out = "";
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] ?? "";
    out += ch === "\t" ? " ".repeat(8 - (out.length % 8)) : ch;
  }
  return out;
}

/** Indentation and `> ` quote markers in front of the listing. */
function splitPrefix(line: string): { prefix: string; body: string } {
  const match = /^[ >]*/.exec(line);
  const prefix = match ? match[0] : "";
  return { prefix, body: line.slice(prefix.length) };
}

const quoteDepth = (prefix: string): number => prefix.split(">").length - 1;

function matchTableHeader(body: string): Column[] | null {
  const text = body.trimEnd();
  if (text.length === 0) return null;
  const columns: Column[] = [];
  const seen = new Set<string>();
  const word = /\S+/g;
  for (let m = word.exec(text); m; m = word.exec(text)) {
    const name = m[0];
    if (!isColumnName(name) || seen.has(name) || columns.length >= 200) return null;
    seen.add(name);
    columns.push({ name, start: m.index, end: m.index + name.length });
  }
  const only = columns[0];
  if (columns.length === 1 && only && !isClassOnly(only.name)) return null;
  return columns.length > 0 ? columns : null;
}

/** PowerShell's `----  ---` line: one run of dashes under each header word, exactly. */
function matchDashes(body: string, columns: readonly Column[]): boolean {
  const text = body.trimEnd();
  if (!/^-+(?: +-+)*$/.test(text)) return false;
  const dash = /-+/g;
  let c = 0;
  for (let m = dash.exec(text); m; m = dash.exec(text), c++) {
    const column = columns[c];
    if (!column || column.start !== m.index || column.end !== m.index + m[0].length) return false;
  }
  return c === columns.length;
}

function matchCsvHeader(body: string): string[] | null {
  const text = body.trimEnd();
  if (!text.startsWith("Node,")) return null;
  const names = text.split(",");
  if (names.length > 201) return null;
  const seen = new Set<string>();
  for (const name of names.slice(1)) {
    if (!isColumnName(name) || name === "Node" || seen.has(name)) return null;
    seen.add(name);
  }
  return names;
}

const KEY_VALUE = /^([A-Za-z_][A-Za-z0-9_]*)(?:=(.*)|( *: ?)(.*))$/;

function matchKeyValue(body: string, prefixLength: number): KeyValue | null {
  const m = KEY_VALUE.exec(body);
  if (!m) return null;
  const key = m[1] ?? "";
  if (m[2] !== undefined) {
    return { key, value: m[2].trim(), style: "=", valueColumn: prefixLength + key.length + 1 };
  }
  const separator = m[3] ?? "";
  return {
    key,
    value: (m[4] ?? "").trim(),
    style: ":",
    valueColumn: prefixLength + key.length + separator.length,
  };
}

const leadingSpaces = (line: string): number => line.length - line.trimStart().length;

/** Cuts a table row where its columns start; null when the row does not line up. */
function cutRow(body: string, starts: readonly number[]): string[] | null {
  const cells: string[] = [];
  for (let c = 0; c < starts.length; c++) {
    const start = starts[c] ?? 0;
    const end = starts[c + 1];
    // A value running into the next column means the row is not aligned with this header.
    if (c > 0 && start > 0 && start <= body.length && body[start - 1] !== " ") return null;
    cells.push(body.slice(start, end).trim());
  }
  return cells;
}

/** wmic: every column starts where its header word starts. */
const wmicStarts = (columns: readonly Column[]): number[] => columns.map((c) => c.start);

/**
 * PowerShell Format-Table: text is left-aligned under its label, numbers right-aligned (they end
 * where the label ends), columns one space apart. Between a text column and the number after it,
 * the number (never with spaces) starts where its run of characters starts.
 */
function powerShellStarts(body: string, columns: readonly Column[]): number[] | null {
  const starts: number[] = [0];
  for (let c = 1; c < columns.length; c++) {
    const column = columns[c];
    const previous = columns[c - 1];
    if (!column || !previous) return null;
    if (kindOf(column.name) !== "uint") {
      starts.push(column.start);
    } else if (kindOf(previous.name) === "uint") {
      starts.push(previous.end + 1);
    } else {
      let start = Math.min(column.end, body.length);
      while (start > 0 && body[start - 1] !== " ") start--;
      starts.push(start);
    }
    // A right-aligned number ends exactly where its label ends.
    if (kindOf(column.name) === "uint" && body.length > column.end && body[column.end] !== " ") {
      return null;
    }
  }
  return starts;
}

function acceptsValue(kind: Kind, value: string): boolean {
  switch (kind) {
    case "uint":
      return DECIMAL_OR_EMPTY.test(value);
    case "bool":
      return BOOLEAN_OR_EMPTY.test(value);
    case "name":
      // A comma only as in `Disk #0, Partition #1`; a disk's name has none.
      return value.includes(",") ? PARTITION_NAME_WITH_COMMA.test(value) : true;
    case "text":
      return true;
  }
}

/**
 * Assigns the comma-separated fields of an unquoted CSV row to columns, using what each column
 * may hold: only a partition name (`Disk #0, Partition #1`) may take two fields. Returns the
 * cells only when exactly one assignment fits.
 */
function splitCsvRow(
  fields: readonly string[],
  kinds: readonly Kind[],
): { cells: string[] } | { error: string } {
  const F = fields.length;
  const C = kinds.length;
  const extra = F - C;
  if (extra < 0) return { error: `has ${F} fields, fewer than the header's ${C} columns` };
  if (extra > MAX_EXTRA_COMMAS) {
    return { error: `has ${F} fields for the header's ${C} columns: too many commas to place` };
  }
  // Only a name holds a comma, and only one: any other surplus comma is not guessed at.
  const spans = (c: number): number => (kinds[c] === "name" ? 2 : 1);
  const valueAt = (i: number, s: number): string => fields.slice(i, i + s).join(",");
  // ways[c][i]: in how many ways (0, 1 or "2 or more") fields i… fill columns c…
  const width = F + 1;
  const ways = new Uint8Array((C + 1) * width);
  ways[C * width + F] = 1;
  for (let c = C - 1; c >= 0; c--) {
    const kind = kinds[c] ?? "text";
    for (let i = c; i <= c + extra; i++) {
      let total = 0;
      for (let s = 1; s <= spans(c) && i + s <= F && total < 2; s++) {
        const rest = ways[(c + 1) * width + i + s] ?? 0;
        if (rest > 0 && acceptsValue(kind, valueAt(i, s))) total += rest;
      }
      ways[c * width + i] = Math.min(total, 2);
    }
  }
  const count = ways[0] ?? 0;
  if (count === 0) return { error: "does not fit the header's columns" };
  if (count > 1) {
    return {
      error:
        "cannot be split unambiguously: wmic does not quote CSV fields and more than one column could hold the extra commas",
    };
  }
  const cells: string[] = [];
  let i = 0;
  for (let c = 0; c < C; c++) {
    const kind = kinds[c] ?? "text";
    for (let s = 1; s <= spans(c) && i + s <= F; s++) {
      if ((ways[(c + 1) * width + i + s] ?? 0) > 0 && acceptsValue(kind, valueAt(i, s))) {
        cells.push(valueAt(i, s).trim());
        i += s;
        break;
      }
    }
  }
  return { cells };
}

function classOfColumns(names: Iterable<string>): RecordClass | null {
  let partition = false;
  let disk = false;
  for (const name of names) {
    if (has(PARTITION_ONLY, name)) partition = true;
    if (has(DISKDRIVE_ONLY, name)) disk = true;
  }
  if (partition === disk) return null;
  return partition ? "partition" : "diskdrive";
}

function classOfValues(values: ReadonlyMap<string, string>): RecordClass | null {
  for (const key of ["CreationClassName", "__CLASS", "CimClass"]) {
    const v = values.get(key) ?? "";
    if (/Win32_DiskPartition$/i.test(v)) return "partition";
    if (/Win32_DiskDrive$/i.test(v)) return "diskdrive";
  }
  for (const key of ["Name", "DeviceID", "Caption"]) {
    const v = values.get(key) ?? "";
    if (PHYSICAL_DRIVE.test(v)) return "diskdrive";
    if (PARTITION_NAME.test(v)) return "partition";
  }
  return null;
}

/** Checks a row's cells against their columns; returns why not, or null when they fit. */
function badCell(names: readonly string[], cells: readonly string[]): string | null {
  let meaningful = false;
  for (let c = 0; c < names.length; c++) {
    const name = names[c] ?? "";
    const value = cells[c] ?? "";
    const kind = kindOf(name);
    if (kind === "uint" && !DECIMAL_OR_EMPTY.test(value)) {
      return `${name} "${excerpt(value)}" is not a whole number`;
    }
    if (kind === "bool" && !BOOLEAN_OR_EMPTY.test(value)) {
      return `${name} "${excerpt(value)}" is not TRUE or FALSE`;
    }
    if ((kind === "uint" && value !== "") || (kind === "name" && PARTITION_NAME.test(value))) {
      meaningful = true;
    }
    if (kind === "name" && PHYSICAL_DRIVE.test(value)) meaningful = true;
  }
  return meaningful ? null : "no number or partition name where the header expects one";
}

interface Scan {
  records: WmicRecord[];
  /** A header or key that only wmic output has: the text is wmic even without usable rows. */
  distinctive: boolean;
  /** wmic's own messages (`No Instance(s) Available.`, `Invalid GET Expression.`). */
  wmicMessages: { line: number; text: string }[];
}

/** A cmd or PowerShell prompt (`C:\Users\alex>`, `PS C:\>`), with or without a command. */
const PROMPT = /^(?:PS )?[A-Za-z]:\\[^>]*>/;

const WMIC_MESSAGES: readonly RegExp[] = [
  /^No Instance\(s\) Available\.?$/i,
  /^Invalid (?:GET Expression|Global Switch|Verb Switch|Alias Verb|query|Class)\.?$/i,
  /^'wmic' is not recognized as an internal or external command/i,
  /^wmic : The term 'wmic' is not recognized/i,
];

/** Pass 1: finds tables, CSV blocks and list records; marks the lines they use. */
function scan(lines: readonly string[], book: LineBook): Scan {
  const records: WmicRecord[] = [];
  const wmicMessages: { line: number; text: string }[] = [];
  let distinctive = false;
  let open: Section | null = null;
  let previousText = "";
  const blankLimit = listBlankLimit(lines);

  const close = (): void => {
    if (!open) return;
    if (open.kind === "list") {
      finishListRun(open, records, book);
    } else if (open.rows === 0) {
      book.reject(open.headerLine, "a wmic header, but no row below it fits its columns");
      if (open.kind === "table" && open.dashed)
        book.reject(open.headerLine + 1, "under that header");
    }
    open = null;
  };

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? "";
    if (raw.length > MAX_LINE_CHARS) {
      book.reject(i, `${raw.length} characters: too long for wmic output`);
      continue;
    }
    const text = expandTabs(raw);
    if (isBlank(text)) {
      if (open?.kind === "list" && open.record && ++open.blankRun > blankLimit) endRecord(open);
      continue;
    }
    const { prefix, body } = splitPrefix(text);

    const csvNames = matchCsvHeader(body);
    if (csvNames) {
      close();
      const cls = classOfColumns(csvNames);
      if (cls) distinctive = true;
      book.use(i);
      open = {
        kind: "csv",
        headerLine: i,
        prefix,
        quoteDepth: quoteDepth(prefix),
        names: csvNames,
        cls,
        rows: 0,
      };
      continue;
    }

    const columns = matchTableHeader(body);
    if (columns) {
      close();
      const cls = classOfColumns(columns.map((c) => c.name));
      if (cls) distinctive = true;
      book.use(i);
      const headerLine = i;
      const next = i + 1 < lines.length ? expandTabs(lines[i + 1] ?? "") : "";
      const nextSplit = splitPrefix(next);
      const dashed =
        nextSplit.prefix === prefix &&
        next.length <= MAX_LINE_CHARS &&
        matchDashes(nextSplit.body, columns);
      if (dashed) book.use(++i);
      open = {
        kind: "table",
        headerLine,
        prefix,
        quoteDepth: quoteDepth(prefix),
        columns,
        dashed,
        cls,
        rows: 0,
      };
      continue;
    }

    const kv = matchKeyValue(body, prefix.length);
    if (kv && isListKey(kv.key)) {
      if (isClassOnly(kv.key)) distinctive = true;
      if (open?.kind !== "list" || open.style !== kv.style) {
        close();
        open = {
          kind: "list",
          style: kv.style,
          order: new Map(),
          records: [],
          record: null,
          blankRun: 0,
          valueColumn: 0,
          lastKey: "",
        };
      }
      addListValue(open, kv, i);
      continue;
    }

    if (PROMPT.test(body)) {
      // A new command: whatever was open has ended.
      close();
      continue;
    }

    if (open?.kind === "list") {
      // PowerShell wraps a long value onto lines indented to where values start.
      if (
        open.record &&
        open.style === ":" &&
        open.blankRun === 0 &&
        open.valueColumn > 0 &&
        leadingSpaces(text) === open.valueColumn
      ) {
        const previous = open.record.values.get(open.lastKey) ?? "";
        open.record.values.set(open.lastKey, `${previous} ${text.trim()}`.trim());
        open.record.lines.push(i);
        continue;
      }
      // A key the classes do not have, or a stray line: not read, but the record goes on.
      continue;
    }

    if (open?.kind === "table" || open?.kind === "csv") {
      const section = open;
      const rowBody = sectionBody(text, section.prefix, section.quoteDepth);
      if (rowBody === null) continue;
      const record =
        section.kind === "table"
          ? readTableRow(rowBody, section.columns, section.dashed, section.cls, i, book)
          : readCsvRow(rowBody, section.names, section.cls, i, book);
      if (record) {
        section.rows++;
        records.push(record);
        book.use(i);
      }
      continue;
    }

    const message = body.trim();
    const errorBlock = /^Description = (.+)$/.exec(message);
    if (errorBlock && previousText === "ERROR:") {
      wmicMessages.push({ line: i, text: errorBlock[1] ?? "" });
    } else if (WMIC_MESSAGES.some((re) => re.test(message))) {
      wmicMessages.push({ line: i, text: message });
    }
    previousText = message;
  }
  close();
  return { records, distinctive, wmicMessages };
}

/**
 * Blank lines that may sit inside a list record: 0, or 1 when every line was doubled (CR CR LF
 * split in two), seen as key lines that are never adjacent but often one blank apart.
 */
function listBlankLimit(lines: readonly string[]): number {
  let adjacent = 0;
  let oneApart = 0;
  let previousKey = -10;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? "";
    if (raw.length > MAX_LINE_CHARS || isBlank(raw)) continue;
    const { prefix, body } = splitPrefix(expandTabs(raw));
    const kv = matchKeyValue(body, prefix.length);
    if (!kv || !isListKey(kv.key)) {
      previousKey = -10;
      continue;
    }
    if (i - previousKey === 1) adjacent++;
    else if (i - previousKey === 2) oneApart++;
    previousKey = i;
  }
  return adjacent === 0 && oneApart > 0 ? 1 : 0;
}

type ListRun = Extract<Section, { kind: "list" }>;

/**
 * Adds a key to the open record, or starts a record: at a key the record already has, or one that
 * comes before the previous key in the records' order (a lost blank line between two records).
 */
function addListValue(run: ListRun, kv: KeyValue, line: number): void {
  const place = run.order.get(kv.key);
  const previous = run.record ? (run.order.get(run.lastKey) ?? 0) : null;
  if (
    run.record &&
    (run.record.values.has(kv.key) || (place !== undefined && place <= (previous ?? 0)))
  ) {
    endRecord(run);
  }
  if (place === undefined) run.order.set(kv.key, newPlace(run.order, run.record ? previous : null));
  run.record ??= { cls: null, line, lines: [], values: new Map(), keyLines: new Map() };
  run.record.values.set(kv.key, kv.value);
  run.record.keyLines.set(kv.key, line);
  run.record.lines.push(line);
  run.blankRun = 0;
  run.valueColumn = kv.valueColumn;
  run.lastKey = kv.key;
}

/** A place for a key not seen yet: right after `after`, or before all when a record starts. */
function newPlace(order: ReadonlyMap<string, number>, after: number | null): number {
  const places = [...order.values()];
  if (places.length === 0) return 0;
  if (after === null) return Math.min(...places) - 1;
  const later = places.filter((p) => p > after);
  return later.length === 0 ? after + 1 : (after + Math.min(...later)) / 2;
}

function endRecord(run: ListRun): void {
  if (run.record) run.records.push(run.record);
  run.record = null;
  run.blankRun = 0;
}

/** Keys whose absence from one record of a run, when its siblings have them, means a mangled paste. */
const RECORD_KEYS = [
  "StartingOffset",
  "Size",
  "NumberOfBlocks",
  "BlockSize",
  "Name",
  "DeviceID",
  "DiskIndex",
  "Index",
  "BytesPerSector",
  "TotalSectors",
] as const;

/**
 * wmic and PowerShell print every requested property for every record: a record missing one its
 * siblings have was cut or glued in the paste, and is not read rather than read wrong.
 */
function finishListRun(run: ListRun, records: WmicRecord[], book: LineBook): void {
  endRecord(run);
  for (const record of run.records) {
    record.cls = classOfValues(record.values) ?? classOfColumns(record.values.keys());
  }
  const keysOf = new Map<RecordClass, Set<string>>();
  for (const record of run.records) {
    if (!record.cls) continue;
    const keys = keysOf.get(record.cls) ?? new Set<string>();
    for (const key of RECORD_KEYS) if (record.values.has(key)) keys.add(key);
    keysOf.set(record.cls, keys);
  }
  for (const record of run.records) {
    if (!record.cls) {
      for (const line of record.lines) book.reject(line, "not part of a partition or disk record");
      continue;
    }
    const missing = [...(keysOf.get(record.cls) ?? [])].filter((k) => !record.values.has(k));
    if (missing.length > 0) {
      const why = `part of a record without the ${missing.join(", ")} line${missing.length > 1 ? "s" : ""} the others have`;
      for (const line of record.lines) book.reject(line, why);
      continue;
    }
    for (const line of record.lines) book.use(line);
    records.push(record);
  }
}

/** A row without the header's own prefix (indentation, quote markers) is read from its text. */
function sectionBody(text: string, prefix: string, depth: number): string | null {
  if (text.startsWith(prefix)) return text.slice(prefix.length);
  const own = splitPrefix(text);
  return quoteDepth(own.prefix) === depth ? own.body : null;
}

function readTableRow(
  body: string,
  columns: readonly Column[],
  dashed: boolean,
  cls: RecordClass | null,
  line: number,
  book: LineBook,
): WmicRecord | null {
  const names = columns.map((c) => c.name);
  const starts = dashed ? powerShellStarts(body, columns) : wmicStarts(columns);
  let cells = starts && cutRow(body, starts);
  let realigned = false;
  if (cells === null || badCell(names, cells) !== null) {
    // Not aligned with the header (spacing lost in a paste): columns are still two spaces apart.
    const parts = body.trim().split(/ {2,}/);
    if (parts.length === names.length && badCell(names, parts) === null) {
      cells = parts;
      realigned = true;
    }
  }
  if (cells === null) {
    book.reject(line, "does not line up with the columns of the header above");
    return null;
  }
  const problem = badCell(names, cells);
  if (problem !== null) {
    book.reject(line, `not a row of the table above: ${problem}`);
    return null;
  }
  const values = new Map<string, string>();
  names.forEach((name, c) => values.set(name, cells[c] ?? ""));
  const recordClass = cls ?? classOfValues(values);
  if (!recordClass) {
    book.reject(line, "the row names neither a partition nor a disk");
    return null;
  }
  if (realigned) {
    book.fact(
      line,
      "This row does not line up with its header; it was read by splitting at runs of two or more spaces.",
    );
  }
  return { cls: recordClass, line, lines: [line], values, keyLines: new Map() };
}

function readCsvRow(
  body: string,
  names: readonly string[],
  cls: RecordClass | null,
  line: number,
  book: LineBook,
): WmicRecord | null {
  const kinds = names.map((name): Kind => kindOf(name) ?? "text");
  const split = splitCsvRow(body.trimEnd().split(","), kinds);
  if ("error" in split) {
    book.reject(line, `this CSV row ${split.error}`);
    return null;
  }
  const problem = badCell(names.slice(1), split.cells.slice(1));
  if (problem !== null) {
    book.reject(line, `not a row of the CSV above: ${problem}`);
    return null;
  }
  const values = new Map<string, string>();
  names.forEach((name, c) => values.set(name, split.cells[c] ?? ""));
  const recordClass = cls ?? classOfValues(values);
  if (!recordClass) {
    book.reject(line, "the row names neither a partition nor a disk");
    return null;
  }
  return { cls: recordClass, line, lines: [line], values, keyLines: new Map() };
}

// ---------------------------------------------------------------------------------------------
// Meaning

const lineOf = (record: WmicRecord, key: string): number => record.keyLines.get(key) ?? record.line;

/** A listed number; null when absent or empty; a note when it is not a number. */
function numberValue(record: WmicRecord, key: string, book: LineBook): bigint | null {
  const text = record.values.get(key);
  if (text === undefined || text === "") return null;
  const value = parseDecimal(text);
  if (value === null) {
    book.fact(lineOf(record, key), `${key} "${excerpt(text)}" is not a whole number: ignored.`);
  }
  return value;
}

function smallNumber(value: bigint | null): number | null {
  return value !== null && value <= 2_000_000_000n ? Number(value) : null;
}

function booleanValue(record: WmicRecord, key: string): boolean | null {
  const text = (record.values.get(key) ?? "").toLowerCase();
  return text === "true" ? true : text === "false" ? false : null;
}

/** A logical sector size: a power of two from 512 to 64 KiB. */
function sectorSizeValue(record: WmicRecord, key: string, book: LineBook): number | null {
  const value = numberValue(record, key, book);
  if (value === null) return null;
  const n = smallNumber(value);
  if (n === null || n < 512 || n > 65536 || (n & (n - 1)) !== 0) {
    book.fact(lineOf(record, key), `${key} ${value} is not a sector size: ignored.`);
    return null;
  }
  return n;
}

interface DiskFacts {
  index: number | null;
  line: number;
  bytesPerSector: number | null;
  sizeLowerBound: bigint | null;
  partitionsListed: number | null;
  fromDiskDrive: boolean;
  partitions: { partition: ListingPartition; record: WmicRecord; blockSize: number | null }[];
}

type MergeResult = { ok: true; records: WmicRecord[] } | { ok: false; error: string };

/**
 * The same partition (or disk) listed twice, e.g. a table and a list of the same machine:
 * one record, as long as the numbers agree.
 */
function mergeDuplicates(
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
function nameNumbers(record: WmicRecord): { disk: number; partition: number } | null {
  for (const key of ["Name", "DeviceID", "Caption"]) {
    const m = PARTITION_NAME.exec(record.values.get(key) ?? "");
    if (m) return { disk: Number(m[1]), partition: Number(m[2]) };
  }
  return null;
}

function partitionDiskIndex(record: WmicRecord, book: LineBook): number | null {
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

function partitionNumber(record: WmicRecord, book: LineBook): number | null {
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

function diskDriveIndex(record: WmicRecord, book: LineBook): number | null {
  const listed = smallNumber(numberValue(record, "Index", book));
  if (listed !== null) return listed;
  for (const key of ["DeviceID", "Name"]) {
    const m = PHYSICAL_DRIVE.exec(record.values.get(key) ?? "");
    if (m) return Number(m[1]);
  }
  return null;
}

const physicalDrive = (index: number): string => `\\\\.\\PhysicalDrive${index}`;

/** Pass 2: records → disks. */
function buildResult(
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
function tableTypeOf(types: readonly (string | undefined)[]): "dos" | "gpt" | null | undefined {
  const known = types.filter((t): t is string => t !== undefined && t !== "");
  if (known.length === 0) return undefined;
  const gpt = known.filter((t) => t.startsWith("GPT:")).length;
  if (gpt === known.length) return "gpt";
  return gpt === 0 ? "dos" : null;
}

/**
 * Reads wmic (or PowerShell Win32_DiskPartition) output. Returns null when the lines hold no
 * wmic header, CSV header or key = value record; never throws.
 *
 * @example
 * parseWmic([
 *   "Name                   NumberOfBlocks  StartingOffset",
 *   "Disk #0, Partition #0  125829120       1048576",
 * ]);
 * // { ok: true, format: "wmic", disks: [{ device: "\\\\.\\PhysicalDrive0",
 * //   partitions: [{ number: 0, startByte: 1048576n, sizeBytes: 64424509440n, exact: true, … }] }],
 * //   notes: [{ line: 2, text: "Disk 0: BlockSize is not listed, …" }] }
 */
export const parseWmic: LineParser = (lines) => {
  try {
    const book = new LineBook(lines.length);
    return buildResult(scan(lines, book), lines, book);
  } catch (e) {
    return {
      ok: false,
      error: `The wmic listing could not be read (internal error: ${e instanceof Error ? e.message : String(e)}).`,
      notes: [],
    };
  }
};
