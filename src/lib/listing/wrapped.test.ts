/**
 * Listings copied from a console window narrower than their lines: the console wrapped each
 * long line into pieces of its width. The pieces are joined back when the lines as pasted read
 * worse (index.ts, `rejoinWrapped`).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseListing, rejoinWrapped } from "./index.ts";
import type { ListingResult } from "./types.ts";
import { FIXTURES_ROOT } from "./toolFixtures.testkit.ts";
import { consoleWrap as wrap } from "./degrade.testkit.ts";

const exact = (r: ListingResult) =>
  r.ok
    ? r.disks.flatMap((d) =>
        d.partitions.filter((p) => p.exact).map((p) => `${p.startByte}+${p.sizeBytes}`),
      )
    : [];

describe("rejoinWrapped", () => {
  it("joins each line of exactly the width with the next, through several pieces", () => {
    const lines = ["abcd", "efgh", "ij", "", "abcd", "x", "short"];
    expect(rejoinWrapped(lines, 4)).toEqual({
      lines: ["abcdefghij", "", "abcdx", "short"],
      origin: [1, 4, 5, 7],
    });
  });

  it("does not join a full line with an empty one, and says when nothing was joined", () => {
    expect(rejoinWrapped(["abcd", "", "ab"], 4)).toBeNull();
    expect(rejoinWrapped(["abc", "ab"], 4)).toBeNull();
  });
});

describe("a wmic listing copied from a console 80 columns wide", () => {
  const files = [
    "wmic/gpt-two-disks.txt",
    "wmic/mbr-many-columns.txt",
    "wmic/beyond-2-53.txt",
    "wmic/diskdrive-and-partition.txt",
  ];
  it.each(files)("%s keeps every exact number, and says its lines were joined", (file) => {
    const original = readFileSync(join(FIXTURES_ROOT, file), "utf8");
    const truth = exact(parseListing(original));
    expect(truth.length).toBeGreaterThan(0);
    expect(original.split(/\r?\n/).some((l) => l.length > 80)).toBe(true);
    const wrapped = wrap(original, 80);
    expect(wrapped.split("\n").some((l) => l.length > 80)).toBe(false);
    const result = parseListing(wrapped);
    expect(exact(result)).toEqual(truth);
    if (!result.ok) throw new Error(result.error);
    expect(result.notes[0]?.text).toMatch(/wrapped at 80 characters/);
    // The page shows it in view, and the CLI's JSON marks it (README).
    expect(result.notes[0]?.important).toBe(true);
    expect(result.notes.slice(1).some((n) => n.important)).toBe(false);
  });

  it("gives notes the line numbers of the text as pasted", () => {
    const original = readFileSync(join(FIXTURES_ROOT, "wmic/gpt-two-disks.txt"), "utf8");
    const wrapped = wrap(original, 80);
    const result = parseListing(wrapped);
    if (!result.ok) throw new Error(result.error);
    const pasted = wrapped.split("\n");
    for (const note of result.notes.slice(1)) {
      expect(note.line).toBeGreaterThanOrEqual(1);
      expect(note.line).toBeLessThanOrEqual(pasted.length);
    }
    const lines = result.disks.map((d) => d.line).filter((l) => l !== undefined);
    for (const line of lines) expect(pasted[line - 1]?.trim(), `line ${line}`).not.toBe("");
  });

  it("leaves a listing that reads as it is alone, even when its rows are all one width", () => {
    const rows = [
      "Name                   NumberOfBlocks  StartingOffset",
      "Disk #0, Partition #0  204800          1048576       ",
      "Disk #0, Partition #1  2048            126877696     ",
    ];
    const result = parseListing(rows.join("\n"));
    if (!result.ok) throw new Error(result.error);
    expect(exact(result)).toEqual(["1048576+104857600", "126877696+1048576"]);
    expect(result.notes.some((n) => /wrapped/.test(n.text))).toBe(false);
    expect(result.notes.some((n) => n.important)).toBe(false);
  });
});
