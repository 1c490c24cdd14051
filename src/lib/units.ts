/**
 * Units, kept apart by the type system.
 *
 * Every quantity in the engine is an exact bigint. Three units meet here:
 *
 *   Bytes          a byte count or byte offset
 *   VmdkSectors    512-byte sectors: what VMDK extent lines count, whatever the disk
 *   Lba            the disk's own logical sectors (512 or 4096 bytes)
 *
 * The brands exist only for the compiler; at run time they are plain bigints. Convert only
 * through the functions below, which refuse anything inexact instead of rounding.
 */

declare const unit: unique symbol;
export type Bytes = bigint & { readonly [unit]: "bytes" };
export type VmdkSectors = bigint & { readonly [unit]: "vmdk-sectors" };
export type Lba = bigint & { readonly [unit]: "lba" };

/** VMDK extents always count 512-byte sectors. Never change. */
export const VMDK_SECTOR_BYTES = 512n;
/** Logical sector sizes disks report, smallest and largest (powers of two in between). */
export const MIN_SECTOR_BYTES = 512n;
export const MAX_SECTOR_BYTES = 65536n;
/** The sector sizes a byte count divided by a sector count may reveal. */
export const COMMON_SECTOR_BYTES: readonly bigint[] = [512n, 1024n, 2048n, 4096n];
export const MIB = 1n << 20n;
export const GIB = 1n << 30n;

export const bytes = (n: bigint): Bytes => n as Bytes;
export const vmdkSectors = (n: bigint): VmdkSectors => n as VmdkSectors;
export const lba = (n: bigint): Lba => n as Lba;

export type Exact<T> = { ok: true; value: T } | { ok: false; error: string };

/** Bytes → 512-byte sectors, only when the byte count is a whole number of sectors. */
export function bytesToVmdkSectors(b: Bytes): Exact<VmdkSectors> {
  if (b % VMDK_SECTOR_BYTES !== 0n) {
    return { ok: false, error: `${b} bytes is not a whole number of 512-byte sectors` };
  }
  return { ok: true, value: vmdkSectors(b / VMDK_SECTOR_BYTES) };
}

export function vmdkSectorsToBytes(s: VmdkSectors): Bytes {
  return bytes(s * VMDK_SECTOR_BYTES);
}

/** A disk's own LBA → bytes, given its logical sector size (512 or 4096). */
export function lbaToBytes(n: Lba, sectorSize: number): Bytes {
  return bytes(n * BigInt(sectorSize));
}

/** Bytes → the disk's own LBAs, only when exact. */
export function bytesToLba(b: Bytes, sectorSize: number): Exact<Lba> {
  const size = BigInt(sectorSize);
  if (b % size !== 0n) {
    return { ok: false, error: `${b} bytes is not a whole number of ${sectorSize}-byte sectors` };
  }
  return { ok: true, value: lba(b / size) };
}

/**
 * Parses a non-negative decimal integer written with digits only (no sign, no separators,
 * no exponent). Returns null for anything else. Leading zeros are allowed.
 *
 * @example parseDecimal("64425558016") // 64425558016n
 */
export function parseDecimal(text: string, maxDigits = 40): bigint | null {
  if (text.length === 0 || text.length > maxDigits || !/^[0-9]+$/.test(text)) return null;
  return BigInt(text);
}

/**
 * A size for people: binary units, at most 2 decimals, and the word "about" is the
 * caller's job when the value was rounded. Exact values are never shown only this way.
 *
 * @example formatBytes(64424509440n) // "60 GiB"
 */
export function formatBytes(b: bigint): string {
  const whole = b < 0n ? -b : b;
  const { divisor, unit } = byteScale(whole);
  // Two decimals by exact integer arithmetic, rounded half up.
  const hundredths = (whole * 100n + divisor / 2n) / divisor;
  const intPart = hundredths / 100n;
  const frac = hundredths % 100n;
  const sign = b < 0n ? "-" : "";
  let text = `${sign}${intPart}`;
  if (frac !== 0n) text += `.${frac.toString().padStart(2, "0").replace(/0$/, "")}`;
  return `${text} ${unit}`;
}

/**
 * True when formatBytes shows the value without rounding, so "about" is not needed.
 *
 * @example formatBytesIsExact(64424509440n) // true ("60 GiB")
 * @example formatBytesIsExact(240057409536n) // false ("223.57 GiB" is rounded)
 */
export function formatBytesIsExact(b: bigint): boolean {
  const whole = b < 0n ? -b : b;
  return (whole * 100n) % byteScale(whole).divisor === 0n;
}

const BYTE_UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"] as const;

/** The largest binary unit not above the value (B up to EiB). */
function byteScale(whole: bigint): { divisor: bigint; unit: string } {
  let i = 0;
  let divisor = 1n;
  while (i < BYTE_UNITS.length - 1 && whole >= divisor * 1024n) {
    divisor *= 1024n;
    i++;
  }
  return { divisor, unit: BYTE_UNITS[i] ?? "B" };
}

/** Groups digits for display only (never in values meant for copying). */
export function groupDigits(n: bigint): string {
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
