/** How README.txt and the page write things: hosts of a device path, names, sizes, extents. */
import type { PartitionTable, PlanDisk, PlanVm } from "../plan/types.ts";
import { VMDK_SECTOR_BYTES, formatBytes, formatBytesIsExact, groupDigits } from "../units.ts";
import type { DescriptorLayout, PlannedExtent } from "../vmdk/descriptor.ts";

/** One virtual disk as the zip holds it. */
export interface ReadmeDisk {
  vm: PlanVm;
  /** The folder in the zip, e.g. `web`. */
  folder: string;
  /** The descriptor's file name inside the folder, e.g. `web.vmdk`. */
  descriptorFile: string;
  layout: DescriptorLayout;
  /** The UUID written into the descriptor. */
  uuid: string;
}

export type Host = "windows" | "linux" | "macos" | "unknown";

/** Which host a device path belongs to (docs/vmdk.md, "Devices"). */
export function hostOfDevice(device: string): Host {
  if (/^\\\\[.?]\\/.test(device) || /^[A-Za-z]:[\\/]/.test(device)) return "windows";
  if (/^\/dev\/r?disk[0-9]/.test(device)) return "macos";
  if (device.startsWith("/dev/")) return "linux";
  return "unknown";
}

/**
 * Characters that must not reach the text raw: C0/C1 controls and DEL, line and paragraph
 * separators, bidirectional embeddings, overrides and isolates, unpaired surrogates.
 */
export const UNSAFE =
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

/** What the head file holds, by the VM's guest table. */
export const HEAD_HOLDS: Record<PartitionTable, string> = {
  none: "blank: room for the guest's own partition table and boot code",
  mbr: "the guest's MBR partition table, then zeros",
  gpt: "the guest's GPT: protective MBR, header and partition entries, then zeros",
};

export function extentWords(
  extent: PlannedExtent,
  disks: readonly PlanDisk[],
  table: PartitionTable,
): string {
  const access = extent.access === "RW" ? "read-write" : "read-only";
  if (extent.source.kind === "head") {
    return (
      `${sized(extent.sectors)} of the file ${plain(extent.file)} beside the descriptor ` +
      `(${HEAD_HOLDS[table]}), ${access}`
    );
  }
  if (extent.source.kind === "padding") {
    return `${sized(extent.sectors)} of zeros (no file: the guest reads zeros, and what it writes there is lost)`;
  }
  if (extent.source.kind === "tail") {
    return (
      `${sized(extent.sectors)} of the file ${plain(extent.file)} beside the descriptor ` +
      `(the GPT's backup: partition entries and backup header), ${access}`
    );
  }
  const diskId = extent.source.disk;
  const disk = disks.find((d) => d.id === diskId);
  const startByte = extent.offset * VMDK_SECTOR_BYTES;
  const ownLba =
    disk?.logicalSectorSize === 4096 && startByte % 4096n === 0n
      ? `, its own 4096-byte LBA ${groupDigits(startByte / 4096n)}`
      : "";
  return (
    `${sized(extent.sectors)} of ${plain(extent.file)} starting at sector ` +
    `${groupDigits(extent.offset)} (byte ${groupDigits(startByte)}${ownLba}), ${access}`
  );
}

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

/** Characters a shell may still interpret inside double quotes, per host. */
