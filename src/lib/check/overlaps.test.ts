import { describe, expect, it } from "vitest";
import { MAX_LISTED_OVERLAPS, checkPlan } from "./index.ts";
import { Rng } from "../prng.testkit.ts";
import type { Access, PlanDisk, PlanRange } from "../plan/types.ts";
import { bytes } from "../units.ts";
import {
  DISK_SECTORS,
  disk,
  range,
  vm,
  plan,
  free,
  codes,
  only,
  expectCodes,
} from "./check.testkit.ts";

describe("overlap between ranges of one device", () => {
  it("touching ranges do not overlap; one shared sector does", () => {
    const touching = plan([vm("a", [free(0n, 2048n)]), vm("b", [free(2048n, 2048n)])]);
    expectCodes(touching, []);
    const oneSector = plan([vm("a", [free(0n, 2049n)]), vm("b", [free(2048n, 2048n)])]);
    const overlap = only(oneSector, "overlap");
    expect(overlap).toHaveLength(1);
    expect(overlap[0]?.severity).toBe("error");
    expect(overlap[0]?.message).toContain(
      'VM "a" range 1 (286720000 +2049) and VM "b" range 1 (286722048 +2048) share 1 sector (512 B) from sector 286722048',
    );
    expect(overlap[0]?.targets).toEqual([
      { vm: 0, range: 0, disk: "d0" },
      { vm: 1, range: 0, disk: "d0" },
    ]);
  });

  it("two read-only ranges may overlap (a warning); read-only with RW may not", () => {
    const ro = (access: Access): PlanRange => ({ ...free(0n, 4096n), access });
    const bothRo = plan([vm("a", [ro("RDONLY")]), vm("b", [ro("RDONLY")])]);
    expectCodes(bothRo, ["overlap-read-only"]);
    expect(checkPlan(bothRo)[0]?.message).toContain("share 4096 sectors (2 MiB)");
    expectCodes(plan([vm("a", [ro("RDONLY")]), vm("b", [ro("RW")])]), ["overlap"]);
    expectCodes(plan([vm("a", [ro("RW")]), vm("b", [ro("RDONLY")])]), ["overlap"]);
  });

  it("finds ranges of one VM that overlap each other", () => {
    const p = plan([vm("a", [free(0n, 4096n), free(2048n, 2048n)])]);
    const [finding] = only(p, "overlap");
    expect(finding?.message).toContain(
      'VM "a": ranges 1 (286720000 +4096) and 2 (286722048 +2048)',
    );
    expect(finding?.message).toContain("the guest would see these sectors twice");
  });

  it("reports every overlapping pair across all VMs", () => {
    const p = plan([
      vm("a", [free(0n, 8192n)]),
      vm("b", [free(2048n, 2048n)]),
      vm("c", [free(4096n, 2048n)]),
      vm("d", [free(8192n, 2048n)]),
    ]);
    const pairs = only(p, "overlap").map((f) => f.targets.map((t) => t.vm));
    expect(pairs).toEqual([
      [0, 1],
      [0, 2],
    ]);
  });

  it("treats Windows paths that differ only in case as one device", () => {
    const d1 = disk({ id: "d1", device: "\\\\.\\PHYSICALDRIVE0" });
    const p = plan([vm("a", [free()]), vm("b", [{ ...free(), disk: "d1" }])], [disk(), d1]);
    expectCodes(p, ["overlap"]);
  });

  it("treats \\\\.\\Harddisk0Partition0 as the whole disk 0", () => {
    const d1 = disk({ id: "d1", device: "\\\\.\\Harddisk0Partition0" });
    const p = plan([vm("a", [free()]), vm("b", [{ ...free(), disk: "d1" }])], [disk(), d1]);
    expectCodes(p, ["overlap"]);
  });

  it("keeps Linux device nodes case-sensitive and different devices apart", () => {
    const p = plan(
      [vm("a", [free()]), vm("b", [{ ...free(), disk: "d1" }])],
      [disk({ id: "d0", device: "/dev/sdb" }), disk({ id: "d1", device: "/dev/sdc" })],
    );
    expectCodes(p, ["device-path-unstable", "device-path-unstable"]);
  });

  it("treats two by-id links as possibly one disk: text cannot prove they differ", () => {
    const linux = (id: string, device: string): PlanDisk =>
      disk({ id, device: `/dev/disk/by-id/${device}` });
    const p = plan(
      [vm("a", [free()]), vm("b", [{ ...free(), disk: "d1" }])],
      [linux("d0", "ata-X"), linux("d1", "ata-x")],
    );
    expectCodes(p, ["overlap-possibly-same-disk"]);
  });

  it("lists at most MAX_LISTED_OVERLAPS pairs and counts the rest", () => {
    const n = 40; // 780 pairs
    const vms = Array.from({ length: n }, (_, i) => vm(`v${i}`, [free(0n, 2048n)]));
    const overlaps = only(plan(vms), "overlap");
    expect(overlaps).toHaveLength(MAX_LISTED_OVERLAPS + 1);
    const more = overlaps.find((f) => f.message.includes("more pairs"));
    expect(more?.message).toContain(`${(n * (n - 1)) / 2 - MAX_LISTED_OVERLAPS} more pairs`);
  });
});

