/**
 * The plan format's guest fields (docs/plan-format.md): optional, so version-1 plans without
 * them load unchanged; written only when set; every bad value refused with its JSON path.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadPlan, planToJson } from "../plan/codec.ts";
import { randomPlan } from "../plan/generate.testkit.ts";
import { Rng } from "../prng.testkit.ts";
import { GUEST_PARTITION_TYPES, PARTITION_TABLES, PLACEMENTS, type Plan } from "../plan/types.ts";
import { exampleVm, planOf, range } from "./plans.testkit.ts";

const G1 = "5d0c2f4e-9b1a-4c3d-8e7f-6a5b4c3d2e1f";
const G2 = "a81f3b2c-1d4e-4f5a-9b6c-7d8e9f0a1b2c";

function withGuest(): Plan {
  return planOf([
    exampleVm({
      partitionTable: "gpt",
      placement: "identity",
      tailFile: "tail.bin",
      diskSignature: null,
      diskGuid: G1,
      ranges: [
        range(2048n, 8n, { type: "linux-swap", partitionGuid: G2 }),
        range(4096n, 8n, { partitionGuid: null }),
      ],
    }),
  ]);
}

function issuesOf(doc: unknown): string[] {
  const r = loadPlan(doc);
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
}

function patched(
  mutate: (doc: {
    vms: Array<Record<string, unknown> & { ranges: Array<Record<string, unknown>> }>;
  }) => void,
): unknown {
  const doc = JSON.parse(planToJson(withGuest())) as {
    vms: Array<Record<string, unknown> & { ranges: Array<Record<string, unknown>> }>;
  };
  mutate(doc);
  return doc;
}

describe("guest fields in plan.json", () => {
  it("version-1 plans without them still load, with nothing added", () => {
    const text = readFileSync(new URL("../../../docs/plan-example.json", import.meta.url), "utf8");
    const r = loadPlan(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    for (const vm of r.plan.vms) {
      expect(Object.keys(vm)).toEqual(["name", "adapterType", "uuid", "head", "ranges", "color"]);
      for (const x of vm.ranges)
        expect(Object.keys(x)).toEqual(["disk", "startSector", "sectors", "access"]);
    }
    expect(planToJson(r.plan)).toBe(text);
  });

  it("round-trip, in the documented key order, null kept as null", () => {
    const text = planToJson(withGuest());
    const vm = (JSON.parse(text) as { vms: Array<Record<string, unknown>> }).vms[0] ?? {};
    expect(Object.keys(vm)).toEqual([
      "name",
      "adapterType",
      "uuid",
      "head",
      "partitionTable",
      "placement",
      "tailFile",
      "diskSignature",
      "diskGuid",
      "ranges",
    ]);
    expect((vm.ranges as Array<Record<string, unknown>>).map((x) => Object.keys(x))).toEqual([
      ["disk", "startSector", "sectors", "access", "type", "partitionGuid"],
      ["disk", "startSector", "sectors", "access", "partitionGuid"],
    ]);
    const r = loadPlan(text);
    expect(r.ok && r.plan).toEqual(withGuest());
    expect(r.ok && planToJson(r.plan)).toBe(text);
  });

  it("refuses bad values, each with its path", () => {
    const cases: Array<[(doc: Parameters<Parameters<typeof patched>[0]>[0]) => void, string]> = [
      [
        (d) => void (d.vms[0] && (d.vms[0].partitionTable = "MBR")),
        'vms[0].partitionTable: must be one of "none", "mbr", "gpt", not the string "MBR"',
      ],
      [
        (d) => void (d.vms[0] && (d.vms[0].placement = null)),
        'vms[0].placement: must be one of "packed", "identity", not null',
      ],
      [
        (d) => void (d.vms[0] && (d.vms[0].tailFile = 7)),
        "vms[0].tailFile: must be a string, not the number 7",
      ],
      [
        (d) => void (d.vms[0] && (d.vms[0].diskSignature = "00000000")),
        'vms[0].diskSignature: must be null or 8 lowercase hex digits like "1a2b3c4d", not all zeros, not the string "00000000"',
      ],
      [
        (d) => void (d.vms[0] && (d.vms[0].diskSignature = "1A2B3C4D")),
        'vms[0].diskSignature: must be null or 8 lowercase hex digits like "1a2b3c4d", not all zeros, not the string "1A2B3C4D"',
      ],
      [
        (d) => void (d.vms[0] && (d.vms[0].diskSignature = "1a2b3c4")),
        'vms[0].diskSignature: must be null or 8 lowercase hex digits like "1a2b3c4d", not all zeros, not the string "1a2b3c4"',
      ],
      [
        (d) => void (d.vms[0] && (d.vms[0].diskGuid = G1.toUpperCase())),
        `vms[0].diskGuid: must be null or a lowercase GUID like "5d0c2f4e-9b1a-4c3d-8e7f-6a5b4c3d2e1f", not all zeros, not the string "${G1.toUpperCase()}"`,
      ],
      [
        (d) => void (d.vms[0] && (d.vms[0].diskGuid = "00000000-0000-0000-0000-000000000000")),
        'vms[0].diskGuid: must be null or a lowercase GUID like "5d0c2f4e-9b1a-4c3d-8e7f-6a5b4c3d2e1f", not all zeros, not the string "00000000-0000-0000-0000-000000000000"',
      ],
      [
        (d) => void (d.vms[0]?.ranges[0] && (d.vms[0].ranges[0].type = "ntfs")),
        'vms[0].ranges[0].type: must be one of "basic-data", "fat32", "linux", "linux-swap", "linux-lvm", "linux-raid", "efi", "msr", "windows-recovery", "bios-boot", not the string "ntfs"',
      ],
      [
        (d) => void (d.vms[0]?.ranges[1] && (d.vms[0].ranges[1].partitionGuid = 5)),
        "vms[0].ranges[1].partitionGuid: must be a string, not the number 5",
      ],
    ];
    for (const [mutate, expected] of cases) expect(issuesOf(patched(mutate))).toEqual([expected]);
    expect(
      issuesOf(patched((d) => void (d.vms[0] && (d.vms[0].tailFile = "x".repeat(256))))),
    ).toEqual(["vms[0].tailFile: is 256 characters long; at most 255 are allowed"]);
  });

  it("property: 500 generated plans with random guest fields round-trip exactly", () => {
    for (let seed = 0; seed < 500; seed++) {
      const plan = randomPlan(seed, { coherent: seed % 2 === 0 });
      const rng = new Rng(seed ^ 0x5eed);
      const hex = (n: number) =>
        Array.from({ length: n }, () => "0123456789abcdef"[rng.int(0, 15)]).join("");
      const guid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`;
      for (const vm of plan.vms) {
        if (rng.bool()) vm.partitionTable = rng.pick(PARTITION_TABLES);
        if (rng.bool()) vm.placement = rng.pick(PLACEMENTS);
        if (rng.bool(0.2)) vm.tailFile = hex(rng.int(0, 12));
        if (rng.bool()) vm.diskSignature = rng.bool() ? null : `1${hex(7)}`;
        if (rng.bool()) vm.diskGuid = rng.bool() ? null : guid();
        for (const x of vm.ranges) {
          if (rng.bool()) x.type = rng.pick(GUEST_PARTITION_TYPES);
          if (rng.bool()) x.partitionGuid = rng.bool() ? null : guid();
        }
      }
      const text = planToJson(plan);
      const r = loadPlan(text);
      expect(r.ok, `seed ${seed}`).toBe(true);
      if (!r.ok) return;
      expect(r.plan).toEqual(plan);
      expect(planToJson(r.plan)).toBe(text);
    }
  });
});
