/**
 * PowerShell's storage cmdlets: `Get-Partition` and `Get-Disk`, as a list (`Format-List`, `fl`)
 * or as the default table, pasted alone or together (merged by disk number).
 *
 * - Get-Partition: Offset is always bytes (exact). Size is bytes when the property is asked for
 *   by name (`Format-List DiskNumber,PartitionNumber,Offset,Size`), but the default views round
 *   it (`100 MB`, `465.1 GB`): then the size is not exact. PartitionNumber is 1-based.
 * - Get-Disk: Number (= N of `\\.\PhysicalDriveN`), LogicalSectorSize, Size (bytes by name,
 *   rounded in the default table), SerialNumber, UniqueId, Guid (GPT), Signature (MBR),
 *   IsBoot, IsSystem, PartitionStyle.
 * - The console wraps long values onto indented continuation lines: they are joined again.
 * - `| ConvertTo-Json` (Windows PowerShell 5.1 writes `"Offset":  1048576`, two spaces after the
 *   colon; PowerShell 7 one; `-Compress` none) carries the same properties with raw values:
 *   Offset and Size in bytes, exact even past 2^53, `"DriveLetter": "\u0000"` for no letter.
 *   Objects may sit in an array or inside another object (`{"Disks": [...], "Partitions": [...]}`).
 * - `| ConvertTo-Csv` / `| Export-Csv` (a file for the listing's file button): a header of
 *   property names, then one line per object, values in bytes as in JSON. Windows PowerShell
 *   5.1 writes a `#TYPE …` line first and quotes every value (`"Offset","Size"`); PowerShell 7
 *   leaves out `#TYPE` and, with `-UseQuotes AsNeeded`, most quotes. `-UseCulture` separates
 *   with the culture's list separator, `;` in much of Europe; `-Delimiter "`t"`, and a copy of
 *   the exported file's cells from a spreadsheet, tabs. A value may hold the separator or a
 *   doubled quote inside quotes; an object with no drive letter has an empty one (or NUL).
 */
import type { LineParser, ListingDisk, ListingPartition } from "../types.ts";
import { physicalDrive } from "./numbers.ts";
import { quoteBigIntegers } from "../linux/sfdisk.ts";
import {
  cleanLines,
  decimal,
  emptyDisk,
  exactSizeBytes,
  Notes,
  okResult,
  sectorSizeFrom,
  type TakenOut,
  tokens,
  type Token,
  withoutDisks,
} from "../text.ts";

/** One object of a `Format-List`: its properties, and the lines it spans. */
interface ListObject {
  props: Map<string, string>;
  lines: number[];
}

const PROPERTY = /^([A-Za-z][A-Za-z0-9]*)\s*:\s?(.*)$/;

/** `Key : Value` blocks separated by blank lines; continuation lines are indented. */
export function listObjects(lines: readonly string[]): ListObject[] {
  const out: ListObject[] = [];
  let current: ListObject | null = null;
  let lastKey: string | null = null;
  lines.forEach((line, index) => {
    if (line.trim() === "") {
      current = null;
      lastKey = null;
      return;
    }
    const m = PROPERTY.exec(line);
    // A property line starts at column 0 with the key padded to the colon.
    if (m && !/^\s/.test(line) && /^\S+\s*:/.test(line)) {
      if (!current) {
        current = { props: new Map(), lines: [] };
        out.push(current);
      }
      lastKey = m[1] ?? "";
      current.props.set(lastKey, (m[2] ?? "").trim());
      current.lines.push(index);
      return;
    }
    const cur = current as ListObject | null;
    if (cur && lastKey && /^\s+\S/.test(line)) {
      cur.props.set(lastKey, `${cur.props.get(lastKey) ?? ""}${line.trim()}`);
      cur.lines.push(index);
      return;
    }
    current = null;
    lastKey = null;
  });
  return out;
}

