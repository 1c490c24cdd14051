/**
 * The one best command per system for a listing with exact numbers, as the page suggests them
 * and the parsers' notes ask for them (they must agree: docs/listings.md).
 */
/** wmic's command that gives everything the planner needs, with exact numbers. */
export const WMIC_PARTITION_COMMAND =
  "wmic partition get Name,DiskIndex,Index,BlockSize,NumberOfBlocks,StartingOffset,Size,Bootable,Type";

/** The same through PowerShell's CIM cmdlets (the wmic parser reads it). */
export const POWERSHELL_PARTITION_COMMAND =
  "Get-CimInstance Win32_DiskPartition | Format-List Name,DiskIndex,Index,BlockSize,NumberOfBlocks,StartingOffset,Size,Bootable,Type";

/**
 * PowerShell's exact size and sector size of one Windows disk. Its output pasted after a wmic,
 * diskpart or VBoxManage listing fills both in (windows/merge.ts matches it by disk number).
 */
export const getDiskSizeCommand = (diskNumber: number | string): string =>
  `Get-Disk -Number ${diskNumber} | Format-List Number,LogicalSectorSize,Size`;

export interface ListingCommand {
  /** Where to run it, as the page labels it. */
  system: string;
  command: string;
  /** One line on what it gives, or what to watch for. */
  note: string;
}

/** PowerShell, works on every Windows with or without wmic: exact offsets and sizes in bytes. */
export const POWERSHELL_COMMAND =
  "Get-Partition | Format-List DiskNumber,PartitionNumber,Offset,Size,Type,DriveLetter,IsBoot,IsSystem; Get-Disk | Format-List Number,LogicalSectorSize,Size,SerialNumber,IsBoot,IsSystem";

export const LISTING_COMMANDS: readonly ListingCommand[] = [
  {
    system: "Windows (PowerShell as Administrator)",
    command: POWERSHELL_COMMAND,
    note: "Exact offsets, sizes and the disk's size; works where wmic is gone (Windows 11).",
  },
  {
    system: "Windows with wmic",
    command: WMIC_PARTITION_COMMAND,
    note: "The disk's size is not in it: also run Get-Disk | Format-List Number,LogicalSectorSize,Size and paste both.",
  },
  {
    system: "Linux",
    command: "sudo fdisk -l",
    note: "Or sudo parted /dev/sdX unit s print, sfdisk -d, lsblk -b -o NAME,START,SIZE,LOG-SEC.",
  },
  {
    system: "macOS",
    command: "sudo gpt -r show /dev/disk0; diskutil info disk0",
    note: "Find the disk with diskutil list. If gpt cannot open it (the boot disk, under System Integrity Protection), run diskutil info -all instead; for an MBR disk use sudo fdisk /dev/disk0.",
  },
  // FreeBSD's `gpart list` (exact offsets in bytes, each disk's sector size and size; `gpart
  // show` is read too) is named in the paste box's hint instead (ui/ListingInput.tsx): VirtualBox
  // hosts on FreeBSD are few, and the first screen stays light (docs/startup.md).
];
