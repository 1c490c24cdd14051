import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkPlan } from "./index.ts";
import type { Plan, PlanVm } from "../plan/types.ts";
import { bytes } from "../units.ts";
import { guestFindings } from "./guest.ts";
import { diskOf, exampleDisk, exampleVm, planOf, range } from "../guest/plans.testkit.ts";

const codes = (plan: Plan): string[] => guestFindings(plan).map((f) => `${f.severity} ${f.code}`);
const P1 = 125831168n;
const P1_SECTORS = 125829120n;
const whole = (patch: Partial<PlanVm> = {}): PlanVm =>
  exampleVm({ ranges: [range(P1, P1_SECTORS)], ...patch });

describe("guestFindings", () => {
  it("finds nothing for VMs without a table in packed placement, or with a sound table", () => {
    expect(guestFindings(planOf([exampleVm()]))).toEqual([]);
    expect(guestFindings(planOf([whole({ partitionTable: "gpt" })]))).toEqual([]);
    expect(
      guestFindings(planOf([whole({ partitionTable: "mbr", placement: "identity" })])),
    ).toEqual([]);
  });

  it("turns layout refusals into errors aimed at the VM and the field", () => {
    const ranges = Array.from({ length: 5 }, (_, i) => range(2048n + BigInt(i) * 2048n, 2048n));
    const findings = guestFindings(
      planOf([exampleVm(), exampleVm({ name: "many", partitionTable: "mbr", ranges })]),
    );
    expect(findings.filter((f) => f.severity === "error")).toEqual([
      {
        severity: "error",
        code: "guest-mbr-too-many-partitions",
        message:
          'VM "many" has 5 ranges, but an MBR holds at most 4 partitions. Use a GPT (up to 128).',
        targets: [{ vm: 1, field: "partitionTable" }],
      },
    ]);
  });

  it("aims range findings at the range and its disk", () => {
    const [finding] = guestFindings(planOf([exampleVm({ partitionTable: "gpt" })]));
    expect(finding).toMatchObject({
      severity: "warning",
      code: "guest-size-differs",
      targets: [{ vm: 0, range: 0, disk: "d0", field: "sectors" }],
    });
  });

  it("reports identity placement problems even without a table", () => {
    const vm = exampleVm({ placement: "identity", ranges: [range(P1, 8n), range(2048n, 8n)] });
    expect(codes(planOf([vm]))).toEqual(["error guest-identity-order"]);
  });

  it("checks the tail file's name only for a GPT", () => {
    const bad = (tailFile: string, patch: Partial<PlanVm> = {}) =>
      codes(planOf([whole({ partitionTable: "gpt", tailFile, ...patch })]));
    expect(bad("a/b")).toEqual(["error guest-tail-file-invalid"]);
    expect(bad("web.vmdk")).toEqual(["error guest-tail-file-invalid"]);
    expect(bad("RAW_SECTORS_1MIB")).toEqual(["error guest-tail-file-invalid"]);
    expect(bad("RAW_SECTORS_1MIB", { head: { file: "h", sectors: 2048 } })).toEqual([]);
    expect(bad("a/b", { partitionTable: "mbr" })).toEqual([]);
    const [finding] = guestFindings(
      planOf([whole({ partitionTable: "gpt", tailFile: "Raw_Sectors_1MiB" })]),
    );
    expect(finding?.message).toContain('"Raw_Sectors_1MiB" is the head file\'s name too');
  });

  it("refuses malformed identity fields of the current table only", () => {
    const gpt = whole({ partitionTable: "gpt", diskGuid: "5D0C2F4E-9B1A-4C3D-8E7F-6A5B4C3D2E1F" });
    expect(codes(planOf([gpt]))).toEqual(["error guest-id-invalid"]);
    expect(codes(planOf([{ ...gpt, partitionTable: "mbr" }]))).toEqual([]);
    const sig = whole({ partitionTable: "mbr", diskSignature: "00000000" });
    expect(codes(planOf([sig]))).toEqual(["error guest-id-invalid"]);
    const part = whole({
      partitionTable: "gpt",
      ranges: [range(P1, P1_SECTORS, { partitionGuid: "x" })],
    });
    expect(guestFindings(planOf([part]))[0]).toMatchObject({
      code: "guest-id-invalid",
      targets: [{ vm: 0, range: 0, disk: "d0", field: "partitionGuid" }],
    });
  });

  it("refuses a GUID repeated inside one guest disk, warns about identities shared by VMs", () => {
    const g = "5d0c2f4e-9b1a-4c3d-8e7f-6a5b4c3d2e1f";
    const twice = whole({
      partitionTable: "gpt",
      diskGuid: g,
      ranges: [range(P1, 8n, { partitionGuid: g })],
    });
    expect(codes(planOf([twice]))).toEqual([
      "warning guest-size-differs",
      "error guest-id-duplicate",
    ]);
    const a = whole({ name: "a", partitionTable: "mbr", diskSignature: "1a2b3c4d" });
    const b = whole({ name: "b", partitionTable: "mbr", diskSignature: "1a2b3c4d" });
    const shared = guestFindings(planOf([a, b]));
    expect(shared.map((f) => f.code)).toEqual(["guest-id-shared"]);
    expect(shared[0]?.targets).toEqual([
      { vm: 0, field: "diskSignature" },
      { vm: 1, field: "diskSignature" },
    ]);
    expect(shared[0]?.message).toContain('VM "a" (disk signature), VM "b" (disk signature)');
  });

  it("skips VMs that checkPlan already refuses as malformed", () => {
    const vm = exampleVm({ partitionTable: "mbr", ranges: [range(2048n, 0n)] });
    expect(guestFindings(planOf([vm]))).toEqual([]);
    expect(checkPlan(planOf([vm])).map((f) => f.code)).toContain("empty-range");
  });
});

