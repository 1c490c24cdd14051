import { describe, expect, it } from "vitest";
import { drawnBands, ownerBandIndex, ownerBands, ratio, type OwnerBand } from "./bands.ts";
import { Rng } from "../prng.testkit.ts";
import { DEFAULT_HEAD, emptyPlan, type Plan, type PlanRange } from "./types.ts";
import { vmdkSectors } from "../units.ts";

const range = (disk: string, start: bigint, sectors: bigint): PlanRange => ({
  disk,
  startSector: vmdkSectors(start),
  sectors: vmdkSectors(sectors),
  access: "RW",
});

const planWith = (...vms: PlanRange[][]): Plan => ({
  ...emptyPlan(),
  vms: vms.map((ranges, i) => ({
    name: `vm${i + 1}`,
    adapterType: "ide",
    uuid: null,
    head: DEFAULT_HEAD,
    ranges,
  })),
});

describe("ownerBands", () => {
  it("shows the two halves of the worked example's split partition", () => {
    const plan = planWith(
      [range("d0", 125831168n, 62914560n)],
      [range("d0", 188745728n, 62914560n)],
    );
    expect(ownerBands(plan, "d0", 125831168n, 125829120n)).toEqual([
      {
        vm: 0,
        range: 0,
        startSector: 125831168n,
        sectors: 62914560n,
        offset: 0,
        fraction: 0.5,
        lane: 0,
        lanes: 1,
      },
      {
        vm: 1,
        range: 0,
        startSector: 188745728n,
        sectors: 62914560n,
        offset: 0.5,
        fraction: 0.5,
        lane: 0,
        lanes: 1,
      },
    ]);
  });

  it("clips ranges that stick out of the stretch and skips touching or other-disk ranges", () => {
    const plan = planWith([
      range("d0", 0n, 100n), // ends where the stretch starts: touching, not overlapping
      range("d0", 50n, 200n), // covers [100, 250) of the stretch [100, 300)
      range("d1", 100n, 200n), // another disk
      range("d0", 280n, 100n), // covers [280, 300)
    ]);
    expect(ownerBands(plan, "d0", 100n, 200n)).toEqual([
      {
        vm: 0,
        range: 1,
        startSector: 100n,
        sectors: 150n,
        offset: 0,
        fraction: 0.75,
        lane: 0,
        lanes: 1,
      },
      {
        vm: 0,
        range: 3,
        startSector: 280n,
        sectors: 20n,
        offset: 0.9,
        fraction: 0.1,
        lane: 0,
        lanes: 1,
      },
    ]);
  });

  it("puts overlapping ranges in separate lanes, touching ones in the same lane", () => {
    const plan = planWith(
      [range("d0", 0n, 100n)],
      [range("d0", 50n, 100n)],
      [range("d0", 100n, 100n)],
    );
    const lanes = ownerBands(plan, "d0", 0n, 200n).map((b) => [b.vm, b.lane, b.lanes]);
    expect(lanes).toEqual([
      [0, 0, 2],
      [1, 1, 2],
      [2, 0, 2],
    ]);
  });

  it("puts thousands of side-by-side ranges in one lane, in plan order, and one overlap in a second", () => {
    const many = Array.from({ length: 4096 }, (_, i) =>
      range("d0", 1000n + BigInt(4095 - i) * 8n, 8n),
    );
    const bands = ownerBands(planWith(many), "d0", 0n, 1_000_000n);
    expect(bands).toHaveLength(4096);
    expect(bands.every((b) => b.lane === 0 && b.lanes === 1)).toBe(true);
    expect(bands.map((b) => b.range)).toEqual(many.map((_, i) => i));
    const withOverlap = ownerBands(planWith(many, [range("d0", 1004n, 8n)]), "d0", 0n, 1_000_000n);
    expect(withOverlap.filter((b) => b.lane === 1).map((b) => b.vm)).toEqual([1]);
    expect(withOverlap.every((b) => b.lanes === 2)).toBe(true);
  });

  it("finds nothing in an empty stretch", () => {
    const plan = planWith([range("d0", 0n, 100n)]);
    expect(ownerBands(plan, "d0", 10n, 0n)).toEqual([]);
  });

  it("answers every stretch of a disk as the definition does: each range on it that overlaps, clipped", () => {
    const rng = new Rng(15);
    for (let round = 0; round < 20; round++) {
      const vms = Array.from({ length: rng.int(1, 5) }, () =>
        Array.from({ length: rng.int(0, 30) }, () =>
          range(rng.bool(0.8) ? "d0" : "d1", BigInt(rng.int(0, 1000)), BigInt(rng.int(0, 120))),
        ),
      );
      const plan = planWith(...vms);
      const index = ownerBandIndex(plan, "d0");
      for (let q = 0; q < 30; q++) {
        const start = BigInt(rng.int(0, 1100));
        const sectors = BigInt(rng.int(0, 300));
        // The definition, range by range in plan order: the band is the intersection of
        // [a, b) and [start, end), where it is not empty.
        const expected = vms.flatMap((ranges, vm) =>
          ranges.flatMap((r, i) => {
            const a = r.startSector;
            const b = r.startSector + r.sectors;
            const end = start + sectors;
            const from = a > start ? a : start;
            const to = b < end ? b : end;
            if (r.disk !== "d0" || to <= from) return [];
            return [{ vm, range: i, startSector: from, sectors: to - from }];
          }),
        );
        const got = index(start, sectors).map((b) => ({
          vm: b.vm,
          range: b.range,
          startSector: b.startSector,
          sectors: b.sectors,
        }));
        expect(got).toEqual(expected);
      }
    }
  });
});

