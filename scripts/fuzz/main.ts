/**
 * npm run fuzz [-- --count N --seed S --target NAME]
 *
 * Runs N generated inputs (default 100,000) against every parser and loader and prints, per
 * target, the inputs run, the failures, the throughput and the slowest input. Exits 1 on any
 * failure, printing the seed that replays it.
 */
import { fuzzTarget } from "./run.ts";
import { allTargets } from "./targets.ts";

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const count = Number(option("count", "100000"));
const seed = Number(option("seed", String(Date.now() % 1_000_000_000)));
const only = option("target", "");
let failed = false;
console.log(`fuzz: ${count} inputs per target, seed ${seed}`);
for (const target of await allTargets()) {
  if (only && target.name !== only) continue;
  const report = await fuzzTarget(target, count, seed);
  const perSecond = report.totalMs > 0 ? Math.round((report.inputs / report.totalMs) * 1000) : 0;
  console.log(
    `${target.name.padEnd(12)} ${report.inputs} inputs (${target.seeds.length} seed files), ` +
      `${report.failures.length} failures, ${perSecond}/s, slowest ${report.slowestMs.toFixed(1)} ms`,
  );
  for (const f of report.failures) {
    failed = true;
    console.log(
      `  ${f.kind} at seed ${f.seed}: ${f.detail}\n    input: ${JSON.stringify(f.input)}`,
    );
  }
}
process.exitCode = failed ? 1 : 0;
