/**
 * The CHS geometry VirtualBox writes into a raw disk's DDB (docs/vmdk.md, "DDB"):
 *
 *   heads 16, sectors 63, cylinders = min(floor(total / (16 × 63)), 16383)
 *
 * Guests ignore it for LBA access; it only has to be what VirtualBox itself would write, and
 * never more than 16 heads or 63 sectors (VirtualBox discards such geometry).
 */
import type { VmdkSectors } from "../units.ts";

export interface ChsGeometry {
  cylinders: number;
  heads: number;
  sectors: number;
}

/** Never change: VirtualBox's values for raw disks. */
export const RAW_DISK_HEADS = 16;
export const RAW_DISK_SECTORS_PER_TRACK = 63;
export const MAX_CYLINDERS = 16383;

/**
 * The geometry of a raw disk of `totalSectors` 512-byte sectors.
 *
 * @example rawDiskGeometry(vmdkSectors(125831168n)) // { cylinders: 16383, heads: 16, sectors: 63 }
 * @example rawDiskGeometry(vmdkSectors(2048n))      // { cylinders: 2, heads: 16, sectors: 63 }
 */
export function rawDiskGeometry(totalSectors: VmdkSectors): ChsGeometry {
  const perCylinder = BigInt(RAW_DISK_HEADS * RAW_DISK_SECTORS_PER_TRACK);
  const whole = totalSectors < 0n ? 0n : totalSectors / perCylinder;
  const cylinders = whole > BigInt(MAX_CYLINDERS) ? MAX_CYLINDERS : Number(whole);
  return { cylinders, heads: RAW_DISK_HEADS, sectors: RAW_DISK_SECTORS_PER_TRACK };
}
