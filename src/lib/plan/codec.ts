/**
 * The plan's JSON form (docs/plan-format.md): decimal strings for sector and byte counts.
 * Loading is hostile-input handling: field by field, with messages that name the field.
 */
import type { Plan } from "./types.ts";

export interface PlanIssue {
  /** JSON path of the field, e.g. `vms[0].ranges[1].startSector`. */
  path: string;
  message: string;
}

export type PlanLoadResult = { ok: true; plan: Plan } | { ok: false; issues: PlanIssue[] };

/** Parses and validates plan JSON text (or an already parsed value). Never throws. */
export function loadPlan(_input: string | unknown): PlanLoadResult {
  throw new Error("not implemented yet");
}

/** The canonical JSON text of a plan (2-space indent, trailing newline, stable key order). */
export function planToJson(_plan: Plan): string {
  throw new Error("not implemented yet");
}
