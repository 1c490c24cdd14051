/**
 * The field tables against the format's definition: docs/plan-format.md's tables give the
 * fields and their order, so the expected key order and issue order here come from the
 * document, not from the tables under test.
 */
import { describe, expect, it } from "vitest";
import { loadPlan, planToJson } from "./codec.ts";
import { docsFile } from "./codec.testkit.ts";
import { Reader, readFields, writeFields, type Fields } from "./codecReader.ts";
import { EXAMPLE_DISK_BYTES, PARTITION_1, workedExamplePlan } from "./example.testkit.ts";
import type { Plan, PlanHead } from "./types.ts";
import { vmdkSectors } from "../units.ts";

/** The field names of the table under `heading` in docs/plan-format.md, in their order. */
function documentedFields(heading: string): string[] {
  const lines = docsFile("plan-format.md").split("\n");
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`no heading ${heading} in docs/plan-format.md`);
  const fields: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith("#")) break;
    const field = /^\| `([A-Za-z]+)` \|/.exec(line)?.[1];
    if (field !== undefined) fields.push(field);
  }
  return fields;
}

/** A plan that sets every optional field the format has, each to a valid value. */
function planWithEveryField(): Plan {
  const plan = workedExamplePlan(EXAMPLE_DISK_BYTES);
  const disk = plan.disks[0];
  if (disk === undefined) throw new Error("the worked example has a disk");
  disk.tableType = "gpt";
  disk.exactConfirmed = true;
  disk.identity = { uniqueId: "u", mbrSignature: "m", diskGuid: "g", serial: "s" };
  const [first, ...rest] = disk.partitions;
  if (first === undefined) throw new Error("the worked example has partitions");
  disk.partitions = [
    {
      ...first,
      type: "Basic data",
      flags: ["boot"],
      exact: true,
      mountPoint: "C:",
      isBoot: true,
      isSystem: false,
    },
    ...rest,
  ];
  plan.vms = [
    {
      // Keys deliberately out of the documented order: the writer must restore it.
      ranges: [
        {
          partitionGuid: "5d0c2f4e-9b1a-4c3d-8e7f-6a5b4c3d2e1f",
          type: "linux",
          access: "RW",
          sectors: vmdkSectors(PARTITION_1.sectors),
          startSector: vmdkSectors(PARTITION_1.startSector),
          disk: "d0",
        },
      ],
      diskGuid: "0b5a1e4c-8d3f-4f6a-9c2e-1d7b3a5e9f01",
      diskSignature: "1a2b3c4d",
      tailFile: "tail",
      targets: ["virtualbox", "qemu"],
      placement: "identity",
      partitionTable: "gpt",
      head: { sectors: 2048, file: "Raw_Sectors_1MiB" },
      color: 3,
      uuid: null,
      adapterType: "ide",
      name: "web",
    },
  ];
  plan.distinctDevices = [["/dev/sda", "/dev/sdb"]];
  return plan;
}

describe("the field tables follow docs/plan-format.md", () => {
  const written = JSON.parse(planToJson(planWithEveryField())) as {
    disks: Array<Record<string, unknown> & { partitions: Array<Record<string, unknown>> }>;
    vms: Array<Record<string, unknown> & { ranges: Array<Record<string, unknown>> }>;
  };

  it.each([
    ["## The document", () => written],
    ["### Disk", () => written.disks[0]],
    ["### Partition", () => written.disks[0]?.partitions[0]],
    ["### Vm", () => written.vms[0]],
    ["### Head", () => written.vms[0]?.head],
    ["### Range", () => written.vms[0]?.ranges[0]],
  ])("%s: planToJson writes every documented field, in the documented order", (heading, part) => {
    expect(Object.keys(part() ?? {})).toEqual(documentedFields(heading));
  });

  it("writes identity fields in the order the Disk table names them", () => {
    expect(Object.keys(written.disks[0]?.identity ?? {})).toEqual([
      "serial",
      "diskGuid",
      "mbrSignature",
      "uniqueId",
    ]);
  });

  it("reads every field back: write → read → write gives the same bytes", () => {
    const text = planToJson(planWithEveryField());
    const read = loadPlan(text);
    if (!read.ok) throw new Error(JSON.stringify(read.issues));
    expect(planToJson(read.plan)).toBe(text);
  });
});

