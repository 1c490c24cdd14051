import { describe, expect, it } from "vitest";
import { guestLayout } from "../lib/guest/layout.ts";
import { addVm, assignRange, updateVm } from "../lib/plan/ops.ts";
import { workedExamplePlan } from "../lib/plan/example.testkit.ts";
import type { Plan, PlanVm } from "../lib/plan/types.ts";
import { vmdkSectors } from "../lib/units.ts";
import { guestFixes } from "./guestFixes.ts";

/** vm1 with ranges [start, sectors] on the worked example's disk. */
function planWith(ranges: [bigint, bigint][], patch: Partial<PlanVm> = {}): Plan {
  let plan = addVm(workedExamplePlan());
  for (const [start, sectors] of ranges) {
    const r = assignRange(plan, 0, {
      disk: "d0",
      startSector: vmdkSectors(start),
      sectors: vmdkSectors(sectors),
      access: "RW",
    });
    if (!r.ok) throw new Error(r.error);
    plan = r.value;
  }
  const vm = plan.vms[0];
  if (!vm) throw new Error("no VM");
  return { ...plan, vms: [{ ...vm, ...patch }] };
}

function codes(plan: Plan): string[] {
  const vm = plan.vms[0];
  if (!vm) throw new Error("no VM");
  const r = guestLayout(vm, plan.disks);
  return r.ok ? [] : r.errors.map((e) => e.code);
}

/** Applies the fix with `label` to the first refusal of the plan's VM. */
function applyFix(plan: Plan, label: string): Plan {
  const vm = plan.vms[0];
  if (!vm) throw new Error("no VM");
  const r = guestLayout(vm, plan.disks);
  if (r.ok) throw new Error("nothing refused");
  const problem = r.errors[0];
  if (!problem) throw new Error("no error");
  const fix = guestFixes(problem, vm).find((f) => f.label === label);
  expect(fix, `${label} offered for ${problem.code}`).toBeDefined();
  return updateVm(plan, 0, fix?.patch ?? {});
}

const fiveRanges: [bigint, bigint][] = [0n, 1n, 2n, 3n, 4n].map((i) => [2048n + i * 4096n, 2048n]);

describe("guestFixes: each offered fix makes the refused layout acceptable", () => {
  it("an MBR over 5 ranges: Use GPT", () => {
    const plan = planWith(fiveRanges, { partitionTable: "mbr" });
    expect(codes(plan)).toEqual(["guest-mbr-too-many-partitions"]);
    const fixed = applyFix(plan, "Use GPT");
    expect(fixed.vms[0]?.partitionTable).toBe("gpt");
    expect(codes(fixed)).toEqual([]);
  });

  it("an MBR past 2^32 sectors with identity placement: Use GPT", () => {
    // Partition #2 ends at 285214720, within 2^32: a range near the end of a large disk is not.
    const plan = planWith([[4294967296n, 2048n]], { partitionTable: "mbr", placement: "identity" });
    expect(codes(plan)).toEqual(["guest-mbr-too-large"]);
    expect(codes(applyFix(plan, "Use GPT"))).toEqual([]);
  });

  it("a GPT with a 16-sector head: Set the head to 2048 sectors", () => {
    const plan = planWith([[2048n, 2048n]], {
      partitionTable: "gpt",
      head: { file: "h", sectors: 16 },
    });
    expect(codes(plan)).toEqual(["guest-head-too-small"]);
    const fixed = applyFix(plan, "Set the head to 2048 sectors");
    expect(fixed.vms[0]?.head).toEqual({ file: "h", sectors: 2048 });
    expect(codes(fixed)).toEqual([]);
  });

  it("identity with a head past range 1's start (63): a 63-sector head, or packed", () => {
    const plan = planWith([[63n, 2048n]], { placement: "identity" });
    expect(codes(plan)).toEqual(["guest-identity-head"]);
    expect(codes(applyFix(plan, "Set the head to 63 sectors"))).toEqual([]);
    expect(codes(applyFix(plan, "Use packed placement"))).toEqual([]);
  });

  it("identity with a GPT and range 1 at sector 20: only packed (a GPT head needs 34)", () => {
    const plan = planWith([[20n, 2048n]], { placement: "identity", partitionTable: "gpt" });
    const vm = plan.vms[0];
    const r = vm && guestLayout(vm, plan.disks);
    const problem = r && !r.ok ? r.errors[0] : undefined;
    expect(problem?.code).toBe("guest-identity-head");
    expect(problem && vm && guestFixes(problem, vm).map((f) => f.label)).toEqual([
      "Use packed placement",
    ]);
  });

  it("identity with ranges out of host order: Use packed placement", () => {
    const plan = planWith(
      [
        [8192n, 2048n],
        [2048n, 2048n],
      ],
      { placement: "identity" },
    );
    expect(codes(plan)).toEqual(["guest-identity-order"]);
    expect(codes(applyFix(plan, "Use packed placement"))).toEqual([]);
  });
});
