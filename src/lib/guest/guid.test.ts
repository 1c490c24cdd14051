import { describe, expect, it } from "vitest";
import { guidBytes, guidText, isIdentityGuid } from "./guid.ts";

const hex = (b: Uint8Array | null): string =>
  b === null ? "null" : [...b].map((x) => x.toString(16).padStart(2, "0").toUpperCase()).join(" ");

describe("GUIDs, mixed-endian", () => {
  it("stores Microsoft basic data byte for byte as docs/guest-heads.md shows", () => {
    expect(hex(guidBytes("EBD0A0A2-B9E5-4433-87C0-68B6B72699C7"))).toBe(
      "A2 A0 D0 EB E5 B9 33 44 87 C0 68 B6 B7 26 99 C7",
    );
    expect(hex(guidBytes("ebd0a0a2-b9e5-4433-87c0-68b6b72699c7"))).toBe(
      "A2 A0 D0 EB E5 B9 33 44 87 C0 68 B6 B7 26 99 C7",
    );
  });

  it("stores the EFI System GUID as the UEFI specification's table does", () => {
    expect(hex(guidBytes("C12A7328-F81F-11D2-BA4B-00A0C93EC93B"))).toBe(
      "28 73 2A C1 1F F8 D2 11 BA 4B 00 A0 C9 3E C9 3B",
    );
  });

  it("reads the stored bytes back to the same text", () => {
    for (const g of [
      "0FC63DAF-8483-4772-8E79-3D69D8477DE4",
      "E3C9E316-0B5C-4DB8-817D-F92DF00215AE",
      "00000000-0000-0000-0000-000000000001",
    ]) {
      const stored = guidBytes(g);
      expect(stored).not.toBeNull();
      expect(guidText(stored as Uint8Array)).toBe(g);
    }
  });

  it("refuses what is not a GUID", () => {
    for (const bad of [
      "",
      "EBD0A0A2B9E5443387C068B6B72699C7",
      "{EBD0A0A2-B9E5-4433-87C0-68B6B72699C7}",
      "EBD0A0A2-B9E5-4433-87C0-68B6B72699CG",
    ]) {
      expect(guidBytes(bad)).toBeNull();
    }
  });

  it("accepts as a disk or partition identity only lowercase, non-nil GUIDs", () => {
    expect(isIdentityGuid("3f6c1e0a-5b2d-4c8e-9a71-0d4e8b2f6a13")).toBe(true);
    expect(isIdentityGuid("3F6C1E0A-5B2D-4C8E-9A71-0D4E8B2F6A13")).toBe(false);
    expect(isIdentityGuid("00000000-0000-0000-0000-000000000000")).toBe(false);
  });
});
