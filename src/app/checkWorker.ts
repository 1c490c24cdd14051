/**
 * The safety checks in a worker, for big plans (docs/big-plans.md): the page stays responsive
 * while thousands of ranges are checked. It receives `{ id, plan }` and answers
 * `{ id, findings }` from the same `checkPlan` the page and the CLI run; the structured clone
 * carries the plan's bigints exactly.
 */
import { checkSafely } from "./safeCheck.ts";
import type { CheckRequest, CheckResponse } from "./planCheck.ts";

addEventListener("message", (event: MessageEvent<CheckRequest>) => {
  const { id, plan } = event.data;
  const response: CheckResponse = { id, findings: checkSafely(plan) };
  postMessage(response);
});
