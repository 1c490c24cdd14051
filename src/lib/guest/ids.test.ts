import { describe, expect, it } from "vitest";
import { deepFreeze } from "../plan/generate.testkit.ts";
import { fillGuestIds, fillVmGuestIds, signatureFromUuid } from "./ids.ts";
import { counterUuids, exampleDisk, exampleVm, planOf, range } from "./plans.testkit.ts";

describe("signatureFromUuid", () => {
  it("takes the first 8 hex digits, or the next 8 when those are zero", () => {
    expect(signatureFromUuid("3f6c1e0a-5b2d-4c8e-9a71-0d4e8b2f6a13")).toBe("3f6c1e0a");
    expect(signatureFromUuid("00000000-4b2d-4c8e-9a71-0d4e8b2f6a13")).toBe("4b2d4c8e");
    expect(signatureFromUuid("3F6C1E0A-5B2D-4C8E-9A71-0D4E8B2F6A13")).toBe("3f6c1e0a");
    expect(signatureFromUuid("00000000-0000-0000-0000-000000000000")).toBe("00000001");
  });
});

describe("fillVmGuestIds", () => {
  const disks = [exampleDisk(["7", "Linux filesystem"])];

  it("fills nothing without a table, and returns the very same VM", () => {
    const vm = deepFreeze(exampleVm({ placement: "identity" }));
    expect(fillVmGuestIds(vm, disks, counterUuids())).toBe(vm);
  });

  it("MBR: the disk signature and the ranges' types, no GUIDs", () => {
    const vm = deepFreeze(
      exampleVm({
        partitionTable: "mbr",
        ranges: [range(2048n, 8n), range(125831168n, 8n, { type: "efi" })],
      }),
    );
    const filled = fillVmGuestIds(vm, disks, counterUuids(0x1a2b));
    expect(filled.diskSignature).toBe("00001a2b");
    expect(filled.diskGuid).toBeUndefined();
    expect(filled.ranges.map((r) => [r.type, r.partitionGuid])).toEqual([
      ["basic-data", undefined],
      ["efi", undefined],
    ]);
  });

  it("GPT: the disk GUID and one GUID per range, all distinct, lowercase", () => {
    const vm = deepFreeze(
      exampleVm({ partitionTable: "gpt", ranges: [range(2048n, 8n), range(125831168n, 8n)] }),
    );
    const filled = fillVmGuestIds(vm, disks, () => "AAAAAAAA-1111-4222-8333-000000000001");
    expect(filled.diskGuid).toBe("aaaaaaaa-1111-4222-8333-000000000001");
    const counted = fillVmGuestIds(vm, disks, counterUuids());
    expect([counted.diskGuid, ...counted.ranges.map((r) => r.partitionGuid)]).toEqual([
      "00000001-1111-4222-8333-000000000001",
      "00000002-1111-4222-8333-000000000002",
      "00000003-1111-4222-8333-000000000003",
    ]);
    expect(counted.ranges.map((r) => r.type)).toEqual(["basic-data", "linux"]);
  });

  it("keeps what is there, and a second fill changes nothing", () => {
    const vm = exampleVm({
      partitionTable: "gpt",
      diskGuid: "5d0c2f4e-9b1a-4c3d-8e7f-6a5b4c3d2e1f",
      ranges: [
        range(2048n, 8n, { partitionGuid: "a81f3b2c-1d4e-4f5a-9b6c-7d8e9f0a1b2c", type: "linux" }),
        range(4096n, 8n),
      ],
    });
    const filled = fillVmGuestIds(vm, disks, counterUuids());
    expect(filled.diskGuid).toBe(vm.diskGuid);
    expect(filled.ranges[0]).toBe(vm.ranges[0]);
    expect(filled.ranges[1]?.partitionGuid).toBe("00000001-1111-4222-8333-000000000001");
    expect(fillVmGuestIds(filled, disks, counterUuids(99))).toBe(filled);
  });

  it("fills only the current table's fields: switching MBR → GPT later adds the GUIDs", () => {
    const mbr = fillVmGuestIds(exampleVm({ partitionTable: "mbr" }), disks, counterUuids(5));
    const gpt = fillVmGuestIds({ ...mbr, partitionTable: "gpt" }, disks, counterUuids(6));
    expect(gpt.diskSignature).toBe("00000005");
    expect(gpt.diskGuid).toBe("00000006-1111-4222-8333-000000000006");
  });
});

describe("fillGuestIds", () => {
  it("fills every VM and returns the very same plan when nothing is missing", () => {
    const plan = deepFreeze(
      planOf([exampleVm({ name: "a", partitionTable: "gpt" }), exampleVm({ name: "b" })]),
    );
    const filled = fillGuestIds(plan, counterUuids());
    expect(filled).not.toBe(plan);
    expect(filled.vms[1]).toBe(plan.vms[1]);
    expect(filled.vms[0]?.diskGuid).toBe("00000001-1111-4222-8333-000000000001");
    expect(fillGuestIds(filled, counterUuids())).toBe(filled);
  });
});