/** Where the JSON value opening at `text[from]` (`[` or `{`) closes (outside strings), or -1. */
function jsonEnd(text: string, from: number): number {
  let depth = 0;
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === "{" || ch === "[") depth++;
    else if (ch === "}" || ch === "]") {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** A JSON scalar as Format-List would print it; undefined for null, objects and arrays. */
function jsonScalar(value: unknown): string | undefined {
  if (typeof value === "string") return value.replace(/\0/g, "");
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  return undefined;
}

/** Every object inside a JSON value, depth first, as its scalar properties. */
function jsonProps(value: unknown, out: Map<string, string>[]): void {
  if (Array.isArray(value)) {
    for (const item of value) jsonProps(item, out);
    return;
  }
  if (value === null || typeof value !== "object") return;
  const props = new Map<string, string>();
  for (const [key, v] of Object.entries(value)) {
    const text = jsonScalar(v);
    if (text !== undefined) props.set(key, text);
    else jsonProps(v, out);
  }
  if (props.size > 0) out.push(props);
}

/**
 * The objects of `ConvertTo-Json` output in the lines: each JSON value starting a line with `[`
 * or `{` and parsing whole. Long integers are read as text, so none loses a digit.
 */
export function jsonObjects(lines: readonly string[]): ListObject[] {
  const out: ListObject[] = [];
  const text = lines.join("\n");
  const lineStarts: number[] = [];
  let at = 0;
  for (const line of lines) {
    lineStarts.push(at);
    at += line.length + 1;
  }
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const open = line.search(/\S/);
    if (open === -1 || (line[open] !== "[" && line[open] !== "{")) continue;
    const start = (lineStarts[i] ?? 0) + open;
    const end = jsonEnd(text, start);
    // Unclosed: stop, rather than scan to the end again from every later line (a stray `[`
    // before real JSON loses that JSON, which is then left as notes).
    if (end === -1) break;
    const last = lineOf(end);
    let value: unknown;
    try {
      value = JSON.parse(quoteBigIntegers(text.slice(start, end + 1)));
    } catch {
      i = last;
      continue;
    }
    const spanned = Array.from({ length: last - i + 1 }, (_, k) => i + k);
    const objects: Map<string, string>[] = [];
    jsonProps(value, objects);
    for (const props of objects) out.push({ props, lines: spanned });
    i = last;
  }
  return out;
}

/** The Get-Partition command the notes ask for: every value exact, of one disk or of all. */
const getPartitionCommand = (disk?: number): string =>
  `Get-Partition${disk === undefined ? "" : ` -DiskNumber ${disk}`} | Format-List DiskNumber,PartitionNumber,Offset,Size,Type`;

/** A PowerShell prompt: `PS C:\Users\me> …`. */
const PROMPT = /^PS [^>]*>/;

/** A CSV header's property name, as PowerShell writes it. */
const CSV_NAME = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * The fields of one CSV line split at `separator`: quoted fields may hold the separator and
 * doubled quotes. Null when a quote is left open (the value goes on, on the next line) or a
 * quoted field is followed by anything but the separator.
 */
export function csvFields(line: string, separator: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = "";
      i++;
      for (;;) {
        const quote = line.indexOf('"', i);
        if (quote === -1) return null;
        value += line.slice(i, quote);
        i = quote + 1;
        if (line[i] !== '"') break;
        value += '"'; // a doubled quote
        i++;
      }
      fields.push(value);
      if (i < line.length && line[i] !== separator) return null;
    } else {
      const end = line.indexOf(separator, i);
      fields.push(line.slice(i, end === -1 ? line.length : end).trim());
      i = end === -1 ? line.length : end;
    }
    if (i >= line.length) return fields;
    i++; // the separator
  }
}

/** How many `"` the text holds. */
function quoteCount(text: string): number {
  let count = 0;
  for (let at = text.indexOf('"'); at !== -1; at = text.indexOf('"', at + 1)) count++;
  return count;
}

/**
 * A line without the spaces (and a carriage return) at its ends; tabs stay, since between tabs
 * an empty value is a value (a spreadsheet's copy ends a row with an empty cell's tab).
 */
const edges = (line: string): string => line.replace(/^[ \r]+|[ \r]+$/g, "");

/** A CSV row that does not fit its header: cut short, joined to another, or a quote left open. */
export interface BrokenCsvRow {
  /** The row's and its header's (0-based) lines. */
  line: number;
  headerLine: number;
  /** How many values it has (null: a quote left open), and how many the header names. */
  found: number | null;
  expected: number;
  /** The header's property names. */
  names: readonly string[];
}

/**
 * The objects of `ConvertTo-Csv` / `Export-Csv` output in the lines: after a header of two or
 * more property names (separated by `,`, `;` or a tab, quoted or not), each line with as many fields
 * is one object. A value quoted over several lines is joined again. A row with another count
 * of values is not read and goes to `broken`; the table ends at a blank line, a line without
 * the separator, a prompt, a `#TYPE` line or another header. Each object spans its own lines, the
 * header's and the `#TYPE` line's.
 */
