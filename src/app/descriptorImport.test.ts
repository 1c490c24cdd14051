import { createRoot } from "solid-js";
import { describe, expect, it } from "vitest";
import { EXAMPLE_LISTING } from "../lib/example.ts";
import { DEFAULT_HEAD, type PlanVm } from "../lib/plan/types.ts";
import { vmdkSectors } from "../lib/units.ts";
import { writeDescriptor } from "../lib/vmdk/descriptor.ts";
import { createDescriptorImport } from "./descriptorImport.ts";
import { createNotices } from "./notices.ts";
import { createAppStore } from "./store.ts";

function setup() {
  return createRoot((dispose) => {
    const notices = createNotices();
    const store = createAppStore({ listingText: EXAMPLE_LISTING });
    const importing = createDescriptorImport(store, notices.notify, notices.dismissTopic);
    return { store, importing, notices, dispose };
  });
}

/** A descriptor VirtualBox would read, over Partition #1 of the worked example's disk. */
function descriptorFile(device: string): File {
  const t = setup();
  const disk = t.store.plan().disks[0];
  t.dispose();
  if (!disk) throw new Error("the example has no disk");
  const vm: PlanVm = {
    name: "old",
    adapterType: "ide",
    uuid: "6f1d6a8e-0c1b-4e55-9a1e-2b7d3c4e5f60",
    head: { ...DEFAULT_HEAD },
    ranges: [
      {
        disk: disk.id,
        startSector: vmdkSectors(125831168n),
        sectors: vmdkSectors(125829120n),
        access: "RW",
      },
    ],
  };
  const written = writeDescriptor(vm, [{ ...disk, device }]);
  if (!written.ok) throw new Error(written.error);
  return new File([written.text], "old.vmdk");
}

describe("descriptor import", () => {
  it("adds the descriptor's VM on the listed disk, and says what it did", async () => {
    const t = setup();
    await t.importing.importDescriptorFile(descriptorFile("\\\\.\\PhysicalDrive0"));
    const vms = t.store.plan().vms;
    expect(
      vms.map((v) => [v.name, v.ranges.map((r) => [r.disk, r.startSector, r.sectors])]),
    ).toEqual([["old", [[t.store.plan().disks[0]?.id, 125831168n, 125829120n]]]]);
    expect(t.importing.imported()?.vmName).toBe("old");
    expect(t.store.status()?.text).toBe("Imported old.vmdk as old. Undo takes it out again.");
    t.dispose();
  });

  it("asks which listed disk a path is when the text cannot tell, then imports on the answer", async () => {
    const t = setup();
    await t.importing.importDescriptorFile(descriptorFile("/dev/disk/by-id/ata-SOME_DISK"));
    const pending = t.importing.deviceQuestions();
    expect(pending?.questions.length).toBe(1);
    expect(t.store.plan().vms).toEqual([]);
    t.importing.cancelDeviceQuestions();
    expect(t.importing.deviceQuestions()).toBeNull();
    t.dispose();
  });

  it("refuses a file that is not a descriptor, with the line", async () => {
    const t = setup();
    await t.importing.importDescriptorFile(new File(["hello\n"], "notes.txt"));
    const notice = t.notices.notices()[0];
    expect(notice?.text).toBe("notes.txt cannot be imported. ");
    expect(notice?.details[0]).toMatch(/^line 1: /);
    expect(t.store.plan().vms).toEqual([]);
    t.dispose();
  });
});
