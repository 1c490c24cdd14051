import { describe, expect, it } from "vitest";
import type { Finding } from "../lib/plan/findings.ts";
import { isPrimaryPlace, primaryVmPlace } from "./findingPlaces.ts";

const finding = (targets: Finding["targets"]): Finding => ({
  severity: "warning",
  code: "test",
  message: "m",
  targets,
});

describe("primaryVmPlace", () => {
  it("is the first target that names a VM, skipping disk targets before it", () => {
    const f = finding([
      { disk: "d0", partition: 1 },
      { vm: 1, range: 0 },
      { vm: 0, range: 2 },
    ]);
    expect(primaryVmPlace(f)).toEqual({ vm: 1, range: 0 });
    expect(isPrimaryPlace(f, { vm: 1, range: 0 })).toBe(true);
    expect(isPrimaryPlace(f, { vm: 0, range: 2 })).toBe(false);
    expect(isPrimaryPlace(f, { vm: 1 })).toBe(false);
  });
  it("a finding about a VM itself is primary at the VM, not at its ranges", () => {
    const f = finding([{ vm: 2 }, { vm: 3 }]);
    expect(isPrimaryPlace(f, { vm: 2 })).toBe(true);
    expect(isPrimaryPlace(f, { vm: 3 })).toBe(false);
  });
  it("a finding naming no VM has no VM place and is shown wherever it is listed", () => {
    const f = finding([{ disk: "d0" }]);
    expect(primaryVmPlace(f)).toBeNull();
    expect(isPrimaryPlace(f, { vm: 0 })).toBe(true);
  });
});
