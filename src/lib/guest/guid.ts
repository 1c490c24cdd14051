/**
 * GUIDs as GPT stores them: 16 bytes, "mixed-endian". The first three groups are little-endian
 * integers, the last two are bytes in the order they are written:
 *
 *   EBD0A0A2-B9E5-4433-87C0-68B6B72699C7          (Microsoft basic data, as people write it)
 *   A2 A0 D0 EB  E5 B9  33 44  87 C0  68 B6 B7 26 99 C7   (as it sits on the disk)
 *   └ LE u32 ┘  └LE┘  └LE┘  └ bytes as written ───────┘
 *
 * Plans hold GUIDs as lowercase text (like the VM's uuid); only this module turns them into
 * bytes.
 */
import { LOWERCASE_UUID_PATTERN, NIL_UUID, UUID_PATTERN } from "../vbox.ts";

/**
 * True for a GUID a disk or partition may carry: well-formed, lowercase (the plan's canonical
 * form) and not all zeros (an all-zero type GUID marks an unused GPT entry).
 *
 * @example isIdentityGuid("3f6c1e0a-5b2d-4c8e-9a71-0d4e8b2f6a13") // true
 */
export function isIdentityGuid(text: string): boolean {
  return LOWERCASE_UUID_PATTERN.test(text) && text !== NIL_UUID;
}

/**
 * The 16 bytes GPT stores for a GUID, or null when the text is not a GUID.
 *
 * @example guidBytes("EBD0A0A2-B9E5-4433-87C0-68B6B72699C7")
 * // Uint8Array [0xa2, 0xa0, 0xd0, 0xeb, 0xe5, 0xb9, 0x33, 0x44, 0x87, 0xc0, 0x68, 0xb6, 0xb7, 0x26, 0x99, 0xc7]
 */
export function guidBytes(text: string): Uint8Array | null {
  if (!UUID_PATTERN.test(text)) return null;
  const hex = text.replace(/-/g, "");
  const plain = new Uint8Array(16);
  for (let i = 0; i < 16; i++) plain[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  const out = new Uint8Array(16);
  // Reverse each of the first three groups (4, 2 and 2 bytes); copy the last 8 bytes.
  const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
  order.forEach((from, to) => {
    out[to] = plain[from] as number;
  });
  return out;
}

/**
 * The text of a GUID from its 16 stored bytes (uppercase, as the UEFI specification and fdisk
 * print it). The inverse of guidBytes.
 *
 * @example guidText(guidBytes("c12a7328-f81f-11d2-ba4b-00a0c93ec93b")!) // "C12A7328-F81F-11D2-BA4B-00A0C93EC93B"
 */
export function guidText(stored: Uint8Array): string {
  const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
  const hex = order.map((i) => (stored[i] ?? 0).toString(16).padStart(2, "0")).join("");
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20, 32),
  ]
    .join("-")
    .toUpperCase();
}
