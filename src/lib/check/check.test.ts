import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkPlan, sortFindings } from "./index.ts";
import { MAX_EXTENTS, MAX_HEAD_SECTORS } from "../vbox.ts";
import type { PlanDisk, PlanRange, PlanVm } from "../plan/types.ts";
import { DEFAULT_HEAD } from "../plan/types.ts";
import { bytes } from "../units.ts";
import {
  DISK_SECTORS,
  P1_START,
  P1_SECTORS,
  FREE_START,
  FREE_SECTORS,
  partition,
  disk,
  range,
  vm,
  plan,
  free,
  codes,
  errors,
  expectCodes,
} from "./check.testkit.ts";

describe("the baseline", () => {
  it("a range in free space, aligned, on a stable device, draws no finding", () => {
    expectCodes(plan([vm("web", [range(FREE_START, FREE_SECTORS)])]), []);
  });
});

describe("the worked examples of docs/product.md", () => {
  it("one VM with all of Partition #1: no finding", () => {
    expectCodes(plan([vm("web", [range(P1_START, P1_SECTORS)])]), []);
  });

  it("Partition #1 split between two VMs: no error, one warning that it is split", () => {
    const p = plan([
      vm("web", [range(P1_START, 62914560n)]),
      vm("db", [range(188745728n, 62914560n)]),
    ]);
    expect(errors(p)).toEqual([]);
    const [split, ...rest] = checkPlan(p);
    expect(rest).toEqual([]);
    expect(split).toMatchObject({ severity: "warning", code: "partial-partition" });
    expect(split?.message).toBe(
      '"Disk #0, Partition #1" (125831168 +125829120) on "\\\\.\\PhysicalDrive0" is split between ' +
        'VM "web" range 1 (125831168 +62914560) and VM "db" range 1 (188745728 +62914560). ' +
        "The host must never mount this partition while a VM runs: it would read a filesystem " +
        "that the guests change underneath it, and write into their data.",
    );
    expect(split?.targets).toEqual([
      { vm: 0, range: 0, disk: "d0" },
      { vm: 1, range: 0, disk: "d0" },
      { disk: "d0", partition: 1 },
    ]);
  });

  it("as wmic lists it (disk size unknown): only a warning that the end is unknown", () => {
    const p = plan([vm("web", [range(P1_START, P1_SECTORS)])], [disk({ sizeBytes: null })]);
    expectCodes(p, ["disk-end-unknown"]);
  });
});

describe("VM fields", () => {
  const A = "0b3d8a7e-1234-4a1b-9c3d-000000000001";
  const B = "0b3d8a7e-1234-4a1b-9c3d-000000000002";

  it("refuses two VMs with one UUID, in any case", () => {
    const p = plan([
      vm("a", [free()], { uuid: A }),
      vm("b", [free(2048n)], { uuid: A.toUpperCase() }),
    ]);
    expectCodes(p, ["duplicate-uuid"]);
    expectCodes(plan([vm("a", [free()], { uuid: A }), vm("b", [free(2048n)], { uuid: B })]), []);
    expectCodes(plan([vm("a", [free()]), vm("b", [free(2048n)])]), []); // null: not assigned yet
  });

  it.each(["not-a-uuid", `${A}"`, "00000000-0000-0000-0000-000000000000", ""])(
    "refuses the UUID %j",
    (uuid) => {
      expectCodes(plan([vm("a", [free()], { uuid })]), ["vm-uuid-invalid"]);
    },
  );

  it.each([-1, 1.5, MAX_HEAD_SECTORS + 1, Number.NaN])("refuses %s head sectors", (sectors) => {
    expectCodes(plan([vm("a", [free()], { head: { ...DEFAULT_HEAD, sectors } })]), [
      "head-sectors-invalid",
    ]);
  });

  it.each([0, 1, MAX_HEAD_SECTORS])("accepts %s head sectors", (sectors) => {
    expectCodes(plan([vm("a", [free()], { head: { ...DEFAULT_HEAD, sectors } })]), []);
  });

  it("refuses an unknown adapter type", () => {
    const p = plan([vm("a", [free()], { adapterType: 'ide"' as PlanVm["adapterType"] })]);
    expectCodes(p, ["adapter-type-invalid"]);
  });

  it(`allows ${MAX_EXTENTS} extents per VM, head included, and no more`, () => {
    const ranges = (n: number): PlanRange[] =>
      Array.from({ length: n }, (_, i) => free(BigInt(i) * 2048n));
    expectCodes(plan([vm("a", ranges(MAX_EXTENTS - 1))]), []);
    expectCodes(plan([vm("a", ranges(MAX_EXTENTS))]), ["too-many-extents"]);
    const headless = { head: { ...DEFAULT_HEAD, sectors: 0 } };
    expectCodes(plan([vm("a", ranges(MAX_EXTENTS), headless)]), []);
  });

  it("a malformed range is an error, not an exception", () => {
    const bad = {
      disk: "d0",
      startSector: 5,
      sectors: 2048n,
      access: "RW",
    } as unknown as PlanRange;
    const worse = { ...free(), access: "WO" } as unknown as PlanRange;
    expectCodes(plan([vm("a", [bad, worse])]), ["range-invalid", "range-invalid"]);
  });
});

