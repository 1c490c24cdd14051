/** The guest-disk cases the real readers check (readers.test.ts): each plan and what the tools must find. */

export type Fs = "ext4" | "vfat";

export interface RangeCase {
  start: bigint;
  sectors: bigint;
  /** The host partition's type as a listing gives it (the guest type is taken from it). */
  hostType: string;
  fs?: Fs;
  /** Where the guest must see the partition: stated by hand, not computed by the layout. */
  guestStart: bigint;
  /** sfdisk --json's type: the MBR Id in hex, or the GPT type GUID. */
  sfdiskType: string;
  /** fdisk -l's Type column. */
  fdiskType: string;
}

export interface Case {
  name: string;
  table: "mbr" | "gpt";
  placement: "packed" | "identity";
  driveSectors: bigint;
  ranges: RangeCase[];
  /** T, stated by hand. */
  totalSectors: bigint;
}

export const BASIC = "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7";
export const LINUX = "0FC63DAF-8483-4772-8E79-3D69D8477DE4";
export const ESP = "C12A7328-F81F-11D2-BA4B-00A0C93EC93B";
export const MSR = "E3C9E316-0B5C-4DB8-817D-F92DF00215AE";
export const MIB = 2048n;

export const CASES: Case[] = [
  {
    name: "MBR, one range, packed",
    table: "mbr",
    placement: "packed",
    driveSectors: 256n * MIB,
    ranges: [
      {
        start: 2048n,
        sectors: 32n * MIB,
        hostType: "83 Linux",
        fs: "ext4",
        guestStart: 2048n,
        sfdiskType: "83",
        fdiskType: "83 Linux",
      },
    ],
    totalSectors: 2048n + 32n * MIB,
  },
  {
    name: "MBR, two ranges, packed",
    table: "mbr",
    placement: "packed",
    driveSectors: 256n * MIB,
    ranges: [
      {
        start: 2048n,
        sectors: 32n * MIB,
        hostType: "83 Linux",
        fs: "ext4",
        guestStart: 2048n,
        sfdiskType: "83",
        fdiskType: "83 Linux",
      },
      {
        start: 65n * MIB,
        sectors: 20n * MIB,
        hostType: "c W95 FAT32 (LBA)",
        fs: "vfat",
        guestStart: 2048n + 32n * MIB,
        sfdiskType: "c",
        fdiskType: "c W95 FAT32 (LBA)",
      },
    ],
    totalSectors: 2048n + 52n * MIB,
  },
  {
    name: "MBR, three ranges, identity placement",
    table: "mbr",
    placement: "identity",
    driveSectors: 256n * MIB,
    ranges: [
      {
        start: 2048n,
        sectors: 16n * MIB,
        hostType: "7 HPFS/NTFS/exFAT",
        fs: "vfat",
        guestStart: 2048n,
        sfdiskType: "7",
        fdiskType: "7 HPFS/NTFS/exFAT",
      },
      {
        start: 34n * MIB,
        sectors: 32n * MIB,
        hostType: "83 Linux",
        fs: "ext4",
        guestStart: 34n * MIB,
        sfdiskType: "83",
        fdiskType: "83 Linux",
      },
      {
        start: 100n * MIB,
        sectors: 8n * MIB,
        hostType: "82 Linux swap / Solaris",
        guestStart: 100n * MIB,
        sfdiskType: "82",
        fdiskType: "82 Linux swap / Solaris",
      },
    ],
    totalSectors: 108n * MIB,
  },
  {
    name: "GPT, one range, packed",
    table: "gpt",
    placement: "packed",
    driveSectors: 256n * MIB,
    ranges: [
      {
        start: 2048n,
        sectors: 32n * MIB,
        hostType: "Linux filesystem",
        fs: "ext4",
        guestStart: 2048n,
        sfdiskType: LINUX,
        fdiskType: "Linux filesystem",
      },
    ],
    totalSectors: 2048n + 32n * MIB + 33n,
  },
  {
    name: "GPT, two ranges, packed",
    table: "gpt",
    placement: "packed",
    driveSectors: 256n * MIB,
    ranges: [
      {
        start: 2048n,
        sectors: 16n * MIB,
        hostType: "EFI System",
        fs: "vfat",
        guestStart: 2048n,
        sfdiskType: ESP,
        fdiskType: "EFI System",
      },
      {
        start: 65n * MIB,
        sectors: 32n * MIB,
        hostType: "GPT: Basic Data",
        fs: "ext4",
        guestStart: 2048n + 16n * MIB,
        sfdiskType: BASIC,
        fdiskType: "Microsoft basic data",
      },
    ],
    totalSectors: 2048n + 48n * MIB + 33n,
  },
  {
    name: "GPT, three ranges, identity placement",
    table: "gpt",
    placement: "identity",
    driveSectors: 256n * MIB,
    ranges: [
      {
        start: 2048n,
        sectors: 16n * MIB,
        hostType: "Microsoft basic data",
        fs: "vfat",
        guestStart: 2048n,
        sfdiskType: BASIC,
        fdiskType: "Microsoft basic data",
      },
      {
        start: 17n * MIB,
        sectors: 16n * MIB,
        hostType: "Microsoft reserved",
        guestStart: 17n * MIB,
        sfdiskType: MSR,
        fdiskType: "Microsoft reserved",
      },
      {
        start: 120n * MIB,
        sectors: 32n * MIB,
        hostType: "0FC63DAF-8483-4772-8E79-3D69D8477DE4",
        fs: "ext4",
        guestStart: 120n * MIB,
        sfdiskType: LINUX,
        fdiskType: "Linux filesystem",
      },
    ],
    totalSectors: 152n * MIB + 33n,
  },
  {
    // 3 TiB sparse drive; the second range starts 2.33 TiB in, so T passes 2^32 sectors.
    name: "GPT beyond 2 TiB, identity placement",
    table: "gpt",
    placement: "identity",
    driveSectors: 3n << 31n,
    ranges: [
      {
        start: 2048n,
        sectors: 32n * MIB,
        hostType: "Linux filesystem",
        fs: "ext4",
        guestStart: 2048n,
        sfdiskType: LINUX,
        fdiskType: "Linux filesystem",
      },
      {
        start: 2441406n * MIB,
        sectors: 16n * MIB,
        hostType: "Microsoft basic data",
        fs: "vfat",
        guestStart: 2441406n * MIB,
        sfdiskType: BASIC,
        fdiskType: "Microsoft basic data",
      },
    ],
    totalSectors: 2441422n * MIB + 33n,
  },
];

/** Deterministic v4-shaped UUIDs, so a failing run can be repeated. */
