import { describe, expect, it } from "vitest";
import { decodeBase64Url, encodeBase64Url } from "./base64url.ts";

describe("base64url", () => {
  it.each([
    ["", ""],
    ["f", "Zg"],
    ["fo", "Zm8"],
    ["foo", "Zm9v"],
    ["foob", "Zm9vYg"],
    ["fooba", "Zm9vYmE"],
    ["foobar", "Zm9vYmFy"],
  ])("RFC 4648 vector %j ↔ %j", (plain, encoded) => {
    const bytes = new TextEncoder().encode(plain);
    expect(encodeBase64Url(bytes)).toBe(encoded);
    expect(decodeBase64Url(encoded)).toEqual(bytes);
  });

  it("uses - and _ where base64 has + and /, and agrees with Node's base64url", () => {
    const bytes = new Uint8Array([0xfb, 0xff, 0xbf, 0xfe]);
    expect(encodeBase64Url(bytes)).toBe("-_-__g");
    for (let n = 0; n < 300; n++) {
      const data = new Uint8Array(n).map((_, i) => (i * 131 + n * 7) & 255);
      const expected = Buffer.from(data).toString("base64url");
      expect(encodeBase64Url(data)).toBe(expected);
      expect(decodeBase64Url(expected)).toEqual(data);
    }
  });

  it.each(["a", "ab=c", "ab+c", "ab/c", "ab c", "ab\nc", "Zm9v\u0000"])("refuses %j", (text) => {
    expect(decodeBase64Url(text)).toBeNull();
  });
});
