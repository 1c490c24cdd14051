import { describe, expect, it } from "vitest";
import type { DiskSegment } from "../lib/plan/ops.ts";
import type { PlanDisk, PlanPartition } from "../lib/plan/types.ts";
import { vmdkSectors } from "../lib/units.ts";
import {
  MSR_GAP_NOTE,
  partitionTypeText,
  probablyMicrosoftReserved,
  segmentLongName,
} from "./segments.ts";

// 16 MiB in 512-byte sectors, from the definition: 16 × 1024 × 1024 / 512.
const SIXTEEN_MIB = (16n * 1024n * 1024n) / 512n;

function disk(types: string[], tableType: PlanDisk["tableType"] = "gpt"): PlanDisk {
  return {
    id: "d0",
    device: "/dev/sda",
    logicalSectorSize: 512,
    sizeBytes: null,
    tableType,
    partitions: types.map((type, i) => ({
      number: i + 1,
      label: `Partition ${i + 1}`,
      startByte: 0n,
      sizeBytes: 0n,
      type,
    })),
  } as PlanDisk;
}

const part = (partition: number, start: bigint, sectors: bigint): DiskSegment => ({
  kind: "partition",
  partition,
  startSector: vmdkSectors(start),
  sectors: vmdkSectors(sectors),
  owners: [],
});
const gap = (start: bigint, sectors: bigint): DiskSegment => ({
  kind: "gap",
  startSector: vmdkSectors(start),
  sectors: vmdkSectors(sectors),
  owners: [],
});

describe("probablyMicrosoftReserved", () => {
  it("names a 16 MiB GPT gap right after an EFI partition", () => {
    const segs = [part(0, 2048n, 204800n), gap(206848n, SIXTEEN_MIB), part(1, 239616n, 1000n)];
    const d = disk(["EFI System", "Linux filesystem"]);
    expect(probablyMicrosoftReserved(d, segs, 1)).toBe(true);
    expect(partitionTypeText(d, segs, 1)).toBe(MSR_GAP_NOTE);
  });
  it("names a 16 MiB GPT gap right before a basic data partition (wmic's spelling)", () => {
    const segs = [part(0, 2048n, 1000n), gap(3048n, SIXTEEN_MIB), part(1, 35816n, 1000n)];
    const d = disk(["GPT: Unknown", "GPT: Basic Data"], null);
    expect(probablyMicrosoftReserved(d, segs, 1)).toBe(true);
  });
  it("leaves other gaps alone: one sector more, an MBR disk, neighbours of other types", () => {
    const efi = part(0, 2048n, 204800n);
    expect(
      probablyMicrosoftReserved(disk(["EFI System"]), [efi, gap(206848n, SIXTEEN_MIB + 1n)], 1),
    ).toBe(false);
    expect(
      probablyMicrosoftReserved(disk(["EFI System"], "dos"), [efi, gap(206848n, SIXTEEN_MIB)], 1),
    ).toBe(false);
    expect(
      probablyMicrosoftReserved(disk(["Linux swap"]), [efi, gap(206848n, SIXTEEN_MIB)], 1),
    ).toBe(false);
  });
});

describe("partitionTypeText", () => {
  it("gives the type and an own label, not a generated one", () => {
    const d = disk(["Linux filesystem"]);
    const segs = [part(0, 2048n, 1000n)];
    expect(partitionTypeText(d, segs, 0)).toBe("Linux filesystem");
    const p = d.partitions[0];
    if (p) p.label = "home";
    expect(partitionTypeText(d, segs, 0)).toBe("Linux filesystem · home");
  });

  it("adds what the listing says the host does with it, as its owner knows it", () => {
    const d = disk(["Basic"]);
    const segs = [part(0, 2048n, 1000n)];
    const p = d.partitions[0];
    if (!p) throw new Error("one partition");
    const shown = (more: Partial<PlanPartition>) => {
      d.partitions[0] = { ...p, ...more };
      return [partitionTypeText(d, segs, 0), segmentLongName(d, segs[0] as DiskSegment)];
    };
    expect(shown({ mountPoint: "c:", isBoot: true })).toEqual([
      "Basic · C:",
      "Partition 1, Basic, C:",
    ]);
    expect(shown({ mountPoint: "/home, /var" })[0]).toBe("Basic · on /home, /var");
    expect(shown({ mountPoint: "[SWAP]" })[0]).toBe("Basic · swap on the host");
    expect(shown({ isBoot: true })[0]).toBe("Basic · the host's boot volume");
    expect(shown({ isSystem: true })[0]).toBe("Basic · the host's system partition");
    expect(shown({ mountPoint: "", isBoot: false, isSystem: false })[0]).toBe("Basic");
  });
});
