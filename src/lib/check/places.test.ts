import { describe, expect, it } from "vitest";
import type { Finding } from "../plan/findings.ts";
import {
  findingsForDisk,
  findingsForRange,
  findingsForStretch,
  findingsForVm,
  stretchFindingIndex,
  concernsWholeDisk,
} from "./places.ts";
import { DEFAULT_HEAD, emptyPlan, type Plan } from "../plan/types.ts";
import { vmdkSectors } from "../units.ts";
import { Rng } from "../prng.testkit.ts";

const plan: Plan = {
  ...emptyPlan(),
  vms: [
    {
      name: "web",
      adapterType: "ide",
      uuid: null,
      head: DEFAULT_HEAD,
      ranges: [
        { disk: "d0", startSector: vmdkSectors(2048n), sectors: vmdkSectors(1000n), access: "RW" },
      ],
    },
    {
      name: "db",
      adapterType: "ide",
      uuid: null,
      head: DEFAULT_HEAD,
      ranges: [
        { disk: "d0", startSector: vmdkSectors(2500n), sectors: vmdkSectors(1000n), access: "RW" },
      ],
    },
  ],
};

const overlap: Finding = {
  severity: "error",
  code: "overlap",
  message: "overlap",
  targets: [
    { vm: 0, range: 0 },
    { vm: 1, range: 0 },
  ],
};
const badName: Finding = {
  severity: "error",
  code: "bad-name",
  message: "name",
  targets: [{ vm: 1, field: "name" }],
};
const device: Finding = {
  severity: "warning",
  code: "unstable-device",
  message: "sdX",
  targets: [{ disk: "d0", field: "device" }],
};
const mounted: Finding = {
  severity: "warning",
  code: "host-partition",
  message: "mounted",
  targets: [{ disk: "d0", partition: 2 }],
};
const all = [overlap, badName, device, mounted];

describe("finding places", () => {
  it("puts an overlap at both ranges, not on the VM cards", () => {
    expect(findingsForRange(all, 0, 0)).toEqual([overlap]);
    expect(findingsForRange(all, 1, 0)).toEqual([overlap]);
    expect(findingsForVm(all, 0)).toEqual([]);
    expect(findingsForVm(all, 1)).toEqual([badName]);
  });

  it("puts a device finding on the disk, a partition finding on its segment", () => {
    expect(findingsForDisk(all, "d0")).toEqual([device]);
    expect(findingsForDisk(all, "d1")).toEqual([]);
    expect(findingsForStretch(all, plan, "d0", 9000n, 100n, 2)).toEqual([mounted]);
  });

  it("tells disk-wide findings from range and partition ones", () => {
    expect(all.map(concernsWholeDisk)).toEqual([false, false, true, false]);
  });

  it("shows range findings on every stretch the range touches, not on neighbours", () => {
    expect(findingsForStretch(all, plan, "d0", 0n, 2048n)).toEqual([]);
    expect(findingsForStretch(all, plan, "d0", 2048n, 1n)).toEqual([overlap]);
    expect(findingsForStretch(all, plan, "d0", 3500n, 10n)).toEqual([]);
    expect(findingsForStretch(all, plan, "d1", 2048n, 5000n)).toEqual([]);
  });
});

describe("stretchFindingIndex", () => {
  it("takes several partitions at once: a finding naming any of them belongs to the stretch", () => {
    const at = stretchFindingIndex(all, plan, "d0");
    expect(at(0n, 1n, [1, 2])).toEqual([mounted]);
    expect(at(0n, 1n, [0, 1])).toEqual([]);
    expect(at(0n, 1n, 2)).toEqual([mounted]);
  });

  it("finds for every stretch what the definition finds: the partition named, or a named range overlapping", () => {
    const rng = new Rng(2026);
    for (let round = 0; round < 20; round++) {
      const ranges = Array.from({ length: rng.int(1, 40) }, () => ({
        disk: rng.bool(0.8) ? "d0" : "d1",
        startSector: vmdkSectors(BigInt(rng.int(0, 1000))),
        sectors: vmdkSectors(BigInt(rng.int(0, 100))),
        access: "RW" as const,
      }));
      const randomPlan: Plan = {
        ...emptyPlan(),
        vms: [{ name: "a", adapterType: "ide", uuid: null, head: DEFAULT_HEAD, ranges }],
      };
      const findings: Finding[] = Array.from({ length: rng.int(1, 8) }, (_, k) => ({
        severity: "warning",
        code: `c${k}`,
        message: `m${k}`,
        targets: Array.from({ length: rng.int(0, 12) }, () =>
          rng.bool(0.3)
            ? { disk: rng.bool(0.8) ? "d0" : "d1", partition: rng.int(0, 5) }
            : { vm: 0, range: rng.int(0, ranges.length + 2) },
        ),
      }));
      const index = stretchFindingIndex(findings, randomPlan, "d0");
      for (let q = 0; q < 30; q++) {
        const start = BigInt(rng.int(0, 1100));
        const sectors = BigInt(rng.int(0, 200));
        const partition = rng.bool(0.5) ? rng.int(0, 5) : undefined;
        const end = start + sectors;
        const expected = findings.filter((f) =>
          f.targets.some((t) => {
            if (partition !== undefined && t.disk === "d0" && t.partition === partition)
              return true;
            const r = t.range === undefined ? undefined : ranges[t.range];
            return (
              r !== undefined &&
              r.disk === "d0" &&
              r.startSector < end &&
              start < r.startSector + r.sectors
            );
          }),
        );
        expect(index(start, sectors, partition)).toEqual(expected);
      }
    }
  });
});
