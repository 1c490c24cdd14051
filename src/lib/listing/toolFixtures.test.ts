/**
 * Every listing fixture made by a real tool (scripts/make-tool-fixtures.sh) or built from a
 * documented output shape (test-fixtures/<format>/README.md), against its truth: `sfdisk
 * --json` of the same disks, or the numbers the shape's source documents. The rule: the
 * detected format is the folder's; every number claimed exact is the truth's; an exact format
 * lists every partition of the truth (an extended container may be left out).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseListing } from "./index.ts";
import {
  FIXTURES_ROOT,
  INEXACT,
  TAKEN_OUT,
  toolCases,
  type TruthDisk,
} from "./toolFixtures.testkit.ts";

describe("tool fixtures against their truth", () => {
  it.each(toolCases())("$file", ({ format, file, truth }) => {
    const result = parseListing(new Uint8Array(readFileSync(join(FIXTURES_ROOT, file))));
    const out = TAKEN_OUT[file];
    const hidden = out?.disks ?? [];
    const shown = truth.filter((_, i) => !hidden.includes(i));
    if (out && shown.length === 0) {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(out.why);
      return;
    }
    if (!result.ok) throw new Error(`${file}: ${result.error}`);
    expect(result.format).toBe(format);
    expect(result.disks).toHaveLength(shown.length);
    const notShown = result.notes.filter((n) => n.important && /^Not shown: /.test(n.text));
    expect(notShown).toHaveLength(hidden.length);
    if (out) for (const n of notShown) expect(n.text).toMatch(out.why);
    result.disks.forEach((disk, i) => {
      const t = shown[i] as TruthDisk;
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
      // Rounded or not, every partition of the truth is a row of the listing (an extended
      // container may be left out).
      const real = t.partitions.filter((p) => !p.extended).length;
      expect(disk.partitions.length, `${file} disk ${i}: partitions`).toBeGreaterThanOrEqual(real);
      if (!INEXACT.test(file)) {
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
