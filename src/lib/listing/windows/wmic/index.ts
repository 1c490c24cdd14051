/**
 * Windows `wmic partition get …` and `wmic diskdrive get …` (and the same WMI classes through
 * PowerShell `Get-CimInstance Win32_DiskPartition | Format-List`, `ConvertTo-Json` or
 * `ConvertTo-Csv`) → disks and partitions.
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
 *
 * Files: classes.ts (the properties and what each may hold), records.ts (records and the note
 * book), rows.ts (headers and rows), lists.ts (list records), scan.ts (pass 1: lines → records),
 * values.ts (what values mean), disks.ts (pass 2: records → disks).
 */
import type { LineParser } from "../../types.ts";
import { POWERSHELL_PARTITION_COMMAND, WMIC_PARTITION_COMMAND } from "../../commands.ts";
import { buildResult } from "./disks.ts";
import { classOfColumns, classOfValues } from "./classes.ts";
import { LineBook } from "./records.ts";
import { scan, type Scan } from "./scan.ts";
import { csvObjects, jsonObjects } from "../powershell.ts";

export { POWERSHELL_PARTITION_COMMAND, WMIC_PARTITION_COMMAND };

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
    const scanned = scan(lines, book);
    addJsonRecords(scanned, lines, book);
    return buildResult(scanned, lines, book);
  } catch (e) {
    return {
      ok: false,
      error: `The wmic listing could not be read (internal error: ${e instanceof Error ? e.message : String(e)}).`,
      notes: [],
    };
  }
};

/**
 * `Get-CimInstance Win32_DiskPartition | … | ConvertTo-Json` (or `ConvertTo-Csv`, `Export-Csv`):
 * each object with the class's properties is a record, as a Format-List record would be (its
 * numbers exact, read as text).
 */
function addJsonRecords(scanned: Scan, lines: readonly string[], book: LineBook): void {
  for (const object of [...jsonObjects(lines), ...csvObjects(lines)]) {
    // Get-Partition's and Get-Disk's objects (PartitionNumber, Offset) are PowerShell's to read;
    // wmic's own /format:csv (its first column is Node) is read by scan.
    if (["PartitionNumber", "DiskNumber", "Offset", "Node"].some((k) => object.props.has(k)))
      continue;
    const cls = classOfValues(object.props) ?? classOfColumns(object.props.keys());
    if (!cls) continue;
    const line = object.lines[0] ?? 0;
    scanned.records.push({
      cls,
      line,
      lines: object.lines,
      values: object.props,
      keyLines: new Map(),
    });
    for (const l of object.lines) book.use(l);
    scanned.distinctive = true;
  }
}
