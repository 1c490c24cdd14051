/**
 * The safety checks of PRODUCT.md ("Safety rules"), as findings.
 */
import type { Finding } from "./findings.ts";
import type { Plan } from "./types.ts";

/** Every finding for the plan: errors block the download, warnings are explained. */
export function checkPlan(_plan: Plan): Finding[] {
  throw new Error("not implemented yet");
}