export function csvObjects(lines: readonly string[], broken: BrokenCsvRow[] = []): ListObject[] {
  const out: ListObject[] = [];
  const headerOf = (line: string): { names: string[]; separator: string } | null => {
    if (!/[,;\t]/.test(line)) return null;
    for (const separator of [",", ";", "\t"]) {
      const fields = csvFields(edges(line), separator);
      if (fields && fields.length >= 2 && fields.every((f) => CSV_NAME.test(f)))
        return { names: fields, separator };
    }
    return null;
  };
  for (let i = 0; i < lines.length; i++) {
    const header = headerOf(lines[i] ?? "");
    if (!header) continue;
    const { names, separator } = header;
    const quoted = edges(lines[i] ?? "").startsWith('"');
    const headerLines = /^#TYPE\b/i.test(edges(lines[i - 1] ?? "")) ? [i - 1, i] : [i];
    let j = i + 1;
    while (j < lines.length) {
      let text = edges(lines[j] ?? "");
      // The rows end at a line without the separator, the next prompt, a #TYPE line, and (when
      // the header is quoted, as every row then is) a line that does not open with a quote.
      if (
        !text.includes(separator) ||
        PROMPT.test(text) ||
        /^#TYPE\b/i.test(text) ||
        (quoted && !text.startsWith('"'))
      )
        break;
      const spanned = [j];
      // A quoted value over several lines (at most a few): an odd number of quotes leaves one
      // open, so the next line is joined, as it was.
      let quotes = quoteCount(text);
      while (quotes % 2 === 1 && spanned.length < 8 && j + spanned.length < lines.length) {
        const next = edges(lines[j + spanned.length] ?? "");
        text += `\n${next}`;
        quotes += quoteCount(next);
        spanned.push(j + spanned.length);
      }
      const fields = csvFields(text, separator);
      if (fields !== null && fields.every((f) => CSV_NAME.test(f))) break;
      if (fields === null || fields.length !== names.length) {
        const found = csvFields(edges(lines[j] ?? ""), separator)?.length ?? null;
        broken.push({ line: j, headerLine: i, found, expected: names.length, names });
        j++;
        continue;
      }
      const props = new Map<string, string>();
      names.forEach((name, k) => props.set(name, (fields[k] ?? "").replace(/\0/g, "")));
      out.push({ props, lines: [...headerLines, ...spanned] });
      j += spanned.length;
    }
    i = j - 1;
  }
  return out;
}

const yes = (v: string | undefined): boolean | undefined =>
  v === undefined ? undefined : /^true$/i.test(v) ? true : /^false$/i.test(v) ? false : undefined;

/** Windows disk facts keyed by disk number, filled from whichever output gives them. */
export interface WindowsDisk {
  number: number;
  sectorSize: number | null;
  sizeBytes: bigint | null;
  sizeRounded: boolean;
  identity: NonNullable<ListingDisk["identity"]>;
  isBoot?: boolean;
  isSystem?: boolean;
  partitionStyle?: string;
  /** Get-Disk's NumberOfPartitions (in `Format-List *`), when given. */
  partitionCount?: number;
  path?: string;
  line: number;
}

const guidText = (v: string): string => v.replace(/[{}]/g, "").toUpperCase();

export function diskFromProps(props: Map<string, string>, line: number): WindowsDisk | null {
  const number = props.get("Number") ?? props.get("DiskNumber");
  if (number === undefined || !/^\d{1,3}$/.test(number)) return null;
  const size = props.get("Size");
  const sizeBytes = size === undefined ? null : exactSizeBytes(size);
  const identity: WindowsDisk["identity"] = {};
  const serial = props.get("SerialNumber");
  if (serial) identity.serial = serial;
  const model = props.get("Model") ?? props.get("FriendlyName");
  if (model) identity.model = model;
  const uniqueId = props.get("UniqueId");
  if (uniqueId) identity.uniqueId = uniqueId;
  const guid = props.get("Guid");
  if (guid && /[0-9a-f]{8}-/i.test(guid)) identity.diskGuid = guidText(guid);
  const signature = props.get("Signature");
  if (signature && /^\d+$/.test(signature) && signature !== "0") {
    identity.mbrSignature = BigInt(signature).toString(16).padStart(8, "0");
  }
  const disk: WindowsDisk = {
    number: Number(number),
    sectorSize: sectorSizeFrom(props.get("LogicalSectorSize")),
    sizeBytes,
    sizeRounded: size !== undefined && sizeBytes === null,
    identity,
    line,
  };
  const isBoot = yes(props.get("IsBoot"));
  const isSystem = yes(props.get("IsSystem"));
  if (isBoot !== undefined) disk.isBoot = isBoot;
  if (isSystem !== undefined) disk.isSystem = isSystem;
  const style = props.get("PartitionStyle");
  if (style) disk.partitionStyle = style;
  const path = props.get("Path");
  if (path) disk.path = path;
  const count = props.get("NumberOfPartitions");
  if (count !== undefined && /^\d{1,3}$/.test(count)) disk.partitionCount = Number(count);
  return disk;
}

