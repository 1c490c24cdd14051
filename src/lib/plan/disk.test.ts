import { describe, expect, it } from "vitest";
import { isExtended, nestingDepths, samePlanForDisk, tableAreaEnd } from "./disk.ts";
import { Rng } from "../prng.testkit.ts";
import type { Span } from "../spans.ts";
import {
  addVm,
  assignRange,
  diskLayout,
  freeSpace,
  partitionSectors,
  renameVm,
  updateDisk,
  updateVm,
} from "./ops.ts";
import { emptyPlan, type Plan, type PlanDisk, type PlanPartition } from "./types.ts";
import { EXAMPLE_DISK_BYTES, workedExampleDisk, workedExamplePlan } from "./example.testkit.ts";
import { bytes } from "../units.ts";
import { disk, part, range, value, webAndDb } from "./ops.testkit.ts";

describe("freeSpace and the table area", () => {
  const gaps = (d: PlanDisk): [bigint, bigint][] =>
    freeSpace(d).map((g) => [g.startSector, g.sectors]);

  it("lists no trailing gap when the size is unknown", () => {
    expect(gaps(workedExampleDisk())).toEqual([]);
  });

  it("lists the trailing gap when the size is known, short of a GPT backup area", () => {
    expect(
      gaps({ ...workedExampleDisk({ sizeBytes: EXAMPLE_DISK_BYTES }), tableType: "dos" }),
    ).toEqual([[285214720n, 183647408n]]);
    // The table type unknown (wmic without types, lsblk): it may be a GPT, so its backup
    // area is never offered as free space.
    expect(gaps(workedExampleDisk({ sizeBytes: EXAMPLE_DISK_BYTES }))).toEqual([
      [285214720n, 183647375n],
    ]);
    expect(
      gaps({ ...workedExampleDisk({ sizeBytes: EXAMPLE_DISK_BYTES }), tableType: "gpt" }),
    ).toEqual([[285214720n, 183647375n]]);
    expect(
      gaps({
        ...workedExampleDisk({ sizeBytes: EXAMPLE_DISK_BYTES }),
        tableType: "gpt",
        logicalSectorSize: 4096,
      }),
    ).toEqual([[285214720n, 183647408n - 40n]]);
  });

  it.each<[string, PlanPartition[], bigint | null, bigint, [bigint, bigint][]]>([
    ["an empty disk of known size: from 1 MiB", [], 1073741824n, 2048n, [[2048n, 2095104n]]],
    ["an empty disk of unknown size", [], null, 2048n, []],
    [
      "first partition after 1 MiB: a leading gap from 1 MiB",
      [part(4096n, 100n)],
      null,
      2048n,
      [[2048n, 2048n]],
    ],
    [
      "old layout at sector 63: table area up to it",
      [part(63n, 100n)],
      102400n * 512n,
      63n,
      [[163n, 102237n - 33n]],
    ],
    ["touching partitions leave no gap", [part(2048n, 100n), part(2148n, 100n)], null, 2048n, []],
    [
      "unsorted partitions with a gap between",
      [part(5000n, 1000n), part(2048n, 100n)],
      null,
      2048n,
      [[2148n, 2852n]],
    ],
    [
      "nested (extended with logicals) and overlapping partitions",
      [part(2048n, 10000n), part(4096n, 1000n), part(11000n, 2000n), part(20000n, 10n)],
      null,
      2048n,
      [[13000n, 7000n]],
    ],
    [
      "logical partitions listed without their extended one: the EBRs between them are not free",
      [
        part(2048n, 204800n),
        { ...part(208896n, 1024000n), flags: ["logical"] },
        { ...part(1234944n, 1069056n), flags: ["logical"] },
      ],
      null,
      2048n,
      [],
    ],
    [
      "an empty partition is not an obstacle",
      [part(3000n, 0n)],
      1073741824n,
      2048n,
      [[2048n, 2095104n]],
    ],
    ["a partition past the disk's end is clipped", [part(2048n, 10000n)], 4096n * 512n, 2048n, []],
    ["a disk smaller than 1 MiB has only its table area", [], 1000n * 512n, 1000n, []],
  ])("%s", (_, partitions, sizeBytes, tableEnd, expected) => {
    const d = disk(partitions, { sizeBytes: sizeBytes === null ? null : bytes(sizeBytes) });
    expect(tableAreaEnd(d)).toBe(tableEnd);
    expect(gaps(d)).toEqual(expected);
  });

  it("a sector a partition touches at all is not free (byte-granular listings)", () => {
    const p: PlanPartition = {
      number: 1,
      label: "x",
      startByte: bytes(2048n * 512n + 1n),
      sizeBytes: bytes(1023n),
    };
    expect(gaps(disk([p, part(4096n, 8n)]))).toEqual([[2050n, 2046n]]);
    expect(partitionSectors(p).ok).toBe(false);
  });
});

