import { describe, expect, it } from "vitest";
import {
  addVm,
  assignGap,
  assignPartition,
  assignRange,
  diskLayout,
  freeSpace,
  guestView,
  moveRange,
  partitionSectors,
  rangeLabel,
  removeRange,
  removeVm,
  renameVm,
  splitOnDisk,
  splitPartitionToNewVms,
  splitRange,
  tableAreaEnd,
  updateDisk,
  updateRange,
  updateVm,
  type OpResult,
} from "./ops.ts";
import { planToJson } from "./codec.ts";
import { writeDescriptor } from "../vmdk/descriptor.ts";
import {
  DEFAULT_HEAD,
  emptyPlan,
  type Plan,
  type PlanDisk,
  type PlanPartition,
  type PlanRange,
} from "./types.ts";
import {
  Rng,
  deepFreeze,
  randomPlan,
  workedExampleDisk,
  workedExamplePlan,
} from "./generate.testkit.ts";
import { bytes, vmdkSectors } from "../units.ts";

const s = vmdkSectors;
const range = (
  disk: string,
  start: bigint,
  sectors: bigint,
  access: "RW" | "RDONLY" = "RW",
): PlanRange => ({
  disk,
  startSector: s(start),
  sectors: s(sectors),
  access,
});
const part = (startSector: bigint, sectors: bigint, n = 0): PlanPartition => ({
  number: n,
  label: `p${n}`,
  startByte: bytes(startSector * 512n),
  sizeBytes: bytes(sectors * 512n),
});
const disk = (partitions: PlanPartition[], extra: Partial<PlanDisk> = {}): PlanDisk => ({
  id: "d0",
  device: "/dev/sda",
  logicalSectorSize: 512,
  sizeBytes: null,
  partitions,
  ...extra,
});

function value<T>(r: OpResult<T>): T {
  if (!r.ok) throw new Error(`expected success, got: ${r.error}`);
  return r.value;
}
function error(r: OpResult<unknown>): string {
  if (r.ok) throw new Error("expected a refusal");
  return r.error;
}

/** The worked example with VMs web (first half of Partition #1) and db (second half). */
function webAndDb(sizeBytes: bigint | null = null): Plan {
  let plan = addVm(addVm(workedExamplePlan(sizeBytes), "web"), "db");
  plan = value(assignRange(plan, 0, range("d0", 125831168n, 62914560n)));
  plan = value(assignRange(plan, 1, range("d0", 188745728n, 62914560n)));
  return plan;
}

describe("the worked example of the brief", () => {
  it("one VM with all of Partition #1 sees 125831168 sectors", () => {
    const plan = value(assignPartition(addVm(workedExamplePlan()), 0, "d0", 1));
    const vm = plan.vms[0];
    expect(vm?.ranges).toEqual([range("d0", 125831168n, 125829120n)]);
    expect(vm && guestView(vm, plan.disks)).toEqual({
      totalSectors: 125831168n,
      segments: [
        { kind: "head", virtualStart: 0n, sectors: 2048n },
        { kind: "range", virtualStart: 2048n, sectors: 125829120n, range: 0 },
      ],
      table: "none",
      placement: "packed",
      partitions: [],
    });
  });

  it("splitting Partition #1 in 2 gives 125831168 +62914560 and 188745728 +62914560, nothing left", () => {
    expect(value(splitRange(s(125831168n), s(125829120n), 2))).toEqual({
      parts: [
        { startSector: 125831168n, sectors: 62914560n },
        { startSector: 188745728n, sectors: 62914560n },
      ],
      remainder: null,
      alignment: 2048n,
    });
  });

  it("splitPartitionToNewVms gives each half to a new VM that sees 62916608 sectors", () => {
    const result = splitPartitionToNewVms(workedExamplePlan(), "d0", 1, 2);
    const plan = value(result);
    expect(plan.vms.map((v) => [v.name, v.ranges])).toEqual([
      ["vm1", [range("d0", 125831168n, 62914560n)]],
      ["vm2", [range("d0", 188745728n, 62914560n)]],
    ]);
    expect(plan.vms.map((v) => guestView(v, plan.disks)?.totalSectors)).toEqual([
      62916608n,
      62916608n,
    ]);
    expect(result.ok && result.note).toBe(
      "Split Disk #0, Partition #1 into 2 parts of 62,914,560 sectors (30 GiB), 1 MiB aligned, for vm1, vm2. Nothing is left over.",
    );
  });
});

