/**
 * What wmic and PowerShell print about Win32_DiskPartition and Win32_DiskDrive: the properties
 * of each class and what their values may look like, the records read from the text, and the
 * book that notes every line that was looked at.
 */
import type { ListingNote } from "../../types.ts";

/** Lines longer than this are not wmic output (its widest table is about 1,000 characters). */
export const MAX_LINE_CHARS = 8192;
/** At most this many "not read" notes one by one; the rest are counted in one note. */
export const MAX_UNUSED_LINE_NOTES = 200;
/** A CSV row with more surplus commas than this is not even tried (one per name column at most). */
export const MAX_EXTRA_COMMAS = 8;
export const EXCERPT_CHARS = 120;

export type RecordClass = "partition" | "diskdrive";

/**
 * What a column may hold. `name` is a partition's `Disk #0, Partition #1` (the only value with
 * a comma in practice) or a disk's `\\.\PHYSICALDRIVE0`.
 */
export type Kind = "uint" | "bool" | "name" | "text";

// Win32_DiskPartition and Win32_DiskDrive properties (Microsoft's class reference), split by
// which class has them: a header with one of the class-only names tells the class.
export const PARTITION_ONLY: Readonly<Record<string, Kind>> = {
  Access: "uint",
  BlockSize: "uint",
  Bootable: "bool",
  BootPartition: "bool",
  DiskIndex: "uint",
  HiddenSectors: "uint",
  NumberOfBlocks: "uint",
  PrimaryPartition: "bool",
  Purpose: "text",
  RewritePartition: "bool",
  StartingOffset: "uint",
  Type: "text",
};

export const DISKDRIVE_ONLY: Readonly<Record<string, Kind>> = {
  BytesPerSector: "uint",
  Capabilities: "text",
  CapabilityDescriptions: "text",
  CompressionMethod: "text",
  DefaultBlockSize: "uint",
  FirmwareRevision: "text",
  InterfaceType: "text",
  Manufacturer: "text",
  MaxBlockSize: "uint",
  MaxMediaSize: "uint",
  MediaLoaded: "bool",
  MediaType: "text",
  MinBlockSize: "uint",
  Model: "text",
  NeedsCleaning: "bool",
  NumberOfMediaSupported: "uint",
  Partitions: "uint",
  SCSIBus: "uint",
  SCSILogicalUnit: "uint",
  SCSIPort: "uint",
  SCSITargetId: "uint",
  SectorsPerTrack: "uint",
  SerialNumber: "text",
  Signature: "uint",
  TotalCylinders: "uint",
  TotalHeads: "uint",
  TotalSectors: "uint",
  TotalTracks: "uint",
  TracksPerCylinder: "uint",
};

export const SHARED: Readonly<Record<string, Kind>> = {
  AdditionalAvailability: "uint",
  Availability: "uint",
  Caption: "name",
  ConfigManagerErrorCode: "uint",
  ConfigManagerUserConfig: "bool",
  CreationClassName: "text",
  Description: "text",
  DeviceID: "name",
  ErrorCleared: "bool",
  ErrorDescription: "text",
  ErrorMethodology: "text",
  IdentifyingDescriptions: "text",
  Index: "uint",
  InstallDate: "text",
  LastErrorCode: "uint",
  MaxQuiesceTime: "uint",
  Name: "name",
  Node: "text",
  OtherIdentifyingInfo: "text",
  PNPDeviceID: "text",
  PowerManagementCapabilities: "text",
  PowerManagementSupported: "bool",
  PowerOnHours: "uint",
  Size: "uint",
  Status: "text",
  StatusInfo: "uint",
  SystemCreationClassName: "text",
  SystemName: "text",
  TotalPowerOnHours: "uint",
};

/** Extra keys PowerShell's Format-List prints (Get-CimInstance, Get-WmiObject). */
export const POWERSHELL_EXTRAS = new Set([
  "PSComputerName",
  "CimClass",
  "CimInstanceProperties",
  "CimSystemProperties",
  "__GENUS",
  "__CLASS",
  "__SUPERCLASS",
  "__DYNASTY",
  "__RELPATH",
  "__PROPERTY_COUNT",
  "__DERIVATION",
  "__SERVER",
  "__NAMESPACE",
  "__PATH",
  "Scope",
  "Path",
  "Options",
  "ClassPath",
  "Properties",
  "SystemProperties",
  "Qualifiers",
  "Site",
  "Container",
]);

/** Numeric properties whose values the planner uses: two listings disagreeing on one is an error. */
export const USED_NUMBERS = [
  "StartingOffset",
  "Size",
  "NumberOfBlocks",
  "BlockSize",
  "BytesPerSector",
  "TotalSectors",
] as const;

export const has = (table: Readonly<Record<string, Kind>>, name: string): boolean =>
  Object.prototype.hasOwnProperty.call(table, name);

export function kindOf(name: string): Kind | null {
  if (has(PARTITION_ONLY, name)) return PARTITION_ONLY[name] ?? null;
  if (has(DISKDRIVE_ONLY, name)) return DISKDRIVE_ONLY[name] ?? null;
  if (has(SHARED, name)) return SHARED[name] ?? null;
  return null;
}

export const isColumnName = (name: string): boolean => kindOf(name) !== null;
export const isListKey = (name: string): boolean =>
  isColumnName(name) || POWERSHELL_EXTRAS.has(name);
export const isClassOnly = (name: string): boolean =>
  has(PARTITION_ONLY, name) || has(DISKDRIVE_ONLY, name);

/** `Disk #0, Partition #1` (also localized: any words around two `#N`). */
export const PARTITION_NAME = /^[^#]*#(\d{1,9})[^#]*#(\d{1,9})\s*$/;
/** The one value with a comma that wmic's CSV leaves unquoted. */
export const PARTITION_NAME_WITH_COMMA = /^[^#,]*#\d{1,9},[^#,]*#\d{1,9}$/;
export const PHYSICAL_DRIVE = /^\\\\\.\\PHYSICALDRIVE(\d{1,9})$/i;
export const DECIMAL_OR_EMPTY = /^\d*$/;
export const BOOLEAN_OR_EMPTY = /^(?:true|false)?$/i;

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

/** How many `>` quote markers stand in front of a line. */
export const quoteDepth = (prefix: string): number => prefix.split(">").length - 1;
