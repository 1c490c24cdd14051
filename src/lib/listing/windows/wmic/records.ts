/**
 * The records wmic output is read into (a table or CSV row, a list record), the open section
 * while scanning, and the book of notes: every line not used is said, with why.
 */
import type { ListingNote } from "../../types.ts";
import type { RecordClass } from "./classes.ts";

/** At most this many "not read" notes one by one; the rest are counted in one note. */
const MAX_UNUSED_LINE_NOTES = 200;
const EXCERPT_CHARS = 120;
/** Lines longer than this are not wmic output (its widest table is about 1,000 characters). */
export const MAX_LINE_CHARS = 8192;

// ---------------------------------------------------------------------------------------------
// Records

export interface WmicRecord {
  cls: RecordClass | null;
  /** 0-based index of the row, or of the record's first line. */
  line: number;
  /** Every line the record was read from. */
  lines: number[];
  values: Map<string, string>;
  /** The line each value came from (list records; table and CSV rows are one line). */
  keyLines: Map<string, number>;
}

export interface Column {
  name: string;
  /** Where the header word starts and ends. */
  start: number;
  end: number;
}

export type Section =
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

export interface KeyValue {
  key: string;
  value: string;
  style: "=" | ":";
  valueColumn: number;
}

/** Collects notes by line; lines nobody used get a "not read" note at the end. */
export class LineBook {
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
export const isBlank = (line: string): boolean => /^[\s>]*$/.test(line);

export function excerpt(text: string): string {
  const t = text.trim();
  return t.length > EXCERPT_CHARS ? `${t.slice(0, EXCERPT_CHARS)}…` : t;
}