interface WindowsPartition {
  disk: number | null;
  diskPath?: string;
  /** The (0-based) `DiskPath: …` line the partition's table is under, if any. */
  diskPathLine?: number;
  partition: ListingPartition;
}

/** A table value PowerShell cut to fit its column: `…` (PowerShell 6 on) or `...` (5.1). */
const CUT_SHORT = /(?:…|\.\.\.)$/;

function partitionFromProps(props: Map<string, string>): WindowsPartition | null {
  const number = props.get("PartitionNumber");
  const offset = props.get("Offset");
  if (number === undefined || !/^\d{1,4}$/.test(number) || offset === undefined) return null;
  const startByte = decimal(offset);
  const size = props.get("Size");
  const sizeBytes = size === undefined ? null : exactSizeBytes(size);
  const diskNumber = props.get("DiskNumber");
  const p: ListingPartition = {
    number: Number(number),
    label: `Partition ${number}`,
    startByte,
    sizeBytes,
    exact: startByte !== null && sizeBytes !== null,
  };
  const type = props.get("Type");
  if (type) p.type = type;
  const gptType = props.get("GptType");
  if (!type && gptType) p.type = guidText(gptType);
  const letter = props.get("DriveLetter");
  if (letter && /^[A-Z]$/i.test(letter)) p.mountPoint = `${letter.toUpperCase()}:`;
  const guid = props.get("Guid");
  if (guid && /[0-9a-f]{8}-/i.test(guid)) p.partitionGuid = guidText(guid);
  const isBoot = yes(props.get("IsBoot"));
  const isSystem = yes(props.get("IsSystem"));
  if (isBoot !== undefined) p.isBoot = isBoot;
  if (isSystem !== undefined) p.isSystem = isSystem;
  const out: WindowsPartition = {
    disk: diskNumber !== undefined && /^\d{1,3}$/.test(diskNumber) ? Number(diskNumber) : null,
    partition: p,
  };
  const diskPath = props.get("DiskPath");
  if (diskPath) out.diskPath = diskPath;
  return out;
}

/** How many characters a word shares with a run of dashes, or (negative) how far apart they are. */
const fit = (word: Token, run: Token): number =>
  Math.min(word.end, run.end) - Math.max(word.at, run.at);

/**
 * The run a word shares the most characters with, or, in a gap, the nearest one. On a tie the
 * later run wins: values reach left of their dashes (right-aligned) or start at them (left-
 * aligned), so a word reaching under the next column's dashes is that column's.
 */
function nearestRun(word: Token, runs: readonly Token[]): number {
  let best = 0;
  runs.forEach((run, r) => {
    if (fit(word, run) >= fit(word, runs[best] as Token)) best = r;
  });
  return best;
}

/**
 * The cells of one table line, one per run of dashes. A column's dashes are only as wide as
 * its title, and PowerShell aligns values within a wider column: text runs on to the right of
 * its dashes (a disk model longer than `Friendly Name`), a right-aligned value starts to their
 * left (`Offset`'s numbers begin a character early, `100 MB` under `Size` starts in the gap).
 * So the line is read in phrases, words one space apart: a phrase under the dashes of one
 * column is that column's cell; a phrase in a gap belongs to the nearest column; a phrase
 * reaching under several columns' dashes (`476.94 GB GPT`) is split, each word to the column
 * it shares the most characters with, or the nearest.
 */
