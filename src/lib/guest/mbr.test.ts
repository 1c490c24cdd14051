import { describe, expect, it } from "vitest";
import { chsBytes, mbrEntryBytes, mbrSector, protectiveMbr } from "./mbr.ts";

const hex = (b: ArrayLike<number>): string =>
  Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(" ");

describe("CHS (255 heads × 63 sectors)", () => {
  it("encodes LBA 2048 as 20 21 00 and LBA 0 as 00 01 00", () => {
    expect(hex(chsBytes(2048n))).toBe("20 21 00");
    expect(hex(chsBytes(0n))).toBe("00 01 00");
    expect(hex(chsBytes(63n))).toBe("01 01 00");
  });

  it("puts the cylinder's high bits into the sector byte", () => {
    // Cylinder 1023 = 0x3FF, head 254, sector 63: the last CHS address there is.
    const last = 1023n * 16065n + 254n * 63n + 62n;
    expect(hex(chsBytes(last))).toBe("fe ff ff");
    // Cylinder 256: high bits 01 → 0x40 in the sector byte, low byte 00.
    expect(hex(chsBytes(256n * 16065n))).toBe("00 41 00");
  });

  it("writes FE FF FF beyond cylinder 1023, as fdisk does", () => {
    expect(hex(chsBytes(1024n * 16065n))).toBe("fe ff ff");
    expect(hex(chsBytes(1n << 40n))).toBe("fe ff ff");
  });
});

describe("MBR sector", () => {
  it("writes an entry: status, CHS, type, CHS, LBA and count little-endian", () => {
    expect(hex(mbrEntryBytes({ type: 0x83, startLba: 2048n, sectors: 2048n }))).toBe(
      "00 20 21 00 83 41 01 00 00 08 00 00 00 08 00 00",
    );
  });

  it("lays out signature, entries and 55 AA at their offsets, zeros elsewhere", () => {
    const s = mbrSector(0x1a2b3c4d, [
      { type: 0x07, startLba: 2048n, sectors: 62914560n },
      { type: 0x0c, startLba: 62916608n, sectors: 2048n },
    ]);
    expect(s.length).toBe(512);
    expect(s.subarray(0, 440).every((b) => b === 0)).toBe(true);
    expect(hex(s.subarray(0x1b8, 0x1be))).toBe("4d 3c 2b 1a 00 00");
    expect(hex(s.subarray(0x1be, 0x1ce))).toBe("00 20 21 00 07 fe ff ff 00 08 00 00 00 00 c0 03");
    expect(s[0x1ce + 4]).toBe(0x0c);
    expect(s.subarray(0x1de, 0x1fe).every((b) => b === 0)).toBe(true);
    expect(hex(s.subarray(0x1fe))).toBe("55 aa");
  });

  it("refuses a fifth entry and numbers past 32 bits", () => {
    const e = { type: 0x83, startLba: 2048n, sectors: 1n };
    expect(() => mbrSector(1, [e, e, e, e, e])).toThrow(RangeError);
    expect(() => mbrEntryBytes({ type: 7, startLba: 1n << 32n, sectors: 1n })).toThrow(RangeError);
  });
});

describe("protective MBR", () => {
  it("covers LBA 1 to the end with one EE entry, CHS 00 02 00 to FF FF FF", () => {
    const s = protectiveMbr(62916641n);
    expect(hex(s.subarray(0x1be, 0x1ce))).toBe("00 00 02 00 ee ff ff ff 01 00 00 00 20 08 c0 03");
    expect(hex(s.subarray(0x1b8, 0x1bc))).toBe("00 00 00 00");
    expect(hex(s.subarray(0x1fe))).toBe("55 aa");
  });

  it("caps the count at 0xFFFFFFFF on disks of 2^32 sectors and more", () => {
    expect(hex(protectiveMbr(1n << 32n).subarray(0x1ca, 0x1ce))).toBe("ff ff ff ff");
    expect(hex(protectiveMbr((1n << 32n) - 1n).subarray(0x1ca, 0x1ce))).toBe("fe ff ff ff");
    expect(hex(protectiveMbr(5000032289n).subarray(0x1ca, 0x1ce))).toBe("ff ff ff ff");
  });
});
