/**
 * What wmic's columns and keys may be: the Win32_DiskPartition and Win32_DiskDrive properties,
 * which class a header or a record belongs to, and whether a cell holds what its column may hold.
 */
import { excerpt } from "./records.ts";

export type RecordClass = "partition" | "diskdrive";

/**
 * What a column may hold. `name` is a partition's `Disk #0, Partition #1` (the only value with
 * a comma in practice) or a disk's `\\.\PHYSICALDRIVE0`.
 */
export type Kind = "uint" | "bool" | "name" | "text";

// Win32_DiskPartition and Win32_DiskDrive properties (Microsoft's class reference), split by
// which class has them: a header with one of the class-only names tells the class.
const PARTITION_ONLY: Readonly<Record<string, Kind>> = {
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

const DISKDRIVE_ONLY: Readonly<Record<string, Kind>> = {
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

const SHARED: Readonly<Record<string, Kind>> = {
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

const has = (table: Readonly<Record<string, Kind>>, name: string): boolean =>
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
const PARTITION_NAME_HASH = /^[^#]*#(\d{1,9})[^#]*#(\d{1,9})\s*$/;
/**
 * A localized name without `#`: words, a number, a comma, words, a number, as German Windows
 * writes `Datenträgernr. 0, Partitionsnr. 1`.
 */
const PARTITION_NAME_WORDS = /^\p{L}[\p{L}.\s]*?(\d{1,9}),\s*\p{L}[\p{L}.\s]*?(\d{1,9})\s*$/u;
/** The one value with a comma that wmic's CSV leaves unquoted. */
const PARTITION_NAME_WITH_COMMA = /^[^#,]*#\d{1,9},[^#,]*#\d{1,9}$/;

/** Disk #N and Partition #M from a partition's name, in English or localized; null otherwise. */
export function partitionNameNumbers(value: string): { disk: number; partition: number } | null {
  const m = PARTITION_NAME_HASH.exec(value) ?? PARTITION_NAME_WORDS.exec(value);
  return m ? { disk: Number(m[1]), partition: Number(m[2]) } : null;
}

export const isPartitionName = (value: string): boolean => partitionNameNumbers(value) !== null;
export const PHYSICAL_DRIVE = /^\\\\\.\\PHYSICALDRIVE(\d{1,9})$/i;
const DECIMAL_OR_EMPTY = /^\d*$/;
const BOOLEAN_OR_EMPTY = /^(?:true|false)?$/i;

export function acceptsValue(kind: Kind, value: string): boolean {
  switch (kind) {
    case "uint":
      return DECIMAL_OR_EMPTY.test(value);
    case "bool":
      return BOOLEAN_OR_EMPTY.test(value);
    case "name":
      // A comma only as in `Disk #0, Partition #1`; a disk's name has none.
      return value.includes(",")
        ? PARTITION_NAME_WITH_COMMA.test(value) || PARTITION_NAME_WORDS.test(value)
        : true;
    case "text":
      return true;
  }
}

export function classOfColumns(names: Iterable<string>): RecordClass | null {
  let partition = false;
  let disk = false;
  for (const name of names) {
    if (has(PARTITION_ONLY, name)) partition = true;
    if (has(DISKDRIVE_ONLY, name)) disk = true;
  }
  if (partition === disk) return null;
  return partition ? "partition" : "diskdrive";
}

export function classOfValues(values: ReadonlyMap<string, string>): RecordClass | null {
  for (const key of ["CreationClassName", "__CLASS", "CimClass"]) {
    const v = values.get(key) ?? "";
    if (/Win32_DiskPartition$/i.test(v)) return "partition";
    if (/Win32_DiskDrive$/i.test(v)) return "diskdrive";
  }
  for (const key of ["Name", "DeviceID", "Caption"]) {
    const v = values.get(key) ?? "";
    if (PHYSICAL_DRIVE.test(v)) return "diskdrive";
    if (isPartitionName(v)) return "partition";
  }
  return null;
}

/** Checks a row's cells against their columns; returns why not, or null when they fit. */
export function badCell(names: readonly string[], cells: readonly string[]): string | null {
  let meaningful = false;
  for (let c = 0; c < names.length; c++) {
    const name = names[c] ?? "";
    const value = cells[c] ?? "";
    const kind = kindOf(name);
    if (kind === "uint" && !DECIMAL_OR_EMPTY.test(value)) {
      return `${name} "${excerpt(value)}" is not a whole number`;
    }
    if (kind === "bool" && !BOOLEAN_OR_EMPTY.test(value)) {
      return `${name} "${excerpt(value)}" is not TRUE or FALSE`;
    }
    if ((kind === "uint" && value !== "") || (kind === "name" && isPartitionName(value))) {
      meaningful = true;
    }
    if (kind === "name" && PHYSICAL_DRIVE.test(value)) meaningful = true;
  }
  return meaningful ? null : "no number or partition name where the header expects one";
}