function cellsByRuns(line: string, runs: readonly Token[]): string[] {
  const cells: string[][] = runs.map(() => []);
  const phrases: Token[][] = [];
  for (const word of tokens(line)) {
    const last = phrases.at(-1);
    const before = last?.at(-1);
    if (last && before && word.at - before.end === 1) last.push(word);
    else phrases.push([word]);
  }
  for (const words of phrases) {
    const first = words[0] as Token;
    const phrase = { text: "", at: first.at, end: (words.at(-1) as Token).end };
    const under = runs.flatMap((run, r) => (fit(phrase, run) > 0 ? [r] : []));
    if (under.length > 1) {
      for (const word of words) cells[nearestRun(word, runs)]?.push(word.text);
    } else {
      cells[under[0] ?? nearestRun(phrase, runs)]?.push(words.map((w) => w.text).join(" "));
    }
  }
  return cells.map((parts) => parts.join(" "));
}

/** A PowerShell table: a title line, a line of dashes, rows cut by the dash runs. */
interface Table {
  titles: string[];
  rows: { cells: Map<string, string>; line: number }[];
  headerLine: number;
  /** The `DiskPath: …` group line above the table, if any, and its (0-based) line. */
  group?: string;
  groupLine?: number;
}

function readTables(lines: readonly string[], notes: Notes): Table[] {
  const tables: Table[] = [];
  let group: string | undefined;
  let groupAt: number | undefined;
  for (let i = 1; i < lines.length; i++) {
    const groupLine = /^\s*DiskPath:\s*(\S+)\s*$/.exec(lines[i - 1] ?? "");
    if (groupLine) {
      group = groupLine[1];
      groupAt = i - 1;
    }
    const dashes = lines[i] ?? "";
    if (!/^\s*-+(\s+-+)+\s*$/.test(dashes)) continue;
    const runs = tokens(dashes);
    // Titles may span two lines ("Partition" over "Style"): read every line above up to a blank.
    let top = i - 1;
    while (
      top > 0 &&
      (lines[top - 1] ?? "").trim() !== "" &&
      !/DiskPath:/.test(lines[top - 1] ?? "")
    ) {
      top--;
    }
    const titleCells = lines.slice(top, i).map((l) => cellsByRuns(l, runs));
    const titles = runs.map((_, r) =>
      titleCells
        .map((cells) => cells[r] ?? "")
        .filter((t) => t !== "")
        .join(" "),
    );
    for (let h = top; h <= i; h++) notes.use(h);
    const table: Table = { titles, rows: [], headerLine: top };
    if (group !== undefined) table.group = group;
    if (groupAt !== undefined) {
      table.groupLine = groupAt;
      notes.use(groupAt);
    }
    for (let j = i + 1; j < lines.length; j++) {
      const row = lines[j] ?? "";
      if (row.trim() === "") break;
      const cells = new Map<string, string>();
      const values = cellsByRuns(row, runs);
      titles.forEach((title, r) => {
        const value = values[r] ?? "";
        if (value !== "") cells.set(title, value);
      });
      table.rows.push({ cells, line: j });
    }
    tables.push(table);
    i += table.rows.length;
  }
  return tables;
}

/**
 * Reads every Get-Partition and Get-Disk object (list or table) in the lines. Exposed so other
 * Windows parsers (wmic) can take a pasted Get-Disk block's facts too.
 */
