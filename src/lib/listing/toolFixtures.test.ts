/**
 * Every listing fixture made by a real tool (scripts/make-tool-fixtures.sh) or built from a
 * documented output shape (test-fixtures/<format>/README.md), against its truth: `sfdisk
 * --json` of the same disks, or the numbers the shape's source documents. The rule: the
 * detected format is the folder's; every number claimed exact is the truth's; an exact format
 * lists every partition of the truth (an extended container may be left out).
 */
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseListing } from "./index.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../../test-fixtures");

interface TruthDisk {
  sectorSize: number;
  sizeBytes: string;
  partitions: { startByte: string; sizeBytes: string; extended?: boolean }[];
}

/** Folders other than fdisk and wmic (which have tests of their own shape). */
export const TOOL_FORMATS = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== "fdisk" && d.name !== "wmic")
  .map((d) => d.name);

/** Cases that list rounded numbers or no positions: nothing needs to be exact there. */
const INEXACT = /default|busybox-fdisk\/gpt\.txt$/;

export function toolCases(): { format: string; file: string; truth: TruthDisk[] }[] {
  const out: { format: string; file: string; truth: TruthDisk[] }[] = [];
  for (const format of TOOL_FORMATS) {
    for (const name of readdirSync(join(root, format))) {
      if (!name.endsWith(".txt")) continue;
      const truthPath = join(root, format, name.replace(/\.txt$/, ".truth.json"));
      if (!existsSync(truthPath)) continue;
      out.push({
        format,
        file: join(format, name),
        truth: JSON.parse(readFileSync(truthPath, "utf8")) as TruthDisk[],
      });
    }
  }
  return out;
}

describe("tool fixtures against their truth", () => {
  it.each(toolCases())("$file", ({ format, file, truth }) => {
    const result = parseListing(new Uint8Array(readFileSync(join(root, file))));
    if (!result.ok) throw new Error(`${file}: ${result.error}`);
    expect(result.format).toBe(format);
    expect(result.disks).toHaveLength(truth.length);
    result.disks.forEach((disk, i) => {
      const t = truth[i] as TruthDisk;
      if (disk.logicalSectorSize !== null) expect(disk.logicalSectorSize).toBe(t.sectorSize);
      if (disk.sizeBytes !== null) expect(disk.sizeBytes.toString()).toBe(t.sizeBytes);
      const truthKeys = new Set(t.partitions.map((p) => `${p.startByte}+${p.sizeBytes}`));
      for (const p of disk.partitions) {
        if (p.exact) {
          expect(truthKeys, `${file} disk ${i}: ${p.label}`).toContain(
            `${p.startByte}+${p.sizeBytes}`,
          );
        }
        if (p.startByte !== null && p.sizeBytes === null) {
          expect(t.partitions.map((x) => x.startByte)).toContain(p.startByte.toString());
        }
      }
      const protective =
        disk.partitions.length === 0 && result.notes.some((n) => /protective MBR/.test(n.text));
      if (!INEXACT.test(file) && !protective) {
        const exact = new Set(
          disk.partitions.filter((p) => p.exact).map((p) => `${p.startByte}+${p.sizeBytes}`),
        );
        for (const p of t.partitions) {
          if (p.extended) continue;
          expect(exact, `${file} disk ${i} lists ${p.startByte}+${p.sizeBytes}`).toContain(
            `${p.startByte}+${p.sizeBytes}`,
          );
        }
      }
    });
  });
});
