/**
 * VirtualBox's limits and identifiers, written once (docs/vmdk.md). Every check, writer and
 * reader that needs one imports it from here.
 */
import { vmdkSectors, type VmdkSectors } from "./units.ts";

/**
 * VirtualBox refuses a descriptor of 1100 lines or more (VMDK_DESCRIPTOR_LINES_MAX, checked
 * before the last line is stored) and needs free lines to add keys when it opens the disk
 * read-write.
 */
export const DESCRIPTOR_MAX_LINES = 1100;
/**
 * Extents per descriptor (head, padding, ranges and GPT tail together). The fixed lines take
 * about 25, so 1000 extents stay well under DESCRIPTOR_MAX_LINES with room for VirtualBox's
 * own keys: the plan's checks, the guest layout and the descriptor writer all hold to it.
 */
export const MAX_EXTENTS = 1000;
/** VirtualBox turns sectors into a 64-bit byte offset: 2^55 sectors is 2^64 bytes. */
export const MAX_SECTOR_END = 1n << 55n;
/** 1 MiB in 512-byte sectors: the usual head file, and where partition tools align. */
export const MIB_SECTORS: VmdkSectors = vmdkSectors(2048n);
/**
 * Largest head file, in sectors (64 MiB). The zip writer builds it in memory; a guest
 * partition table needs 34 sectors and the default is 2048, so more is a typing mistake.
 */
export const MAX_HEAD_SECTORS = 131072;

/** A UUID's 36 characters, for patterns that find one inside other text (case-insensitive flag). */
export const UUID_TEXT = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
/** A UUID in its 36-character form, either case (as VirtualBox reads ddb.uuid.image). */
export const UUID_PATTERN = new RegExp(`^${UUID_TEXT}$`, "i");
/** The same, lowercase only: how the plan format stores UUIDs and GUIDs. */
export const LOWERCASE_UUID_PATTERN = new RegExp(`^${UUID_TEXT}$`);
export const NIL_UUID = "00000000-0000-0000-0000-000000000000";

/** True for a UUID in its 36-character form (either case), other than the nil UUID. */
export function isImageUuid(text: string): boolean {
  return UUID_PATTERN.test(text) && text !== NIL_UUID;
}