export function readWindowsObjects(
  lines: readonly string[],
  notes: Notes,
  /** The same lines with their tabs, for tab-separated values (see csvObjects). */
  tabbedLines: readonly string[] = lines,
): {
  disks: Map<number, WindowsDisk>;
  partitions: WindowsPartition[];
  roundedSizes: boolean;
  /** Disk numbers with a partition object that gives no Offset. */
  unplaced: ReadonlySet<number>;
} {
  const disks = new Map<number, WindowsDisk>();
  const partitions: WindowsPartition[] = [];
  let roundedSizes = false;
  const addDisk = (d: WindowsDisk) => {
    const known = disks.get(d.number);
    if (!known) {
      disks.set(d.number, d);
      return;
    }
    known.sectorSize ??= d.sectorSize;
    if (d.sizeBytes !== null) known.sizeBytes = d.sizeBytes;
    known.identity = { ...known.identity, ...d.identity };
    known.isBoot ??= d.isBoot;
    known.isSystem ??= d.isSystem;
    known.partitionStyle ??= d.partitionStyle;
    known.path ??= d.path;
  };
  /** The first line of each partition object that gives no Offset. */
  const withoutOffset: number[] = [];
  /** The disks those objects name (DiskNumber): where such a partition lies is unknown. */
  const unplaced = new Set<number>();
  const brokenCsv: BrokenCsvRow[] = [];
  const csv = csvObjects(tabbedLines, brokenCsv);
  // Only the cmdlets' own tables: another CSV (wmic's) is another parser's to judge.
  const ownBroken = brokenCsv.filter(
    (row) => row.names.includes("PartitionNumber") || row.names.includes("Number"),
  );
  const BROKEN_NOTES = 5;
  const rest = ownBroken.slice(BROKEN_NOTES);
  if (rest.length > 0) {
    rest.forEach((row) => notes.use(row.line));
    notes.add(
      rest[0]?.line ?? 0,
      `${rest.length} more CSV row${rest.length === 1 ? "" : "s"} from this line on do not fit their header and were not read: what looks like free space may be partitions in them.`,
      true,
    );
  }
  for (const row of ownBroken.slice(0, BROKEN_NOTES)) {
    notes.add(
      row.line,
      `This CSV row has ${row.found === null ? "a quote left open" : `${row.found} value${row.found === 1 ? "" : "s"}`} where its header (line ${row.headerLine + 1}) names ${row.expected}: it is cut short or broken, and was not read. If it is a partition, what looks like free space may be that partition: paste the output whole (or save it with Export-Csv and open the file).`,
      true,
    );
    notes.use(row.line);
  }
  for (const object of [...listObjects(lines), ...jsonObjects(lines), ...csv]) {
    const p = partitionFromProps(object.props);
    if (p) {
      object.lines.forEach((l) => notes.use(l));
      if (object.props.has("Size") && p.partition.sizeBytes === null) roundedSizes = true;
      partitions.push(p);
      continue;
    }
    if (object.props.has("PartitionNumber") && !object.props.has("Offset")) {
      withoutOffset.push(object.lines[0] ?? 0);
      const disk = object.props.get("DiskNumber");
      if (disk !== undefined && /^\d{1,3}$/.test(disk)) unplaced.add(Number(disk));
      continue;
    }
    const isDisk =
      object.props.has("Number") &&
      [
        "LogicalSectorSize",
        "PartitionStyle",
        "FriendlyName",
        "SerialNumber",
        "UniqueId",
        "Size",
      ].some((k) => object.props.has(k)) &&
      !object.props.has("Index") &&
      !object.props.has("DiskIndex");
    if (isDisk) {
      const d = diskFromProps(object.props, (object.lines[0] ?? 0) + 1);
      if (d) {
        object.lines.forEach((l) => notes.use(l));
        addDisk(d);
      }
    }
  }
  if (withoutOffset.length > 0) {
    notes.add(
      withoutOffset[0] ?? 0,
      `${withoutOffset.length} Get-Partition object${withoutOffset.length === 1 ? " gives" : "s give"} no Offset, so where ${withoutOffset.length === 1 ? "it starts" : "they start"} is unknown and ${withoutOffset.length === 1 ? "it was" : "they were"} not read: paste \`${getPartitionCommand()}\`.`,
    );
  }
  /** Table rows with values PowerShell cut short to fit the window, and which columns. */
  const cutRows: { line: number; titles: string[] }[] = [];
  for (const table of readTables(lines, notes)) {
    const has = (t: string) => table.titles.includes(t);
    if (has("PartitionNumber") && has("Offset")) {
      for (const row of table.rows) {
        const p = partitionFromProps(row.cells);
        if (!p) continue;
        notes.use(row.line);
        if (table.group !== undefined && p.diskPath === undefined) {
          p.diskPath = table.group;
          if (table.groupLine !== undefined) p.diskPathLine = table.groupLine;
        }
        const cut = [...row.cells].filter(([, v]) => CUT_SHORT.test(v)).map(([t]) => t);
        if (cut.length > 0) cutRows.push({ line: row.line, titles: cut });
        if (row.cells.has("Size") && p.partition.sizeBytes === null && !cut.includes("Size"))
          roundedSizes = true;
        partitions.push(p);
      }
    } else if (
      has("Number") &&
      (has("Friendly Name") || has("Total Size") || has("LogicalSectorSize"))
    ) {
      for (const row of table.rows) {
        const props = new Map(row.cells);
        const total = row.cells.get("Total Size");
        if (total !== undefined && !props.has("Size")) props.set("Size", total);
        const friendly = row.cells.get("Friendly Name");
        if (friendly) props.set("FriendlyName", friendly);
        const serial = row.cells.get("Serial Number");
        if (serial) props.set("SerialNumber", serial);
        const style = row.cells.get("Partition Style");
        if (style) props.set("PartitionStyle", style);
        const d = diskFromProps(props, row.line + 1);
        if (d) {
          notes.use(row.line);
          addDisk(d);
        }
      }
    }
  }
  if (cutRows.length > 0) {
    const titles = [...new Set(cutRows.flatMap((r) => r.titles))];
    const numbers = titles.filter((t) => t === "Offset" || t === "Size");
    notes.add(
      cutRows[0]?.line ?? 0,
      `PowerShell cut ${titles.join(", ")} short ("…") to fit the console window${numbers.length > 0 ? `: a cut ${numbers.join(" or ")} is not a number and was not read` : ""}. Paste \`${getPartitionCommand()}\`, which never cuts a value.`,
      numbers.length > 0,
    );
  }
  return { disks, partitions, roundedSizes, unplaced };
}

