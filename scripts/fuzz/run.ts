/**
 * The fuzz loop, shared by `npm run fuzz` (100,000+ inputs per target) and the short run in
 * `npm test` (fuzz.test.ts).
 */
import { performance } from "node:perf_hooks";
import { anyMutation, numbersUntouched } from "./mutate.ts";
import { Rng } from "../../src/lib/prng.testkit.ts";
import type { Target } from "./targets.ts";

export const TIME_LIMIT_MS = 100;

export interface Failure {
  target: string;
  seed: number;
  iteration: number;
  kind: "throw" | "slow" | "wrong-exact";
  detail: string;
  input: string;
}

export interface TargetReport {
  target: string;
  inputs: number;
  failures: Failure[];
  totalMs: number;
  slowestMs: number;
}

function preview(input: string | Uint8Array): string {
  const text =
    typeof input === "string"
      ? input
      : `bytes(${input.length}) ${Array.from(input.subarray(0, 32)).join(",")}`;
  return text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text;
}

/**
 * Runs `count` generated inputs against the target. Iteration i uses seed `seed + i`, so any
 * failure replays alone with its printed seed.
 */
export async function fuzzTarget(
  target: Target,
  count: number,
  seed: number,
  maxFailures = 20,
): Promise<TargetReport> {
  const failures: Failure[] = [];
  const texts = target.seeds.map((s) => s.text);
  let totalMs = 0;
  let slowestMs = 0;
  for (let i = 0; i < count && failures.length < maxFailures; i++) {
    const rng = new Rng(seed + i);
    // Half the inputs keep the numbers intact so the exactness property can be checked.
    const keepNumbers = target.seeds.length > 0 && rng.bool(0.5);
    const base = keepNumbers ? rng.pick(target.seeds) : undefined;
    const generated = base ? numbersUntouched(rng, base.text) : anyMutation(rng, texts);
    let input = generated;
    let started = performance.now();
    let claimed: Awaited<ReturnType<Target["run"]>>;
    try {
      if (target.prepare) {
        input = await target.prepare(generated);
        started = performance.now();
      }
      claimed = await target.run(input);
    } catch (e) {
      failures.push({
        target: target.name,
        seed: seed + i,
        iteration: i,
        kind: "throw",
        detail: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
        input: preview(generated),
      });
      continue;
    }
    let ms = performance.now() - started;
    totalMs += ms;
    // A busy machine (two cores shared with a build) can stall any one call: an input is
    // slow only if it stays slow when replayed, and the fastest of up to three runs counts.
    for (let replay = 0; replay < 2 && ms > TIME_LIMIT_MS; replay++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const again = performance.now();
      try {
        await target.run(input);
      } catch {
        // It did not throw the first time; nothing to learn from a second outcome here.
      }
      ms = Math.min(ms, performance.now() - again);
    }
    slowestMs = Math.max(slowestMs, ms);
    if (ms > TIME_LIMIT_MS) {
      failures.push({
        target: target.name,
        seed: seed + i,
        iteration: i,
        kind: "slow",
        detail: `${ms.toFixed(1)} ms`,
        input: preview(generated),
      });
    }
    if (base?.exact && Array.isArray(claimed)) {
      const known = new Set(base.exact.map((p) => `${p.startByte}+${p.sizeBytes}`));
      const wrong = claimed.filter((p) => !known.has(`${p.startByte}+${p.sizeBytes}`));
      if (wrong.length > 0) {
        failures.push({
          target: target.name,
          seed: seed + i,
          iteration: i,
          kind: "wrong-exact",
          detail: `claimed exact ${wrong.map((p) => `${p.startByte}+${p.sizeBytes}`).join(", ")} not in ${base.name}`,
          input: preview(generated),
        });
      }
    }
  }
  return { target: target.name, inputs: count, failures, totalMs, slowestMs };
}
