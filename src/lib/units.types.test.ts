/**
 * The unit brands hold: bytes, 512-byte VMDK sectors and a disk's own LBAs cannot be passed
 * for one another; only the conversions of units.ts turn one into another. The
 * `@ts-expect-error` lines fail `npm run typecheck` the day a brand stops holding.
 */
import { describe, expect, it } from "vitest";
import {
  bytes,
  bytesToLba,
  bytesToVmdkSectors,
  lba,
  lbaToBytes,
  vmdkSectors,
  vmdkSectorsToBytes,
  type Bytes,
  type Lba,
  type VmdkSectors,
} from "./units.ts";

const takesBytes = (b: Bytes): bigint => b;
const takesSectors = (s: VmdkSectors): bigint => s;
const takesLba = (n: Lba): bigint => n;

describe("unit brands", () => {
  it("refuse a plain bigint and the other units, and accept the conversions", () => {
    const b = bytes(4096n);
    const s = vmdkSectors(8n);
    const l = lba(1n);
    // @ts-expect-error a plain bigint is no byte count
    takesBytes(4096n);
    // @ts-expect-error sectors are not bytes
    takesBytes(s);
    // @ts-expect-error an LBA is not bytes
    takesBytes(l);
    // @ts-expect-error bytes are not sectors
    takesSectors(b);
    // @ts-expect-error an LBA is not a 512-byte sector
    takesSectors(l);
    // @ts-expect-error bytes are not an LBA
    takesLba(b);
    expect(takesBytes(vmdkSectorsToBytes(s))).toBe(4096n);
    expect(takesBytes(lbaToBytes(l, 4096))).toBe(4096n);
    const back = bytesToVmdkSectors(b);
    expect(back.ok && takesSectors(back.value)).toBe(8n);
    const own = bytesToLba(b, 4096);
    expect(own.ok && takesLba(own.value)).toBe(1n);
  });
});