describe("purity: operations never change the plan they are given", () => {
  it("every operation on a deep-frozen plan leaves its JSON unchanged", () => {
    for (let seed = 0; seed < 50; seed++) {
      const plan = deepFreeze(randomPlan(seed, { coherent: true }));
      const before = planToJson(plan);
      const d = plan.disks[0];
      if (!d) continue;
      const results: unknown[] = [
        addVm(plan),
        renameVm(plan, 0, "x"),
        removeVm(plan, 0),
        updateVm(plan, 0, {
          head: { file: "h", sectors: 1 },
          color: undefined,
          uuid: null,
          adapterType: "lsilogic",
        }),
        updateDisk(plan, d.id, { device: "/dev/sdz", sizeBytes: null, exactConfirmed: true }),
        assignRange(plan, 0, range(d.id, 2048n, 8n)),
        assignPartition(plan, 0, d.id, 0),
        assignGap(plan, 0, { disk: d.id, startSector: s(2048n), sectors: s(8n) }),
        splitPartitionToNewVms(plan, d.id, 0, 2),
        removeRange(plan, 0, 0),
        moveRange(plan, 0, 0, 1),
        updateRange(plan, 0, 0, { sectors: s(8n) }),
        freeSpace(d),
        diskLayout(plan, d.id),
        plan.vms[0] && guestView(plan.vms[0], plan.disks),
      ];
      expect(results).toHaveLength(15);
      expect(planToJson(plan)).toBe(before);
    }
  });
});

describe("VMs", () => {
  it("addVm gives unique default names, the default head, IDE, no UUID, the first free colour", () => {
    const plan = addVm(addVm(emptyPlan()));
    expect(plan.vms).toEqual([
      { name: "vm1", adapterType: "ide", uuid: null, head: DEFAULT_HEAD, ranges: [], color: 0 },
      { name: "vm2", adapterType: "ide", uuid: null, head: DEFAULT_HEAD, ranges: [], color: 1 },
    ]);
    expect(plan.vms[0]?.head).not.toBe(DEFAULT_HEAD);
    // A freed name and colour are reused; names compare case-insensitively (Windows folders).
    const again = addVm(renameVm(removeVm(plan, 0), 0, "VM1"));
    expect(again.vms.map((v) => [v.name, v.color])).toEqual([
      ["VM1", 1],
      ["vm2", 0],
    ]);
    expect(addVm(plan, "web").vms[2]?.name).toBe("web");
  });

  it("index-taking operations return the same plan for an index out of range", () => {
    const plan = addVm(emptyPlan());
    expect(renameVm(plan, 1, "x")).toBe(plan);
    expect(renameVm(plan, -1, "x")).toBe(plan);
    expect(removeVm(plan, 5)).toBe(plan);
    expect(updateVm(plan, 1, { uuid: null })).toBe(plan);
    expect(updateDisk(plan, "nope", { device: "x" })).toBe(plan);
    expect(removeRange(plan, 0, 0)).toBe(plan);
    expect(moveRange(plan, 0, 0, 1)).toBe(plan);
  });

  it("updateVm sets given fields, removes the colour on color: undefined, keeps the rest", () => {
    const plan = addVm(emptyPlan());
    const uuid = "0b5a1e4c-8d3f-4f6a-9c2e-1d7b3a5e9f01";
    const next = updateVm(plan, 0, {
      uuid,
      adapterType: "buslogic",
      head: { file: "h.bin", sectors: 4096 },
    });
    expect(next.vms[0]).toEqual({
      name: "vm1",
      adapterType: "buslogic",
      uuid,
      head: { file: "h.bin", sectors: 4096 },
      ranges: [],
      color: 0,
    });
    expect(updateVm(next, 0, { color: undefined }).vms[0]).not.toHaveProperty("color");
    expect(updateVm(next, 0, {}).vms[0]).toEqual(next.vms[0]);
  });

  it("updateDisk sets the device, size and confirmation of one disk", () => {
    const plan = workedExamplePlan();
    const next = updateDisk(plan, "d0", { sizeBytes: bytes(240057409536n), exactConfirmed: true });
    expect(next.disks[0]?.sizeBytes).toBe(240057409536n);
    expect(next.disks[0]?.exactConfirmed).toBe(true);
    expect(next.disks[0]?.device).toBe("\\\\.\\PhysicalDrive0");
    expect(updateDisk(next, "d0", { sizeBytes: null }).disks[0]?.sizeBytes).toBeNull();
    expect(updateDisk(next, "d0", { exactConfirmed: undefined }).disks[0]).not.toHaveProperty(
      "exactConfirmed",
    );
  });
});

