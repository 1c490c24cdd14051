/**
 * Reading wmic's lines: headers (table, CSV, PowerShell's dashes), `Key=Value` and `Key : Value`
 * lines, and table or CSV rows cut into cells by what each column may hold.
 */
import {
  kindOf,
  badCell,
  classOfValues,
  acceptsValue,
  isColumnName,
  isClassOnly,
} from "./classes.ts";
import type { Kind, RecordClass } from "./classes.ts";
import type { Column, KeyValue, LineBook, WmicRecord } from "./records.ts";

/** A CSV row with more surplus commas than this is not even tried (one per name column at most). */
const MAX_EXTRA_COMMAS = 8;

/** Indentation and `> ` quote markers in front of the listing. */
export function splitPrefix(line: string): { prefix: string; body: string } {
  const match = /^[ >]*/.exec(line);
  const prefix = match ? match[0] : "";
  return { prefix, body: line.slice(prefix.length) };
}

export const quoteDepth = (prefix: string): number => prefix.split(">").length - 1;

export function matchTableHeader(body: string): Column[] | null {
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
export function matchDashes(body: string, columns: readonly Column[]): boolean {
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

export function matchCsvHeader(body: string): string[] | null {
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

export function matchKeyValue(body: string, prefixLength: number): KeyValue | null {
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

export const leadingSpaces = (line: string): number => line.length - line.trimStart().length;

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

/**
 * Assigns the comma-separated fields of an unquoted CSV row to columns, using what each column
 * may hold: only a partition name (`Disk #0, Partition #1`) may take two fields. Returns the
 * cells only when exactly one assignment fits.
 */
export function splitCsvRow(
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
