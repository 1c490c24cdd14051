/**
 * Test plans: the worked example of PRODUCT.md, and a seeded generator of random valid-looking
 * plans for property tests. Only tests import this file.
 */
import type { Plan, PlanDisk, PlanRange, PlanVm } from "../plan/types.ts";
import { PLAN_FORMAT, PLAN_VERSION } from "../plan/types.ts";
import { bytes, vmdkSectors } from "../units.ts";

export const WINDOWS_DISK_0 = "\\\\.\\PhysicalDrive0";

/** The 240 GB disk of the worked example (three partitions, Windows host). */
export function exampleDisk(): PlanDisk {
  return {
    id: "d0",
    device: WINDOWS_DISK_0,
    logicalSectorSize: 512,
    sizeBytes: bytes(240057409536n),
    tableType: "gpt",
    partitions: [
      {
        number: 0,
        label: "Disk #0, Partition #0",
        startByte: bytes(1048576n),
        sizeBytes: bytes(125829120n * 512n),
      },
      {
        number: 1,
        label: "Disk #0, Partition #1",
        startByte: bytes(64425558016n),
        sizeBytes: bytes(125829120n * 512n),
      },
      {
        number: 2,
        label: "Disk #0, Partition #2",
        startByte: bytes(128850067456n),
        sizeBytes: bytes(33554432n * 512n),
      },
    ],
  };
}

export function vm(name: string, ranges: PlanRange[], uuid: string | null = null): PlanVm {
  return {
    name,
    adapterType: "ide",
    uuid,
    head: { file: "Raw_Sectors_1MiB", sectors: 2048 },
    ranges,
  };
}

export const range = (startSector: bigint, sectors: bigint, disk = "d0"): PlanRange => ({
  disk,
  startSector: vmdkSectors(startSector),
  sectors: vmdkSectors(sectors),
  access: "RW",
});

export function plan(name: string, disks: PlanDisk[], vms: PlanVm[]): Plan {
  return { format: PLAN_FORMAT, version: PLAN_VERSION, name, disks, vms };
}

/** One VM with all of Partition #1. */
export function wholePartitionPlan(): Plan {
  return plan("example", [exampleDisk()], [vm("web", [range(125831168n, 125829120n)])]);
}

/** Partition #1 split between two VMs (PRODUCT.md). */
export function splitPlan(): Plan {
  return plan(
    "split",
    [exampleDisk()],
    [vm("web", [range(125831168n, 62914560n)]), vm("db", [range(188745728n, 62914560n)])],
  );
}

/** mulberry32: a small seeded PRNG, good enough to spread test cases. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Random {
  int(min: number, max: number): number;
  /** Uniform-ish in [0, max), for bigints of any size. */
  big(max: bigint): bigint;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

export function random(seed: number): Random {
  const next = prng(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    int,
    big(max) {
      if (max <= 1n) return 0n;
      let value = 0n;
      for (let bits = 0n; 1n << bits < max * 4n; bits += 32n) {
        value = (value << 32n) | BigInt(Math.floor(next() * 4294967296));
      }
      return value % max;
    },
    pick: (items) => {
      const item = items[int(0, items.length - 1)];
      if (item === undefined) throw new Error("pick from an empty list");
      return item;
    },
    chance: (p) => next() < p,
  };
}

const NAME_PIECES = ["web", "db", "Win 11", "ünï", "日本", "a.b", "x_y", "-", "🙂", "'", "$", "%"];
const DEVICES = [
  "\\\\.\\PhysicalDrive",
  "/dev/sd",
  "/dev/nvme0n",
  "/dev/disk/by-id/ata-Samsung_SSD_860_EVO_1TB_S3Z9NB0K",
  "/dev/rdisk",
  "C:\\disks\\",
  "\\\\.\\Harddisk0Partition",
];

export function randomUuid(r: Random): string {
  const hex = (n: number) => Array.from({ length: n }, () => r.int(0, 15).toString(16)).join("");
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${r.pick(["8", "9", "a", "b"])}${hex(3)}-${hex(12)}`;
}

/**
 * A random plan whose every VM can be written: names without quotes or control characters,
 * non-empty ranges, sizes from a few sectors to beyond 2^32 sectors (2 TiB) and 2^53.
 */
export function randomPlan(seed: number): Plan {
  const r = random(seed);
  const disks: PlanDisk[] = [];
  const diskCount = r.int(1, 3);
  for (let i = 0; i < diskCount; i++) {
    const sectorSize = r.pick([512, 4096] as const);
    const scale = r.pick([1n << 21n, 1n << 31n, 1n << 33n, 1n << 40n, 1n << 54n]);
    const sizeSectors = ((scale / 2n + r.big(scale)) / 8n) * 8n + 8n;
    disks.push({
      id: `d${i}`,
      device: `${r.pick(DEVICES)}${r.chance(0.5) ? i : String.fromCharCode(97 + i)}`,
      logicalSectorSize: sectorSize,
      sizeBytes: r.chance(0.8) ? bytes(sizeSectors * 512n) : null,
      partitions: [],
    });
  }
  const vms: PlanVm[] = [];
  const vmCount = r.int(1, 4);
  for (let v = 0; v < vmCount; v++) {
    const ranges: PlanRange[] = [];
    const rangeCount = r.int(0, 6);
    for (let k = 0; k < rangeCount; k++) {
      const disk = r.pick(disks);
      const size = disk.sizeBytes === null ? 1n << 42n : disk.sizeBytes / 512n;
      const start = r.big(size - 1n);
      // At most 2^52 sectors a range keeps six of them under VirtualBox's 2^55 in total.
      const room = size - start;
      const sectors = 1n + r.big(room < 1n << 52n ? room : 1n << 52n);
      ranges.push({
        disk: disk.id,
        startSector: vmdkSectors(start),
        sectors: vmdkSectors(sectors),
        access: r.chance(0.8) ? "RW" : "RDONLY",
      });
    }
    const headSectors = rangeCount === 0 ? r.int(1, 4096) : r.pick([0, 2048, 2048, 1, 63, 34]);
    const fullDisk = disks[0];
    if (r.chance(0.05) && fullDisk?.sizeBytes) {
      // A whole device from sector 0 with no head: createType fullDevice.
      ranges.splice(0, ranges.length, {
        disk: fullDisk.id,
        startSector: vmdkSectors(0n),
        sectors: vmdkSectors(fullDisk.sizeBytes / 512n),
        access: "RW",
      });
    }
    const name = Array.from({ length: r.int(1, 3) }, () => r.pick(NAME_PIECES)).join(" ");
    vms.push({
      name: `${name} ${v}`,
      adapterType: r.pick(["ide", "buslogic", "lsilogic"] as const),
      uuid: r.chance(0.5) ? randomUuid(r) : null,
      head: {
        file: r.pick(["Raw_Sectors_1MiB", "head.bin", "Kopf – ünï", "日本 head"]),
        sectors:
          ranges.length === 1 && ranges[0]?.startSector === 0n ? r.pick([0, 2048]) : headSectors,
      },
      ranges,
    });
  }
  return plan(`random-${seed}`, disks, vms);
}
