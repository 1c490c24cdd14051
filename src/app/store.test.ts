import { createRoot } from "solid-js";
import { describe, expect, it } from "vitest";
import { EXAMPLE_LISTING } from "../lib/example.ts";
import { vmdkSectors } from "../lib/units.ts";
import { createAppStore } from "./store.ts";

function withStore<T>(run: (store: ReturnType<typeof createAppStore>) => T): T {
  return createRoot((dispose) => {
    try {
      return run(createAppStore());
    } finally {
      dispose();
    }
  });
}

const P1 = { startSector: vmdkSectors(125831168n), sectors: 125829120n };
const ranges = (store: ReturnType<typeof createAppStore>) =>
  store.plan().vms.map((v) => [v.name, v.ranges.map((r) => [r.startSector, r.sectors])]);

describe("the store", () => {
  it("picks the pasted listing's disk, and parses the listing once for everyone", () => {
    withStore((store) => {
      store.actions.setListingText(EXAMPLE_LISTING);
      expect(store.listing()?.ok).toBe(true);
      expect(store.plan().disks.map((d) => d.device)).toEqual(["\\\\.\\PhysicalDrive0"]);
      expect(store.plan().disks[0]?.partitions).toHaveLength(3);
    });
  });

  it("splits the selected partition between an existing VM and a new one", () => {
    withStore((store) => {
      store.actions.setListingText(EXAMPLE_LISTING);
      store.actions.addVm();
      const disk = store.plan().disks[0]?.id ?? "";
      store.actions.select({ kind: "segment", disk, startSector: P1.startSector });
      expect(store.selectedSegment()?.segment.kind).toBe("partition");
      store.actions.split([0, "new"]);
      expect(ranges(store)).toEqual([
        ["vm1", [[125831168n, 62914560n]]],
        ["vm2", [[188745728n, 62914560n]]],
      ]);
      expect(store.status()).toBeNull();
    });
  });

  it("gives the whole selected partition to a new VM, and undo and redo step through it", () => {
    withStore((store) => {
      store.actions.setListingText(EXAMPLE_LISTING);
      const disk = store.plan().disks[0]?.id ?? "";
      store.actions.select({ kind: "segment", disk, startSector: P1.startSector });
      store.actions.assignWhole("new");
      expect(ranges(store)).toEqual([["vm1", [[125831168n, 125829120n]]]]);
      expect(store.canUndo()).toBe(true);
      store.actions.undo();
      expect(store.plan().vms).toEqual([]);
      store.actions.redo();
      expect(ranges(store)).toEqual([["vm1", [[125831168n, 125829120n]]]]);
    });
  });

  it("shows an operation's refusal as the status and changes nothing", () => {
    withStore((store) => {
      store.actions.setListingText(EXAMPLE_LISTING);
      store.actions.addVm();
      const before = store.plan();
      const disk = store.plan().disks[0]?.id ?? "";
      store.actions.assignCustom(0, disk, -5n, 10n);
      expect(store.plan()).toBe(before);
      expect(store.status()).toEqual({ kind: "error", text: "The start sector -5 is negative." });
    });
  });

  it("runs the safety checks on every change: an overlap blocks the download", () => {
    withStore((store) => {
      store.actions.setListingText(EXAMPLE_LISTING);
      const disk = store.plan().disks[0]?.id ?? "";
      store.actions.select({ kind: "segment", disk, startSector: P1.startSector });
      store.actions.assignWhole("new");
      expect(store.blocked()).toBe(false);
      store.actions.assignWhole("new");
      expect(store.blocked()).toBe(true);
      expect(store.findings().some((f) => f.code === "overlap")).toBe(true);
      store.actions.removeVm(1);
      expect(store.blocked()).toBe(false);
    });
  });

  it("replaces listing and plan in one undo step", () => {
    withStore((store) => {
      store.actions.setListingText(EXAMPLE_LISTING);
      const mine = store.plan();
      store.actions.replace("", { ...mine, name: "other", disks: [] });
      expect(store.plan().name).toBe("other");
      expect(store.listingText()).toBe("");
      store.actions.undo();
      expect(store.plan()).toBe(mine);
    });
  });
});
