/**
 * Seeded random plans for property tests (the codec's round trip; other tests may reuse it).
 *
 *   const plan = randomPlan(42);                          same seed, same plan, on any machine
 *   const plan = randomPlan(7, { coherent: true });       ranges lie on listed disks' sectors
 *
 * Plans stay within the format's types and bounds (so loadPlan must accept them) but are not
 * necessarily safe: names with quotes, overlaps and empty ranges are all fair game unless
 * `coherent` is set.
 */
import { PLAN_LIMITS } from "./codec.ts";
import {
  ACCESS_VALUES,
  ADAPTER_TYPES,
  PLAN_FORMAT,
  PLAN_VERSION,
  type Plan,
  type PlanDisk,
  type PlanPartition,
  type PlanRange,
  type PlanVm,
} from "./types.ts";
import { bytes, vmdkSectors } from "../units.ts";
import { Rng } from "../prng.testkit.ts";

export interface RandomPlanOptions {
  /** Most disks, partitions per disk, VMs and ranges per VM (defaults keep plans small). */
  maxDisks?: number;
  maxPartitions?: number;
  maxVms?: number;
  maxRanges?: number;
  /** Include extreme values: longest strings, 2^63 − 1, odd characters. Default true. */
  edgeCases?: boolean;
  /**
   * Plausible layouts: 512-byte-sector-aligned, non-overlapping partitions inside a disk of
   * known or unknown size, and non-empty ranges that lie on the disk. Default false.
   */
  coherent?: boolean;
  /** Use exactly the maximum counts instead of random ones (big plans). Default false. */
  fill?: boolean;
}

const BIG_MAX = PLAN_LIMITS.bigValue - 1n;

const NAME_POOL = [
  "web",
  "db",
  "vm1",
  "Données",
  "数据盘",
  "💾 disk",
  'a "quoted" name',
  "back\\slash",
  "line\nbreak",
  "nul\u0000char",
  "__proto__",
  "constructor",
  "prototype",
  "con",
  "..",
  "",
  " spaced ",
  "lone \ud800 surrogate",
];

const DEVICE_POOL = [
  "\\\\.\\PhysicalDrive0",
  "\\\\.\\PhysicalDrive12",
  "\\\\.\\Harddisk0Partition2",
  "/dev/sda",
  "/dev/nvme0n1",
  "/dev/disk/by-id/ata-Samsung_SSD_860_EVO_500GB_S3Z1NB0K123456A",
  "/dev/rdisk2",
  "",
];

function randomString(rng: Rng, max: number, edge: boolean): string {
  if (edge && rng.bool(0.05)) {
    // The longest string the format allows, of characters of every width.
    const unit = rng.pick(["x", "é", "数", "\\", '"']);
    return unit.repeat(max);
  }
  if (edge && rng.bool(0.4)) {
    const s = rng.pick(NAME_POOL);
    return s.length <= max ? s : s.slice(0, max);
  }
  const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-. ";
  const length = rng.int(0, Math.min(max, 24));
  let s = "";
  for (let i = 0; i < length; i++) s += alphabet[rng.int(0, alphabet.length - 1)];
  return s;
}

function randomBig(rng: Rng, edge: boolean): bigint {
  if (edge && rng.bool(0.2)) {
    return rng.pick([
      0n,
      1n,
      2047n,
      2048n,
      2n ** 53n - 1n,
      2n ** 53n,
      2n ** 53n + 1n,
      2n ** 62n,
      BIG_MAX,
    ]);
  }
  if (rng.bool(0.5)) return rng.below(1n << 40n) * 2048n;
  return rng.below(PLAN_LIMITS.bigValue);
}

function randomUuid(rng: Rng): string {
  const hex = (n: number): string =>
    Array.from({ length: n }, () => "0123456789abcdef"[rng.int(0, 15)] ?? "0").join("");
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${rng.pick(["8", "9", "a", "b"])}${hex(3)}-${hex(12)}`;
}

function withOptional(rng: Rng, target: PlanPartition, edge: boolean): PlanPartition {
  if (rng.bool()) target.type = randomString(rng, PLAN_LIMITS.partitionType, edge);
  if (rng.bool(0.3)) {
    target.flags = Array.from({ length: rng.int(0, 4) }, () =>
      rng.pick([
        "boot",
        "extended",
        "logical",
        "primary",
        randomString(rng, PLAN_LIMITS.flag, edge),
      ]),
    );
  }
  if (rng.bool(0.3)) target.exact = rng.bool();
  return target;
}

function freeDisk(rng: Rng, id: string, o: Required<RandomPlanOptions>): PlanDisk {
  const edge = o.edgeCases;
  const partitions = Array.from(
    { length: o.fill ? o.maxPartitions : rng.int(0, o.maxPartitions) },
    (_, i) =>
      withOptional(
        rng,
        {
          number: rng.bool(0.1) ? null : rng.bool(0.05) ? PLAN_LIMITS.partitionNumber : i,
          label: randomString(rng, PLAN_LIMITS.label, edge),
          startByte: bytes(randomBig(rng, edge)),
          sizeBytes: bytes(randomBig(rng, edge)),
        },
        edge,
      ),
  );
  return finishDisk(rng, id, partitions, rng.bool(0.3) ? null : randomBig(rng, edge), edge);
}

function coherentDisk(rng: Rng, id: string, o: Required<RandomPlanOptions>): PlanDisk {
  const sectorSize = rng.pick([512, 4096] as const);
  const granule = BigInt(sectorSize);
  const partitions: PlanPartition[] = [];
  let at = 2048n * 512n; // bytes: partitions start at 1 MiB
  const count = o.fill ? o.maxPartitions : rng.int(0, o.maxPartitions);
  for (let i = 0; i < count; i++) {
    if (rng.bool(0.3)) at += rng.below(1n << 20n) * granule; // leave a gap
    const size = (1n + rng.below(1n << 22n)) * granule;
    partitions.push(
      withOptional(
        rng,
        {
          number: i,
          label: `Disk #0, Partition #${i}`,
          startByte: bytes(at),
          sizeBytes: bytes(size),
        },
        o.edgeCases,
      ),
    );
    at += size;
  }
  if (rng.bool(0.3)) partitions.reverse(); // listings are not always in disk order
  const size = rng.bool(0.4) ? null : at + rng.below(1n << 24n) * granule + 33n * granule;
  const disk = finishDisk(rng, id, partitions, size, o.edgeCases);
  disk.logicalSectorSize = sectorSize;
  return disk;
}