describe("ratio", () => {
  it("keeps precision for disk-sized numbers", () => {
    expect(ratio(2048n, 468862128n)).toBeCloseTo(2048 / 468862128, 5);
    expect(ratio(1n << 50n, 1n << 51n)).toBe(0.5);
    expect(ratio(5n, 0n)).toBe(0);
  });
});

describe("drawnBands", () => {
  const band = (vm: number, lane: number, offset: number, fraction: number): OwnerBand => ({
    vm,
    range: 0,
    lane,
    lanes: 2,
    startSector: BigInt(Math.round(offset * 1e6)),
    sectors: BigInt(Math.round(fraction * 1e6)),
    offset,
    fraction,
  });

  it("joins a VM's adjacent bands in one lane, and keeps other VMs and lanes apart", () => {
    const thousands = Array.from({ length: 4096 }, (_, i) => band(0, 0, i / 8192, 1 / 8192));
    const other = band(1, 0, 0.75, 0.1);
    const overlap = band(2, 1, 0.1, 0.2);
    const drawn = drawnBands([...thousands, other, overlap]);
    expect(drawn).toHaveLength(3);
    const first = drawn.find((b) => b.vm === 0);
    expect(first?.offset).toBe(0);
    expect(first?.fraction).toBeCloseTo(0.5, 9);
    const last = thousands[thousands.length - 1];
    expect(first?.sectors).toBe((last ? last.startSector + last.sectors : 0n) - 0n);
    expect(drawn.map((b) => b.vm).sort()).toEqual([0, 1, 2]);
  });

  it("keeps bands apart when a gap shows between them", () => {
    expect(drawnBands([band(0, 0, 0, 0.1), band(0, 0, 0.2, 0.1)])).toHaveLength(2);
  });

  it("draws at most the widest `max` bands, in their order on the disk", () => {
    const many = Array.from({ length: 100 }, (_, i) => band(i, 0, i / 100, (i % 7) / 1000 + 0.001));
    const drawn = drawnBands(many, 0.002, 10);
    expect(drawn).toHaveLength(10);
    const widest = [...many].sort((a, b) => b.fraction - a.fraction).slice(0, 10);
    expect(new Set(drawn)).toEqual(new Set(widest));
    expect(drawn.map((b) => b.offset)).toEqual(
      [...drawn.map((b) => b.offset)].sort((a, b) => a - b),
    );
  });
});
