/**
 * fdisk's partition rows: split by the header's columns, or, without a header, read where
 * Start, End and Sectors agree.
 */
import { parseDecimal } from "../../../units.ts";
import type { Column, TableHeader } from "./header.ts";
import { COLUMN_WORDS, TOKEN_SHAPE } from "./words.ts";

export interface Row {
  device: string;
  number: number | null;
  boot: "*" | "?" | null;
  values: Partial<Record<"start" | "end" | "sectors" | "cylinders" | "blocks" | "id", string>>;
  type: string | null;
}

/**
 * A partition row read without trusting any header: a device name (`/dev/sda1`), an optional
 * boot mark, then three whole numbers that agree as Start, End and Sectors; what follows the
 * numbers (size, Id, type) is kept as the type text. Null when no such three numbers stand
 * together, so nothing is guessed.
 */
export function matchConsistentRow(text: string): Row | null {
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

/** Splits a table row by the header's columns; null when the line is not a row. */
export function matchRow(text: string, header: TableHeader): Row | null {
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

const LEADING_GUID = /^([0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12})(?:\s|$)/i;

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
      // The blanks no longer line up (a copy collapsed them): the rest is one cell. A type
      // given as a GUID (`-x`'s Type-UUID) is still one word: keep it apart from the name.
      const rest = text.slice(from);
      const guid = cells.length === 0 ? LEADING_GUID.exec(rest) : null;
      cells.push(guid?.[1] ?? rest);
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
