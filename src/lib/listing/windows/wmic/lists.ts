/**
 * wmic's list records (`/format:list`, PowerShell Format-List): where one record ends and the
 * next starts, and which records were cut or glued in the paste.
 */
import { expandTabs } from "../../text.ts";
import { classOfColumns, classOfValues, isListKey } from "./classes.ts";
import type { RecordClass } from "./classes.ts";
import { isBlank, MAX_LINE_CHARS } from "./records.ts";
import type { KeyValue, LineBook, Section, WmicRecord } from "./records.ts";
import { leadingSpaces, matchKeyValue, splitPrefix } from "./rows.ts";

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

/** PowerShell wraps a long value onto lines indented to where values start: joined again. */
export function joinWrappedValue(run: ListRun, text: string, line: number): void {
  if (
    run.record &&
    run.style === ":" &&
    run.blankRun === 0 &&
    run.valueColumn > 0 &&
    leadingSpaces(text) === run.valueColumn
  ) {
    const previous = run.record.values.get(run.lastKey) ?? "";
    run.record.values.set(run.lastKey, `${previous} ${text.trim()}`.trim());
    run.record.lines.push(line);
  }
}

/** A place for a key not seen yet: right after `after`, or before all when a record starts. */
function newPlace(order: ReadonlyMap<string, number>, after: number | null): number {
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