/** Paths of the issues loadPlan gives for a document, in the order it gives them. */
function issuePaths(doc: unknown): string[] {
  const result = loadPlan(doc);
  return result.ok ? [] : result.issues.map((i) => i.path);
}

const document = (patch: Record<string, unknown>): Record<string, unknown> => ({
  format: "raw-disk-planner/plan",
  version: 1,
  name: "p",
  disks: [],
  vms: [],
  ...patch,
});

describe("loadPlan says every wrong field once, in the documented order", () => {
  it("a VM with every field wrong", () => {
    const vm = {
      ranges: {},
      diskGuid: "00000000-0000-0000-0000-000000000000",
      diskSignature: "00000000",
      tailFile: 2,
      targets: ["vmware"],
      placement: "scattered",
      partitionTable: "apm",
      head: [],
      color: -1,
      uuid: "NOT-A-UUID",
      adapterType: "scsi",
      name: 1,
    };
    const paths = issuePaths(document({ vms: [vm] }));
    expect(paths.map((p) => p.replace(/^vms\[0\]\.|\[0\]$/g, ""))).toEqual(
      documentedFields("### Vm"),
    );
  });

  it("a disk and its partition with every field wrong", () => {
    const partition = {
      isSystem: "no",
      isBoot: 1,
      mountPoint: ["C:"],
      exact: 0,
      flags: "boot",
      type: 5,
      sizeBytes: "-1",
      startByte: 7,
    };
    const disk = {
      partitions: [{ ...partition, label: null, number: 1.5 }],
      identity: [],
      exactConfirmed: "yes",
      tableType: "apm",
      sizeBytes: "1e9",
      logicalSectorSize: 520,
      device: 5,
      id: "d 0",
    };
    const paths = issuePaths(document({ disks: [disk] }));
    const partitionPaths = paths.filter((p) => p.startsWith("disks[0].partitions[0]."));
    expect(paths.filter((p) => !partitionPaths.includes(p))).toEqual(
      documentedFields("### Disk")
        .filter((f) => f !== "partitions")
        .map((f) => `disks[0].${f}`),
    );
    expect(partitionPaths).toEqual(
      documentedFields("### Partition").map((f) => `disks[0].partitions[0].${f}`),
    );
  });

  it("a range with every field wrong, and a document whose own fields are all wrong", () => {
    const range = {
      partitionGuid: "0",
      type: "ntfs",
      access: "rw",
      sectors: 1,
      startSector: "",
      disk: "d9",
    };
    const vm = { name: "v", adapterType: "ide", uuid: null, head: { file: "h", sectors: 0 } };
    expect(issuePaths(document({ vms: [{ ...vm, ranges: [range] }] }))).toEqual(
      documentedFields("### Range").map((f) => `vms[0].ranges[0].${f}`),
    );
    expect(issuePaths(document({ name: 1, disks: {}, vms: 2, distinctDevices: [[1]] }))).toEqual([
      "name",
      "disks",
      "vms",
      "distinctDevices[0]",
    ]);
  });
});

describe("readFields and writeFields", () => {
  const head: Fields<PlanHead> = {
    file: { read: (r, v, path) => r.string(v, path, 10) },
    sectors: { read: (r, v, path) => r.integer(v, path, 0, 10) },
  };

  it("read only the table's own keys and write them back in the table's order", () => {
    const r = new Reader();
    const crafted = Object.create({ file: "inherited" }) as Record<string, unknown>;
    crafted.sectors = 3;
    crafted.extra = true;
    expect(readFields(r, crafted, "head", head, null)).toBeUndefined();
    expect(r.issues).toEqual([{ path: "head.file", message: "is missing (a string is required)" }]);
    const read = readFields(r, { sectors: 3, extra: true, file: "h" }, "head", head, null);
    expect(read).toEqual({ file: "h", sectors: 3 });
    expect(Object.keys(writeFields({ sectors: 3, file: "h" }, head))).toEqual(["file", "sectors"]);
  });

  it("a table names every property, optional exactly where the type says so", () => {
    const read = (): undefined => undefined;
    // @ts-expect-error: `sectors` has no field
    const missing: Fields<PlanHead> = { file: { read } };
    // @ts-expect-error: `file` is required in PlanHead, so it cannot be optional
    const wronglyOptional: Fields<PlanHead> = { file: { optional: true, read }, sectors: { read } };
    expect([missing, wronglyOptional]).toHaveLength(2);
  });
});