function finishDisk(
  rng: Rng,
  id: string,
  partitions: PlanPartition[],
  sizeBytes: bigint | null,
  edge: boolean,
): PlanDisk {
  const disk: PlanDisk = {
    id,
    device: edge && rng.bool(0.05) ? "/".repeat(PLAN_LIMITS.device) : rng.pick(DEVICE_POOL),
    logicalSectorSize: rng.pick([512, 4096] as const),
    sizeBytes: sizeBytes === null ? null : bytes(sizeBytes),
    partitions,
  };
  if (rng.bool(0.6)) disk.tableType = rng.pick(["dos", "gpt", null] as const);
  if (rng.bool(0.3)) disk.exactConfirmed = rng.bool();
  return disk;
}

function randomRange(
  rng: Rng,
  disks: readonly PlanDisk[],
  o: Required<RandomPlanOptions>,
): PlanRange {
  const disk = rng.pick(disks);
  const access = rng.pick(ACCESS_VALUES);
  if (!o.coherent) {
    return {
      disk: disk.id,
      startSector: vmdkSectors(randomBig(rng, o.edgeCases)),
      sectors: vmdkSectors(randomBig(rng, o.edgeCases)),
      access,
    };
  }
  const granule = BigInt(disk.logicalSectorSize / 512);
  const end = disk.sizeBytes === null ? 1n << 34n : disk.sizeBytes / 512n;
  const startUnits = rng.below(end / granule - 1n);
  const lengthUnits = 1n + rng.below(end / granule - startUnits);
  return {
    disk: disk.id,
    startSector: vmdkSectors(startUnits * granule),
    sectors: vmdkSectors(lengthUnits * granule),
    access,
  };
}

/**
 * A random plan, determined by `seed`, within the format's types and bounds.
 *
 * @example randomPlan(1).vms.length // the same number every run
 */
export function randomPlan(seed: number, options: RandomPlanOptions = {}): Plan {
  const o: Required<RandomPlanOptions> = {
    maxDisks: 3,
    maxPartitions: 5,
    maxVms: 4,
    maxRanges: 4,
    edgeCases: true,
    coherent: false,
    fill: false,
    ...options,
  };
  const rng = new Rng(seed);
  const count = (min: number, max: number): number => (o.fill ? max : rng.int(min, max));
  const diskCount = count(o.coherent ? 1 : 0, o.maxDisks);
  const disks: PlanDisk[] = [];
  for (let i = 0; i < diskCount; i++) {
    const id = o.edgeCases && rng.bool(0.05) ? `disk.${i}_-x` : `d${i}`;
    disks.push(o.coherent ? coherentDisk(rng, id, o) : freeDisk(rng, id, o));
  }
  const vms: PlanVm[] = Array.from({ length: count(0, o.maxVms) }, () => {
    const vm: PlanVm = {
      name: randomString(rng, PLAN_LIMITS.vmName, o.edgeCases),
      adapterType: rng.pick(ADAPTER_TYPES),
      uuid: rng.bool(0.4) ? null : randomUuid(rng),
      head: {
        file: rng.bool(0.7)
          ? "Raw_Sectors_1MiB"
          : randomString(rng, PLAN_LIMITS.headFile, o.edgeCases),
        sectors: rng.bool(0.7) ? 2048 : rng.pick([0, 1, 4096, PLAN_LIMITS.headSectors]),
      },
      ranges:
        disks.length === 0
          ? []
          : Array.from({ length: count(0, o.maxRanges) }, () => randomRange(rng, disks, o)),
    };
    if (rng.bool(0.7)) vm.color = rng.int(0, PLAN_LIMITS.color);
    return vm;
  });
  return {
    format: PLAN_FORMAT,
    version: PLAN_VERSION,
    name: randomString(rng, PLAN_LIMITS.planName, o.edgeCases),
    disks,
    vms,
  };
}

/** Freezes a value and everything in it, so that a test fails if code mutates it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
