/**
 * For tests only: crafted plans that map the same sectors RW into two VMs through two
 * spellings of one disk (issue 12), shared by the check, CLI and import tests.
 */
import { PLAN_FORMAT, PLAN_VERSION, type Plan, type PlanDisk } from "../plan/types.ts";
import { vmdkSectors } from "../units.ts";

const disk = (id: string, device: string, more: Partial<PlanDisk> = {}): PlanDisk => ({
  id,
  device,
  logicalSectorSize: 512,
  sizeBytes: null,
  partitions: [],
  ...more,
});

/** VM web writes 2048 +4096 of d0, VM db writes 4096 +4096 of d1: 2048 sectors shared. */
export function twoSpellingsPlan(a: string, b: string, more: Partial<PlanDisk> = {}): Plan {
  const vm = (name: string, diskId: string, start: bigint) => ({
    name,
    adapterType: "ide" as const,
    uuid: null,
    head: { file: "Raw_Sectors_1MiB", sectors: 2048 },
    ranges: [
      {
        disk: diskId,
        startSector: vmdkSectors(start),
        sectors: vmdkSectors(4096n),
        access: "RW" as const,
      },
    ],
  });
  return {
    format: PLAN_FORMAT,
    version: PLAN_VERSION,
    name: "aliases",
    disks: [disk("d0", a, more), disk("d1", b, more)],
    vms: [vm("web", "d0", 2048n), vm("db", "d1", 4096n)],
  };
}

/** Spellings of one device that the canonical form makes equal. */
export const SAME_DEVICE_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ["/dev/sda", "/dev//sda"],
  ["/dev/sda", "/dev/./sda"],
  ["\\\\.\\PhysicalDrive0", "\\\\?\\PhysicalDrive0"],
  ["\\\\.\\PhysicalDrive0", "\\??\\PhysicalDrive0"],
  ["\\\\.\\PhysicalDrive0", "\\\\.\\GLOBALROOT\\Device\\Harddisk0\\DR0"],
  ["\\\\.\\PhysicalDrive0", "\\\\.\\PhysicalDrive0."],
  ["/dev/disk2", "/dev/rdisk2"],
];
/** Spellings text cannot resolve: possibly the same disk. */
export const POSSIBLY_SAME_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ["/dev/sda", "/dev/disk/by-id/ata-Samsung_SSD_860_EVO_500GB_S3Z1NB0K123456A"],
  ["/dev/sda", "/dev/block/8:0"],
];
