import { describe, expect, it } from "vitest";
import { decodeListingBytes, splitLines } from "./decode.ts";

const bytes = (...parts: (number[] | Buffer)[]): Uint8Array =>
  new Uint8Array(Buffer.concat(parts.map((p) => (Buffer.isBuffer(p) ? p : Buffer.from(p)))));

/** UTF-16BE of a string (Node only writes little-endian). */
function utf16be(text: string): Buffer {
  const le = Buffer.from(text, "utf16le");
  for (let i = 0; i + 1 < le.length; i += 2) {
    const a = le[i] ?? 0;
    le[i] = le[i + 1] ?? 0;
    le[i + 1] = a;
  }
  return le;
}

const SAMPLE = "Name  StartingOffset\r\nDisk #0, Partition #0  1048576\r\n";

describe("decodeListingBytes", () => {
  it.each([
    ["UTF-8 without a BOM", bytes(Buffer.from(SAMPLE, "utf8")), "utf-8", SAMPLE],
    ["UTF-8 with a BOM", bytes([0xef, 0xbb, 0xbf], Buffer.from(SAMPLE, "utf8")), "utf-8", SAMPLE],
    [
      "UTF-16LE with a BOM (what `wmic … > file` writes)",
      bytes([0xff, 0xfe], Buffer.from(SAMPLE, "utf16le")),
      "utf-16le",
      SAMPLE,
    ],
    ["UTF-16BE with a BOM", bytes([0xfe, 0xff], utf16be(SAMPLE)), "utf-16be", SAMPLE],
    [
      "UTF-16LE with an odd byte count: the lone byte shows as U+FFFD",
      bytes([0xff, 0xfe], Buffer.from("Disk", "utf16le"), [0x41]),
      "utf-16le",
      "Disk\uFFFD",
    ],
    [
      "UTF-16BE with an odd byte count",
      bytes([0xfe, 0xff], utf16be("ab"), [0x00]),
      "utf-16be",
      "ab\uFFFD",
    ],
    ["only a UTF-16LE BOM", bytes([0xff, 0xfe]), "utf-16le", ""],
    ["nothing", bytes([]), "utf-8", ""],
    ["one byte", bytes([0x41]), "utf-8", "A"],
    ["invalid UTF-8: U+FFFD, no exception", bytes([0x41, 0xff, 0x42]), "utf-8", "A\uFFFDB"],
    [
      "non-ASCII UTF-8 (a localized name)",
      bytes(Buffer.from("Datenträger #0", "utf8")),
      "utf-8",
      "Datenträger #0",
    ],
    [
      "non-BMP characters in UTF-16LE",
      bytes([0xff, 0xfe], Buffer.from("a😀b", "utf16le")),
      "utf-16le",
      "a😀b",
    ],
  ])("%s", (_, data, encoding, text) => {
    expect(decodeListingBytes(data)).toEqual({ encoding, text });
  });

  it("decodes long UTF-16 text exactly, across its internal chunks, surrogate pairs too", () => {
    // A surrogate pair straddles the 8192-unit boundary: 8191 letters, then 😀.
    const text = `${"x".repeat(8191)}😀${"Disk #0, Partition #1  ".repeat(2000)}`;
    expect(decodeListingBytes(bytes([0xff, 0xfe], Buffer.from(text, "utf16le"))).text).toBe(text);
    expect(decodeListingBytes(bytes([0xfe, 0xff], utf16be(text))).text).toBe(text);
  });
});

describe("splitLines", () => {
  it.each([
    ["LF", "a\nb\nc", ["a", "b", "c"]],
    ["CRLF", "a\r\nb\r\nc", ["a", "b", "c"]],
    ["lone CR", "a\rb\rc", ["a", "b", "c"]],
    ["mixed", "a\r\nb\nc\rd", ["a", "b", "c", "d"]],
    ["a final line break: one empty last line", "a\r\n", ["a", ""]],
    ["blank lines kept", "a\n\n\nb", ["a", "", "", "b"]],
    // wmic piped through cmd: CR CR LF is a lone CR, then CRLF.
    ["CR CR LF", "a\r\r\nb", ["a", "", "b"]],
    ["a leading BOM character", "\uFEFFName\nDisk", ["Name", "Disk"]],
    ["spaces and tabs kept", "  a\t \n", ["  a\t ", ""]],
    ["empty text", "", [""]],
  ])("%s", (_, text, lines) => {
    expect(splitLines(text)).toEqual(lines);
  });

  it("splits decoded UTF-16LE + CRLF bytes into the lines of the text", () => {
    const data = bytes([0xff, 0xfe], Buffer.from(SAMPLE, "utf16le"));
    expect(splitLines(decodeListingBytes(data).text)).toEqual([
      "Name  StartingOffset",
      "Disk #0, Partition #0  1048576",
      "",
    ]);
  });
});
