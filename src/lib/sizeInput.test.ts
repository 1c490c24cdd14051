import { describe, expect, it } from "vitest";
import { parseSizeInput } from "./sizeInput.ts";

describe("parseSizeInput", () => {
  it.each<[string, bigint]>([
    ["30G", 32212254720n],
    ["30 GiB", 32212254720n],
    ["30gib", 32212254720n],
    ["30Gi", 32212254720n],
    ["512MiB", 536870912n],
    ["512m", 536870912n],
    ["1.5T", 1649267441664n],
    ["0.5K", 512n],
    ["4K", 4096n],
    ["1 PiB", 1n << 50n],
    ["62914560s", 32212254720n],
    ["62914560 sectors", 32212254720n],
    ["1 sector", 512n],
    ["2048 sec", 1048576n],
    ["1.0s", 512n],
    ["1048576", 1048576n],
    ["1048576B", 1048576n],
    ["1048576 bytes", 1048576n],
    ["  1_048_576  ", 1048576n],
    ["0", 0n],
    ["64425558016", 64425558016n],
    ["4722366482869645213184", (2n ** 63n - 1n) * 512n],
  ])("%j is %i bytes", (text, expected) => {
    expect(parseSizeInput(text)).toEqual({ ok: true, bytes: expected, sectors: expected / 512n });
  });

  it("reads a bare number as sectors when asked", () => {
    expect(parseSizeInput("125829120", { bareUnit: "sectors" })).toEqual({
      ok: true,
      bytes: 64424509440n,
      sectors: 125829120n,
    });
    expect(parseSizeInput("125829120 B", { bareUnit: "sectors" })).toEqual({
      ok: true,
      bytes: 125829120n,
      sectors: 245760n,
    });
  });

  it.each<[string, string]>([
    ["", "Enter a size, e.g. 30G, 512MiB, 62914560s or a bare number of bytes."],
    ["   ", "Enter a size, e.g. 30G, 512MiB, 62914560s or a bare number of bytes."],
    ["-1G", "A size cannot be negative."],
    [
      "1000",
      "1,000 bytes is not a whole number of 512-byte sectors: the nearest are 512 and 1,024 bytes.",
    ],
    ["0.1G", "0.1G is not a whole number of bytes (it lies between 107,374,182 and 107,374,183)."],
    ["1.5s", "A number of sectors must be whole, not 1.5."],
    [
      "30GB",
      '"GB" is ambiguous (Windows means powers of 1024, disk makers powers of 1000): write GiB (or G) for powers of 1024, or the exact number of bytes.',
    ],
    [
      "512 mb",
      '"mb" is ambiguous (Windows means powers of 1024, disk makers powers of 1000): write MiB (or M) for powers of 1024, or the exact number of bytes.',
    ],
    [
      "2kB",
      '"kB" is ambiguous (Windows means powers of 1024, disk makers powers of 1000): write KiB (or K) for powers of 1024, or the exact number of bytes.',
    ],
    [
      "3 parsecs",
      'Unknown unit "parsecs": use K, M, G, T (KiB, MiB, GiB, TiB: powers of 1024), s for 512-byte sectors, or B for bytes.',
    ],
    [
      "125,829,120",
      'Remove the commas from "125,829,120": digit grouping and decimal commas differ between countries (use "_" to group digits, "." for decimals).',
    ],
    [
      "1,5G",
      'Remove the commas from "1,5G": digit grouping and decimal commas differ between countries (use "_" to group digits, "." for decimals).',
    ],
    ["1e9", 'Write the number out in full, without an exponent ("1e9").'],
    [
      "1 000",
      '"1 000" is not a size: write e.g. 30G, 512MiB, 62914560s or a bare number of bytes.',
    ],
    ["G", '"G" is not a size: write e.g. 30G, 512MiB, 62914560s or a bare number of bytes.'],
    [".5G", '".5G" is not a size: write e.g. 30G, 512MiB, 62914560s or a bare number of bytes.'],
    ["1__0", '"1__0" is not a size: write e.g. 30G, 512MiB, 62914560s or a bare number of bytes.'],
    [
      "0x800",
      '"0x800" is not a size: write e.g. 30G, 512MiB, 62914560s or a bare number of bytes.',
    ],
    ["9223372036854775808s", '"9223372036854775808s" is too large.'],
  ])("%j is refused", (text, error) => {
    expect(parseSizeInput(text)).toEqual({ ok: false, error });
  });

  it("a sector field's message says a bare number counts 512-byte sectors, as it reads it", () => {
    const r = parseSizeInput("G", { bareUnit: "sectors" });
    expect(r).toEqual({
      ok: false,
      error:
        '"G" is not a size: write e.g. 30G, 512MiB, 62914560s or a bare number of 512-byte sectors.',
    });
    expect(parseSizeInput("2048", { bareUnit: "sectors" })).toMatchObject({
      ok: true,
      sectors: 2048n,
    });
  });

  it("on a 4096-byte-sector disk, requires whole 4096-byte sectors", () => {
    expect(parseSizeInput("2048s", { sectorBytes: 4096 })).toEqual({
      ok: true,
      bytes: 1048576n,
      sectors: 2048n,
    });
    expect(parseSizeInput("9s", { sectorBytes: 4096 })).toEqual({
      ok: false,
      error:
        "4,608 bytes is not a whole number of 4096-byte sectors: the nearest are 4,096 and 8,192 bytes.",
    });
  });
});
