import { describe, expect, it } from "vitest";
import {
  addVm,
  assignGap,
  assignPartition,
  assignRange,
  diskLayout,
  freeSpace,
  moveRange,
  rangeLabel,
  removeRange,
  removeVm,
  renameVm,
  splitPartitionToNewVms,
  splitToTargets,
  splitRange,
  updateDisk,
  updateRange,
  updateVm,
} from "./ops.ts";
import { planToJson } from "./codec.ts";
import { DEFAULT_HEAD, emptyPlan, type Plan, type PlanDisk, type PlanPartition } from "./types.ts";
import { deepFreeze, randomPlan } from "./generate.testkit.ts";
import { EXAMPLE_DISK_BYTES, workedExamplePlan } from "./example.testkit.ts";
import { bytes } from "../units.ts";
import { disk, error, part, range, s, value, webAndDb } from "./ops.testkit.ts";
import { guestDiskView } from "../guest/diskView.ts";

describe("the worked example of the brief", () => {
  it("one VM with all of Partition #1 sees 125831168 sectors", () => {
    const plan = value(assignPartition(addVm(workedExamplePlan()), 0, "d0", 1));
    const vm = plan.vms[0];
    expect(vm?.ranges).toEqual([range("d0", 125831168n, 125829120n)]);
    expect(vm && guestDiskView(vm, plan.disks)).toEqual({
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
    expect(plan.vms.map((v) => guestDiskView(v, plan.disks)?.totalSectors)).toEqual([
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
        plan.vms[0] && guestDiskView(plan.vms[0], plan.disks),
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
  const plan = addVm(workedExamplePlan(EXAMPLE_DISK_BYTES));

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
    // The worked example's table type is unknown: the last 33 sectors may hold a GPT backup.
    expect(gap).toEqual({ disk: "d0", startSector: 285214720n, sectors: 183647375n });
    const next = value(assignGap(plan, 0, gap as NonNullable<typeof gap>));
    expect(next.vms[0]?.ranges).toEqual([range("d0", 285214720n, 183647375n)]);
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

describe("splitToTargets", () => {
  it("gives the worked example's Partition #1 half to an existing VM and half to a new one", () => {
    const plan = addVm(workedExamplePlan(), "web");
    const r = value(splitToTargets(plan, "d0", s(125831168n), s(125829120n), [0, "new"]));
    expect(r.vms.map((v) => [v.name, v.ranges.map((x) => [x.startSector, x.sectors])])).toEqual([
      ["web", [[125831168n, 62914560n]]],
      ["vm1", [[188745728n, 62914560n]]],
    ]);
    // A new VM takes the next free colour, as addVm gives it.
    expect(r.vms[1]?.color).toBe(1);
  });

  it("says what went to no VM, and refuses an unknown disk", () => {
    const plan = addVm(workedExamplePlan(), "web");
    const r = splitToTargets(plan, "d0", s(125831168n), s(125829121n), ["new", "new"]);
    expect(r.ok && r.note).toMatch(/Left to no VM: 1 sectors? /);
    expect(error(splitToTargets(plan, "nope", s(0n), s(2048n), ["new", "new"]))).toBe(
      "The plan has no disk nope.",
    );
  });
});
