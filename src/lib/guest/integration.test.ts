/**
 * The guest layout inside the product's descriptor and zip: the descriptor's extents, the
 * head and tail files and README.txt all come from guestLayout (src/lib/vmdk/descriptor.ts
 * calls it; src/lib/zip/files.ts builds the bytes from the layout the descriptor returns).
 */
import { describe, expect, it } from "vitest";
import { readDescriptor } from "../vmdk/reader.ts";
import { writeDescriptor } from "../vmdk/descriptor.ts";
import { planFiles } from "../zip/files.ts";
import { counterUuids, exampleDisk, exampleVm, planOf, range } from "./plans.testkit.ts";

const UUID = "3f6c1e0a-5b2d-4c8e-9a71-0d4e8b2f6a13";
const identityGpt = exampleVm({
  uuid: UUID,
  partitionTable: "gpt",
  placement: "identity",
  diskGuid: "5d0c2f4e-9b1a-4c3d-8e7f-6a5b4c3d2e1f",
  ranges: [
    range(2048n, 125829120n, { partitionGuid: "a81f3b2c-1d4e-4f5a-9b6c-7d8e9f0a1b2c" }),
    range(251660288n, 33554432n, { partitionGuid: "b92f4c3d-2e5f-4a6b-8c7d-8e9f0a1b2c3d" }),
  ],
});

describe("the descriptor", () => {
  it("writes padding as VirtualBox's `RW n ZERO ` and the GPT tail as the last extent", () => {
    const r = writeDescriptor(identityGpt, [exampleDisk()]);
    if (!r.ok) throw new Error(r.error);
    const extentLines = r.text.split("\n").filter((l) => /^RW /.test(l));
    expect(extentLines).toEqual([
      'RW 2048 FLAT "Raw_Sectors_1MiB" 0',
      'RW 125829120 FLAT "\\\\.\\PhysicalDrive0" 2048',
      "RW 125829120 ZERO ",
      'RW 33554432 FLAT "\\\\.\\PhysicalDrive0" 251660288',
      'RW 33 FLAT "Raw_Sectors_GPT_Backup" 0',
    ]);
    expect(r.totalSectors).toBe(285214720n + 33n);
    expect(r.guest.totalSectors).toBe(r.totalSectors);
    const read = readDescriptor(r.text);
    expect(read.ok && read.descriptor.totalSectors).toBe(r.totalSectors);
    expect(read.ok && read.descriptor.extents.map((e) => e.type)).toEqual([
      "FLAT",
      "FLAT",
      "ZERO",
      "FLAT",
      "FLAT",
    ]);
  });

  it("is unchanged for VMs without a table in packed placement", () => {
    const r = writeDescriptor(exampleVm({ uuid: UUID }), [exampleDisk()]);
    expect(r.ok && r.text.split("\n").filter((l) => /^RW /.test(l))).toEqual([
      'RW 2048 FLAT "Raw_Sectors_1MiB" 0',
      'RW 62914560 FLAT "\\\\.\\PhysicalDrive0" 125831168',
    ]);
  });

  it("refuses what the guest layout refuses, with its reason", () => {
    const five = Array.from({ length: 5 }, (_, i) => range(2048n + BigInt(i) * 8n, 8n));
    const r = writeDescriptor(exampleVm({ uuid: UUID, partitionTable: "mbr", ranges: five }), [
      exampleDisk(),
    ]);
    expect(r).toEqual({
      ok: false,
      error: 'VM "web" has 5 ranges, but an MBR holds at most 4 partitions. Use a GPT (up to 128).',
    });
  });
});