/**
 * A disk Get-Disk lists but no partition of which is in the paste: Get-Partition was run for
 * other disks only, or not at all, or the disk has none. Its partitions would look like free
 * space. When Get-Disk's NumberOfPartitions says it has some, the disk is taken out (returned,
 * for `withoutDisks`); otherwise an important note says so. A disk whose PartitionStyle is RAW
 * has no table: the listing's general note on such disks (layout.ts) covers it.
 */
function partitionsMissing(
  disk: ListingDisk,
  facts: WindowsDisk,
  notes: Notes,
): TakenOut | undefined {
  const style = facts.partitionStyle?.toUpperCase();
  if (style === "RAW" || facts.partitionCount === 0) return undefined;
  const n = facts.number;
  const command = getPartitionCommand(n);
  const name = `${disk.device ?? "Disk"} (disk ${n})`;
  const count = facts.partitionCount;
  if (count !== undefined) {
    return {
      disk,
      line: facts.line,
      why: `${name}: Get-Disk counts ${count} partition${count === 1 ? "" : "s"} on it, but none is in the paste, so its free space cannot be told. Paste \`${command}\` with it.`,
    };
  }
  notes.add(
    facts.line - 1,
    `${name}: Get-Disk lists it${style === "GPT" || style === "MBR" ? ` with ${style === "MBR" ? "an MBR" : "a GPT"} partition table` : ""}, but none of its partitions is in the paste. If it has any, they would look like free space: paste \`${command}\` with it.`,
    true,
  );
  return undefined;
}

/** Applies what Get-Disk said about disk N to a listed disk. */
export function applyWindowsDisk(disk: ListingDisk, facts: WindowsDisk): void {
  if (facts.sectorSize !== null) disk.logicalSectorSize = facts.sectorSize;
  if (facts.sizeBytes !== null) disk.sizeBytes = facts.sizeBytes;
  if (Object.keys(facts.identity).length > 0)
    disk.identity = { ...disk.identity, ...facts.identity };
  if (facts.isBoot !== undefined) disk.isBoot = facts.isBoot;
  if (facts.isSystem !== undefined) disk.isSystem = facts.isSystem;
  disk.diskNumber = facts.number;
  const style = facts.partitionStyle?.toUpperCase();
  if (style === "GPT") disk.tableType = "gpt";
  else if (style === "MBR") disk.tableType = "dos";
}