describe("diskLayout", () => {
  it("shows the table area, the partitions with their owners, no gaps and no end when the size is unknown", () => {
    expect(diskLayout(webAndDb(), "d0")).toEqual([
      { kind: "table", startSector: 0n, sectors: 2048n, owners: [] },
      {
        kind: "partition",
        startSector: 2048n,
        sectors: 125829120n,
        partition: 0,
        depth: 0,
        owners: [],
      },
      {
        kind: "partition",
        startSector: 125831168n,
        sectors: 125829120n,
        partition: 1,
        depth: 0,
        owners: [0, 1],
      },
      {
        kind: "partition",
        startSector: 251660288n,
        sectors: 33554432n,
        partition: 2,
        depth: 0,
        owners: [],
      },
    ]);
  });

  it("ends a GPT disk of known size with the trailing gap and the backup area", () => {
    let plan = webAndDb(240057409536n);
    plan = { ...plan, disks: [{ ...(plan.disks[0] as PlanDisk), tableType: "gpt" }] };
    plan = value(assignRange(plan, 1, range("d0", 468862000n, 128n, "RDONLY")));
    expect(diskLayout(plan, "d0").slice(-2)).toEqual([
      { kind: "gap", startSector: 285214720n, sectors: 183647375n, owners: [1] },
      { kind: "gpt-backup", startSector: 468862095n, sectors: 33n, owners: [1] },
    ]);
  });

  it("puts a container before what it contains, with depths, and marks owners of the table area", () => {
    const plan = value(
      assignRange(
        addVm({
          ...emptyPlan(),
          disks: [disk([part(4096n, 1000n, 5), part(2048n, 10000n, 2), part(63n, 100n, 1)])],
        }),
        0,
        range("d0", 0n, 1n),
      ),
    );
    expect(diskLayout(plan, "d0")).toEqual([
      { kind: "table", startSector: 0n, sectors: 63n, owners: [0] },
      { kind: "partition", startSector: 63n, sectors: 100n, partition: 2, depth: 0, owners: [] },
      { kind: "gap", startSector: 163n, sectors: 1885n, owners: [] },
      {
        kind: "partition",
        startSector: 2048n,
        sectors: 10000n,
        partition: 1,
        depth: 0,
        owners: [],
      },
      { kind: "partition", startSector: 4096n, sectors: 1000n, partition: 0, depth: 1, owners: [] },
    ]);
  });

  it("shows an open-ended gap when a range runs past the last partition of a disk of unknown size", () => {
    const plan = value(assignRange(addVm(workedExamplePlan()), 0, range("d0", 300000000n, 2048n)));
    expect(diskLayout(plan, "d0").at(-1)).toEqual({
      kind: "gap",
      startSector: 285214720n,
      sectors: 14787328n,
      openEnded: true,
      owners: [0],
    });
  });

  it("is empty for an unknown disk", () => {
    expect(diskLayout(webAndDb(), "d1")).toEqual([]);
  });
});

describe("isExtended", () => {
  const p = (type: string | undefined, flags?: string[]): PlanPartition => ({
    ...part(2048n, 2048n),
    ...(type === undefined ? {} : { type }),
    ...(flags ? { flags } : {}),
  });
  it.each([
    ["5 Extended", true],
    ["5", true],
    ["f", true],
    ["0x0F", true],
    ["85", true],
    ["W95 Ext'd (LBA)", true],
    ["83", false],
    ["50", false],
    ["Linux", false],
    ["GPT: Basic Data", false],
  ])("type %j: %s", (type, expected) => {
    expect(isExtended(p(type))).toBe(expected);
  });
  it("by flag", () => {
    expect(isExtended(p(undefined, ["extended"]))).toBe(true);
    expect(isExtended(p(undefined, ["boot"]))).toBe(false);
  });
});