describe("the zip", () => {
  it("holds the head with the table, the tail file, and the identities in plan.json", () => {
    const plan = planOf([{ ...identityGpt, uuid: null, diskGuid: null }]);
    const r = planFiles(plan, { newUuid: counterUuids() });
    if (!r.ok) throw new Error(JSON.stringify(r.findings));
    expect(r.files.map((f) => f.path).filter((p) => !/\/(check-disk|register)\./.test(p))).toEqual([
      "README.txt",
      "plan.json",
      "web/web.vmdk",
      "web/Raw_Sectors_1MiB",
      "web/Raw_Sectors_GPT_Backup",
    ]);
    const vm = r.plan.vms[0];
    expect(vm?.uuid).toBe("00000001-1111-4222-8333-000000000001");
    expect(vm?.diskGuid).toBe("00000002-1111-4222-8333-000000000002");
    const plan2 = r.files[1]?.data as string;
    expect(plan2).toContain('"diskGuid": "00000002-1111-4222-8333-000000000002"');
    const head = Buffer.from(r.files[3]?.data as Uint8Array);
    expect(head.subarray(512, 520).toString("latin1")).toBe("EFI PART");
    expect(head.readBigUInt64LE(512 + 32)).toBe(285214720n + 33n - 1n);
    const tail = Buffer.from(r.files[4]?.data as Uint8Array);
    expect(tail.length).toBe(33 * 512);
    expect(tail.readBigUInt64LE(32 * 512 + 24)).toBe(285214720n + 33n - 1n);
    const readme = r.files[0]?.data as string;
    expect(readme).toContain("web/Raw_Sectors_GPT_Backup");
    expect(readme).toContain(
      "of zeros (no file: the guest reads zeros, and what it writes there is lost)",
    );
    expect(readme).toContain(
      "The guest sees a GPT disk of 285,214,753 sectors (136 GiB), disk GUID 00000002-1111-4222-8333-000000000002, with 2 partitions:",
    );
    expect(readme).not.toContain("With a blank head");
  });

  it("rebuilds byte for byte from its own plan.json", () => {
    const first = planFiles(planOf([{ ...identityGpt, uuid: null }]), { newUuid: counterUuids() });
    if (!first.ok) throw new Error("refused");
    const again = planFiles(first.plan, { newUuid: counterUuids(100) });
    if (!again.ok) throw new Error("refused");
    expect(again.files.map((f) => [f.path, Buffer.from(f.data).toString("base64")])).toEqual(
      first.files.map((f) => [f.path, Buffer.from(f.data).toString("base64")]),
    );
  });

  it("writes an MBR head, with its signature recorded", () => {
    const vm = exampleVm({ partitionTable: "mbr", ranges: [range(125831168n, 125829120n)] });
    const r = planFiles(planOf([vm]), { newUuid: counterUuids(0x1a2b3c4d) });
    if (!r.ok) throw new Error(JSON.stringify(r.findings));
    expect(r.files.map((f) => f.path).filter((p) => !/\/(check-disk|register)\./.test(p))).toEqual([
      "README.txt",
      "plan.json",
      "web/web.vmdk",
      "web/Raw_Sectors_1MiB",
    ]);
    expect(r.plan.vms[0]?.diskSignature).toBe("1a2b3c4e");
    const head = Buffer.from(r.files[3]?.data as Uint8Array);
    expect(head.readUInt32LE(0x1b8)).toBe(0x1a2b3c4e);
    expect(head.readUInt32LE(0x1be + 8)).toBe(2048);
  });

  it("keeps blank heads blank", () => {
    const r = planFiles(planOf([exampleVm()]), { newUuid: counterUuids() });
    if (!r.ok) throw new Error("refused");
    const head = r.files[3]?.data as Uint8Array;
    expect(head.length).toBe(1048576);
    expect(head.every((b) => b === 0)).toBe(true);
  });

  it("is refused while the checks refuse the table", () => {
    const vm = exampleVm({ partitionTable: "gpt", head: { file: "Raw_Sectors_1MiB", sectors: 8 } });
    const r = planFiles(planOf([vm]), { newUuid: counterUuids() });
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.findings.filter((f) => f.severity === "error").map((f) => f.code)).toEqual(
      ["guest-head-too-small"],
    );
  });
});
