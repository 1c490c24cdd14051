/** `\\.\PhysicalDrive3` (any spelling of the prefix, any case) → 3; anything else → null. */
export function canonicalDiskNumber(device: string | null): number | null {
  if (device === null) return null;
  const m = /^(?:[\\/]{2}[.?][\\/]|\\\?\?\\)physicaldrive(\d{1,3})\.?$/i.exec(device.trim());
  return m ? Number(m[1]) : null;
}

/** The device name Windows gives disk number `n`: `\\.\PhysicalDrive<n>`. */
export const physicalDrive = (n: number): string => `\\\\.\\PhysicalDrive${n}`;
