/**
 * The findings of the current plan (docs/big-plans.md).
 *
 *   small plan ──► checkPlan on the page, at once (as it always was: no flicker)
 *   big plan   ──► the check worker; meanwhile `checking()` is true and no findings show
 *
 * Safety first: while the check of the current plan has not answered, `checking()` is true and
 * the page refuses to download. An answer for a plan that has since changed is dropped. Where
 * no worker can run (the single-file build, a worker that fails) the check runs on the page.
 */
import { createComputed, createMemo, createSignal, onCleanup, untrack } from "solid-js";
import type { Finding } from "../lib/plan/findings.ts";
import type { Plan } from "../lib/plan/types.ts";
import { checkSafely } from "./safeCheck.ts";
import { latestOnly, startModuleWorker, type SpawnWorker } from "./moduleWorker.ts";

/**
 * A plan with at least this many ranges and partitions together is checked in the worker.
 * Real plans hold a few dozen; checking 2,000 takes about 15 ms, the limit plan (4,351 ranges,
 * 16,384 partitions) about 350 ms (docs/big-plans.md).
 */
export const CHECK_IN_WORKER_FROM = 2000;

/** How big a plan is for checking: its ranges and its partitions. */
export function planItems(plan: Plan): number {
  let n = 0;
  for (const vm of plan.vms) n += vm.ranges.length;
  for (const disk of plan.disks) n += disk.partitions.length;
  return n;
}

export interface CheckRequest {
  id: number;
  plan: Plan;
}
export interface CheckResponse {
  id: number;
  findings: Finding[];
}

export type SpawnChecker = SpawnWorker<CheckRequest, CheckResponse>;

/** src/app/checkWorker.ts in a module worker; none in the single-file build (file:// pages). */
export const spawnCheckWorker: SpawnChecker = (onResult, onFailure) =>
  import.meta.env.MODE === "single"
    ? null
    : startModuleWorker(
        () => new Worker(new URL("./checkWorker.ts", import.meta.url), { type: "module" }),
        onResult,
        onFailure,
      );

/** Call inside a reactive owner. */
export function createPlanCheck(plan: () => Plan, spawn: SpawnChecker = spawnCheckWorker) {
  const [answer, setAnswer] = createSignal<{ plan: Plan; findings: Finding[] } | null>(null);
  const onPage = (p: Plan) => setAnswer({ plan: p, findings: checkSafely(p) });
  const checks = latestOnly<{ plan: Plan }, CheckResponse>(
    spawn,
    ({ plan: p }, { findings }) => setAnswer({ plan: p, findings }),
    ({ plan: p }) => onPage(p),
  );

  const big = createMemo(() => planItems(plan()) >= CHECK_IN_WORKER_FROM);
  createComputed(() => {
    const p = plan();
    if (big() && untrack(answer)?.plan !== p && checks.waiting()?.plan !== p) {
      untrack(() => checks.ask({ plan: p }));
    }
  });
  const result = createMemo<{ findings: Finding[]; checking: boolean }>(() => {
    const p = plan();
    if (!big()) return { findings: checkSafely(p), checking: false };
    const a = answer();
    return a?.plan === p
      ? { findings: a.findings, checking: false }
      : { findings: [], checking: true };
  });
  onCleanup(() => checks.stop());
  return {
    findings: () => result().findings,
    /** The current plan's check has not answered yet: show "Checking…", refuse the download. */
    checking: () => result().checking,
  };
}
