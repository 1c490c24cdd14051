import { describe, expect, it } from "vitest";
import { splitOnDisk, splitRange } from "./ops.ts";
import { Rng } from "../prng.testkit.ts";
import { vmdkSectors } from "../units.ts";
import { disk, error, s, value } from "./ops.testkit.ts";

describe("splitRange", () => {
  it("aligns the first part to the first aligned sector at or after the start and reports both leftovers", () => {
    expect(value(splitRange(s(1000n), s(10000n), 2))).toEqual({
      parts: [
        { startSector: 2048n, sectors: 4096n },
        { startSector: 6144n, sectors: 4096n },
      ],
      remainder: {
        sectors: 1808n,
        pieces: [
          { startSector: 1000n, sectors: 1048n },
          { startSector: 10240n, sectors: 760n },
        ],
        where:
          "1,048 sectors (524 KiB) before the first part, 1,000 +1,048 and 760 sectors (380 KiB) after the last part, 10,240 +760",
      },
      alignment: 2048n,
    });
  });

  it("falls back to the minimum alignment when the range is too small to align", () => {
    expect(value(splitRange(s(0n), s(3000n), 2))).toEqual({
      parts: [
        { startSector: 0n, sectors: 1500n },
        { startSector: 1500n, sectors: 1500n },
      ],
      remainder: null,
      alignment: 1n,
    });
    expect(value(splitRange(s(4n), s(30n), 3, s(2048n), s(8n)))).toEqual({
      parts: [
        { startSector: 8n, sectors: 8n },
        { startSector: 16n, sectors: 8n },
        { startSector: 24n, sectors: 8n },
      ],
      remainder: {
        sectors: 6n,
        pieces: [
          { startSector: 4n, sectors: 4n },
          { startSector: 32n, sectors: 2n },
        ],
        where:
          "4 sectors (2 KiB) before the first part, 4 +4 and 2 sectors (1 KiB) after the last part, 32 +2",
      },
      alignment: 8n,
    });
  });

  it.each([
    [0, "The number of parts must be at least 1, not 0."],
    [-2, "The number of parts must be at least 1, not -2."],
    [1.5, "The number of parts must be a whole number, not 1.5."],
    [Number.NaN, "The number of parts must be a whole number, not NaN."],
    [4, "3 sectors cannot be split into 4 parts of at least 1 sector each."],
    [5000, "5000 parts is too many: at most 4096."],
  ])("n = %s is refused", (n, message) => {
    expect(error(splitRange(s(0n), s(3n), n))).toBe(message);
  });

  it("refuses a split that cannot give each part a whole 4096-byte sector", () => {
    expect(error(splitRange(s(0n), s(15n), 2, s(2048n), s(8n)))).toBe(
      "15 sectors cannot be split into 2 parts of at least 8 sectors each starting on multiples of 8.",
    );
  });

  it("property: parts are equal, in order, aligned, and parts plus leftovers tile the range exactly", () => {
    const rng = new Rng(2024);
    // Each broken rule is noted with its case and checked once at the end: 2000 cases of up to
    // 20 parts made 120,000 expect() calls, most of this file's time.
    const wrong: string[] = [];
    const check = (ok: boolean, what: string) => {
      if (!ok) wrong.push(what);
    };
    let split = 0;
    for (let i = 0; i < 2000; i++) {
      const start = rng.below(1n << 40n);
      const sectors = 1n + rng.below(rng.bool() ? 1n << 16n : 1n << 36n);
      const n = rng.int(1, 20);
      const minAlign = rng.pick([1n, 8n]);
      const where = `case ${i}: ${sectors} sectors from ${start} into ${n}, alignment ≥ ${minAlign}`;
      const result = splitRange(s(start), s(sectors), n, s(2048n), s(minAlign));
      if (!result.ok) {
        // Refused only when even the fallback alignment cannot give n parts.
        const first = ((start + minAlign - 1n) / minAlign) * minAlign;
        check((start + sectors - first) / BigInt(n) / minAlign === 0n, `${where}: refused`);
        continue;
      }
      split++;
      const { parts, remainder, alignment } = result.value;
      check(parts.length === n, `${where}: ${parts.length} parts`);
      const size = parts[0]?.sectors ?? 0n;
      const pieces = [...parts, ...(remainder?.pieces ?? [])].sort((a, b) =>
        a.startSector < b.startSector ? -1 : 1,
      );
      let at = start;
      for (const p of pieces) {
        check(p.startSector === at, `${where}: a piece starts at ${p.startSector}, not ${at}`);
        check(p.sectors > 0n, `${where}: an empty piece at ${p.startSector}`);
        at += p.sectors;
      }
      check(at === start + sectors, `${where}: the pieces end at ${at}`);
      for (const p of parts) {
        check(p.sectors === size, `${where}: a part of ${p.sectors}, not ${size}`);
        check(p.startSector % alignment === 0n, `${where}: part start ${p.startSector} unaligned`);
        check(p.sectors % alignment === 0n, `${where}: part size ${p.sectors} unaligned`);
      }
      check(
        (remainder?.sectors ?? 0n) === sectors - size * BigInt(n),
        `${where}: remainder ${remainder?.sectors}`,
      );
      // Aligned to 1 MiB whenever the range allows it.
      const firstMiB = ((start + 2047n) / 2048n) * 2048n;
      const mibPossible =
        firstMiB < start + sectors && (start + sectors - firstMiB) / BigInt(n) / 2048n > 0n;
      check(alignment === (mibPossible ? 2048n : minAlign), `${where}: alignment ${alignment}`);
    }
    expect(wrong).toEqual([]);
    expect(split).toBeGreaterThan(1000);
  });
});

describe("splitOnDisk", () => {
  it("uses 1 MiB alignment when the range allows it, as splitRange does", () => {
    const r = splitOnDisk(disk([]), vmdkSectors(125831168n), vmdkSectors(125829120n), 2);
    expect(r.ok && r.value.parts).toEqual([
      { startSector: 125831168n, sectors: 62914560n },
      { startSector: 188745728n, sectors: 62914560n },
    ]);
  });

  it("keeps whole logical sectors on a 4096-byte disk when 1 MiB alignment is impossible", () => {
    const r = splitOnDisk(
      disk([], { logicalSectorSize: 4096 }),
      vmdkSectors(2048n),
      vmdkSectors(1000n),
      3,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.parts.length).toBe(3);
    for (const p of r.value.parts) {
      expect(p.startSector % 8n).toBe(0n);
      expect(p.sectors % 8n).toBe(0n);
    }
    // splitRange alone would cut the same range at single sectors.
    const plain = splitRange(vmdkSectors(2048n), vmdkSectors(1000n), 3);
    expect(plain.ok && plain.value.parts.some((p) => p.sectors % 8n !== 0n)).toBe(true);
  });
});