describe("assigning ranges", () => {
  const plan = addVm(workedExamplePlan(240057409536n));

  it("assignRange appends a copy of the range", () => {
    const r = range("d0", 300000000n, 2048n, "RDONLY");
    const next = value(assignRange(plan, 0, r));
    expect(next.vms[0]?.ranges).toEqual([r]);
    expect(next.vms[0]?.ranges[0]).not.toBe(r);
  });

  it.each([
    [0, range("d0", 2048n, 0n), "The range is empty (0 sectors): give it at least one sector."],
    [0, range("d9", 2048n, 8n), 'There is no disk "d9" in the plan (disks: d0).'],
    [1, range("d0", 2048n, 8n), "There is no VM number 2 (the plan has 1)."],
    [-1, range("d0", 2048n, 8n), "There is no VM number 0 (the plan has 1)."],
    [0, range("d0", -1n, 8n), "The start sector -1 is negative."],
    [
      0,
      range("d0", 468862000n, 129n),
      "The range 468,862,000 +129 ends at sector 468,862,129, past the end of \\\\.\\PhysicalDrive0 (468,862,128 sectors).",
    ],
  ])("vm %i, %o is refused", (vm, r, message) => {
    expect(error(assignRange(plan, vm, r))).toBe(message);
  });

  it("accepts a range that ends exactly at the disk's end", () => {
    expect(assignRange(plan, 0, range("d0", 468862000n, 128n)).ok).toBe(true);
  });

  it("refuses a range on a 4096-byte-sector disk that is not whole logical sectors", () => {
    const p = addVm({ ...emptyPlan(), disks: [disk([], { logicalSectorSize: 4096 })] });
    expect(error(assignRange(p, 0, range("d0", 2052n, 8n)))).toBe(
      "/dev/sda has 4096-byte sectors: a range's start and size must be multiples of 8 (512-byte sectors), but this one is 2,052 +8.",
    );
    expect(error(assignRange(p, 0, range("d0", 2048n, 9n)))).toMatch(/multiples of 8/);
    expect(assignRange(p, 0, range("d0", 2048n, 16n)).ok).toBe(true);
  });

  it("refuses a range past 2^63 and access other than RW/RDONLY", () => {
    const p = addVm({ ...emptyPlan(), disks: [disk([])] });
    expect(error(assignRange(p, 0, range("d0", 2n ** 63n - 1n, 2n)))).toMatch(
      /past the largest sector/,
    );
    expect(error(assignRange(p, 0, { ...range("d0", 0n, 1n), access: "NOACCESS" as "RW" }))).toBe(
      'Access must be RW or RDONLY, not "NOACCESS".',
    );
  });

  it("assignPartition takes the whole partition, read-only when asked", () => {
    const next = value(assignPartition(plan, 0, "d0", 2, "RDONLY"));
    expect(next.vms[0]?.ranges).toEqual([range("d0", 251660288n, 33554432n, "RDONLY")]);
  });

  it("assignPartition refuses a partition that is not whole 512-byte sectors, with the numbers", () => {
    const odd: PlanPartition = {
      number: 3,
      label: "/dev/sda3",
      startByte: bytes(1048577n),
      sizeBytes: bytes(1000n),
    };
    const p = addVm({ ...emptyPlan(), disks: [disk([odd])] });
    expect(error(assignPartition(p, 0, "d0", 0))).toBe(
      "/dev/sda3 is not a whole number of 512-byte sectors: its start, byte 1,048,577, is 1 byte past sector 2,048; its size, 1,000 bytes, is 1 sector and 488 bytes. Check the listing's numbers.",
    );
    expect(error(assignPartition(p, 0, "d0", 1))).toBe(
      "/dev/sda has no partition at index 1 (it lists 1).",
    );
    expect(error(assignPartition(p, 0, "d7", 0))).toBe('There is no disk "d7" in the plan.');
  });

  it("assignPartition of a rounded partition says the numbers must be confirmed", () => {
    const p = addVm({
      ...emptyPlan(),
      disks: [disk([{ ...part(2048n, 4096n, 1), exact: false }])],
    });
    const result = assignPartition(p, 0, "d0", 0);
    expect(result.ok && result.note).toBe(
      "The listing gave rounded numbers for p1: confirm the exact start and size before downloading.",
    );
  });

  it("assignGap assigns one of freeSpace's gaps", () => {
    const [gap] = freeSpace(plan.disks[0] as PlanDisk);
    expect(gap).toEqual({ disk: "d0", startSector: 285214720n, sectors: 183647408n });
    const next = value(assignGap(plan, 0, gap as NonNullable<typeof gap>));
    expect(next.vms[0]?.ranges).toEqual([range("d0", 285214720n, 183647408n)]);
  });
});

