/**
 * One disk listed by fdisk and by parted (or sfdisk) in one paste, both exact: the numbers are
 * compared, never one picked in silence (crossCheck.ts). test-fixtures/mixed/: real fdisk -l
 * and parted unit s print of one image, and parted's after partition 4 was shrunk from 75000 to
 * 70000 sectors with sfdisk (`parted-unit-s-after-resize.txt`), as a paste of "before" and
 * "after" would hold.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseListing } from "./index.ts";
import { FIXTURES_ROOT } from "./toolFixtures.testkit.ts";

const fixture = (path: string) => readFileSync(join(FIXTURES_ROOT, path), "utf8");
const fdisk = fixture("mixed/fdisk-l.txt");

describe("one disk listed by two tools", () => {
  it.each(["fdisk first", "parted first"])("agreeing (%s): read, with a note", (order) => {
    const parted = fixture("mixed/parted-unit-s.txt");
    const text = order === "fdisk first" ? `${fdisk}\n${parted}` : `${parted}\n${fdisk}`;
    const result = parseListing(text);
    if (!result.ok) throw new Error(result.error);
    expect(result.disks).toHaveLength(1);
    expect(result.disks[0]?.partitions.map((p) => `${p.startByte}+${p.sizeBytes}`)).toEqual([
      "1048576+536870912",
      "537919488+429496320",
      "967415808+67108864",
      "1034524672+38400000",
    ]);
    const note = result.notes.find((n) => /^Also listed in this paste/.test(n.text));
    expect(note?.text).toContain("/dev/sda (fdisk), with the same exact numbers");
  });

  it.each(["fdisk first", "parted first"])(
    "disagreeing (%s): refused, with both tools' sectors in an important note",
    (order) => {
      const parted = fixture("mixed/parted-unit-s-after-resize.txt");
      const text = order === "fdisk first" ? `${fdisk}\n${parted}` : `${parted}\n${fdisk}`;
      const result = parseListing(text);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error).toContain("/dev/sda is listed twice in this paste");
      expect(result.error).toContain(
        "partition 4 is on sectors 2020556 to 2090555 (70000 sectors) in parted, sectors 2020556 to 2095555 (75000 sectors) in fdisk",
      );
      const note = result.notes.find((n) => /listed twice/.test(n.text));
      expect(note?.important).toBe(true);
    },
  );

  it("fdisk -l and sfdisk -d of one disk, agreeing: the sfdisk dump is read, with a note", () => {
    const result = parseListing(
      `${fixture("fdisk-variants/layout-overlap.txt")}\n${fixture("sfdisk-dump/layout-overlap.txt")}`,
    );
    if (!result.ok) throw new Error(result.error);
    expect(result.format).toBe("sfdisk-dump");
    expect(result.notes.some((n) => /\/dev\/sdh \(fdisk\), with the same/.test(n.text))).toBe(true);
  });

  it("the same tool twice is left to that tool's own reader (no second reading)", () => {
    const result = parseListing(`${fdisk}\n${fdisk}`);
    if (!result.ok) throw new Error(result.error);
    expect(result.notes.some((n) => /^Also listed in this paste/.test(n.text))).toBe(false);
  });
});
