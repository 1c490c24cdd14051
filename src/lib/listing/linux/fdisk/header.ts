/**
 * fdisk's header lines: a disk's `Disk /dev/sda: …` line and a partition table's column titles.
 */
import { parseDecimal } from "../../../units.ts";
import {
  COLUMN_WORDS,
  COLUMN_WORDS_LOWER,
  DISK_BYTES,
  DISK_BYTES_WORD_FIRST,
  DISK_HEADER,
  DISK_OLD_GEOMETRY,
  DISK_SECTORS,
  DISK_SECTORS_WORD_FIRST,
  PROMPT_PREFIX,
} from "./words.ts";
import type { ColumnKind } from "./words.ts";

export interface Column {
  kind: ColumnKind;
  title: string;
  /** Where the title starts in the header line (for splitting several text columns). */
  at: number;
}

export interface TableHeader {
  columns: Column[];
  line: number;
}

interface DiskHeaderMatch {
  device: string;
  bytes: bigint | null;
  sectors: bigint | null;
}

export function matchDiskHeader(trimmed: string): DiskHeaderMatch | null {
  const candidates = [trimmed];
  const prompt = PROMPT_PREFIX.exec(trimmed);
  if (prompt) candidates.push(trimmed.slice(prompt[0].length));
  for (const candidate of candidates) {
    const m = DISK_HEADER.exec(candidate);
    if (!m) continue;
    const device = m[1] ?? "";
    const rest = m[2] ?? "";
    const bytesMatch = DISK_BYTES.exec(rest) ?? DISK_BYTES_WORD_FIRST.exec(rest);
    if (bytesMatch) {
      const sectorsMatch = DISK_SECTORS.exec(rest) ?? DISK_SECTORS_WORD_FIRST.exec(rest);
      return {
        device,
        // Czech groups the counts by thousands.
        bytes: parseDecimal((bytesMatch[1] ?? "").replace(/ /g, "")),
        sectors: sectorsMatch ? parseDecimal((sectorsMatch[1] ?? "").replace(/ /g, "")) : null,
      };
    }
    if (DISK_OLD_GEOMETRY.test(rest)) return { device, bytes: null, sectors: null };
  }
  return null;
}

export function matchTableHeader(text: string, line: number): TableHeader | null {
  const columns: Column[] = [];
  for (const m of text.matchAll(/\S+/g)) {
    const title = m[0];
    const kind = COLUMN_WORDS[title] ?? COLUMN_WORDS_LOWER.get(title.toLowerCase()) ?? "text";
    columns.push({ kind, title, at: m.index });
  }
  const first = columns[0];
  if (!first || (first.kind !== "device" && first.kind !== "number")) return null;
  const kinds = new Set(columns.map((c) => c.kind));
  // `-o` may leave out End and even Sectors: Start alone still gives exact starts.
  if (!kinds.has("start")) return null;
  // Text columns are free text: only the last ones may be, or rows cannot be split by blanks.
  // `-x` and `-o` put CHS columns after the type: rows are cut there by the titles' positions.
  const firstText = columns.findIndex((c, i) => i > 0 && (c.kind === "type" || c.kind === "text"));
  if (
    firstText !== -1 &&
    columns.slice(firstText).some((c) => c.kind !== "type" && c.kind !== "text" && c.kind !== "chs")
  ) {
    return null;
  }
  return { columns, line };
}

/**
 * Column titles fdisk prints (`-o Start,End,Sectors`) with no Device or partition-number column
 * first: its rows cannot be told apart, nor matched to their partitions.
 */
export function isDevicelessHeader(text: string): boolean {
  const kinds: ColumnKind[] = [];
  for (const m of text.matchAll(/\S+/g)) {
    const kind = COLUMN_WORDS[m[0]] ?? COLUMN_WORDS_LOWER.get(m[0].toLowerCase());
    if (kind === undefined) return false;
    kinds.push(kind);
  }
  const first = kinds[0];
  return first !== undefined && first !== "device" && first !== "number" && kinds.includes("start");
}