describe("splitRange", () => {
  it("aligns the first part to the first aligned sector at or after the start and reports both leftovers", () => {
    expect(value(splitRange(s(1000n), s(10000n), 2))).toEqual({
      parts: [
        { startSector: 2048n, sectors: 4096n },
        { startSector: 6144n, sectors: 4096n },
      ],
      remainder: {
        sectors: 1808n,
        pieces: [
          { startSector: 1000n, sectors: 1048n },
          { startSector: 10240n, sectors: 760n },
        ],
        where:
          "1,048 sectors (524 KiB) before the first part, 1,000 +1,048 and 760 sectors (380 KiB) after the last part, 10,240 +760",
      },
      alignment: 2048n,
    });
  });

  it("falls back to the minimum alignment when the range is too small to align", () => {
    expect(value(splitRange(s(0n), s(3000n), 2))).toEqual({
      parts: [
        { startSector: 0n, sectors: 1500n },
        { startSector: 1500n, sectors: 1500n },
      ],
      remainder: null,
      alignment: 1n,
    });
    expect(value(splitRange(s(4n), s(30n), 3, s(2048n), s(8n)))).toEqual({
      parts: [
        { startSector: 8n, sectors: 8n },
        { startSector: 16n, sectors: 8n },
        { startSector: 24n, sectors: 8n },
      ],
      remainder: {
        sectors: 6n,
        pieces: [
          { startSector: 4n, sectors: 4n },
          { startSector: 32n, sectors: 2n },
        ],
        where:
          "4 sectors (2 KiB) before the first part, 4 +4 and 2 sectors (1 KiB) after the last part, 32 +2",
      },
      alignment: 8n,
    });
  });

  it.each([
    [0, "The number of parts must be at least 1, not 0."],
    [-2, "The number of parts must be at least 1, not -2."],
    [1.5, "The number of parts must be a whole number, not 1.5."],
    [Number.NaN, "The number of parts must be a whole number, not NaN."],
    [4, "3 sectors cannot be split into 4 parts of at least 1 sector each."],
    [5000, "5000 parts is too many: at most 4096."],
  ])("n = %s is refused", (n, message) => {
    expect(error(splitRange(s(0n), s(3n), n))).toBe(message);
  });

  it("refuses a split that cannot give each part a whole 4096-byte sector", () => {
    expect(error(splitRange(s(0n), s(15n), 2, s(2048n), s(8n)))).toBe(
      "15 sectors cannot be split into 2 parts of at least 8 sectors each starting on multiples of 8.",
    );
  });

  it("property: parts are equal, in order, aligned, and parts plus leftovers tile the range exactly", () => {
    const rng = new Rng(2024);
    for (let i = 0; i < 2000; i++) {
      const start = rng.below(1n << 40n);
      const sectors = 1n + rng.below(rng.bool() ? 1n << 16n : 1n << 36n);
      const n = rng.int(1, 20);
      const minAlign = rng.pick([1n, 8n]);
      const result = splitRange(s(start), s(sectors), n, s(2048n), s(minAlign));
      if (!result.ok) {
        // Refused only when even the fallback alignment cannot give n parts.
        const first = ((start + minAlign - 1n) / minAlign) * minAlign;
        expect((start + sectors - first) / BigInt(n) / minAlign).toBe(0n);
        continue;
      }
      const { parts, remainder, alignment } = result.value;
      expect(parts).toHaveLength(n);
      const size = parts[0]?.sectors ?? 0n;
      const pieces = [...parts, ...(remainder?.pieces ?? [])].sort((a, b) =>
        a.startSector < b.startSector ? -1 : 1,
      );
      let at = start;
      for (const p of pieces) {
        expect(p.startSector).toBe(at);
        expect(p.sectors > 0n).toBe(true);
        at += p.sectors;
      }
      expect(at).toBe(start + sectors);
      for (const p of parts) {
        expect(p.sectors).toBe(size);
        expect(p.startSector % alignment).toBe(0n);
        expect(p.sectors % alignment).toBe(0n);
      }
      expect(remainder?.sectors ?? 0n).toBe(sectors - size * BigInt(n));
      // Aligned to 1 MiB whenever the range allows it.
      const firstMiB = ((start + 2047n) / 2048n) * 2048n;
      const mibPossible =
        firstMiB < start + sectors && (start + sectors - firstMiB) / BigInt(n) / 2048n > 0n;
      expect(alignment).toBe(mibPossible ? 2048n : minAlign);
    }
  });
});

