/**
 * How checkPlan grows with the number of ranges: `npm run bench`.
 *
 * Builds plans of 10,000 and 100,000 ranges on one disk (100 ranges per VM, side by side, a
 * few overlapping and a few covering partitions, as real plans do), times checkPlan on each
 * (best of several runs after a warm-up) and prints the ratio next to what n log n and n²
 * growth would give. An accidental all-pairs comparison shows up as a ratio near 100.
 *
 * Then the listing parser on fdisk listings of 10,000 and 100,000 partition lines (lines per
 * second, and the ratio that linear growth predicts: 10), and checkPlan on a plan at every
 * limit of docs/plan-format.md that matters for time (64 disks, 256 VMs, 4096 ranges on one)
 * and on one at a quarter of each, with the ratio n log n growth predicts. Exits 1 when a
 * ratio is nearer to n² than to the expected growth.
 */
import { checkPlan } from "../src/lib/check/index.ts";
import { parseListing } from "../src/lib/listing/index.ts";
import { PLAN_LIMITS } from "../src/lib/plan/codec.ts";
import type { Plan, PlanPartition, PlanVm } from "../src/lib/plan/types.ts";
import { DEFAULT_HEAD, PLAN_FORMAT, PLAN_VERSION } from "../src/lib/plan/types.ts";
import { bytes, vmdkSectors } from "../src/lib/units.ts";

const RANGES_PER_VM = 100;
const RANGE_SECTORS = 2048n;

function benchPlan(ranges: number): Plan {
  // Eight partitions side by side from sector 2048, together as long as all the ranges.
  const partitionSectors = ((BigInt(ranges) * RANGE_SECTORS) / 8n / 2048n + 1n) * 2048n;
  const partitions: PlanPartition[] = Array.from({ length: 8 }, (_, i) => ({
    number: i,
    label: `part${i}`,
    startByte: bytes((2048n + BigInt(i) * partitionSectors) * 512n),
    sizeBytes: bytes(partitionSectors * 512n),
    exact: true,
  }));
  const vms: PlanVm[] = [];
  for (let v = 0; v * RANGES_PER_VM < ranges; v++) {
    const count = Math.min(RANGES_PER_VM, ranges - v * RANGES_PER_VM);
    vms.push({
      name: `vm${v}`,
      adapterType: "ide",
      uuid: null,
      head: { ...DEFAULT_HEAD },
      ranges: Array.from({ length: count }, (_, r) => {
        const i = BigInt(v * RANGES_PER_VM + r);
        // Every 1000th range reaches one sector into its neighbour: k stays proportional to n.
        const extra = i % 1000n === 0n ? 1n : 0n;
        return {
          disk: "d0",
          startSector: vmdkSectors(2048n + i * RANGE_SECTORS),
          sectors: vmdkSectors(RANGE_SECTORS + extra),
          access: "RW" as const,
        };
      }),
    });
  }
  return {
    format: PLAN_FORMAT,
    version: PLAN_VERSION,
    name: "bench",
    disks: [
      {
        id: "d0",
        device: "/dev/disk/by-id/bench",
        logicalSectorSize: 512,
        sizeBytes: bytes(2n ** 40n),
        tableType: "gpt",
        partitions,
      },
    ],
    vms,
  };
}

function bestTime(plan: Plan, runs: number): { ms: number; findings: number } {
  let best = Infinity;
  let findings = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    findings = checkPlan(plan).length;
    best = Math.min(best, performance.now() - started);
  }
  return { ms: best, findings };
}

const small = 10_000;
const large = 100_000;
const smallPlan = benchPlan(small);
const largePlan = benchPlan(large);
bestTime(smallPlan, 3); // warm-up: let the JIT compile the checks

const a = bestTime(smallPlan, 7);
const b = bestTime(largePlan, 3);
const ratio = b.ms / a.ms;
const nLogN = (large * Math.log2(large)) / (small * Math.log2(small));
const nSquared = (large / small) ** 2;

const row = (n: number, t: { ms: number; findings: number }): string =>
  `${n.toLocaleString("en").padStart(8)} ranges  ${t.ms.toFixed(1).padStart(8)} ms  (${t.findings} findings)`;
process.stdout.write(
  [
    "checkPlan, best of several runs:",
    row(small, a),
    row(large, b),
    `time(${large / 1000}k) / time(${small / 1000}k) = ${ratio.toFixed(1)}   n log n predicts ${nLogN.toFixed(1)}, n² would give ${nSquared}`,
    a.ms < 1000
      ? "10k ranges: well under a second."
      : "10k ranges took a second or more: too slow!",
    "",
  ].join("\n"),
);
if (a.ms >= 1000 || ratio > (nLogN + nSquared) / 2) process.exitCode = 1;

// ─── The listing parser ──────────────────────────────────────────────────────────────────

