import { describe, expect, it } from "vitest";
import { importDescriptor, vmNameFromFileName } from "./import.ts";
import { readDescriptor } from "./reader.ts";
import { writeDescriptor } from "./descriptor.ts";
import {
  descriptorText as sharedDescriptorText,
  exampleDisk,
  plan,
  range,
  splitPlan,
  vm,
} from "./plans.testkit.ts";
import { emptyPlan, type Plan } from "../plan/types.ts";

const UUID = "5a1c0f3e-8b7d-4c2a-9e61-0d3f4b2a7c19";

function read(text: string) {
  const r = readDescriptor(text);
  if (!r.ok) throw new Error(`line ${r.error.line}: ${r.error.message}`);
  return r.descriptor;
}

const descriptorText = (extents: string[], uuid = UUID) => sharedDescriptorText(extents, uuid);

describe("importDescriptor", () => {
  it("the worked example's descriptor onto an empty plan: head, range, UUID, a new disk", () => {
    const text = descriptorText([
      'RW 2048 FLAT "Raw_Sectors_1MiB" 0',
      'RW 125829120 FLAT "\\\\.\\PhysicalDrive0" 125831168',
    ]);
    const r = importDescriptor(emptyPlan(), read(text), "C:\\vms\\web.vmdk");
    expect(r).toEqual({
      ok: true,
      vm: 0,
      notes: [],
      addedDisks: ["\\\\.\\PhysicalDrive0"],
      plan: {
        ...emptyPlan(),
        disks: [
          {
            id: "d0",
            device: "\\\\.\\PhysicalDrive0",
            logicalSectorSize: 512,
            sizeBytes: null,
            partitions: [],
          },
        ],
        vms: [
          {
            name: "web",
            adapterType: "lsilogic",
            uuid: UUID,
            head: { file: "Raw_Sectors_1MiB", sectors: 2048 },
            ranges: [{ disk: "d0", startSector: 125831168n, sectors: 125829120n, access: "RW" }],
          },
        ],
      },
    });
  });

  it("round trip: a written descriptor imported beside its disk gives back the same VM", () => {
    const original = splitPlan();
    const second = original.vms[1];
    if (!second) throw new Error("splitPlan has two VMs");
    const written = writeDescriptor({ ...second, uuid: UUID }, original.disks);
    if (!written.ok) throw new Error(written.error);
    const without: Plan = { ...original, vms: original.vms.slice(0, 1) };
    const r = importDescriptor(without, read(written.text), `${second.name}.vmdk`);
    if (!r.ok) throw new Error(r.error);
    expect(r.addedDisks).toEqual([]);
    expect(r.plan.disks).toEqual(original.disks);
    expect(r.plan.vms).toEqual([...without.vms, { ...second, uuid: UUID }]);
    // …and its descriptor again is the very same text.
    const again = writeDescriptor(r.plan.vms[1] ?? second, r.plan.disks);
    expect(again.ok && again.text).toBe(written.text);
  });

  it("identity placement (ZERO padding at the host's LBAs) is recognised", () => {
    const text = descriptorText([
      'RW 2048 FLAT "Raw_Sectors_1MiB" 0',
      "RW 125829120 ZERO ",
      'RDONLY 125829120 FLAT "/dev/sda" 125831168',
    ]);
    const r = importDescriptor(emptyPlan(), read(text), "db.vmdk");
    if (!r.ok) throw new Error(r.error);
    expect(r.plan.vms[0]?.placement).toBe("identity");
    expect(r.plan.vms[0]?.ranges).toEqual([
      { disk: "d0", startSector: 125831168n, sectors: 125829120n, access: "RDONLY" },
    ]);
    expect(r.notes).toEqual([]);
  });

  it("keeps the name free, reports what it drops, and reuses a disk with that device", () => {
    const existing = plan("p", [exampleDisk()], [vm("web", [range(2048n, 4096n)])]);
    const text = descriptorText([
      'RW 2048 FLAT "Raw_Sectors_1MiB" 0',
      "RW 10 ZERO ",
      'RW 4096 FLAT "\\\\.\\PhysicalDrive0" 2048',
      'NOACCESS 8 FLAT "\\\\.\\PhysicalDrive0" 0',
      'RW 33 FLAT "Raw_Sectors_GPT_Backup" 0',
    ]);
    const r = importDescriptor(existing, read(text), "web.vmdk");
    if (!r.ok) throw new Error(r.error);
    expect(r.vm).toBe(1);
    expect(r.plan.vms[1]?.name).toBe("web-2");
    expect(r.plan.vms[1]?.ranges).toEqual([
      { disk: "d0", startSector: 2048n, sectors: 4096n, access: "RW" },
    ]);
    expect(r.addedDisks).toEqual([]);
    expect(r.plan.disks).toEqual([exampleDisk()]);
    expect(r.notes).toEqual([
      "Line 10: a NOACCESS extent (8 sectors) is not kept.",
      'Line 11: the file "Raw_Sectors_GPT_Backup" (33 sectors) is not a device and not the head: not kept.',
      "One ZERO extent is not kept: the ranges are placed one after another.",
    ]);
  });

  it("a descriptor with only files is refused with a reason", () => {
    const text = descriptorText(['RW 2048 FLAT "Raw_Sectors_1MiB" 0', 'RW 8 FLAT "other.bin" 0']);
    const r = importDescriptor(emptyPlan(), read(text), "x.vmdk");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/no extent on a device/);
  });

  it("a nil or missing UUID gives a note, and the VM a null uuid (filled at build)", () => {
    const text = descriptorText(['RW 8 FLAT "/dev/sdb" 0'], "00000000-0000-0000-0000-000000000000");
    const r = importDescriptor(emptyPlan(), read(text), "x.vmdk");
    if (!r.ok) throw new Error(r.error);
    expect(r.plan.vms[0]?.uuid).toBeNull();
    expect(r.plan.vms[0]?.head).toEqual({ file: "Raw_Sectors_1MiB", sectors: 0 });
    expect(r.notes).toEqual([
      "The descriptor has no usable ddb.uuid.image: the VM gets a new UUID.",
    ]);
  });
});

describe("vmNameFromFileName", () => {
  it.each([
    ["web.vmdk", "web"],
    ["/home/u/VMs/db.VMDK", "db"],
    ["C:\\vms\\win 11.vmdk", "win 11"],
    [".vmdk", "imported"],
  ])("%s → %s", (file, name) => expect(vmNameFromFileName(file)).toBe(name));
});
