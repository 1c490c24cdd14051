/**
 * The MBR sector (LBA 0) of a guest disk: a classic partition table, or GPT's protective MBR.
 *
 *   0x000  440 zero bytes (no boot code: the guest's installer writes its own)
 *   0x1B8  disk signature, u32 little-endian (Windows ties drive letters to it)
 *   0x1BC  00 00
 *   0x1BE  4 entries × 16 bytes: status 00 | start CHS (3) | type | end CHS (3) |
 *                                start LBA (u32 LE) | sector count (u32 LE)
 *   0x1FE  55 AA
 *
 * CHS with 255 heads × 63 sectors, as fdisk writes it: LBA 2048 → 20 21 00; past cylinder
 * 1023 → FE FF FF.
 */

export const SECTOR_BYTES = 512;
/** The largest sector count (and LBA + 1) an MBR entry can hold. */
export const MBR_LIMIT = 1n << 32n;

const HEADS = 255n;
const SECTORS_PER_TRACK = 63n;

/**
 * The 3 CHS bytes [head, sector | cylinder high bits, cylinder low byte] of an LBA.
 *
 * @example chsBytes(2048n) // [0x20, 0x21, 0x00]
 * @example chsBytes(16450560n) // [0xfe, 0xff, 0xff] (cylinder 1024)
 */
export function chsBytes(lba: bigint): [number, number, number] {
  const cylinder = lba / (HEADS * SECTORS_PER_TRACK);
  if (cylinder > 1023n) return [0xfe, 0xff, 0xff];
  const c = Number(cylinder);
  const h = Number((lba / SECTORS_PER_TRACK) % HEADS);
  const s = Number((lba % SECTORS_PER_TRACK) + 1n);
  return [h, (s & 0x3f) | ((c >> 2) & 0xc0), c & 0xff];
}

export interface MbrEntry {
  type: number;
  startLba: bigint;
  sectors: bigint;
}

function putU32(view: DataView, offset: number, value: bigint): void {
  if (value < 0n || value >= MBR_LIMIT) throw new RangeError(`${value} does not fit in 32 bits`);
  view.setUint32(offset, Number(value), true);
}

function putEntry(sector: Uint8Array, slot: number, raw: Uint8Array): void {
  sector.set(raw, 0x1be + 16 * slot);
}

/**
 * One 16-byte MBR entry. The CHS fields are derived from the LBAs.
 *
 * @example mbrEntryBytes({ type: 0x83, startLba: 2048n, sectors: 2048n })
 * // 00 20 21 00 83 41 01 00 00 08 00 00 00 08 00 00
 */
export function mbrEntryBytes(entry: MbrEntry): Uint8Array {
  const raw = new Uint8Array(16);
  const view = new DataView(raw.buffer);
  raw[0] = 0x00;
  raw.set(chsBytes(entry.startLba), 1);
  raw[4] = entry.type;
  raw.set(chsBytes(entry.startLba + entry.sectors - 1n), 5);
  putU32(view, 8, entry.startLba);
  putU32(view, 12, entry.sectors);
  return raw;
}

function emptySector(signature: number): Uint8Array {
  const sector = new Uint8Array(SECTOR_BYTES);
  new DataView(sector.buffer).setUint32(0x1b8, signature >>> 0, true);
  sector[0x1fe] = 0x55;
  sector[0x1ff] = 0xaa;
  return sector;
}

/**
 * A classic MBR with up to four primary partitions. Throws on more than four entries or on
 * values past 32 bits: the layout refuses such plans before any bytes are written.
 *
 * @example mbrSector(0x1a2b3c4d, [{ type: 0x07, startLba: 2048n, sectors: 62914560n }])
 */
export function mbrSector(signature: number, entries: readonly MbrEntry[]): Uint8Array {
  if (entries.length > 4) throw new RangeError(`an MBR holds 4 entries, not ${entries.length}`);
  const sector = emptySector(signature);
  entries.forEach((entry, slot) => putEntry(sector, slot, mbrEntryBytes(entry)));
  return sector;
}

/**
 * GPT's protective MBR for a disk of `totalSectors`: one entry of type EE from LBA 1 over the
 * rest of the disk (at most 2^32 − 1 sectors), CHS 00 02 00 to FF FF FF as util-linux writes.
 *
 * @example protectiveMbr(62916641n) // entry: 00 00 02 00 EE FF FF FF 01 00 00 00 20 08 C0 03
 */
export function protectiveMbr(totalSectors: bigint): Uint8Array {
  const sector = emptySector(0);
  const raw = new Uint8Array(16);
  const view = new DataView(raw.buffer);
  raw.set([0x00, 0x00, 0x02, 0x00, 0xee, 0xff, 0xff, 0xff]);
  putU32(view, 8, 1n);
  const rest = totalSectors - 1n;
  putU32(view, 12, rest < MBR_LIMIT - 1n ? rest : MBR_LIMIT - 1n);
  putEntry(sector, 0, raw);
  return sector;
}
