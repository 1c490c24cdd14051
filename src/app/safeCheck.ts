/**
 * The safety checks as the page runs them, on the page or in the check worker: if they cannot
 * run, that itself is an error finding, so the download stays blocked.
 */
import { checkPlan } from "../lib/check/index.ts";
import type { Finding } from "../lib/plan/findings.ts";
import type { Plan } from "../lib/plan/types.ts";

export function checkSafely(plan: Plan): Finding[] {
  try {
    return checkPlan(plan);
  } catch (e) {
    return [
      {
        severity: "error",
        code: "check-failed",
        message: `The safety checks could not run (${e instanceof Error ? e.message : String(e)}); the download stays blocked.`,
        targets: [],
      },
    ];
  }
}
