/**
 * GPT structures (UEFI specification, chapter 5), for a disk of T sectors of 512 bytes:
 *
 *   LBA 0        protective MBR (mbr.ts)
 *   LBA 1        primary header    MyLBA 1,     AlternateLBA T − 1, PartitionEntryLBA 2
 *   LBA 2–33     entry array: 128 entries × 128 bytes = 16384 bytes = 32 sectors
 *   LBA 34 …     partitions, within [FirstUsableLBA 34, LastUsableLBA T − 34]
 *   LBA T − 33   the same entry array, byte for byte
 *   LBA T − 1    backup header     MyLBA T − 1, AlternateLBA 1,     PartitionEntryLBA T − 33
 *
 * Header (92 bytes, the rest of its sector zero; integers little-endian):
 *   0 "EFI PART" | 8 revision 00 00 01 00 | 12 size 92 | 16 header CRC32 (computed with this
 *   field zeroed) | 20 reserved 0 | 24 MyLBA | 32 AlternateLBA | 40 FirstUsableLBA |
 *   48 LastUsableLBA | 56 disk GUID | 72 PartitionEntryLBA | 80 entry count 128 |
 *   84 entry size 128 | 88 CRC32 of the whole entry array
 * Entry (128 bytes): 0 type GUID | 16 unique GUID | 32 first LBA | 40 last LBA (inclusive) |
 *   48 attributes u64 | 56 name, 36 UTF-16LE code units.
 */
import { crc32 } from "./crc32.ts";
import { guidBytes } from "./guid.ts";
import { SECTOR_BYTES } from "./mbr.ts";

export const GPT_ENTRY_COUNT = 128;
export const GPT_ENTRY_BYTES = 128;
export const GPT_HEADER_BYTES = 92;
/** 16384 bytes of entries: 32 sectors. */
export const GPT_ENTRY_ARRAY_BYTES = GPT_ENTRY_COUNT * GPT_ENTRY_BYTES;
export const GPT_ENTRY_ARRAY_SECTORS = GPT_ENTRY_ARRAY_BYTES / SECTOR_BYTES;
/** Protective MBR + header + entries: the head must hold at least this many sectors. */
export const GPT_HEAD_MIN_SECTORS = 2 + GPT_ENTRY_ARRAY_SECTORS;
/** Entries + backup header at the end of the disk. */
export const GPT_TAIL_SECTORS = GPT_ENTRY_ARRAY_SECTORS + 1;
export const GPT_FIRST_USABLE_LBA = BigInt(GPT_HEAD_MIN_SECTORS);
/** 36 UTF-16 code units. */
export const GPT_NAME_UNITS = 36;

export interface GptEntry {
  /** GUIDs as text; guid.ts turns them into the stored bytes. */
  typeGuid: string;
  uniqueGuid: string;
  firstLba: bigint;
  /** Inclusive. */
  lastLba: bigint;
  attributes?: bigint;
  name?: string;
}

export interface GptHeaderFields {
  myLba: bigint;
  alternateLba: bigint;
  firstUsableLba: bigint;
  lastUsableLba: bigint;
  diskGuid: string;
  partitionEntryLba: bigint;
  entryArrayCrc: number;
}

function guid(text: string): Uint8Array {
  const stored = guidBytes(text);
  if (!stored) throw new RangeError(`"${text}" is not a GUID`);
  return stored;
}

/**
 * The 16384-byte entry array: `entries` in slots 0, 1, …, the rest zero. Throws on more than
 * 128 entries or a malformed GUID (the layout refuses those plans first).
 */
export function gptEntryArray(entries: readonly GptEntry[]): Uint8Array {
  if (entries.length > GPT_ENTRY_COUNT) {
    throw new RangeError(`a GPT holds ${GPT_ENTRY_COUNT} entries, not ${entries.length}`);
  }
  const array = new Uint8Array(GPT_ENTRY_ARRAY_BYTES);
  const view = new DataView(array.buffer);
  entries.forEach((entry, slot) => {
    const at = slot * GPT_ENTRY_BYTES;
    array.set(guid(entry.typeGuid), at);
    array.set(guid(entry.uniqueGuid), at + 16);
    view.setBigUint64(at + 32, entry.firstLba, true);
    view.setBigUint64(at + 40, entry.lastLba, true);
    view.setBigUint64(at + 48, entry.attributes ?? 0n, true);
    const name = (entry.name ?? "").slice(0, GPT_NAME_UNITS);
    for (let i = 0; i < name.length; i++) view.setUint16(at + 56 + 2 * i, name.charCodeAt(i), true);
  });
  return array;
}

/**
 * One header sector (512 bytes: the 92-byte header, then zeros), its CRC filled in.
 *
 * @example gptHeaderSector({ myLba: 1n, alternateLba: t - 1n, firstUsableLba: 34n,
 *   lastUsableLba: t - 34n, diskGuid, partitionEntryLba: 2n, entryArrayCrc: crc32(array) })
 */
export function gptHeaderSector(fields: GptHeaderFields): Uint8Array {
  const sector = new Uint8Array(SECTOR_BYTES);
  const view = new DataView(sector.buffer);
  sector.set([0x45, 0x46, 0x49, 0x20, 0x50, 0x41, 0x52, 0x54], 0); // "EFI PART"
  sector.set([0x00, 0x00, 0x01, 0x00], 8); // revision 1.0
  view.setUint32(12, GPT_HEADER_BYTES, true);
  view.setBigUint64(24, fields.myLba, true);
  view.setBigUint64(32, fields.alternateLba, true);
  view.setBigUint64(40, fields.firstUsableLba, true);
  view.setBigUint64(48, fields.lastUsableLba, true);
  sector.set(guid(fields.diskGuid), 56);
  view.setBigUint64(72, fields.partitionEntryLba, true);
  view.setUint32(80, GPT_ENTRY_COUNT, true);
  view.setUint32(84, GPT_ENTRY_BYTES, true);
  view.setUint32(88, fields.entryArrayCrc >>> 0, true);
  view.setUint32(16, crc32(sector.subarray(0, GPT_HEADER_BYTES)), true);
  return sector;
}