describe("device identity", () => {
  it("refuses two disks naming one device with different sizes", () => {
    const d1 = disk({ id: "d1", sizeBytes: bytes((DISK_SECTORS + 2048n) * 512n) });
    const p = plan([vm("a", [free()])], [disk(), d1]);
    const [conflict] = only(p, "device-conflict");
    expect(conflict?.severity).toBe("error");
    expect(conflict?.message).toContain(
      `its size (${DISK_SECTORS * 512n} vs ${(DISK_SECTORS + 2048n) * 512n} bytes)`,
    );
    expectCodes(plan([vm("a", [free()])], [disk(), disk({ id: "d1" })]), []);
  });

  it("refuses two disks naming one device with different sector sizes", () => {
    const d1 = disk({ id: "d1", logicalSectorSize: 4096 });
    expect(codes(plan([vm("a", [free()])], [disk(), d1]))).toContain("device-conflict");
  });

  it("checks the end with the size another disk of the same device knows", () => {
    const unknown = disk({ id: "d1", sizeBytes: null });
    const p = plan([vm("a", [range(DISK_SECTORS - 2048n, 4096n, "RW", "d1")])], [disk(), unknown]);
    expect(codes(p)).toContain("past-disk-end");
    expect(codes(p)).not.toContain("disk-end-unknown");
  });
});

// ─── Overlaps against a brute-force reference ───────────────────────────────────────────

describe("checkPlan's overlaps against brute force", () => {
  it("600 random plans over several devices and spellings", () => {
    const rng = new Rng(2024);
    const devices = [
      "\\\\.\\PhysicalDrive0",
      "\\\\.\\physicaldrive0",
      "\\\\.\\PhysicalDrive1",
      "/dev/disk/by-id/x",
    ];
    for (let round = 0; round < 600; round++) {
      const disks = devices.map((device, i) =>
        disk({ id: `d${i}`, device, sizeBytes: null, partitions: [] }),
      );
      const vms = Array.from({ length: rng.int(1, 5) }, (_, v) =>
        vm(
          `vm${v}`,
          Array.from({ length: rng.below(6) }, () => {
            const start = BigInt(rng.below(64)) * 1024n;
            const sectors = BigInt(rng.below(16)) * 1024n;
            const access: Access = rng.bool(0.3) ? "RDONLY" : "RW";
            return range(start, sectors, access, `d${rng.below(devices.length)}`);
          }),
        ),
      );
      const p = plan(vms, disks);
      // Brute force: every pair of non-empty ranges on one device (d0 and d1 are one).
      const flat = vms.flatMap((v, vi) => v.ranges.map((r, ri) => ({ r, vi, ri })));
      const device = (id: string): string => (id === "d1" ? "d0" : id);
      const expected: string[] = [];
      for (let i = 0; i < flat.length; i++) {
        for (let j = i + 1; j < flat.length; j++) {
          const a = flat[i] as (typeof flat)[number];
          const b = flat[j] as (typeof flat)[number];
          if (device(a.r.disk) !== device(b.r.disk)) continue;
          if (a.r.sectors <= 0n || b.r.sectors <= 0n) continue;
          const from = a.r.startSector > b.r.startSector ? a.r.startSector : b.r.startSector;
          const aEnd = a.r.startSector + a.r.sectors;
          const bEnd = b.r.startSector + b.r.sectors;
          if (from >= (aEnd < bEnd ? aEnd : bEnd)) continue;
          const code = a.r.access === "RW" || b.r.access === "RW" ? "overlap" : "overlap-read-only";
          expected.push(`${code} ${a.vi}.${a.ri} ${b.vi}.${b.ri}`);
        }
      }
      const found = checkPlan(p)
        .filter((f) => f.code === "overlap" || f.code === "overlap-read-only")
        .map((f) => `${f.code} ${f.targets.map((t) => `${t.vm}.${t.range}`).join(" ")}`);
      expect(found.sort()).toEqual(expected.sort());
    }
  });
});

describe("speed", () => {
  it("checks 20,000 non-overlapping ranges in well under 2 s (no n² behaviour)", () => {
    const vms = Array.from({ length: 100 }, (_, v) =>
      vm(
        `vm${v}`,
        Array.from({ length: 200 }, (_, r) => free(BigInt(v * 200 + r) * 8n, 8n)),
      ),
    );
    const p = plan(vms, [disk({ sizeBytes: null, partitions: [] })]);
    const started = performance.now();
    const findings = checkPlan(p);
    const elapsed = performance.now() - started;
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(elapsed).toBeLessThan(2000);
  });
});
