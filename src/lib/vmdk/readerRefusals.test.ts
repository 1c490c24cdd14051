import { describe, expect, it } from "vitest";
import { readDescriptor } from "./reader.ts";
import { UUID, VIRTUALBOX, refusal } from "./reader.testkit.ts";

describe("readDescriptor: what it refuses", () => {
  const bad = (from: string, to: string) => {
    if (!VIRTUALBOX.includes(from)) throw new Error(`no ${from}`);
    return VIRTUALBOX.replace(from, to);
  };

  it.each<[string, string, number, RegExp]>([
    [
      "a wrong first line",
      bad("# Disk DescriptorFile", "# Disk Descriptor"),
      1,
      /^The first line must be/,
    ],
    ["a missing first line", bad("# Disk DescriptorFile\n", ""), 1, /^The first line must be/],
    ["a BOM", `\uFEFF${VIRTUALBOX}`, 1, /byte-order mark/],
    ["a lone CR", bad("version=1\n", "version=1\r"), 2, /carriage return/],
    ["a NUL", bad("RW 2048", "RW\u00002048"), 8, /NUL/],
    [
      "blanks before = in version",
      bad("version=1", "version =1"),
      2,
      /No blanks may surround "=" in version/,
    ],
    [
      "blanks after = in version",
      bad("version=1", "version= 1"),
      2,
      /No blanks may surround "=" in version/,
    ],
    ["blanks around = in createType", bad("createType=", "createType = "), 5, /in createType/],
    [
      "an unquoted createType",
      bad('"partitionedDevice"', "partitionedDevice"),
      5,
      /createType must be quoted/,
    ],
    ["a quoted version", bad("version=1", 'version="1"'), 2, /bare number/],
    ["version 2", bad("version=1", "version=2"), 2, /only version=1 exists/],
    ["no version", bad("version=1\n", ""), 21, /no "version=1" line/],
    ["no createType", bad('createType="partitionedDevice"\n', ""), 21, /no createType/],
    [
      "CID after parentCID",
      bad("CID=4f1c2a9e\nparentCID=ffffffff", "parentCID=ffffffff\nCID=4f1c2a9e"),
      4,
      /CID must come before parentCID/,
    ],
    ["a non-hex CID", bad("CID=4f1c2a9e", "CID=xyz"), 3, /1 to 8 hex digits/],
    ["version twice", bad("CID=", "version=1\nCID="), 3, /version twice \(first on line 2\)/],
    [
      "an indented header line after the extents",
      bad("\n# The disk", "  version=1\n# The disk"),
      10,
      /after the extents: the order/,
    ],
    [
      "a line of spaces after the extents",
      bad("\n# The disk", "   \n# The disk"),
      10,
      /after the extents/,
    ],
    [
      "a header key after the ddb keys",
      bad('ddb.adapterType="ide"', 'ddb.adapterType="ide"\nfoo=1'),
      16,
      /after the ddb. keys/,
    ],
    [
      "an extent after the ddb keys",
      bad('ddb.adapterType="ide"', 'ddb.adapterType="ide"\nRW 1 ZERO '),
      16,
      /An extent line after the ddb. keys/,
    ],
    [
      "a ddb key before the extents",
      bad("version=1", "ddb.x=1\nversion=1"),
      2,
      /A ddb. key before any extent line/,
    ],
    [
      "an extent before the header",
      bad("version=1", 'RW 1 FLAT "a" 0\nversion=1'),
      2,
      /An extent line before the header keys/,
    ],
    [
      "two spaces after the access",
      bad("RW 2048", "RW  2048"),
      8,
      /Exactly one space must follow the access/,
    ],
    [
      "a tab after the size",
      bad("RW 2048 FLAT", "RW 2048\tFLAT"),
      8,
      /Exactly one space must follow the size/,
    ],
    [
      "two spaces after the type",
      bad('FLAT "Raw', 'FLAT  "Raw'),
      8,
      /Exactly one space must follow the type/,
    ],
    [
      "two spaces before the offset",
      bad('1MiB" 0', '1MiB"  0'),
      8,
      /Exactly one space must follow the file name/,
    ],
    [
      "no space before the offset",
      bad('1MiB" 0', '1MiB"0'),
      8,
      /Exactly one space must follow the file name/,
    ],
    [
      "a trailing space after the offset",
      bad('1MiB" 0', '1MiB" 0 '),
      8,
      /Nothing may follow the offset/,
    ],
    [
      "a trailing tab after the offset",
      bad('1MiB" 0', '1MiB" 0\t'),
      8,
      /Nothing may follow the offset/,
    ],
    [
      "an unquoted name",
      bad('"Raw_Sectors_1MiB" 0', "Raw_Sectors_1MiB 0"),
      8,
      /must be in double quotes/,
    ],
    [
      "an unterminated name",
      bad('"Raw_Sectors_1MiB" 0', '"Raw_Sectors_1MiB 0'),
      8,
      /has no closing quote/,
    ],
    ["an empty name", bad('"Raw_Sectors_1MiB" 0', '"" 0'), 8, /is empty/],
    [
      "a tab in a name",
      bad('"Raw_Sectors_1MiB" 0', '"Raw\tSectors" 0'),
      8,
      /control character U\+0009/,
    ],
    ["an unknown access", bad("RW 2048", "RWX 2048"), 8, /Unknown access "RWX"/],
    ["an unknown type", bad('2048 FLAT "Raw', '2048 FLATX "Raw'), 8, /Unknown extent type "FLATX"/],
    [
      "a SPARSE extent",
      bad('2048 FLAT "Raw', '2048 SPARSE "Raw'),
      8,
      /SPARSE extents are not raw-disk extents/,
    ],
    ["FLAT without offset", bad('1MiB" 0', '1MiB"'), 8, /needs an offset/],
    ["FLAT with a space but no offset", bad('1MiB" 0', '1MiB" '), 8, /needs an offset/],
    [
      "FLAT without a name",
      bad('FLAT "Raw_Sectors_1MiB" 0', "FLAT"),
      8,
      /needs a file name and an offset/,
    ],
    [
      "ZERO with a file",
      bad('RW 2048 FLAT "Raw_Sectors_1MiB" 0', 'RW 2048 ZERO "Raw_Sectors_1MiB"'),
      8,
      /ZERO extent takes no file/,
    ],
    [
      "ZERO with an offset",
      bad('RW 2048 FLAT "Raw_Sectors_1MiB" 0', "RW 2048 ZERO 0"),
      8,
      /ZERO extent takes no file/,
    ],
    ["a hex size", bad("RW 2048", "RW 0x800"), 8, /The size "0x800" is not a decimal number/],
    ["a signed size", bad("RW 2048", "RW +2048"), 8, /not a decimal number/],
    ["a negative offset", bad('1MiB" 0', '1MiB" -1'), 8, /The offset "-1" is not a decimal number/],
    ["an offset of 2^64", bad('1MiB" 0', `1MiB" ${1n << 64n}`), 8, /not a decimal number/],
    ["a size in exponent form", bad("RW 2048", "RW 2e3"), 8, /not a decimal number/],
    [
      "a malformed ddb line",
      bad('ddb.adapterType="ide"', "ddb.adapterType"),
      15,
      /A ddb. line must read/,
    ],
    [
      "an unterminated ddb value",
      bad('ddb.adapterType="ide"', 'ddb.adapterType="ide'),
      15,
      /no closing quote/,
    ],
    [
      "a bad uuid",
      bad(`ddb.uuid.image="${UUID}"`, 'ddb.uuid.image="nope"'),
      19,
      /ddb.uuid.image is not a UUID/,
    ],
    [
      "a non-decimal geometry",
      bad('cylinders="16383"', 'cylinders="0x10"'),
      16,
      /ddb.geometry.cylinders is not a decimal/,
    ],
  ])("%s", (_, text, line, message) => {
    const error = refusal(text);
    expect(error.message).toMatch(message);
    expect(error.line).toBe(line);
  });

  it("refuses a descriptor without ddb. lines", () => {
    const noDdb = VIRTUALBOX.split("\n")
      .filter((l) => !l.startsWith("ddb."))
      .join("\n");
    expect(refusal(noDdb)).toEqual({
      line: 13,
      message:
        "The descriptor has no ddb. line: VirtualBox would insert its UUID keys above version=1 on" +
        " the first read-write open, and never open the file again.",
    });
  });

  it("refuses a descriptor without extents", () => {
    const noExtents = VIRTUALBOX.split("\n")
      .filter((l) => !l.startsWith("RW") && !l.startsWith("ddb."))
      .join("\n");
    expect(refusal(noExtents).message).toBe("The descriptor has no extent line.");
  });

  it("refuses fewer than 50 bytes; at 50 the size is no longer the problem", () => {
    const tiny = VIRTUALBOX.slice(0, 49);
    expect(refusal(tiny)).toEqual({
      line: 1,
      message: "The file has 49 bytes; VirtualBox refuses descriptors under 50 bytes.",
    });
    expect(refusal(VIRTUALBOX.slice(0, 50)).message).toBe('The header has no createType="…" line.');
  });

  it("refuses 1100 lines, accepts 1099", () => {
    const padded = (lines: number) => {
      const base = VIRTUALBOX.split("\n").slice(0, -1);
      const comments = Array.from({ length: lines - base.length }, () => "#");
      return [...base, ...comments].join("\n") + "\n";
    };
    expect(readDescriptor(padded(1099)).ok).toBe(true);
    expect(refusal(padded(1100))).toEqual({
      line: 1100,
      message: "The file has 1100 lines; VirtualBox reads at most 1099.",
    });
  });

  it("refuses files of 128 KiB and more", () => {
    const long = `${VIRTUALBOX}#${"x".repeat(128 * 1024 - VIRTUALBOX.length - 1)}`;
    expect(new TextEncoder().encode(long).length).toBe(128 * 1024);
    expect(refusal(long)).toEqual({
      line: 23,
      message: "The file is larger than the 128 KiB VirtualBox reads.",
    });
    expect(readDescriptor(long.slice(0, -1)).ok).toBe(true);
  });

  it("refuses invalid UTF-8 with its line", () => {
    const bytes = new TextEncoder().encode(VIRTUALBOX);
    const at = VIRTUALBOX.indexOf("Raw_Sectors");
    bytes[at] = 0xff;
    expect(refusal(bytes)).toEqual({ line: 8, message: "The text is not valid UTF-8." });
  });

  it("refuses a BOM given as bytes", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(VIRTUALBOX)]);
    expect(refusal(bytes).message).toMatch(/byte-order mark/);
  });
});