export const parsePowerShell: LineParser = (raw) => {
  const lines = cleanLines(raw);
  const notes = new Notes();
  // Tab-separated values (a spreadsheet's copy of an exported CSV, `ConvertTo-Csv -Delimiter "`t"`)
  // need the tabs that cleanLines turns into spaces; the lines correspond one to one.
  const {
    disks: facts,
    partitions,
    roundedSizes,
    unplaced,
  } = readWindowsObjects(lines, notes, raw);
  if (partitions.length === 0 && facts.size === 0) return null;
  // Get-Disk pasted with a wmic listing: wmic answers, and lends Get-Disk's facts (merge.ts).
  if (
    partitions.length === 0 &&
    lines.some((l) => /StartingOffset|Disk #\d+, Partition #\d+/.test(l))
  ) {
    return null;
  }
  // Partitions grouped by disk number, or by DiskPath.
  const byDisk = new Map<string, ListingDisk>();
  const disks: ListingDisk[] = [];
  const diskFor = (key: string, number: number | null, line: number): ListingDisk => {
    let d = byDisk.get(key);
    if (!d) {
      d = emptyDisk(number === null ? null : physicalDrive(number), line);
      if (number !== null) d.diskNumber = number;
      byDisk.set(key, d);
      disks.push(d);
    }
    return d;
  };
  // A DiskPath group is the disk whose Get-Disk Path it is. A single group pasted with a single
  // Get-Disk block that shows no Path (`Get-Disk -Number 1 | Format-List Number,…,Size`, as the
  // size warning asks) is taken as that disk, and a note says so: it may be another disk. Several
  // groups are several disks, never all "the only disk listed".
  const groups = new Set(
    partitions.filter((p) => p.disk === null).map((p) => p.diskPath?.toLowerCase()),
  );
  const only = facts.size === 1 ? [...facts.values()][0] : undefined;
  const onlyFits = only !== undefined && only.path === undefined && groups.size === 1;
  let takenAsOnly: WindowsPartition | undefined;
  const unnamed = new Map<ListingDisk, WindowsPartition>();
  for (const p of partitions) {
    let number = p.disk;
    if (number === null && p.diskPath !== undefined) {
      const match = [...facts.values()].find(
        (f) => f.path?.toLowerCase() === p.diskPath?.toLowerCase(),
      );
      if (match) number = match.number;
      else if (onlyFits && only) {
        number = only.number;
        takenAsOnly ??= p;
      }
    }
    const key = number !== null ? `#${number}` : `path:${p.diskPath ?? "?"}`;
    const d = diskFor(key, number, (p.diskPathLine ?? 0) + 1);
    d.partitions.push(p.partition);
    if (number === null && !unnamed.has(d)) unnamed.set(d, p);
  }
  if (takenAsOnly && only) {
    notes.add(
      takenAsOnly.diskPathLine ?? only.line - 1,
      `Get-Partition's table names its disk only by this DiskPath; it was taken as disk ${only.number}, the only disk the Get-Disk block lists. If it is another disk, paste \`${getPartitionCommand()}\` instead.`,
      true,
    );
  }
  const takenOut: TakenOut[] = [];
  for (const f of facts.values()) {
    const d = diskFor(`#${f.number}`, f.number, f.line);
    applyWindowsDisk(d, f);
    if (unplaced.has(f.number)) continue;
    const out = d.partitions.length === 0 ? partitionsMissing(d, f, notes) : undefined;
    if (out) takenOut.push(out);
  }
  // A disk with a partition whose Offset is not given: that partition would look free.
  for (const n of unplaced) {
    const d = disks.find((x) => x.diskNumber === n);
    if (!d) continue;
    takenOut.push({
      disk: d,
      line: d.line ?? 1,
      why: `${d.device ?? `Disk ${n}`} (disk ${n}): Get-Partition lists a partition on it without its Offset, so where that partition lies is unknown and it would look like free space. Paste \`${getPartitionCommand(n)}\`.`,
    });
  }
  disks.sort((a, b) => (a.diskNumber ?? 999) - (b.diskNumber ?? 999));
  for (const d of disks) {
    d.partitions.sort((a, b) => (a.number ?? 0) - (b.number ?? 0));
    d.logicalSectorSize ??= null;
    const first = unnamed.get(d);
    if (d.device === null && first) {
      notes.add(
        first.diskPathLine ?? 0,
        `Get-Partition's table names this disk only by its DiskPath${first.diskPathLine === undefined ? "" : " (this line)"}: enter the disk's path (\\\\.\\PhysicalDriveN), or paste \`${getPartitionCommand()}\`${facts.size > 0 ? ", or `Get-Disk | Format-List Number,Path,LogicalSectorSize,Size`, whose Path says which disk it is" : ""}.`,
      );
    }
  }
  if (roundedSizes) {
    notes.add(
      0,
      `Get-Partition's default view rounds Size ("100 MB"): those sizes are not exact. Paste \`${getPartitionCommand()}\` for sizes in bytes.`,
    );
  }
  const format = partitions.length > 0 ? "get-partition" : "get-disk";
  return withoutDisks(okResult(format, disks, notes, lines), takenOut);
};