describe("values outside their types (plans built in memory)", () => {
  it("are findings, never exceptions", () => {
    const odd: unknown[] = ["MBR", "", 7, null, {}, [], "gpt", "identity", "__proto__", -1n];
    let settings = 0;
    for (const a of odd) {
      for (const b of odd) {
        const vm = {
          ...whole(),
          partitionTable: a,
          placement: b,
          tailFile: b,
          diskSignature: a,
          diskGuid: b,
          ranges: [range(P1, P1_SECTORS, { type: a, partitionGuid: b } as never)],
        } as unknown as PlanVm;
        const found = checkPlan(planOf([vm]));
        if (found.some((f) => f.code === "guest-settings-invalid")) settings++;
      }
    }
    expect(settings).toBeGreaterThan(50);
    const [finding] = guestFindings(planOf([whole({ partitionTable: "MBR" as never })]));
    expect(finding).toEqual({
      severity: "error",
      code: "guest-settings-invalid",
      message: 'VM "web": its partition table "MBR" is not one of none, mbr, gpt.',
      targets: [{ vm: 0, field: "partitionTable" }],
    });
  });

  it("report identity fields that are not text", () => {
    const vm = whole({ partitionTable: "gpt", diskGuid: 5 as never });
    expect(codes(planOf([vm]))).toEqual(["error guest-id-invalid"]);
  });
});

describe("checkPlan includes the guest findings", () => {
  it("blocks the download for a refused table and sorts the findings with the rest", () => {
    const big = diskOf(1n << 33n);
    const vm = exampleVm({ partitionTable: "mbr", ranges: [range(2048n, 1n << 32n)] });
    const found = checkPlan(planOf([vm], [big]));
    expect(found.filter((f) => f.severity === "error").map((f) => f.code)).toEqual([
      "guest-mbr-too-large",
    ]);
  });

  it("does not warn guest-misaligned-4k under identity placement (guest LBA = host LBA)", () => {
    const fourK = {
      ...diskOf(1n << 30n),
      logicalSectorSize: 4096 as const,
      sizeBytes: bytes((1n << 30n) * 512n),
    };
    const packed = exampleVm({ head: { file: "h", sectors: 2049 }, ranges: [range(4096n, 8192n)] });
    expect(checkPlan(planOf([packed], [fourK])).map((f) => f.code)).toContain(
      "guest-misaligned-4k",
    );
    const identity = {
      ...packed,
      head: { file: "h", sectors: 4000 },
      placement: "identity" as const,
    };
    expect(checkPlan(planOf([identity], [fourK])).map((f) => f.code)).not.toContain(
      "guest-misaligned-4k",
    );
  });

  it("keeps the worked example clean with a GPT on whole partitions", () => {
    const plan = planOf([whole({ partitionTable: "gpt", placement: "identity" })], [exampleDisk()]);
    expect(checkPlan(plan).filter((f) => f.code.startsWith("guest-"))).toEqual([]);
  });
});

describe("the table of codes at the top of guest.ts", () => {
  it("lists exactly the codes the guest checks emit, with their severity", () => {
    const read = (name: string) => readFileSync(new URL(name, import.meta.url), "utf8");
    const table = [
      ...read("./guest.ts").matchAll(/^ \* \| (guest-[a-z0-9-]+) +\| (error|warning) +\|/gm),
    ].map((m) => `${m[1]} ${m[2]}`);
    const emitted = new Set(
      [read("./guest.ts"), read("../guest/layout.ts")].flatMap((source) =>
        [...source.matchAll(/severity: "(error|warning)",\s+code: "(guest-[a-z0-9-]+)"/g)].map(
          (m) => `${m[2]} ${m[1]}`,
        ),
      ),
    );
    expect(table).toHaveLength(14);
    expect(new Set(table).size).toBe(table.length);
    expect([...table].sort()).toEqual([...emitted].sort());
  });
});
