/** For the wmic tests: fixtures, the parse helpers, and the worked example's rows. */
/**
 * The wmic parser against fixtures and hand-made variations.
 *
 * About the fixtures (test-fixtures/wmic/): this machine has no Windows, and Microsoft's
 * documentation gives the classes' properties but no captured wmic output. Apart from
 * worked-example.txt (the product brief's listing, verbatim), the fixtures were written to be
 * faithful to real wmic and PowerShell output formatting: table columns in alphabetical order,
 * each as wide as its widest cell plus two spaces, rows ending in spaces; /format:list records
 * as Key=Value lines in alphabetical order separated by blank lines; /format:csv starting with a
 * blank line and a Node column, fields unquoted; Format-List keys padded to one width before
 * ` : `; wmic diskdrive sizes computed from CHS geometry (cylinders × 255 × 63 sectors). Their
 * numbers are consistent (each partition's Size = NumberOfBlocks × BlockSize, partitions do not
 * overlap, 1 MiB alignment) and were chosen to look like real disks (a 240 GB SSD, a 512 GB
 * NVMe with EFI + MSR + recovery, a 2 TB data disk, a 4Kn 4 TB disk).
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { decodeListingBytes, splitLines } from "../../decode.ts";
import type { ListingDisk, ListingResult } from "../../types.ts";
import { parseWmic } from "./index.ts";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../..");
export const fixtureBytes = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(resolve(root, "test-fixtures/wmic", name)));
export const fixtureLines = (name: string): string[] =>
  splitLines(decodeListingBytes(fixtureBytes(name)).text);

export type Ok = Extract<ListingResult, { ok: true }>;
export type Failed = Extract<ListingResult, { ok: false }>;

export function parsed(lines: readonly string[]): Ok {
  const result = parseWmic(lines);
  if (!result?.ok) throw new Error(`expected a parsed listing, got ${JSON.stringify(result)}`);
  return result;
}

export function failed(lines: readonly string[]): Failed {
  const result = parseWmic(lines);
  if (result === null || result.ok) throw new Error(`expected an error, got ${String(result)}`);
  return result;
}

export const text = (s: string): string[] => splitLines(s);

/** [number, label, start, size, exact] per partition. */
export const rows = (disk: ListingDisk | undefined) =>
  disk?.partitions.map((p) => [p.number, p.label, p.startByte, p.sizeBytes, p.exact]);

export const WORKED_ROWS = [
  [0, "Disk #0, Partition #0", 1048576n, 64424509440n, true],
  [1, "Disk #0, Partition #1", 64425558016n, 64424509440n, true],
  [2, "Disk #0, Partition #2", 128850067456n, 17179869184n, true],
];

/** The tabs `unexpand` would write for spaces from column `from` to `to` (8-column stops). */
export function tabs(from: number, to: number): string {
  let out = "";
  let at = from;
  while (Math.floor(at / 8) < Math.floor(to / 8)) {
    out += "\t";
    at = (Math.floor(at / 8) + 1) * 8;
  }
  return out + " ".repeat(to - at);
}
