import { createRoot, createSignal } from "solid-js";
import { describe, expect, it } from "vitest";
import { checkPlan } from "../lib/check/index.ts";
import { DEFAULT_HEAD, emptyPlan, type Plan } from "../lib/plan/types.ts";
import { vmdkSectors } from "../lib/units.ts";
import {
  CHECK_IN_WORKER_FROM,
  createPlanCheck,
  planItems,
  type CheckRequest,
  type SpawnChecker,
} from "./planCheck.ts";

/** A VM of `ranges` 1 MiB ranges on a disk of unknown size; `overlap` adds a second VM on the first. */
function planOf(ranges: number, overlap = false): Plan {
  const range = (i: number) => ({
    disk: "d0",
    startSector: vmdkSectors(2048n + BigInt(i) * 2048n),
    sectors: vmdkSectors(2048n),
    access: "RW" as const,
  });
  const vm = (name: string, n: number) => ({
    name,
    adapterType: "ide" as const,
    uuid: null,
    head: DEFAULT_HEAD,
    ranges: Array.from({ length: n }, (_, i) => range(i)),
  });
  return {
    ...emptyPlan(),
    disks: [
      {
        id: "d0",
        device: "/dev/disk/by-id/ata-TEST",
        logicalSectorSize: 512,
        sizeBytes: null,
        tableType: "gpt",
        partitions: [],
      },
    ],
    vms: overlap ? [vm("a", ranges), vm("b", 1)] : [vm("a", ranges)],
  } as Plan;
}

/** A plan check with a checker worked by hand. */
function setup(first: Plan, options: { noWorker?: boolean } = {}) {
  const checkers: {
    requests: CheckRequest[];
    stopped: boolean;
    fail: () => void;
    answer: (r: CheckRequest) => void;
  }[] = [];
  const spawn: SpawnChecker = (onResult, onFailure) => {
    if (options.noWorker) return null;
    const checker = {
      requests: [] as CheckRequest[],
      stopped: false,
      fail: onFailure,
      answer: (r: CheckRequest) =>
        onResult(structuredClone({ id: r.id, findings: checkPlan(r.plan) })),
    };
    checkers.push(checker);
    return {
      post: (r) => checker.requests.push(structuredClone(r)),
      stop: () => {
        checker.stopped = true;
      },
    };
  };
  return createRoot(() => {
    const [plan, setPlan] = createSignal(first);
    const check = createPlanCheck(plan, spawn);
    return { ...check, setPlan, checkers };
  });
}

const big = planOf(CHECK_IN_WORKER_FROM, true);
const bigOther = planOf(CHECK_IN_WORKER_FROM + 1, true);

describe("createPlanCheck", () => {
  it("checks a small plan on the page at once, without a worker", () => {
    const small = planOf(10, true);
    const c = setup(small);
    expect(c.checking()).toBe(false);
    expect(c.findings()).toEqual(checkPlan(small));
    expect(c.findings().some((f) => f.severity === "error")).toBe(true);
    expect(c.checkers).toHaveLength(0);
  });

  it("sends a big plan to the worker and shows nothing, checking, until it answers", () => {
    expect(planItems(big)).toBeGreaterThanOrEqual(CHECK_IN_WORKER_FROM);
    const c = setup(big);
    expect(c.checking()).toBe(true);
    expect(c.findings()).toEqual([]);
    const [checker] = c.checkers;
    expect(checker?.requests).toHaveLength(1);
    checker?.answer(checker.requests[0] as CheckRequest);
    expect(c.checking()).toBe(false);
    expect(c.findings()).toEqual(checkPlan(big));
    expect(c.findings().some((f) => f.severity === "error")).toBe(true);
  });

  it("drops the answer for a plan that has changed since, and asks a fresh worker", () => {
    const c = setup(big);
    const first = c.checkers[0];
    c.setPlan(bigOther);
    expect(first?.stopped).toBe(true);
    first?.answer(first.requests[0] as CheckRequest);
    expect(c.checking()).toBe(true);
    const second = c.checkers[1];
    expect(second?.requests).toHaveLength(1);
    second?.answer(second.requests[0] as CheckRequest);
    expect(c.checking()).toBe(false);
    expect(c.findings()).toEqual(checkPlan(bigOther));
  });

  it("checks on the page when the worker fails, and when none can start", () => {
    const c = setup(big);
    c.checkers[0]?.fail();
    expect(c.checking()).toBe(false);
    expect(c.findings()).toEqual(checkPlan(big));
    c.setPlan(bigOther);
    expect(c.checkers).toHaveLength(1);
    expect(c.findings()).toEqual(checkPlan(bigOther));

    const none = setup(big, { noWorker: true });
    expect(none.checking()).toBe(false);
    expect(none.findings()).toEqual(checkPlan(big));
  });

  it("goes back to the page at once when a big plan becomes small", () => {
    const c = setup(big);
    const small = planOf(3);
    c.setPlan(small);
    expect(c.checking()).toBe(false);
    expect(c.findings()).toEqual(checkPlan(small));
  });
});
