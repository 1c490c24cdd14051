/** One pass over the text: which lines are tables, lists and CSV, and the records they hold. */
import {
  badCell,
  classOfColumns,
  classOfValues,
  cutRow,
  leadingSpaces,
  matchCsvHeader,
  matchDashes,
  matchKeyValue,
  matchTableHeader,
  powerShellStarts,
  splitCsvRow,
  splitPrefix,
  wmicStarts,
} from "./lines.ts";
import { expandTabs } from "../../text.ts";
import {
  LineBook,
  quoteDepth,
  MAX_LINE_CHARS,
  isBlank,
  isClassOnly,
  isListKey,
  kindOf,
  type Column,
  type KeyValue,
  type Kind,
  type RecordClass,
  type Section,
  type WmicRecord,
} from "./model.ts";

export interface Scan {
  records: WmicRecord[];
  /** A header or key that only wmic output has: the text is wmic even without usable rows. */
  distinctive: boolean;
  /** wmic's own messages (`No Instance(s) Available.`, `Invalid GET Expression.`). */
  wmicMessages: { line: number; text: string }[];
}

/** A cmd or PowerShell prompt (`C:\Users\alex>`, `PS C:\>`), with or without a command. */
export const PROMPT = /^(?:PS )?[A-Za-z]:\\[^>]*>/;

export const WMIC_MESSAGES: readonly RegExp[] = [
  /^No Instance\(s\) Available\.?$/i,
  /^Invalid (?:GET Expression|Global Switch|Verb Switch|Alias Verb|query|Class)\.?$/i,
  /^'wmic' is not recognized as an internal or external command/i,
  /^wmic : The term 'wmic' is not recognized/i,
];

/** Pass 1: finds tables, CSV blocks and list records; marks the lines they use. */
export function scan(lines: readonly string[], book: LineBook): Scan {
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
export function listBlankLimit(lines: readonly string[]): number {
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

export type ListRun = Extract<Section, { kind: "list" }>;

/**
 * Adds a key to the open record, or starts a record: at a key the record already has, or one that
 * comes before the previous key in the records' order (a lost blank line between two records).
 */
export function addListValue(run: ListRun, kv: KeyValue, line: number): void {
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
export function newPlace(order: ReadonlyMap<string, number>, after: number | null): number {
  const places = [...order.values()];
  if (places.length === 0) return 0;
  if (after === null) return Math.min(...places) - 1;
  const later = places.filter((p) => p > after);
  return later.length === 0 ? after + 1 : (after + Math.min(...later)) / 2;
}

export function endRecord(run: ListRun): void {
  if (run.record) run.records.push(run.record);
  run.record = null;
  run.blankRun = 0;
}

/** Keys whose absence from one record of a run, when its siblings have them, means a mangled paste. */
export const RECORD_KEYS = [
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
export function finishListRun(run: ListRun, records: WmicRecord[], book: LineBook): void {
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
export function sectionBody(text: string, prefix: string, depth: number): string | null {
  if (text.startsWith(prefix)) return text.slice(prefix.length);
  const own = splitPrefix(text);
  return quoteDepth(own.prefix) === depth ? own.body : null;
}

export function readTableRow(
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

export function readCsvRow(
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
