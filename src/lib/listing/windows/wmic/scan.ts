/**
 * Pass 1 over wmic output: finds its tables, CSV blocks and list records, and wmic's own
 * messages, marking the lines each uses.
 */
import { expandTabs } from "../../text.ts";
import { classOfColumns, isClassOnly, isListKey } from "./classes.ts";
import {
  addListValue,
  endRecord,
  finishListRun,
  joinWrappedValue,
  listBlankLimit,
} from "./lists.ts";
import { isBlank, MAX_LINE_CHARS } from "./records.ts";
import type { Column, KeyValue, LineBook, Section, WmicRecord } from "./records.ts";
import {
  matchCsvHeader,
  matchDashes,
  matchKeyValue,
  matchTableHeader,
  quoteDepth,
  readCsvRow,
  readTableRow,
  sectionBody,
  splitPrefix,
} from "./rows.ts";

export interface Scan {
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

/** What pass 1 has found so far, and the section (table, CSV block, list run) still open. */
interface ScanState extends Scan {
  lines: readonly string[];
  book: LineBook;
  open: Section | null;
  /** The previous line no section used (wmic's `ERROR:` comes the line before its message). */
  previousText: string;
  /** Blank lines a list record may hold (see listBlankLimit). */
  blankLimit: number;
}

/** Pass 1: finds tables, CSV blocks and list records; marks the lines they use. */
export function scan(lines: readonly string[], book: LineBook): Scan {
  const state: ScanState = {
    records: [],
    distinctive: false,
    wmicMessages: [],
    lines,
    book,
    open: null,
    previousText: "",
    blankLimit: listBlankLimit(lines),
  };
  for (let i = 0; i < lines.length; i++) i = scanLine(state, i);
  closeSection(state);
  const { records, distinctive, wmicMessages } = state;
  return { records, distinctive, wmicMessages };
}

/** Reads line `i`; returns the last line it took (a table header takes its dashes line too). */
function scanLine(state: ScanState, i: number): number {
  const raw = state.lines[i] ?? "";
  if (raw.length > MAX_LINE_CHARS) {
    state.book.reject(i, `${raw.length} characters: too long for wmic output`);
    return i;
  }
  const text = expandTabs(raw);
  const open = state.open;
  if (isBlank(text)) {
    if (open?.kind === "list" && open.record && ++open.blankRun > state.blankLimit) {
      endRecord(open);
    }
    return i;
  }
  const { prefix, body } = splitPrefix(text);
  const csvNames = matchCsvHeader(body);
  if (csvNames) {
    openCsv(state, i, prefix, csvNames);
    return i;
  }
  const columns = matchTableHeader(body);
  if (columns) return openTable(state, i, prefix, columns);
  const kv = matchKeyValue(body, prefix.length);
  if (kv && isListKey(kv.key)) {
    addKeyValue(state, kv, i);
  } else if (PROMPT.test(body)) {
    // A new command: whatever was open has ended.
    closeSection(state);
  } else if (open?.kind === "list") {
    // A wrapped value goes on; a key the classes do not have, or a stray line, is not read but
    // the record goes on.
    joinWrappedValue(open, text, i);
  } else if (open) {
    readRow(state, open, text, i);
  } else {
    noteWmicMessage(state, body.trim(), i);
  }
  return i;
}

function closeSection(state: ScanState): void {
  const open = state.open;
  if (!open) return;
  if (open.kind === "list") {
    finishListRun(open, state.records, state.book);
  } else if (open.rows === 0) {
    state.book.reject(open.headerLine, "a wmic header, but no row below it fits its columns");
    if (open.kind === "table" && open.dashed) {
      state.book.reject(open.headerLine + 1, "under that header");
    }
  }
  state.open = null;
}

function openCsv(state: ScanState, line: number, prefix: string, names: string[]): void {
  closeSection(state);
  const cls = classOfColumns(names);
  if (cls) state.distinctive = true;
  state.book.use(line);
  const depth = quoteDepth(prefix);
  state.open = { kind: "csv", headerLine: line, prefix, quoteDepth: depth, names, cls, rows: 0 };
}

/** Opens a table at its header line; returns the last line taken (PowerShell's dashes line). */
function openTable(state: ScanState, line: number, prefix: string, columns: Column[]): number {
  closeSection(state);
  const cls = classOfColumns(columns.map((c) => c.name));
  if (cls) state.distinctive = true;
  state.book.use(line);
  const next = line + 1 < state.lines.length ? expandTabs(state.lines[line + 1] ?? "") : "";
  const nextSplit = splitPrefix(next);
  const dashed =
    nextSplit.prefix === prefix &&
    next.length <= MAX_LINE_CHARS &&
    matchDashes(nextSplit.body, columns);
  if (dashed) state.book.use(line + 1);
  state.open = {
    kind: "table",
    headerLine: line,
    prefix,
    quoteDepth: quoteDepth(prefix),
    columns,
    dashed,
    cls,
    rows: 0,
  };
  return dashed ? line + 1 : line;
}

function addKeyValue(state: ScanState, kv: KeyValue, line: number): void {
  if (isClassOnly(kv.key)) state.distinctive = true;
  let open = state.open;
  if (open?.kind !== "list" || open.style !== kv.style) {
    closeSection(state);
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
    state.open = open;
  }
  addListValue(open, kv, line);
}

function readRow(
  state: ScanState,
  section: Exclude<Section, { kind: "list" }>,
  text: string,
  line: number,
): void {
  const rowBody = sectionBody(text, section.prefix, section.quoteDepth);
  if (rowBody === null) return;
  const record =
    section.kind === "table"
      ? readTableRow(rowBody, section.columns, section.dashed, section.cls, line, state.book)
      : readCsvRow(rowBody, section.names, section.cls, line, state.book);
  if (record) {
    section.rows++;
    state.records.push(record);
    state.book.use(line);
  }
}

/** wmic's own messages, kept to explain an empty result. */
function noteWmicMessage(state: ScanState, message: string, line: number): void {
  const errorBlock = /^Description = (.+)$/.exec(message);
  if (errorBlock && state.previousText === "ERROR:") {
    state.wmicMessages.push({ line, text: errorBlock[1] ?? "" });
  } else if (WMIC_MESSAGES.some((re) => re.test(message))) {
    state.wmicMessages.push({ line, text: message });
  }
  state.previousText = message;
}
