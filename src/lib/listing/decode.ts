/**
 * Turns pasted or dropped bytes into text lines.
 *
 *   FF FE …   UTF-16 LE with a BOM  (what `wmic … > file.txt` writes on Windows)
 *   FE FF …   UTF-16 BE with a BOM
 *   EF BB BF  UTF-8 with a BOM
 *   otherwise UTF-8 (invalid sequences become U+FFFD; nothing throws)
 *
 * Line ends CRLF, LF and lone CR all split lines. Lines keep their content otherwise.
 */

export type DecodedEncoding = "utf-8" | "utf-16le" | "utf-16be";

export interface DecodedText {
  encoding: DecodedEncoding;
  text: string;
}

export function decodeListingBytes(data: Uint8Array): DecodedText {
  if (data.length >= 2 && data[0] === 0xff && data[1] === 0xfe) {
    return { encoding: "utf-16le", text: decodeUtf16(data.subarray(2), true) };
  }
  if (data.length >= 2 && data[0] === 0xfe && data[1] === 0xff) {
    return { encoding: "utf-16be", text: decodeUtf16(data.subarray(2), false) };
  }
  const start =
    data.length >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? 3 : 0;
  return {
    encoding: "utf-8",
    text: new TextDecoder("utf-8", { fatal: false }).decode(data.subarray(start)),
  };
}

function decodeUtf16(data: Uint8Array, littleEndian: boolean): string {
  const units: number[] = [];
  const parts: string[] = [];
  for (let i = 0; i + 1 < data.length; i += 2) {
    const a = data[i] ?? 0;
    const b = data[i + 1] ?? 0;
    units.push(littleEndian ? a | (b << 8) : (a << 8) | b);
    if (units.length >= 8192) {
      parts.push(String.fromCharCode(...units));
      units.length = 0;
    }
  }
  parts.push(String.fromCharCode(...units));
  // A trailing odd byte cannot be a character: make it visible instead of dropping it.
  if (data.length % 2 === 1) parts.push("\uFFFD");
  return parts.join("");
}

/** Splits text into lines on CRLF, LF or CR; strips a leading BOM character if present. */
export function splitLines(text: string): string[] {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  return body.split(/\r\n|\n|\r/);
}
