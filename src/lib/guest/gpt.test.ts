import { crc32 as zlibCrc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  GPT_ENTRY_ARRAY_BYTES,
  GPT_HEAD_MIN_SECTORS,
  GPT_TAIL_SECTORS,
  gptEntryArray,
  gptHeaderSector,
} from "./gpt.ts";

const BASIC = "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7";
const DISK = "5d0c2f4e-9b1a-4c3d-8e7f-6a5b4c3d2e1f";
const PART = "a81f3b2c-1d4e-4f5a-9b6c-7d8e9f0a1b2c";

describe("GPT sizes", () => {
  it("needs 34 head sectors and a 33-sector tail", () => {
    expect(GPT_HEAD_MIN_SECTORS).toBe(34);
    expect(GPT_TAIL_SECTORS).toBe(33);
    expect(GPT_ENTRY_ARRAY_BYTES).toBe(16384);
  });
});

describe("entry array", () => {
  it("puts type GUID, unique GUID, first/last LBA, attributes and name at their offsets", () => {
    const array = Buffer.from(
      gptEntryArray([
        { typeGuid: BASIC, uniqueGuid: PART, firstLba: 2048n, lastLba: 62916607n, name: "Data é" },
        {
          typeGuid: BASIC,
          uniqueGuid: DISK,
          firstLba: 62916608n,
          lastLba: 62918655n,
          attributes: 1n << 63n,
        },
      ]),
    );
    expect(array.length).toBe(16384);
    expect(array.subarray(0, 16).toString("hex")).toBe("a2a0d0ebe5b9334487c068b6b72699c7");
    expect(array.subarray(16, 32).toString("hex")).toBe("2c3b1fa84e1d5a4f9b6c7d8e9f0a1b2c");
    expect(array.readBigUInt64LE(32)).toBe(2048n);
    expect(array.readBigUInt64LE(40)).toBe(62916607n);
    expect(array.readBigUInt64LE(48)).toBe(0n);
    expect(array.subarray(56, 56 + 12).toString("utf16le")).toBe("Data é");
    expect(array.subarray(56 + 12, 128).every((b) => b === 0)).toBe(true);
    expect(array.readBigUInt64LE(128 + 32)).toBe(62916608n);
    expect(array.readBigUInt64LE(128 + 48)).toBe(1n << 63n);
    expect(array.subarray(256).every((b) => b === 0)).toBe(true);
  });

  it("cuts names at 36 UTF-16 code units and refuses a 129th entry or a bad GUID", () => {
    const array = Buffer.from(
      gptEntryArray([
        { typeGuid: BASIC, uniqueGuid: PART, firstLba: 34n, lastLba: 34n, name: "x".repeat(40) },
      ]),
    );
    expect(array.subarray(56, 128).toString("utf16le")).toBe("x".repeat(36));
    const e = { typeGuid: BASIC, uniqueGuid: PART, firstLba: 34n, lastLba: 34n };
    expect(() => gptEntryArray(Array.from({ length: 129 }, () => e))).toThrow(RangeError);
    expect(() => gptEntryArray([{ ...e, uniqueGuid: "nope" }])).toThrow(RangeError);
  });
});

describe("header sector", () => {
  const t = 62916641n;
  const array = gptEntryArray([
    { typeGuid: BASIC, uniqueGuid: PART, firstLba: 2048n, lastLba: 62916607n },
  ]);
  const header = Buffer.from(
    gptHeaderSector({
      myLba: 1n,
      alternateLba: t - 1n,
      firstUsableLba: 34n,
      lastUsableLba: t - 34n,
      diskGuid: DISK,
      partitionEntryLba: 2n,
      entryArrayCrc: zlibCrc32(array),
    }),
  );

  it("holds every field at the offset of the UEFI specification", () => {
    expect(header.length).toBe(512);
    expect(header.subarray(0, 8).toString("latin1")).toBe("EFI PART");
    expect(header.subarray(8, 12).toString("hex")).toBe("00000100");
    expect(header.readUInt32LE(12)).toBe(92);
    expect(header.readUInt32LE(20)).toBe(0);
    expect(header.readBigUInt64LE(24)).toBe(1n);
    expect(header.readBigUInt64LE(32)).toBe(t - 1n);
    expect(header.readBigUInt64LE(40)).toBe(34n);
    expect(header.readBigUInt64LE(48)).toBe(t - 34n);
    expect(header.subarray(56, 72).toString("hex")).toBe("4e2f0c5d1a9b3d4c8e7f6a5b4c3d2e1f");
    expect(header.readBigUInt64LE(72)).toBe(2n);
    expect(header.readUInt32LE(80)).toBe(128);
    expect(header.readUInt32LE(84)).toBe(128);
    expect(header.readUInt32LE(88)).toBe(zlibCrc32(array));
    expect(header.subarray(92).every((b) => b === 0)).toBe(true);
  });

  it("carries the CRC32 of its 92 bytes computed with the CRC field zeroed (zlib's CRC)", () => {
    const zeroed = Buffer.from(header.subarray(0, 92));
    zeroed.writeUInt32LE(0, 16);
    expect(header.readUInt32LE(16)).toBe(zlibCrc32(zeroed));
  });
});
