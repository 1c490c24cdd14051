import { describe, expect, it } from "vitest";
import {
  bytes,
  bytesToLba,
  bytesToVmdkSectors,
  formatBytes,
  formatBytesIsExact,
  groupDigits,
  lba,
  lbaToBytes,
  parseDecimal,
} from "./units.ts";

describe("bytesToVmdkSectors", () => {
  it.each([
    [0n, 0n],
    [512n, 1n],
    [1048576n, 2048n],
    [64425558016n, 125831168n],
    [2n ** 32n * 512n, 2n ** 32n],
    [2n ** 53n * 512n, 2n ** 53n],
    [(2n ** 64n + 1n) * 512n, 2n ** 64n + 1n],
  ])("%s bytes → %s sectors", (b, s) => {
    expect(bytesToVmdkSectors(bytes(b))).toEqual({ ok: true, value: s });
  });

  it.each([1n, 511n, 513n, 2n ** 53n + 1n])("%s bytes is refused", (b) => {
    expect(bytesToVmdkSectors(bytes(b)).ok).toBe(false);
  });
});

describe("4096-byte sectors", () => {
  it("LBA n is byte 4096n, VMDK sector 8n", () => {
    const b = lbaToBytes(lba(2n ** 32n + 3n), 4096);
    expect(b).toBe((2n ** 32n + 3n) * 4096n);
    expect(bytesToVmdkSectors(b)).toEqual({ ok: true, value: (2n ** 32n + 3n) * 8n });
  });
  it("a byte count not a multiple of 4096 is not a whole LBA", () => {
    expect(bytesToLba(bytes(4096n * 5n + 512n), 4096).ok).toBe(false);
    expect(bytesToLba(bytes(4096n * 5n), 4096)).toEqual({ ok: true, value: 5n });
  });
});

describe("parseDecimal", () => {
  it.each([
    ["0", 0n],
    ["007", 7n],
    ["9007199254740993", 9007199254740993n],
  ])("%s", (t, v) => expect(parseDecimal(t)).toBe(v));
  it.each(["", "-1", "1e3", "1,000", " 1", "0x10", "1.0", "1".repeat(41)])("rejects %j", (t) =>
    expect(parseDecimal(t)).toBeNull(),
  );
});

describe("formatBytes", () => {
  it.each([
    [0n, "0 B"],
    [512n, "512 B"],
    [1048576n, "1 MiB"],
    [64424509440n, "60 GiB"],
    [17179869184n, "16 GiB"],
    [1536n, "1.5 KiB"],
    [240057409536n, "223.57 GiB"],
  ])("%s → %s", (b, t) => expect(formatBytes(b)).toBe(t));
});

describe("formatBytesIsExact", () => {
  it.each([
    [0n, true],
    [512n, true],
    [1536n, true],
    [64424509440n, true],
    [1048576n + 10485n, false],
    [240057409536n, false],
    [2n ** 62n, true],
  ])("%s → %s", (b, exact) => expect(formatBytesIsExact(b)).toBe(exact));
});

it("groupDigits groups by thousands", () => {
  expect(groupDigits(125831168n)).toBe("125,831,168");
  expect(groupDigits(999n)).toBe("999");
});
