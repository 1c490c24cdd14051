/**
 * What every listing parser returns. Byte quantities are exact bigints; a value the listing
 * does not give exactly is null (and the partition's `exact` is false), never a guess.
 *
 * The CLI prints this shape as JSON (`npm run -s cli -- parse`), bigints as decimal strings:
 * a public contract, so fields are only ever added, never renamed or removed.
 */

/** Formats the parsers recognise; the CLI prints these names. Never rename one. */
export type ListingFormat = "wmic" | "fdisk";

export const SUPPORTED_FORMATS_TEXT =
  "Windows `wmic partition get …` (table, /format:list or /format:csv, optionally with `wmic diskdrive get …`) " +
  "and Linux `fdisk -l` (util-linux, including old cylinder-unit listings)";

export interface ListingPartition {
  /** The number the listing shows (wmic: the 0-based partition index; fdisk: from the device name). */
  number: number | null;
  /** How the listing names it: `Disk #0, Partition #1`, `/dev/sda1`. */
  label: string;
  startByte: bigint | null;
  sizeBytes: bigint | null;
  /** True only when both start and size are exact. */
  exact: boolean;
  /** The type as the listing names it (`Linux filesystem`, `GPT: Basic Data`, `83`), if given. */
  type?: string;
  /** Flags as the listing gives them: `boot`, `extended`, `logical`, `primary`. */
  flags?: string[];
}

export interface ListingDisk {
  /** `\\.\PhysicalDrive0`, `/dev/sda`; null when the listing does not name the disk. */
  device: string | null;
  /** Logical sector size in bytes, or null when the listing does not say. */
  logicalSectorSize: number | null;
  physicalSectorSize?: number | null;
  /** Exact size in bytes, or null when not known exactly. */
  sizeBytes: bigint | null;
  /** A size known only as a lower bound (wmic diskdrive Size), if any. */
  sizeLowerBoundBytes?: bigint | null;
  /** Partition table type, when the listing says: `dos` (MBR) or `gpt`. */
  tableType?: "dos" | "gpt" | null;
  /** Where the disk came from in the listing (1-based line), for messages. */
  line?: number;
  partitions: ListingPartition[];
}

export interface ListingNote {
  /** 1-based line number in the decoded text. */
  line: number;
  text: string;
}

export type ListingResult =
  | { ok: true; format: ListingFormat; disks: ListingDisk[]; notes: ListingNote[] }
  | { ok: false; error: string; notes: ListingNote[] };

/** A parser returns null when the lines are not its format; it never throws. */
export type LineParser = (lines: readonly string[]) => ListingResult | null;