describe("samePlanForDisk", () => {
  const withSecondDisk = (): Plan => {
    const plan = webAndDb();
    return { ...plan, disks: [...plan.disks, { ...disk([part(2048n, 4096n)]), id: "d1" }] };
  };

  it("holds for edits that leave the disk and its VMs as they were, and the disk draws the same", () => {
    const before = withSecondDisk();
    const added = addVm(before, "spare");
    const elsewhere = value(assignRange(added, 2, range("d1", 2048n, 4096n)));
    for (const after of [added, elsewhere]) {
      expect(samePlanForDisk(before, after, "d0")).toBe(true);
      expect(diskLayout(after, "d0")).toEqual(diskLayout(before, "d0"));
    }
    // The other disk did change.
    expect(samePlanForDisk(added, elsewhere, "d1")).toBe(false);
  });

  it("fails for what the disk shows: its own fields, a name or colour on it, a VM moving up", () => {
    const before = withSecondDisk();
    const first = addVm({ ...before, vms: [] }, "first");
    const shifted = { ...before, vms: [...first.vms, ...before.vms] };
    expect(samePlanForDisk(before, renameVm(before, 0, "www"), "d0")).toBe(false);
    expect(samePlanForDisk(before, updateVm(before, 1, { color: 5 }), "d0")).toBe(false);
    expect(samePlanForDisk(before, updateDisk(before, "d0", { device: "/dev/sdz" }), "d0")).toBe(
      false,
    );
    // The same VM objects, one place further on: the owners (VM indexes) change.
    expect(samePlanForDisk(before, shifted, "d0")).toBe(false);
    expect(diskLayout(shifted, "d0")).not.toEqual(diskLayout(before, "d0"));
  });
});

describe("nestingDepths", () => {
  /** The rule, pair by pair: how many other stretches hold this one (an earlier copy counts). */
  const byPairs = (spans: Span[]) =>
    spans.map(
      (c, i) =>
        spans.filter(
          (o, j) =>
            j !== i &&
            o.start <= c.start &&
            c.end <= o.end &&
            (o.end - o.start > c.end - c.start || j < i),
        ).length,
    );

  it("counts containers: an extended partition's logicals sit one deep, a copy under its original", () => {
    const spans: Span[] = [
      { start: 2048n, end: 10_000n },
      { start: 10_000n, end: 50_000n }, // extended
      { start: 10_063n, end: 20_000n }, // logical
      { start: 20_063n, end: 50_000n }, // logical, ends with the extended
      { start: 2048n, end: 10_000n }, // the first one again
      { start: 0n, end: 0n },
    ];
    expect(nestingDepths(spans)).toEqual([0, 0, 1, 1, 1, 0]);
  });

  it("agrees with the pairwise rule on random stretches, overlapping, nested and repeated", () => {
    const rng = new Rng(15);
    for (let round = 0; round < 400; round++) {
      const n = rng.int(0, 24);
      const spans: Span[] = [];
      for (let k = 0; k < n; k++) {
        if (spans.length > 0 && rng.bool(0.15)) {
          spans.push({ ...(spans[rng.below(spans.length)] as Span) });
          continue;
        }
        const start = BigInt(rng.int(0, 40));
        spans.push({ start, end: start + BigInt(rng.int(0, 30)) });
      }
      expect(
        nestingDepths(spans),
        JSON.stringify(spans, (_, v) => (typeof v === "bigint" ? Number(v) : v)),
      ).toEqual(byPairs(spans));
    }
  });

  it("takes 16,384 stretches in well under the pairwise time", () => {
    const spans: Span[] = Array.from({ length: 16_384 }, (_, i) => ({
      start: BigInt(i) * 1000n,
      end: BigInt(i) * 1000n + 999n,
    }));
    const t0 = performance.now();
    const depths = nestingDepths(spans);
    const ms = performance.now() - t0;
    expect(depths.every((d) => d === 0)).toBe(true);
    // Pairwise, 16,384 stretches are 268 million comparisons: about 1.5 s in Node here.
    expect(ms).toBeLessThan(400);
  });
});
