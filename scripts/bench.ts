/**
 * How checkPlan grows with the number of ranges: `npm run bench`.
 *
 * Builds plans of 10,000 and 100,000 ranges on one disk (100 ranges per VM, side by side, a
 * few overlapping and a few covering partitions, as real plans do), times checkPlan on each
 * (best of several runs after a warm-up) and prints the ratio next to what n log n and n²
 * growth would give. An accidental all-pairs comparison shows up as a ratio near 100.
 */
import { checkPlan } from "../src/lib/plan/check.ts";
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
