/**
 * What a wmic record's values mean: numbers, booleans and sector sizes (with a note when one is
 * not what its column holds), disk and partition numbers, and one record for one thing listed
 * twice.
 */
import { decimal, sectorSizeFrom } from "../../text.ts";
import { partitionNameNumbers, PHYSICAL_DRIVE, USED_NUMBERS } from "./classes.ts";
import { excerpt } from "./records.ts";
import type { LineBook, WmicRecord } from "./records.ts";

// ---------------------------------------------------------------------------------------------
// Meaning

export const lineOf = (record: WmicRecord, key: string): number =>
  record.keyLines.get(key) ?? record.line;

/** A listed number; null when absent or empty; a note when it is not a number. */
export function numberValue(record: WmicRecord, key: string, book: LineBook): bigint | null {
  const text = record.values.get(key);
  if (text === undefined || text === "") return null;
  const value = decimal(text);
  if (value === null) {
    book.fact(lineOf(record, key), `${key} "${excerpt(text)}" is not a whole number: ignored.`);
  }
  return value;
}

export function smallNumber(value: bigint | null): number | null {
  return value !== null && value <= 2_000_000_000n ? Number(value) : null;
}

export function booleanValue(record: WmicRecord, key: string): boolean | null {
  const text = (record.values.get(key) ?? "").toLowerCase();
  return text === "true" ? true : text === "false" ? false : null;
}

/** A logical sector size: a power of two from 512 to 64 KiB. */
export function sectorSizeValue(record: WmicRecord, key: string, book: LineBook): number | null {
  const value = numberValue(record, key, book);
  if (value === null) return null;
  const size = sectorSizeFrom(String(value));
  if (size === null)
    book.fact(lineOf(record, key), `${key} ${value} is not a sector size: ignored.`);
  return size;
}

type MergeResult = { ok: true; records: WmicRecord[] } | { ok: false; error: string };

/**
 * The same partition (or disk) listed twice, e.g. a table and a list of the same machine:
 * one record, as long as the numbers agree.
 */
export function mergeDuplicates(
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
    const numbers = partitionNameNumbers(record.values.get(key) ?? "");
    if (numbers) return numbers;
  }
  return null;
}

/** A listed number (`key`), or the one in the name; a note when both are there and differ. */
function listedOrNamed(
  record: WmicRecord,
  key: "DiskIndex" | "Index",
  named: number | null,
  namedWords: string,
  book: LineBook,
): number | null {
  const listed = smallNumber(numberValue(record, key, book));
  if (listed !== null && named !== null && listed !== named) {
    book.fact(
      lineOf(record, key),
      `${key} ${listed} disagrees with the name's ${namedWords}${named}; ${key} is used.`,
    );
  }
  return listed ?? named;
}

export const partitionDiskIndex = (record: WmicRecord, book: LineBook): number | null =>
  listedOrNamed(record, "DiskIndex", nameNumbers(record)?.disk ?? null, "Disk #", book);

export const partitionNumber = (record: WmicRecord, book: LineBook): number | null =>
  listedOrNamed(record, "Index", nameNumbers(record)?.partition ?? null, "Partition #", book);

export function diskDriveIndex(record: WmicRecord, book: LineBook): number | null {
  const listed = smallNumber(numberValue(record, "Index", book));
  if (listed !== null) return listed;
  for (const key of ["DeviceID", "Name"]) {
    const m = PHYSICAL_DRIVE.exec(record.values.get(key) ?? "");
    if (m) return Number(m[1]);
  }
  return null;
}
