/**
 * Listing parsers: pasted text (or dropped bytes) → disks and partitions with exact numbers.
 *
 * Each parser looks at the lines and either recognises its format (and returns a result,
 * possibly an error about that format) or returns null. The first that recognises wins.
 * Parsers never throw: a bug in one becomes an error result, not a broken page.
 */
import { decodeListingBytes, splitLines } from "./decode.ts";
import { SUPPORTED_FORMATS_TEXT, type ListingResult } from "./types.ts";
import { PARSERS } from "./registry.ts";

export type {
  LineParser,
  ListingResult,
  ListingDisk,
  ListingPartition,
  ListingNote,
  ListingFormat,
} from "./types.ts";
export { SUPPORTED_FORMATS_TEXT } from "./types.ts";

/**
 * Recognises and reads a listing: text as pasted, or the bytes of a dropped file (UTF-8, or
 * UTF-16 with a BOM).
 *
 * @example
 * parseListing(
 *   "Name                   NumberOfBlocks  StartingOffset\n" +
 *     "Disk #0, Partition #0  125829120       1048576\n",
 * );
 * // { ok: true, format: "wmic",
 * //   disks: [{ device: "\\\\.\\PhysicalDrive0", logicalSectorSize: null, sizeBytes: null,
 * //     partitions: [{ number: 0, startByte: 1048576n, sizeBytes: 64424509440n, exact: true, … }] }],
 * //   notes: [{ line: 2, text: "Disk 0: BlockSize is not listed, so NumberOfBlocks is taken as 512-byte blocks. …" }] }
 */
export function parseListing(input: string | Uint8Array): ListingResult {
  try {
    const text = typeof input === "string" ? input : decodeListingBytes(input).text;
    const lines = splitLines(text);
    if (lines.every((l) => l.trim() === "")) {
      return { ok: false, error: "The listing is empty.", notes: [] };
    }
    for (const parse of PARSERS) {
      const result = parse(lines);
      if (result) return result;
    }
    return {
      ok: false,
      error: `No partition listing recognised. Supported: ${SUPPORTED_FORMATS_TEXT}.`,
      notes: [],
    };
  } catch (e) {
    return {
      ok: false,
      error: `The listing could not be read (internal error: ${e instanceof Error ? e.message : String(e)}).`,
      notes: [],
    };
  }
}

/** The CLI's JSON: bigints as decimal strings. A public contract (see README). */
export function listingToJson(result: ListingResult): unknown {
  if (!result.ok) return { error: result.error, disks: [], notes: result.notes };
  return {
    format: result.format,
    disks: result.disks.map((d) => ({
      device: d.device,
      logicalSectorSize: d.logicalSectorSize,
      ...(d.physicalSectorSize !== undefined ? { physicalSectorSize: d.physicalSectorSize } : {}),
      sizeBytes: d.sizeBytes === null ? null : d.sizeBytes.toString(),
      ...(d.sizeLowerBoundBytes != null
        ? { sizeLowerBoundBytes: d.sizeLowerBoundBytes.toString() }
        : {}),
      ...(d.tableType !== undefined ? { tableType: d.tableType } : {}),
      partitions: d.partitions.map((p) => ({
        number: p.number,
        label: p.label,
        startByte: p.startByte === null ? null : p.startByte.toString(),
        sizeBytes: p.sizeBytes === null ? null : p.sizeBytes.toString(),
        exact: p.exact,
        ...(p.type !== undefined ? { type: p.type } : {}),
        ...(p.flags !== undefined ? { flags: p.flags } : {}),
      })),
    })),
    notes: result.notes,
  };
}

export function countPartitions(result: ListingResult): number {
  return result.ok ? result.disks.reduce((n, d) => n + d.partitions.length, 0) : 0;
}
