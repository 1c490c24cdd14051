/**
 * For tests only: the listing fixtures of every format other than fdisk and wmic, each with its
 * truth (`<case>.truth.json`, see test-fixtures/TOOLS.md and WINDOWS-MACOS.md).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const FIXTURES_ROOT = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "../../../test-fixtures",
);

export interface TruthDisk {
  sectorSize: number;
  sizeBytes: string;
  partitions: { startByte: string; sizeBytes: string; extended?: boolean }[];
}

/** Folders other than fdisk and wmic (which have tests of their own shape). */
export const TOOL_FORMATS = readdirSync(FIXTURES_ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== "fdisk" && d.name !== "wmic")
  .map((d) => d.name);

/** Cases that list rounded numbers or no positions: nothing needs to be exact there. */
export const INEXACT = /default|rounded|^gpt-show\/|^macos-fdisk\/mbr\.txt$/;

/**
 * Cases whose listing cannot show a disk's partitions: a GPT disk seen only through its
 * protective MBR (busybox fdisk built without GPT), Get-Disk alone counting partitions it does
 * not list, diskpart's `list disk` naming a disk no `list partition` shows. The truth's disks at these indexes are taken out of the result, each with a "Not
 * shown" note saying `why`; a listing with no other disk is refused, saying it.
 */
export const TAKEN_OUT: Readonly<Record<string, { disks: readonly number[]; why: RegExp }>> = {
  "busybox-fdisk/gpt.txt": { disks: [0], why: /only its protective MBR entry \(type ee\)/ },
  "busybox-fdisk/two-disks.txt": { disks: [1], why: /only its protective MBR entry \(type ee\)/ },
  "diskpart/session-rounded.txt": {
    disks: [0],
    why: /`list disk` names it, but no `list partition` of it is in the paste/,
  },
  "get-disk/format-list-props.txt": {
    disks: [0],
    why: /Get-Disk counts 4 partitions on it, but none is in the paste/,
  },
};

export function toolCases(): { format: string; file: string; truth: TruthDisk[] }[] {
  const out: { format: string; file: string; truth: TruthDisk[] }[] = [];
  for (const format of TOOL_FORMATS) {
    for (const name of readdirSync(join(FIXTURES_ROOT, format))) {
      if (!name.endsWith(".txt")) continue;
      const truthPath = join(FIXTURES_ROOT, format, name.replace(/\.txt$/, ".truth.json"));
      if (!existsSync(truthPath)) continue;
      out.push({
        format: format === "fdisk-variants" ? "fdisk" : format,
        file: join(format, name),
        truth: JSON.parse(readFileSync(truthPath, "utf8")) as TruthDisk[],
      });
    }
  }
  return out;
}