describe("extreme values", () => {
  it("are findings, never exceptions", () => {
    const huge = 2n ** 200n;
    const weird = disk({
      sizeBytes: bytes(-512n),
      tableType: "gpt",
      partitions: [
        partition(0, -5n, 10n),
        partition(1, 0n, 0n),
        partition(2, huge, huge, { type: "", flags: [] }),
        { ...partition(3, 2048n, 2048n), startByte: bytes(1n), sizeBytes: bytes(3n) },
      ],
    });
    const p = plan(
      [
        vm("a", [range(huge, huge), range(0n, huge), range(-huge, 1n), range(5n, 1n, "RDONLY")]),
        vm("b", [range(0n, 1n)], { head: { file: "x", sectors: Number.MAX_SAFE_INTEGER } }),
      ],
      [weird],
    );
    const found = codes(p);
    const sane = codes({ ...p, disks: [{ ...weird, sizeBytes: bytes(DISK_SECTORS * 512n) }] });
    expect(sane).toContain("covers-gpt-backup");
    expect(found).toContain("disk-invalid");
    expect(found).toContain("range-beyond-limit");
    expect(found).toContain("negative-start");
    expect(found).toContain("head-sectors-invalid");
    expect(found).toContain("overlap");
  });
});

describe("empty plans and VMs", () => {
  it("a plan without VMs is a warning (nothing to download yet), not an error", () => {
    const findings = checkPlan(plan([]));
    expect(findings).toEqual([
      {
        severity: "warning",
        code: "no-vms",
        message: "The plan has no VM yet: the zip would contain no descriptor.",
        targets: [],
      },
    ]);
  });

  it("a VM with a head and no range is a warning; with neither it is an error", () => {
    expectCodes(plan([vm("a", [])]), ["vm-no-ranges"]);
    expectCodes(plan([vm("a", [], { head: { ...DEFAULT_HEAD, sectors: 0 } })]), ["vm-no-extents"]);
  });
});

describe("inexact listings", () => {
  const rounded = (more: Partial<PlanDisk> = {}): PlanDisk =>
    disk({
      partitions: [
        partition(0, 2048n, 125829120n),
        partition(1, P1_START, P1_SECTORS, { exact: false }),
      ],
      ...more,
    });

  it("blocks ranges on a disk with a rounded partition until the user confirms", () => {
    const p = plan([vm("a", [free()])], [rounded()]);
    expectCodes(p, ["inexact-unconfirmed"]);
    expect(errors(p)[0]?.message).toContain('gave rounded numbers ("Disk #0, Partition #1")');
    expect(errors(p)[0]?.targets).toEqual([
      { disk: "d0", field: "exactConfirmed" },
      { vm: 0, range: 0, disk: "d0" },
    ]);
    expectCodes(plan([vm("a", [free()])], [rounded({ exactConfirmed: true })]), []);
    expectCodes(plan([vm("a", [free()])], [rounded({ exactConfirmed: false })]), [
      "inexact-unconfirmed",
    ]);
  });

  it("does not block a plan that uses no range on that disk", () => {
    const other = disk({ id: "d1", device: "\\\\.\\PhysicalDrive1" });
    const p = plan([vm("a", [{ ...free(), disk: "d1" }])], [rounded(), other]);
    expectCodes(p, []);
  });
});

describe("order", () => {
  it("errors first, then by VM and range; plan-wide findings first", () => {
    const p = plan(
      [
        vm("a", [free(8n)]), // warning: unaligned
        vm("b", [free(4096n, 0n)]), // error: empty
        vm("con", [free(8192n)]), // error: name
      ],
      [disk()],
      "nul", // error: plan name
    );
    expect(checkPlan(p).map((f) => [f.severity, f.code, f.targets[0]?.vm])).toEqual([
      ["error", "plan-name-invalid", undefined],
      ["error", "empty-range", 1],
      ["error", "vm-name-invalid", 2],
      ["warning", "not-aligned-1mib", 0],
    ]);
  });

  it("sortFindings does not depend on the input order", () => {
    const p = plan([vm("a", [free(8n), free(0n, 4096n)]), vm("b", [free(0n, 4096n)]), vm("c", [])]);
    const findings = checkPlan(p);
    expect(sortFindings([...findings].reverse())).toEqual(findings);
  });
});

describe("the table of codes at the top of index.ts", () => {
  it("lists exactly the codes the rule families report, each once", () => {
    const read = (name: string) => readFileSync(new URL(name, import.meta.url), "utf8");
    const index = read("./index.ts");
    const families = ["facts", "vms", "ranges", "overlaps", "disks", "hostAreas"];
    const source = families.map((f) => read(`./${f}.ts`)).join("\n");
    const table = [...index.matchAll(/^ \* \| ([a-z0-9-]+) +\| (error|warning) +\|/gm)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    const emitted = new Set(
      [...source.matchAll(/(error|warning)\(\s*"([a-z0-9-]+)"/g)].map((m) => `${m[2]} ${m[1]}`),
    );
    expect(table).toHaveLength(38);
    expect(new Set(table).size).toBe(table.length);
    expect([...table].sort()).toEqual([...emitted].sort());
  });
});
