import { describe, expect, it } from "vitest";
import { addVm, assignPartition, assignRange, updateVm } from "../plan/ops.ts";
import { writeDescriptor } from "../vmdk/descriptor.ts";
import { type Plan } from "../plan/types.ts";
import { randomPlan } from "../plan/generate.testkit.ts";
import { Rng } from "../prng.testkit.ts";
import { workedExamplePlan } from "../plan/example.testkit.ts";
import { range, value, webAndDb } from "../plan/ops.testkit.ts";
import { guestDiskView } from "./diskView.ts";

describe("guestDiskView", () => {
  const packedNone = { table: "none", placement: "packed", partitions: [] };

  it("places each range after the head and the ranges before it", () => {
    let plan = addVm(workedExamplePlan());
    plan = value(assignRange(plan, 0, range("d0", 125831168n, 62914560n)));
    plan = value(assignRange(plan, 0, range("d0", 251660288n, 33554432n)));
    const vm = plan.vms[0];
    expect(vm && guestDiskView(vm, plan.disks)).toEqual({
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
    expect(vm && guestDiskView(vm, plan.disks)).toEqual({
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
    const view = plan.vms[0] && guestDiskView(plan.vms[0], plan.disks);
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
    const view = plan.vms[0] && guestDiskView(plan.vms[0], plan.disks);
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
    const view = plan.vms[0] && guestDiskView(plan.vms[0], plan.disks);
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
    expect(vm && guestDiskView(vm, plan.disks)).not.toBeNull();
    const mbr = updateVm(plan, 0, { partitionTable: "mbr" });
    expect(mbr.vms[0] && guestDiskView(mbr.vms[0], mbr.disks)).toBeNull();
    const gpt = updateVm(plan, 0, { partitionTable: "gpt" });
    expect(gpt.vms[0] && guestDiskView(gpt.vms[0], gpt.disks)?.partitions).toHaveLength(5);
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
        const view = guestDiskView(vm, plan.disks);
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
