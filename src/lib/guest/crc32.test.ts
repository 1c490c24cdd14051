import { crc32 as zlibCrc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { Rng } from "../prng.testkit.ts";
import { crc32 } from "./crc32.ts";

describe("crc32", () => {
  it("gives the standard check value and 0 for no data", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(new Uint8Array(16384))).toBe(0xab54d286);
  });

  it("agrees with Node's zlib.crc32 on 300 random buffers of 0 to 20,000 bytes", () => {
    const rng = new Rng(32);
    for (let i = 0; i < 300; i++) {
      const data = new Uint8Array(rng.int(0, 20000));
      for (let j = 0; j < data.length; j++) data[j] = rng.int(0, 255);
      expect(crc32(data)).toBe(zlibCrc32(data));
    }
  });
});