/** An fdisk -l listing of one GPT disk with `rows` partitions of 1 MiB, side by side. */
function fdiskListing(rows: number): string {
  const sectors = 2048 + rows * 2048 + 2048;
  const lines = [
    `Disk /dev/sda: ${sectors / 2048} MiB, ${sectors * 512} bytes, ${sectors} sectors`,
    "Units: sectors of 1 * 512 = 512 bytes",
    "Sector size (logical/physical): 512 bytes / 512 bytes",
    "Disklabel type: gpt",
    "",
    "Device          Start       End   Sectors Size Type",
  ];
  for (let i = 0; i < rows; i++) {
    const start = 2048 + i * 2048;
    lines.push(`/dev/sda${i + 1} ${start} ${start + 2047} 2048 1M Linux filesystem`);
  }
  return `${lines.join("\n")}\n`;
}

function bestParse(text: string, runs: number): { ms: number; partitions: number } {
  let best = Infinity;
  let partitions = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = parseListing(text);
    best = Math.min(best, performance.now() - started);
    partitions = result.ok ? result.disks.reduce((n, d) => n + d.partitions.length, 0) : -1;
  }
  return { ms: best, partitions };
}

const smallListing = fdiskListing(10_000);
const largeListing = fdiskListing(100_000);
bestParse(smallListing, 2);
const p10 = bestParse(smallListing, 5);
const p100 = bestParse(largeListing, 3);
const parseRatio = p100.ms / p10.ms;
const perSecond = (lines: number, ms: number): string =>
  `${Math.round((lines / ms) * 1000).toLocaleString("en")} lines/s`;
process.stdout.write(
  [
    "parseListing (fdisk -l), best of several runs:",
    `  10,000 lines  ${p10.ms.toFixed(1).padStart(8)} ms  ${perSecond(10_000, p10.ms)} (${p10.partitions} partitions)`,
    ` 100,000 lines  ${p100.ms.toFixed(1).padStart(8)} ms  ${perSecond(100_000, p100.ms)} (${p100.partitions} partitions)`,
    `time(100k) / time(10k) = ${parseRatio.toFixed(1)}   linear predicts 10, n² would give 100`,
    "",
  ].join("\n"),
);
if (parseRatio > 30) process.exitCode = 1;

// ─── A plan at the limits ────────────────────────────────────────────────────────────────

/**
 * A plan at every limit of docs/plan-format.md that matters for time: 64 disks, 256 VMs, 4096
 * ranges on the first VM and one on each other; with `scale` < 1, that share of the VMs and
 * ranges on the same 64 disks (the checks compare disks pairwise: 64 at most, a fixed cost).
 */
function limitPlan(scale: number): Plan {
  const count = (limit: number) => Math.max(1, Math.round(limit * scale));
  const diskCount = PLAN_LIMITS.disks;
  const disks = Array.from({ length: diskCount }, (_, d) => ({
    id: `d${d}`,
    device: `/dev/disk/by-id/bench-${d}`,
    logicalSectorSize: 512 as const,
    sizeBytes: bytes(2n ** 40n + BigInt(d) * 512n),
    tableType: "gpt" as const,
    partitions: [],
  }));
  const firstRanges = count(PLAN_LIMITS.rangesPerVm);
  const vms: PlanVm[] = Array.from({ length: count(PLAN_LIMITS.vms) }, (_, v) => ({
    name: `vm${v}`,
    adapterType: "ide" as const,
    uuid: null,
    head: { ...DEFAULT_HEAD },
    ranges: Array.from({ length: v === 0 ? firstRanges : 1 }, (_, r) => ({
      disk: `d${v % diskCount}`,
      startSector: vmdkSectors(
        2048n + BigInt(v === 0 ? r : PLAN_LIMITS.rangesPerVm + v) * RANGE_SECTORS,
      ),
      sectors: vmdkSectors(RANGE_SECTORS),
      access: "RW" as const,
    })),
  }));
  return { format: PLAN_FORMAT, version: PLAN_VERSION, name: "limits", disks, vms };
}

const rangeCount = (plan: Plan) => plan.vms.reduce((n, vm) => n + vm.ranges.length, 0);
const quarterPlan = limitPlan(0.25);
const fullPlan = limitPlan(1);
bestTime(quarterPlan, 3); // warm-up
const quarter = bestTime(quarterPlan, 9);
const limits = bestTime(fullPlan, 9);
const [nQuarter, nFull] = [rangeCount(quarterPlan), rangeCount(fullPlan)];
const limitRatio = limits.ms / quarter.ms;
const limitNLogN = (nFull * Math.log2(nFull)) / (nQuarter * Math.log2(nQuarter));
process.stdout.write(
  [
    `checkPlan at the limits (${PLAN_LIMITS.disks} disks, ${PLAN_LIMITS.vms} VMs, ${PLAN_LIMITS.rangesPerVm} ranges on one), best of several runs:`,
    `  a quarter of the VMs and ranges  ${quarter.ms.toFixed(1).padStart(8)} ms  (${nQuarter} ranges, ${quarter.findings} findings)`,
    `  at the limits                    ${limits.ms.toFixed(1).padStart(8)} ms  (${nFull} ranges, ${limits.findings} findings)`,
    `time(limits) / time(quarter) = ${limitRatio.toFixed(1)}   n log n predicts ${limitNLogN.toFixed(1)}, n² would give ${((nFull / nQuarter) ** 2).toFixed(0)}`,
    "",
  ].join("\n"),
);
if (limitRatio > (limitNLogN + (nFull / nQuarter) ** 2) / 2) process.exitCode = 1;