describe("splitOnDisk", () => {
  it("uses 1 MiB alignment when the range allows it, as splitRange does", () => {
    const r = splitOnDisk(disk([]), vmdkSectors(125831168n), vmdkSectors(125829120n), 2);
    expect(r.ok && r.value.parts).toEqual([
      { startSector: 125831168n, sectors: 62914560n },
      { startSector: 188745728n, sectors: 62914560n },
    ]);
  });

  it("keeps whole logical sectors on a 4096-byte disk when 1 MiB alignment is impossible", () => {
    const r = splitOnDisk(
      disk([], { logicalSectorSize: 4096 }),
      vmdkSectors(2048n),
      vmdkSectors(1000n),
      3,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.parts.length).toBe(3);
    for (const p of r.value.parts) {
      expect(p.startSector % 8n).toBe(0n);
      expect(p.sectors % 8n).toBe(0n);
    }
    // splitRange alone would cut the same range at single sectors.
    const plain = splitRange(vmdkSectors(2048n), vmdkSectors(1000n), 3);
    expect(plain.ok && plain.value.parts.some((p) => p.sectors % 8n !== 0n)).toBe(true);
  });
});

describe("splitPartitionToNewVms", () => {
  it("names new VMs after the existing ones and says where a remainder went", () => {
    const odd = disk([part(2048n, 10000n, 1)]);
    const plan = addVm({ ...emptyPlan(), disks: [odd] });
    const result = splitPartitionToNewVms(plan, "d0", 0, 2);
    expect(result.ok && result.value.vms.map((v) => [v.name, v.ranges])).toEqual([
      ["vm1", []],
      ["vm2", [range("d0", 2048n, 4096n)]],
      ["vm3", [range("d0", 6144n, 4096n)]],
    ]);
    expect(result.ok && result.note).toBe(
      "Split p1 into 2 parts of 4,096 sectors (2 MiB), 1 MiB aligned, for vm2, vm3. 1,808 sectors of the partition go to no VM: 1,808 sectors (904 KiB) after the last part, 10,240 +1,808.",
    );
  });

  it("keeps whole logical sectors on a 4096-byte-sector disk", () => {
    const plan = {
      ...emptyPlan(),
      disks: [disk([part(2048n, 1000n, 1)], { logicalSectorSize: 4096 })],
    };
    const result = value(splitPartitionToNewVms(plan, "d0", 0, 3));
    expect(result.vms.map((v) => v.ranges[0])).toEqual([
      range("d0", 2048n, 328n),
      range("d0", 2376n, 328n),
      range("d0", 2704n, 328n),
    ]);
  });

  it("refuses what splitRange refuses, and more VMs than a plan holds", () => {
    expect(error(splitPartitionToNewVms(workedExamplePlan(), "d0", 1, 0))).toBe(
      "The number of parts must be at least 1, not 0.",
    );
    expect(error(splitPartitionToNewVms(workedExamplePlan(), "d0", 1, 257))).toBe(
      "The plan has 0 VMs; 257 more would pass the limit of 256.",
    );
  });
});

