/**
 * Descriptor import and device identity (issue 12): a descriptor naming a listed disk under
 * another spelling lands on that disk; one naming a possibly-same link makes the import ask.
 * Either way the overlap with the plan's own VM is then an error, unless the user says it is
 * another disk.
 */
import { describe, expect, it } from "vitest";
import { importDescriptor } from "./import.ts";
import { readDescriptor } from "./reader.ts";
import { descriptorText } from "./plans.testkit.ts";
import { checkPlan } from "../check/index.ts";
import {
  POSSIBLY_SAME_PAIRS,
  SAME_DEVICE_PAIRS,
  twoSpellingsPlan,
} from "../check/deviceIdentity.testkit.ts";
import type { Plan } from "../plan/types.ts";

/** VM web of the crafted plan keeps disk a; the descriptor writes 4096 +4096 of path b. */
function setting(a: string, b: string): { plan: Plan; text: string } {
  const crafted = twoSpellingsPlan(a, b);
  const plan: Plan = { ...crafted, disks: crafted.disks.slice(0, 1), vms: crafted.vms.slice(0, 1) };
  const text = descriptorText(['RW 2048 FLAT "Raw_Sectors_1MiB" 0', `RW 4096 FLAT "${b}" 4096`]);
  return { plan, text };
}

function read(text: string) {
  const r = readDescriptor(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.descriptor;
}

const errorCodes = (plan: Plan) =>
  checkPlan(plan)
    .filter((f) => f.severity === "error")
    .map((f) => f.code);

describe("import: one disk under two spellings", () => {
  it.each(SAME_DEVICE_PAIRS)(
    "%s listed, %s imported: lands on the listed disk, overlap error",
    (a, b) => {
      const { plan, text } = setting(a, b);
      const r = importDescriptor(plan, read(text), "db.vmdk");
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.addedDisks).toEqual([]);
      expect(r.plan.vms[1]?.ranges[0]?.disk).toBe("d0");
      expect(errorCodes(r.plan)).toEqual(["overlap"]);
    },
  );

  it.each(POSSIBLY_SAME_PAIRS)("%s listed, %s imported: asks which disk it is", (a, b) => {
    const { plan, text } = setting(a, b);
    const descriptor = read(text);
    const asked = importDescriptor(plan, descriptor, "db.vmdk");
    expect(asked.ok).toBe(false);
    expect(asked.ok ? null : asked.questions).toEqual([{ device: b, candidates: ["d0"] }]);
    expect(asked.ok ? "" : asked.error).toContain(b);

    // "It is that disk": the range lands on d0 and the overlap is an error.
    const same = importDescriptor(plan, descriptor, "db.vmdk", new Map([[b, "d0"]]));
    expect(same.ok && same.plan.vms[1]?.ranges[0]?.disk).toBe("d0");
    expect(same.ok && errorCodes(same.plan)).toEqual(["overlap"]);

    // "Another disk": a new disk, the declaration recorded, no error.
    const other = importDescriptor(plan, descriptor, "db.vmdk", new Map([[b, null]]));
    expect(other.ok).toBe(true);
    if (!other.ok) return;
    expect(other.addedDisks).toEqual([b]);
    expect(other.plan.distinctDevices).toEqual([[b, a]]);
    expect(errorCodes(other.plan)).toEqual([]);
  });

  it("a resolved path of another device is just another disk: no question", () => {
    const { plan, text } = setting("/dev/sda", "/dev/sdb");
    const r = importDescriptor(plan, read(text), "db.vmdk");
    expect(r.ok && r.addedDisks).toEqual(["/dev/sdb"]);
  });
});
