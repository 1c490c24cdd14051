/**
 * How README.txt words things: names quoted and escaped, paths shown as typed but never with raw
 * control or bidirectional characters, sector counts with their size, and indented items.
 */
import { formatBytes, formatBytesIsExact, groupDigits, VMDK_SECTOR_BYTES } from "../units.ts";

/**
 * Characters that must not reach the text raw: C0/C1 controls and DEL, line and paragraph
 * separators, bidirectional embeddings, overrides and isolates, unpaired surrogates.
 */
const UNSAFE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export const escapeUnsafe = (text: string): string =>
  text.replace(
    UNSAFE,
    (c) => `\\u{${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}}`,
  );

/**
 * A name as README.txt shows it: in double quotes, with `\` and `"` escaped and every
 * unsafe character written as `\u{XXXX}`.
 *
 * @example quotedName('Win "11"') // '"Win \\"11\\""'
 */
export function quotedName(name: string): string {
  return `"${escapeUnsafe(name.replace(/\\/g, "\\\\").replace(/"/g, '\\"'))}"`;
}

/** A path or file name shown as is (it has to be typed exactly), but never raw controls. */
export const plain = escapeUnsafe;

export const sectors = (n: bigint): string => `${groupDigits(n)} sector${n === 1n ? "" : "s"}`;

/** "30 GiB" when exact, "about 30 GiB" when formatBytes had to round. */
export function human(byteCount: bigint): string {
  return formatBytesIsExact(byteCount) ? formatBytes(byteCount) : `about ${formatBytes(byteCount)}`;
}

export const sized = (n: bigint): string => `${sectors(n)} (${human(n * VMDK_SECTOR_BYTES)})`;

export interface Writer {
  line(text?: string): void;
  heading(text: string): void;
  /** An indented item; continuation lines are indented further. */
  item(text: string, indent?: number): void;
}

export function writer(out: string[]): Writer {
  return {
    line: (text = "") => out.push(text),
    heading(text) {
      out.push("", text, "-".repeat(Math.min(text.length, 78)));
    },
    item(text, indent = 2) {
      out.push(`${" ".repeat(indent)}${text}`);
    },
  };
}