describe("editing ranges", () => {
  const three = (() => {
    let p = addVm(workedExamplePlan());
    for (const start of [2048n, 4096n, 6144n]) p = value(assignRange(p, 0, range("d0", start, 8n)));
    return p;
  })();
  const starts = (p: Plan): bigint[] => p.vms[0]?.ranges.map((r) => r.startSector) ?? [];

  it("removeRange removes one range", () => {
    expect(starts(removeRange(three, 0, 1))).toEqual([2048n, 6144n]);
  });

  it("moveRange moves a range to its new index", () => {
    expect(starts(moveRange(three, 0, 2, 0))).toEqual([6144n, 2048n, 4096n]);
    expect(starts(moveRange(three, 0, 0, 2))).toEqual([4096n, 6144n, 2048n]);
    expect(moveRange(three, 0, 0, 3)).toBe(three);
  });

  it("updateRange validates the updated range", () => {
    expect(
      value(updateRange(three, 0, 1, { sectors: s(16n), access: "RDONLY" })).vms[0]?.ranges[1],
    ).toEqual(range("d0", 4096n, 16n, "RDONLY"));
    expect(error(updateRange(three, 0, 1, { sectors: s(0n) }))).toMatch(/empty/);
    expect(error(updateRange(three, 0, 1, { disk: "d1" }))).toMatch(/no disk "d1"/);
    expect(error(updateRange(three, 0, 3, {}))).toBe("vm1 has no range number 4.");
    expect(error(updateRange(three, 1, 0, {}))).toBe("There is no VM number 2 (the plan has 1).");
  });
});

