/**
 * What every listing parser returns. Byte quantities are exact bigints; a value the listing
 * does not give exactly is null (and the partition's `exact` is false), never a guess.
 *
 * The CLI prints this shape as JSON (`npm run -s cli -- parse`), bigints as decimal strings:
 * a public contract, so fields are only ever added, never renamed or removed.
 */

/** Formats the parsers recognise; the CLI prints these names. Never rename one. */
export type ListingFormat =
  | "wmic"
  | "fdisk"
  | "busybox-fdisk"
  | "sfdisk-dump"
  | "sfdisk-json"
  | "sfdisk-list"
  | "parted"
  | "parted-machine"
  | "gdisk"
  | "gpt-show"
  | "mmls"
  | "partx"
  | "lsblk"
  | "get-partition"
  | "get-disk"
  | "diskpart"
  | "vbox-listpartitions"
  | "vbox-hostdrives"
  | "diskutil"
  | "macos-fdisk"
  | "gpart-show"
  | "gpart-list"
  | "diskutil-info"
  | "sysfs"
  | "diskutil-plist";

/** How the page names each format ("Detected: …"). */
export const FORMAT_TITLES: Readonly<Record<ListingFormat, string>> = {
  wmic: "Windows wmic partition",
  fdisk: "Linux fdisk -l",
  "busybox-fdisk": "BusyBox fdisk -l",
  "sfdisk-dump": "sfdisk --dump",
  "sfdisk-json": "sfdisk --json",
  "sfdisk-list": "sfdisk -l (util-linux 2.25 and older)",
  parted: "parted print",
  "parted-machine": "parted -m print",
  gdisk: "gdisk -l / sgdisk -p",
  "gpt-show": "gpt show",
  mmls: "Sleuth Kit mmls",
  partx: "partx --show",
  lsblk: "lsblk",
  "get-partition": "PowerShell Get-Partition",
  "get-disk": "PowerShell Get-Disk",
  diskpart: "diskpart",
  "vbox-listpartitions": "VBoxManage internalcommands listpartitions",
  "vbox-hostdrives": "VBoxManage list hostdrives",
  diskutil: "macOS diskutil list",
  "macos-fdisk": "macOS fdisk",
  "gpart-show": "FreeBSD gpart show",
  "gpart-list": "FreeBSD gpart list",
  "diskutil-info": "macOS diskutil info",
  sysfs: "Linux /sys/block start and size files",
  "diskutil-plist": "macOS diskutil info -plist / list -plist",
};

export const SUPPORTED_FORMATS_TEXT =
  "Windows PowerShell `Get-Partition` and `Get-Disk` (lists, tables, `ConvertTo-Json` or `ConvertTo-Csv`), `wmic partition get …` (table, /format:list or /format:csv, with `wmic diskdrive get …`), diskpart, " +
  "VirtualBox `VBoxManage internalcommands listpartitions` and `VBoxManage list hostdrives`, " +
  "Linux `fdisk -l` (util-linux and busybox, any columns, old cylinder listings), `sfdisk -d`/`-J`/`-l` (old ones too), `parted print` (also -m), `gdisk -l`/`sgdisk -p`, `lsblk` (also -l, -r, -P, -J), `partx --show`, /sys/block's `start` and `size` files (`grep . /sys/block/sda/sda*/start /sys/block/sda/sda*/size`), Sleuth Kit `mmls`, " +
  "macOS/BSD `diskutil list`, `diskutil info` (also `-plist`, and `diskutil list -plist` for sizes), `fdisk`, `gpt show`, and FreeBSD `gpart show`, `gpart list`";

export interface ListingPartition {
  /** The number the listing shows (wmic: the 0-based partition index; fdisk: from the device name). */
  number: number | null;
  /** How the listing names it: `Disk #0, Partition #1`, `/dev/sda1`. */
  label: string;
  startByte: bigint | null;
  sizeBytes: bigint | null;
  /** True only when both start and size are exact. */
  exact: boolean;
  /** Exact sector numbers, set only on a disk with `sectorSizeUnknown` (see there). */
  startSector?: bigint;
  sizeSectors?: bigint;
  /** The type as the listing names it (`Linux filesystem`, `GPT: Basic Data`, `83`), if given. */
  type?: string;
  /** Flags as the listing gives them: `boot`, `extended`, `logical`, `primary`. */
  flags?: string[];
  /** The filesystem as the listing names it (`ntfs`, `ext4`, `FAT32`), if given. */
  filesystem?: string;
  /** The partition's own name or volume label (GPT name, PARTLABEL, volume label), if given. */
  name?: string;
  /** GPT partition GUID (unique, not the type), uppercase with dashes, if given. */
  partitionGuid?: string;
  /** The host runs from it: Windows IsBoot (the Windows volume) / IsSystem (the EFI or
   * system-reserved volume), or Linux's `/` and `/boot` when the listing shows mount points. */
  isBoot?: boolean;
  isSystem?: boolean;
  /** Where the host mounts it (`C:`, `/`, `/home`), if the listing says. */
  mountPoint?: string;
}

/**
 * What a listing says about which physical disk this is, beyond its path. Every field is
 * optional; values are kept as the listing prints them (trimmed).
 */
export interface DiskIdentity {
  serial?: string;
  model?: string;
  /** GPT disk GUID, uppercase with dashes. */
  diskGuid?: string;
  /** MBR disk signature as 8 lowercase hex digits (`0x` stripped). */
  mbrSignature?: string;
  /** Windows Get-Disk UniqueId. */
  uniqueId?: string;
  /** VirtualBox `list hostdrives` UUID. */
  vboxUuid?: string;
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
  /** Serial, model, disk GUID, MBR signature… when the listing gives any. */
  identity?: DiskIdentity;
  /** Windows Get-Disk IsBoot / IsSystem: the disk holds the running system's boot/system volume. */
  isBoot?: boolean;
  isSystem?: boolean;
  /** Windows disk number (Get-Disk Number, `Disk #N`), when the listing gives it. */
  diskNumber?: number;
  /**
   * True when the listing counts in sectors but does not say how many bytes a sector has (a
   * trimmed fdisk table, an old sfdisk dump). Then `logicalSectorSize` is null, partitions are
   * `exact: false`, and `startSector`/`sizeSectors` on each partition hold the exact sector
   * numbers until the user (page) or `--sector-size` (CLI) says 512 or 4096.
   */
  sectorSizeUnknown?: boolean;
  partitions: ListingPartition[];
}

export interface ListingNote {
  /** 1-based line number in the decoded text. */
  line: number;
  text: string;
  /**
   * The numbers, or the disk they are on, rest on something the listing does not say outright:
   * lines a console wrapped, joined back; a sector size deduced from rounded sizes; a table
   * taken as the one disk another block names. The reader must see this note without opening
   * anything, and check it against the machine.
   */
  important?: true;
}

export type ListingResult =
  | { ok: true; format: ListingFormat; disks: ListingDisk[]; notes: ListingNote[] }
  | {
      ok: false;
      error: string;
      notes: ListingNote[];
      /**
       * The listing was read, but every disk in it was taken out (text.ts `withoutDisks`): what
       * it shows of them would look free. Another listing in the same paste may still be read.
       */
      everyDiskTakenOut?: true;
    };

/** A parser returns null when the lines are not its format; it never throws. */
export type LineParser = (lines: readonly string[]) => ListingResult | null;