describe("freeSpace and the table area", () => {
  const gaps = (d: PlanDisk): [bigint, bigint][] =>
    freeSpace(d).map((g) => [g.startSector, g.sectors]);

  it("lists no trailing gap when the size is unknown", () => {
    expect(gaps(workedExampleDisk())).toEqual([]);
  });

  it("lists the trailing gap when the size is known, short of a GPT backup area", () => {
    expect(gaps(workedExampleDisk(240057409536n))).toEqual([[285214720n, 183647408n]]);
    expect(gaps({ ...workedExampleDisk(240057409536n), tableType: "gpt" })).toEqual([
      [285214720n, 183647375n],
    ]);
    expect(
      gaps({ ...workedExampleDisk(240057409536n), tableType: "gpt", logicalSectorSize: 4096 }),
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
      [[163n, 102237n]],
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

describe("guestView", () => {
  const packedNone = { table: "none", placement: "packed", partitions: [] };

  it("places each range after the head and the ranges before it", () => {
    let plan = addVm(workedExamplePlan());
    plan = value(assignRange(plan, 0, range("d0", 125831168n, 62914560n)));
    plan = value(assignRange(plan, 0, range("d0", 251660288n, 33554432n)));
    const vm = plan.vms[0];
    expect(vm && guestView(vm, plan.disks)).toEqual({
      totalSectors: 2048n + 62914560n + 33554432n,
      segments: [
        { kind: "head", virtualStart: 0n, sectors: 2048n },
        { kind: "range", virtualStart: 2048n, sectors: 62914560n, range: 0 },
        { kind: "range", virtualStart: 62916608n, sectors: 33554432n, range: 1 },
      ],
      ...packedNone,
    });
  });

  it("leaves out a head of 0 sectors (a whole disk mapped from sector 0)", () => {
    const plan = updateVm(webAndDb(), 0, { head: { file: "", sectors: 0 } });
    const vm = plan.vms[0];
    expect(vm && guestView(vm, plan.disks)).toEqual({
      totalSectors: 62914560n,
      segments: [{ kind: "range", virtualStart: 0n, sectors: 62914560n, range: 0 }],
      ...packedNone,
    });
  });

  // Partition #0 (2048 +125829120) and Partition #2 (251660288 +33554432) of the worked example.
  const p0AndP2 = (patch: Parameters<typeof updateVm>[2]): Plan => {
    let plan = addVm(workedExamplePlan());
    plan = value(assignPartition(plan, 0, "d0", 0));
    plan = value(assignPartition(plan, 0, "d0", 2));
    return updateVm(plan, 0, patch);
  };

  it("GPT, packed: the partitions follow the head, the 33-sector tail ends the disk", () => {
    const plan = p0AndP2({ partitionTable: "gpt" });
    const view = plan.vms[0] && guestView(plan.vms[0], plan.disks);
    // 2048 + 125829120 = 125831168; + 33554432 = 159385600; + 33 = 159385633.
    expect(view?.segments).toEqual([
      { kind: "head", virtualStart: 0n, sectors: 2048n },
      { kind: "range", virtualStart: 2048n, sectors: 125829120n, range: 0 },
      { kind: "range", virtualStart: 125831168n, sectors: 33554432n, range: 1 },
      { kind: "tail", virtualStart: 159385600n, sectors: 33n },
    ]);
    expect(view?.totalSectors).toBe(159385633n);
    expect(view?.table).toBe("gpt");
    expect(view?.partitions.map((p) => [p.number, p.type, p.startLba, p.sectors])).toEqual([
      [1, "basic-data", 2048n, 125829120n],
      [2, "basic-data", 125831168n, 33554432n],
    ]);
  });

  it("GPT, identity: zero padding up to each range's host start, then the tail; total = T", () => {
    const plan = p0AndP2({ partitionTable: "gpt", placement: "identity" });
    const view = plan.vms[0] && guestView(plan.vms[0], plan.disks);
    // Partition #1 (125831168 +125829120) is not given: padding up to 251660288.
    expect(view?.segments).toEqual([
      { kind: "head", virtualStart: 0n, sectors: 2048n },
      { kind: "range", virtualStart: 2048n, sectors: 125829120n, range: 0 },
      { kind: "padding", virtualStart: 125831168n, sectors: 125829120n },
      { kind: "range", virtualStart: 251660288n, sectors: 33554432n, range: 1 },
      { kind: "tail", virtualStart: 285214720n, sectors: 33n },
    ]);
    expect(view?.totalSectors).toBe(285214753n);
    expect(view?.placement).toBe("identity");
    expect(view?.partitions.map((p) => p.startLba)).toEqual([2048n, 251660288n]);
  });

  it("identity without a table: padding between the head and a range far from the start", () => {
    let plan = addVm(workedExamplePlan());
    plan = value(assignRange(plan, 0, range("d0", 251660288n, 33554432n)));
    plan = updateVm(plan, 0, { placement: "identity" });
    const view = plan.vms[0] && guestView(plan.vms[0], plan.disks);
    expect(view?.segments).toEqual([
      { kind: "head", virtualStart: 0n, sectors: 2048n },
      { kind: "padding", virtualStart: 2048n, sectors: 251658240n },
      { kind: "range", virtualStart: 251660288n, sectors: 33554432n, range: 0 },
    ]);
    expect(view?.totalSectors).toBe(285214720n);
    expect(view?.partitions).toEqual([]);
  });

  it("is null when the layout is refused (an MBR over 5 ranges)", () => {
    let plan = addVm(workedExamplePlan());
    for (let i = 0n; i < 5n; i++) {
      plan = value(assignRange(plan, 0, range("d0", 2048n + i * 4096n, 2048n)));
    }
    const vm = plan.vms[0];
    expect(vm && guestView(vm, plan.disks)).not.toBeNull();
    const mbr = updateVm(plan, 0, { partitionTable: "mbr" });
    expect(mbr.vms[0] && guestView(mbr.vms[0], mbr.disks)).toBeNull();
    const gpt = updateVm(plan, 0, { partitionTable: "gpt" });
    expect(gpt.vms[0] && guestView(gpt.vms[0], gpt.disks)?.partitions).toHaveLength(5);
  });

  it("adds up to what the descriptor's extent lines add up to, segment by segment", () => {
    const rng = new Rng(77);
    let checked = 0;
    for (let seed = 0; seed < 300; seed++) {
      const plan = randomPlan(seed, { coherent: true });
      for (const [i, original] of plan.vms.entries()) {
        const vm = {
          ...original,
          partitionTable: rng.pick(["none", "mbr", "gpt"] as const),
          placement: rng.pick(["packed", "identity"] as const),
        };
        const view = guestView(vm, plan.disks);
        const written = writeDescriptor(vm, plan.disks, {
          uuid: "0b6d2e4f-1a3c-4e5f-8a7b-9c0d1e2f3a4b",
        });
        if (!view || !written.ok) continue;
        const lines = written.text.split("\n").filter((l) => /^(RW|RDONLY) \d+ /.test(l));
        const sizes = lines.map((l) => BigInt(l.split(" ")[1] ?? "x"));
        expect(sizes, `seed ${seed} vm ${i}`).toEqual(view.segments.map((g) => g.sectors));
        expect(lines.map((l) => / ZERO $/.test(l))).toEqual(
          view.segments.map((g) => g.kind === "padding"),
        );
        expect(sizes.reduce((a, b) => a + b, 0n)).toBe(view.totalSectors);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe("guest settings", () => {
  it("updateVm sets the partition table and the placement", () => {
    const plan = updateVm(webAndDb(), 1, { partitionTable: "mbr", placement: "identity" });
    expect([plan.vms[1]?.partitionTable, plan.vms[1]?.placement]).toEqual(["mbr", "identity"]);
    expect(plan.vms[0]?.partitionTable).toBeUndefined();
  });

  it("updateRange sets a type; a resize keeps type and GUID, a move drops them", () => {
    const plan = value(updateRange(webAndDb(), 0, 0, { type: "linux" }));
    const guid = "5d0c6e2a-9b1f-4c3d-8e7a-6f5b4c3d2e1a";
    const withGuid = updateRangeGuid(plan, guid);
    const resized = value(updateRange(withGuid, 0, 0, { sectors: s(2048n) }));
    expect(resized.vms[0]?.ranges[0]).toEqual({
      ...range("d0", 125831168n, 2048n),
      type: "linux",
      partitionGuid: guid,
    });
    const moved = value(updateRange(withGuid, 0, 0, { startSector: s(125833216n) }));
    expect(moved.vms[0]?.ranges[0]).toEqual(range("d0", 125833216n, 62914560n));
  });
});

function updateRangeGuid(plan: Plan, guid: string): Plan {
  const vm = plan.vms[0];
  const r = vm?.ranges[0];
  if (!vm || !r) throw new Error("no range");
  return {
    ...plan,
    vms: [{ ...vm, ranges: [{ ...r, partitionGuid: guid }] }, ...plan.vms.slice(1)],
  };
}

describe("labels", () => {
  it("rangeLabel shows access, start, size and the human size", () => {
    expect(rangeLabel(range("d0", 125831168n, 62914560n))).toBe(
      "RW 125,831,168 +62,914,560 (30 GiB)",
    );
  });
});
